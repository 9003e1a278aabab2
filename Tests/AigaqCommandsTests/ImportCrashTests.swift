import AigaqCore
import AigaqSQLite
import AigaqTestSupport
import Foundation
import Testing

/// `aigaq import` run as a real process and killed with SIGKILL at random
/// points: while reading, writing, rebuilding the full-text indexes of a
/// large import, or committing.
@Suite(.serialized) struct ImportCrashTests {
    /// A JSON Lines file of `persons` persons and two events for each: over
    /// `BulkIndexing.threshold` records, so the bulk path is killed too.
    /// A surname of letters only, unique for `i` (names are searched by words of letters).
    static func surname(_ i: Int) -> String {
        let letters = Array("bdklmnrstz")
        return "Big" + String(String(i).map { letters[Int(String($0))!] }) + "ov"
    }

    static func bigFile(_ dir: TempDir, persons: Int) throws -> String {
        let encoder = AigaqJSON.encoder()
        var out = Data()
        func line(_ e: Entity) throws { out.append(try encoder.encode(e)); out.append(0x0A) }
        for i in 0..<persons {
            try line(.person(Person(id: Person.ID(rawValue: "p-big-\(i)"), names: [PersonName("Nurlan \(surname(i))", kind: .primary)])))
        }
        for i in 0..<persons {
            for k in 0..<2 {
                try line(.event(Event(id: Event.ID(rawValue: "e-big-\(i)-\(k)"), type: "detention", date: DateValue(year: 2020 + k),
                                      participants: [EventParticipant(person: Person.ID(rawValue: "p-big-\(i)"), role: "victim")],
                                      summary: "Detained in Almaty")))
            }
        }
        let path = dir.path("big.jsonl")
        try out.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func killedImportLeavesExactlyTheCommittedFiles() async throws {
        let aigaq = try IngestCrashTests.binary()
        let dir = try TempDir()
        let db = dir.path("crash.sqlite")
        let persons = 8_000
        let big = try Self.bigFile(dir, persons: persons)
        let small = try dir.write("small.jsonl", """
            {"type":"person","id":"p-small-1","names":[{"value":"Saule Smallova"}]}
            {"type":"person","id":"p-small-2","names":[{"value":"Timur Smallov"}]}

            """)
        #expect(try Subprocess.run(aigaq, ["import", "--db", db, small]).status == 0)
        let fresh = try SQLiteStore(path: db)
        let triggers = try fresh.triggerCount()
        // How long an import of the big file takes here, to spread the kills over it.
        let reference = dir.path("reference.sqlite")
        let started = Date()
        #expect(try Subprocess.run(aigaq, ["import", "--db", reference, big]).status == 0)
        let duration = Date().timeIntervalSince(started)

        var rng = SplitMix64(seed: LeakCheck.seed)
        var committedBefore = false
        var interrupted = 0
        for trial in 0..<5 {
            let before = try await fresh.verifyAudit().entries
            let p = Subprocess.process(aigaq, ["import", "--db", db, big])
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            let delay = Double.random(in: 0.05...1.1, using: &rng) * duration
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let finished = p.terminationReason == .exit && p.terminationStatus == 0

            // The database opens, is intact, and holds whole files only.
            let store = try SQLiteStore(path: db)
            #expect(try store.integrityCheck() == ["ok"], "trial \(trial)")
            #expect(try store.triggerCount() == triggers, "trial \(trial): the full-text triggers are back")
            let audit = try await store.verifyAudit()
            #expect(audit.isValid)
            let committed = audit.entries == before + 1
            #expect(audit.entries == before || committed, "trial \(trial): one transaction, one entry")
            if finished { #expect(committed, "trial \(trial) exited normally") }
            let counts = try await store.counts().byType
            let present = committedBefore || committed
            #expect(counts["person"] == 2 + (present ? persons : 0), "trial \(trial)")
            #expect(counts["event"] == (present ? 2 * persons : 0), "trial \(trial)")
            #expect(try await store.persons(named: "Smallova", limit: 2).count == 1)
            // Search keys fold doubled letters (Zhylanbayev, Zhylanbaev), so other
            // surnames of this scheme can match too: the last person must be among them.
            let last = try await store.persons(named: Self.surname(persons - 1), limit: 10)
            #expect(last.contains { $0.id.rawValue == "p-big-\(persons - 1)" } == present, "trial \(trial)")
            if !committed { interrupted += 1 }
            committedBefore = present
        }
        // The kills did land before a commit; and an import left to finish commits.
        #expect(interrupted > 0)
        #expect(try Subprocess.run(aigaq, ["import", "--db", db, big]).status == 0)
        let store = try SQLiteStore(path: db)
        #expect(try await store.counts().byType["event"] == 2 * persons)
        #expect(try await store.verifyAudit().isValid)
    }
}

extension SQLiteStore {
    func triggerCount() throws -> Int { try schemaObjects()["trigger"] ?? 0 }
}
