import AigaqCore
import AigaqSQLite
import AigaqStore
import AigaqTestSupport
import Foundation
import Testing

@Suite struct BackupTests {
    static func person(_ id: String, note: String) -> Entity {
        .person(Person(id: Person.ID(rawValue: id), names: [PersonName("Test \(id)")], notes: [Fact(note, confidentiality: .confidential)]))
    }

    static func write(_ store: SQLiteStore, _ entities: [Entity]) async throws {
        var it = entities.makeIterator()
        _ = try await store.importEntities(actor: "t") { it.next() }
    }

    /// A store that stays open while another database (with another data
    /// key of the same version) is restored into its file goes on sealing
    /// with the restored key, not the one it had cached.
    @Test func aStoreKeptOpenAcrossARestoreSealsWithTheRestoredKey() async throws {
        let dir = try TemporaryFolder()
        let key = MasterKey.generate()
        let a = try SQLiteStore(path: dir.path("a.sqlite"), masterKey: key)
        try await Self.write(a, [Self.person("p-a", note: "note of a")])
        let backup = try a.backup(to: dir.path("a-backup.sqlite"))
        #expect(backup.isValid)
        #expect(backup.sources == SourceVerification())

        let live = try SQLiteStore(path: dir.path("b.sqlite"), masterKey: key)
        try await Self.write(live, [Self.person("p-b", note: "note of b")])
        _ = try live.restore(from: dir.path("a-backup.sqlite"), actor: "t")
        #expect(try await live.person(id: "p-b") == nil)
        #expect(try await live.person(id: "p-a")?.notes.map(\.value) == ["note of a"])
        try await Self.write(live, [Self.person("p-c", note: "note of c")])

        let reopened = try SQLiteStore(path: dir.path("b.sqlite"), masterKey: key)
        #expect(try await reopened.person(id: "p-c")?.notes.map(\.value) == ["note of c"])
        #expect(try await reopened.verifyAudit().isValid)
    }

    @Test func aBackupIsTakenWhileAnotherWriterWrites() async throws {
        let dir = try TemporaryFolder()
        let key = MasterKey.generate()
        let store = try SQLiteStore(path: dir.path("busy.sqlite"), masterKey: key)
        let writer = try SQLiteStore(path: dir.path("busy.sqlite"), masterKey: key)
        // A second connection writes in batches while the backup is taken.
        let writes = Task {
            for batch in 0..<20 {
                try await Self.write(writer, (0..<50).map { Self.person("p-\(batch)-\($0)", note: "n") })
            }
        }
        let check = try store.backup(to: dir.path("busy-backup.sqlite"))
        try await writes.value
        #expect(check.isValid, "\(check.problems)")
        #expect(check.integrity == ["ok"])
        // A snapshot: whole batches only, each with its audit entry.
        let copy = try SQLiteStore(path: dir.path("busy-backup.sqlite"), masterKey: key)
        let persons = try await copy.counts().byType["person"] ?? 0
        #expect(persons % 50 == 0)
        #expect(try await copy.verifyAudit().entries == persons / 50 + 1)
    }
}
