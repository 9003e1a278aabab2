import AigaqCore
import AigaqStore
import Foundation
import GRDB
import Tagged

/// The publishing queries (lists, statistics, reports) as indexed SQL, so that
/// a report or the statistics of 100,000 persons take well under a second.
/// Id lists travel as one JSON array parameter (`json_each`), whatever their length.
extension SQLiteStore {
    public func figures(measure: String?) async throws -> [StatedFigure] {
        let json: [StoredRow] = try await writer.read { db in
            if let measure {
                try StoredRow.fetchAll(db, sql: "SELECT id, json FROM figure WHERE measure = ? ORDER BY periodKey, id", arguments: [measure])
            } else {
                try StoredRow.fetchAll(db, sql: "SELECT id, json FROM figure ORDER BY periodKey, id")
            }
        }
        return try await decode(StatedFigure.self, "figure", json)
    }

    public func persons(ids: [Person.ID]) async throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        let json: [StoredRow] = try await writer.read { db in
            try StoredRow.fetchAll(db, sql: "SELECT id, json FROM person WHERE id IN (SELECT value FROM json_each(?))",
                                arguments: [Self.jsonArray(ids.map(\.rawValue))])
        }
        let decoded = try await decode(Person.self, "person", json)
        let byID = Dictionary(decoded.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    public func cases(involvingAny persons: [Person.ID]) async throws -> [Case] {
        guard !persons.isEmpty else { return [] }
        let json: [StoredRow] = try await writer.read { db in
            try StoredRow.fetchAll(db, sql: """
                SELECT id, json FROM legalCase WHERE id IN (
                    SELECT caseId FROM caseParticipant WHERE personId IN (SELECT value FROM json_each(?1))
                    UNION SELECT caseId FROM charge WHERE personId IN (SELECT value FROM json_each(?1)))
                ORDER BY rowid
                """, arguments: [Self.jsonArray(persons.map(\.rawValue))])
        }
        return try await decode(Case.self, "case", json)
    }

    public func events(involvingAny persons: [Person.ID], types: [String]?) async throws -> [Event] {
        guard !persons.isEmpty else { return [] }
        let json: [StoredRow] = try await writer.read { db in
            try StoredRow.fetchAll(db, sql: """
                SELECT id, json FROM event WHERE id IN (
                    SELECT eventId FROM eventParticipant WHERE personId IN (SELECT value FROM json_each(?1)))
                  AND (?2 IS NULL OR type IN (SELECT value FROM json_each(?2)))
                ORDER BY COALESCE(dateKey, 0), id
                """, arguments: [Self.jsonArray(persons.map(\.rawValue)), types.map(Self.jsonArray)])
        }
        return try await decode(Event.self, "event", json)
    }

    public func publicPersonNames(among ids: [Person.ID]) async throws -> [Person.ID: String] {
        guard !ids.isEmpty else { return [:] }
        return try await writer.read { db in
            var names: [Person.ID: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, displayName FROM person WHERE confidentiality = 'public' AND id IN (SELECT value FROM json_each(?))
                """, arguments: [Self.jsonArray(ids.map(\.rawValue))]) {
                names[Person.ID(rawValue: row[0])] = row[1]
            }
            return names
        }
    }

    /// Opens (through the sealing codec) and decodes stored records, on every
    /// core when there are many: decoding, not SQLite, is most of the time of
    /// a report on thousands of persons. Records sealed whole are left out
    /// when the key is not given, as in every read.
    func decode<T: Decodable & Sendable>(_ type: T.Type, _ tag: String, _ rows: [StoredRow]) async throws -> [T] {
        let codec = try await read { _, codec in codec }
        @Sendable func one(_ row: StoredRow, _ decoder: JSONDecoder) throws -> T? {
            guard let (json, _) = try codec.open(stored: row.json, type: tag, id: row.id) else { return nil }
            return try decoder.decode(T.self, from: Data(json.utf8))
        }
        let parts = rows.count < 400 ? 1 : max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
        guard parts > 1 else {
            let decoder = AigaqJSON.decoder()
            return try rows.compactMap { try one($0, decoder) }
        }
        let size = (rows.count + parts - 1) / parts
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            for k in 0..<parts {
                let slice = Array(rows[min(k * size, rows.count)..<min((k + 1) * size, rows.count)])
                group.addTask {
                    let decoder = AigaqJSON.decoder()
                    return (k, try slice.compactMap { try one($0, decoder) })
                }
            }
            var results = [[T]](repeating: [], count: parts)
            for try await (k, part) in group { results[k] = part }
            return results.flatMap { $0 }
        }
    }

    public func events(types: [String]?, from: DateValue?, to: DateValue?) async throws -> [Event] {
        let events: [StoredRow] = try await writer.read { db in
            var conditions: [String] = []
            var values: [(any DatabaseValueConvertible)?] = []
            if let types {
                conditions.append("type IN (SELECT value FROM json_each(?))")
                values.append(Self.jsonArray(types))
            }
            if from != nil || to != nil { conditions.append("dateKey IS NOT NULL") }
            if let to {
                conditions.append("dateKey <= ?")
                values.append(to.latestKey)
            }
            if let from {
                // A year-precise date starts at most a year before it can overlap;
                // events with an end date may start any time before. Exact test below.
                conditions.append("(dateKey > ? OR json_extract(json, '$.end_date') IS NOT NULL)")
                values.append(from.sortKey - 10_000)
            }
            let arguments = StatementArguments(values)
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try StoredRow.fetchAll(db, sql: "SELECT id, json FROM event \(whereClause) ORDER BY COALESCE(dateKey, 0), id",
                                       arguments: arguments)
        }
        return try await decode(Event.self, "event", events).filter { EventOrder.overlaps($0, from: from, to: to) }
    }

    public func events(withAttribute name: String) async throws -> [Event] {
        let json: [StoredRow] = try await writer.read { db in
            try StoredRow.fetchAll(db, sql: """
                SELECT id, json FROM event WHERE id IN (SELECT eventId FROM eventAttribute WHERE name = ?)
                ORDER BY COALESCE(dateKey, 0), id
                """, arguments: [name])
        }
        return try await decode(Event.self, "event", json)
    }

    public func assessments(list: PersonList.ID) async throws -> [Assessment] {
        let json = try await writer.read { db in
            try StoredRow.fetchAll(db, sql: "SELECT id, json FROM assessment WHERE listId = ? ORDER BY rowid", arguments: [list])
        }
        return try await decode(Assessment.self, "assessment", json)
    }

    /// The aggregates of ``KnowledgeAggregates`` in SQL, from the persons'
    /// facet rows (written with each person) and covering indexes, so no
    /// record's JSON is read.
    public func aggregates(publicOnly: Bool) async throws -> KnowledgeAggregates {
        try await writer.read { db in
            let all = publicOnly ? 0 : 1
            var result = KnowledgeAggregates()
            // Facet rows exist for persecuted persons only, public ones (1) for public persons only.
            let rows = try Row.fetchAll(db, sql: """
                SELECT facet, value, COUNT(*) FROM personFacet WHERE public = ? GROUP BY facet, value
                """, arguments: [publicOnly ? 1 : 0])
            for row in rows {
                let (facet, value, n): (String, String, Int) = (row[0], row[1], row[2])
                switch facet {
                case "status": result.personsByStatus[value] = n
                case "region": result.personsByRegion[value] = n
                case "occupation": result.personsByOccupation[value] = n
                default: break
                }
            }
            // Charges that do not count are few (of officials, of records that are
            // not public): find those from the covering indexes and count the rest,
            // instead of looking up the person and the case of every charge.
            for row in try Row.fetchAll(db, sql: """
                WITH hidden AS (
                    SELECT rowid AS r FROM charge WHERE personId IN (
                        SELECT id FROM person WHERE role != 'persecuted' OR (NOT ?1 AND confidentiality != 'public') OR confidentiality = 'confidential')
                    UNION SELECT rowid FROM charge WHERE caseId IN (
                        SELECT id FROM legalCase WHERE (NOT ?1 AND confidentiality != 'public') OR confidentiality = 'confidential'))
                SELECT code || ' ' || article, COUNT(DISTINCT personId) FROM charge
                WHERE rowid NOT IN (SELECT r FROM hidden) GROUP BY code, article
                """, arguments: [all]) {
                result.personsByArticle[row[0]] = row[1]
            }
            // Events by year from the covering index, grouped in its order (by day,
            // summed by year here); then, for the public, less the unreviewed events
            // that name a person as perpetrator (few: found from the participants,
            // their JSON read only for them).
            for row in try Row.fetchAll(db, sql: """
                SELECT dateKey, type, COUNT(*) FROM event
                WHERE dateKey IS NOT NULL AND (?1 OR confidentiality = 'public') GROUP BY dateKey, type
                """, arguments: [all]) {
                let (day, type, n): (Int, String, Int) = (row[0], row[1], row[2])
                result.eventsByYear[day / 10_000, default: [:]][type, default: 0] += n
            }
            if publicOnly {
                for row in try Row.fetchAll(db, sql: """
                    SELECT e.dateKey / 10000, e.type, COUNT(*) FROM event e
                    WHERE e.id IN (SELECT eventId FROM eventParticipant WHERE role = 'perpetrator' AND personId IS NOT NULL)
                      AND e.dateKey IS NOT NULL AND e.confidentiality = 'public'
                      AND COALESCE(json_extract(e.json, '$.reviewed_for_publication'), 0) != 1
                    GROUP BY 1, 2
                    """) {
                    let (year, type, n): (Int, String, Int) = (row[0], row[1], row[2])
                    let left = (result.eventsByYear[year]?[type] ?? 0) - n
                    result.eventsByYear[year]?[type] = left > 0 ? left : nil
                    if result.eventsByYear[year]?.isEmpty == true { result.eventsByYear[year] = nil }
                }
            }
            return result
        }
    }

    static func jsonArray(_ values: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// A stored record's id and stored form, as read before opening.
struct StoredRow: Sendable {
    let id: String
    let json: String

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [StoredRow] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { StoredRow(id: $0[0], json: $0[1]) }
    }
}
