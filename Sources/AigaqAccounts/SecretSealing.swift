/// The seam through which the TOTP secret is stored. The sealed-fields work
/// (AES-GCM with a data key wrapped by AIGAQ_KEY) plugs in here: a conforming
/// type seals on the way in and opens on the way out, and the accounts code
/// does not change. `purpose` names what is sealed (`totp:usr_…`), so that a
/// sealer can bind it as associated data and a value cannot be moved to
/// another account.
public protocol SecretSealing: Sendable {
    func seal(_ secret: [UInt8], purpose: String) throws -> String
    func open(_ stored: String, purpose: String) throws -> [UInt8]
}

/// Until sealed fields land: stored as `plain:BASE32`. The prefix lets a
/// sealing implementation recognise, open and re-seal these values later.
public struct UnsealedSecrets: SecretSealing {
    public init() {}

    public func seal(_ secret: [UInt8], purpose: String) throws -> String { "plain:" + Base32.encode(secret) }

    public func open(_ stored: String, purpose: String) throws -> [UInt8] {
        guard stored.hasPrefix("plain:"), let bytes = Base32.decode(String(stored.dropFirst(6))) else {
            throw AccountError.invalid("this TOTP secret is sealed, and no key to open it was given")
        }
        return bytes
    }
}
