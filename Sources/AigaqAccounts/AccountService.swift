import AigaqStore
import Foundation

/// Times and limits of accounts. The defaults are the production values.
public struct AccountPolicy: Sendable, Hashable {
    /// A session unused this long ends.
    public var sessionIdle: TimeInterval = 30 * 60
    /// A session ends this long after login, used or not.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Time between the password and the second-factor code.
    public var secondFactorWindow: TimeInterval = 5 * 60
    /// `lastSeen` is written at most this often (one write a minute, not one a request).
    public var touchInterval: TimeInterval = 60
    public var maxTokenDays = 365
    /// TOTP steps accepted either side of now.
    public var totpDrift = 1
    public var accountThrottle = ThrottlePolicy.account
    public var addressThrottle = ThrottlePolicy.address

    public init() {}
    public static let standard = AccountPolicy()
}

/// A new session: the token goes in the cookie and is stored nowhere else.
public struct SignedInSession: Sendable {
    /// Put it in an HttpOnly, Secure, SameSite=Strict cookie.
    public let token: String
    /// Put it in every form of this session (`CSRF.verify` checks it).
    public let csrfToken: String
    public let session: Session
    public let principal: Principal
}

public enum LoginResult: Sendable {
    case signedIn(SignedInSession)
    /// The password was right and the account has TOTP: ask for the code, then
    /// call `completeSecondFactor` with this token (keep it in a short-lived
    /// HttpOnly cookie). It grants nothing by itself.
    case secondFactorRequired(pendingToken: String, expires: Date)
}

/// Accounts, passwords, second factors, sessions, API tokens and throttling,
/// over any `AccountStore`. HTTP-agnostic: the web application and the
/// command line call the same functions, and every change is checked against
/// the acting `Principal` here, not in the callers.
public struct AccountService: Sendable {
    public let store: any AccountStore
    public let hasher: PasswordHasher
    public let policy: AccountPolicy
    /// How TOTP secrets are stored: `DatabaseSecrets` (the database's data key) unless given.
    public let secrets: any SecretSealing
    /// The clock; tests pass their own.
    public let now: @Sendable () -> Date

    public init(store: any AccountStore, hasher: PasswordHasher = .standard, policy: AccountPolicy = .standard,
                secrets: (any SecretSealing)? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store; self.hasher = hasher; self.policy = policy; self.now = now
        self.secrets = secrets ?? DatabaseSecrets(store: store)
    }

    // MARK: - Login

    /// Checks a username and password. Unknown users, wrong passwords and
    /// disabled accounts cost the same bcrypt work and give the same error
    /// (`invalidCredentials`); each failure counts against the account name
    /// and the address, and too many give `throttled` before any hashing.
    public func login(username: String, password: String, address: String?) async throws -> LoginResult {
        let user = try await checkPassword(username: username, password: password, address: address)
        if user.totpSecret != nil {
            let pending = try await newSession(for: user, secondFactorPending: true, address: address)
            return .secondFactorRequired(pendingToken: pending.token, expires: pending.session.expires)
        }
        return .signedIn(try await newSession(for: user, secondFactorPending: false, address: address))
    }

    /// The second step of a login with TOTP: a code within ±`totpDrift` steps,
    /// never one already used. Returns a new session (a new token: the
    /// pending one is deleted).
    public func completeSecondFactor(pendingToken: String, code: String, address: String?) async throws -> SignedInSession {
        guard let pending = try await store.session(tokenHash: TokenHash.hex(pendingToken)), pending.secondFactorPending else {
            throw AccountError.loginExpired
        }
        guard now() < pending.expires, let user = try await store.user(id: pending.userID), !user.disabled,
              let sealed = user.totpSecret else {
            try await store.deleteSession(id: pending.id)
            throw AccountError.loginExpired
        }
        let keys = throttleKeys(username: user.username, address: address)
        try await checkThrottle(keys)
        guard try await verifyTOTP(code, sealed: sealed, user: user) else {
            try await recordFailure(keys)
            throw AccountError.invalidSecondFactor
        }
        try await store.deleteSession(id: pending.id)
        try await store.clearThrottle(key: keys.account)
        return try await newSession(for: user, secondFactorPending: false, address: address)
    }

    /// Checks a username, password and (when the account has TOTP) code for
    /// one command, without a session: what `aigaq token create --password-stdin` uses.
    public func authenticate(username: String, password: String, code: String?, address: String? = nil) async throws -> Principal {
        let user = try await checkPassword(username: username, password: password, address: address)
        if let sealed = user.totpSecret {
            let keys = throttleKeys(username: user.username, address: address)
            guard let code, try await verifyTOTP(code, sealed: sealed, user: user) else {
                try await recordFailure(keys)
                throw AccountError.invalidSecondFactor
            }
        }
        return Principal(userID: user.id, username: user.username, role: user.role, channel: .password,
                         mustChangePassword: user.mustChangePassword)
    }

    /// Throttle, verify, count. The user when the password is right.
    func checkPassword(username raw: String, password: String, address: String?) async throws -> User {
        let canonical = Username.canonical(raw)
        // An invalid name is throttled under its lower-cased form, like any unknown name.
        let keys = throttleKeys(username: canonical ?? String(raw.lowercased().prefix(64)), address: address)
        try await checkThrottle(keys)
        let user = try await canonical.asyncMap { try await store.user(username: $0) } ?? nil
        let matches = await hasher.verifyAsync(password, against: user?.passwordHash ?? DecoyHash.shared.hash(for: hasher))
        guard let user, matches, !user.disabled else {
            try await recordFailure(keys)
            throw AccountError.invalidCredentials
        }
        try await store.clearThrottle(key: keys.account)
        if hasher.needsRehash(user.passwordHash) {
            var upgraded = user
            upgraded.passwordHash = await hasher.hashAsync(password)
            try await store.updateUser(upgraded, actor: "system:rehash")
            return upgraded
        }
        return user
    }

    func verifyTOTP(_ code: String, sealed: String, user: User) async throws -> Bool {
        let totp = TOTP(secret: try await secrets.open(sealed, purpose: Self.totpPurpose(user.id)))
        guard let step = totp.match(code, at: now(), drift: policy.totpDrift) else { return false }
        return try await store.claimTOTPStep(userID: user.id, step: step)
    }

    static func totpPurpose(_ userID: String) -> String { AccountSecrets.totpPurpose(userID) }

    // MARK: - Throttling

    struct Keys { var account: String; var address: String? }

    func throttleKeys(username: String, address: String?) -> Keys {
        Keys(account: ThrottleKey.account(username), address: address.map(ThrottleKey.address))
    }

    /// Throws `throttled` while either key must wait.
    func checkThrottle(_ keys: Keys) async throws {
        let records = try await store.throttleRecords(keys: [keys.account] + (keys.address.map { [$0] } ?? []))
        let t = now()
        let account = policy.accountThrottle.wait(records.first { $0.key == keys.account }, now: t)
        let address = keys.address.map { k in policy.addressThrottle.wait(records.first { $0.key == k }, now: t) } ?? 0
        let wait = max(account, address)
        if wait > 0 { throw AccountError.throttled(retryAfter: Int(wait.rounded(.up))) }
    }

    func recordFailure(_ keys: Keys) async throws {
        let t = now()
        try await store.recordLoginFailure(keys: [keys.account], at: t, resetBefore: t - policy.accountThrottle.forgetAfter)
        if let address = keys.address {
            try await store.recordLoginFailure(keys: [address], at: t, resetBefore: t - policy.addressThrottle.forgetAfter)
        }
    }

    // MARK: - Sessions

    func newSession(for user: User, secondFactorPending: Bool, address: String?) async throws -> SignedInSession {
        let token = SecureRandom.token()
        let t = now()
        let session = Session(id: SecureRandom.id("ses"), tokenHash: TokenHash.hex(token), userID: user.id, created: t, lastSeen: t,
                              expires: t + (secondFactorPending ? policy.secondFactorWindow : policy.sessionLifetime),
                              secondFactorPending: secondFactorPending, address: address)
        try await store.createSession(session)
        let principal = Principal(userID: user.id, username: user.username, role: user.role, channel: .session,
                                  credentialID: session.id, mustChangePassword: user.mustChangePassword)
        return SignedInSession(token: token, csrfToken: CSRF.token(for: token), session: session, principal: principal)
    }

    /// Who holds this session cookie, or nil: unknown, pending a second
    /// factor, past its idle or absolute expiry (then deleted), or its user
    /// disabled. Marks the session used.
    public func principal(forSessionToken token: String) async throws -> Principal? {
        guard let session = try await store.session(tokenHash: TokenHash.hex(token)), !session.secondFactorPending else { return nil }
        let t = now()
        if t >= session.expires || t >= session.lastSeen + policy.sessionIdle {
            try await store.deleteSession(id: session.id)
            return nil
        }
        guard let user = try await store.user(id: session.userID), !user.disabled else { return nil }
        if t.timeIntervalSince(session.lastSeen) >= policy.touchInterval {
            try await store.touchSession(id: session.id, lastSeen: t)
        }
        return Principal(userID: user.id, username: user.username, role: user.role, channel: .session,
                         credentialID: session.id, mustChangePassword: user.mustChangePassword)
    }

    /// Who makes a request: the API token when one is given (`Authorization:
    /// Bearer aigaq_…`), else the session cookie; nil for an anonymous
    /// visitor or a credential that is no longer valid. Only requests by
    /// session cookie need a CSRF check: a token is never sent by the browser
    /// on its own.
    public func principal(sessionToken: String?, apiToken: String?) async throws -> Principal? {
        if let apiToken, !apiToken.isEmpty { return try await principal(forAPIToken: apiToken) }
        if let sessionToken, !sessionToken.isEmpty { return try await principal(forSessionToken: sessionToken) }
        return nil
    }

    /// The CSRF token of a session cookie (the same one `SignedInSession` gave).
    public func csrfToken(forSessionToken token: String) -> String { CSRF.token(for: token) }

    /// Ends the session whose cookie this is (logout). Unknown tokens are ignored.
    public func signOut(sessionToken token: String) async throws {
        if let session = try await store.session(tokenHash: TokenHash.hex(token)) {
            try await store.deleteSession(id: session.id)
        }
    }

    /// Ends every session of a user: the user themselves, or an admin.
    @discardableResult
    public func revokeSessions(username: String, by principal: Principal) async throws -> Int {
        let user = try await requireUser(username)
        try authorizeSelfOrAdmin(principal, user)
        return try await store.deleteSessions(userID: user.id)
    }

    /// Ends one session by its public id: its user, or an admin.
    public func revokeSession(id: String, by principal: Principal) async throws {
        if (try? authorize(principal, .manageUsers)) == nil {
            guard let own = principal.userID, try await store.sessions(userID: own).contains(where: { $0.id == id }) else {
                throw AccountError.notFound("session \(id)")
            }
        }
        try await store.deleteSession(id: id)
    }

    /// The sessions of a user: the user themselves, or an admin.
    public func sessions(username: String, by principal: Principal) async throws -> [Session] {
        let user = try await requireUser(username)
        try authorizeSelfOrAdmin(principal, user)
        return try await store.sessions(userID: user.id)
    }

    // MARK: - Helpers

    func requireUser(_ username: String) async throws -> User {
        guard let name = Username.canonical(username), let user = try await store.user(username: name) else {
            throw AccountError.notFound("user \(username)")
        }
        return user
    }

    /// Allowed for the account itself (not while its one-time password is unchanged) or for an admin.
    func authorizeSelfOrAdmin(_ principal: Principal, _ user: User) throws {
        if principal.userID == user.id && !principal.mustChangePassword { return }
        try authorize(principal, .manageUsers)
    }
}

/// Usernames are compared in one canonical form.
public enum Username {
    /// Lower case NFC, `[a-z0-9._-]`, beginning with a letter or digit, 1–64
    /// characters; nil otherwise.
    public static func canonical(_ raw: String) -> String? {
        let s = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces).lowercased()
        let bytes = Array(s.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first, isAlphanumeric(first),
              bytes.allSatisfy({ isAlphanumeric($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }) else { return nil }
        return s
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }
}

/// One decoy hash per cost: the hash an unknown user's login is checked against.
final class DecoyHash: @unchecked Sendable {
    static let shared = DecoyHash()
    /// A cost-12 hash of a random password that was thrown away, made once
    /// with `decoyHash()`: so that even the first unknown-user login of a
    /// process costs exactly what a known user's costs.
    static let production = "bcrypt-sha256:$2b$12$xSv7bG1DkbHdN3FDTarFLeO3G1XUJCLCxs34w99O2D6yllD3yEQK."
    private let lock = NSLock()
    private var hashes: [UInt8: String] = [PasswordHasher.standard.cost: production]

    func hash(for hasher: PasswordHasher) -> String {
        lock.lock(); defer { lock.unlock() }
        if let h = hashes[hasher.cost] { return h }
        let h = hasher.decoyHash()
        hashes[hasher.cost] = h
        return h
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
