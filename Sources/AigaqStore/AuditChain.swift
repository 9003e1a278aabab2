import AigaqCore
import Foundation

/// One entry of the tamper-evident audit trail, as every backend stores it.
public struct AuditEntry: Hashable, Sendable, Codable {
    public var seq: Int
    public var at: String
    public var actor: String
    public var action: String
    /// The first records the write touched (`type:id`), and a count of the rest.
    public var entities: String
    /// SHA-256 of everything the write changed.
    public var changeHash: String
    public var previousHash: String
    public var hash: String

    public init(seq: Int, at: String, actor: String, action: String, entities: String,
                changeHash: String, previousHash: String, hash: String) {
        self.seq = seq; self.at = at; self.actor = actor; self.action = action; self.entities = entities
        self.changeHash = changeHash; self.previousHash = previousHash; self.hash = hash
    }
}

/// The audit chain, independent of any database: every write transaction
/// appends one entry (who, when, what, and the SHA-256 of the change), and
/// each entry's hash covers the previous entry's hash. Editing, deleting or
/// reordering any entry breaks the chain from that entry on. Both backends
/// use this code, so the same writes give the same hashes on either.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// Collects what one transaction changes, then makes its entry.
    public struct Recorder {
        private var hasher = SHA256Hasher()
        public private(set) var refs: [String] = []
        public private(set) var count = 0

        public init() {}

        /// A record written, in its stored JSON form.
        public mutating func wrote(_ type: String, _ id: String, json: String) {
            hasher.update(Array("w \(type) \(id) ".utf8))
            hasher.update(Array(json.utf8))
            hasher.update([0x0A])
            note(type, id)
        }

        public mutating func deleted(_ ref: EntityRef) {
            hasher.update(Array("d \(ref.type) \(ref.id)\n".utf8))
            note(ref.type, ref.id)
        }

        private mutating func note(_ type: String, _ id: String) {
            count += 1
            // Large imports name their first records and a count; the hash covers all.
            if refs.count < 50 { refs.append("\(type):\(id)") }
        }

        /// The entry that follows `previous` (nil: the first entry), or nil when nothing changed.
        /// Call it while holding the backend's lock on the chain's head.
        public func entry(after previous: (seq: Int, hash: String)?, actor: String, action: String,
                          at date: Date = Date()) -> AuditEntry? {
            guard count > 0 else { return nil }
            var h = hasher
            let changeHash = h.finalize().map { String(format: "%02x", $0) }.joined()
            let seq = (previous?.seq ?? 0) + 1
            let previousHash = previous?.hash ?? AuditChain.genesis
            let at = ISO8601DateFormatter().string(from: date)
            let entities = refs.joined(separator: " ") + (count > refs.count ? " …(+\(count - refs.count))" : "")
            return AuditEntry(seq: seq, at: at, actor: actor, action: action, entities: entities, changeHash: changeHash,
                              previousHash: previousHash,
                              hash: AuditChain.hash(seq: seq, at: at, actor: actor, action: action, entities: entities,
                                                    changeHash: changeHash, previousHash: previousHash))
        }
    }

    public static func hash(seq: Int, at: String, actor: String, action: String, entities: String,
                            changeHash: String, previousHash: String) -> String {
        // Fields are length-prefixed so that no two different entries hash the same text.
        let fields = [String(seq), at, actor, action, entities, changeHash, previousHash]
        let text = fields.map { "\($0.utf8.count):\($0)" }.joined()
        return SHA256Hasher.hex(Array(text.utf8))
    }

    /// Checks entries in `seq` order, one at a time, so that a backend can
    /// stream them from a cursor.
    public struct Verifier: Sendable {
        private var expectedPrevious = AuditChain.genesis
        private var expectedSeq = 1
        private var checked = 0
        public private(set) var broken: AuditVerification?

        public init() {}

        /// Checks the next entry; false once the chain is broken (stop reading).
        public mutating func check(_ e: AuditEntry) -> Bool {
            guard broken == nil else { return false }
            if e.seq != expectedSeq {
                broken = .init(entries: checked, firstBroken: e.seq, problem: "entry \(expectedSeq) is missing (next is \(e.seq))")
            } else if e.previousHash != expectedPrevious {
                broken = .init(entries: checked, firstBroken: e.seq, problem: "entry \(e.seq) does not follow the entry before it (deleted, inserted or reordered)")
            } else if AuditChain.hash(seq: e.seq, at: e.at, actor: e.actor, action: e.action, entities: e.entities,
                                      changeHash: e.changeHash, previousHash: e.previousHash) != e.hash {
                broken = .init(entries: checked, firstBroken: e.seq, problem: "entry \(e.seq) was edited (its hash does not match its content)")
            } else {
                expectedPrevious = e.hash
                expectedSeq += 1
                checked += 1
            }
            return broken == nil
        }

        public var result: AuditVerification {
            broken ?? .init(entries: checked, firstBroken: nil, problem: nil)
        }
    }
}
