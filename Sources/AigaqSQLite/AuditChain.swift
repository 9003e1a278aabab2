import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// The audit chain (``AigaqStore/AuditChain``) on SQLite: the entries live in
/// `auditEntry`; SQLite's single writer serialises appends.
extension AuditChain.Recorder {
    mutating func append(to db: Database, actor: String, action: String) throws {
        let previous = try Row.fetchOne(db, sql: "SELECT seq, hash FROM auditEntry ORDER BY seq DESC LIMIT 1")
            .map { (seq: $0["seq"] as Int, hash: $0["hash"] as String) }
        guard let e = entry(after: previous, actor: actor, action: action) else { return }
        try db.execute(sql: "INSERT INTO auditEntry(seq, at, actor, action, entities, changeHash, previousHash, hash) VALUES (?,?,?,?,?,?,?,?)",
                       arguments: [e.seq, e.at, e.actor, e.action, e.entities, e.changeHash, e.previousHash, e.hash])
    }
}

enum SQLiteAudit {
    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], entities: row["entities"],
                   changeHash: row["changeHash"], previousHash: row["previousHash"], hash: row["hash"])
    }

    /// Checks every entry; returns the first broken one.
    static func verify(_ db: Database) throws -> AuditVerification {
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM auditEntry ORDER BY seq")
        var verifier = AuditChain.Verifier()
        while let row = try rows.next(), verifier.check(entry(row)) {}
        return verifier.result
    }
}
