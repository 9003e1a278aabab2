import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// The default knowledge base: one SQLite file (WAL, foreign keys, FTS5), or
/// an in-memory database for tests. The initialiser migrates, so no
/// un-migrated store exists.
public final class SQLiteStore: KnowledgeStore {
    let writer: any DatabaseWriter
    let sealing: SealingBox
    /// Reads for extensions in other files.
    var reader: any DatabaseReader { writer }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// With `masterKey`, sealed values are opened and confidential values can
    /// be written; a key that is not this database's is a clear error.
    public init(path: String, masterKey: MasterKey? = nil) throws {
        var config = SQLiteStore.configuration()
        config.busyMode = .timeout(5)
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            writer = pool
            try Migrations.migrator.migrate(pool)
            sealing = SealingBox(master: masterKey)
            try pool.read { db in _ = try self.codec(db) }
            // Given a key, a database that has none gets one at once, unless it
            // holds confidential values in clear (an older Aigaq's): sealing
            // those rebuilds the file, which `aigaq key init` does on request.
            if masterKey != nil, try pool.read({ try SQLiteStore.wrappedKey($0) == nil && SQLiteStore.clearConfidentialRecords($0) == 0 }) {
                // TOTP secrets stored plain before are sealed now: no clear copy may stay in the file.
                if let report = try initialiseSealingNow(actor: "aigaq", ifAbsent: true), report.accountSecretsSealed > 0 {
                    try purgeFreedSpace(vacuum: true)
                }
            }
        } catch let error as DatabaseError {
            throw SQLiteStore.map(error, path: path)
        }
    }

    /// A private in-memory database, for tests. It seals with a throwaway
    /// master key (or `masterKey`), so confidential values can be written.
    public init(inMemory: Void = (), masterKey: MasterKey? = nil) throws {
        let queue = try DatabaseQueue(configuration: SQLiteStore.configuration())
        writer = queue
        try Migrations.migrator.migrate(queue)
        sealing = SealingBox(master: masterKey ?? .generate())
        // Not audited: the chain starts with the test's own writes.
        try initialiseSealingNow(actor: "memory", audited: false)
    }

    /// `PRAGMA integrity_check`: ["ok"] for a sound file.
    public func integrityCheck() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// How many tables, indexes and triggers the schema has, by kind: a
    /// crash test checks that an interrupted bulk import left none missing.
    public func schemaObjects() throws -> [String: Int] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT type, COUNT(*) FROM sqlite_master GROUP BY type")
                .map { ($0[0] as String, $0[1] as Int) })
        }
    }

    /// The migration identifiers applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator.appliedIdentifiers(db).sorted() }
    }

    /// Page cache of each read-only connection, in KiB.
    static let readerCacheKiB = 8192

    private static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "aigaq"
        // Readers serve the web's pages: a few at a time, each small (the OS caches the file too).
        config.maximumReaderCount = 4
        config.prepareDatabase { db in
            // Deleted and overwritten content is zeroed, so that a value sealed
            // later, or removed, does not survive in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // The default 2 MiB page cache thrashes on large imports: random inserts into
            // the participant and FTS indexes of a million events re-read the same pages.
            // Only the writer imports; a reader's cache is per connection, so a large one
            // would multiply (4 readers x 64 MiB) for little gain on random reads.
            let kib = db.configuration.readonly ? SQLiteStore.readerCacheKiB : 65536
            try db.execute(sql: "PRAGMA cache_size = -\(kib)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return config
    }

    static func map(_ error: DatabaseError, path: String) -> AigaqError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .locked(path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .database(reason: "\(path) is not an Aigaq database (or it is damaged)")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return .database(reason: "cannot open \(path) for writing")
        default:
            return .database(reason: "\(path): \(error.message ?? "SQLite error \(error.resultCode.rawValue)")")
        }
    }

    // MARK: - Writes

    public func importEntities(actor: String, _ next: () throws -> Entity?) async throws -> ImportSummary {
        try writeTransaction { db, codec in
            var summary = ImportSummary()
            let writer = RecordWriter(db: db, codec: codec)
            var bulk: BulkIndexing?
            var count = 0
            while let entity = try next() {
                try writer.write(entity)
                summary.written[entity.typeName, default: 0] += 1
                count += 1
                if count == BulkIndexing.threshold { bulk = try BulkIndexing(db) }
            }
            try bulk?.finish()
            try writer.finish(actor: actor, action: "import")
            return summary
        }
    }

    public func ingest(source: Source, original: Data?, candidates: [Candidate], actor: String) async throws -> SourceInsertResult {
        try writeTransaction { db, codec in
            if let existing = try SQLiteStore.sourceID(db, sha256: source.sha256, codec: codec) {
                return .existing(existing)
            }
            let writer = RecordWriter(db: db, codec: codec)
            try writer.write(.source(source))
            if let original { try writer.writeBytes(original, of: source) }
            for candidate in candidates { try writer.write(.candidate(candidate)) }
            try writer.finish(actor: actor, action: "ingest")
            return .inserted(source.id)
        }
    }

    /// The id of the source with these bytes, whether stored in clear or sealed (blind index).
    static func sourceID(_ db: Database, sha256: String, codec: SealingCodec) throws -> Source.ID? {
        var keys = [sha256.lowercased()]
        if let sealer = codec.sealer { keys.append(sealer.blindSHA256(sha256)) }
        for key in keys {
            if let id = try String.fetchOne(db, sql: "SELECT id FROM source WHERE sha256 = ?", arguments: [key]) {
                return Source.ID(rawValue: id)
            }
        }
        return nil
    }

    public func apply(delete: [EntityRef], write: [Entity], actor: String) async throws {
        try writeTransaction { db, codec in
            // A rebuild deletes and rewrites records that point at each other:
            // references are checked when the transaction commits, not per statement.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let writer = RecordWriter(db: db, codec: codec)
            for ref in delete { try writer.delete(ref) }
            for entity in write { try writer.write(entity) }
            try writer.finish(actor: actor, action: "change")
        }
    }

    public func update(_ entity: Entity, expectedVersion: Int, actor: String) async throws -> Entity {
        guard entity.version != nil, let table = RecordWriter.table(for: entity.typeName) else {
            throw AigaqError.usage("\(entity.typeName) records are not edited by version; only persons, organisations, cases and events are")
        }
        return try writeTransaction { db, codec in
            guard let json = try String.fetchOne(db, sql: "SELECT json FROM \(table) WHERE id = ?", arguments: [entity.id]) else {
                throw AigaqError.notFound(what: "\(entity.typeName) \(entity.id)")
            }
            guard let current = try RecordWriter.decode(type: entity.typeName, id: entity.id, stored: json, codec: codec) else {
                throw SealingCodec.cannotSeal(codec.state, what: "\(entity.typeName) \(entity.id)")
            }
            let found = current.version ?? 1
            guard found == expectedVersion else {
                throw AigaqError.staleEdit(entity: "\(entity.typeName) \(entity.id)", expected: expectedVersion, found: found)
            }
            let stored = entity.withVersion(expectedVersion + 1)
            let writer = RecordWriter(db: db, codec: codec)
            try writer.write(stored)
            try writer.finish(actor: actor, action: "edit")
            return stored
        }
    }

    /// A synchronous read, for bodies that call back into non-Sendable closures.
    private func syncRead<T>(_ body: (Database, SealingCodec) throws -> T) throws -> T {
        try writer.read { db in try body(db, try codec(db)) }
    }

    /// A read with the codec that opens what this database sealed.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database, SealingCodec) throws -> T) async throws -> T {
        try await writer.read { db in try body(db, try self.codec(db)) }
    }

    /// One write transaction, with database errors turned into user messages.
    func writeTransaction<T>(_ body: (Database, SealingCodec) throws -> T) throws -> T {
        do {
            return try writer.write { db in try body(db, try codec(db)) }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_CONSTRAINT {
                throw AigaqError.badInput(file: "import", line: nil,
                    reason: "a reference points to a record that does not exist, or an id is reused (\(error.message ?? "constraint"))")
            }
            throw SQLiteStore.map(error, path: writer.path)
        }
    }

    // MARK: - Reads

    /// The stored record `id` of type `T`, opened; nil when it is sealed whole and the key is not given.
    static func record<T: Decodable>(_ type: T.Type, _ tag: String, id: String, _ stored: String, _ codec: SealingCodec) throws -> T? {
        guard let (json, _) = try codec.open(stored: stored, type: tag, id: id) else { return nil }
        return try AigaqJSON.decoder().decode(T.self, from: Data(json.utf8))
    }

    /// The records `sql` selects (as `id, json`), opened; sealed whole ones are left out without the key.
    static func records<T: Decodable>(_ type: T.Type, _ tag: String, _ db: Database, _ codec: SealingCodec,
                                      sql: String, arguments: StatementArguments = []) throws -> [T] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
            try record(T.self, tag, id: row[0], row[1], codec)
        }
    }

    public func exportEntities(_ body: (Entity) throws -> Void) async throws {
        try syncRead { db, codec in
            let decoder = AigaqJSON.decoder()
            for (table, type) in RecordWriter.tables {
                // A source's text lives in its own column, unless the source is sealed whole.
                let sql = table == "source" ? "SELECT id, json, text FROM source ORDER BY rowid" : "SELECT id, json, NULL FROM \(table) ORDER BY rowid"
                let rows = try Row.fetchCursor(db, sql: sql)
                while let row = try rows.next() {
                    guard var entity = try RecordWriter.decode(type: type, id: row[0], stored: row[1], codec: codec, decoder: decoder) else { continue }
                    if case .source(var source) = entity, let text = row[2] as String? {
                        source.text = text
                        entity = .source(source)
                    }
                    try body(entity)
                }
            }
        }
    }

    public func person(id: Person.ID) async throws -> Person? {
        try await read { db, codec in
            try String.fetchOne(db, sql: "SELECT json FROM person WHERE id = ?", arguments: [id])
                .flatMap { try SQLiteStore.record(Person.self, "person", id: id.rawValue, $0, codec) }
        }
    }

    public func persons(named name: String, limit: Int) async throws -> [Person] {
        guard let exact = SearchPattern.names(name, prefix: false), let prefix = SearchPattern.names(name, prefix: true) else { return [] }
        return try await read { db, codec in
            try SQLiteStore.personIDs(db, exact: exact, prefix: prefix, limit: limit).compactMap { id in
                try String.fetchOne(db, sql: "SELECT json FROM person WHERE id = ?", arguments: [id])
                    .flatMap { try SQLiteStore.record(Person.self, "person", id: id, $0, codec) }
            }
        }
    }

    /// Most index entries one search stage looks at. A common name or a short
    /// prefix can match thousands of names; a page shows a few dozen, so the
    /// work per query is bounded: ranking is among the first this many matches
    /// (in stored order), never over all of them.
    static let searchWindow = 400

    /// Person ids whose names match: whole words first, best bm25 rank first,
    /// then prefixes (unranked, in stored order).
    static func personIDs(_ db: Database, exact: String, prefix: String, limit: Int) throws -> [String] {
        var ids: [String] = []
        var seen: Set<String> = []
        let ranked = try String.fetchCursor(db, sql: """
            SELECT personName.personId FROM (
                SELECT rowid AS r, rank FROM personNameFts WHERE personNameFts MATCH ? LIMIT ?) AS m
            JOIN personName ON personName.id = m.r ORDER BY m.rank, m.r
            """, arguments: [exact, searchWindow])
        while ids.count < limit, let id = try ranked.next() { if seen.insert(id).inserted { ids.append(id) } }
        if ids.count < limit {
            let more = try String.fetchCursor(db, sql: """
                SELECT personName.personId FROM personNameFts JOIN personName ON personName.id = personNameFts.rowid
                WHERE personNameFts MATCH ? LIMIT ?
                """, arguments: [prefix, searchWindow])
            while ids.count < limit, let id = try more.next() { if seen.insert(id).inserted { ids.append(id) } }
        }
        return ids
    }

    public func cases(involving person: Person.ID) async throws -> [Case] {
        try await read { db, codec in
            try SQLiteStore.records(Case.self, "case", db, codec, sql: """
                SELECT id, json FROM legalCase WHERE id IN (
                    SELECT caseId FROM caseParticipant WHERE personId = ?
                    UNION SELECT caseId FROM charge WHERE personId = ?)
                ORDER BY rowid
                """, arguments: [person, person])
        }
    }

    public func events(involving person: Person.ID) async throws -> [Event] {
        try await read { db, codec in
            try SQLiteStore.records(Event.self, "event", db, codec, sql: """
                SELECT id, json FROM event WHERE id IN (SELECT eventId FROM eventParticipant WHERE personId = ?)
                ORDER BY dateKey, rowid
                """, arguments: [person])
        }
    }

    public func source(id: Source.ID) async throws -> Source? {
        try await read { db, codec in try SQLiteStore.fetchSource(db, codec, where: "id = ?", id.rawValue) }
    }

    public func source(sha256: String) async throws -> Source? {
        try await read { db, codec in
            guard let id = try SQLiteStore.sourceID(db, sha256: sha256, codec: codec) else { return nil }
            return try SQLiteStore.fetchSource(db, codec, where: "id = ?", id.rawValue)
        }
    }

    static func fetchSource(_ db: Database, _ codec: SealingCodec, where clause: String, _ value: String) throws -> Source? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, json, text FROM source WHERE \(clause)", arguments: [value]),
              var source = try record(Source.self, "source", id: row["id"], row["json"], codec) else {
            return nil
        }
        if let text = row["text"] as String? { source.text = text }
        return source
    }

    public func lists() async throws -> [PersonList] {
        try await read { db, codec in
            try SQLiteStore.records(PersonList.self, "list", db, codec, sql: "SELECT id, json FROM personList ORDER BY rowid")
        }
    }

    public func snapshot(of list: PersonList.ID, asOf: DateValue?) async throws -> ListSnapshot? {
        try await read { db, codec in
            try SQLiteStore.records(ListSnapshot.self, "list_snapshot", db, codec, sql: """
                SELECT id, json FROM listSnapshot WHERE listId = ? AND asOfKey <= ? ORDER BY asOfKey DESC LIMIT 1
                """, arguments: [list, asOf?.latestKey ?? Int.max]).first
        }
    }

    public func snapshots(of list: PersonList.ID) async throws -> [ListSnapshot] {
        try await read { db, codec in
            try SQLiteStore.records(ListSnapshot.self, "list_snapshot", db, codec,
                                    sql: "SELECT id, json FROM listSnapshot WHERE listId = ? ORDER BY asOfKey", arguments: [list])
        }
    }

    public func candidates(state: Candidate.State?, limit: Int) async throws -> [Candidate] {
        try await read { db, codec in
            if let state {
                return try SQLiteStore.records(Candidate.self, "candidate", db, codec,
                                               sql: "SELECT id, json FROM candidate WHERE state = ? ORDER BY rowid LIMIT ?",
                                               arguments: [state.rawValue, limit])
            }
            return try SQLiteStore.records(Candidate.self, "candidate", db, codec,
                                           sql: "SELECT id, json FROM candidate ORDER BY rowid LIMIT ?", arguments: [limit])
        }
    }

    public func candidate(id: Candidate.ID) async throws -> Candidate? {
        try await read { db, codec in
            try String.fetchOne(db, sql: "SELECT json FROM candidate WHERE id = ?", arguments: [id])
                .flatMap { try SQLiteStore.record(Candidate.self, "candidate", id: id.rawValue, $0, codec) }
        }
    }

    public func candidates(source: Source.ID) async throws -> [Candidate] {
        try await read { db, codec in
            try SQLiteStore.records(Candidate.self, "candidate", db, codec,
                                    sql: "SELECT id, json FROM candidate WHERE sourceId = ? ORDER BY rowid", arguments: [source])
        }
    }

    public func candidates(person: Person.ID) async throws -> [Candidate] {
        try await read { db, codec in
            try SQLiteStore.records(Candidate.self, "candidate", db, codec,
                                    sql: "SELECT id, json FROM candidate WHERE personId = ? ORDER BY rowid", arguments: [person])
        }
    }

    public func decisions(about subjects: [String]?) async throws -> [Decision] {
        try await read { db, codec in
            if let subjects {
                let marks = Array(repeating: "?", count: subjects.count).joined(separator: ",")
                guard !subjects.isEmpty else { return [] }
                return try SQLiteStore.records(Decision.self, "decision", db, codec,
                                               sql: "SELECT id, json FROM decision WHERE subject IN (\(marks)) OR object IN (\(marks)) ORDER BY rowid",
                                               arguments: StatementArguments(subjects + subjects))
            }
            return try SQLiteStore.records(Decision.self, "decision", db, codec, sql: "SELECT id, json FROM decision ORDER BY rowid")
        }
    }

    public func events(ids: [Event.ID]) async throws -> [Event] {
        guard !ids.isEmpty else { return [] }
        return try await read { db, codec in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            return try SQLiteStore.records(Event.self, "event", db, codec, sql: "SELECT id, json FROM event WHERE id IN (\(marks)) ORDER BY dateKey, rowid",
                                           arguments: StatementArguments(ids.map(\.rawValue)))
        }
    }

    public func assessments(of person: Person.ID) async throws -> [Assessment] {
        try await read { db, codec in
            try SQLiteStore.records(Assessment.self, "assessment", db, codec,
                                    sql: "SELECT id, json FROM assessment WHERE personId = ? ORDER BY rowid", arguments: [person])
        }
    }

    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        try await search(query, limit: limit, snippets: true)
    }

    public func search(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit] {
        guard let exact = SearchPattern.names(query, prefix: false), let prefix = SearchPattern.names(query, prefix: true),
              let words = SearchPattern.words(query) else { return [] }
        return try await writer.read { db in
            var hits: [SearchHit] = []
            let ids = try SQLiteStore.personIDs(db, exact: exact, prefix: prefix, limit: limit)
            let names = try SQLiteStore.displayNames(db, ids)
            for (i, id) in ids.enumerated() {
                hits.append(SearchHit(kind: .person, id: id, title: names[id] ?? id, rank: Double(i)))
            }
            return hits + (try SQLiteStore.eventAndSourceHits(db, pattern: words, limit: limit, snippets: snippets))
        }
    }

    public func searchEventsAndSources(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit] {
        guard let words = SearchPattern.words(query) else { return [] }
        return try await writer.read { db in try SQLiteStore.eventAndSourceHits(db, pattern: words, limit: limit, snippets: snippets) }
    }

    private static func eventAndSourceHits(_ db: Database, pattern: String, limit: Int, snippets: Bool) throws -> [SearchHit] {
        try textHits(db, kind: .event, fts: "eventFts", table: "event", title: "event.type", pattern: pattern, limit: limit, snippets: snippets)
            + textHits(db, kind: .source, fts: "sourceFts", table: "source", title: "COALESCE(source.title, source.id)",
                       pattern: pattern, limit: limit, snippets: snippets)
    }

    private static func displayNames(_ db: Database, _ ids: [String]) throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, displayName FROM person WHERE id IN (\(marks))", arguments: StatementArguments(ids)) {
            out[row[0]] = row[1]
        }
        return out
    }

    /// Events or sources whose text matches, best bm25 rank first among the
    /// first `searchWindow` matches; snippets only for the hits returned.
    private static func textHits(_ db: Database, kind: SearchHit.Kind, fts: String, table: String, title: String,
                                 pattern: String, limit: Int, snippets: Bool) throws -> [SearchHit] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT m.r, \(table).id, \(title), m.rank FROM (
                SELECT rowid AS r, rank FROM \(fts) WHERE \(fts) MATCH ? LIMIT ?) AS m
            JOIN \(table) ON \(table).rowid = m.r ORDER BY m.rank, m.r LIMIT ?
            """, arguments: [pattern, searchWindow, limit])
        return try rows.map { row in
            var snippet: String?
            if snippets {
                snippet = try String.fetchOne(db, sql: """
                    SELECT snippet(\(fts), 0, '[', ']', '…', 12) FROM \(fts) WHERE \(fts) MATCH ? AND rowid = ?
                    """, arguments: [pattern, row[0] as Int64])
            }
            return SearchHit(kind: kind, id: row[1], title: row[2], snippet: snippet, rank: row[3])
        }
    }

    public func counts() async throws -> StoreCounts {
        try await writer.read { db in
            var byType: [String: Int] = [:]
            for (table, type) in RecordWriter.tables {
                byType[type] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return StoreCounts(byType: byType)
        }
    }

    public func verifyAudit() async throws -> AuditVerification {
        try await writer.read { db in try SQLiteAudit.verify(db) }
    }

    public func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM auditEntry WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
                .map(SQLiteAudit.entry)
        }
    }

    public func personCount(role: PersonRole?) async throws -> Int {
        try await writer.read { db in
            if let role {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person WHERE role = ?", arguments: [role.rawValue]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person") ?? 0
        }
    }

}
