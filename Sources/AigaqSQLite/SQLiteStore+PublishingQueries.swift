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
        try await writer.read { db in
            let json: [String] = if let measure {
                try String.fetchAll(db, sql: "SELECT json FROM figure WHERE measure = ? ORDER BY periodKey, id", arguments: [measure])
            } else {
                try String.fetchAll(db, sql: "SELECT json FROM figure ORDER BY periodKey, id")
            }
            return try json.map { try AigaqJSON.decoder().decode(StatedFigure.self, from: Data($0.utf8)) }
        }
    }

    public func persons(ids: [Person.ID]) async throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        let json: [String] = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT json FROM person WHERE id IN (SELECT value FROM json_each(?))",
                                arguments: [Self.jsonArray(ids.map(\.rawValue))])
        }
        let decoded = try await Self.decode(Person.self, json)
        let byID = Dictionary(decoded.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    public func cases(involvingAny persons: [Person.ID]) async throws -> [Case] {
        guard !persons.isEmpty else { return [] }
        let json: [String] = try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT json FROM legalCase WHERE id IN (
                    SELECT caseId FROM caseParticipant WHERE personId IN (SELECT value FROM json_each(?1))
                    UNION SELECT caseId FROM charge WHERE personId IN (SELECT value FROM json_each(?1)))
                ORDER BY rowid
                """, arguments: [Self.jsonArray(persons.map(\.rawValue))])
        }
        return try await Self.decode(Case.self, json)
    }

    public func events(involvingAny persons: [Person.ID], types: [String]?) async throws -> [Event] {
        guard !persons.isEmpty else { return [] }
        let json: [String] = try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT json FROM event WHERE id IN (
                    SELECT eventId FROM eventParticipant WHERE personId IN (SELECT value FROM json_each(?1)))
                  AND (?2 IS NULL OR type IN (SELECT value FROM json_each(?2)))
                ORDER BY COALESCE(dateKey, 0), id
                """, arguments: [Self.jsonArray(persons.map(\.rawValue)), types.map(Self.jsonArray)])
        }
        return try await Self.decode(Event.self, json)
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

    /// Decodes stored records, on every core when there are many: decoding,
    /// not SQLite, is most of the time of a report on thousands of persons.
    static func decode<T: Decodable & Sendable>(_ type: T.Type, _ json: [String]) async throws -> [T] {
        let parts = json.count < 400 ? 1 : max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
        guard parts > 1 else {
            let decoder = AigaqJSON.decoder()
            return try json.map { try decoder.decode(T.self, from: Data($0.utf8)) }
        }
        let size = (json.count + parts - 1) / parts
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            for k in 0..<parts {
                let slice = Array(json[min(k * size, json.count)..<min((k + 1) * size, json.count)])
                group.addTask {
                    let decoder = AigaqJSON.decoder()
                    return (k, try slice.map { try decoder.decode(T.self, from: Data($0.utf8)) })
                }
            }
            var results = [[T]](repeating: [], count: parts)
            for try await (k, part) in group { results[k] = part }
            return results.flatMap { $0 }
        }
    }

    public func events(types: [String]?, from: DateValue?, to: DateValue?) async throws -> [Event] {
        let events: [String] = try await writer.read { db in
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
            return try String.fetchAll(db, sql: "SELECT json FROM event \(whereClause) ORDER BY COALESCE(dateKey, 0), id",
                                       arguments: arguments)
        }
        return try await Self.decode(Event.self, events).filter { EventOrder.overlaps($0, from: from, to: to) }
    }

    public func events(withAttribute name: String) async throws -> [Event] {
        let json: [String] = try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT json FROM event WHERE id IN (SELECT eventId FROM eventAttribute WHERE name = ?)
                ORDER BY COALESCE(dateKey, 0), id
                """, arguments: [name])
        }
        return try await Self.decode(Event.self, json)
    }

    public func assessments(list: PersonList.ID) async throws -> [Assessment] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT json FROM assessment WHERE listId = ? ORDER BY rowid", arguments: [list])
                .map { try AigaqJSON.decoder().decode(Assessment.self, from: Data($0.utf8)) }
        }
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
                        SELECT id FROM person WHERE role != 'persecuted' OR (NOT ?1 AND confidentiality != 'public'))
                    UNION SELECT rowid FROM charge WHERE NOT ?1 AND caseId IN (
                        SELECT id FROM legalCase WHERE confidentiality != 'public'))
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
