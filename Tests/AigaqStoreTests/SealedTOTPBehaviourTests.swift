import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Testing

/// Accounts' TOTP secrets at rest, on every backend: sealed with the data
/// key (`DatabaseSecrets`), sealed again by a rotation, sealed when a
/// database that kept them in clear gets its data key, and never opened
/// without the right key.
@Suite struct SealedTOTPBehaviourTests {
    static let t0 = Date(timeIntervalSince1970: 1_750_000_000)
    static let password = "correct horse battery staple"

    /// An accounts service over `store` whose clock stands at `t0 + seconds`.
    static func service(_ store: any KnowledgeStore, at seconds: TimeInterval = 0) throws -> AccountService {
        let accounts = try #require(store as? any AccountStore)
        return AccountService(store: accounts, hasher: .forTesting(cost: 4), now: { t0 + seconds })
    }

    /// Logs in with password and the code of `totp` at the service's time.
    static func login(_ service: AccountService, _ totp: TOTP) async throws -> SignedInSession {
        guard case .secondFactorRequired(let pending, _) = try await service.login(username: "amina", password: password, address: nil) else {
            throw AccountError.invalidSecondFactor
        }
        return try await service.completeSecondFactor(pendingToken: pending, code: totp.code(at: service.now()), address: nil)
    }

    /// A user `amina` with a TOTP secret enrolled now; the secret.
    static func enrol(_ store: any KnowledgeStore) async throws -> TOTP {
        let service = try service(store)
        _ = try await service.addUser(username: "amina", role: .editor, password: password, by: .localOperator("t"))
        return try await service.enrolTOTP(username: "amina", by: .localOperator("t")).totp
    }

    static func stored(_ store: any KnowledgeStore) async throws -> String? {
        try await #require(store as? any AccountStore).user(username: "amina")?.totpSecret
    }

    /// Neither the secret's bytes nor its base32 text is anywhere in the database.
    static func expectNoSecret(_ totp: TOTP, in opened: OpenStore) async throws {
        let bytes = try await opened.storedBytes()
        #expect(bytes.range(of: Data(Base32.encode(totp.secret).utf8)) == nil, "the TOTP secret is stored in base32")
        #expect(bytes.range(of: Data(totp.secret)) == nil, "the TOTP secret is stored in clear")
    }

    @Test(arguments: Backend.available)
    func aSecretIsSealedAndStillOpensAfterRotation(_ backend: Backend) async throws {
        try await SealedFieldBehaviourTests.with(backend) { opened throws in
            let totp = try await Self.enrol(opened.store)
            #expect(try await Self.stored(opened.store)?.hasPrefix("sealed:v1.1.") == true)
            try await Self.expectNoSecret(totp, in: opened)
            _ = try await Self.login(try Self.service(opened.store), totp)

            let newKey = MasterKey.generate()
            let report = try await opened.store.rotateSealing(newMasterKey: newKey, actor: "t")
            #expect(report.accountSecretsSealed == 1)
            #expect(try await Self.stored(opened.store)?.hasPrefix("sealed:v1.2.") == true)
            try await Self.expectNoSecret(totp, in: opened)
            // A later step (the first one is used), on this store and on one opened with the new key.
            _ = try await Self.login(try Self.service(opened.store, at: 60), totp)
            try await opened.reopen(masterKey: newKey) { again throws in
                _ = try await Self.login(try Self.service(again, at: 120), totp)
            }
        }
    }

    @Test(arguments: Backend.available)
    func withoutTheRightKeyASealedSecretIsAClearErrorNeverAPass(_ backend: Backend) async throws {
        try await SealedFieldBehaviourTests.with(backend) { opened throws in
            let totp = try await Self.enrol(opened.store)
            let fingerprint = SealedFieldBehaviourTests.key.fingerprint
            // The wrong key: refused when the store opens (PostgreSQL) or at the second factor (SQLite).
            await #expect {
                try await opened.reopen(masterKey: MasterKey.generate()) { wrong throws in
                    _ = try await Self.login(try Self.service(wrong, at: 60), totp)
                }
            } throws: { error in
                Self.says(error, "is not this database's key (fingerprint \(fingerprint))")
            }
            // No key: the secret does not open, and no new one can be enrolled (it would be stored in clear).
            try await opened.reopen(masterKey: nil) { locked throws in
                await #expect {
                    _ = try await Self.login(try Self.service(locked, at: 60), totp)
                } throws: { error in
                    // An account error (the login page says it), not a server error.
                    (error as? AccountError)?.message.contains("is sealed, and no key to open it was given") == true
                }
                await #expect {
                    _ = try await Self.service(locked).enrolTOTP(username: "amina", by: .localOperator("t"))
                } throws: { error in
                    (error as? AccountError)?.message.contains("no key was given") == true
                }
            }
            // Moved to another account, a sealed secret does not open.
            let accounts = try #require(opened.store as? any AccountStore)
            let service = try Self.service(opened.store, at: 60)
            let (dana, _) = try await service.addUser(username: "dana", role: .viewer, password: Self.password, by: .localOperator("t"))
            var moved = dana
            moved.totpSecret = try await Self.stored(opened.store)
            try await accounts.updateUser(moved, actor: "t")
            await #expect {
                _ = try await service.authenticate(username: "dana", password: Self.password, code: totp.code(at: service.now()))
            } throws: { error in
                Self.says(error, "does not open: it was altered or moved from elsewhere")
            }
        }
    }

    @Test(arguments: Backend.available)
    func secretsKeptInClearAreSealedWhenTheDatabaseGetsItsKey(_ backend: Backend) async throws {
        try await SealedFieldBehaviourTests.with(backend, key: nil) { opened throws in
            // No data key: kept in clear rather than refused (docs/SECURITY.md).
            let totp = try await Self.enrol(opened.store)
            #expect(try await Self.stored(opened.store) == "plain:" + Base32.encode(totp.secret))
            _ = try await Self.login(try Self.service(opened.store), totp)
            // The first store given a key makes the data key, and seals the secret with it.
            try await opened.reopen(masterKey: SealedFieldBehaviourTests.key) { keyed throws in
                #expect(try await Self.stored(keyed)?.hasPrefix("sealed:v1.1.") == true)
                _ = try await Self.login(try Self.service(keyed, at: 60), totp)
            }
            try await Self.expectNoSecret(totp, in: opened)
        }
    }

    /// The message of an account error or of a store error.
    static func says(_ error: any Error, _ text: String) -> Bool {
        ((error as? AccountError)?.message ?? (error as? AigaqError)?.message ?? "").contains(text)
    }
}
