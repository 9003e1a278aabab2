@testable import AigaqAccounts
import AigaqStore
import Foundation
import Testing

@Suite struct SecondFactorTests {
    /// A user with TOTP enrolled, and the TOTP to compute codes with.
    func enrolled(_ f: Fixture) async throws -> TOTP {
        try await f.user("amina", .admin)
        let enrolment = try await f.service.enrolTOTP(username: "amina", by: Fixture.operatorPrincipal)
        #expect(enrolment.uri.hasPrefix("otpauth://totp/Aigaq:amina?secret="))
        return enrolment.totp
    }

    func pending(_ f: Fixture) async throws -> String {
        guard case .secondFactorRequired(let token, _) = try await f.service.login(username: "amina", password: Fixture.password, address: nil) else {
            throw AccountError.invalidCredentials
        }
        return token
    }

    @Test func aPasswordAloneGivesOnlyAPendingLoginThatGrantsNothing() async throws {
        let f = try Fixture()
        _ = try await enrolled(f)
        let token = try await pending(f)
        #expect(try await f.service.principal(forSessionToken: token) == nil)
    }

    @Test func theRightCodeCompletesTheLoginWithANewToken() async throws {
        let f = try Fixture()
        let totp = try await enrolled(f)
        let token = try await pending(f)
        let s = try await f.service.completeSecondFactor(pendingToken: token, code: totp.code(at: f.clock.now()), address: nil)
        #expect(s.token != token)
        #expect(try await f.service.principal(forSessionToken: s.token)?.username == "amina")
        // The pending token is spent.
        #expect(await error { try await f.service.completeSecondFactor(pendingToken: token, code: "000000", address: nil) } == .loginExpired)
    }

    @Test func aUsedCodeIsRefusedTheSecondTime() async throws {
        let f = try Fixture()
        let totp = try await enrolled(f)
        let code = totp.code(at: f.clock.now())
        _ = try await f.service.completeSecondFactor(pendingToken: try await pending(f), code: code, address: nil)
        let again = try await pending(f)
        #expect(await error { try await f.service.completeSecondFactor(pendingToken: again, code: code, address: nil) } == .invalidSecondFactor)
        // Nor an earlier step's code, still within the drift window.
        let previous = totp.code(at: f.clock.now() - 30)
        #expect(await error { try await f.service.completeSecondFactor(pendingToken: again, code: previous, address: nil) } == .invalidSecondFactor)
        // The next step's code works.
        f.clock.advance(30)
        _ = try await f.service.completeSecondFactor(pendingToken: again, code: totp.code(at: f.clock.now()), address: nil)
    }

    @Test func aCodeOneStepOffIsAcceptedAndTwoStepsOffIsNot() async throws {
        let f = try Fixture()
        let totp = try await enrolled(f)
        let token = try await pending(f)
        let now = f.clock.now()
        #expect(await error { try await f.service.completeSecondFactor(pendingToken: token, code: totp.code(at: now - 60), address: nil) } == .invalidSecondFactor)
        _ = try await f.service.completeSecondFactor(pendingToken: token, code: totp.code(at: now - 30), address: nil)
    }

    @Test func wrongCodesAreThrottledWithTheAccount() async throws {
        let f = try Fixture()
        let totp = try await enrolled(f)
        let token = try await pending(f)
        let right = totp.code(at: f.clock.now())
        let wrong = right == "000000" ? "111111" : "000000"
        for _ in 0..<5 { _ = await error { try await f.service.completeSecondFactor(pendingToken: token, code: wrong, address: nil) } }
        #expect(await error { try await f.service.completeSecondFactor(pendingToken: token, code: right, address: nil) } == .throttled(retryAfter: 1))
    }

    @Test func aPendingLoginExpiresAfterFiveMinutes() async throws {
        let f = try Fixture()
        let totp = try await enrolled(f)
        let token = try await pending(f)
        f.clock.advance(301)
        #expect(await error { try await f.service.completeSecondFactor(pendingToken: token, code: totp.code(at: f.clock.now()), address: nil) } == .loginExpired)
    }

    @Test func enrolmentByConfirmationStoresTheSecretOnlyAfterAGoodCode() async throws {
        let f = try Fixture()
        try await f.user("daulet", .reviewer)
        let s = try await f.signIn("daulet")
        let enrolment = try f.service.beginTOTPEnrolment(for: s.principal)
        #expect(try await f.store.user(username: "daulet")?.totpSecret == nil)
        #expect(await error { try await f.service.confirmTOTPEnrolment(enrolment, code: "12345", by: s.principal) } == .invalidSecondFactor)
        let code = enrolment.totp.code(at: f.clock.now())
        try await f.service.confirmTOTPEnrolment(enrolment, code: code, by: s.principal)
        #expect(try await f.store.user(username: "daulet")?.totpSecret != nil)
        // The confirming code cannot be used again to log in.
        guard case .secondFactorRequired(let token, _) = try await f.service.login(username: "daulet", password: Fixture.password, address: nil) else {
            Issue.record("no second factor asked"); return
        }
        #expect(await error { try await f.service.completeSecondFactor(pendingToken: token, code: code, address: nil) } == .invalidSecondFactor)
    }

    @Test func theSecretIsStoredThroughTheSealingSeamAndCanBeRemoved() async throws {
        let f = try Fixture()
        let totp = try await enrolled(f)
        let stored = try #require(try await f.store.user(username: "amina")?.totpSecret)
        // Sealed with the database's data key (an in-memory store always has one).
        #expect(stored.hasPrefix("sealed:v1.1."))
        #expect(!stored.contains(Base32.encode(totp.secret)))
        try await f.service.removeTOTP(username: "amina", by: Fixture.operatorPrincipal)
        guard case .signedIn = try await f.service.login(username: "amina", password: Fixture.password, address: nil) else {
            Issue.record("still asks for a code"); return
        }
    }

    @Test func commandLineAuthenticationNeedsTheCodeToo() async throws {
        let f = try Fixture()
        let totp = try await enrolled(f)
        #expect(await error { try await f.service.authenticate(username: "amina", password: Fixture.password, code: nil) } == .invalidSecondFactor)
        let p = try await f.service.authenticate(username: "amina", password: Fixture.password, code: totp.code(at: f.clock.now()))
        #expect(p.channel == .password)
    }
}
