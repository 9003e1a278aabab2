import AigaqAccounts
import AigaqCore
import Foundation
import Hummingbird

/// `/login` (password, then the TOTP code when the account has one) and `/logout`.
///
/// The login form is protected against CSRF before anyone is signed in: its
/// token is bound to a random `aigaq_login` cookie (HttpOnly, SameSite=Strict,
/// path /login) that another site can make the browser send but cannot read.
/// A wrong password answers 401, a throttled one 429 with `Retry-After`.
struct LoginRoutes {
    let workspace: Workspace

    func add(to router: Router<WebContext>) {
        router.get("/login") { request, _ in try await loginPage(request) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/login/code") { request, context in try await code(request, context) }
        router.get("/logout") { request, _ in
            // Signing out changes state, so it is a POST from the workspace's button.
            guard let caller = try await workspace.caller(request), !caller.byAPIToken else { return Workspace.redirect("/login") }
            let language = PublicRoutes.language(request)
            let s = workspace.web.speaker(language)
            let page = Layout.page(s("ws.logout"), s, PageContext(request: request, language: language)) { h in
                h.element("h1", s("ws.logout"))
                h.open("form", ["method": "post", "action": "/logout"])
                h.open("input", ["type": "hidden", "name": "csrf", "value": caller.csrfToken])
                h.element("button", ["type": "submit"], s("ws.logout"))
                h.close("form")
            }
            return Workspace.html(page, language: language)
        }
        router.post("/logout") { request, _ in
            let form = try await FormData.read(request, limit: 16_384)
            let token = request.cookies[WorkspaceCookie.session]?.value
            guard let token, !token.isEmpty, CSRF.verify(form["csrf"], for: token) else { throw WebError.csrf() }
            try await workspace.accounts?.signOut(sessionToken: token)
            var response = Workspace.redirect("/login?out=1")
            response.setCookie(workspace.expired(WorkspaceCookie.session, request))
            return response
        }
    }

    private var accounts: AccountService {
        get throws {
            guard let a = workspace.accounts else {
                throw WebError(status: .serviceUnavailable, code: "no_accounts", message: "this database keeps no accounts, so nobody can sign in")
            }
            return a
        }
    }

    private func address(_ context: WebContext) -> String? { context.remoteAddress }

    // MARK: Password

    private func loginPage(_ request: Request) async throws -> Response {
        _ = try accounts
        if try await workspace.caller(request) != nil { return Workspace.redirect(next(request.uri.queryParameters["next"].map(String.init))) }
        let q = PageContext(request: request, language: .en)
        var notice: String?
        if q.value("expired") != nil { notice = "ws.login.expired" }
        if q.value("out") != nil { notice = "ws.login.signed_out" }
        return render(request, status: .ok, username: nil, next: q.value("next"), noticeKey: notice, error: nil)
    }

    private func login(_ request: Request, _ context: WebContext) async throws -> Response {
        let accounts = try accounts
        let form = try await FormData.read(request, limit: 16_384)
        let username = form["username"] ?? "", nextPath = form["next"]
        let language = PublicRoutes.language(request)
        let s = workspace.web.speaker(language)
        guard CSRF.verify(form["csrf"], for: request.cookies[WorkspaceCookie.login]?.value) else {
            return render(request, status: .forbidden, username: username, next: nextPath, noticeKey: nil, error: s("ws.login.csrf"))
        }
        do {
            switch try await accounts.login(username: username, password: form["password"] ?? "", address: address(context)) {
            case .signedIn(let session):
                return signedIn(session, request, next: nextPath)
            case .secondFactorRequired(let pending, _):
                var response = codePage(request, pendingToken: pending, next: nextPath, error: nil, status: .ok)
                response.setCookie(workspace.cookie(WorkspaceCookie.pending, pending, path: "/login", maxAge: 300, request))
                return response
            }
        } catch let e as AccountError {
            return failed(e, request, username: username, next: nextPath)
        }
    }

    // MARK: Second factor

    private func code(_ request: Request, _ context: WebContext) async throws -> Response {
        let accounts = try accounts
        let form = try await FormData.read(request, limit: 16_384)
        let nextPath = form["next"]
        let language = PublicRoutes.language(request)
        let s = workspace.web.speaker(language)
        guard let pending = request.cookies[WorkspaceCookie.pending]?.value, !pending.isEmpty else {
            return render(request, status: .unauthorized, username: nil, next: nextPath, noticeKey: nil, error: s("ws.login.took_too_long"))
        }
        guard CSRF.verify(form["csrf"], for: pending) else {
            return codePage(request, pendingToken: pending, next: nextPath, error: s("ws.login.csrf"), status: .forbidden)
        }
        do {
            let session = try await accounts.completeSecondFactor(pendingToken: pending, code: (form["code"] ?? "").filter { !$0.isWhitespace },
                                                                  address: address(context))
            var response = signedIn(session, request, next: nextPath)
            response.setCookie(workspace.expired(WorkspaceCookie.pending, path: "/login", request))
            return response
        } catch AccountError.invalidSecondFactor {
            return codePage(request, pendingToken: pending, next: nextPath, error: s("ws.login.wrong_code"), status: .unauthorized)
        } catch AccountError.throttled(let seconds) {
            var response = codePage(request, pendingToken: pending, next: nextPath, error: s.format("ws.login.throttled", String(seconds)),
                                    status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch let e as AccountError {
            return failed(e, request, username: nil, next: nextPath)
        }
    }

    // MARK: Answers

    private func signedIn(_ session: SignedInSession, _ request: Request, next nextPath: String?) -> Response {
        var response = Workspace.redirect(session.principal.mustChangePassword ? "/workspace/password" : next(nextPath))
        // No Max-Age: the cookie ends with the browser; the server ends the session earlier (idle, lifetime, revocation).
        response.setCookie(workspace.cookie(WorkspaceCookie.session, session.token, request))
        response.setCookie(workspace.expired(WorkspaceCookie.login, path: "/login", request))
        return response
    }

    private func failed(_ e: AccountError, _ request: Request, username: String?, next nextPath: String?) -> Response {
        let s = workspace.web.speaker(PublicRoutes.language(request))
        switch e {
        case .throttled(let seconds):
            var response = render(request, status: .tooManyRequests, username: username, next: nextPath, noticeKey: nil,
                                  error: s.format("ws.login.throttled", String(seconds)))
            response.headers[.retryAfter] = String(seconds)
            return response
        case .invalidCredentials:
            return render(request, status: .unauthorized, username: username, next: nextPath, noticeKey: nil, error: s("ws.login.wrong"))
        case .loginExpired:
            var response = render(request, status: .unauthorized, username: nil, next: nextPath, noticeKey: nil, error: s("ws.login.took_too_long"))
            response.setCookie(workspace.expired(WorkspaceCookie.pending, path: "/login", request))
            return response
        default:
            let web = WebError(account: e)
            return render(request, status: web.status, username: username, next: nextPath, noticeKey: nil, error: e.message)
        }
    }

    /// Where to go after signing in: a workspace address from the form, else the workspace.
    private func next(_ path: String?) -> String { Workspace.local(path, fallback: "/workspace") }

    /// The login form. Its CSRF token is bound to the `aigaq_login` cookie, made here when missing.
    private func render(_ request: Request, status: HTTPResponse.Status, username: String?, next nextPath: String?,
                        noticeKey: String?, error: String?) -> Response {
        let language = PublicRoutes.language(request)
        let s = workspace.web.speaker(language)
        let existing = request.cookies[WorkspaceCookie.login]?.value
        let secret = existing.flatMap { $0.count >= 40 ? $0 : nil } ?? WebRandom.token()
        let page = Layout.page(s("ws.login.title"), s, PageContext(request: request, language: language), bodyClass: "login") { h in
            h.element("h1", s("ws.login.title"))
            if let noticeKey { h.element("p", ["class": "flash", "role": "status"], s(noticeKey)) }
            if let error { h.element("p", ["class": "flash error", "role": "alert"], error) }
            h.open("form", ["class": "stack login", "method": "post", "action": "/login"])
            h.open("input", ["type": "hidden", "name": "csrf", "value": CSRF.token(for: secret)])
            if let nextPath { h.open("input", ["type": "hidden", "name": "next", "value": Workspace.local(nextPath)]) }
            WorkspaceLayout.field(&h, s("ws.login.username"), name: "username", value: username, required: true, autocomplete: "username")
            WorkspaceLayout.field(&h, s("ws.login.password"), name: "password", value: nil, type: "password", required: true,
                                  autocomplete: "current-password")
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.login.submit")) })
            h.close("form")
            h.element("p", ["class": "note"], s("ws.login.note"))
        }
        var response = Workspace.html(page, language: language, status: status)
        if secret != existing {
            response.setCookie(workspace.cookie(WorkspaceCookie.login, secret, path: "/login", maxAge: 3600, request))
        }
        return response
    }

    /// The second step: the code from the authenticator app; CSRF bound to the pending login.
    private func codePage(_ request: Request, pendingToken: String, next nextPath: String?, error: String?,
                          status: HTTPResponse.Status) -> Response {
        let language = PublicRoutes.language(request)
        let s = workspace.web.speaker(language)
        let page = Layout.page(s("ws.login.code_title"), s, PageContext(request: request, language: language), bodyClass: "login") { h in
            h.element("h1", s("ws.login.code_title"))
            if let error { h.element("p", ["class": "flash error", "role": "alert"], error) }
            h.open("form", ["class": "stack login", "method": "post", "action": "/login/code"])
            h.open("input", ["type": "hidden", "name": "csrf", "value": CSRF.token(for: pendingToken)])
            if let nextPath { h.open("input", ["type": "hidden", "name": "next", "value": Workspace.local(nextPath)]) }
            h.element("label", ["for": "f-code"], s("ws.login.code"))
            h.open("input", ["id": "f-code", "name": "code", "type": "text", "inputmode": "numeric", "autocomplete": "one-time-code",
                             "pattern": "[0-9 ]{6,8}", "required": "required"])
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.login.code_submit")) })
            h.close("form")
        }
        return Workspace.html(page, language: language, status: status)
    }
}
