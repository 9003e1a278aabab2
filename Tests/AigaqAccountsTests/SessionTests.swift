@testable import AigaqAccounts
import AigaqStore
import Foundation
import Testing

@Suite struct SessionTests {
    @Test func aSessionUnusedForThirtyMinutesEnds() async throws {
        let f = try Fixture()
        try await f.user("amina", .viewer)
        let s = try await f.signIn("amina")
        f.clock.advance(29 * 60)
        #expect(try await f.service.principal(forSessionToken: s.token) != nil)
        f.clock.advance(29 * 60)
        #expect(try await f.service.principal(forSessionToken: s.token) != nil)
        f.clock.advance(30 * 60)
        #expect(try await f.service.principal(forSessionToken: s.token) == nil)
        // An expired session is deleted, not kept.
        #expect(try await f.store.session(tokenHash: s.session.tokenHash) == nil)
    }

    @Test func aSessionInUseStillEndsTwelveHoursAfterLogin() async throws {
        let f = try Fixture()
        try await f.user("amina", .viewer)
        let s = try await f.signIn("amina")
        for _ in 0..<(12 * 4 - 1) {
            f.clock.advance(15 * 60)
            #expect(try await f.service.principal(forSessionToken: s.token) != nil)
        }
        f.clock.advance(15 * 60)
        #expect(try await f.service.principal(forSessionToken: s.token) == nil)
    }

    @Test func lastSeenIsWrittenAtMostOnceAMinute() async throws {
        let f = try Fixture()
        try await f.user("amina", .viewer)
        let s = try await f.signIn("amina")
        f.clock.advance(30)
        _ = try await f.service.principal(forSessionToken: s.token)
        #expect(try await f.store.session(tokenHash: s.session.tokenHash)?.lastSeen == s.session.lastSeen)
        f.clock.advance(31)
        _ = try await f.service.principal(forSessionToken: s.token)
        #expect(try await f.store.session(tokenHash: s.session.tokenHash)?.lastSeen == f.clock.now())
    }

    @Test func signingOutEndsOneSessionAndRevokingEndsAll() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("daulet", .viewer)
        let a = try await f.signIn("daulet"), b = try await f.signIn("daulet"), c = try await f.signIn("daulet")
        try await f.service.signOut(sessionToken: a.token)
        #expect(try await f.service.principal(forSessionToken: a.token) == nil)
        #expect(try await f.service.principal(forSessionToken: b.token) != nil)
        // One by id, by its own user.
        try await f.service.revokeSession(id: b.session.id, by: c.principal)
        #expect(try await f.service.principal(forSessionToken: b.token) == nil)
        // Another viewer may not end someone else's sessions.
        let admin = try await f.signIn("amina")
        #expect(await error { try await f.service.revokeSessions(username: "amina", by: c.principal) } != nil)
        #expect(await error { try await f.service.revokeSession(id: admin.session.id, by: c.principal) } == .notFound("session \(admin.session.id)"))
        // An admin may.
        let n = try await f.service.revokeSessions(username: "daulet", by: admin.principal)
        #expect(n == 1)
        #expect(try await f.service.principal(forSessionToken: c.token) == nil)
        #expect(try await f.service.principal(forSessionToken: admin.token) != nil)
    }

    @Test func unknownAndForgedTokensAreNobody() async throws {
        let f = try Fixture()
        try await f.user("amina", .viewer)
        let s = try await f.signIn("amina")
        #expect(try await f.service.principal(forSessionToken: "") == nil)
        #expect(try await f.service.principal(forSessionToken: s.session.tokenHash) == nil)
        let forged = String(s.token.dropLast()) + (s.token.hasSuffix("A") ? "B" : "A")
        #expect(try await f.service.principal(forSessionToken: forged) == nil)
    }

    /// What the web application does: login, cookie, form with CSRF, authorize.
    @Test func loginSessionCSRFAuthorize() async throws {
        let f = try Fixture()
        try await f.user("daulet", .reviewer)
        // POST /login
        guard case .signedIn(let signedIn) = try await f.service.login(username: "daulet", password: Fixture.password,
                                                                        address: "192.0.2.10") else {
            Issue.record("a second factor was asked"); return
        }
        let cookie = signedIn.token
        // Later: a POST from the review queue, with the form's hidden csrf field.
        let submitted = signedIn.csrfToken
        let principal = try await f.service.principal(sessionToken: cookie, apiToken: nil)
        #expect(CSRF.verify(submitted, for: cookie))
        try authorize(principal, .review)
        #expect(throws: AccountError.forbidden(permission: .edit, role: .reviewer)) { try authorize(principal, .edit) }
        // A forged form from elsewhere has the cookie but not the token.
        #expect(!CSRF.verify(nil, for: cookie))
        // An API token wins over the cookie; a bad one is nobody.
        #expect(try await f.service.principal(sessionToken: cookie, apiToken: "aigaq_nope") == nil)
        #expect(try await f.service.principal(sessionToken: nil, apiToken: nil) == nil)
    }

    @Test func theCSRFTokenIsBoundToTheSession() async throws {
        let f = try Fixture()
        try await f.user("amina", .viewer)
        let a = try await f.signIn("amina"), b = try await f.signIn("amina")
        #expect(a.csrfToken == f.service.csrfToken(forSessionToken: a.token))
        #expect(CSRF.verify(a.csrfToken, for: a.token))
        #expect(!CSRF.verify(b.csrfToken, for: a.token))
        #expect(!CSRF.verify(a.csrfToken, for: b.token))
    }

    @Test func expiredSessionsAreClearedAsNewOnesAreMade() async throws {
        let f = try Fixture()
        let user = try await f.user("amina", .viewer)
        _ = try await f.signIn("amina")
        f.clock.advance(13 * 3600)
        _ = try await f.signIn("amina")
        #expect(try await f.store.sessions(userID: user.id).count == 1)
    }
}

@Suite struct APITokenTests {
    @Test func aTokenIsShownOnceStoredHashedAndIdentifiesItsUser() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        let me = try await f.signIn("amina").principal
        let t = try await f.service.createToken(for: "amina", role: .reviewer, days: 30, label: "import script", by: me)
        #expect(t.token.hasPrefix("aigaq_") && t.token.count == 49)
        let stored = try #require(try await f.store.token(id: t.record.id))
        #expect(stored.tokenHash == TokenHash.hex(t.token))
        #expect(stored.tokenHash != t.token)
        let p = try #require(try await f.service.principal(forAPIToken: t.token))
        #expect(p.username == "amina" && p.role == .reviewer && p.channel == .apiToken)
        #expect(p.auditName == "amina (\(t.record.id))")
        try authorize(p, .review)
        #expect(throws: AccountError.self) { try authorize(p, .edit) }
    }

    @Test func aTokensRoleIsNeverAboveItsUsersOrItsCreators() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("daulet", .reviewer)
        try await f.user("erlan", .editor)
        let reviewer = try await f.signIn("daulet").principal
        let admin = try await f.signIn("amina").principal
        // Above the user's own role.
        #expect(await error { try await f.service.createToken(for: "daulet", role: .editor, days: 1, by: reviewer) } != nil)
        // An admin cannot lift a token above its user's role either.
        #expect(await error { try await f.service.createToken(for: "daulet", role: .admin, days: 1, by: admin) } != nil)
        // A reviewer's token used to create a token for another user: not allowed at all.
        #expect(await error { try await f.service.createToken(for: "erlan", role: .viewer, days: 1, by: reviewer) } != nil)
        // A viewer token of an admin cannot create an admin token (creator's ceiling).
        let low = try await f.service.createToken(for: "amina", role: .viewer, days: 1, by: admin)
        let lowPrincipal = try #require(try await f.service.principal(forAPIToken: low.token))
        #expect(await error { try await f.service.createToken(for: "amina", role: .admin, days: 1, by: lowPrincipal) } != nil)
        // Within the ceilings it works.
        _ = try await f.service.createToken(for: "daulet", role: .reviewer, days: 1, by: reviewer)
        _ = try await f.service.createToken(for: "erlan", role: .editor, days: 1, by: admin)
    }

    @Test func aDemotedUserCapsTheirTokensAndADisabledOneVoidsThem() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("erlan", .editor)
        let admin = try await f.signIn("amina").principal
        let t = try await f.service.createToken(for: "erlan", role: .editor, days: 10, by: admin)
        try await f.service.setRole(username: "erlan", role: .viewer, by: admin)
        #expect(try await f.service.principal(forAPIToken: t.token)?.role == .viewer)
        try await f.service.disableUser(username: "erlan", by: admin)
        #expect(try await f.service.principal(forAPIToken: t.token) == nil)
    }

    @Test func aTokenExpires() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        let me = try await f.signIn("amina").principal
        let t = try await f.service.createToken(for: "amina", role: .editor, days: 2, by: me)
        f.clock.advance(2 * 86400 - 1)
        #expect(try await f.service.principal(forAPIToken: t.token) != nil)
        f.clock.advance(1)
        #expect(try await f.service.principal(forAPIToken: t.token) == nil)
        #expect(await error { try await f.service.createToken(for: "amina", role: .editor, days: 0, by: me) } != nil)
        #expect(await error { try await f.service.createToken(for: "amina", role: .editor, days: 366, by: me) } != nil)
    }

    @Test func aRevokedTokenStopsAndOnlyItsUserOrAnAdminMayRevoke() async throws {
        let f = try Fixture()
        try await f.user("amina", .admin)
        try await f.user("daulet", .reviewer)
        try await f.user("erlan", .reviewer)
        let daulet = try await f.signIn("daulet").principal
        let erlan = try await f.signIn("erlan").principal
        let t = try await f.service.createToken(for: "daulet", role: .reviewer, days: 5, by: daulet)
        #expect(await error { try await f.service.revokeToken(id: t.record.id, by: erlan) } == .notFound("token \(t.record.id)"))
        try await f.service.revokeToken(id: t.record.id, by: daulet)
        #expect(try await f.service.principal(forAPIToken: t.token) == nil)
        #expect(try await f.store.token(id: t.record.id)?.revoked == f.clock.now())
        let u = try await f.service.createToken(for: "daulet", role: .viewer, days: 5, by: daulet)
        try await f.service.revokeToken(id: u.record.id, by: try await f.signIn("amina").principal)
        #expect(try await f.service.principal(forAPIToken: u.token) == nil)
    }

    @Test func tokensWithoutThePrefixOrUnknownAreNobody() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        let me = try await f.signIn("amina").principal
        let t = try await f.service.createToken(for: "amina", role: .editor, days: 2, by: me)
        #expect(try await f.service.principal(forAPIToken: String(t.token.dropFirst(6))) == nil)
        #expect(try await f.service.principal(forAPIToken: "aigaq_" + String(repeating: "A", count: 43)) == nil)
        // A session token is not an API token.
        let s = try await f.signIn("amina")
        #expect(try await f.service.principal(forAPIToken: s.token) == nil)
    }
}
