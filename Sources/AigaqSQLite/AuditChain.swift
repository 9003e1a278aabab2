import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// The tamper-evident audit trail: every write transaction appends one entry
/// (who, when, what, and the SHA-256 of the change), and each entry's hash
/// covers the previous entry's hash. Editing, deleting or reordering any entry
/// breaks the chain from that entry on.
struct AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    /// Collects what one transaction changes, then appends its entry.
    struct Recorder {
        private var hasher = SHA256Hasher()
        private(set) var refs: [String] = []
        private(set) var count = 0

        mutating func wrote(_ type: String, _ id: String, json: String) {
            hasher.update(Array("w \(type) \(id) ".utf8))
            hasher.update(Array(json.utf8))
            hasher.update([0x0A])
            note(type, id)
        }

        mutating func deleted(_ ref: EntityRef) {
            hasher.update(Array("d \(ref.type) \(ref.id)\n".utf8))
            note(ref.type, ref.id)
        }

        private mutating func note(_ type: String, _ id: String) {
            count += 1
            // Large imports name their first records and a count; the hash covers all.
            if refs.count < 50 { refs.append("\(type):\(id)") }
        }

        mutating func append(to db: Database, actor: String, action: String) throws {
            guard count > 0 else { return }
            var h = hasher
            let changeHash = h.finalize().map { String(format: "%02x", $0) }.joined()
            let previous = try Row.fetchOne(db, sql: "SELECT seq, hash FROM auditEntry ORDER BY seq DESC LIMIT 1")
            let seq = (previous?["seq"] as Int? ?? 0) + 1
            let previousHash = previous?["hash"] as String? ?? AuditChain.genesis
            let at = ISO8601DateFormatter().string(from: Date())
            let entities = refs.joined(separator: " ") + (count > refs.count ? " …(+\(count - refs.count))" : "")
            let hash = AuditChain.hash(seq: seq, at: at, actor: actor, action: action, entities: entities,
                                       changeHash: changeHash, previousHash: previousHash)
            try db.execute(sql: "INSERT INTO auditEntry(seq, at, actor, action, entities, changeHash, previousHash, hash) VALUES (?,?,?,?,?,?,?,?)",
                           arguments: [seq, at, actor, action, entities, changeHash, previousHash, hash])
        }
    }

    static func hash(seq: Int, at: String, actor: String, action: String, entities: String, changeHash: String, previousHash: String) -> String {
        // Fields are length-prefixed so that no two different entries hash the same text.
        let fields = [String(seq), at, actor, action, entities, changeHash, previousHash]
        let text = fields.map { "\($0.utf8.count):\($0)" }.joined()
        return SHA256Hasher.hex(Array(text.utf8))
    }

    /// Checks every entry; returns the first broken one.
    static func verify(_ db: Database) throws -> AuditVerification {
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM auditEntry ORDER BY seq")
        var expectedPrevious = genesis
        var expectedSeq = 1
        var checked = 0
        while let row = try rows.next() {
            let seq: Int = row["seq"]
            let stored: String = row["hash"]
            let previousHash: String = row["previousHash"]
            if seq != expectedSeq {
                return .init(entries: checked, firstBroken: seq, problem: "entry \(expectedSeq) is missing (next is \(seq))")
            }
            if previousHash != expectedPrevious {
                return .init(entries: checked, firstBroken: seq, problem: "entry \(seq) does not follow the entry before it (deleted, inserted or reordered)")
            }
            let computed = hash(seq: seq, at: row["at"], actor: row["actor"], action: row["action"], entities: row["entities"],
                                changeHash: row["changeHash"], previousHash: previousHash)
            if computed != stored {
                return .init(entries: checked, firstBroken: seq, problem: "entry \(seq) was edited (its hash does not match its content)")
            }
            expectedPrevious = stored
            expectedSeq += 1
            checked += 1
        }
        return .init(entries: checked, firstBroken: nil, problem: nil)
    }
}
