import AigaqCore
import AigaqStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The codec of the database's current data key. One small query per
    /// transaction notices a key made, rotated or restored by another process.
    func codec(_ db: Database) throws -> SealingCodec {
        try sealing.codec(stored: try String.fetchOne(db, sql: "SELECT json FROM sealingKey ORDER BY version DESC LIMIT 1"))
    }

    static func wrappedKey(_ db: Database) throws -> WrappedDataKey? {
        guard let json = try String.fetchOne(db, sql: "SELECT json FROM sealingKey ORDER BY version DESC LIMIT 1") else { return nil }
        return try WrappedDataKey(storedForm: json)
    }

    /// Replaces the stored data key; returns its stored form, for the audit.
    private static func storeKey(_ db: Database, _ wrapped: WrappedDataKey) throws -> String {
        let json = try wrapped.storedForm
        try db.execute(sql: "DELETE FROM sealingKey")
        try db.execute(sql: "INSERT INTO sealingKey(version, json) VALUES (?, ?)", arguments: [wrapped.version, json])
        return json
    }

    public func sealingStatus() async throws -> SealingStatus {
        try await read { db, codec in
            let wrapped = try SQLiteStore.wrappedKey(db)
            var records = 0
            var values = 0
            for (table, _) in RecordWriter.tables {
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(sealed), 0) FROM \(table) WHERE sealed > 0")
                records += row?[0] ?? 0
                values += row?[1] ?? 0
            }
            return SealingStatus(state: codec.state, wrapped: wrapped, sealedRecords: records, sealedValues: values,
                                 clearConfidentialRecords: try SQLiteStore.clearConfidentialRecords(db))
        }
    }

    /// The open data key, for other secrets kept sealed beside the knowledge
    /// base (an account's TOTP secret, sealed with its account as context):
    /// nil without the master key or before `key init`.
    public func openSealer() async throws -> Sealer? {
        try await read { _, codec in codec.sealer }
    }

    public func sealingState() async throws -> SealingState {
        try await read { _, codec in codec.state }
    }

    /// Every account's TOTP secret sealed under `sealer` (a plain one for the
    /// first time; `old` opens sealed ones), noted for the audit by `note`.
    static func resealAccountSecrets(_ db: Database, from old: Sealer?, to sealer: Sealer,
                                     note: (String, String) -> Void) throws -> Int {
        let rows = try Row.fetchAll(db, sql: "SELECT id, totpSecret FROM userAccount WHERE totpSecret IS NOT NULL ORDER BY id")
        for row in rows {
            let id: String = row[0]
            let stored = try AccountSecrets.resealed(row[1], purpose: AccountSecrets.totpPurpose(id), from: old, to: sealer)
            try db.execute(sql: "UPDATE userAccount SET totpSecret = ? WHERE id = ?", arguments: [stored, id])
            note(id, stored)
        }
        return rows.count
    }

    /// Records that hold a confidential value in clear (written before the database had a key).
    static func clearConfidentialRecords(_ db: Database) throws -> Int {
        var clear = 0
        for (table, _) in RecordWriter.tables {
            clear += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE sealed = 0 AND instr(json, ?) > 0",
                                      arguments: [SealingCodec.confidentialMarkerText]) ?? 0
        }
        return clear
    }

    public func hiddenSealedValues(type: String, id: String) async throws -> Int {
        guard let table = RecordWriter.table(for: type) else { throw AigaqError.usage("unknown record type \(type)") }
        return try await read { db, codec in
            if codec.sealer != nil { return 0 }
            return try Int.fetchOne(db, sql: "SELECT sealed FROM \(table) WHERE id = ?", arguments: [id]) ?? 0
        }
    }

    public func initialiseSealing(actor: String) async throws -> SealingReport {
        guard let report = try initialiseSealingNow(actor: actor) else { throw AigaqError.database(reason: "no data key was made") }
        try purgeFreedSpace(vacuum: true)
        return report
    }

    /// Makes the data key and seals every confidential value stored in clear
    /// (written before the database had a key), in one transaction.
    /// With `ifAbsent`, a database that has a key by now (another process
    /// made one) is left alone, and the report is nil.
    @discardableResult
    func initialiseSealingNow(actor: String, audited: Bool = true, ifAbsent: Bool = false) throws -> SealingReport? {
        guard let master = sealing.master else {
            throw AigaqError.usage("no key given: set AIGAQ_KEY or AIGAQ_KEY_FILE (make a key with `aigaq key generate`)")
        }
        return try writeTransaction { db, codec -> SealingReport? in
            if let existing = try SQLiteStore.wrappedKey(db) {
                if ifAbsent { return nil }
                throw AigaqError.usage("this database already has a data key (version \(existing.version), under the key with fingerprint \(existing.masterFingerprint)); use `aigaq key rotate` to change it")
            }
            let sealer = Sealer.newDataKey(version: 1)
            let wrapped = try sealer.wrapped(under: master)
            let writer = RecordWriter(db: db, codec: SealingCodec(state: .open(sealer)))
            let keyJSON = try SQLiteStore.storeKey(db, wrapped)
            if audited { writer.note("sealing_key", "1", json: keyJSON) }
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            var count = 0
            // Records written in clear before there was a key, and snapshots of confidential lists.
            for (table, type) in RecordWriter.tables {
                let sql = table == "source"
                    ? "SELECT id, json, text FROM source WHERE sealed = 0 AND instr(json, ?) > 0 ORDER BY rowid"
                    : "SELECT id, json, NULL FROM \(table) WHERE sealed = 0 AND instr(json, ?) > 0 ORDER BY rowid"
                for row in try Row.fetchAll(db, sql: sql, arguments: [SealingCodec.confidentialMarkerText]) {
                    guard var entity = try RecordWriter.decode(type: type, id: row[0], stored: row[1], codec: codec) else { continue }
                    if case .source(var s) = entity, let text = row[2] as String? { s.text = text; entity = .source(s) }
                    try writer.write(entity)
                    count += 1
                }
            }
            for index in BulkIndexing.indexes { try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES('optimize')") }
            // TOTP secrets enrolled while the database had no key.
            let secrets = try SQLiteStore.resealAccountSecrets(db, from: nil, to: sealer) { id, stored in
                if audited { writer.note("user_totp", id, json: stored) }
            }
            try writer.finish(actor: actor, action: "key init")
            return SealingReport(dataKeyVersion: 1, masterFingerprint: master.fingerprint, recordsSealed: count, sourceBytesSealed: 0,
                                 accountSecretsSealed: secrets)
        }
    }

    public func rotateSealing(newMasterKey: MasterKey?, actor: String) async throws -> SealingReport {
        let report: SealingReport = try writeTransaction { db, codec in
            guard let old = codec.sealer, let current = sealing.master else {
                throw SealingCodec.cannotSeal(codec.state, what: "the database")
            }
            let master = newMasterKey ?? current
            let sealer = Sealer.newDataKey(version: old.version + 1)
            let fresh = SealingCodec(state: .open(sealer))
            var recorder = AuditChain.Recorder()
            var records = 0
            for (table, type) in RecordWriter.tables {
                for row in try Row.fetchAll(db, sql: "SELECT id, json FROM \(table) WHERE sealed > 0") {
                    let id: String = row["id"]
                    guard let stored = try codec.resealed(row["json"], type: type, id: id, under: sealer) else { continue }
                    try db.execute(sql: "UPDATE \(table) SET json = ? WHERE id = ?", arguments: [stored, id])
                    recorder.wrote(type, id, json: stored)
                    records += 1
                }
            }
            // Blind indexes are keyed by the data key too.
            for row in try Row.fetchAll(db, sql: "SELECT id, json FROM source WHERE sha256 LIKE 'blind:%'") {
                guard let s = try SQLiteStore.record(Source.self, "source", id: row["id"], row["json"], fresh) else { continue }
                try db.execute(sql: "UPDATE source SET sha256 = ? WHERE id = ?", arguments: [sealer.blindSHA256(s.sha256), s.id])
            }
            var bytes = 0
            for row in try Row.fetchAll(db, sql: "SELECT sourceId, bytes FROM sourceBytes WHERE sealed = 1") {
                let id: String = row["sourceId"]
                let context = SealingCodec.sourceBytesContext(id)
                let resealed = try sealer.sealBytes(try old.openBytes(row["bytes"], context: context), context: context)
                try db.execute(sql: "UPDATE sourceBytes SET bytes = ? WHERE sourceId = ?", arguments: [resealed, id])
                recorder.wrote("source_bytes", id, json: SHA256Hasher.hex(Array(resealed)))
                bytes += 1
            }
            let secrets = try SQLiteStore.resealAccountSecrets(db, from: old, to: sealer) { id, stored in
                recorder.wrote("user_totp", id, json: stored)
            }
            recorder.wrote("sealing_key", String(sealer.version), json: try SQLiteStore.storeKey(db, try sealer.wrapped(under: master)))
            try recorder.append(to: db, actor: actor, action: "key rotate")
            return SealingReport(dataKeyVersion: sealer.version, masterFingerprint: master.fingerprint, recordsSealed: records, sourceBytesSealed: bytes,
                                 accountSecretsSealed: secrets)
        }
        if let newMasterKey { sealing.set(master: newMasterKey) }
        try purgeFreedSpace(vacuum: false)
        return report
    }

    /// Old ciphertexts and clear text freed by a re-sealing are zeroed
    /// (secure_delete); this also empties the write-ahead log, which still
    /// holds the old pages, and with `vacuum` rebuilds the file without free pages.
    func purgeFreedSpace(vacuum: Bool) throws {
        guard writer.path != ":memory:", !writer.path.isEmpty else { return }
        if vacuum { try writer.vacuum() }
        try writer.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}
