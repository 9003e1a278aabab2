import AigaqStore
import Foundation

/// A new API token: `token` is shown once and stored nowhere (only its SHA-256).
public struct NewAPIToken: Sendable {
    /// `aigaq_…`: send it as `Authorization: Bearer …` or `AIGAQ_TOKEN`.
    public let token: String
    public let record: APIToken
}

extension AccountService {
    /// The prefix of every API token, so that secret scanners can find leaked ones.
    public static let tokenPrefix = "aigaq_"

    /// Creates an API token for `username`: by that user, or by an admin. Its
    /// role is never above the user's role nor the creator's; it expires after
    /// `days` (1 to `maxTokenDays`).
    public func createToken(for username: String, role: Role, days: Int, label: String? = nil, by principal: Principal) async throws -> NewAPIToken {
        let user = try await requireUser(username)
        try authorizeSelfOrAdmin(principal, user)
        guard !user.disabled else { throw AccountError.invalid("\(user.username) is disabled") }
        guard role <= user.role else {
            throw AccountError.invalid("a token's role cannot be above its user's (\(user.username) is \(user.role.rawValue))")
        }
        guard role <= principal.role else {
            throw AccountError.invalid("a token's role cannot be above its creator's (\(principal.role.rawValue))")
        }
        guard (1...policy.maxTokenDays).contains(days) else {
            throw AccountError.invalid("a token expires after 1 to \(policy.maxTokenDays) days")
        }
        let token = Self.tokenPrefix + SecureRandom.token()
        let t = now()
        let record = APIToken(id: SecureRandom.id("tok"), tokenHash: TokenHash.hex(token), userID: user.id, role: role,
                              label: label, created: t, createdBy: principal.auditName, expires: t + Double(days) * 86400)
        try await store.createToken(record, actor: principal.auditName)
        return NewAPIToken(token: token, record: record)
    }

    /// Who holds this API token, or nil: unknown, revoked, expired, or its user
    /// disabled. The role is the token's, capped by the user's current role.
    public func principal(forAPIToken token: String) async throws -> Principal? {
        guard token.hasPrefix(Self.tokenPrefix), let record = try await store.token(tokenHash: TokenHash.hex(token)),
              record.revoked == nil, now() < record.expires,
              let user = try await store.user(id: record.userID), !user.disabled else { return nil }
        return Principal(userID: user.id, username: user.username, role: min(record.role, user.role), channel: .apiToken,
                         credentialID: record.id, mustChangePassword: user.mustChangePassword)
    }

    /// Revokes a token: its user, or an admin. Someone else's token is "not found".
    public func revokeToken(id: String, by principal: Principal) async throws {
        guard let record = try await store.token(id: id) else { throw AccountError.notFound("token \(id)") }
        if record.userID != principal.userID || principal.mustChangePassword {
            guard (try? authorize(principal, .manageUsers)) != nil else { throw AccountError.notFound("token \(id)") }
        }
        try await store.revokeToken(id: id, at: now(), actor: principal.auditName)
    }

    /// Tokens of one user (that user or an admin), or of everyone (admins).
    public func tokens(of username: String?, by principal: Principal) async throws -> [APIToken] {
        guard let username else {
            try authorize(principal, .manageUsers)
            return try await store.tokens(userID: nil)
        }
        let user = try await requireUser(username)
        try authorizeSelfOrAdmin(principal, user)
        return try await store.tokens(userID: user.id)
    }
}
