@testable import AigaqAccounts
import AigaqStore
import Foundation
import Testing

/// Throttling with the clock moved by hand: no sleeps.
@Suite struct ThrottleTests {
    func fail(_ f: Fixture, _ name: String, from address: String? = "192.0.2.10") async -> AccountError? {
        await error { try await f.service.login(username: name, password: "a wrong password", address: address) }
    }

    @Test func anAccountBacksOffExponentiallyAfterFiveFailures() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        for _ in 0..<5 { #expect(await fail(f, "amina") == .invalidCredentials) }
        // The fifth failure asks for 1 s; even the right password waits.
        #expect(await error { try await f.signIn("amina") } == .throttled(retryAfter: 1))
        f.clock.advance(1)
        #expect(await fail(f, "amina") == .invalidCredentials)
        #expect(await fail(f, "amina") == .throttled(retryAfter: 2))
        f.clock.advance(2)
        #expect(await fail(f, "amina") == .invalidCredentials)
        #expect(await fail(f, "amina") == .throttled(retryAfter: 4))
        f.clock.advance(4)
        // A success ends the account's back-off.
        _ = try await f.signIn("amina")
        for _ in 0..<5 { #expect(await fail(f, "amina") == .invalidCredentials) }
    }

    @Test func throttledAttemptsAreNotCountedAndTheWaitIsCapped() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        for _ in 0..<30 {
            _ = await fail(f, "amina")
            f.clock.advance(1000)
        }
        let record = try #require(try await f.store.throttleRecords(keys: ["account:amina"]).first)
        #expect(record.failures == 30)
        _ = await fail(f, "amina")
        #expect(await fail(f, "amina") == .throttled(retryAfter: 900))
        f.clock.advance(900)
        _ = try await f.signIn("amina")
    }

    @Test func failuresAreForgottenAfterAnHourOfQuiet() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        for _ in 0..<8 { _ = await fail(f, "amina"); f.clock.advance(100) }
        f.clock.advance(3600)
        for _ in 0..<5 { #expect(await fail(f, "amina") == .invalidCredentials) }
        #expect(try await f.store.throttleRecords(keys: ["account:amina"]).first?.failures == 5)
    }

    @Test func unknownNamesAreThrottledExactlyLikeKnownOnes() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        var known: [AccountError?] = [], unknown: [AccountError?] = []
        for _ in 0..<7 {
            known.append(await fail(f, "amina", from: nil))
            unknown.append(await fail(f, "nobody", from: nil))
        }
        #expect(known == unknown)
        #expect(known.last == .throttled(retryAfter: 1))
    }

    @Test func oneAddressTryingManyAccountsIsThrottled() async throws {
        let f = try Fixture()
        try await f.user("amina", .editor)
        for i in 0..<20 { #expect(await fail(f, "user\(i)", from: "198.51.100.4") == .invalidCredentials) }
        // The address is now waiting, whichever account it tries…
        #expect(await error { try await f.signIn("amina", address: "198.51.100.4") } == .throttled(retryAfter: 1))
        // …but the account itself is not, from elsewhere.
        _ = try await f.signIn("amina", address: "203.0.113.9")
        // A success does not clear the address (an attacker's own account cannot reset it).
        #expect(await fail(f, "other", from: "198.51.100.4") == .throttled(retryAfter: 1))
    }

    @Test func anIPv6AddressCountsByItsPrefix() async throws {
        let f = try Fixture()
        for i in 0..<20 { _ = await fail(f, "user\(i)", from: "2001:db8:aa:bb::\(i + 1)") }
        #expect(await fail(f, "someone", from: "2001:db8:aa:bb:ffff::1") == .throttled(retryAfter: 1))
        #expect(await fail(f, "someone", from: "2001:db8:aa:cc::1") == .invalidCredentials)
    }
}
