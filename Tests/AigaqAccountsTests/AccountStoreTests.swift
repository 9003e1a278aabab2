@testable import AigaqAccounts
import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

/// The SQLite AccountStore on a real file.
@Suite struct AccountStoreTests {
    let dir: URL
    let path: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-accounts-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("a.sqlite").path
    }

    let t0 = Date(timeIntervalSince1970: 1_750_000_000.25)

    @Test func recordsRoundTripThroughTheFile() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let user = User(id: "usr_1", username: "amina", role: .editor, passwordHash: "bcrypt-sha256:x", totpSecret: "plain:ABC",
                        totpLastStep: 7, disabled: false, mustChangePassword: true, created: t0)
        let session = Session(id: "ses_1", tokenHash: "h1", userID: "usr_1", created: t0, lastSeen: t0 + 5, expires: t0 + 3600,
                              secondFactorPending: true, address: "192.0.2.1")
        let token = APIToken(id: "tok_1", tokenHash: "h2", userID: "usr_1", role: .reviewer, label: "script", created: t0,
                             createdBy: "local:root", expires: t0 + 86400)
        do {
            let store = try SQLiteStore(path: path)
            try await store.createUser(user, actor: "local:root")
            try await store.createSession(session)
            try await store.createToken(token, actor: "local:root")
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.appliedMigrations().contains("accounts-v1"))
        #expect(try await store.user(id: "usr_1") == user)
        #expect(try await store.user(username: "amina") == user)
        #expect(try await store.users() == [user])
        #expect(try await store.userCount() == 1)
        #expect(try await store.session(tokenHash: "h1") == session)
        #expect(try await store.sessions(userID: "usr_1") == [session])
        #expect(try await store.token(id: "tok_1") == token)
        #expect(try await store.token(tokenHash: "h2") == token)
        #expect(try await store.tokens(userID: nil) == [token])
        #expect(try await store.tokens(userID: "usr_2") == [])

        var changed = user
        changed.role = .admin; changed.disabled = true; changed.totpSecret = nil; changed.totpLastStep = nil
        try await store.updateUser(changed, actor: "amina")
        #expect(try await store.user(id: "usr_1") == changed)
        #expect(try await store.revokeToken(id: "tok_1", at: t0 + 10, actor: "amina"))
        #expect(try await store.revokeToken(id: "tok_1", at: t0 + 20, actor: "amina") == false)
        #expect(try await store.token(id: "tok_1")?.revoked == t0 + 10)
        try await store.touchSession(id: "ses_1", lastSeen: t0 + 60)
        try await store.touchSession(id: "ses_1", lastSeen: t0 + 30)
        #expect(try await store.session(tokenHash: "h1")?.lastSeen == t0 + 60)
        #expect(try await store.deleteSessions(expiredBefore: t0 + 3601) == 1)
        #expect(try await store.sessions(userID: "usr_1") == [])
    }

    @Test func aTakenUsernameIsRefusedAndAMissingUserCannotBeUpdated() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: path)
        let user = User(id: "usr_1", username: "amina", role: .viewer, passwordHash: "x", created: t0)
        try await store.createUser(user, actor: "t")
        await #expect(throws: AigaqError.self) { try await store.createUser(User(id: "usr_2", username: "amina", role: .viewer, passwordHash: "y", created: t0), actor: "t") }
        await #expect(throws: AigaqError.self) { try await store.updateUser(User(id: "usr_9", username: "zed", role: .viewer, passwordHash: "y", created: t0), actor: "t") }
    }

    @Test func userAndTokenChangesAreInTheAuditChainAndItStillVerifies() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: path)
        let clock = TestClock()
        let service = AccountService(store: store, hasher: .forTesting(cost: 4), now: { clock.now() })
        let admin = Principal.localOperator("root")
        _ = try await service.addUser(username: "amina", role: .admin, password: Fixture.password, by: admin)
        let me = try await service.authenticate(username: "amina", password: Fixture.password, code: nil)
        let t = try await service.createToken(for: "amina", role: .admin, days: 3, by: me)
        try await service.revokeToken(id: t.record.id, by: me)
        // Logins, sessions and throttle counters are not audited.
        _ = try await service.login(username: "amina", password: Fixture.password, address: nil)
        _ = try? await service.login(username: "amina", password: "wrong password", address: nil)
        let audit = try await store.verifyAudit()
        #expect(audit.isValid)
        #expect(audit.entries == 3)
    }

    @Test func noPasswordTokenOrSessionSecretIsInTheFile() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: path)
        let service = AccountService(store: store, hasher: .forTesting(cost: 4))
        let password = "marker-password-7f3a91"
        _ = try await service.addUser(username: "amina", role: .admin, password: password, by: .localOperator("root"))
        guard case .signedIn(let session) = try await service.login(username: "amina", password: password, address: nil) else {
            Issue.record("no session"); return
        }
        let token = try await service.createToken(for: "amina", role: .editor, days: 1, by: session.principal)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
        for secret in [password, session.token, token.token, session.csrfToken] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret.prefix(8))… found in the file")
        }
        #expect(bytes.range(of: Data(TokenHash.hex(session.token).utf8)) != nil)
    }

    @Test func aTOTPStepCanBeClaimedOnceEvenByRacingRequests() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: path)
        try await store.createUser(User(id: "usr_1", username: "amina", role: .viewer, passwordHash: "x", created: t0), actor: "t")
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { try await store.claimTOTPStep(userID: "usr_1", step: 100) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await store.claimTOTPStep(userID: "usr_1", step: 99) == false)
        #expect(try await store.claimTOTPStep(userID: "usr_1", step: 101))
    }

    @Test func throttleCountersAddUpAndRestartAfterTheQuietTime() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: path)
        try await store.recordLoginFailure(keys: ["account:a", "address:x"], at: t0, resetBefore: t0 - 3600)
        try await store.recordLoginFailure(keys: ["account:a"], at: t0 + 10, resetBefore: t0 + 10 - 3600)
        let records = try await store.throttleRecords(keys: ["account:a", "address:x", "account:none"]).sorted { $0.key < $1.key }
        #expect(records == [LoginThrottleRecord(key: "account:a", failures: 2, lastFailure: t0 + 10),
                            LoginThrottleRecord(key: "address:x", failures: 1, lastFailure: t0)])
        try await store.recordLoginFailure(keys: ["account:a"], at: t0 + 5000, resetBefore: t0 + 5000 - 3600)
        #expect(try await store.throttleRecords(keys: ["account:a"]).first?.failures == 1)
        try await store.clearThrottle(key: "account:a")
        #expect(try await store.throttleRecords(keys: ["account:a"]).isEmpty)
        // A day later, old counters are dropped when a new failure is written.
        try await store.recordLoginFailure(keys: ["account:b"], at: t0 + 200_000, resetBefore: t0)
        #expect(try await store.throttleRecords(keys: ["address:x"]).isEmpty)
    }
}
