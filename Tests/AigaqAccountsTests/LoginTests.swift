@testable import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Testing

@Suite struct LoginTests {
    @Test func theRightPasswordOpensASessionThatIdentifiesTheUser() async throws {
        let f = try Fixture()
        try await f.user("amina", .reviewer)
        let s = try await f.signIn("amina")
        let p = try #require(try await f.service.principal(forSessionToken: s.token))
        #expect(p.username == "amina" && p.role == .reviewer && p.channel == .session && p.credentialID == s.session.id)
        #expect(s.session.tokenHash == TokenHash.hex(s.token))
        #expect(s.token.count == 43)
    }

    @Test func usernamesAreCaseAndSpaceInsensitive() async throws {
        let f = try Fixture()
        try await f.user("Amina", .viewer)
        #expect(try await f.store.user(username: "amina") != nil)
        _ = try await f.signIn("  AMINA ")
    }

    @Test func unknownUsersWrongPasswordsAndDisabledAccountsFailAlike() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("daulet", .viewer)
        try await f.service.disableUser(username: "daulet", by: Fixture.operatorPrincipal)
        let wrong = await error { try await f.service.login(username: "amina", password: "not the password", address: nil) }
        let unknown = await error { try await f.service.login(username: "nobody", password: Fixture.password, address: nil) }
        let disabled = await error { try await f.service.login(username: "daulet", password: Fixture.password, address: nil) }
        let invalid = await error { try await f.service.login(username: "../etc", password: Fixture.password, address: nil) }
        #expect([wrong, unknown, disabled, invalid] == Array(repeating: AccountError.invalidCredentials, count: 4))
        #expect(AccountError.invalidCredentials.message == "wrong username or password")
    }

    @Test func anUnknownUserCostsABcryptCheckLikeAKnownOne() async throws {
        // The decoy hash has the hasher's cost, so the work (and the time) is the same.
        let f = try Fixture()
        #expect(PasswordHasher.cost(of: DecoyHash.shared.hash(for: f.service.hasher)) == f.service.hasher.cost)
    }

    @Test func aDisabledUsersSessionsEndAndEnablingDoesNotRestoreThem() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("daulet", .editor)
        let s = try await f.signIn("daulet")
        try await f.service.disableUser(username: "daulet", by: Fixture.operatorPrincipal)
        #expect(try await f.service.principal(forSessionToken: s.token) == nil)
        try await f.service.enableUser(username: "daulet", by: Fixture.operatorPrincipal)
        #expect(try await f.service.principal(forSessionToken: s.token) == nil)
        _ = try await f.signIn("daulet")
    }

    @Test func aLowCostHashIsUpgradedAtLogin() async throws {
        let f = try Fixture()
        try await f.user("amina", .viewer)
        let upgrading = AccountService(store: f.store, hasher: .forTesting(cost: 5), now: f.service.now)
        _ = try await upgrading.login(username: "amina", password: Fixture.password, address: nil)
        let stored = try #require(try await f.store.user(username: "amina")).passwordHash
        #expect(PasswordHasher.cost(of: stored) == 5)
        _ = try await upgrading.login(username: "amina", password: Fixture.password, address: nil)
    }

    @Test func theLastAdminCannotBeDisabledOrDemoted() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        #expect(await error { try await f.service.disableUser(username: "amina", by: Fixture.operatorPrincipal) } != nil)
        #expect(await error { try await f.service.setRole(username: "amina", role: .editor, by: Fixture.operatorPrincipal) } != nil)
        try await f.user("bolat", .admin)
        try await f.service.setRole(username: "amina", role: .editor, by: Fixture.operatorPrincipal)
    }

    @Test func onlyAdminsManageUsers() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("daulet", .editor)
        let editor = try await f.signIn("daulet").principal
        #expect(await error { try await f.service.addUser(username: "x", role: .viewer, password: nil, by: editor) }
                == .forbidden(permission: .manageUsers, role: .editor))
        #expect(await error { try await f.service.disableUser(username: "amina", by: editor) } != nil)
        #expect(await error { try await f.service.users(by: editor) } != nil)
        let admin = try await f.signIn("amina").principal
        #expect(try await f.service.users(by: admin).map(\.username) == ["amina", "daulet"])
    }

    @Test func badUsernamesAreRefusedAtCreation() async throws {
        let f = try Fixture()
        for name in ["", "-lead", "with space", "a/b", "Жанар", String(repeating: "a", count: 65)] {
            #expect(await error { try await f.user(name, .viewer) } != nil, "\(name)")
        }
        try await f.user("a.b_c-9", .viewer)
        // The same name in other letters' case is the same name: taken.
        await #expect(throws: AigaqError.usage("a user named a.b_c-9 exists already")) { try await f.user("A.B_C-9", .viewer) }
    }
}

@Suite struct OneTimePasswordTests {
    @Test func aGeneratedPasswordMustBeChangedBeforeAnythingElse() async throws {
        let f = try Fixture()
        let (user, oneTime) = try await f.service.addUser(username: "amina", role: .admin, password: nil, by: Fixture.operatorPrincipal)
        let password = try #require(oneTime)
        #expect(user.mustChangePassword)
        let first = try await f.signIn("amina", password: password)
        #expect(first.principal.mustChangePassword)
        #expect(throws: AccountError.passwordChangeRequired) { try authorize(first.principal, .readInternal) }
        #expect(await error { try await f.service.createToken(for: "amina", role: .viewer, days: 1, by: first.principal) } != nil)

        let second = try await f.service.changeOwnPassword(first.principal, current: password, new: "a new long passphrase", address: nil)
        #expect(!second.principal.mustChangePassword)
        try authorize(second.principal, .manageUsers)
        #expect(try await f.service.principal(forSessionToken: first.token) == nil)
        #expect(try await f.service.principal(forSessionToken: second.token) != nil)
        #expect(await error { try await f.signIn("amina", password: password) } == .invalidCredentials)
    }

    @Test func aGeneratedPasswordMayBeMadePermanentByTheCaller() async throws {
        // As a demo server does: it prints the password and does not want a change step.
        let f = try Fixture()
        let (user, password) = try await f.service.addUser(username: "admin", role: .admin, password: nil, mustChangePassword: false,
                                                           by: .localOperator("serve --demo"))
        #expect(!user.mustChangePassword)
        let s = try await f.signIn("admin", password: try #require(password))
        try authorize(s.principal, .manageUsers)
    }

    @Test func changingAPasswordNeedsTheCurrentOneAndAGoodNewOne() async throws {
        let f = try Fixture()
        try await f.user("amina", .viewer)
        let s = try await f.signIn("amina")
        #expect(await error { try await f.service.changeOwnPassword(s.principal, current: "wrong one", new: "another long one", address: nil) }
                == .invalidCredentials)
        #expect(await error { try await f.service.changeOwnPassword(s.principal, current: Fixture.password, new: "short", address: nil) }
                == .weakPassword("it must have at least 12 characters"))
    }

    @Test func aPasswordSetByAnAdminIsOneTimeAndEndsSessions() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("daulet", .viewer)
        let admin = try await f.signIn("amina").principal
        let before = try await f.signIn("daulet")
        try await f.service.setPassword(username: "daulet", password: "given by the admin", by: admin)
        #expect(try await f.service.principal(forSessionToken: before.token) == nil)
        #expect(try await f.signIn("daulet", password: "given by the admin").principal.mustChangePassword)
    }

    @Test func aUserCannotSetTheirPasswordWithASessionAloneButCanAfterProvingIt() async throws {
        let f = try Fixture()
        try await f.user("daulet", .editor)
        let session = try await f.signIn("daulet").principal
        #expect(await error { try await f.service.setPassword(username: "daulet", password: "brand new passphrase", by: session) } != nil)
        let proved = try await f.service.authenticate(username: "daulet", password: Fixture.password, code: nil)
        try await f.service.setPassword(username: "daulet", password: "brand new passphrase", by: proved)
        #expect(try await f.signIn("daulet", password: "brand new passphrase").principal.mustChangePassword == false)
    }
}
