import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// Light reads for the web: only the parts of a record a page shows, so that
/// a search result or a list line does not decode a whole person.
extension SQLiteStore {
    public func personNames(ids: [Person.ID]) async throws -> [PersonNames] {
        // The names' value, script and kind, without their citations (most of the record).
        let rows = try await inChunks(ids.map(\.rawValue)) { db, marks, chunk in
            try Row.fetchAll(db, sql: """
                SELECT p.id, p.role, p.confidentiality, n.value ->> 'value', n.value ->> 'script', n.value ->> 'kind'
                FROM person AS p, json_each(p.json, '$.names') AS n WHERE p.id IN (\(marks)) ORDER BY p.id, n.key
                """, arguments: StatementArguments(chunk))
                .map { row -> NameRow in (row[0], row[1], row[2], row[3], row[4], row[5]) }
        }
        var out: [PersonNames] = []
        for row in rows {
            if out.last?.id.rawValue != row.id {
                // A value the model does not know is never read as public: the person is left out.
                guard let role = PersonRole(rawValue: row.role), let c = Confidentiality(rawValue: row.confidentiality) else { continue }
                out.append(PersonNames(id: Person.ID(rawValue: row.id), names: [], role: role, confidentiality: c))
            }
            out[out.count - 1].names.append(PersonName(row.value, kind: row.kind.flatMap(PersonName.Kind.init(rawValue:)) ?? .variant,
                                                       script: row.script.flatMap(PersonName.Script.init(rawValue:))))
        }
        return out
    }

    private typealias NameRow = (id: String, role: String, confidentiality: String, value: String, script: String?, kind: String?)

    public func persons(ids: [Person.ID]) async throws -> [Person] {
        try await inChunks(ids.map(\.rawValue)) { db, marks, chunk in
            try String.fetchAll(db, sql: "SELECT json FROM person WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
        }.map { try AigaqJSON.decoder().decode(Person.self, from: Data($0.utf8)) }
    }

    public func cases(involvingAny persons: [Person.ID]) async throws -> [Case] {
        var seen: Set<String> = []
        return try await inChunks(persons.map(\.rawValue)) { db, marks, chunk in
            try Row.fetchAll(db, sql: """
                SELECT id, json FROM legalCase WHERE id IN (
                    SELECT caseId FROM caseParticipant WHERE personId IN (\(marks))
                    UNION SELECT caseId FROM charge WHERE personId IN (\(marks)))
                ORDER BY rowid
                """, arguments: StatementArguments(chunk + chunk))
                .map { ($0[0] as String, $0[1] as String) }
        }.compactMap { id, json in
            // A case of two persons in different chunks comes twice.
            guard seen.insert(id).inserted else { return nil }
            return try AigaqJSON.decoder().decode(Case.self, from: Data(json.utf8))
        }
    }

    /// Runs `body` in one read for each chunk of `ids` (SQLite bounds the
    /// variables of a statement), with `marks` the chunk's placeholders.
    /// Decoding happens after the read, so that the connection is free sooner.
    private func inChunks<T: Sendable>(_ ids: [String], _ body: @escaping @Sendable (Database, String, [String]) throws -> [T]) async throws -> [T] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [] }
        return try await reader.read { db in
            var out: [T] = []
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(unique.count, start + 500)])
                out += try body(db, Array(repeating: "?", count: chunk.count).joined(separator: ","), chunk)
            }
            return out
        }
    }

    public func sourceInfo(id: Source.ID) async throws -> Source? {
        try await reader.read { db in
            try String.fetchOne(db, sql: "SELECT json FROM source WHERE id = ?", arguments: [id])
                .map { try AigaqJSON.decoder().decode(Source.self, from: Data($0.utf8)) }
        }
    }
}
