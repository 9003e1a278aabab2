import AigaqCore
import AigaqStore
import Foundation
import PostgresNIO

/// Accounts on PostgreSQL, with the behaviour of the SQLite store's
/// (`SQLiteStore+Accounts.swift`): changes to users and tokens are appended
/// to the audit chain with the same text, sessions and throttling are not.
extension PostgresStore: AccountStore {
    private static let userColumns = "id, username, role, password_hash, totp_secret, totp_last_step, disabled, must_change_password, created"
    private static let sessionColumns = "id, token_hash, user_id, created, last_seen, expires, second_factor_pending, address"
    private static let tokenColumns = "id, token_hash, user_id, role, label, created, created_by, expires, revoked"

    // MARK: - Users

    public func createUser(_ user: User, actor: String) async throws {
        try await transaction { connection in
            let taken = try await connection.query("SELECT 1 FROM user_account WHERE username = \(user.username)", logger: logger)
                .decode(Int.self).first { _ in true }
            if taken != nil { throw AigaqError.usage("a user named \(user.username) exists already") }
            try await connection.query("""
                INSERT INTO user_account(id, username, role, password_hash, totp_secret, totp_last_step, disabled, must_change_password, created)
                VALUES (\(user.id), \(user.username), \(user.role.rawValue), \(user.passwordHash), \(user.totpSecret), \(user.totpLastStep.map(Int.init)),
                        \(user.disabled), \(user.mustChangePassword), \(user.created.timeIntervalSince1970))
                """, logger: logger)
            try await audit(connection, "user", user.id, AccountAudit.text(user), actor: actor, action: "user add")
        }
    }

    public func updateUser(_ user: User, actor: String) async throws {
        try await transaction { connection in
            let updated = try await connection.query("""
                UPDATE user_account SET username = \(user.username), role = \(user.role.rawValue), password_hash = \(user.passwordHash),
                    totp_secret = \(user.totpSecret), totp_last_step = \(user.totpLastStep.map(Int.init)), disabled = \(user.disabled),
                    must_change_password = \(user.mustChangePassword), created = \(user.created.timeIntervalSince1970)
                WHERE id = \(user.id) RETURNING id
                """, logger: logger).decode(String.self).first { _ in true }
            guard updated != nil else { throw AigaqError.notFound(what: "user \(user.username)") }
            try await audit(connection, "user", user.id, AccountAudit.text(user), actor: actor, action: "user change")
        }
    }

    public func user(id: String) async throws -> User? {
        try await users("SELECT \(unescaped: Self.userColumns) FROM user_account WHERE id = \(id)").first
    }

    public func user(username: String) async throws -> User? {
        try await users("SELECT \(unescaped: Self.userColumns) FROM user_account WHERE username = \(username)").first
    }

    public func users() async throws -> [User] {
        try await users("SELECT \(unescaped: Self.userColumns) FROM user_account ORDER BY username")
    }

    public func userCount() async throws -> Int {
        try await read { try await $0.query("SELECT count(*) FROM user_account", logger: logger).decode(Int.self).first { _ in true } ?? 0 }
    }

    public func claimTOTPStep(userID: String, step: Int64) async throws -> Bool {
        // One statement: the row lock makes two logins with the same code claim it once.
        try await read { connection in
            try await connection.query("""
                UPDATE user_account SET totp_last_step = \(Int(step))
                WHERE id = \(userID) AND (totp_last_step IS NULL OR totp_last_step < \(Int(step))) RETURNING id
                """, logger: logger).decode(String.self).first { _ in true } != nil
        }
    }

    // MARK: - Sessions

    public func createSession(_ session: Session) async throws {
        try await transaction { connection in
            // Expired sessions go when new ones come: the table stays the size of the active ones.
            try await connection.query("DELETE FROM user_session WHERE expires < \(session.created.timeIntervalSince1970)", logger: logger)
            try await connection.query("""
                INSERT INTO user_session(\(unescaped: Self.sessionColumns))
                VALUES (\(session.id), \(session.tokenHash), \(session.userID), \(session.created.timeIntervalSince1970),
                        \(session.lastSeen.timeIntervalSince1970), \(session.expires.timeIntervalSince1970),
                        \(session.secondFactorPending), \(session.address))
                """, logger: logger)
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        try await sessions("SELECT \(unescaped: Self.sessionColumns) FROM user_session WHERE token_hash = \(tokenHash)").first
    }

    public func sessions(userID: String) async throws -> [Session] {
        try await sessions("SELECT \(unescaped: Self.sessionColumns) FROM user_session WHERE user_id = \(userID) ORDER BY created DESC, id")
    }

    public func touchSession(id: String, lastSeen: Date) async throws {
        try await execute("UPDATE user_session SET last_seen = GREATEST(last_seen, \(lastSeen.timeIntervalSince1970)) WHERE id = \(id)")
    }

    public func deleteSession(id: String) async throws {
        try await execute("DELETE FROM user_session WHERE id = \(id)")
    }

    public func deleteSessions(userID: String) async throws -> Int {
        try await count("DELETE FROM user_session WHERE user_id = \(userID) RETURNING id")
    }

    public func deleteSessions(expiredBefore date: Date) async throws -> Int {
        try await count("DELETE FROM user_session WHERE expires < \(date.timeIntervalSince1970) RETURNING id")
    }

    // MARK: - API tokens

    public func createToken(_ token: APIToken, actor: String) async throws {
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO api_token(\(unescaped: Self.tokenColumns))
                VALUES (\(token.id), \(token.tokenHash), \(token.userID), \(token.role.rawValue), \(token.label),
                        \(token.created.timeIntervalSince1970), \(token.createdBy), \(token.expires.timeIntervalSince1970),
                        \(token.revoked?.timeIntervalSince1970))
                """, logger: logger)
            try await audit(connection, "api_token", token.id, AccountAudit.created(token), actor: actor, action: "token create")
        }
    }

    public func token(id: String) async throws -> APIToken? {
        try await tokens("SELECT \(unescaped: Self.tokenColumns) FROM api_token WHERE id = \(id)").first
    }

    public func token(tokenHash: String) async throws -> APIToken? {
        try await tokens("SELECT \(unescaped: Self.tokenColumns) FROM api_token WHERE token_hash = \(tokenHash)").first
    }

    public func tokens(userID: String?) async throws -> [APIToken] {
        if let userID {
            return try await tokens("SELECT \(unescaped: Self.tokenColumns) FROM api_token WHERE user_id = \(userID) ORDER BY created DESC, id")
        }
        return try await tokens("SELECT \(unescaped: Self.tokenColumns) FROM api_token ORDER BY created DESC, id")
    }

    public func revokeToken(id: String, at date: Date, actor: String) async throws -> Bool {
        try await transaction { connection in
            let revoked = try await connection.query("""
                UPDATE api_token SET revoked = \(date.timeIntervalSince1970) WHERE id = \(id) AND revoked IS NULL RETURNING id
                """, logger: logger).decode(String.self).first { _ in true }
            guard revoked != nil else { return false }
            try await audit(connection, "api_token", id, AccountAudit.revoked(at: date), actor: actor, action: "token revoke")
            return true
        }
    }

    // MARK: - Login throttling

    public func throttleRecords(keys: [String]) async throws -> [LoginThrottleRecord] {
        guard !keys.isEmpty else { return [] }
        return try await read { connection in
            var out: [LoginThrottleRecord] = []
            let rows = try await connection.query("SELECT key, failures, last_failure FROM login_throttle WHERE key = ANY(\(keys))",
                                                  logger: logger)
            for try await (key, failures, last) in rows.decode((String, Int, Double).self) {
                out.append(LoginThrottleRecord(key: key, failures: failures, lastFailure: Date(timeIntervalSince1970: last)))
            }
            return out
        }
    }

    public func recordLoginFailure(keys: [String], at date: Date, resetBefore: Date) async throws {
        try await transaction { connection in
            let at = date.timeIntervalSince1970
            // Counters untouched for a day are forgotten by every policy: drop them.
            try await connection.query("DELETE FROM login_throttle WHERE last_failure < \(at - 86400)", logger: logger)
            for key in keys {
                try await connection.query("""
                    INSERT INTO login_throttle(key, failures, last_failure) VALUES (\(key), 1, \(at))
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN login_throttle.last_failure < \(resetBefore.timeIntervalSince1970) THEN 1
                                        ELSE login_throttle.failures + 1 END,
                        last_failure = excluded.last_failure
                    """, logger: logger)
            }
        }
    }

    public func clearThrottle(key: String) async throws {
        try await execute("DELETE FROM login_throttle WHERE key = \(key)")
    }

    // MARK: - Rows

    private func execute(_ query: PostgresQuery) async throws {
        try await read { try await $0.query(query, logger: logger) }
    }

    private func count(_ query: PostgresQuery) async throws -> Int {
        try await read { connection in
            var n = 0
            for try await _ in try await connection.query(query, logger: logger) { n += 1 }
            return n
        }
    }

    private func users(_ query: PostgresQuery) async throws -> [User] {
        try await read { connection in
            var out: [User] = []
            let rows = try await connection.query(query, logger: logger)
            for try await (id, username, role, hash, totp, step, disabled, mustChange, created)
                in rows.decode((String, String, String, String, String?, Int?, Bool, Bool, Double).self) {
                out.append(User(id: id, username: username, role: Role(rawValue: role) ?? .viewer, passwordHash: hash, totpSecret: totp,
                                totpLastStep: step.map(Int64.init), disabled: disabled, mustChangePassword: mustChange,
                                created: Date(timeIntervalSince1970: created)))
            }
            return out
        }
    }

    private func sessions(_ query: PostgresQuery) async throws -> [Session] {
        try await read { connection in
            var out: [Session] = []
            let rows = try await connection.query(query, logger: logger)
            for try await (id, hash, user, created, lastSeen, expires, pending, address)
                in rows.decode((String, String, String, Double, Double, Double, Bool, String?).self) {
                out.append(Session(id: id, tokenHash: hash, userID: user, created: Date(timeIntervalSince1970: created),
                                   lastSeen: Date(timeIntervalSince1970: lastSeen), expires: Date(timeIntervalSince1970: expires),
                                   secondFactorPending: pending, address: address))
            }
            return out
        }
    }

    private func tokens(_ query: PostgresQuery) async throws -> [APIToken] {
        try await read { connection in
            var out: [APIToken] = []
            let rows = try await connection.query(query, logger: logger)
            for try await (id, hash, user, role, label, created, createdBy, expires, revoked)
                in rows.decode((String, String, String, String, String?, Double, String, Double, Double?).self) {
                out.append(APIToken(id: id, tokenHash: hash, userID: user, role: Role(rawValue: role) ?? .viewer, label: label,
                                    created: Date(timeIntervalSince1970: created), createdBy: createdBy,
                                    expires: Date(timeIntervalSince1970: expires), revoked: revoked.map(Date.init(timeIntervalSince1970:))))
            }
            return out
        }
    }

    /// One audit entry for one account change, as SQLite writes it.
    private func audit(_ connection: PostgresConnection, _ type: String, _ id: String, _ text: String,
                       actor: String, action: String) async throws {
        let writer = PostgresWriter(connection: connection, logger: logger)
        writer.audit.wrote(type, id, json: text)
        try await writer.finish(actor: actor, action: action)
    }
}
