import AigaqStore
import Foundation

/// What can go wrong with accounts. `message` is safe to show: a failed login
/// says the same thing whether the username exists, the password is wrong or
/// the account is disabled.
public enum AccountError: Error, LocalizedError, Equatable, Sendable {
    /// Unknown user, wrong password or disabled account: one message for all.
    case invalidCredentials
    /// Too many failed logins for this account or address.
    case throttled(retryAfter: Int)
    /// A wrong, expired or already used second-factor code.
    case invalidSecondFactor
    /// The password step was too long ago; sign in again.
    case loginExpired
    /// Signing in is needed (HTTP 401).
    case notSignedIn
    /// Signed in, but the role does not allow it (HTTP 403).
    case forbidden(permission: Permission, role: Role)
    /// Signed in with a one-time password that must be changed first.
    case passwordChangeRequired
    /// A password that the policy refuses, with why.
    case weakPassword(String)
    /// A request that cannot be done as asked (bad username, role above the ceiling, …).
    case invalid(String)
    case notFound(String)

    public var message: String {
        switch self {
        case .invalidCredentials: "wrong username or password"
        case let .throttled(seconds): "too many failed logins; try again in \(seconds) seconds"
        case .invalidSecondFactor: "wrong or already used code"
        case .loginExpired: "the login took too long; sign in again"
        case .notSignedIn: "sign in first"
        case let .forbidden(permission, role): "permission denied: the \(role.rawValue) role does not allow \(permission.rawValue)"
        case .passwordChangeRequired: "change your one-time password first"
        case let .weakPassword(why): "password refused: \(why)"
        case let .invalid(why): why
        case let .notFound(what): "not found: \(what)"
        }
    }

    public var errorDescription: String? { message }
}
