import AigaqCore
import AigaqPublishing
import AigaqStore
import AigaqTestSupport
import Foundation
import Testing

/// Confidential values at rest, on every backend: sealed in the database,
/// opened with the key, hidden (but counted) without it, and refused when
/// they cannot be sealed.
@Suite struct SealedFieldBehaviourTests {
    static let key = MasterKey.generate()

    /// Imports the knowledge bases `0..<count` of the generator.
    static func fill(_ store: any KnowledgeStore, count: Int) async throws -> [GeneratedKnowledgeBase] {
        var kbs: [GeneratedKnowledgeBase] = []
        for i in 0..<count {
            let kb = KnowledgeBaseGenerator.make(seed: 7, index: i)
            try await kb.importInto(store)
            kbs.append(kb)
        }
        return kbs
    }

    /// Runs `body` on a store opened with `key`, and closes it.
    static func with(_ backend: Backend, key: MasterKey? = SealedFieldBehaviourTests.key,
                     _ body: (OpenStore) async throws -> Void) async throws {
        let opened = try await backend.open(file: true, masterKey: key)
        do { try await body(opened) } catch { await opened.close(); throw error }
        await opened.close()
    }

    /// The bytes around `marker` in `bytes`, or nil when it is not there.
    static func find(_ marker: String, in bytes: Data) -> String? {
        guard let r = bytes.range(of: Data(marker.utf8)) else { return nil }
        let context = bytes[max(bytes.startIndex, r.lowerBound - 300)..<min(bytes.endIndex, r.upperBound + 100)]
        return String(decoding: context, as: UTF8.self).debugDescription
    }

    static func export(_ store: any KnowledgeStore) async throws -> [Entity] {
        var out: [Entity] = []
        try await store.exportEntities { out.append($0) }
        return out
    }

    static func importing(_ store: any KnowledgeStore, _ entities: [Entity]) async throws {
        var it = entities.makeIterator()
        _ = try await store.importEntities(actor: "t") { it.next() }
    }

    @Test(arguments: Backend.available)
    func noConfidentialValueIsStoredInClear(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let kbs = try await Self.fill(opened.store, count: 25)
            let bytes = try await opened.storedBytes()
            let stored = MarkerScan.markers(in: bytes)
            let sealed = kbs.flatMap(\.sealedSecrets)
            #expect(sealed.count > 200)
            for marker in sealed where stored.contains(marker) {
                Issue.record("\(marker) is stored in clear: \(Self.find(marker, in: bytes) ?? "")")
            }
            // The search is real: internal (unsealed) values are there in clear.
            let clear = Set(kbs.flatMap(\.secrets)).subtracting(sealed)
            #expect(clear.filter(stored.contains).count > 100)
            // Nor in the full-text indexes.
            for marker in sealed.prefix(150) {
                #expect(try await opened.store.search(marker, limit: 3).isEmpty, "\(marker) is searchable")
            }
            // And the key opens all of it again: the export is the knowledge bases, whole.
            #expect(Set(try await Self.export(opened.store)) == Set(kbs.flatMap(\.entities)))
        }
    }

    @Test(arguments: Backend.available)
    func withoutTheKeySealedValuesAreCountedNeverShown(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let kbs = try await Self.fill(opened.store, count: 10)
            let person = try #require(kbs.flatMap(\.entities).first { e in
                if case .person(let p) = e { p.confidentiality != .confidential && p.notes.contains { $0.confidentiality == .confidential } } else { false }
            })
            try await opened.reopen(masterKey: nil) { locked throws in
                let status = try await locked.sealingStatus()
                #expect(status.key == .locked)
                #expect(status.sealedValues > 20)
                #expect(status.masterFingerprint == Self.key.fingerprint)
                let text = try await Self.export(locked).map { String(decoding: try AigaqJSON.encoder().encode($0), as: UTF8.self) }.joined()
                for marker in kbs.flatMap(\.sealedSecrets) { #expect(!text.contains(marker)) }
                // The only confidential parts left are the stand-ins of sealed event participants.
                let standIn = #"{"confidentiality":"confidential","person":"\#(SealingCodec.sealedPersonID)","role":"sealed"}"#
                #expect(!text.replacingOccurrences(of: standIn, with: "").contains(SealingCodec.confidentialMarkerText))
                // A person with sealed parts says how many are hidden; with the key none are.
                #expect(try await locked.hiddenSealedValues(type: "person", id: person.id) > 0)
                #expect(try await locked.person(id: Person.ID(rawValue: person.id)) != nil)
            }
            #expect(try await opened.store.hiddenSealedValues(type: "person", id: person.id) == 0)
            #expect(try await opened.store.sealingStatus().key == .open)
        }
    }

    @Test(arguments: Backend.available)
    func anEventOfSealedPersonsOnlyIsNotPublishedWithoutTheKey(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let witness = Person(id: "p-witness", names: [PersonName("Zhanar Witnessova")], confidentiality: .confidential)
            let named = Person(id: "p-named", names: [PersonName("Bolat Publicov")])
            let hidden = Event(id: "e-hidden", type: "detention", participants: [
                EventParticipant(person: witness.id, role: "victim", confidentiality: .confidential)])
            let shared = Event(id: "e-shared", type: "detention", participants: [
                EventParticipant(person: witness.id, role: "witness", confidentiality: .confidential),
                EventParticipant(person: named.id, role: "victim")])
            try await Self.importing(opened.store, [.person(witness), .person(named), .event(hidden), .event(shared)])
            try await opened.reopen(masterKey: nil) { locked throws in
                let all = try await Self.export(locked)
                let read = try #require(all.compactMap { e -> Event? in if case .event(let x) = e, x.id == hidden.id { x } else { nil } }.first)
                // The participant is there, as a stand-in that names no one.
                #expect(read.participants == [EventParticipant(person: Person.ID(rawValue: SealingCodec.sealedPersonID), role: "sealed",
                                                               confidentiality: .confidential)])
                let projection = PublicProjection(entities: all)
                let projected = all.compactMap { projection.project($0) }
                #expect(!projected.contains { $0.id == hidden.id.rawValue }, "an event of hidden persons only is withheld")
                let kept = try #require(projected.compactMap { e -> Event? in if case .event(let x) = e, x.id == shared.id { x } else { nil } }.first)
                #expect(kept.participants.map(\.person) == [named.id])
            }
        }
    }

    @Test(arguments: Backend.available)
    func aKeyGivesANewDatabaseItsDataKeyAtOnce(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let status = try await opened.store.sealingStatus()
            #expect(status.key == .open)
            #expect(status.dataKeyVersion == 1)
            #expect(status.masterFingerprint == Self.key.fingerprint)
            // Made once: opening again, or `key init`, makes no second key.
            try await opened.reopen(masterKey: Self.key) { again throws in #expect(try await again.sealingStatus().dataKeyVersion == 1) }
            await #expect(throws: AigaqError.self) { _ = try await opened.store.initialiseSealing(actor: "t") }
        }
    }

    @Test(arguments: Backend.available)
    func theWrongKeyIsAClearError(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            await #expect {
                try await opened.reopen(masterKey: MasterKey.generate()) { _ = try await $0.sealingStatus() }
            } throws: { error in
                (error as? AigaqError)?.message.contains("is not this database's key (fingerprint \(Self.key.fingerprint))") == true
            }
        }
    }

    @Test(arguments: Backend.available)
    func aDatabaseWithoutADataKeyRefusesConfidentialValues(_ backend: Backend) async throws {
        try await Self.with(backend, key: nil) { opened throws in
            let store = opened.store
            #expect(try await store.sealingStatus().key == SealingStatus.Key.none)
            let p = Person(id: "p-1", names: [PersonName("Aigerim Test")], notes: [Fact("lawyer's phone", confidentiality: .confidential)])
            await #expect { try await Self.importing(store, [.person(p)]) } throws: { error in
                (error as? AigaqError)?.message.contains("aigaq key init") == true
            }
            #expect(try await store.counts().byType["person"] == 0)
            // Public and internal values need no key.
            try await Self.importing(store, [.person(Person(id: "p-2", names: [PersonName("Dana Test")],
                                                            notes: [Fact("internal", confidentiality: .internal)]))])
            #expect(try await store.counts().byType["person"] == 1)
        }
    }

    @Test(arguments: Backend.available)
    func withoutTheKeyARecordWithSealedPartsIsNotOverwrittenNorDeleted(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let p = Person(id: "p-1", names: [PersonName("Aigerim Test")], notes: [Fact("diabetes", confidentiality: .confidential)])
            try await Self.importing(opened.store, [.person(p)])
            try await opened.reopen(masterKey: nil) { locked throws in
                let read = try #require(try await locked.person(id: "p-1"))
                #expect(read.notes.isEmpty)
                await #expect(throws: AigaqError.self) { try await locked.apply(delete: [], write: [.person(read)], actor: "t") }
                await #expect(throws: AigaqError.self) { try await locked.apply(delete: [EntityRef(type: "person", id: "p-1")], write: [], actor: "t") }
                await #expect(throws: AigaqError.self) { _ = try await locked.update(.person(read), expectedVersion: 1, actor: "t") }
            }
            #expect(try await opened.store.person(id: "p-1")?.notes.map(\.value) == ["diabetes"])
        }
    }

    @Test(arguments: Backend.available)
    func aSealedValueMovedToAnotherRecordDoesNotOpen(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let a = Person(id: "p-a", names: [PersonName("A Test")], notes: [Fact("secret of a", confidentiality: .confidential)])
            let b = Person(id: "p-b", names: [PersonName("B Test")], notes: [Fact("secret of b", confidentiality: .confidential)])
            try await Self.importing(opened.store, [.person(a), .person(b)])
            // An insider moves a's sealed note into b's record...
            try await opened.tamper(backend.sql(
                sqlite: """
                    UPDATE person SET json = json_set(json, '$.notes[0].aigaq_sealed',
                        (SELECT json_extract(json, '$.notes[0].aigaq_sealed') FROM person WHERE id = 'p-a')) WHERE id = 'p-b'
                    """,
                postgres: """
                    UPDATE person SET json = jsonb_set(json::jsonb, '{notes,0,aigaq_sealed}',
                        (SELECT json::jsonb #> '{notes,0,aigaq_sealed}' FROM person WHERE id = 'p-a'))::text WHERE id = 'p-b'
                    """))
            await #expect { _ = try await opened.store.person(id: "p-b") } throws: { error in
                (error as? AigaqError)?.message.contains("altered or moved") == true
            }
            // ...or copies a's whole record over b's.
            try await opened.tamper("UPDATE person SET json = (SELECT json FROM person WHERE id = 'p-a') WHERE id = 'p-b'")
            await #expect { _ = try await opened.store.person(id: "p-b") } throws: { error in
                (error as? AigaqError)?.message.contains("holds another record's sealed values") == true
            }
            #expect(try await opened.store.person(id: "p-a")?.notes.map(\.value) == ["secret of a"])
        }
    }

    @Test(arguments: Backend.available)
    func rotationSealsEverythingAgainAndTheOldKeyNoLongerOpens(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let kbs = try await Self.fill(opened.store, count: 8)
            let store = opened.store
            let before = Set(try await Self.export(store))
            let sealedBefore = try await store.sealingStatus().sealedValues
            // A new data key under the same master key, then under a new master key.
            let first = try await store.rotateSealing(newMasterKey: nil, actor: "t")
            #expect(first.dataKeyVersion == 2)
            #expect(first.recordsSealed > 0)
            let newKey = MasterKey.generate()
            let second = try await store.rotateSealing(newMasterKey: newKey, actor: "t")
            #expect(second.masterFingerprint == newKey.fingerprint)
            #expect(second.dataKeyVersion == 3)
            #expect(Set(try await Self.export(store)) == before)
            #expect(try await store.sealingStatus().sealedValues == sealedBefore)
            await #expect(throws: AigaqError.self) { try await opened.reopen(masterKey: Self.key) { _ = try await $0.sealingStatus() } }
            try await opened.reopen(masterKey: newKey) { reopened throws in
                #expect(Set(try await Self.export(reopened)) == before)
                #expect(try await reopened.verifyAudit().isValid)
            }
            let stored = MarkerScan.markers(in: try await opened.storedBytes())
            for marker in kbs.flatMap(\.sealedSecrets) { #expect(!stored.contains(marker)) }
        }
    }

    @Test(arguments: Backend.available)
    func keyInitSealsWhatAnOlderAigaqWroteInClear(_ backend: Backend) async throws {
        try await Self.with(backend, key: nil) { opened throws in
            // A database from before sealing: a confidential note and a confidential person in clear.
            try await Self.importing(opened.store, [.person(Person(id: "p-1", names: [PersonName("Open Name")])),
                                                    .person(Person(id: "p-2", names: [PersonName("Hidden Name")]))])
            let legacyNote = #"{"confidentiality":"public","id":"p-1","names":[{"kind":"variant","script":"latin","value":"Open Name"}],"notes":[{"confidentiality":"confidential","value":"zqlegacynote"}],"role":"persecuted","version":1}"#
            let legacyPerson = #"{"confidentiality":"confidential","id":"p-2","names":[{"kind":"variant","script":"latin","value":"zqlegacyname"}],"role":"persecuted","version":1}"#
            try await opened.tamper(backend.sql(
                sqlite: """
                    UPDATE person SET json = '\(legacyNote)' WHERE id = 'p-1';
                    UPDATE person SET json = '\(legacyPerson)', displayName = 'zqlegacyname' WHERE id = 'p-2';
                    UPDATE personName SET value = 'zqlegacyname', keys = 'zqlegacyname' WHERE personId = 'p-2'
                    """,
                postgres: """
                    UPDATE person SET json = '\(legacyNote)' WHERE id = 'p-1';
                    UPDATE person SET json = '\(legacyPerson)', display_name = 'zqlegacyname' WHERE id = 'p-2';
                    UPDATE person_name SET value = 'zqlegacyname', keys = 'zqlegacyname' WHERE person_id = 'p-2'
                    """))
            #expect(Self.find("zqlegacynote", in: try await opened.storedBytes()) != nil)
            #expect(try await opened.store.sealingStatus().clearConfidentialRecords == 2)
            try await opened.reopen(masterKey: Self.key) { keyed throws in
                // A database with confidential values in clear gets its key on request only.
                #expect(try await keyed.sealingStatus().key == SealingStatus.Key.none)
                let report = try await keyed.initialiseSealing(actor: "t")
                #expect(report.recordsSealed == 2)
                let bytes = try await opened.storedBytes()
                #expect(Self.find("zqlegacynote", in: bytes) == nil)
                #expect(Self.find("zqlegacyname", in: bytes) == nil)
                #expect(try await keyed.person(id: "p-1")?.notes.map(\.value) == ["zqlegacynote"])
                #expect(try await keyed.person(id: "p-2")?.displayName == "zqlegacyname")
                #expect(try await keyed.persons(named: "zqlegacyname", limit: 5).isEmpty)
                #expect(try await keyed.sealingStatus().clearConfidentialRecords == 0)
                #expect(try await keyed.verifyAudit().isValid)
            }
        }
    }

    @Test(arguments: Backend.available)
    func aConfidentialSourceKeepsItsBytesAndHashSealed(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            let store = opened.store
            let bytes = Data("Witness statement of zqwitnessname, 3 May 2024".utf8)
            let sha = SHA256Hasher.hex(Array(bytes))
            let source = Source(id: "src-w", sha256: sha, title: "zqwitnesstitle", text: "zqwitnesstext", confidentiality: .confidential)
            #expect(try await store.ingest(source: source, original: bytes, candidates: [], actor: "t") == .inserted("src-w"))
            let stored = try await opened.storedBytes()
            for secret in ["zqwitnessname", "zqwitnesstitle", "zqwitnesstext", sha] { #expect(Self.find(secret, in: stored) == nil, "\(secret)") }
            #expect(try await store.search("zqwitnesstext", limit: 3).isEmpty)
            // The same bytes again are found through the blind index.
            #expect(try await store.ingest(source: source, original: bytes, candidates: [], actor: "t") == .existing("src-w"))
            #expect(try await store.source(sha256: sha)?.text == "zqwitnesstext")
            #expect(try await store.sourceBytes(id: "src-w") == bytes)
            #expect(try await store.verifySources() == SourceVerification(checked: 1))
            try await opened.reopen(masterKey: nil) { locked throws in
                #expect(try await locked.verifySources() == SourceVerification(sealedUnchecked: 1))
                #expect(try await locked.source(id: "src-w") == nil)
                await #expect(throws: AigaqError.self) { _ = try await locked.sourceBytes(id: "src-w") }
            }
        }
    }
}

/// `verifySources` re-hashes the bytes ingest keeps, on every backend.
@Suite struct SourceBytesBehaviourTests {
    static let report = Data("Bulletin 7\n\n1. Erbol TESTOV – 5 years, Article 405.\n".utf8)

    static func with(_ backend: Backend, _ body: (OpenStore) async throws -> Void) async throws {
        try await SealedFieldBehaviourTests.with(backend) { opened in
            try await fill(opened.store)
            try await body(opened)
        }
    }

    static func fill(_ store: any KnowledgeStore) async throws {
        let open = Source(id: "src-open", sha256: SHA256Hasher.hex(Array(report)), text: "Bulletin 7", confidentiality: .internal)
        _ = try await store.ingest(source: open, original: report, candidates: [], actor: "t")
        let memo = Data("A lawyer's memo".utf8)
        let sealed = Source(id: "src-memo", sha256: SHA256Hasher.hex(Array(memo)), confidentiality: .confidential)
        _ = try await store.ingest(source: sealed, original: memo, candidates: [], actor: "t")
        // A record imported without bytes, as the open dataset's are.
        try await SealedFieldBehaviourTests.importing(store, [.source(Source(id: "src-dataset", sha256: String(repeating: "c", count: 64)))])
    }

    @Test(arguments: Backend.available)
    func untouchedBytesVerifyAndSourcesWithoutBytesAreNotFailures(_ backend: Backend) async throws {
        try await Self.with(backend) { opened throws in
            #expect(try await opened.store.verifySources() == SourceVerification(checked: 2, withoutBytes: 1))
            #expect(try await opened.store.sourceBytes(id: "src-open") == Self.report)
            #expect(try await opened.store.sourceBytes(id: "src-dataset") == nil)
        }
    }

    enum Tampering: String, CaseIterable, Sendable { case edited, truncated, swapped }

    @Test(arguments: Backend.available, Tampering.allCases)
    func tamperedBytesAreNamed(_ backend: Backend, _ tampering: Tampering) async throws {
        try await Self.with(backend) { opened throws in
            let (sql, words): (String, String) = switch tampering {
            case .edited:
                (backend.sql(sqlite: "UPDATE sourceBytes SET bytes = CAST('Bulletin 7 (edited)' AS BLOB) WHERE sourceId = 'src-open'",
                             postgres: "UPDATE source_bytes SET bytes = convert_to('Bulletin 7 (edited)', 'UTF8') WHERE source_id = 'src-open'"),
                 "src-open: its stored bytes hash to")
            case .truncated:
                (backend.sql(sqlite: "UPDATE sourceBytes SET bytes = substr(bytes, 1, length(bytes) - 1) || x'00' WHERE sourceId = 'src-memo'",
                             postgres: "UPDATE source_bytes SET bytes = substring(bytes from 1 for length(bytes) - 1) || '\\x00'::bytea WHERE source_id = 'src-memo'"),
                 "src-memo: its sealed bytes do not open")
            case .swapped:
                (backend.sql(sqlite: "UPDATE sourceBytes SET bytes = (SELECT bytes FROM sourceBytes WHERE sourceId = 'src-open') WHERE sourceId = 'src-memo'",
                             postgres: "UPDATE source_bytes SET bytes = (SELECT bytes FROM source_bytes WHERE source_id = 'src-open') WHERE source_id = 'src-memo'"),
                 "src-memo")
            }
            try await opened.tamper(sql)
            let result = try await opened.store.verifySources()
            #expect(!result.isValid)
            #expect(result.problems.count == 1)
            #expect(result.problems.first?.contains(words) == true, "\(result.problems)")
        }
    }
}
