import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// Light reads for the web: only the parts of a record a page shows, so that
/// a search result or a list line does not decode a whole person.
extension SQLiteStore {
    public func personNames(ids: [Person.ID]) async throws -> [PersonNames] {
        // The names' value, script and kind, without their citations (most of the record).
        guard !ids.isEmpty else { return [] }
        let rows = try await reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, p.role, p.confidentiality, n.value ->> 'value', n.value ->> 'script', n.value ->> 'kind'
                FROM person AS p, json_each(p.json, '$.names') AS n
                WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id, n.key
                """, arguments: [Self.jsonArray(ids.map(\.rawValue))])
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

    public func sourceInfo(id: Source.ID) async throws -> Source? {
        try await reader.read { db in
            try String.fetchOne(db, sql: "SELECT json FROM source WHERE id = ?", arguments: [id])
                .map { try AigaqJSON.decoder().decode(Source.self, from: Data($0.utf8)) }
        }
    }
}
