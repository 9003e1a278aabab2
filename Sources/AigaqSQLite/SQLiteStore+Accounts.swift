import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// The accounts tables. Times are Unix seconds (REAL), so that expiry is a
/// plain comparison in SQL.
enum AccountsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("accounts-v1") { db in
            try db.execute(sql: """
                CREATE TABLE userAccount (
                    id TEXT PRIMARY KEY NOT NULL,
                    username TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    passwordHash TEXT NOT NULL,
                    totpSecret TEXT,
                    totpLastStep INTEGER,
                    disabled INTEGER NOT NULL,
                    mustChangePassword INTEGER NOT NULL,
                    created REAL NOT NULL
                );
                CREATE TABLE userSession (
                    id TEXT PRIMARY KEY NOT NULL,
                    tokenHash TEXT NOT NULL UNIQUE,
                    userId TEXT NOT NULL REFERENCES userAccount(id) ON DELETE CASCADE,
                    created REAL NOT NULL,
                    lastSeen REAL NOT NULL,
                    expires REAL NOT NULL,
                    secondFactorPending INTEGER NOT NULL,
                    address TEXT
                );
                CREATE INDEX userSession_userId ON userSession(userId);
                CREATE INDEX userSession_expires ON userSession(expires);
                CREATE TABLE apiToken (
                    id TEXT PRIMARY KEY NOT NULL,
                    tokenHash TEXT NOT NULL UNIQUE,
                    userId TEXT NOT NULL REFERENCES userAccount(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    label TEXT,
                    created REAL NOT NULL,
                    createdBy TEXT NOT NULL,
                    expires REAL NOT NULL,
                    revoked REAL
                );
                CREATE INDEX apiToken_userId ON apiToken(userId);
                CREATE TABLE loginThrottle (
                    key TEXT PRIMARY KEY NOT NULL,
                    failures INTEGER NOT NULL,
                    lastFailure REAL NOT NULL
                );
                """)
        }
    }
}

extension SQLiteStore: AccountStore {
    // MARK: - Users

    public func createUser(_ user: User, actor: String) async throws {
        try accountWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM userAccount WHERE username = ?", arguments: [user.username]) == true {
                throw AigaqError.usage("a user named \(user.username) exists already")
            }
            try db.execute(sql: """
                INSERT INTO userAccount(id, username, role, passwordHash, totpSecret, totpLastStep, disabled, mustChangePassword, created)
                VALUES (?,?,?,?,?,?,?,?,?)
                """, arguments: Self.arguments(user))
            try Self.audit(db, "user", user.id, AccountAudit.text(user), actor: actor, action: "user add")
        }
    }

    public func updateUser(_ user: User, actor: String) async throws {
        try accountWrite { db in
            try db.execute(sql: """
                UPDATE userAccount SET username = ?2, role = ?3, passwordHash = ?4, totpSecret = ?5, totpLastStep = ?6,
                    disabled = ?7, mustChangePassword = ?8, created = ?9 WHERE id = ?1
                """, arguments: Self.arguments(user))
            guard db.changesCount == 1 else { throw AigaqError.notFound(what: "user \(user.username)") }
            try Self.audit(db, "user", user.id, AccountAudit.text(user), actor: actor, action: "user change")
        }
    }

    public func user(id: String) async throws -> User? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM userAccount WHERE id = ?", arguments: [id]).map(Self.user) }
    }

    public func user(username: String) async throws -> User? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM userAccount WHERE username = ?", arguments: [username]).map(Self.user)
        }
    }

    public func users() async throws -> [User] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM userAccount ORDER BY username").map(Self.user) }
    }

    public func userCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM userAccount") ?? 0 }
    }

    public func claimTOTPStep(userID: String, step: Int64) async throws -> Bool {
        try accountWrite { db in
            try db.execute(sql: """
                UPDATE userAccount SET totpLastStep = ?2 WHERE id = ?1 AND (totpLastStep IS NULL OR totpLastStep < ?2)
                """, arguments: [userID, step])
            return db.changesCount == 1
        }
    }

    // MARK: - Sessions

    public func createSession(_ session: Session) async throws {
        try accountWrite { db in
            // Expired sessions go when new ones come: the table stays the size of the active ones.
            try db.execute(sql: "DELETE FROM userSession WHERE expires < ?", arguments: [session.created.timeIntervalSince1970])
            try db.execute(sql: """
                INSERT INTO userSession(id, tokenHash, userId, created, lastSeen, expires, secondFactorPending, address)
                VALUES (?,?,?,?,?,?,?,?)
                """, arguments: [session.id, session.tokenHash, session.userID, session.created.timeIntervalSince1970,
                                 session.lastSeen.timeIntervalSince1970, session.expires.timeIntervalSince1970,
                                 session.secondFactorPending, session.address])
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM userSession WHERE tokenHash = ?", arguments: [tokenHash]).map(Self.session)
        }
    }

    public func sessions(userID: String) async throws -> [Session] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM userSession WHERE userId = ? ORDER BY created DESC, id", arguments: [userID])
                .map(Self.session)
        }
    }

    public func touchSession(id: String, lastSeen: Date) async throws {
        try accountWrite { db in
            try db.execute(sql: "UPDATE userSession SET lastSeen = MAX(lastSeen, ?) WHERE id = ?",
                           arguments: [lastSeen.timeIntervalSince1970, id])
        }
    }

    public func deleteSession(id: String) async throws {
        try accountWrite { db in try db.execute(sql: "DELETE FROM userSession WHERE id = ?", arguments: [id]) }
    }

    public func deleteSessions(userID: String) async throws -> Int {
        try accountWrite { db in
            try db.execute(sql: "DELETE FROM userSession WHERE userId = ?", arguments: [userID])
            return db.changesCount
        }
    }

    public func deleteSessions(expiredBefore date: Date) async throws -> Int {
        try accountWrite { db in
            try db.execute(sql: "DELETE FROM userSession WHERE expires < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }

    // MARK: - API tokens

    public func createToken(_ token: APIToken, actor: String) async throws {
        try accountWrite { db in
            try db.execute(sql: """
                INSERT INTO apiToken(id, tokenHash, userId, role, label, created, createdBy, expires, revoked)
                VALUES (?,?,?,?,?,?,?,?,?)
                """, arguments: [token.id, token.tokenHash, token.userID, token.role.rawValue, token.label,
                                 token.created.timeIntervalSince1970, token.createdBy, token.expires.timeIntervalSince1970,
                                 token.revoked?.timeIntervalSince1970])
            try Self.audit(db, "api_token", token.id, AccountAudit.created(token),
                           actor: actor, action: "token create")
        }
    }

    public func token(id: String) async throws -> APIToken? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM apiToken WHERE id = ?", arguments: [id]).map(Self.token) }
    }

    public func token(tokenHash: String) async throws -> APIToken? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM apiToken WHERE tokenHash = ?", arguments: [tokenHash]).map(Self.token)
        }
    }

    public func tokens(userID: String?) async throws -> [APIToken] {
        try await writer.read { db in
            let rows = if let userID {
                try Row.fetchAll(db, sql: "SELECT * FROM apiToken WHERE userId = ? ORDER BY created DESC, id", arguments: [userID])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM apiToken ORDER BY created DESC, id")
            }
            return rows.map(Self.token)
        }
    }

    public func revokeToken(id: String, at date: Date, actor: String) async throws -> Bool {
        try accountWrite { db in
            try db.execute(sql: "UPDATE apiToken SET revoked = ? WHERE id = ? AND revoked IS NULL",
                           arguments: [date.timeIntervalSince1970, id])
            guard db.changesCount == 1 else { return false }
            try Self.audit(db, "api_token", id, AccountAudit.revoked(at: date), actor: actor, action: "token revoke")
            return true
        }
    }

    // MARK: - Login throttling

    public func throttleRecords(keys: [String]) async throws -> [LoginThrottleRecord] {
        guard !keys.isEmpty else { return [] }
        return try await writer.read { db in
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            return try Row.fetchAll(db, sql: "SELECT * FROM loginThrottle WHERE key IN (\(marks))", arguments: StatementArguments(keys))
                .map { LoginThrottleRecord(key: $0["key"], failures: $0["failures"], lastFailure: Date(timeIntervalSince1970: $0["lastFailure"])) }
        }
    }

    public func recordLoginFailure(keys: [String], at date: Date, resetBefore: Date) async throws {
        try accountWrite { db in
            let at = date.timeIntervalSince1970
            // Counters untouched for a day are forgotten by every policy: drop them.
            try db.execute(sql: "DELETE FROM loginThrottle WHERE lastFailure < ?", arguments: [at - 86400])
            for key in keys {
                try db.execute(sql: """
                    INSERT INTO loginThrottle(key, failures, lastFailure) VALUES (?1, 1, ?2)
                    ON CONFLICT(key) DO UPDATE SET
                        failures = CASE WHEN lastFailure < ?3 THEN 1 ELSE failures + 1 END,
                        lastFailure = ?2
                    """, arguments: [key, at, resetBefore.timeIntervalSince1970])
            }
        }
    }

    public func clearThrottle(key: String) async throws {
        try accountWrite { db in try db.execute(sql: "DELETE FROM loginThrottle WHERE key = ?", arguments: [key]) }
    }

    // MARK: - Rows

    private func accountWrite<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw SQLiteStore.map(error, path: writer.path)
        }
    }

    private static func arguments(_ u: User) -> StatementArguments {
        [u.id, u.username, u.role.rawValue, u.passwordHash, u.totpSecret, u.totpLastStep, u.disabled, u.mustChangePassword,
         u.created.timeIntervalSince1970]
    }

    private static func user(_ row: Row) -> User {
        User(id: row["id"], username: row["username"], role: Role(rawValue: row["role"]) ?? .viewer, passwordHash: row["passwordHash"],
             totpSecret: row["totpSecret"], totpLastStep: row["totpLastStep"], disabled: row["disabled"],
             mustChangePassword: row["mustChangePassword"], created: Date(timeIntervalSince1970: row["created"]))
    }

    private static func session(_ row: Row) -> Session {
        Session(id: row["id"], tokenHash: row["tokenHash"], userID: row["userId"], created: Date(timeIntervalSince1970: row["created"]),
                lastSeen: Date(timeIntervalSince1970: row["lastSeen"]), expires: Date(timeIntervalSince1970: row["expires"]),
                secondFactorPending: row["secondFactorPending"], address: row["address"])
    }

    private static func token(_ row: Row) -> APIToken {
        APIToken(id: row["id"], tokenHash: row["tokenHash"], userID: row["userId"], role: Role(rawValue: row["role"]) ?? .viewer,
                 label: row["label"], created: Date(timeIntervalSince1970: row["created"]), createdBy: row["createdBy"],
                 expires: Date(timeIntervalSince1970: row["expires"]),
                 revoked: (row["revoked"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    private static func audit(_ db: Database, _ type: String, _ id: String, _ text: String, actor: String, action: String) throws {
        var recorder = AuditChain.Recorder()
        recorder.wrote(type, id, json: text)
        try recorder.append(to: db, actor: actor, action: action)
    }
}
