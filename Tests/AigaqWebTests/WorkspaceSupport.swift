import AigaqAccounts
import AigaqCore
import AigaqExtraction
import AigaqSQLite
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
@testable import AigaqWeb

/// A clock the test moves by hand (session expiry).
final class ManualClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_750_000_000))
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

/// The demo dataset, a synthetic report in the review queue (written for
/// these tests), and one account per role, all with `password`.
struct WorkspaceFixture: Sendable {
    static let password = "a long test passphrase 42"
    static let reportName = "watch-list.txt"
    /// A synthetic list in the NGO style; every person in it is invented.
    static let report = """
        Northern Lakes Watch
        Date: 10 November 2024
        LIST OF POLITICAL PRISONERS
        This invented list names at least 3 political prisoners.
        CONVICTED
        1. Timur BAKHYTULY – 6 years in prison under Article 405 of the Criminal Code. Convicted on 4 April 2024.
        2. Dana SERIKKYZY – 2 years of restriction of freedom under part 1 of Article 174 of the Criminal Code. Convicted on 20 May 2024.
        UNDER ARREST
        3. Arman ZHUMABEKOV – charged under Article 274 of the Criminal Code. Held in a pre-trial detention facility since 1 October 2024.
        """

    let store: SQLiteStore
    let clock = ManualClock()
    let accounts: AccountService
    /// The router's responder (Sendable, so tests' closures may use the fixture).
    let responder: RouterResponder<WebContext>
    let source: Source.ID

    init(configuration: WebConfiguration = WebConfiguration(port: 18101), report: String = WorkspaceFixture.report,
         policy: AccountPolicy = .standard) async throws {
        store = try await Fixture.demoStore()
        let clock = self.clock
        accounts = AccountService(store: store, hasher: .forTesting(cost: 4), policy: policy, now: { clock.now() })
        for role in Role.allCases {
            _ = try await accounts.addUser(username: role.rawValue, role: role, password: Self.password, mustChangePassword: false,
                                           by: .localOperator("test"))
        }
        source = try await Self.ingest(report, into: store)
        responder = try buildRouter(store: store, configuration: configuration, accounts: accounts).buildResponder()
    }

    /// Stores a report and its candidates as `aigaq ingest` does.
    static func ingest(_ text: String, name: String = reportName, into store: SQLiteStore) async throws -> Source.ID {
        let (document, extraction) = try Extractor.extract(data: Data(text.utf8), fileName: name)
        let source = IngestMapping.source(extraction: extraction, document: document, fileName: name)
        _ = try await store.ingest(source: source, candidates: IngestMapping.candidates(extraction: extraction, source: source.id), actor: "test")
        return source.id
    }

    var app: some ApplicationProtocol { Application(responder: responder) }

    /// A signed-in browser of `role`: its session cookie and CSRF token.
    func session(_ role: Role) async throws -> Browser {
        guard case .signedIn(let s) = try await accounts.login(username: role.rawValue, password: Self.password, address: nil) else {
            throw AccountError.invalidSecondFactor
        }
        return Browser(token: s.token, csrf: s.csrfToken)
    }

    func candidates(_ state: Candidate.State = .pending) async throws -> [Candidate] {
        try await store.candidates(source: source).filter { $0.state == state }
    }
}

/// A browser's session.
struct Browser {
    var token: String
    var csrf: String
    var cookie: HTTPFields { [.cookie: "aigaq_session=" + token] }
}

extension TestClientProtocol {
    func get(_ uri: String, as browser: Browser?) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: browser?.cookie ?? [:])
    }

    /// POSTs a form, with the session's CSRF token unless `csrf` says otherwise.
    func post(_ uri: String, as browser: Browser?, _ fields: [(String, String)] = [], csrf: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = browser?.cookie ?? [:]
        headers[.contentType] = "application/x-www-form-urlencoded"
        for f in extra { headers.append(f) }
        let all = [("csrf", csrf ?? browser?.csrf ?? "")] + fields
        let body = all.map { URLEncoding.component($0.0) + "=" + URLEncoding.component($0.1) }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    /// The value of a cookie this response sets.
    func cookie(_ name: String) -> String? { setCookies.first { $0.hasPrefix(name + "=") } }
    var setCookies: [String] { headers[values: .setCookie] }
    var location: String? { headers[.location] }

    /// The value attribute of the input called `name`.
    func inputValue(_ name: String) -> String? {
        guard let range = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

func cookieValue(_ header: String) -> String {
    String(header.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last ?? "")
}
