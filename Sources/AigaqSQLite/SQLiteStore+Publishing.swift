import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// Indexed answers to the publishing reads (the protocol's defaults scan everything).
extension SQLiteStore {
    public func revision() async throws -> Int? {
        try await reader.read { db in try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM auditEntry") ?? 0 }
    }

    public func entities(type: String, after: String?, limit: Int) async throws -> [Entity] {
        guard let table = RecordWriter.table(for: type) else {
            throw AigaqError.usage("unknown record type \(type)")
        }
        // Through the codec, as every read: sealed parts opened with the key,
        // records sealed whole left out without it.
        return try await read { db, codec in
            let decoder = AigaqJSON.decoder()
            let text = type == "source" ? "text" : "NULL"
            let rows = try Row.fetchAll(db, sql: "SELECT id, json, \(text) FROM \(table) WHERE id > ? ORDER BY id LIMIT ?",
                                        arguments: [after ?? "", limit])
            return try rows.compactMap { row -> Entity? in
                guard var entity = try RecordWriter.decode(type: type, id: row[0], stored: row[1], codec: codec, decoder: decoder) else {
                    return nil
                }
                if case .source(var source) = entity, let t = row[2] as String? { source.text = t; entity = .source(source) }
                return entity
            }
        }
    }

    public func latestEvents(limit: Int) async throws -> [Event] {
        try await read { db, codec in
            try SQLiteStore.records(Event.self, "event", db, codec,
                                    sql: "SELECT id, json FROM event WHERE dateKey IS NOT NULL ORDER BY dateKey DESC, rowid DESC LIMIT ?",
                                    arguments: [limit])
        }
    }
}
