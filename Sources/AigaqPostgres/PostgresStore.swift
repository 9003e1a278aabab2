import AigaqCore
import AigaqStore
import Foundation
import Logging
import PostgresNIO

/// The knowledge base on PostgreSQL, for coalitions and large archives: the
/// same protocol and behaviour as `SQLiteStore`, over a pool of connections
/// (`PostgresClient`).
///
/// The store runs its client itself, in a task it owns, from the moment it is
/// made: a command opens the store, uses it and calls ``shutdown()``; a
/// server keeps one store for its whole life and calls ``shutdown()`` when it
/// stops. The schema is migrated once, before the first query (on a
/// connection of its own, so that a wrong address or password is reported at
/// once with the server's own words).
public final class PostgresStore: KnowledgeStore {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    private let migrated: Task<[String], any Error>

    public convenience init(url: String) throws {
        try self.init(location: PostgresLocation(url: url))
    }

    public init(location: PostgresLocation, logger: Logger = PostgresStore.quietLogger) {
        self.location = location
        self.logger = logger
        let client = PostgresClient(configuration: location.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        migrated = Task { try await PostgresStore.migrate(location, logger: logger) }
    }

    deinit { running.cancel() }

    /// Closes the pool's connections. The store cannot be used afterwards.
    public func shutdown() async {
        _ = try? await migrated.value
        running.cancel()
        await running.value
    }

    /// The migration identifiers applied, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await ready()
    }

    /// Bytes on disk of the store's tables and indexes (its schema).
    public func diskSize() async throws -> Int {
        try await read { connection in
            try await connection.query("""
                SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::int8 FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'
                """, logger: logger).decode(Int.self).first { _ in true } ?? 0
        }
    }

    /// Drops the store's schema with everything in it (benchmarks and tests
    /// that made a schema of their own). Refuses the default `public` schema.
    public func dropSchema() async throws {
        guard let schema = location.schema, schema != "public" else {
            throw AigaqError.usage("only a store opened with its own schema= can drop it")
        }
        try await read { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \"\(schema)\" CASCADE"), logger: logger)
        }
    }

    /// Library logs go nowhere by default: standard output carries results.
    public static let quietLogger = Logger(label: "aigaq.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    @discardableResult
    func ready() async throws -> [String] {
        do {
            return try await migrated.value
        } catch let error as PSQLError {
            throw AigaqError.database(reason: "cannot open \(location.display): \(PostgresStore.describe(error))")
        }
    }

    // MARK: - Migrations

    static func migrate(_ location: PostgresLocation, logger: Logger) async throws -> [String] {
        let connection = try await PostgresConnection.connect(configuration: location.connectionConfiguration(), id: 0, logger: logger)
        do {
            let applied = try await migrate(connection, schema: location.schema, logger: logger)
            try await connection.close()
            return applied
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func migrate(_ connection: PostgresConnection, schema: String?, logger: Logger) async throws -> [String] {
        try await connection.query("BEGIN", logger: logger)
        do {
            // One migrator at a time per database (two processes may start together).
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('aigaq-migrate'))", logger: logger)
            if let schema {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: logger)
            }
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: [String] = []
            for try await id in try await connection.query("SELECT id FROM schema_migration", logger: logger).decode(String.self) {
                applied.append(id)
            }
            for migration in PostgresMigrations.all where !applied.contains(migration.id) {
                // The extended protocol takes one statement at a time; our SQL has no ';' inside literals.
                for statement in migration.sql.split(separator: ";") {
                    let sql = statement.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
                        .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                    if !sql.isEmpty { try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                }
                try await connection.query("INSERT INTO schema_migration(id) VALUES (\(migration.id))", logger: logger)
                applied.append(migration.id)
            }
            try await connection.query("COMMIT", logger: logger)
            return applied.sorted()
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: - Transactions and errors

    /// One read-write transaction on one pooled connection; errors become user messages.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await ready()
        return try await mapErrors {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let value = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    /// A read on a pooled connection.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await ready()
        return try await mapErrors { try await client.withConnection { try await body($0) } }
    }

    private func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw map(error)
        }
    }

    func map(_ error: PSQLError) -> AigaqError {
        switch error.serverInfo?[.sqlState] {
        case "23503", "23505":
            // Foreign key or unique violation: the input refers to a missing record or reuses an id.
            let detail = error.serverInfo?[.detail] ?? error.serverInfo?[.message] ?? "constraint"
            return .badInput(file: "import", line: nil,
                             reason: "a reference points to a record that does not exist, or an id is reused (\(detail))")
        default:
            return .database(reason: "\(location.display): \(PostgresStore.describe(error))")
        }
    }

    /// The server's message, or what went wrong on the way to it.
    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }

    // MARK: - Writes

    public func importEntities(actor: String, _ next: () throws -> Entity?) async throws -> ImportSummary {
        try await transaction { connection in
            var summary = ImportSummary()
            let writer = PostgresWriter(connection: connection, logger: logger)
            while let entity = try next() {
                try await writer.write(entity)
                summary.written[entity.typeName, default: 0] += 1
            }
            try await writer.finish(actor: actor, action: "import")
            if summary.total >= PostgresStore.mergeAfter {
                // A search scans the GIN pending lists entry by entry: merge them now,
                // in one pass, rather than leave it to the next searches or autovacuum.
                try await connection.query("""
                    SELECT gin_clean_pending_list(to_regclass(i))
                    FROM unnest(ARRAY['person_name_search', 'event_search', 'source_search']) AS i
                    """, logger: logger)
            }
            return summary
        }
    }

    public func ingest(source: Source, original: Data?, candidates: [Candidate], actor: String) async throws -> SourceInsertResult {
        do {
            return try await transaction { connection in
                if let existing = try await Self.sourceID(connection, sha256: source.sha256, logger: logger) {
                    return .existing(Source.ID(rawValue: existing))
                }
                let writer = PostgresWriter(connection: connection, logger: logger)
                try await writer.write(.source(source))
                for candidate in candidates { try await writer.write(.candidate(candidate)) }
                try await writer.finish(actor: actor, action: "ingest")
                return .inserted(source.id)
            }
        } catch let error as AigaqError {
            // Two ingests of the same bytes at once: the second loses the unique race.
            guard case .badInput = error,
                  let existing = try await read({ try await Self.sourceID($0, sha256: source.sha256, logger: logger) }) else { throw error }
            return .existing(Source.ID(rawValue: existing))
        }
    }

    private static func sourceID(_ connection: PostgresConnection, sha256: String, logger: Logger) async throws -> String? {
        try await connection.query("SELECT id FROM source WHERE sha256 = \(sha256.lowercased())", logger: logger)
            .decode(String.self).first { _ in true }
    }

    public func apply(delete: [EntityRef], write: [Entity], actor: String) async throws {
        try await transaction { connection in
            // A rebuild deletes and rewrites records that point at each other:
            // references are checked when the transaction commits.
            try await connection.query("SET CONSTRAINTS ALL DEFERRED", logger: logger)
            let writer = PostgresWriter(connection: connection, logger: logger)
            for ref in delete { try await writer.delete(ref) }
            for entity in write { try await writer.write(entity) }
            try await writer.finish(actor: actor, action: "change")
        }
    }

    public func update(_ entity: Entity, expectedVersion: Int, actor: String) async throws -> Entity {
        guard entity.version != nil, let table = Table.name(of: entity.typeName) else {
            throw AigaqError.usage("\(entity.typeName) records are not edited by version; only persons, organisations, cases and events are")
        }
        return try await transaction { connection in
            // FOR UPDATE: a concurrent edit of the same record waits here, then sees the new version.
            let json = try await connection.query(PostgresQuery(unsafeSQL: "SELECT json FROM \(table) WHERE id = $1 FOR UPDATE",
                                                                binds: Self.binds(entity.id)), logger: logger)
                .decode(String.self).first { _ in true }
            guard let json else { throw AigaqError.notFound(what: "\(entity.typeName) \(entity.id)") }
            let found = try StoredRecord.decode(type: entity.typeName, json: json).version ?? 1
            guard found == expectedVersion else {
                throw AigaqError.staleEdit(entity: "\(entity.typeName) \(entity.id)", expected: expectedVersion, found: found)
            }
            let stored = entity.withVersion(expectedVersion + 1)
            let writer = PostgresWriter(connection: connection, logger: logger)
            try await writer.write(stored)
            try await writer.finish(actor: actor, action: "edit")
            return stored
        }
    }

    /// Imports of at least this many records merge the full-text indexes' pending lists.
    static let mergeAfter = 1_000

    static func binds(_ values: String...) -> PostgresBindings {
        var b = PostgresBindings(capacity: values.count)
        for v in values { b.append(v) }
        return b
    }
}
