import Crypto

/// CSRF tokens bound to a secret the browser holds in an HttpOnly cookie
/// (the session token, or a pre-login cookie for the login form itself): the
/// HMAC-SHA-256 of a fixed label under that secret. Another site can make the
/// browser send the cookie but cannot read it, so it cannot compute the token
/// to put in a form. Nothing is stored.
public enum CSRF {
    private static let label = Array("aigaq-csrf-v1".utf8)

    /// The token to put in every form of the session whose cookie holds `secret`.
    public static func token(for secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: label, using: SymmetricKey(data: Array(secret.utf8)))
        return Base64URL.encode(mac)
    }

    /// Whether a submitted token belongs to `secret`; constant time. A
    /// missing token or a missing secret is refused.
    public static func verify(_ submitted: String?, for secret: String?) -> Bool {
        guard let submitted, let secret, !secret.isEmpty, let given = Base64URL.decode(submitted) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: label, using: SymmetricKey(data: Array(secret.utf8)))
    }
}
