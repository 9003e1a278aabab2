import AigaqCore
import AigaqStore
import Foundation
import Testing

/// What every AccountStore does, on every backend (``Backend``).
@Suite struct AccountStoreBehaviourTests {
    let t0 = Date(timeIntervalSince1970: 1_750_000_000.25)

    @Test(arguments: Backend.available)
    func recordsRoundTrip(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let store = try #require(store as? any AccountStore)
            let user = User(id: "usr_1", username: "amina", role: .editor, passwordHash: "bcrypt-sha256:x", totpSecret: "plain:ABC",
                            totpLastStep: 7, disabled: false, mustChangePassword: true, created: t0)
            let session = Session(id: "ses_1", tokenHash: "h1", userID: "usr_1", created: t0, lastSeen: t0 + 5, expires: t0 + 3600,
                                  secondFactorPending: true, address: "192.0.2.1")
            let token = APIToken(id: "tok_1", tokenHash: "h2", userID: "usr_1", role: .reviewer, label: "script", created: t0,
                                 createdBy: "local:root", expires: t0 + 86400)
            try await store.createUser(user, actor: "local:root")
            try await store.createSession(session)
            try await store.createToken(token, actor: "local:root")
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
    }

    @Test(arguments: Backend.available)
    func aTakenUsernameIsRefusedAndAMissingUserCannotBeUpdated(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let store = try #require(store as? any AccountStore)
            let user = User(id: "usr_1", username: "amina", role: .viewer, passwordHash: "x", created: t0)
            try await store.createUser(user, actor: "t")
            await #expect(throws: AigaqError.self) { try await store.createUser(User(id: "usr_2", username: "amina", role: .viewer, passwordHash: "y", created: t0), actor: "t") }
            await #expect(throws: AigaqError.self) { try await store.updateUser(User(id: "usr_9", username: "zed", role: .viewer, passwordHash: "y", created: t0), actor: "t") }
        }
    }

    @Test(arguments: Backend.available)
    func aTOTPStepCanBeClaimedOnceEvenByRacingRequests(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let store = try #require(store as? any AccountStore)
            try await store.createUser(User(id: "usr_1", username: "amina", role: .viewer, passwordHash: "x", created: t0), actor: "t")
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await store.claimTOTPStep(userID: "usr_1", step: 100) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            #expect(try await store.claimTOTPStep(userID: "usr_1", step: 99) == false)
            #expect(try await store.claimTOTPStep(userID: "usr_1", step: 101))
        }
    }

    @Test(arguments: Backend.available)
    func throttleCountersAddUpAndRestartAfterTheQuietTime(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let store = try #require(store as? any AccountStore)
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
}
