@testable import AigaqAccounts
import AigaqSQLite
import AigaqStore
import Foundation

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = start }

    func now() -> Date { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

/// An accounts service over a fresh in-memory SQLite store, with a cheap
/// bcrypt cost (tests only) and a hand-moved clock.
struct Fixture {
    let clock = TestClock()
    let store: SQLiteStore
    let service: AccountService

    init(policy: AccountPolicy = .standard) throws {
        store = try SQLiteStore()
        let clock = self.clock
        service = AccountService(store: store, hasher: .forTesting(cost: 4), policy: policy, now: { clock.now() })
    }

    static let operatorPrincipal = Principal.localOperator("test")
    static let password = "correct horse battery staple"

    /// Adds a user with the shared test password.
    @discardableResult
    func user(_ name: String, _ role: Role, password: String = Fixture.password) async throws -> User {
        try await service.addUser(username: name, role: role, password: password, by: Self.operatorPrincipal).user
    }

    /// Logs in without a second factor and returns the session.
    func signIn(_ name: String, password: String = Fixture.password, address: String? = "192.0.2.10") async throws -> SignedInSession {
        guard case .signedIn(let s) = try await service.login(username: name, password: password, address: address) else {
            throw AccountError.invalidSecondFactor
        }
        return s
    }
}

/// The error a throwing call threw, for comparing with `==`.
func error<T>(of body: () async throws -> T) async -> AccountError? {
    do { _ = try await body(); return nil } catch let e as AccountError { return e } catch { return nil }
}
