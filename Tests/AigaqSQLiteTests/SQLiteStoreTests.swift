import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

/// What is particular to the SQLite file. The behaviour every store shares
/// is tested on both backends in AigaqStoreTests.
@Suite struct SQLiteStoreTests {
    @Test func migratesFromEmpty() throws {
        // Given a new in-memory database, when it opens, then every migration is applied.
        let store = try SQLiteStore()
        #expect(try store.appliedMigrations() == ["accounts-v1", "v1-knowledge-base", "v2-decisions", "v3-audit-chain", "v4-figures", "v5-statistics", "v6-sealed-fields"])
    }

    @Test func migratesAFileTwiceWithoutHarm() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try SQLiteStore(path: path)
        let again = try SQLiteStore(path: path)
        #expect(try again.appliedMigrations() == ["accounts-v1", "v1-knowledge-base", "v2-decisions", "v3-audit-chain", "v4-figures", "v5-statistics", "v6-sealed-fields"])
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-db-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect { _ = try SQLiteStore(path: path) } throws: { error in
            (error as? AigaqError)?.message.contains("not an Aigaq database") == true
        }
    }
}
