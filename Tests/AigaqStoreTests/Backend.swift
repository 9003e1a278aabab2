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

    /// A fresh store and what closes and removes it. With `masterKey` the
    /// store seals (a file or schema of its own, so that it can be opened
    /// again with another key or none: ``OpenStore/reopen(masterKey:)``).
    func open(file: Bool = false, masterKey: MasterKey? = nil) async throws -> OpenStore {
        switch self {
        case .sqlite:
            guard file || masterKey != nil else { return OpenStore(store: try SQLiteStore(), raw: nil, close: {}) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-\(UUID()).sqlite").path
            return OpenStore(store: try SQLiteStore(path: path, masterKey: masterKey), raw: .sqlite(path)) {
                for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
            }
        case .postgres:
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let url = try TestPostgres.url() + "&schema=\(schema)&pool_max=8"
            let store = try PostgresStore(url: url, masterKey: masterKey)
            _ = try await store.appliedMigrations()
            return OpenStore(store: store, raw: .postgres(store, url)) {
                try? await store.dropSchema()
                await store.shutdown()
            }
        }
    }

    /// The SQL of this backend, of two written for each.
    func sql(sqlite: String, postgres: String) -> String {
        switch self {
        case .sqlite: sqlite
        case .postgres: postgres
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
    enum Raw { case sqlite(String), postgres(PostgresStore, String) }
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
        case .postgres(let store, _):
            try await store.read { connection in
                for statement in sql.split(separator: ";") {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: store.logger)
                }
            }
        case nil:
            Issue.record("tampering needs a file or server database")
        }
    }

    /// The same database opened again by a second store, with `masterKey` or
    /// without a key, for `body`. Errors of opening (a wrong key) are thrown.
    func reopen(masterKey: MasterKey?, _ body: (any KnowledgeStore) async throws -> Void) async throws {
        switch raw {
        case .sqlite(let path):
            try await body(try SQLiteStore(path: path, masterKey: masterKey))
        case .postgres(_, let url):
            let store = try PostgresStore(url: url, masterKey: masterKey)
            do {
                _ = try await store.appliedMigrations()
                try await body(store)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        case nil:
            Issue.record("reopening needs a file or server database")
        }
    }

    /// Everything the database holds, as an attacker who copies it would
    /// read it: the SQLite file with its log, or every row of every table of
    /// the PostgreSQL schema as text.
    func storedBytes() async throws -> Data {
        switch raw {
        case .sqlite(let path):
            var all = Data()
            for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
                all.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
            }
            return all
        case .postgres(let store, _):
            return try await store.read { connection in
                var tables: [String] = []
                for try await t in try await connection.query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
                    logger: store.logger).decode(String.self) {
                    tables.append(t)
                }
                #expect(tables.contains("source_bytes"))
                var all = Data()
                for table in tables {
                    // bytea as its bytes, so that a clear value inside one would be found.
                    let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT convert_to(t::text, 'UTF8') FROM \"\(table)\" t"),
                                                          logger: store.logger)
                    for try await row in rows.decode(Data.self) { all.append(row) }
                    if table == "source_bytes" {
                        for try await bytes in try await connection.query("SELECT bytes FROM source_bytes", logger: store.logger).decode(Data.self) {
                            all.append(bytes)
                        }
                    }
                }
                return all
            }
        case nil:
            Issue.record("reading the stored bytes needs a file or server database")
            return Data()
        }
    }
}

/// The PostgreSQL server the tests use (see ``ThrowawayPostgres/forTests()``).
enum TestPostgres {
    static func url() throws -> String { try ThrowawayPostgres.forTests() }
}
