import AigaqCore
import AigaqStore
import Foundation
import PostgresNIO

extension PostgresStore {
    // MARK: - Reads

    public func exportEntities(_ body: (Entity) throws -> Void) async throws {
        try await read { connection in
            // One snapshot for the whole export, as SQLite's read transaction gives.
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                // Through the codec, as every read: sealed parts opened with
                // the key, records sealed whole left out without it.
                let codec = try await codec(connection)
                let decoder = AigaqJSON.decoder()
                for (table, type) in PostgresStore.recordTables {
                    // A source's text lives in its own column, unless the source is sealed whole.
                    let text = table == "source" ? "text" : "NULL::text"
                    let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT id, json, \(text) FROM \(table) ORDER BY ord"), logger: logger)
                    for try await (id, json, text) in rows.decode((String, String, String?).self) {
                        guard var entity = try PostgresStore.decode(type: type, id: id, stored: json, codec: codec, decoder: decoder) else { continue }
                        if case .source(var source) = entity, let text { source.text = text; entity = .source(source) }
                        try body(entity)
                    }
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// The records a query returns (as `id, json`) of type tag `tag`,
    /// opened; records sealed whole are left out without the key.
    func records<T: Decodable>(_ type: T.Type, _ tag: String, _ query: PostgresQuery) async throws -> [T] {
        let (rows, codec) = try await reading { connection, codec in
            var out: [(String, String)] = []
            for try await row in try await connection.query(query, logger: logger).decode((String, String).self) { out.append(row) }
            return (out, codec)
        }
        let decoder = AigaqJSON.decoder()
        return try rows.compactMap { id, stored in
            try codec.open(stored: stored, type: tag, id: id).map { try decoder.decode(T.self, from: Data($0.json.utf8)) }
        }
    }

    public func person(id: Person.ID) async throws -> Person? {
        try await records(Person.self, "person", "SELECT id, json FROM person WHERE id = \(id.rawValue)").first
    }

    public func persons(named name: String, limit: Int) async throws -> [Person] {
        guard let exact = PostgresSearch.names(name, prefix: false), let prefix = PostgresSearch.names(name, prefix: true) else { return [] }
        let ids = try await read { try await personIDs($0, exact: exact, prefix: prefix, limit: limit) }
        guard !ids.isEmpty else { return [] }
        let persons = try await records(Person.self, "person", "SELECT id, json FROM person WHERE id = ANY(\(ids))")
        let byID = Dictionary(persons.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// Most index entries one search stage ranks or reads (as `SQLiteStore.searchWindow`).
    static let searchWindow = 400

    /// Person ids whose names match: whole words first, by rank, then
    /// prefixes (unranked, as in SQLite: a short prefix can match thousands of names).
    func personIDs(_ connection: PostgresConnection, exact: String, prefix: String, limit: Int) async throws -> [String] {
        var ids: [String] = []
        var seen: Set<String> = []
        // Ranked among the first `searchWindow` matches only, as in SQLite: a common
        // name matches thousands of entries and a page shows a few dozen.
        let ranked = try await connection.query("""
            SELECT person_id FROM (
                SELECT person_id, id, search FROM person_name WHERE search @@ to_tsquery('simple', \(exact)) LIMIT \(Self.searchWindow)) m
            ORDER BY ts_rank(search, to_tsquery('simple', \(exact))) DESC, id
            """, logger: logger)
        for try await id in ranked.decode(String.self) where ids.count < limit && seen.insert(id).inserted { ids.append(id) }
        if ids.count < limit {
            let more = try await connection.query("""
                SELECT person_id FROM person_name WHERE search @@ to_tsquery('simple', \(prefix)) LIMIT \(Self.searchWindow)
                """, logger: logger)
            for try await id in more.decode(String.self) where ids.count < limit && seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    public func cases(involving person: Person.ID) async throws -> [Case] {
        try await records(Case.self, "case", """
            SELECT id, json FROM legal_case WHERE id IN (
                SELECT case_id FROM case_participant WHERE person_id = \(person.rawValue)
                UNION SELECT case_id FROM charge WHERE person_id = \(person.rawValue))
            ORDER BY ord
            """)
    }

    public func events(involving person: Person.ID) async throws -> [Event] {
        try await records(Event.self, "event", """
            SELECT id, json FROM event WHERE id IN (SELECT event_id FROM event_participant WHERE person_id = \(person.rawValue))
            ORDER BY date_key NULLS FIRST, ord
            """)
    }

    public func source(id: Source.ID) async throws -> Source? {
        try await reading { connection, codec in try await fetchSource(connection, codec, id: id.rawValue) }
    }

    public func source(sha256: String) async throws -> Source? {
        try await reading { connection, codec in
            guard let id = try await PostgresStore.sourceID(connection, sha256: sha256, codec: codec, logger: logger) else { return nil }
            return try await fetchSource(connection, codec, id: id)
        }
    }

    private func fetchSource(_ connection: PostgresConnection, _ codec: SealingCodec, id: String) async throws -> Source? {
        let row = try await connection.query("SELECT json, text FROM source WHERE id = \(id)", logger: logger)
            .decode((String, String?).self).first { _ in true }
        guard let (json, text) = row, case .source(var source)? = try PostgresStore.decode(type: "source", id: id, stored: json, codec: codec) else {
            return nil
        }
        if let text { source.text = text }
        return source
    }

    public func lists() async throws -> [PersonList] {
        try await records(PersonList.self, "list", "SELECT id, json FROM person_list ORDER BY ord")
    }

    public func snapshot(of list: PersonList.ID, asOf: DateValue?) async throws -> ListSnapshot? {
        try await records(ListSnapshot.self, "list_snapshot", """
            SELECT id, json FROM list_snapshot WHERE list_id = \(list.rawValue) AND as_of_key <= \(asOf?.latestKey ?? Int.max)
            ORDER BY as_of_key DESC LIMIT 1
            """).first
    }

    public func figures(measure: String?) async throws -> [StatedFigure] {
        if let measure {
            return try await records(StatedFigure.self, "figure", "SELECT id, json FROM figure WHERE measure = \(measure) ORDER BY period_key, id")
        }
        return try await records(StatedFigure.self, "figure", "SELECT id, json FROM figure ORDER BY period_key, id")
    }

    public func snapshots(of list: PersonList.ID) async throws -> [ListSnapshot] {
        try await records(ListSnapshot.self, "list_snapshot", "SELECT id, json FROM list_snapshot WHERE list_id = \(list.rawValue) ORDER BY as_of_key")
    }

    public func candidates(state: Candidate.State?, limit: Int) async throws -> [Candidate] {
        if let state {
            return try await records(Candidate.self, "candidate", "SELECT id, json FROM candidate WHERE state = \(state.rawValue) ORDER BY ord LIMIT \(limit)")
        }
        return try await records(Candidate.self, "candidate", "SELECT id, json FROM candidate ORDER BY ord LIMIT \(limit)")
    }

    public func candidate(id: Candidate.ID) async throws -> Candidate? {
        try await records(Candidate.self, "candidate", "SELECT id, json FROM candidate WHERE id = \(id.rawValue)").first
    }

    public func candidates(source: Source.ID) async throws -> [Candidate] {
        try await records(Candidate.self, "candidate", "SELECT id, json FROM candidate WHERE source_id = \(source.rawValue) ORDER BY ord")
    }

    public func candidates(person: Person.ID) async throws -> [Candidate] {
        try await records(Candidate.self, "candidate", "SELECT id, json FROM candidate WHERE person_id = \(person.rawValue) ORDER BY ord")
    }

    public func decisions(about subjects: [String]?) async throws -> [Decision] {
        guard let subjects else { return try await records(Decision.self, "decision", "SELECT id, json FROM decision ORDER BY ord") }
        guard !subjects.isEmpty else { return [] }
        return try await records(Decision.self, "decision", "SELECT id, json FROM decision WHERE subject = ANY(\(subjects)) OR object = ANY(\(subjects)) ORDER BY ord")
    }

    public func events(ids: [Event.ID]) async throws -> [Event] {
        guard !ids.isEmpty else { return [] }
        return try await records(Event.self, "event", "SELECT id, json FROM event WHERE id = ANY(\(ids.map(\.rawValue))) ORDER BY date_key NULLS FIRST, ord")
    }

    public func assessments(of person: Person.ID) async throws -> [Assessment] {
        try await records(Assessment.self, "assessment", "SELECT id, json FROM assessment WHERE person_id = \(person.rawValue) ORDER BY ord")
    }

    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        try await search(query, limit: limit, snippets: true)
    }

    public func search(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit] {
        guard let exact = PostgresSearch.names(query, prefix: false), let prefix = PostgresSearch.names(query, prefix: true),
              let words = PostgresSearch.words(query) else { return [] }
        return try await read { connection in
            var hits: [SearchHit] = []
            let ids = try await personIDs(connection, exact: exact, prefix: prefix, limit: limit)
            if !ids.isEmpty {
                var names: [String: String] = [:]
                for try await (id, name) in try await connection.query("SELECT id, display_name FROM person WHERE id = ANY(\(ids))",
                                                                        logger: logger).decode((String, String).self) {
                    names[id] = name
                }
                hits += ids.enumerated().map { SearchHit(kind: .person, id: $1, title: names[$1] ?? $1, rank: Double($0)) }
            }
            return hits + (try await eventAndSourceHits(connection, words: words, snippets: snippets, limit: limit))
        }
    }

    public func searchEventsAndSources(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit] {
        guard let words = PostgresSearch.words(query) else { return [] }
        return try await read { connection in try await eventAndSourceHits(connection, words: words, snippets: snippets, limit: limit) }
    }

    private func eventAndSourceHits(_ connection: PostgresConnection, words: String, snippets: Bool, limit: Int) async throws -> [SearchHit] {
        var hits: [SearchHit] = []
        // Ranks are negated so that, as with SQLite's bm25, smaller is better; ranked
        // among the first `searchWindow` matches, as in SQLite.
        // Headlines are made for the rows kept only: they re-read the text. The
        // query is written out where it is used (not joined in as a FROM item),
        // so that the planner sees a constant and uses the GIN index.
        // Events are titled by their type, sources by their title (or id).
        for (table, column, title, kind) in [("event", "type", "type", SearchHit.Kind.event),
                                             ("source", "title", "COALESCE(title, id)", SearchHit.Kind.source)] {
            let rows = try await connection.query("""
                SELECT id, \(unescaped: title), CASE WHEN \(snippets) THEN ts_headline('simple', search_text, to_tsquery('simple', \(words)), \(PostgresSearch.headline)) END, -r FROM (
                    SELECT id, \(unescaped: column), search_text, ts_rank(search, to_tsquery('simple', \(words))) AS r, ord FROM (
                        SELECT id, \(unescaped: column), search_text, search, ord FROM \(unescaped: table) WHERE search @@ to_tsquery('simple', \(words))
                        LIMIT \(Self.searchWindow)) w
                    ORDER BY r DESC, ord LIMIT \(limit)) t
                ORDER BY r DESC
                """, logger: logger)
            for try await (id, title, snippet, rank) in rows.decode((String, String, String?, Float).self) {
                hits.append(SearchHit(kind: kind, id: id, title: title, snippet: snippet, rank: Double(rank)))
            }
        }
        return hits
    }

    public func counts() async throws -> StoreCounts {
        try await read { connection in
            var byType: [String: Int] = [:]
            for (table, type) in Self.recordTables {
                byType[type] = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: logger)
                    .decode(Int.self).first { _ in true } ?? 0
            }
            return StoreCounts(byType: byType)
        }
    }

    public func verifyAudit() async throws -> AuditVerification {
        try await read { connection in
            var verifier = AuditChain.Verifier()
            let rows = try await connection.query("""
                SELECT seq, at, actor, action, entities, change_hash, previous_hash, hash FROM audit_entry ORDER BY seq
                """, logger: logger)
            for try await row in rows.decode((Int, String, String, String, String, String, String, String).self) {
                guard verifier.check(AuditEntry(row)) else { break }
            }
            return verifier.result
        }
    }

    public func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry] {
        try await read { connection in
            let rows = try await connection.query("""
                SELECT seq, at, actor, action, entities, change_hash, previous_hash, hash FROM audit_entry
                WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)
                """, logger: logger)
            var out: [AuditEntry] = []
            for try await row in rows.decode((Int, String, String, String, String, String, String, String).self) {
                out.append(AuditEntry(row))
            }
            return out
        }
    }

    public func personCount(role: PersonRole?) async throws -> Int {
        try await read { connection in
            let query: PostgresQuery = if let role {
                "SELECT count(*) FROM person WHERE role = \(role.rawValue)"
            } else {
                "SELECT count(*) FROM person"
            }
            return try await connection.query(query, logger: logger).decode(Int.self).first { _ in true } ?? 0
        }
    }
}

extension AuditEntry {
    init(_ row: (Int, String, String, String, String, String, String, String)) {
        self.init(seq: row.0, at: row.1, actor: row.2, action: row.3, entities: row.4, changeHash: row.5,
                  previousHash: row.6, hash: row.7)
    }
}

/// tsquery text built from user input. Every word is a quoted lexeme, so
/// nothing the user types is read as a tsquery operator.
enum PostgresSearch {
    static let tsquery = SearchText.QuerySyntax(
        term: { word, prefix in
            "'" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'" + (prefix ? ":*" : "")
        },
        or: " | ", and: " & ")

    static func names(_ query: String, prefix: Bool) -> String? { SearchText.names(query, prefix: prefix, tsquery) }
    static func words(_ query: String) -> String? { SearchText.words(query, tsquery) }

    static let headline = "StartSel=[, StopSel=], MaxWords=12, MinWords=4, ShortWord=0, MaxFragments=1, FragmentDelimiter=…"
}
