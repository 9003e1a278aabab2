import AigaqCore
import Crypto
import Foundation

/// The key that unlocks a database's sealed values: 32 random bytes that
/// come from `AIGAQ_KEY` (base64) or a file named by `AIGAQ_KEY_FILE`, and are
/// never written into the database. It does not seal values itself: it wraps
/// the database's data key (``Sealer``), so that changing it re-wraps 32
/// bytes instead of re-encrypting every value.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    public static let environmentVariable = "AIGAQ_KEY"
    public static let fileEnvironmentVariable = "AIGAQ_KEY_FILE"

    /// A new random key.
    public static func generate() -> MasterKey { MasterKey(key: SymmetricKey(size: .bits256)) }

    init(key: SymmetricKey) { self.key = key }

    /// A key from its base64 text (surrounding white space is ignored).
    public init(base64 text: String, origin: String = MasterKey.environmentVariable) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed), bytes.count == 32 else {
            throw AigaqError.usage("\(origin) must be 32 bytes in base64 (44 characters); make one with `aigaq key generate`")
        }
        key = SymmetricKey(data: bytes)
    }

    /// A key from a file holding its base64 text.
    public static func load(file path: String) throws -> MasterKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AigaqError.usage("key file \(path) cannot be read")
        }
        return try MasterKey(base64: String(decoding: data, as: UTF8.self), origin: "key file \(path)")
    }

    /// The key named by the environment: `AIGAQ_KEY`, else `AIGAQ_KEY_FILE`; nil when neither is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MasterKey? {
        let inline = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let file = environment[fileEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (inline, file) {
        case (let text?, nil): return try MasterKey(base64: text)
        case (nil, let path?): return try load(file: path)
        case (nil, nil): return nil
        case (_?, _?): throw AigaqError.usage("set either \(environmentVariable) or \(fileEnvironmentVariable), not both")
        }
    }

    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// A short public name of the key (not the key): which key a database
    /// was sealed under, for messages. 8 bytes of a domain-separated hash.
    public var fingerprint: String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Data("aigaq master key fingerprint v1".utf8) + Data($0)) }
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// A database's data key as stored: sealed (AES-GCM) under a master key,
/// with the master key's fingerprint so that a wrong key gets a clear message.
public struct WrappedDataKey: Hashable, Sendable, Codable {
    /// Raised by each rotation; sealed values name the version that sealed them.
    public var version: Int
    /// Base64 of nonce, ciphertext and tag.
    public var wrapped: String
    public var masterFingerprint: String
    /// ISO 8601.
    public var createdAt: String

    public init(version: Int, wrapped: String, masterFingerprint: String, createdAt: String) {
        self.version = version; self.wrapped = wrapped; self.masterFingerprint = masterFingerprint; self.createdAt = createdAt
    }
}

/// Seals and opens values with a database's data key (AES-256-GCM, a random
/// 96-bit nonce per value). Every sealed value is bound to where it belongs
/// (its record and place, as authenticated data), so that a sealed value
/// moved to another record or field does not open.
public struct Sealer: Sendable {
    public let version: Int
    let key: SymmetricKey
    /// A separate key for blind indexes (keyed hashes that find equal values
    /// without showing them).
    let blindKey: SymmetricKey

    init(version: Int, key: SymmetricKey) {
        self.version = version
        self.key = key
        blindKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("aigaq blind index v1".utf8), outputByteCount: 32)
    }

    /// A new random data key.
    public static func newDataKey(version: Int) -> Sealer { Sealer(version: version, key: SymmetricKey(size: .bits256)) }

    private static func wrapContext(_ version: Int) -> Data { Data("aigaq data key v\(version)".utf8) }

    /// This data key sealed under `master`, for the database to keep.
    public func wrapped(under master: MasterKey, at date: Date = Date()) throws -> WrappedDataKey {
        let raw = key.withUnsafeBytes { Data($0) }
        let box = try AES.GCM.seal(raw, using: master.key, authenticating: Sealer.wrapContext(version))
        return WrappedDataKey(version: version, wrapped: box.combined!.base64EncodedString(),
                              masterFingerprint: master.fingerprint, createdAt: ISO8601DateFormatter().string(from: date))
    }

    /// The data key inside `wrapped`; a clear error when `master` is not the key it was wrapped with.
    public static func unwrap(_ wrapped: WrappedDataKey, with master: MasterKey) throws -> Sealer {
        guard master.fingerprint == wrapped.masterFingerprint else {
            throw AigaqError.database(reason: "the key given (fingerprint \(master.fingerprint)) is not this database's key "
                + "(fingerprint \(wrapped.masterFingerprint)); check AIGAQ_KEY or AIGAQ_KEY_FILE")
        }
        do {
            guard let combined = Data(base64Encoded: wrapped.wrapped) else { throw CryptoKitError.incorrectParameterSize }
            let raw = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: master.key,
                                       authenticating: wrapContext(wrapped.version))
            guard raw.count == 32 else { throw CryptoKitError.incorrectKeySize }
            return Sealer(version: wrapped.version, key: SymmetricKey(data: raw))
        } catch {
            throw AigaqError.database(reason: "the stored data key does not open with the key given: it was altered, or the key is wrong")
        }
    }

    // MARK: - Values

    static let textPrefix = "v1."

    /// `v1.<data key version>.<base64 of nonce, ciphertext, tag>`.
    public func seal(_ plaintext: some DataProtocol, context: String) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Sealer.aad(context))
        return "\(Sealer.textPrefix)\(version).\(box.combined!.base64EncodedString())"
    }

    public func open(_ envelope: String, context: String) throws -> Data {
        let parts = envelope.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let v = Int(parts[1]), let combined = Data(base64Encoded: String(parts[2])) else {
            throw AigaqError.database(reason: "a sealed value of \(context) is damaged")
        }
        return try open(combined: combined, keyVersion: v, context: context)
    }

    /// Binary form for large values (a source's bytes): `AGQ1`, the version (4 bytes), nonce, ciphertext, tag.
    public func sealBytes(_ plaintext: some DataProtocol, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Sealer.aad(context))
        var out = Data("AGQ1".utf8)
        withUnsafeBytes(of: UInt32(version).bigEndian) { out.append(contentsOf: $0) }
        out.append(box.combined!)
        return out
    }

    public func openBytes(_ sealed: Data, context: String) throws -> Data {
        guard sealed.count >= 8 + 28, sealed.prefix(4) == Data("AGQ1".utf8) else {
            throw AigaqError.database(reason: "the sealed bytes of \(context) are damaged")
        }
        let v = sealed.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | Int($1) }
        return try open(combined: Data(sealed.dropFirst(8)), keyVersion: v, context: context)
    }

    private func open(combined: Data, keyVersion: Int, context: String) throws -> Data {
        guard keyVersion == version else {
            throw AigaqError.database(reason: "a sealed value of \(context) was sealed with data key \(keyVersion), but this database's key is \(version)")
        }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key, authenticating: Sealer.aad(context))
        } catch {
            throw AigaqError.database(reason: "a sealed value of \(context) does not open: it was altered or moved from elsewhere")
        }
    }

    private static func aad(_ context: String) -> Data { Data("aigaq/v1/\(context)".utf8) }

    /// A keyed hash of `value` (HMAC-SHA-256, hex): equal values give equal
    /// indexes, but without the key the index tells nothing of the value.
    public func blindIndex(_ value: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: blindKey).map { String(format: "%02x", $0) }.joined()
    }
}
