import AigaqStore

/// Something a person may do. Every route and command names the one it needs
/// and asks `authorize`.
public enum Permission: String, CaseIterable, Codable, Sendable {
    /// Read what the public projection lets through (no login needed).
    case readPublic = "read-public"
    /// Read internal records and facts: the workspace, the queue, full exports.
    case readInternal = "read-internal"
    /// See confidential values (witnesses, contacts, lawyers' notes) unsealed.
    case readConfidential = "read-confidential"
    /// Decide on candidates in the review queue.
    case review
    /// Edit persons, cases, events and assessments; import records.
    case edit
    /// Add reports (ingest, upload).
    case ingest
    /// Add, disable and change users; create tokens for others; revoke their sessions.
    case manageUsers = "manage-users"
    /// Operations on the whole database: init, backup, restore, key rotation, migrate.
    case administer = "admin"
}

/// Who may do what: one table, read by `authorize` and printed in docs/SECURITY.md.
public enum PermissionMatrix {
    /// Each permission and the roles that have it; `anonymous` says whether a
    /// visitor who is not signed in has it too.
    public static let rows: [(permission: Permission, roles: Set<Role>, anonymous: Bool)] = [
        (.readPublic, [.viewer, .reviewer, .editor, .admin], true),
        (.readInternal, [.viewer, .reviewer, .editor, .admin], false),
        (.readConfidential, [.editor, .admin], false),
        (.review, [.reviewer, .editor, .admin], false),
        (.edit, [.editor, .admin], false),
        (.ingest, [.editor, .admin], false),
        (.manageUsers, [.admin], false),
        (.administer, [.admin], false),
    ]

    /// Whether `role` (nil: not signed in) has `permission`.
    public static func allows(_ role: Role?, _ permission: Permission) -> Bool {
        guard let row = rows.first(where: { $0.permission == permission }) else { return false }
        guard let role else { return row.anonymous }
        return row.roles.contains(role)
    }

    /// The permissions of a role (nil: not signed in).
    public static func permissions(of role: Role?) -> [Permission] {
        Permission.allCases.filter { allows(role, $0) }
    }
}

/// Who is acting: a signed-in user (by session or API token) or the local
/// operator of a database that has no accounts yet.
public struct Principal: Hashable, Sendable {
    public enum Channel: String, Hashable, Sendable {
        case session
        case apiToken = "token"
        /// A username and password given for one command (no session).
        case password
        /// The command line on a database without accounts: whoever can open the file.
        case localOperator = "local"
    }

    /// nil for the local operator.
    public var userID: String?
    public var username: String
    /// The effective role: an API token's role, capped by its user's current role.
    public var role: Role
    public var channel: Channel
    /// The session or token id, when there is one.
    public var credentialID: String?
    /// Signed in with a one-time password: nothing is allowed but changing it.
    public var mustChangePassword: Bool

    public init(userID: String?, username: String, role: Role, channel: Channel, credentialID: String? = nil,
                mustChangePassword: Bool = false) {
        self.userID = userID; self.username = username; self.role = role; self.channel = channel
        self.credentialID = credentialID; self.mustChangePassword = mustChangePassword
    }

    /// The operator of a database with no accounts, named after the system user.
    public static func localOperator(_ name: String) -> Principal {
        Principal(userID: nil, username: name, role: .admin, channel: .localOperator)
    }

    /// The name recorded in the audit chain and on decisions.
    public var auditName: String {
        switch channel {
        case .session, .password: username
        case .apiToken: "\(username) (\(credentialID ?? "token"))"
        case .localOperator: "local:\(username)"
        }
    }
}

/// The one check every route and command makes: throws unless `principal`
/// (nil: not signed in) may do `permission`.
public func authorize(_ principal: Principal?, _ permission: Permission) throws(AccountError) {
    guard let principal else {
        if PermissionMatrix.allows(nil, permission) { return }
        throw .notSignedIn
    }
    if principal.mustChangePassword && permission != .readPublic { throw .passwordChangeRequired }
    guard PermissionMatrix.allows(principal.role, permission) else {
        throw .forbidden(permission: permission, role: principal.role)
    }
}
