@testable import AigaqAccounts
import AigaqStore
import Foundation
import Testing

@Suite struct PermissionTests {
    /// The whole matrix, written out again here by hand: a change to the
    /// table in AigaqAccounts must be made twice, on purpose.
    /// Columns: anonymous, viewer, reviewer, editor, admin.
    static let expected: [Permission: [Bool]] = [
        .readPublic: [true, true, true, true, true],
        .readInternal: [false, true, true, true, true],
        .readConfidential: [false, false, false, true, true],
        .review: [false, false, true, true, true],
        .edit: [false, false, false, true, true],
        .ingest: [false, false, false, true, true],
        .manageUsers: [false, false, false, false, true],
        .administer: [false, false, false, false, true],
    ]
    static let columns: [Role?] = [nil, .viewer, .reviewer, .editor, .admin]

    static var cells: [(Permission, Int)] {
        Permission.allCases.flatMap { p in columns.indices.map { (p, $0) } }
    }

    @Test(arguments: cells)
    func everyCellOfTheMatrix(_ permission: Permission, _ column: Int) throws {
        let allowed = try #require(Self.expected[permission])[column]
        let role = Self.columns[column]
        #expect(PermissionMatrix.allows(role, permission) == allowed)
        let principal = role.map { Principal(userID: "usr_1", username: "u", role: $0, channel: .session) }
        if allowed {
            #expect(throws: Never.self) { try authorize(principal, permission) }
        } else {
            #expect(throws: AccountError.self) { try authorize(principal, permission) }
        }
    }

    @Test func everyPermissionHasARow() {
        #expect(Set(PermissionMatrix.rows.map(\.permission)) == Set(Permission.allCases))
        #expect(PermissionMatrix.rows.count == Permission.allCases.count)
    }

    @Test func anonymousVisitorsAreAskedToSignInAndRolesAreRefused() {
        do { try authorize(nil, .review) } catch { #expect(error == .notSignedIn) }
        let viewer = Principal(userID: "usr_1", username: "v", role: .viewer, channel: .apiToken)
        do { try authorize(viewer, .edit) } catch { #expect(error == .forbidden(permission: .edit, role: .viewer)) }
    }

    @Test func aOneTimePasswordAllowsNothingButPublicReadsUntilChanged() throws {
        let admin = Principal(userID: "usr_1", username: "a", role: .admin, channel: .session, mustChangePassword: true)
        try authorize(admin, .readPublic)
        for p in Permission.allCases where p != .readPublic {
            do { try authorize(admin, p); Issue.record("\(p) allowed") } catch { #expect(error == .passwordChangeRequired) }
        }
    }

    @Test func theLocalOperatorIsAnAdmin() throws {
        let op = Principal.localOperator("root")
        for p in Permission.allCases { try authorize(op, p) }
        #expect(op.auditName == "local:root")
    }

    @Test func rolesAreOrdered() {
        #expect(Role.viewer < .reviewer && Role.reviewer < .editor && Role.editor < .admin)
        #expect(min(Role.admin, .reviewer) == .reviewer)
    }
}

@Suite struct ThrottlePolicyTests {
    @Test func freeFailuresThenDoublingUpToTheCap() {
        let p = ThrottlePolicy.account
        #expect((0..<5).map { p.delay(afterFailures: $0) } == [0, 0, 0, 0, 0])
        #expect((5..<10).map { p.delay(afterFailures: $0) } == [1, 2, 4, 8, 16])
        #expect(p.delay(afterFailures: 30) == 900)
        #expect(p.delay(afterFailures: 10_000) == 900)
    }

    @Test func theWaitCountsFromTheLastFailureAndIsForgotten() {
        let p = ThrottlePolicy.account
        let t = Date(timeIntervalSince1970: 1_000_000)
        let record = LoginThrottleRecord(key: "account:a", failures: 8, lastFailure: t)
        #expect(p.wait(record, now: t) == 8)
        #expect(p.wait(record, now: t + 5) == 3)
        #expect(p.wait(record, now: t + 8) == 0)
        let many = LoginThrottleRecord(key: "account:a", failures: 40, lastFailure: t)
        #expect(p.wait(many, now: t + 899) == 1)
        #expect(p.wait(many, now: t + 3600) == 0)
        #expect(p.wait(nil, now: t) == 0)
    }

    @Test(arguments: [
        ("192.0.2.7", "address:192.0.2.7"),
        (" 192.0.2.7 ", "address:192.0.2.7"),
        ("2001:db8:1:2:3:4:5:6", "address:2001:db8:1:2::/64"),
        ("2001:DB8:1:2::99", "address:2001:db8:1:2::/64"),
        ("2001:db8::1", "address:2001:db8:0:0::/64"),
        ("::1", "address:0:0:0:0::/64"),
        ("fe80::1%eth0", "address:fe80:0:0:0::/64"),
    ])
    func addressesAreKeyedByHostOrIPv6Prefix(_ address: String, _ key: String) {
        #expect(ThrottleKey.address(address) == key)
    }
}

@Suite struct CSRFTests {
    @Test func aTokenVerifiesForItsSessionOnly() {
        let session = "session-token-one", other = "session-token-two"
        let token = CSRF.token(for: session)
        #expect(CSRF.verify(token, for: session))
        #expect(!CSRF.verify(token, for: other))
        #expect(!CSRF.verify(CSRF.token(for: other), for: session))
    }

    @Test func missingOrAlteredTokensAreRefused() {
        let session = "session-token-one"
        let token = CSRF.token(for: session)
        #expect(!CSRF.verify(nil, for: session))
        #expect(!CSRF.verify("", for: session))
        #expect(!CSRF.verify(token, for: nil))
        #expect(!CSRF.verify(token, for: ""))
        #expect(!CSRF.verify(String(token.dropLast()), for: session))
        #expect(!CSRF.verify(String(token.reversed()), for: session))
        #expect(!CSRF.verify(token + "A", for: session))
        #expect(!CSRF.verify("not base64 at all!", for: session))
    }

    @Test func tokensAreStableAndCarryNoSessionText() {
        let token = CSRF.token(for: "abc")
        #expect(token == CSRF.token(for: "abc"))
        #expect(token.count == 43)
        #expect(!token.contains("abc"))
    }
}
