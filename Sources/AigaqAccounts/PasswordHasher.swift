import CBcrypt
import Crypto
import Dispatch
import Foundation
import HummingbirdBcrypt

/// Password hashes: bcrypt over an HMAC-SHA-256 of the password.
///
/// bcrypt reads at most 72 bytes (36 Cyrillic letters) and stops at a zero
/// byte; hashing first gives it 44 base64 characters whatever the password's
/// length or script, as passlib's `bcrypt_sha256` does. The password is put
/// in Unicode NFC first, so that "é" typed either way is one password.
/// Stored as `bcrypt-sha256:$2b$12$…`.
public struct PasswordHasher: Sendable {
    /// bcrypt's cost (log2 of its rounds). Production uses 12 (about 0.25 s).
    public let cost: UInt8
    static let scheme = "bcrypt-sha256:"
    private static let pepperLabel = SymmetricKey(data: Array("aigaq-password-v1".utf8))

    /// The production hasher: cost 12.
    public static let standard = PasswordHasher(uncheckedCost: 12)

    /// A hasher with a lower cost, for tests only: say so at the call site.
    public static func forTesting(cost: UInt8) -> PasswordHasher {
        PasswordHasher(uncheckedCost: max(cost, UInt8(BCRYPT_MINLOGROUNDS)))
    }

    private init(uncheckedCost cost: UInt8) { self.cost = cost }

    /// The stored form of `password`, with a fresh random salt.
    public func hash(_ password: String) -> String {
        Self.scheme + Bcrypt.hash(Self.prehash(password), cost: cost)
    }

    /// Whether `password` matches `stored`. The final comparison takes the
    /// same time wherever the hashes differ (CBcrypt's own check uses memcmp).
    public func verify(_ password: String, against stored: String) -> Bool {
        guard stored.hasPrefix(Self.scheme) else { return false }
        let bcrypt = String(stored.dropFirst(Self.scheme.count))
        guard bcrypt.utf8.count == Int(BCRYPT_HASHSPACE) - 1 else { return false }
        var computed = [CChar](repeating: 0, count: Int(BCRYPT_HASHSPACE) + 1)
        // The stored hash carries its own cost and salt; hashpass reads them from it.
        guard c_hb_bcrypt_hashpass(Self.prehash(password), bcrypt, &computed, Int(BCRYPT_HASHSPACE)) == 0 else { return false }
        let computedBytes = computed.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return constantTimeEqual(computedBytes, Array(bcrypt.utf8))
    }

    /// Whether `stored` was made with a lower cost than this hasher's (then
    /// it is hashed again at the next successful login).
    public func needsRehash(_ stored: String) -> Bool {
        guard let c = Self.cost(of: stored) else { return true }
        return c < cost
    }

    static func cost(of stored: String) -> UInt8? {
        // bcrypt-sha256:$2b$12$…
        let parts = stored.dropFirst(scheme.count).split(separator: "$")
        guard stored.hasPrefix(scheme), parts.count >= 2 else { return nil }
        return UInt8(parts[1])
    }

    /// A hash of a random password at this hasher's cost: checking a login
    /// for an unknown user against it costs what a known user's check costs.
    public func decoyHash() -> String { hash(SecureRandom.token()) }

    private static func prehash(_ password: String) -> String {
        let normalised = password.precomposedStringWithCanonicalMapping
        let mac = HMAC<SHA256>.authenticationCode(for: Array(normalised.utf8), using: pepperLabel)
        return Data(mac).base64EncodedString()
    }

    // MARK: - Off the cooperative pool

    /// bcrypt blocks its thread for a quarter of a second: run it on a
    /// Dispatch thread so that Swift concurrency's few threads stay free.
    func hashAsync(_ password: String) async -> String {
        await Self.offPool { hash(password) }
    }

    func verifyAsync(_ password: String, against stored: String) async -> Bool {
        await Self.offPool { verify(password, against: stored) }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}

/// What a password must be, and strong generated one-time passwords.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// Longer input is refused, so that nobody can make the server hash megabytes.
    public static let maximumLength = 1024

    /// Throws `AccountError.weakPassword` with the reason.
    public static func check(_ password: String, username: String) throws(AccountError) {
        let length = password.count
        if length < minimumLength { throw .weakPassword("it must have at least \(minimumLength) characters") }
        if length > maximumLength { throw .weakPassword("it must have at most \(maximumLength) characters") }
        if username.count >= 3, password.lowercased().contains(username.lowercased()) { throw .weakPassword("it must not contain the username") }
        if Set(password).count < 4 { throw .weakPassword("it repeats too few different characters") }
    }

    /// 24 characters from 32 that are hard to misread (no l, o, 0, 1), 120
    /// bits, in groups of four: `k7pq-9xmz-…`. Printed once; the account must
    /// change it at its first login.
    public static func generate() -> String {
        let symbols = Array("abcdefghijkmnpqrstuvwxyz23456789")
        let chars = SecureRandom.bytes(24).map { symbols[Int($0) & 31] }
        return stride(from: 0, to: 24, by: 4).map { String(chars[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
