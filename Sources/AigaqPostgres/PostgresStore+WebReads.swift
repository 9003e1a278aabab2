import AigaqCore
import AigaqStore
import Foundation
import PostgresNIO

/// Indexed answers to the publishing and web reads (the protocol's defaults
/// export the whole knowledge base, or read one record at a time): the same
/// answers as `SQLiteStore+Publishing` and `SQLiteStore+WebReads`.
extension PostgresStore {
    public func revision() async throws -> Int? {
        try await read { connection in
            try await connection.query("SELECT COALESCE(max(seq), 0)::bigint FROM audit_entry", logger: logger)
                .decode(Int.self).first { _ in true } ?? 0
        }
    }

    public func entities(type: String, after: String?, limit: Int) async throws -> [Entity] {
        guard let table = Table.name(of: type) else { throw AigaqError.usage("unknown record type \(type)") }
        // Through the sealing codec, as every read: records sealed whole are left out without the key.
        let (rows, codec) = try await reading { connection, codec in
            var out: [(String, String, String?)] = []
            let text = type == "source" ? "text" : "NULL::text"
            var query = PostgresQuery(unsafeSQL: "SELECT id, json, \(text) FROM \(table) WHERE id > $1 ORDER BY id LIMIT $2")
            query.binds.append(after ?? "")
            query.binds.append(limit)
            for try await row in try await connection.query(query, logger: logger).decode((String, String, String?).self) { out.append(row) }
            return (out, codec)
        }
        let decoder = AigaqJSON.decoder()
        return try rows.compactMap { id, stored, text -> Entity? in
            guard let (json, _) = try codec.open(stored: stored, type: type, id: id) else { return nil }
            var entity = try StoredRecord.decode(type: type, json: json, decoder: decoder)
            if case .source(var source) = entity, let text { source.text = text; entity = .source(source) }
            return entity
        }
    }

    public func latestEvents(limit: Int) async throws -> [Event] {
        try await records(Event.self, "event", """
            SELECT id, json FROM event WHERE date_key IS NOT NULL ORDER BY date_key DESC, ord DESC LIMIT \(limit)
            """)
    }

    public func personNames(ids: [Person.ID]) async throws -> [PersonNames] {
        guard !ids.isEmpty else { return [] }
        // The names' value, script and kind, without their citations (most of the record).
        let rows = try await read { connection in
            var out: [(String, String, String, String?, String?, String?)] = []
            for try await row in try await connection.query("""
                SELECT p.id, p.role, p.confidentiality, n.value ->> 'value', n.value ->> 'script', n.value ->> 'kind'
                FROM person AS p, jsonb_array_elements(p.json::jsonb -> 'names') WITH ORDINALITY AS n(value, i)
                WHERE p.id = ANY(\(Array(Set(ids.map(\.rawValue))))) ORDER BY p.id, n.i
                """, logger: logger).decode((String, String, String, String?, String?, String?).self) { out.append(row) }
            return out
        }
        var out: [PersonNames] = []
        for (id, role, confidentiality, value, script, kind) in rows {
            // A sealed name has no readable value here: it is confidential, never shown.
            guard let value else { continue }
            if out.last?.id.rawValue != id {
                // A value the model does not know is never read as public: the person is left out.
                guard let role = PersonRole(rawValue: role), let c = Confidentiality(rawValue: confidentiality) else { continue }
                out.append(PersonNames(id: Person.ID(rawValue: id), names: [], role: role, confidentiality: c))
            }
            out[out.count - 1].names.append(PersonName(value, kind: kind.flatMap(PersonName.Kind.init(rawValue:)) ?? .variant,
                                                       script: script.flatMap(PersonName.Script.init(rawValue:))))
        }
        return out
    }

    public func persons(ids: [Person.ID]) async throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        let found = try await records(Person.self, "person", "SELECT id, json FROM person WHERE id = ANY(\(Array(Set(ids.map(\.rawValue)))))")
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }  // in the order asked
    }

    public func cases(involvingAny persons: [Person.ID]) async throws -> [Case] {
        guard !persons.isEmpty else { return [] }
        let ids = Array(Set(persons.map(\.rawValue)))
        return try await records(Case.self, "case", """
            SELECT id, json FROM legal_case WHERE id IN (
                SELECT case_id FROM case_participant WHERE person_id = ANY(\(ids))
                UNION SELECT case_id FROM charge WHERE person_id = ANY(\(ids)))
            ORDER BY ord
            """)
    }

    public func sourceInfo(id: Source.ID) async throws -> Source? {
        try await records(Source.self, "source", "SELECT id, json FROM source WHERE id = \(id.rawValue)").first
    }
}
