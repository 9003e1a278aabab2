import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

@Suite struct AuditChainTests {
    /// A file database with three audited writes.
    static func database() async throws -> (path: String, store: SQLiteStore) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID()).sqlite").path
        let store = try SQLiteStore(path: path)
        for i in 1...3 {
            var once = [Entity.person(Person(id: Person.ID(rawValue: "p\(i)"), names: [PersonName("Person \(i)")]))].makeIterator()
            _ = try await store.importEntities(actor: "editor\(i)") { once.next() }
        }
        return (path, store)
    }

    /// Runs SQL on the file behind the store's back, as an attacker with the file would.
    static func tamper(_ path: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, sql]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test func everyWriteIsChainedAndVerifies() async throws {
        let (path, store) = try await Self.database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await store.verifyAudit() == AuditVerification(entries: 3, firstBroken: nil, problem: nil))
    }

    @Test(arguments: [
        ("UPDATE auditEntry SET actor = 'someone-else' WHERE seq = 2", 2, "edited"),
        ("DELETE FROM auditEntry WHERE seq = 2", 3, "missing"),
        ("UPDATE auditEntry SET seq = 10 WHERE seq = 1; UPDATE auditEntry SET seq = 1 WHERE seq = 2; UPDATE auditEntry SET seq = 2 WHERE seq = 10", 1, "does not follow"),
        ("UPDATE auditEntry SET changeHash = '00' WHERE seq = 3", 3, "edited"),
    ])
    func tamperingIsFoundAndTheFirstBrokenEntryNamed(_ sql: String, _ broken: Int, _ words: String) async throws {
        let (path, store) = try await Self.database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.tamper(path, sql)
        let result = try await store.verifyAudit()
        #expect(result.firstBroken == broken)
        #expect(result.problem?.contains(words) == true)
    }

    @Test func aFailedImportLeavesNoAuditEntry() async throws {
        let store = try SQLiteStore()
        var bad = [Entity.case(Case(id: "c", charges: [Charge(person: "nobody", article: "405")]))].makeIterator()
        _ = try? await store.importEntities(actor: "x") { bad.next() }
        #expect(try await store.verifyAudit().entries == 0)
    }
}
