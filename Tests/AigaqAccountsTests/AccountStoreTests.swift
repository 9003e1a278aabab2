@testable import AigaqAccounts
import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

/// The SQLite AccountStore on a real file, through the account service. What
/// every AccountStore does, on both backends, is in AigaqStoreTests.
@Suite struct AccountStoreTests {
    let dir: URL
    let path: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-accounts-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("a.sqlite").path
    }

    let t0 = Date(timeIntervalSince1970: 1_750_000_000.25)

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
}
