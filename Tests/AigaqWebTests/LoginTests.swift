import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

@Suite("Login, sessions and CSRF")
struct LoginTests {
    /// GET /login: its cookie and the form's token, as a browser would take them.
    func loginForm(_ client: some TestClientProtocol, headers: HTTPFields = [:]) async throws -> (cookie: String, csrf: String) {
        let r = try await client.execute(uri: "/login", method: .get, headers: headers)
        #expect(r.status == .ok)
        let cookie = try #require(r.cookie("aigaq_login"))
        return (cookieValue(cookie), try #require(r.inputValue("csrf")))
    }

    func submit(_ client: some TestClientProtocol, _ form: (cookie: String, csrf: String), user: String, password: String,
                path: String = "/login", extra: [(String, String)] = [], headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        h[.cookie] = "aigaq_login=" + form.cookie
        h[.contentType] = "application/x-www-form-urlencoded"
        let fields = [("csrf", form.csrf), ("username", user), ("password", password)] + extra
        let body = fields.map { URLEncoding.component($0.0) + "=" + URLEncoding.component($0.1) }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: h, body: ByteBuffer(string: body))
    }

    @Test("the login page is the contract's form: username, password and a hidden CSRF input, never cached")
    func loginPage() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let r = try await client.get("/login")
            #expect(r.status == .ok)
            #expect(r.headers[.cacheControl] == "no-store")
            #expect(r.text.contains("<form class=\"stack login\" method=\"post\" action=\"/login\">"))
            #expect(r.text.contains("name=\"username\""))
            #expect(r.text.contains("name=\"password\" type=\"password\""))
            #expect(r.text.contains("<input type=\"hidden\" name=\"csrf\""))
            let cookie = try #require(r.cookie("aigaq_login"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/login"))
            #expect(!cookie.contains("Secure"))
            // Behind TLS the cookie is Secure.
            let tls = try await client.execute(uri: "/login", method: .get, headers: [Header.xForwardedProto: "https"])
            #expect(try #require(tls.cookie("aigaq_login")).contains("Secure"))
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Strict session cookie and opens the workspace; signing out ends it")
    func signInAndOut() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let form = try await loginForm(client)
            let r = try await submit(client, form, user: "reviewer", password: WorkspaceFixture.password,
                                     extra: [("next", "/workspace/queue?page=1")])
            #expect(r.status == .seeOther)
            #expect(r.location == "/workspace/queue?page=1")
            let cookie = try #require(r.cookie("aigaq_session"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            let browser = Browser(token: cookieValue(cookie), csrf: CSRF.token(for: cookieValue(cookie)))
            let queue = try await client.get("/workspace", as: browser)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("reviewer"))
            // An address outside the workspace is not followed after login.
            let other = try await submit(client, try await loginForm(client), user: "reviewer", password: WorkspaceFixture.password,
                                         extra: [("next", "//evil.example/")])
            #expect(other.location == "/workspace")

            // Sign-out needs the token; then the cookie is cleared and the session is gone.
            #expect(try await client.post("/logout", as: browser, csrf: "forged").status == .forbidden)
            let out = try await client.post("/logout", as: browser)
            #expect(out.status == .seeOther)
            #expect(try #require(out.cookie("aigaq_session")).contains("Max-Age=0"))
            let after = try await client.get("/workspace", as: browser)
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login?") == true)
            #expect(after.location?.contains("expired=1") == true)
        }
    }

    @Test("the login form refuses a request without its CSRF token, and says why")
    func loginCSRF() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let form = try await loginForm(client)
            let forged = try await submit(client, (form.cookie, "not-the-token"), user: "admin", password: WorkspaceFixture.password)
            #expect(forged.status == .forbidden)
            #expect(forged.cookie("aigaq_session") == nil)
            // A token from another browser's cookie does not fit this one's.
            let other = try await loginForm(client)
            let crossed = try await submit(client, (form.cookie, other.csrf), user: "admin", password: WorkspaceFixture.password)
            #expect(crossed.status == .forbidden)
            #expect(crossed.text.contains("out of date"))
        }
    }

    @Test("a wrong password is 401 and keeps the username; too many are 429 with Retry-After and a clear message")
    func wrongPasswordAndThrottling() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let form = try await loginForm(client)
            let wrong = try await submit(client, form, user: "editor", password: "not the password at all")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Wrong username or password."))
            #expect(wrong.text.contains("value=\"editor\""))
            #expect(!wrong.text.contains("not the password at all"))
            var last = wrong
            for _ in 0..<6 { last = try await submit(client, form, user: "editor", password: "still not the password") }
            #expect(last.status == .tooManyRequests)
            #expect(last.headers[.retryAfter].flatMap(Int.init).map { $0 > 0 } == true)
            #expect(last.text.contains("Too many failed sign-ins"))
            // In Russian too.
            let ru = try await submit(client, form, user: "editor", password: WorkspaceFixture.password, headers: [.acceptLanguage: "ru"])
            #expect(ru.status == .tooManyRequests)
            #expect(ru.text.contains("Слишком много неудачных попыток входа"))
        }
    }

    @Test("an account with TOTP gets a second step; a wrong code is refused, the right one signs in")
    func secondFactor() async throws {
        let f = try await WorkspaceFixture()
        let enrolment = try await f.accounts.enrolTOTP(username: "editor", by: .localOperator("test"))
        try await f.app.test(.router) { client in
            let form = try await loginForm(client)
            let first = try await submit(client, form, user: "editor", password: WorkspaceFixture.password)
            #expect(first.status == .ok)
            #expect(first.cookie("aigaq_session") == nil)
            #expect(first.text.contains("action=\"/login/code\""))
            let pending = cookieValue(try #require(first.cookie("aigaq_pending")))
            let csrf = try #require(first.inputValue("csrf"))
            func code(_ value: String, csrf token: String = csrf) async throws -> TestResponse {
                try await client.execute(uri: "/login/code", method: .post,
                                         headers: [.cookie: "aigaq_pending=" + pending, .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "csrf=\(URLEncoding.component(token))&code=\(value)"))
            }
            // The pending login grants nothing.
            #expect(try await client.get("/workspace", as: Browser(token: pending, csrf: csrf)).status == .seeOther)
            #expect(try await code("000000", csrf: "forged").status == .forbidden)
            let wrongCode = enrolment.totp.code(at: f.clock.now().addingTimeInterval(-3600))
            let wrong = try await code(wrongCode)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Wrong or already used code"))
            let right = try await code(enrolment.totp.code(at: f.clock.now()))
            #expect(right.status == .seeOther)
            #expect(right.location == "/workspace")
            let session = cookieValue(try #require(right.cookie("aigaq_session")))
            #expect(try await client.get("/workspace", as: Browser(token: session, csrf: "")).status == .ok)
        }
    }

    @Test("sessions expire when unused and can be revoked by an admin")
    func expiryAndRevocation() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let reviewer = try await f.session(.reviewer)
            #expect(try await client.get("/workspace/queue", as: reviewer).status == .ok)
            f.clock.advance(31 * 60)
            let expired = try await client.get("/workspace/queue", as: reviewer)
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/login?next=%2Fworkspace%2Fqueue&expired=1")
            let login = try await client.get(try #require(expired.location))
            #expect(login.text.contains("Your session has ended"))

            let again = try await f.session(.reviewer)
            let admin = try await f.session(.admin)
            #expect(try await client.get("/workspace/queue", as: again).status == .ok)
            let users = try await client.get("/workspace/users", as: admin)
            #expect(users.status == .ok)
            let revoke = try await client.post("/workspace/users/reviewer/revoke-sessions", as: admin)
            #expect(revoke.status == .seeOther)
            #expect(try await client.get("/workspace/queue", as: again).status == .seeOther)
            #expect(try await client.get("/workspace/queue", as: admin).status == .ok)
        }
    }

    @Test("a one-time password leads to the password page, and nothing else opens until it is changed")
    func oneTimePassword() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let admin = try await f.session(.admin)
            let added = try await client.post("/workspace/users", as: admin, [("username", "newcomer"), ("role", "reviewer")])
            #expect(added.status == .ok)
            #expect(added.text.contains("newcomer was added"))
            let start = try #require(added.text.range(of: "<code class=\"secret\">"))
            let rest = added.text[start.upperBound...]
            let oneTime = String(rest[..<rest.firstIndex(of: "<")!])
            #expect(oneTime.count >= 20)
            guard case .signedIn(let s) = try await f.accounts.login(username: "newcomer", password: oneTime, address: nil) else {
                Issue.record("no session"); return
            }
            let newcomer = Browser(token: s.token, csrf: s.csrfToken)
            let queue = try await client.get("/workspace/queue", as: newcomer)
            #expect(queue.status == .seeOther)
            #expect(queue.location == "/workspace/password")
            #expect(try await client.get("/workspace/password", as: newcomer).status == .ok)
            let mismatch = try await client.post("/workspace/password", as: newcomer,
                                                 [("current", oneTime), ("new", "my own long passphrase"), ("repeat", "different")])
            #expect(mismatch.status == .unprocessableContent)
            let changed = try await client.post("/workspace/password", as: newcomer,
                                                [("current", oneTime), ("new", "my own long passphrase"), ("repeat", "my own long passphrase")])
            #expect(changed.status == .seeOther)
            let fresh = cookieValue(try #require(changed.cookie("aigaq_session")))
            #expect(try await client.get("/workspace/queue", as: Browser(token: fresh, csrf: "")).status == .ok)
            // The old session ended with the change.
            #expect(try await client.get("/workspace/queue", as: newcomer).status == .seeOther)
        }
    }
}
