import AigaqCore
import Foundation

/// Whether a database seals, and whether this process can open what it sealed.
public enum SealingState: Sendable {
    /// The database has no data key yet (`aigaq key init` makes one): it
    /// refuses confidential values rather than store them in clear.
    case off
    /// The database has a data key but no master key was given: sealed values
    /// exist and are counted, their contents are not shown, and nothing that
    /// would replace them can be written.
    case locked(masterFingerprint: String)
    /// The data key is open: sealed values are read and written.
    case open(Sealer)

    /// The state of a database that keeps `wrapped` (nil: no data key), opened with `master`.
    public static func of(wrapped: WrappedDataKey?, master: MasterKey?) throws -> SealingState {
        guard let wrapped else { return .off }
        guard let master else { return .locked(masterFingerprint: wrapped.masterFingerprint) }
        return .open(try Sealer.unwrap(wrapped, with: master))
    }
}

/// The stored form of records, shared by every store: the record's JSON with
/// every confidential part sealed in place.
///
/// What is confidential is read from the JSON itself, so that no field can be
/// forgotten: any object with `"confidentiality":"confidential"` (a fact, a
/// relation, a participant, a note, or the whole record) is replaced by
/// `{"aigaq_sealed":"v1.<key>.<base64>","confidentiality":"confidential"}`;
/// a whole record keeps its `id` beside it. A sealed part is bound to its
/// record and its place (`person/p-1/notes/0`), so it cannot be moved.
public struct SealingCodec: Sendable {
    public let state: SealingState

    public init(state: SealingState) { self.state = state }

    static let sealedKey = "aigaq_sealed"
    /// How a confidential part looks in our encoders' JSON (sorted keys, no spaces).
    public static let confidentialMarkerText = "\"confidentiality\":\"confidential\""
    private static let confidentialMarker = Array(confidentialMarkerText.utf8)
    private static let sealedMarker = Array("\"\(sealedKey)\":".utf8)

    /// True when `json` (our encoder's output) holds a confidential part.
    public static func needsSealing(_ json: String) -> Bool { contains(json, confidentialMarker) }
    /// True when a stored form holds a sealed part.
    public static func isSealed(_ stored: String) -> Bool { contains(stored, sealedMarker) }

    public var sealer: Sealer? { if case .open(let s) = state { s } else { nil } }

    // MARK: - Writing

    /// The stored form of a record's JSON, and how many parts were sealed.
    /// Without an open data key, a record with confidential parts is refused.
    public func seal(json: String, type: String, id: String) throws -> (stored: String, sealed: Int) {
        guard SealingCodec.needsSealing(json) else { return (json, 0) }
        guard let sealer else { throw SealingCodec.cannotSeal(state, what: "\(type) \(id)") }
        let root = try SealingCodec.parse(json, what: "\(type) \(id)")
        let context = "\(type)/\(id)"
        if SealingCodec.isConfidential(root) {
            return (try SealingCodec.sealWhole(json: json, type: type, id: id, sealer: sealer), 1)
        }
        var count = 0
        let node = try sealParts(root, path: context, sealer: sealer, count: &count)
        return (String(decoding: node.serialized(), as: UTF8.self), count)
    }

    /// A whole record sealed, with only its id beside it: what the store
    /// keeps for a confidential record (or one that belongs to one, such as a
    /// snapshot of a confidential list).
    public static func sealWhole(json: String, type: String, id: String, sealer: Sealer) throws -> String {
        let sealed = try sealer.seal(Data(json.utf8), context: "\(type)/\(id)")
        let node = JSONNode.object([(JSONNode.quoted(sealedKey), .text(sealed)),
                                   (JSONNode.quoted("confidentiality"), .text("confidential")),
                                   (JSONNode.quoted("id"), .text(id))])
        return String(decoding: node.serialized(), as: UTF8.self)
    }

    private func sealParts(_ node: JSONNode, path: String, sealer: Sealer, count: inout Int) throws -> JSONNode {
        switch node {
        case .object(let members):
            // (The root is never confidential here: a confidential record is sealed whole.)
            if SealingCodec.isConfidential(node) {
                count += 1
                return .object([(JSONNode.quoted(SealingCodec.sealedKey), .text(try sealer.seal(node.serialized(), context: path))),
                                (JSONNode.quoted("confidentiality"), .text("confidential"))])
            }
            return .object(try members.map { m in
                (m.key, try sealParts(m.value, path: "\(path)/\(JSONNode.decode(m.key) ?? "?")", sealer: sealer, count: &count))
            })
        case .array(let items):
            return .array(try items.enumerated().map { n, item in try sealParts(item, path: "\(path)/\(n)", sealer: sealer, count: &count) })
        case .string, .literal:
            return node
        }
    }

    // MARK: - Reading

    /// The readable JSON of the stored form of record `id`, and how many
    /// sealed parts it hides. With the data key every part is opened (hides
    /// 0). Without it, sealed parts are left out, and a record that is sealed
    /// whole gives nil. `id` is where the record is stored (its key), not
    /// what its JSON says: a sealed record copied under another id does not open.
    public func open(stored: String, type: String, id: String) throws -> (json: String, hidden: Int)? {
        guard SealingCodec.isSealed(stored) else { return (stored, 0) }
        let root = try SealingCodec.parse(stored, what: "\(type) \(id)")
        guard root.member("id")?.stringValue == id else {
            throw AigaqError.database(reason: "the stored \(type) \(id) holds another record's sealed values")
        }
        let context = "\(type)/\(id)"
        if let envelope = root.member(SealingCodec.sealedKey)?.stringValue {
            guard let sealer else { return nil }
            let json = try sealer.open(envelope, context: context)
            // The record must be the one its id says.
            guard (try? SealingCodec.parse(String(decoding: json, as: UTF8.self), what: type))?.member("id")?.stringValue == id else {
                throw AigaqError.database(reason: "the sealed record \(context) holds another record")
            }
            return (String(decoding: json, as: UTF8.self), 0)
        }
        var hidden = 0
        let node = try openParts(root, path: context, count: &hidden) ?? root
        return (String(decoding: node.serialized(), as: UTF8.self), sealer == nil ? hidden : 0)
    }

    /// Nil means: leave this node out (a sealed part, without the key).
    private func openParts(_ node: JSONNode, path: String, count: inout Int) throws -> JSONNode? {
        switch node {
        case .object(let members):
            if let envelope = node.member(SealingCodec.sealedKey)?.stringValue {
                count += 1
                guard let sealer else { return nil }
                let plain = try sealer.open(envelope, context: path)
                return try SealingCodec.parse(String(decoding: plain, as: UTF8.self), what: path)
            }
            return .object(try members.compactMap { m in
                try openParts(m.value, path: "\(path)/\(JSONNode.decode(m.key) ?? "?")", count: &count).map { (m.key, $0) }
            })
        case .array(let items):
            // Without the key, a sealed participant of an event stays as a stand-in (a
            // confidential participant of no one the reader can know): left out, it would
            // make an event of hidden persons look like one of nobody, which the public
            // projection would then publish.
            let standIn = sealer == nil && path.hasPrefix("event/") && path.hasSuffix("/participants")
            // Indexes are those of the stored form, as when the parts were sealed.
            return .array(try items.enumerated().compactMap { n, item in
                let opened = try openParts(item, path: "\(path)/\(n)", count: &count)
                return opened == nil && standIn ? SealingCodec.sealedParticipant : opened
            })
        case .string, .literal:
            return node
        }
    }

    // MARK: - Helpers

    /// The person id a sealed event participant shows without the key.
    public static let sealedPersonID = "sealed"
    static let sealedParticipant = JSONNode.object([
        (JSONNode.quoted("confidentiality"), .text("confidential")),
        (JSONNode.quoted("person"), .text(sealedPersonID)),
        (JSONNode.quoted("role"), .text("sealed")),
    ])

    static func isConfidential(_ node: JSONNode) -> Bool { node.member("confidentiality")?.stringValue == "confidential" }

    static func parse(_ text: String, what: String) throws -> JSONNode {
        do {
            return try JSONNode.parse(Array(text.utf8))
        } catch let error as JSONNode.ParseError {
            throw AigaqError.database(reason: "the stored form of \(what) is not JSON (\(error.reason) at byte \(error.offset))")
        }
    }

    /// The error for a write of confidential values that cannot be sealed now.
    public static func cannotSeal(_ state: SealingState, what: String) -> AigaqError {
        switch state {
        case .off:
            return .permissionDenied("\(what) holds confidential values, and this database has no data key to seal them: "
                + "set AIGAQ_KEY or AIGAQ_KEY_FILE (make a key with `aigaq key generate`) and run `aigaq key init`")
        case .locked(let fingerprint):
            return .permissionDenied("\(what) holds confidential values, which need this database's key (fingerprint \(fingerprint)): "
                + "set AIGAQ_KEY or AIGAQ_KEY_FILE")
        case .open:
            return .permissionDenied("\(what) cannot be sealed")
        }
    }

    private static func contains(_ text: String, _ needle: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard hay.count >= needle.count, let first = needle.first else { return false }
            var i = 0
            let last = hay.count - needle.count
            while i <= last {
                if hay[i] == first {
                    var j = 1
                    while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}
