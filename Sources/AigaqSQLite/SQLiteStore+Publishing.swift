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
        return try await reader.read { db in
            let decoder = AigaqJSON.decoder()
            if type == "source" {
                let rows = try Row.fetchAll(db, sql: "SELECT json, text FROM source WHERE id > ? ORDER BY id LIMIT ?",
                                            arguments: [after ?? "", limit])
                return try rows.map { row in
                    var source = try decoder.decode(Source.self, from: Data((row["json"] as String).utf8))
                    source.text = row["text"]
                    return .source(source)
                }
            }
            return try String.fetchAll(db, sql: "SELECT json FROM \(table) WHERE id > ? ORDER BY id LIMIT ?",
                                       arguments: [after ?? "", limit])
                .map { try StoredRecord.decode(type: type, json: $0, decoder: decoder) }
        }
    }

    public func latestEvents(limit: Int) async throws -> [Event] {
        try await reader.read { db in
            try String.fetchAll(db, sql: "SELECT json FROM event WHERE dateKey IS NOT NULL ORDER BY dateKey DESC, rowid DESC LIMIT ?",
                                arguments: [limit])
                .map { try AigaqJSON.decoder().decode(Event.self, from: Data($0.utf8)) }
        }
    }
}
