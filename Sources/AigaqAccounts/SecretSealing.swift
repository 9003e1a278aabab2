import AigaqCore
import AigaqStore

/// The seam through which the TOTP secret is stored: a conforming type seals
/// on the way in and opens on the way out, and the accounts code does not
/// change. `purpose` names what is sealed (`totp:usr_…`), so that a sealer
/// binds it as associated data and a value cannot be moved to another account.
public protocol SecretSealing: Sendable {
    func seal(_ secret: [UInt8], purpose: String) async throws -> String
    func open(_ stored: String, purpose: String) async throws -> [UInt8]
}

/// Secrets sealed with the database's data key (`AccountSecrets`: AES-GCM,
/// the purpose as associated data), read afresh for each use so that a key
/// rotated by another process is followed. What `AccountService` uses.
///
/// - data key open (a master key given): sealed;
/// - no data key (no master key was ever given): kept `plain:` (a second
///   factor in clear is still better than none); `aigaq key status` and
///   `aigaq serve` warn, and the data key, once made, seals them;
/// - data key locked (the database has one, the master key was not given):
///   enrolling is refused (it would store in clear what the database seals),
///   and a sealed secret does not open: a clear error, never a pass.
public struct DatabaseSecrets: SecretSealing {
    public let store: any AccountStore

    public init(store: any AccountStore) { self.store = store }

    public func seal(_ secret: [UInt8], purpose: String) async throws -> String {
        switch try await store.sealingState() {
        case .open(let sealer): return try AccountSecrets.seal(base32: Base32.encode(secret), purpose: purpose, with: sealer)
        case .off: return AccountSecrets.plain(base32: Base32.encode(secret))
        case .locked:
            throw AccountError.invalid("this database seals second-factor secrets, and no key was given: set AIGAQ_KEY or AIGAQ_KEY_FILE")
        }
    }

    public func open(_ stored: String, purpose: String) async throws -> [UInt8] {
        var sealer: Sealer?
        if AccountSecrets.isSealed(stored), case .open(let s) = try await store.sealingState() { sealer = s }
        let base32: String
        do {
            base32 = try AccountSecrets.base32(of: stored, purpose: purpose, sealer: sealer)
        } catch let e as AigaqError {
            // No key, or a damaged secret: an account error the login page can say, not a server error.
            throw AccountError.invalid(e.message)
        }
        guard let bytes = Base32.decode(base32) else {
            throw AccountError.invalid("the stored \(purpose) secret is damaged")
        }
        return bytes
    }
}

/// Stored as `plain:BASE32` whatever the database: for tests of the accounts
/// logic alone, and the form `DatabaseSecrets` keeps without a data key.
public struct UnsealedSecrets: SecretSealing {
    public init() {}

    public func seal(_ secret: [UInt8], purpose: String) throws -> String { AccountSecrets.plain(base32: Base32.encode(secret)) }

    public func open(_ stored: String, purpose: String) throws -> [UInt8] {
        guard !AccountSecrets.isSealed(stored), let bytes = Base32.decode(try AccountSecrets.base32(of: stored, purpose: purpose, sealer: nil)) else {
            throw AccountError.invalid("this TOTP secret is sealed, and no key to open it was given")
        }
        return bytes
    }
}
