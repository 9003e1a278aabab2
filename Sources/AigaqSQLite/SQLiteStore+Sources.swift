import AigaqCore
import AigaqStore
import Foundation
import GRDB

extension SQLiteStore {
    public func sourceBytes(id: Source.ID) async throws -> Data? {
        try await read { db, codec in
            guard let row = try Row.fetchOne(db, sql: "SELECT sealed, bytes FROM sourceBytes WHERE sourceId = ?", arguments: [id]) else {
                return nil
            }
            let bytes: Data = row["bytes"]
            guard row["sealed"] as Bool else { return bytes }
            guard let sealer = codec.sealer else { throw SealingCodec.cannotSeal(codec.state, what: "source \(id.rawValue)") }
            return try sealer.openBytes(bytes, context: SealingCodec.sourceBytesContext(id.rawValue))
        }
    }

    /// Re-hashes the kept bytes of every source. A source without bytes (an
    /// imported record) is counted, not failed; a sealed one without the key
    /// is counted as unchecked.
    public func verifySources() async throws -> SourceVerification {
        try await read { db, codec in try SQLiteStore.verifySources(db, codec) }
    }

    static func verifySources(_ db: Database, _ codec: SealingCodec) throws -> SourceVerification {
        var result = SourceVerification()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT source.id, source.json, sourceBytes.sealed AS bytesSealed, sourceBytes.bytes
            FROM source LEFT JOIN sourceBytes ON sourceBytes.sourceId = source.id ORDER BY source.rowid
            """)
        while let row = try rows.next() {
            result.check(id: row["id"], stored: row["json"], bytes: row["bytes"], bytesSealed: row["bytesSealed"] ?? false, codec: codec)
        }
        return result
    }
}
