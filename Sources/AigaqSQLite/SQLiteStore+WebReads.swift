import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// Light reads for the web, in one read each. Every record is opened through
/// the sealing codec, as every read is: sealed parts opened with the key,
/// records sealed whole left out without it.
extension SQLiteStore {
    public func personNames(ids: [Person.ID]) async throws -> [PersonNames] {
        guard !ids.isEmpty else { return [] }
        return try await read { db, codec in
            try SQLiteStore.records(Person.self, "person", db, codec,
                                    sql: "SELECT id, json FROM person WHERE id IN (SELECT value FROM json_each(?))",
                                    arguments: [Self.jsonArray(ids.map(\.rawValue))])
                .map(PersonNames.init)
        }
    }

    public func sourceInfo(id: Source.ID) async throws -> Source? {
        // The text lives in its own column (or inside a source sealed whole): not read here.
        try await read { db, codec in
            guard var source = try SQLiteStore.records(Source.self, "source", db, codec,
                                                       sql: "SELECT id, json FROM source WHERE id = ?", arguments: [id.rawValue]).first
            else { return nil }
            source.text = nil
            return source
        }
    }
}
