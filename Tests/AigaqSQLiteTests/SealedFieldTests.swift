import AigaqCore
@testable import AigaqSQLite
@testable import AigaqStore
import AigaqTestSupport
import Foundation
import Testing

/// Confidential values at rest: sealed in the file, opened with the key,
/// hidden (but counted) without it, and refused when they cannot be sealed.
@Suite struct SealedFieldTests {
    static let key = MasterKey.generate()

    /// A file database with the knowledge bases `0..<count` of the generator imported.
    static func database(_ dir: TemporaryFolder, count: Int = 25, key: MasterKey? = SealedFieldTests.key) async throws
        -> (path: String, store: SQLiteStore, kbs: [GeneratedKnowledgeBase]) {
        let path = dir.path("sealed.sqlite")
        let store = try SQLiteStore(path: path, masterKey: key)
        var kbs: [GeneratedKnowledgeBase] = []
        for i in 0..<count {
            let kb = KnowledgeBaseGenerator.make(seed: 7, index: i)
            try await kb.importInto(store)
            kbs.append(kb)
        }
        return (path, store, kbs)
    }

    /// Every byte of the database: the file, its write-ahead log and shared memory.
    static func fileBytes(_ path: String) throws -> Data {
        var all = Data()
        for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
            all.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        return all
    }

    static func markers(in bytes: Data) -> Set<String> { MarkerScan.markers(in: bytes) }

    /// The bytes around `marker` in `bytes`, or nil when it is not there.
    static func find(_ marker: String, in bytes: Data) -> String? {
        guard let r = bytes.range(of: Data(marker.utf8)) else { return nil }
        let context = bytes[max(bytes.startIndex, r.lowerBound - 300)..<min(bytes.endIndex, r.upperBound + 100)]
        return String(decoding: context, as: UTF8.self).debugDescription
    }

    static func export(_ store: SQLiteStore) async throws -> [Entity] {
        var out: [Entity] = []
        try await store.exportEntities { out.append($0) }
        return out
    }

    @Test func noConfidentialValueIsInTheFileOrItsLog() async throws {
        let dir = try TemporaryFolder()
        let (path, store, kbs) = try await Self.database(dir)
        let bytes = try Self.fileBytes(path)
        let inFile = Self.markers(in: bytes)
        let sealed = kbs.flatMap(\.sealedSecrets)
        #expect(sealed.count > 200)
        for marker in sealed where inFile.contains(marker) {
            Issue.record("\(marker) is in the file in clear: \(Self.find(marker, in: bytes) ?? "")")
        }
        // The search is real: internal (unsealed) values are there in clear.
        let clear = Set(kbs.flatMap(\.secrets)).subtracting(sealed)
        #expect(clear.filter(inFile.contains).count > 100)
        // Nor in the full-text indexes, which store words in pieces a byte search could miss.
        for marker in sealed.prefix(150) {
            #expect(try await store.search(marker, limit: 3).isEmpty, "\(marker) is searchable")
        }
        // And the key opens all of it again: the export is the knowledge bases, whole.
        let exported = try await Self.export(store)
        #expect(Set(exported) == Set(kbs.flatMap(\.entities)))
    }

    @Test func withoutTheKeySealedValuesAreCountedNeverShown() async throws {
        let dir = try TemporaryFolder()
        let (path, _, kbs) = try await Self.database(dir, count: 10)
        let locked = try SQLiteStore(path: path)
        let status = try await locked.sealingStatus()
        #expect(status.key == .locked)
        #expect(status.sealedValues > 20)
        #expect(status.masterFingerprint == Self.key.fingerprint)
        let text = try await Self.export(locked).map { String(decoding: try AigaqJSON.encoder().encode($0), as: UTF8.self) }.joined()
        for marker in kbs.flatMap(\.sealedSecrets) { #expect(!text.contains(marker)) }
        #expect(!text.contains(SealingCodec.confidentialMarkerText))
        // A person with sealed parts says how many are hidden; with the key none are.
        let person = try #require(kbs.flatMap(\.entities).first { e in
            if case .person(let p) = e { p.confidentiality != .confidential && p.notes.contains { $0.confidentiality == .confidential } } else { false }
        })
        #expect(try await locked.hiddenSealedValues(type: "person", id: person.id) > 0)
        #expect(try await SQLiteStore(path: path, masterKey: Self.key).hiddenSealedValues(type: "person", id: person.id) == 0)
    }

    @Test func aKeyGivesANewDatabaseItsDataKeyAtOnce() async throws {
        let dir = try TemporaryFolder()
        let store = try SQLiteStore(path: dir.path("new.sqlite"), masterKey: Self.key)
        let status = try await store.sealingStatus()
        #expect(status.key == .open)
        #expect(status.dataKeyVersion == 1)
        #expect(status.masterFingerprint == Self.key.fingerprint)
        // Made once: opening again, or `key init`, makes no second key.
        #expect(try await SQLiteStore(path: dir.path("new.sqlite"), masterKey: Self.key).sealingStatus().dataKeyVersion == 1)
        await #expect(throws: AigaqError.self) { _ = try await store.initialiseSealing(actor: "t") }
    }

    @Test func theWrongKeyIsAClearError() async throws {
        let dir = try TemporaryFolder()
        let (path, _, _) = try await Self.database(dir, count: 1)
        let wrong = MasterKey.generate()
        #expect { _ = try SQLiteStore(path: path, masterKey: wrong) } throws: { error in
            (error as? AigaqError)?.message.contains("is not this database's key (fingerprint \(Self.key.fingerprint))") == true
        }
    }

    @Test func aDatabaseWithoutADataKeyRefusesConfidentialValues() async throws {
        let dir = try TemporaryFolder()
        let store = try SQLiteStore(path: dir.path("plain.sqlite"))
        let p = Person(id: "p-1", names: [PersonName("Aigerim Test")], notes: [Fact("lawyer's phone", confidentiality: .confidential)])
        var once = [Entity.person(p)].makeIterator()
        await #expect { _ = try await store.importEntities(actor: "t") { once.next() } } throws: { error in
            (error as? AigaqError)?.message.contains("aigaq key init") == true
        }
        #expect(try await store.counts().byType["person"] == 0)
        // Public and internal values need no key.
        var plain = [Entity.person(Person(id: "p-2", names: [PersonName("Dana Test")], notes: [Fact("internal", confidentiality: .internal)]))].makeIterator()
        _ = try await store.importEntities(actor: "t") { plain.next() }
        #expect(try await store.counts().byType["person"] == 1)
    }

    @Test func withoutTheKeyARecordWithSealedPartsIsNotOverwrittenNorDeleted() async throws {
        let dir = try TemporaryFolder()
        let path = dir.path("a.sqlite")
        let keyed = try SQLiteStore(path: path, masterKey: Self.key)
        let p = Person(id: "p-1", names: [PersonName("Aigerim Test")], notes: [Fact("diabetes", confidentiality: .confidential)])
        var once = [Entity.person(p)].makeIterator()
        _ = try await keyed.importEntities(actor: "t") { once.next() }
        let locked = try SQLiteStore(path: path)
        let read = try #require(try await locked.person(id: "p-1"))
        #expect(read.notes.isEmpty)
        await #expect(throws: AigaqError.self) { try await locked.apply(delete: [], write: [.person(read)], actor: "t") }
        await #expect(throws: AigaqError.self) { try await locked.apply(delete: [EntityRef(type: "person", id: "p-1")], write: [], actor: "t") }
        #expect(try await keyed.person(id: "p-1")?.notes.map(\.value) == ["diabetes"])
    }

    @Test func aSealedValueMovedToAnotherRecordDoesNotOpen() async throws {
        let dir = try TemporaryFolder()
        let path = dir.path("a.sqlite")
        let store = try SQLiteStore(path: path, masterKey: Self.key)
        let a = Person(id: "p-a", names: [PersonName("A Test")], notes: [Fact("secret of a", confidentiality: .confidential)])
        let b = Person(id: "p-b", names: [PersonName("B Test")], notes: [Fact("secret of b", confidentiality: .confidential)])
        var it = [Entity.person(a), .person(b)].makeIterator()
        _ = try await store.importEntities(actor: "t") { it.next() }
        // An insider moves a's sealed note into b's record...
        try SQLiteFile.run(path, """
            UPDATE person SET json = json_set(json, '$.notes[0].aigaq_sealed',
                (SELECT json_extract(json, '$.notes[0].aigaq_sealed') FROM person WHERE id = 'p-a')) WHERE id = 'p-b'
            """)
        await #expect { _ = try await store.person(id: "p-b") } throws: { error in
            (error as? AigaqError)?.message.contains("altered or moved") == true
        }
        // ...or copies a's whole record over b's.
        try SQLiteFile.run(path, "UPDATE person SET json = (SELECT json FROM person WHERE id = 'p-a') WHERE id = 'p-b'")
        await #expect { _ = try await store.person(id: "p-b") } throws: { error in
            (error as? AigaqError)?.message.contains("holds another record's sealed values") == true
        }
        #expect(try await store.person(id: "p-a")?.notes.map(\.value) == ["secret of a"])
    }

    @Test func rotationSealsEverythingAgainAndTheOldKeyNoLongerOpens() async throws {
        let dir = try TemporaryFolder()
        let (path, store, kbs) = try await Self.database(dir, count: 8)
        let before = Set(try await Self.export(store))
        // A new data key under the same master key, then under a new master key.
        let first = try await store.rotateSealing(newMasterKey: nil, actor: "t")
        #expect(first.dataKeyVersion == 2)
        #expect(first.recordsSealed > 0)
        let newKey = MasterKey.generate()
        let second = try await store.rotateSealing(newMasterKey: newKey, actor: "t")
        #expect(second.masterFingerprint == newKey.fingerprint)
        let after = Set(try await Self.export(store))
        #expect(after == before)
        #expect(throws: AigaqError.self) { _ = try SQLiteStore(path: path, masterKey: Self.key) }
        let reopened = try SQLiteStore(path: path, masterKey: newKey)
        let reopenedExport = Set(try await Self.export(reopened))
        #expect(reopenedExport == before)
        #expect(try await reopened.verifyAudit().isValid)
        let inFile = Self.markers(in: try Self.fileBytes(path))
        for marker in kbs.flatMap(\.sealedSecrets) { #expect(!inFile.contains(marker)) }
    }

    @Test func keyInitSealsWhatAnOlderAigaqWroteInClear() async throws {
        let dir = try TemporaryFolder()
        let path = dir.path("legacy.sqlite")
        // A database from before sealing: a confidential note and a confidential person in clear.
        let store = try SQLiteStore(path: path)
        var it = [Entity.person(Person(id: "p-1", names: [PersonName("Open Name")])),
                  .person(Person(id: "p-2", names: [PersonName("Hidden Name")]))].makeIterator()
        _ = try await store.importEntities(actor: "t") { it.next() }
        let legacyNote = #"{"confidentiality":"public","id":"p-1","names":[{"kind":"variant","script":"latin","value":"Open Name"}],"notes":[{"confidentiality":"confidential","value":"zqlegacynote"}],"role":"persecuted","version":1}"#
        let legacyPerson = #"{"confidentiality":"confidential","id":"p-2","names":[{"kind":"variant","script":"latin","value":"zqlegacyname"}],"role":"persecuted","version":1}"#
        try SQLiteFile.run(path, """
            UPDATE person SET json = '\(legacyNote)' WHERE id = 'p-1';
            UPDATE person SET json = '\(legacyPerson)', displayName = 'zqlegacyname' WHERE id = 'p-2';
            UPDATE personName SET value = 'zqlegacyname', keys = 'zqlegacyname' WHERE personId = 'p-2';
            """)
        #expect(Self.find("zqlegacynote", in: try Self.fileBytes(path)) != nil)
        #expect(try await store.sealingStatus().clearConfidentialRecords == 2)
        let keyed = try SQLiteStore(path: path, masterKey: Self.key)
        let report = try await keyed.initialiseSealing(actor: "t")
        #expect(report.recordsSealed == 2)
        let bytes = try Self.fileBytes(path)
        #expect(Self.find("zqlegacynote", in: bytes) == nil)
        #expect(Self.find("zqlegacyname", in: bytes) == nil)
        #expect(try await keyed.person(id: "p-1")?.notes.map(\.value) == ["zqlegacynote"])
        #expect(try await keyed.person(id: "p-2")?.displayName == "zqlegacyname")
        #expect(try await keyed.persons(named: "zqlegacyname", limit: 5).isEmpty)
        #expect(try await keyed.sealingStatus().clearConfidentialRecords == 0)
    }

    @Test func aConfidentialSourceKeepsItsBytesAndHashSealed() async throws {
        let dir = try TemporaryFolder()
        let path = dir.path("a.sqlite")
        let store = try SQLiteStore(path: path, masterKey: Self.key)
        let bytes = Data("Witness statement of zqwitnessname, 3 May 2024".utf8)
        let sha = SHA256Hasher.hex(Array(bytes))
        let source = Source(id: "src-w", sha256: sha, title: "zqwitnesstitle", text: "zqwitnesstext", confidentiality: .confidential)
        #expect(try await store.ingest(source: source, original: bytes, candidates: [], actor: "t") == .inserted("src-w"))
        let file = try Self.fileBytes(path)
        for secret in ["zqwitnessname", "zqwitnesstitle", "zqwitnesstext", sha] { #expect(Self.find(secret, in: file) == nil, "\(secret)") }
        // The same bytes again are found through the blind index.
        #expect(try await store.ingest(source: source, original: bytes, candidates: [], actor: "t") == .existing("src-w"))
        #expect(try await store.source(sha256: sha)?.text == "zqwitnesstext")
        #expect(try await store.sourceBytes(id: "src-w") == bytes)
        #expect(try await store.verifySources() == SourceVerification(checked: 1))
        #expect(try await SQLiteStore(path: path).verifySources() == SourceVerification(sealedUnchecked: 1))
    }
}

/// The stored-form parser reads what an attacker with the file may have
/// written: it must refuse, never trap.
@Suite struct StoredFormFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["AIGAQ_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2000

    @Test func jsonTreesRoundTripAndBadTextIsRefused() throws {
        let codec = SealingCodec(state: .open(Sealer.newDataKey(version: 1)))
        let locked = SealingCodec(state: .locked(masterFingerprint: "00"))
        var seeds: [String] = []
        for e in KnowledgeBaseGenerator.make(seed: 5, index: 0).entities {
            let json = String(decoding: try AigaqJSON.encoder().encode(e), as: UTF8.self)
            seeds.append(json)
            seeds.append(try codec.seal(json: json, type: e.typeName, id: e.id).stored)
        }
        var rng = SplitMix64(seed: 0x7EE)
        let pieces = ["{", "}", "[", "]", "\"", "\\", "\\u", "\\ud83d", ":", ",", "1", "-", "e", "true", "nul", " ", "\u{0}", "ё", "\"aigaq_sealed\":"]
        var parsed = 0
        for i in 0..<Self.iterations {
            var b = Array(seeds[i % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !b.isEmpty {
                let at = Int.random(in: 0..<b.count, using: &rng)
                if Bool.random(using: &rng) { b[at] = UInt8.random(in: 0...255, using: &rng) }
                else { b.insert(contentsOf: Array(pieces[Int.random(in: 0..<pieces.count, using: &rng)].utf8), at: at) }
            }
            if let node = try? JSONNode.parse(b) {
                parsed += 1
                #expect(try JSONNode.parse(node.serialized()) == node)
            }
            let text = String(decoding: b, as: UTF8.self)
            for c in [codec, locked] {
                do { _ = try c.open(stored: text, type: "person", id: "p-1") } catch { #expect(error is AigaqError) }
            }
        }
        #expect(parsed > 0)
        // Deep nesting is refused, not a stack overflow.
        #expect(throws: JSONNode.ParseError.self) { try JSONNode.parse(Array(String(repeating: "[", count: 100_000).utf8)) }
    }
}
