import GRDB

/// Full-text indexing for large imports. Keeping the FTS5 indexes in step
/// row by row (triggers) costs more than half of a large import; building
/// them once from their content tables at the end costs far less. So after
/// `threshold` records an import drops the sync triggers, and when it ends
/// rebuilds the indexes and puts the triggers back, all inside its one
/// transaction: a failed import rolls back the triggers too.
struct BulkIndexing {
    /// Below this an import keeps the triggers: a rebuild re-reads every row,
    /// so it only pays off for imports that are large next to the database.
    static let threshold = 20_000
    static let indexes = ["personNameFts", "eventFts", "sourceFts"]

    private let db: Database
    private let triggers: [String]

    init(_ db: Database) throws {
        self.db = db
        // The sync triggers are the ones whose body writes into an FTS table.
        let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        var kept: [String] = []
        for row in rows {
            let name: String = row["name"]
            let sql: String = row["sql"]
            guard BulkIndexing.indexes.contains(where: { sql.contains("\"\($0)\"") }) else { continue }
            kept.append(sql)
            try db.execute(sql: "DROP TRIGGER \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"")
        }
        triggers = kept
    }

    /// Rebuilds every index from its content table and restores the triggers.
    func finish() throws {
        for index in BulkIndexing.indexes {
            try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES('rebuild')")
        }
        for sql in triggers { try db.execute(sql: sql) }
    }
}
