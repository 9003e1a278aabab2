import AigaqAccounts
import AigaqCore
import AigaqIdentity
import AigaqReview
import AigaqStore
import Foundation
import Hummingbird
import Synchronization

/// The private workspace's shared parts: accounts, the review service,
/// upload jobs and pending TOTP enrolments. Pages and API writes that change
/// the knowledge base go through here, so the public caches move on at once.
final class Workspace: Sendable {
    let web: Web
    /// nil when the store keeps no accounts: then nobody can sign in.
    let accounts: AccountService?
    let resolver: IdentityResolver
    let jobs = IngestJobs()
    /// TOTP secrets shown but not yet confirmed, by session id (five minutes).
    let enrolments = Mutex<[String: (enrolment: TOTPEnrolment, until: Date)]>([:])
    /// Assessments are versioned by `supersedes`; one edit at a time checks and writes.
    let assessmentLock = AsyncLock()

    var store: any KnowledgeStore { web.site.store }
    var configuration: WebConfiguration { web.configuration }

    init(web: Web, accounts: AccountService?) throws {
        self.web = web
        self.accounts = accounts
        guard let url = Vocabulary.resourceURL(named: "name-forms.yaml") else {
            throw AigaqError.database(reason: "the bundled name-forms.yaml is missing from this build")
        }
        self.resolver = IdentityResolver(nameForms: try NameForms(contentsOf: url))
    }

    /// The review service for one operation. A source whose list snapshot
    /// exists keeps that list (as `review apply` chose it); another source's
    /// numbered entries go to its publisher's list, dated by the source
    /// (`ReviewService.defaultList`).
    func review() async throws -> ReviewService {
        var service = ReviewService(store: store, resolver: resolver)
        service.vocabulary = web.vocabulary
        var known: [Source.ID: (PersonList, DateValue)] = [:]
        for list in try await store.lists() {
            for snap in try await store.snapshots(of: list.id) {
                known[Source.ID(rawValue: "src-" + snap.id.rawValue.dropPrefix("snap-"))] = (list, snap.asOf)
            }
        }
        let fixed = known
        service.listFor = { source in fixed[source.id] ?? ReviewService.defaultList(source) }
        return service
    }

    /// After a write: public pages and indexes are built again.
    func changed() { web.invalidate() }
}

/// A lock for async code (a chain of tasks), so that a check and the write
/// after it are not interleaved with another request's.
final class AsyncLock: Sendable {
    private let tail = Mutex<Task<Void, Never>?>(nil)

    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task: Task<T, any Error> = tail.withLock { last in
            let before = last
            let task = Task { await before?.value; return try await body() }
            last = Task { _ = try? await task.value }
            return task
        }
        return try await task.value
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }

    /// Trimmed, nil when empty.
    var nonEmpty: String? {
        let t = trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}

// MARK: - Who is asking

/// A signed-in caller: by session cookie (forms need its CSRF token) or by API token (no CSRF).
struct Caller: Sendable {
    var principal: Principal
    /// The session cookie's token; nil for an API token.
    var sessionToken: String?

    var csrfToken: String { sessionToken.map(CSRF.token(for:)) ?? "" }
    var byAPIToken: Bool { sessionToken == nil }
    func may(_ permission: Permission) -> Bool { (try? authorize(principal, permission)) != nil }
}

enum WorkspaceCookie {
    static let session = "aigaq_session"
    /// The random secret the login form's CSRF token is bound to.
    static let login = "aigaq_login"
    /// A login waiting for its second factor.
    static let pending = "aigaq_pending"
}

extension Workspace {
    /// The caller of a request: `Authorization: Bearer` first, else the session
    /// cookie. nil for an anonymous visitor or a credential no longer valid.
    func caller(_ request: Request) async throws -> Caller? {
        guard let accounts else { return nil }
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                  let p = try await accounts.principal(forAPIToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else { return nil }
            return Caller(principal: p, sessionToken: nil)
        }
        guard let token = request.cookies[WorkspaceCookie.session]?.value, !token.isEmpty,
              let p = try await accounts.principal(forSessionToken: token) else { return nil }
        return Caller(principal: p, sessionToken: token)
    }

    /// Whether cookies must carry `Secure`: behind TLS, or a proxy says the request came over https.
    func secure(_ request: Request) -> Bool {
        configuration.behindTLS || request.headers[Header.xForwardedProto]?.lowercased() == "https"
    }

    func cookie(_ name: String, _ value: String, path: String = "/", maxAge: Int? = nil, _ request: Request) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: secure(request), httpOnly: true, sameSite: .strict)
    }

    func expired(_ name: String, path: String = "/", _ request: Request) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure(request), httpOnly: true, sameSite: .strict)
    }
}

/// Random secrets for cookies that are not sessions (the pre-login CSRF secret).
enum WebRandom {
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

// MARK: - Forms

/// A submitted form (`application/x-www-form-urlencoded`), fields in order.
struct FormData: Sendable {
    var fields: [(String, String)]

    init(fields: [(String, String)] = []) { self.fields = fields }

    subscript(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
    /// Trimmed; nil when missing or empty.
    func value(_ name: String) -> String? { self[name]?.nonEmpty }
    func all(_ name: String) -> [String] { fields.filter { $0.0 == name }.map(\.1) }

    static func read(_ request: Request, limit: Int = 1 << 20) async throws -> FormData {
        let body = try await request.body.collect(upTo: limit)
        return FormData(fields: parse(String(buffer: body)))
    }

    /// Decoded as a query string is; at most 1,000 fields.
    static func parse(_ raw: String) -> [(String, String)] { PageContext.parseQuery(raw, limit: 1000) }
}

// MARK: - Errors

extension WebError {
    /// Account errors with their HTTP status; the message is safe to show.
    init(account e: AccountError) {
        switch e {
        case .invalidCredentials, .invalidSecondFactor, .loginExpired, .notSignedIn:
            self.init(status: .unauthorized, code: "unauthorized", message: e.message)
        case .throttled: self.init(status: .tooManyRequests, code: "throttled", message: e.message)
        case .forbidden, .passwordChangeRequired: self.init(status: .forbidden, code: "forbidden", message: e.message)
        case .weakPassword, .invalid: self.init(status: .badRequest, code: "bad_request", message: e.message)
        case .notFound: self.init(status: .notFound, code: "not_found", message: e.message)
        }
    }

    static func csrf() -> WebError {
        WebError(status: .forbidden, code: "csrf", message: "the form's security token is missing or out of date; reload the page and try again")
    }
}
