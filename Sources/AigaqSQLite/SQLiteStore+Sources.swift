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
            return try sealer.openBytes(bytes, context: "source-bytes/\(id.rawValue)")
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
            let id: String = row["id"]
            guard let stored = row["bytes"] as Data? else {
                result.withoutBytes += 1
                continue
            }
            let sealed: Bool = row["bytesSealed"]
            // The recorded hash is inside the record, which may itself be sealed.
            let source: Source?
            do {
                source = try record(Source.self, "source", id: id, row["json"], codec)
            } catch {
                result.problems.append("source \(id): its record does not open (\(error.localizedDescription))")
                continue
            }
            guard let source, !sealed || codec.sealer != nil else {
                result.sealedUnchecked += 1
                continue
            }
            let bytes: Data
            do {
                bytes = sealed ? try codec.sealer!.openBytes(stored, context: "source-bytes/\(id)") : stored
            } catch {
                result.problems.append("source \(id): its sealed bytes do not open: they were altered")
                continue
            }
            let hash = SHA256Hasher.hex(Array(bytes))
            if hash == source.sha256.lowercased() {
                result.checked += 1
            } else {
                result.problems.append("source \(id): its stored bytes hash to \(hash), not to the recorded \(source.sha256)")
            }
        }
        return result
    }
}
