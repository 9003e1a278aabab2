@testable import AigaqPostgres
import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import PostgresNIO
import Testing

/// The storage backends every behaviour test runs on. SQLite always;
/// PostgreSQL whenever it is installed, a server is given, or CI is set (so
/// that CI fails, never skips, when the server is missing).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var available: [Backend] {
        let env = ProcessInfo.processInfo.environment
        let postgres = env["AIGAQ_TEST_POSTGRES"] != nil || env["CI"] != nil || ThrowawayPostgres.binaries() != nil
        return postgres ? [.sqlite, .postgres] : [.sqlite]
    }

    /// Runs `body` on a fresh, empty store holding `entities`: an in-memory
    /// (or, with `file`, on-disk) SQLite database, or a new PostgreSQL schema.
    func withStore(_ entities: [Entity] = [], file: Bool = false,
                   _ body: (any KnowledgeStore) async throws -> Void) async throws {
        let store = try await open(file: file)
        do {
            if !entities.isEmpty {
                var it = entities.makeIterator()
                _ = try await store.store.importEntities(actor: "test") { it.next() }
            }
            try await body(store.store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// A fresh store and what closes and removes it.
    func open(file: Bool = false) async throws -> OpenStore {
        switch self {
        case .sqlite:
            guard file else { return OpenStore(store: try SQLiteStore(), raw: nil, close: {}) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-\(UUID()).sqlite").path
            return OpenStore(store: try SQLiteStore(path: path), raw: .sqlite(path)) {
                for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
            }
        case .postgres:
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let store = try PostgresStore(url: try TestPostgres.url() + "&schema=\(schema)&pool_max=8")
            _ = try await store.appliedMigrations()
            return OpenStore(store: store, raw: .postgres(store)) {
                try? await store.dropSchema()
                await store.shutdown()
            }
        }
    }

    /// Audit-table SQL for the backend's naming (camelCase in SQLite, snake_case in PostgreSQL).
    func auditSQL(_ sql: String) -> String {
        switch self {
        case .sqlite: sql
        case .postgres: sql.replacingOccurrences(of: "auditEntry", with: "audit_entry").replacingOccurrences(of: "changeHash", with: "change_hash")
        }
    }
}

struct OpenStore {
    enum Raw { case sqlite(String), postgres(PostgresStore) }
    let store: any KnowledgeStore
    /// Direct access behind the store's back, as an attacker with the database would have.
    let raw: Raw?
    let close: () async -> Void

    func tamper(_ sql: String) async throws {
        switch raw {
        case .sqlite(let path):
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, sql]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        case .postgres(let store):
            try await store.read { connection in
                for statement in sql.split(separator: ";") {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: store.logger)
                }
            }
        case nil:
            Issue.record("tampering needs a file or server database")
        }
    }
}

/// The PostgreSQL server the tests use (see ``ThrowawayPostgres/forTests()``).
enum TestPostgres {
    static func url() throws -> String { try ThrowawayPostgres.forTests() }
}
