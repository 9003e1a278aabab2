import AigaqCore
import Foundation

/// How an account's secret (its TOTP secret) is stored, by every store:
///
/// - `sealed:v1.<data key version>.<base64>`: AES-GCM under the database's
///   data key, bound to its purpose (`totp:usr_…`) as authenticated data, so
///   that it opens for its own account only;
/// - `plain:BASE32`: in a database without a data key (no master key was
///   ever given). Sealed when the data key is made (`aigaq key init`, or the
///   first command given a key) and by every `aigaq key rotate`.
///
/// What is sealed is the base32 text, so a store re-seals without knowing TOTP.
public enum AccountSecrets {
    static let plainPrefix = "plain:"
    static let sealedPrefix = "sealed:"

    public static func totpPurpose(_ userID: String) -> String { "totp:" + userID }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(sealedPrefix) }

    public static func plain(base32: String) -> String { plainPrefix + base32 }

    public static func seal(base32: String, purpose: String, with sealer: Sealer) throws -> String {
        sealedPrefix + (try sealer.seal(Data(base32.utf8), context: "account-secret/" + purpose))
    }

    /// The base32 text of a stored secret, opened with `sealer` when sealed.
    public static func base32(of stored: String, purpose: String, sealer: Sealer?) throws -> String {
        if stored.hasPrefix(plainPrefix) { return String(stored.dropFirst(plainPrefix.count)) }
        guard stored.hasPrefix(sealedPrefix) else { throw AigaqError.database(reason: "the \(purpose) secret is stored in an unknown form") }
        guard let sealer else {
            throw AigaqError.permissionDenied("the \(purpose) secret is sealed, and no key to open it was given: set AIGAQ_KEY or AIGAQ_KEY_FILE")
        }
        let opened = try sealer.open(String(stored.dropFirst(sealedPrefix.count)), context: "account-secret/" + purpose)
        return String(decoding: opened, as: UTF8.self)
    }

    /// A stored secret sealed under `fresh` (a plain one for the first time); `old` opens a sealed one.
    public static func resealed(_ stored: String, purpose: String, from old: Sealer?, to fresh: Sealer) throws -> String {
        try seal(base32: try base32(of: stored, purpose: purpose, sealer: old), purpose: purpose, with: fresh)
    }
}
