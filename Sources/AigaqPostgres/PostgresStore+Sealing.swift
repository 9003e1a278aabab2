import AigaqCore
import AigaqStore
import Foundation
import Logging
import PostgresNIO

/// Sealed fields and sources' bytes on PostgreSQL, with the same codec and
/// the same rules as SQLite (`SQLiteStore+Sealing.swift`): the data key in
/// `sealing_key`, wrapped by a master key that is never stored; records
/// written through ``PostgresWriter``, which seals them; reads opened
/// through the codec. Writers hold the sealing lock shared and `key init`
/// and `key rotate` hold it alone, so no write seals under a key that a
/// rotation is replacing.
extension PostgresStore {
    /// Every table of records, with its `type` tag, in export order.
    static let recordTables = [("source", "source"), ("organisation", "organisation"), ("person", "person"), ("legal_case", "case"),
                               ("event", "event"), ("figure", "figure"), ("person_list", "list"), ("list_snapshot", "list_snapshot"),
                               ("assessment", "assessment"), ("candidate", "candidate"), ("decision", "decision")]

    /// The advisory lock (per schema) of the data key.
    static let sealingLock = "hashtext('aigaq-sealing:' || current_schema())"

    /// The codec of the database's current data key. One small query per
    /// transaction notices a key made, rotated or restored by another process.
    func codec(_ connection: PostgresConnection) async throws -> SealingCodec {
        try sealing.codec(stored: try await PostgresStore.storedKey(connection, logger: logger))
    }

    static func storedKey(_ connection: PostgresConnection, logger: Logger) async throws -> String? {
        try await connection.query("SELECT json FROM sealing_key ORDER BY version DESC LIMIT 1", logger: logger)
            .decode(String.self).first { _ in true }
    }

    /// Replaces the stored data key; returns its stored form, for the audit.
    private static func storeKey(_ connection: PostgresConnection, _ wrapped: WrappedDataKey, logger: Logger) async throws -> String {
        let json = try wrapped.storedForm
        try await connection.query("DELETE FROM sealing_key", logger: logger)
        try await connection.query("INSERT INTO sealing_key(version, json) VALUES (\(wrapped.version), \(json))", logger: logger)
        return json
    }

    /// A stored record, opened (nil when it is sealed whole and the key is not given).
    static func decode(type: String, id: String, stored: String, codec: SealingCodec,
                       decoder: JSONDecoder = AigaqJSON.decoder()) throws -> Entity? {
        guard let (json, _) = try codec.open(stored: stored, type: type, id: id) else { return nil }
        return try StoredRecord.decode(type: type, json: json, decoder: decoder)
    }

    /// When the store is opened (after migrating, on that connection): checks
    /// that the key given is this database's, and gives a database without a
    /// data key one at once, unless it holds confidential values in clear
    /// (written before it had a key), which `aigaq key init` seals on request.
    static func openSealing(_ connection: PostgresConnection, sealing: SealingBox, logger: Logger) async throws {
        let stored = try await storedKey(connection, logger: logger)
        _ = try sealing.codec(stored: stored)
        guard let master = sealing.master, stored == nil, try await clearConfidentialRecords(connection, logger: logger) == 0 else { return }
        try await connection.query("BEGIN", logger: logger)
        do {
            _ = try await initialise(connection, master: master, actor: "aigaq", ifAbsent: true, logger: logger)
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    public func sealingStatus() async throws -> SealingStatus {
        try await reading { connection, codec in
            let wrapped = try await PostgresStore.storedKey(connection, logger: logger).map(WrappedDataKey.init(storedForm:))
            var records = 0
            var values = 0
            for (table, _) in PostgresStore.recordTables {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*), COALESCE(sum(sealed), 0)::int8 FROM \(table) WHERE sealed > 0"),
                                                      logger: logger)
                for try await (r, v) in rows.decode((Int, Int).self) { records += r; values += v }
            }
            return SealingStatus(state: codec.state, wrapped: wrapped, sealedRecords: records, sealedValues: values,
                                 clearConfidentialRecords: try await PostgresStore.clearConfidentialRecords(connection, logger: logger))
        }
    }

    /// The open data key, for other secrets kept sealed beside the knowledge
    /// base: nil without the master key or before `key init`.
    public func openSealer() async throws -> Sealer? {
        try await reading { _, codec in codec.sealer }
    }

    public func sealingState() async throws -> SealingState {
        try await reading { _, codec in codec.state }
    }

    /// Every account's TOTP secret sealed under `sealer` (a plain one for the
    /// first time; `old` opens sealed ones), noted for the audit on `writer`.
    static func resealAccountSecrets(_ connection: PostgresConnection, from old: Sealer?, to sealer: Sealer,
                                     writer: PostgresWriter, logger: Logger) async throws -> Int {
        var resealed: [(String, String)] = []
        let rows = try await connection.query("SELECT id, totp_secret FROM user_account WHERE totp_secret IS NOT NULL ORDER BY id", logger: logger)
        for try await (id, stored) in rows.decode((String, String).self) {
            resealed.append((id, try AccountSecrets.resealed(stored, purpose: AccountSecrets.totpPurpose(id), from: old, to: sealer)))
        }
        for (id, stored) in resealed {
            try await connection.query("UPDATE user_account SET totp_secret = \(stored) WHERE id = \(id)", logger: logger)
            writer.note("user_totp", id, json: stored)
        }
        return resealed.count
    }

    /// Records that hold a confidential value in clear (written before the database had a key).
    static func clearConfidentialRecords(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        var clear = 0
        for (table, _) in recordTables {
            clear += try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) WHERE sealed = 0 AND strpos(json, $1) > 0",
                                                              binds: binds(SealingCodec.confidentialMarkerText)), logger: logger)
                .decode(Int.self).first { _ in true } ?? 0
        }
        return clear
    }

    public func hiddenSealedValues(type: String, id: String) async throws -> Int {
        guard let table = Table.name(of: type) else { throw AigaqError.usage("unknown record type \(type)") }
        return try await reading { connection, codec in
            if codec.sealer != nil { return 0 }
            return try await connection.query(PostgresQuery(unsafeSQL: "SELECT sealed FROM \(table) WHERE id = $1", binds: Self.binds(id)),
                                              logger: logger).decode(Int.self).first { _ in true } ?? 0
        }
    }

    public func initialiseSealing(actor: String) async throws -> SealingReport {
        guard let master = sealing.master else {
            throw AigaqError.usage("no key given: set AIGAQ_KEY or AIGAQ_KEY_FILE (make a key with `aigaq key generate`)")
        }
        guard let report = try await transaction({ connection in
            try await PostgresStore.initialise(connection, master: master, actor: actor, ifAbsent: false, logger: logger)
        }) else { throw AigaqError.database(reason: "no data key was made") }
        try await purgeOldVersions()
        return report
    }

    /// Makes the data key and seals every confidential value stored in clear,
    /// inside the caller's transaction. With `ifAbsent`, a database that has
    /// a key by now (another process made one) is left alone, and the report is nil.
    private static func initialise(_ connection: PostgresConnection, master: MasterKey, actor: String, ifAbsent: Bool,
                                   logger: Logger) async throws -> SealingReport? {
        try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(\(sealingLock))"), logger: logger)
        if let existing = try await storedKey(connection, logger: logger).map(WrappedDataKey.init(storedForm:)) {
            if ifAbsent { return nil }
            throw AigaqError.usage("this database already has a data key (version \(existing.version), under the key with fingerprint \(existing.masterFingerprint)); use `aigaq key rotate` to change it")
        }
        try await connection.query("SET CONSTRAINTS ALL DEFERRED", logger: logger)
        let sealer = Sealer.newDataKey(version: 1)
        let writer = PostgresWriter(connection: connection, logger: logger, codec: SealingCodec(state: .open(sealer)))
        writer.note("sealing_key", "1", json: try await storeKey(connection, try sealer.wrapped(under: master), logger: logger))
        let clear = SealingCodec(state: .off)
        var count = 0
        // Records written in clear before there was a key.
        for (table, type) in recordTables {
            let text = table == "source" ? "text" : "NULL::text"
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT id, json, \(text) FROM \(table) WHERE sealed = 0 AND strpos(json, $1) > 0 ORDER BY ord",
                                                                binds: binds(SealingCodec.confidentialMarkerText)), logger: logger)
            var entities: [Entity] = []
            for try await (id, json, text) in rows.decode((String, String, String?).self) {
                guard var entity = try decode(type: type, id: id, stored: json, codec: clear) else { continue }
                if case .source(var s) = entity, let text { s.text = text; entity = .source(s) }
                entities.append(entity)
            }
            for entity in entities { try await writer.write(entity) }
            count += entities.count
        }
        // TOTP secrets enrolled while the database had no key.
        let secrets = try await resealAccountSecrets(connection, from: nil, to: sealer, writer: writer, logger: logger)
        try await writer.finish(actor: actor, action: "key init")
        return SealingReport(dataKeyVersion: 1, masterFingerprint: master.fingerprint, recordsSealed: count, sourceBytesSealed: 0,
                             accountSecretsSealed: secrets)
    }

    public func rotateSealing(newMasterKey: MasterKey?, actor: String) async throws -> SealingReport {
        let report: SealingReport = try await transaction { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(\(PostgresStore.sealingLock))"), logger: logger)
            let codec = try await codec(connection)
            guard let old = codec.sealer, let current = sealing.master else {
                throw SealingCodec.cannotSeal(codec.state, what: "the database")
            }
            let master = newMasterKey ?? current
            let sealer = Sealer.newDataKey(version: old.version + 1)
            let writer = PostgresWriter(connection: connection, logger: logger, codec: SealingCodec(state: .open(sealer)))
            var records = 0
            for (table, type) in PostgresStore.recordTables {
                var resealed: [(String, String)] = []
                let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT id, json FROM \(table) WHERE sealed > 0 ORDER BY ord"), logger: logger)
                for try await (id, json) in rows.decode((String, String).self) {
                    guard let stored = try codec.resealed(json, type: type, id: id, under: sealer) else { continue }
                    resealed.append((id, stored))
                }
                for (id, stored) in resealed {
                    try await connection.query(PostgresQuery(unsafeSQL: "UPDATE \(table) SET json = $1 WHERE id = $2", binds: Self.binds(stored, id)),
                                               logger: logger)
                    writer.note(type, id, json: stored)
                }
                records += resealed.count
            }
            // Blind indexes are keyed by the data key too (the records are under the new key by now).
            let fresh = SealingCodec(state: .open(sealer))
            var blind: [(String, String)] = []
            for try await (id, json) in try await connection.query("SELECT id, json FROM source WHERE sha256 LIKE 'blind:%'", logger: logger)
                .decode((String, String).self) {
                guard case .source(let s)? = try PostgresStore.decode(type: "source", id: id, stored: json, codec: fresh) else { continue }
                blind.append((id, sealer.blindSHA256(s.sha256)))
            }
            for (id, sha) in blind {
                try await connection.query("UPDATE source SET sha256 = \(sha) WHERE id = \(id)", logger: logger)
            }
            var bytes: [(String, Data)] = []
            for try await (id, sealed) in try await connection.query("SELECT source_id, bytes FROM source_bytes WHERE sealed", logger: logger)
                .decode((String, Data).self) {
                let context = SealingCodec.sourceBytesContext(id)
                bytes.append((id, try sealer.sealBytes(try old.openBytes(sealed, context: context), context: context)))
            }
            for (id, resealed) in bytes {
                try await connection.query("UPDATE source_bytes SET bytes = \(resealed) WHERE source_id = \(id)", logger: logger)
                writer.note("source_bytes", id, json: SHA256Hasher.hex(Array(resealed)))
            }
            let secrets = try await PostgresStore.resealAccountSecrets(connection, from: old, to: sealer, writer: writer, logger: logger)
            writer.note("sealing_key", String(sealer.version),
                        json: try await PostgresStore.storeKey(connection, try sealer.wrapped(under: master), logger: logger))
            try await writer.finish(actor: actor, action: "key rotate")
            return SealingReport(dataKeyVersion: sealer.version, masterFingerprint: master.fingerprint, recordsSealed: records,
                                 sourceBytesSealed: bytes.count, accountSecretsSealed: secrets)
        }
        if let newMasterKey { sealing.set(master: newMasterKey) }
        try await purgeOldVersions()
        return report
    }

    /// Rows replaced by a (re-)sealing stay in the tables' files as dead row
    /// versions, in clear or under the old key, until the space is reused:
    /// `VACUUM FULL` writes the tables anew without them. (The write-ahead
    /// log, replicas and backups keep older copies: see docs/SECURITY.md.)
    func purgeOldVersions() async throws {
        try await read { connection in
            for table in PostgresStore.recordTables.map(\.0) + ["person_name", "sealing_key", "source_bytes", "user_account"] {
                try await connection.query(PostgresQuery(unsafeSQL: "VACUUM FULL \(table)"), logger: logger)
            }
        }
    }

    // MARK: - Sources' bytes

    public func sourceBytes(id: Source.ID) async throws -> Data? {
        try await reading { connection, codec in
            let row = try await connection.query("SELECT sealed, bytes FROM source_bytes WHERE source_id = \(id.rawValue)", logger: logger)
                .decode((Bool, Data).self).first { _ in true }
            guard let (sealed, bytes) = row else { return nil }
            guard sealed else { return bytes }
            guard let sealer = codec.sealer else { throw SealingCodec.cannotSeal(codec.state, what: "source \(id.rawValue)") }
            return try sealer.openBytes(bytes, context: SealingCodec.sourceBytesContext(id.rawValue))
        }
    }

    /// Re-hashes the kept bytes of every source. A source without bytes (an
    /// imported record) is counted, not failed; a sealed one without the key
    /// is counted as unchecked.
    public func verifySources() async throws -> SourceVerification {
        try await reading { connection, codec in
            var result = SourceVerification()
            let rows = try await connection.query("""
                SELECT source.id, source.json, source_bytes.sealed, source_bytes.bytes
                FROM source LEFT JOIN source_bytes ON source_bytes.source_id = source.id ORDER BY source.ord
                """, logger: logger)
            for try await (id, json, sealed, bytes) in rows.decode((String, String, Bool?, Data?).self) {
                result.check(id: id, stored: json, bytes: bytes, bytesSealed: sealed ?? false, codec: codec)
            }
            return result
        }
    }
}
