import AigaqCore
import Foundation

// MARK: - Account records
//
// What a database keeps about the people who use Aigaq. Secrets are never
// stored as given: passwords as slow hashes, session and API tokens as their
// SHA-256, the TOTP secret in the form a `SecretSealing` gave it. The logic
// (hashing, expiry, throttling, roles) lives in AigaqAccounts; a store only
// keeps and finds these records.

/// What a person may do in Aigaq, from least to most. The permissions of each
/// role are a table in AigaqAccounts (`PermissionMatrix`).
public enum Role: String, Codable, CaseIterable, Comparable, Sendable {
    case viewer, reviewer, editor, admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .reviewer: 1
        case .editor: 2
        case .admin: 3
        }
    }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// An account.
public struct User: Codable, Hashable, Sendable {
    /// A random, permanent id (`usr_…`); the username is what people type.
    public var id: String
    /// Canonical: lower case, `[a-z0-9._-]`, 1–64 characters.
    public var username: String
    public var role: Role
    /// The password hash with its scheme (`bcrypt-sha256:$2b$12$…`).
    public var passwordHash: String
    /// The TOTP secret as stored (sealed when sealing is configured); nil when
    /// the account has no second factor.
    public var totpSecret: String?
    /// The last TOTP time step accepted: a code of that step or earlier is refused (replay).
    public var totpLastStep: Int64?
    public var disabled: Bool
    /// Set for a generated one-time password: the account may only change it.
    public var mustChangePassword: Bool
    public var created: Date

    public init(id: String, username: String, role: Role, passwordHash: String, totpSecret: String? = nil,
                totpLastStep: Int64? = nil, disabled: Bool = false, mustChangePassword: Bool = false, created: Date) {
        self.id = id; self.username = username; self.role = role; self.passwordHash = passwordHash
        self.totpSecret = totpSecret; self.totpLastStep = totpLastStep; self.disabled = disabled
        self.mustChangePassword = mustChangePassword; self.created = created
    }
}

/// A signed-in browser. The token itself is only in the cookie.
public struct Session: Codable, Hashable, Sendable {
    /// A random public id (`ses_…`), for listing and revoking one session.
    public var id: String
    /// Hex SHA-256 of the session token.
    public var tokenHash: String
    public var userID: String
    public var created: Date
    public var lastSeen: Date
    /// The absolute expiry; the idle expiry is `lastSeen` plus the policy's idle time.
    public var expires: Date
    /// The password was right but the second factor is still owed: the
    /// session grants nothing until `completeSecondFactor` replaces it.
    public var secondFactorPending: Bool
    /// Where the login came from, for the user's list of sessions.
    public var address: String?

    public init(id: String, tokenHash: String, userID: String, created: Date, lastSeen: Date, expires: Date,
                secondFactorPending: Bool = false, address: String? = nil) {
        self.id = id; self.tokenHash = tokenHash; self.userID = userID; self.created = created
        self.lastSeen = lastSeen; self.expires = expires; self.secondFactorPending = secondFactorPending; self.address = address
    }
}

/// A bearer token for scripts and the JSON API.
public struct APIToken: Codable, Hashable, Sendable {
    /// A random public id (`tok_…`), shown in lists and used to revoke.
    public var id: String
    /// Hex SHA-256 of the token.
    public var tokenHash: String
    public var userID: String
    /// Never above the role of its user or of its creator; the user's current
    /// role caps it again at each use.
    public var role: Role
    public var label: String?
    public var created: Date
    /// Who created it (an actor name, as in the audit chain).
    public var createdBy: String
    public var expires: Date
    public var revoked: Date?

    public init(id: String, tokenHash: String, userID: String, role: Role, label: String? = nil, created: Date,
                createdBy: String, expires: Date, revoked: Date? = nil) {
        self.id = id; self.tokenHash = tokenHash; self.userID = userID; self.role = role; self.label = label
        self.created = created; self.createdBy = createdBy; self.expires = expires; self.revoked = revoked
    }
}

/// Failed logins counted against one key (`account:NAME` or `address:IP`).
public struct LoginThrottleRecord: Codable, Hashable, Sendable {
    public var key: String
    public var failures: Int
    public var lastFailure: Date

    public init(key: String, failures: Int, lastFailure: Date) {
        self.key = key; self.failures = failures; self.lastFailure = lastFailure
    }
}

// MARK: - The protocol

/// What the accounts layer may ask of a database: users, sessions, API tokens
/// and login throttling. Beside `KnowledgeStore`, not inside it, so that a
/// store can be given to code that needs only one of them. No driver types.
///
/// Changes to users and API tokens are appended to the audit chain with
/// `actor`; sessions and throttle counters are not (they change at every
/// request and say nothing about the knowledge base).
public protocol AccountStore: Sendable {
    // MARK: Users

    /// Adds a user. Throws `AigaqError.usage` when the username is taken.
    func createUser(_ user: User, actor: String) async throws
    /// Replaces the user with the same id.
    func updateUser(_ user: User, actor: String) async throws
    func user(id: String) async throws -> User?
    func user(username: String) async throws -> User?
    /// All users, by username.
    func users() async throws -> [User]
    func userCount() async throws -> Int
    /// Records that a TOTP time step was used, only if it is later than the
    /// last one: true when claimed, false for a replay. Atomic.
    func claimTOTPStep(userID: String, step: Int64) async throws -> Bool
    /// The state of the database's data key now (made, rotated or restored by
    /// any process): what seals and opens accounts' secrets (`AccountSecrets`).
    func sealingState() async throws -> SealingState

    // MARK: Sessions

    func createSession(_ session: Session) async throws
    func session(tokenHash: String) async throws -> Session?
    /// Sessions of a user, newest first.
    func sessions(userID: String) async throws -> [Session]
    func touchSession(id: String, lastSeen: Date) async throws
    func deleteSession(id: String) async throws
    /// Deletes every session of a user; returns how many there were.
    @discardableResult
    func deleteSessions(userID: String) async throws -> Int
    /// Deletes sessions whose absolute expiry is before `date`.
    @discardableResult
    func deleteSessions(expiredBefore date: Date) async throws -> Int

    // MARK: API tokens

    func createToken(_ token: APIToken, actor: String) async throws
    func token(id: String) async throws -> APIToken?
    func token(tokenHash: String) async throws -> APIToken?
    /// Tokens of a user (every user's when nil), newest first.
    func tokens(userID: String?) async throws -> [APIToken]
    /// Marks a token revoked at `date`; false when there is no such token.
    @discardableResult
    func revokeToken(id: String, at date: Date, actor: String) async throws -> Bool

    // MARK: Login throttling

    func throttleRecords(keys: [String]) async throws -> [LoginThrottleRecord]
    /// Adds one failure to each key at `date`. Atomic per key. A key whose
    /// last failure is before `resetBefore` starts again from one.
    func recordLoginFailure(keys: [String], at date: Date, resetBefore: Date) async throws
    func clearThrottle(key: String) async throws
}

// MARK: - Audit text

/// What the audit chain hashes for account changes, shared by every backend
/// so that the same change hashes the same: no secret, but a digest of the
/// password hash and whether TOTP is set, so that their changes show.
public enum AccountAudit {
    public static func text(_ u: User) -> String {
        "username=\(u.username) role=\(u.role.rawValue) disabled=\(u.disabled) mustChangePassword=\(u.mustChangePassword) "
            + "totp=\(u.totpSecret != nil) password=\(SHA256Hasher.hex(Array(u.passwordHash.utf8)).prefix(16))"
    }

    public static func created(_ t: APIToken) -> String {
        "user=\(t.userID) role=\(t.role.rawValue) expires=\(t.expires.timeIntervalSince1970)"
    }

    public static func revoked(at date: Date) -> String { "revoked=\(date.timeIntervalSince1970)" }
}
