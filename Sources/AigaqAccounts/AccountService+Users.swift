import AigaqStore
import Foundation

/// A TOTP secret being enrolled: show `uri` (as a QR code or text) once.
public struct TOTPEnrolment: Sendable {
    public let totp: TOTP
    /// `otpauth://totp/Aigaq:NAME?secret=…`
    public let uri: String
}

extension AccountService {
    // MARK: - Users

    /// Adds a user (admins only). Without a password, a strong password is
    /// generated and returned. `mustChangePassword` says whether the account
    /// must change it at its first login; by default, when it was generated
    /// (a one-time password).
    public func addUser(username: String, role: Role, password: String?, mustChangePassword: Bool? = nil,
                        by principal: Principal) async throws -> (user: User, oneTimePassword: String?) {
        try authorize(principal, .manageUsers)
        guard let name = Username.canonical(username) else {
            throw AccountError.invalid("a username has 1 to 64 letters a-z, digits, '.', '_' or '-', and begins with a letter or digit")
        }
        let generated = password == nil ? PasswordPolicy.generate() : nil
        let chosen = password ?? generated!
        if password != nil { try PasswordPolicy.check(chosen, username: name) }
        let user = User(id: SecureRandom.id("usr"), username: name, role: role, passwordHash: await hasher.hashAsync(chosen),
                        mustChangePassword: mustChangePassword ?? (generated != nil), created: now())
        try await store.createUser(user, actor: principal.auditName)
        return (user, generated)
    }

    /// All users (admins only), by username.
    public func users(by principal: Principal) async throws -> [User] {
        try authorize(principal, .manageUsers)
        return try await store.users()
    }

    /// Disables an account (admins only) and ends its sessions; its API tokens
    /// stop working while it is disabled. The last enabled admin cannot be disabled.
    public func disableUser(username: String, by principal: Principal) async throws {
        try authorize(principal, .manageUsers)
        var user = try await requireUser(username)
        if user.role == .admin { try await refuseIfLastAdmin(user) }
        user.disabled = true
        try await store.updateUser(user, actor: principal.auditName)
        try await store.deleteSessions(userID: user.id)
    }

    public func enableUser(username: String, by principal: Principal) async throws {
        try authorize(principal, .manageUsers)
        var user = try await requireUser(username)
        user.disabled = false
        try await store.updateUser(user, actor: principal.auditName)
    }

    /// Changes a role (admins only). The last enabled admin keeps theirs.
    public func setRole(username: String, role: Role, by principal: Principal) async throws {
        try authorize(principal, .manageUsers)
        var user = try await requireUser(username)
        if user.role == .admin && role != .admin { try await refuseIfLastAdmin(user) }
        user.role = role
        try await store.updateUser(user, actor: principal.auditName)
    }

    private func refuseIfLastAdmin(_ user: User) async throws {
        let others = try await store.users().filter { $0.role == .admin && !$0.disabled && $0.id != user.id }
        if others.isEmpty && !user.disabled {
            throw AccountError.invalid("\(user.username) is the last enabled admin; make another admin first")
        }
    }

    /// Sets a password: an admin, or the account itself having just proved its
    /// current password (`authenticate`, channel `.password`; also how a
    /// one-time password is replaced from the command line). A password set by
    /// someone else is one-time (to be changed at the next login). Every
    /// session of the account ends.
    public func setPassword(username: String, password: String, by principal: Principal) async throws {
        var user = try await requireUser(username)
        if !(principal.userID == user.id && principal.channel == .password) { try authorize(principal, .manageUsers) }
        try PasswordPolicy.check(password, username: user.username)
        user.passwordHash = await hasher.hashAsync(password)
        user.mustChangePassword = principal.userID != user.id
        try await store.updateUser(user, actor: principal.auditName)
        try await store.deleteSessions(userID: user.id)
    }

    /// Changes the signed-in user's own password, proving the current one
    /// (throttled like a login); also how a one-time password is replaced.
    /// Every session of the account ends and a new one is returned.
    public func changeOwnPassword(_ principal: Principal, current: String, new: String, address: String?) async throws -> SignedInSession {
        guard let id = principal.userID, let user = try await store.user(id: id) else { throw AccountError.notSignedIn }
        var checked = try await checkPassword(username: user.username, password: current, address: address)
        if new == current { throw AccountError.weakPassword("it must differ from the current one") }
        try PasswordPolicy.check(new, username: user.username)
        checked.passwordHash = await hasher.hashAsync(new)
        checked.mustChangePassword = false
        try await store.updateUser(checked, actor: principal.auditName)
        try await store.deleteSessions(userID: user.id)
        return try await newSession(for: checked, secondFactorPending: false, address: address)
    }

    // MARK: - TOTP

    /// Enrols a new TOTP secret at once (the account itself or an admin, as
    /// `aigaq user totp` does): returns the URI to show once. Replaces any
    /// earlier secret.
    public func enrolTOTP(username: String, by principal: Principal) async throws -> TOTPEnrolment {
        var user = try await requireUser(username)
        try authorizeSelfOrAdmin(principal, user)
        let totp = TOTP.random()
        user.totpSecret = try await secrets.seal(totp.secret, purpose: Self.totpPurpose(user.id))
        user.totpLastStep = nil
        try await store.updateUser(user, actor: principal.auditName)
        return TOTPEnrolment(totp: totp, uri: totp.provisioningURI(account: user.username))
    }

    /// A new secret for the signed-in user, not yet stored: show its URI, then
    /// `confirmTOTPEnrolment` with a code from the app stores it. So a
    /// mistyped scan cannot lock anybody out.
    public func beginTOTPEnrolment(for principal: Principal) throws -> TOTPEnrolment {
        try authorize(principal, .readPublic)
        let totp = TOTP.random()
        return TOTPEnrolment(totp: totp, uri: totp.provisioningURI(account: principal.username))
    }

    public func confirmTOTPEnrolment(_ enrolment: TOTPEnrolment, code: String, by principal: Principal) async throws {
        guard let id = principal.userID, var user = try await store.user(id: id) else { throw AccountError.notSignedIn }
        guard let step = enrolment.totp.match(code, at: now(), drift: policy.totpDrift) else { throw AccountError.invalidSecondFactor }
        user.totpSecret = try await secrets.seal(enrolment.totp.secret, purpose: Self.totpPurpose(user.id))
        user.totpLastStep = step
        try await store.updateUser(user, actor: principal.auditName)
    }

    /// Removes the second factor: the account itself or an admin.
    public func removeTOTP(username: String, by principal: Principal) async throws {
        var user = try await requireUser(username)
        try authorizeSelfOrAdmin(principal, user)
        user.totpSecret = nil
        user.totpLastStep = nil
        try await store.updateUser(user, actor: principal.auditName)
    }
}
