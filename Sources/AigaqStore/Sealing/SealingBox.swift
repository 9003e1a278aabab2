import AigaqCore
import Foundation

/// The master key a store was opened with and the codec of its data key,
/// shared by every store. The codec changes when this or another process
/// makes or rotates the data key.
public final class SealingBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _master: MasterKey?
    private var _codec = SealingCodec(state: .off)
    /// The stored data key the codec was made from (nil: none).
    private var _stored: String?
    private var loaded = false

    public init(master: MasterKey?) { _master = master }

    public var master: MasterKey? { lock.withLock { _master } }

    /// The codec for the stored (wrapped) data key, made again whenever that
    /// changed: a rotation raises its version, but a restore may bring back
    /// another key of the same version.
    public func codec(stored: String?) throws -> SealingCodec {
        try lock.withLock {
            if loaded && stored == _stored { return _codec }
            let wrapped = try stored.map { try AigaqJSON.decoder().decode(WrappedDataKey.self, from: Data($0.utf8)) }
            _codec = SealingCodec(state: try SealingState.of(wrapped: wrapped, master: _master))
            _stored = stored
            loaded = true
            return _codec
        }
    }

    public func set(master: MasterKey?) { lock.withLock { _master = master; loaded = false } }
}

extension WrappedDataKey {
    /// The stored form (JSON) of a data key, as every store keeps it.
    public var storedForm: String {
        get throws { String(decoding: try AigaqJSON.encoder().encode(self), as: UTF8.self) }
    }

    public init(storedForm json: String) throws {
        self = try AigaqJSON.decoder().decode(WrappedDataKey.self, from: Data(json.utf8))
    }
}

extension Sealer {
    /// What a confidential source keeps in place of its SHA-256: the bare hash
    /// would let anyone holding the document confirm that the NGO has it.
    public func blindSHA256(_ sha256: String) -> String { "blind:" + blindIndex(sha256.lowercased()) }
}

extension SealingCodec {
    /// A record sealed under this codec's key, sealed again under `fresh`
    /// (a rotation); nil when this codec cannot open it.
    public func resealed(_ stored: String, type: String, id: String, under fresh: Sealer) throws -> String? {
        guard let (json, _) = try open(stored: stored, type: type, id: id) else { return nil }
        if type == "list_snapshot", !SealingCodec.needsSealing(json) {
            // Sealed because its list is: sealed whole again.
            return try SealingCodec.sealWhole(json: json, type: type, id: id, sealer: fresh)
        }
        return try SealingCodec(state: .open(fresh)).seal(json: json, type: type, id: id).stored
    }

    /// Where a source's original bytes are bound when sealed.
    public static func sourceBytesContext(_ id: String) -> String { "source-bytes/\(id)" }

    /// The stored form of a source's original bytes: sealed when the source is confidential.
    public func storedBytes(_ bytes: Data, of source: Source) throws -> (bytes: Data, sealed: Bool) {
        guard source.confidentiality == .confidential else { return (bytes, false) }
        guard let sealer else { throw SealingCodec.cannotSeal(state, what: "source \(source.id.rawValue)") }
        return (try sealer.sealBytes(bytes, context: SealingCodec.sourceBytesContext(source.id.rawValue)), true)
    }
}

extension SealingStatus {
    /// The status of a store whose codec is in `state`, keeping `wrapped`.
    public init(state: SealingState, wrapped: WrappedDataKey?, sealedRecords: Int, sealedValues: Int, clearConfidentialRecords: Int) {
        let key: Key = switch state {
        case .off: .none
        case .locked: .locked
        case .open: .open
        }
        self.init(key: key, dataKeyVersion: wrapped?.version, masterFingerprint: wrapped?.masterFingerprint,
                  sealedRecords: sealedRecords, sealedValues: sealedValues, clearConfidentialRecords: clearConfidentialRecords)
    }
}

extension SourceVerification {
    /// Checks one source: `stored` is its record as stored, `bytes` its kept
    /// bytes (nil when none), `bytesSealed` whether those are sealed.
    public mutating func check(id: String, stored: String, bytes: Data?, bytesSealed: Bool, codec: SealingCodec) {
        guard let bytes else {
            withoutBytes += 1
            return
        }
        // The recorded hash is inside the record, which may itself be sealed.
        let source: Source?
        do {
            source = try codec.open(stored: stored, type: "source", id: id).map {
                try AigaqJSON.decoder().decode(Source.self, from: Data($0.json.utf8))
            }
        } catch {
            problems.append("source \(id): its record does not open (\(error.localizedDescription))")
            return
        }
        guard let source, !bytesSealed || codec.sealer != nil else {
            sealedUnchecked += 1
            return
        }
        let original: Data
        do {
            original = bytesSealed ? try codec.sealer!.openBytes(bytes, context: SealingCodec.sourceBytesContext(id)) : bytes
        } catch {
            problems.append("source \(id): its sealed bytes do not open: they were altered")
            return
        }
        let hash = SHA256Hasher.hex(Array(original))
        if hash == source.sha256.lowercased() {
            checked += 1
        } else {
            problems.append("source \(id): its stored bytes hash to \(hash), not to the recorded \(source.sha256)")
        }
    }
}
