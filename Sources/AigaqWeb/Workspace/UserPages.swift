import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird

/// `/workspace/users` (admins): add users, change roles, disable, end
/// sessions, API tokens. `/workspace/account`: one's own password, sessions,
/// tokens and second factor. Every rule is `AccountService`'s; these pages
/// only ask it, as the signed-in principal.
enum UserPages {
    static func accounts(_ ws: Workspace) throws -> AccountService {
        guard let a = ws.accounts else { throw WebError(status: .serviceUnavailable, code: "no_accounts", message: "this database keeps no accounts") }
        return a
    }

    static func time(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime]
        return f.string(from: d) + " UTC"
    }

    // MARK: Users (admin)

    static func users(_ ws: Workspace, _ w: WorkspaceRequest, shown secret: (label: String, value: String)? = nil, error: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        let accounts = try accounts(ws)
        let all = try await accounts.users(by: w.principal)
        var sessions: [String: Int] = [:]
        for u in all { sessions[u.id] = try await accounts.sessions(username: u.username, by: w.principal).count }
        let notice = w.context.value("notice").flatMap { ["saved": "ws.edit.saved_plain", "revoked": "ws.users.revoked"][$0] }.map { s($0) }
        let bytes = WorkspaceLayout.page(s("ws.users.title"), w, .users, notice: notice, error: error) { h in
            h.element("h1", s("ws.users.title"))
            if let secret { shownOnce(&h, s, secret.label, secret.value) }
            h.raw("<table class=\"users\"><thead><tr>")
            for k in ["ws.users.username", "ws.users.role", "ws.users.state", "ws.users.totp", "ws.users.sessions"] { h.element("th", s(k)) }
            h.element("th", ["class": "visually-hidden"], s("ws.actions"))
            h.raw("</tr></thead><tbody>")
            for u in all {
                let base = "/workspace/users/" + URLEncoding.component(u.username)
                h.raw("<tr><td>")
                h.link(base, u.username)
                h.raw("</td><td>")
                h.open("form", ["method": "post", "action": base + "/role", "class": "inline"])
                WorkspaceLayout.csrf(&h, w)
                h.element("label", ["for": "role-" + u.username, "class": "visually-hidden"], s("ws.users.role"))
                h.open("select", ["id": "role-" + u.username, "name": "role"])
                for r in Role.allCases { h.element("option", ["value": r.rawValue, "selected": r == u.role ? "selected" : nil], s("role." + r.rawValue)) }
                h.close("select")
                h.element("button", ["type": "submit", "class": "secondary"], s("ws.users.set_role"))
                h.close("form")
                h.raw("</td><td>")
                h.text(s(u.disabled ? "ws.users.disabled" : u.mustChangePassword ? "ws.users.one_time" : "ws.users.enabled"))
                h.raw("</td><td>")
                h.text(s(u.totpSecret == nil ? "ws.no" : "ws.yes"))
                h.raw("</td><td>")
                h.text(sessions[u.id] ?? 0)
                h.raw("</td><td class=\"actions\">")
                WorkspaceLayout.button(&h, w, action: base + (u.disabled ? "/enable" : "/disable"),
                                       label: s(u.disabled ? "ws.users.enable" : "ws.users.disable"), secondary: true)
                WorkspaceLayout.button(&h, w, action: base + "/revoke-sessions", label: s("ws.users.revoke_sessions"), secondary: true)
                h.raw("</td></tr>")
            }
            h.raw("</tbody></table>")
            h.element("h2", s("ws.users.add"))
            h.open("form", ["class": "stack", "method": "post", "action": "/workspace/users"])
            WorkspaceLayout.csrf(&h, w)
            WorkspaceLayout.field(&h, s("ws.users.username"), name: "username", value: nil, required: true, hint: s("ws.users.username_hint"))
            WorkspaceLayout.select(&h, s("ws.users.role"), name: "role", options: Role.allCases.map { ($0.rawValue, s("role." + $0.rawValue)) },
                                   selected: "viewer", id: "new-role")
            h.element("p", ["class": "hint"], s("ws.users.password_hint"))
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.users.add")) })
            h.close("form")
        }
        return Workspace.html(bytes, w, status: status)
    }

    /// One user (admin): sessions and tokens.
    static func user(_ ws: Workspace, _ w: WorkspaceRequest, name: String, shown secret: (label: String, value: String)? = nil) async throws -> Response {
        let s = w.speaker
        let accounts = try accounts(ws)
        let sessions = try await accounts.sessions(username: name, by: w.principal)
        let tokens = try await accounts.tokens(of: name, by: w.principal)
        let base = "/workspace/users/" + URLEncoding.component(name)
        let bytes = WorkspaceLayout.page(name, w, .users) { h in
            h.open("p", ["class": "crumbs"]); h.link("/workspace/users", s("ws.users.title")); h.close("p")
            h.element("h1", name)
            if let secret { shownOnce(&h, s, secret.label, secret.value) }
            sessionTable(&h, w, sessions, back: base)
            tokenSection(&h, w, tokens, createAction: base + "/tokens", back: base)
        }
        return Workspace.html(bytes, w)
    }

    static func shownOnce(_ h: inout HTML, _ s: Speaker, _ label: String, _ value: String) {
        h.open("div", ["class": "flash secret", "role": "status"])
        h.element("p", label)
        h.element("p", body: { $0.element("code", ["class": "secret"], value) })
        h.element("p", ["class": "note"], s("ws.users.shown_once"))
        h.close("div")
    }

    static func sessionTable(_ h: inout HTML, _ w: WorkspaceRequest, _ sessions: [Session], back: String) {
        let s = w.speaker
        h.element("h2", s("ws.users.sessions"))
        if sessions.isEmpty { h.element("p", s("ws.users.no_sessions")); return }
        h.raw("<table><thead><tr>")
        for k in ["ws.users.session", "ws.users.created", "ws.users.last_seen", "ws.users.address"] { h.element("th", s(k)) }
        h.element("th", ["class": "visually-hidden"], s("ws.actions"))
        h.raw("</tr></thead><tbody>")
        for x in sessions {
            h.raw("<tr><td>")
            h.element("code", x.id)
            if x.id == w.principal.credentialID { h.text(" · " + s("ws.users.this_session")) }
            if x.secondFactorPending { h.text(" · " + s("ws.users.pending_code")) }
            h.raw("</td><td>"); h.text(time(x.created))
            h.raw("</td><td>"); h.text(time(x.lastSeen))
            h.raw("</td><td>"); h.text(x.address ?? "")
            h.raw("</td><td>")
            WorkspaceLayout.button(&h, w, action: "/workspace/sessions/" + URLEncoding.component(x.id) + "/revoke",
                                   label: s("ws.users.revoke"), fields: [("back", back)], secondary: true)
            h.raw("</td></tr>")
        }
        h.raw("</tbody></table>")
    }

    static func tokenSection(_ h: inout HTML, _ w: WorkspaceRequest, _ tokens: [APIToken], createAction: String, back: String) {
        let s = w.speaker
        h.element("h2", s("ws.tokens.title"))
        if tokens.isEmpty { h.element("p", s("ws.tokens.none")) }
        if !tokens.isEmpty {
            h.raw("<table><thead><tr>")
            for k in ["ws.tokens.id", "ws.tokens.label", "ws.users.role", "ws.tokens.expires", "ws.users.state"] { h.element("th", s(k)) }
            h.element("th", ["class": "visually-hidden"], s("ws.actions"))
            h.raw("</tr></thead><tbody>")
            for t in tokens {
                h.raw("<tr><td>"); h.element("code", t.id)
                h.raw("</td><td>"); h.text(t.label ?? "")
                h.raw("</td><td>"); h.text(s("role." + t.role.rawValue))
                h.raw("</td><td>"); h.text(time(t.expires))
                h.raw("</td><td>"); h.text(t.revoked != nil ? s("ws.tokens.revoked") : t.expires < Date() ? s("ws.tokens.expired") : s("ws.tokens.valid"))
                h.raw("</td><td>")
                if t.revoked == nil {
                    WorkspaceLayout.button(&h, w, action: "/workspace/tokens/" + URLEncoding.component(t.id) + "/revoke",
                                           label: s("ws.users.revoke"), fields: [("back", back)], secondary: true)
                }
                h.raw("</td></tr>")
            }
            h.raw("</tbody></table>")
        }
        h.element("h3", s("ws.tokens.create"))
        h.open("form", ["class": "stack", "method": "post", "action": createAction])
        WorkspaceLayout.csrf(&h, w)
        WorkspaceLayout.select(&h, s("ws.users.role"), name: "role",
                               options: Role.allCases.filter { $0 <= w.principal.role }.map { ($0.rawValue, s("role." + $0.rawValue)) },
                               selected: "viewer", id: "token-role")
        WorkspaceLayout.field(&h, s("ws.tokens.days"), name: "days", value: "30", id: "token-days", type: "number")
        WorkspaceLayout.field(&h, s("ws.tokens.label"), name: "label", value: nil, id: "token-label")
        h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.tokens.create")) })
        h.close("form")
    }

    // MARK: Own account

    static func account(_ ws: Workspace, _ w: WorkspaceRequest, shown secret: (label: String, value: String)? = nil,
                        enrolment: TOTPEnrolment? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        let accounts = try accounts(ws)
        let me = w.principal.username
        let sessions = try await accounts.sessions(username: me, by: w.principal)
        let tokens = try await accounts.tokens(of: me, by: w.principal)
        let user = try await accounts.store.user(username: me)
        let notice = w.context.value("notice").flatMap { ["password": "ws.account.password_changed", "totp": "ws.account.totp_on",
                                                          "totp-off": "ws.account.totp_off", "revoked": "ws.users.revoked"][$0] }.map { s($0) }
        let bytes = WorkspaceLayout.page(s("ws.account.title"), w, .account, notice: notice, error: error) { h in
            h.element("h1", s("ws.account.title"))
            if let secret { shownOnce(&h, s, secret.label, secret.value) }
            h.element("p", s.format("ws.signed_in_as", me, s("role." + w.principal.role.rawValue)))
            h.open("p"); h.link("/workspace/password", s("ws.account.change_password")); h.close("p")

            h.element("h2", s("ws.account.totp"))
            if let enrolment {
                h.element("p", s("ws.account.totp_scan"))
                h.element("p", body: { $0.element("code", ["class": "secret"], enrolment.uri) })
                h.element("p", body: { $0.element("code", ["class": "secret"], Base32.encode(enrolment.totp.secret)) })
                h.open("form", ["class": "stack", "method": "post", "action": "/workspace/account/totp/confirm"])
                WorkspaceLayout.csrf(&h, w)
                WorkspaceLayout.field(&h, s("ws.login.code"), name: "code", value: nil, required: true, autocomplete: "one-time-code")
                h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.account.totp_confirm")) })
                h.close("form")
            } else if user?.totpSecret != nil {
                h.element("p", s("ws.account.totp_on"))
                WorkspaceLayout.button(&h, w, action: "/workspace/account/totp/remove", label: s("ws.account.totp_remove"), secondary: true)
            } else {
                h.element("p", s("ws.account.totp_off"))
                WorkspaceLayout.button(&h, w, action: "/workspace/account/totp/begin", label: s("ws.account.totp_begin"))
            }
            sessionTable(&h, w, sessions, back: "/workspace/account")
            tokenSection(&h, w, tokens, createAction: "/workspace/account/tokens", back: "/workspace/account")
        }
        return Workspace.html(bytes, w, status: status)
    }

    static func passwordPage(_ ws: Workspace, _ w: WorkspaceRequest, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let s = w.speaker
        let bytes = WorkspaceLayout.page(s("ws.account.change_password"), w, .account, error: error) { h in
            h.element("h1", s("ws.account.change_password"))
            if w.principal.mustChangePassword { h.element("p", ["class": "flash", "role": "status"], s("ws.account.must_change")) }
            h.open("form", ["class": "stack", "method": "post", "action": "/workspace/password"])
            WorkspaceLayout.csrf(&h, w)
            WorkspaceLayout.field(&h, s("ws.account.current"), name: "current", value: nil, type: "password", required: true,
                                  autocomplete: "current-password")
            WorkspaceLayout.field(&h, s("ws.account.new"), name: "new", value: nil, type: "password", required: true,
                                  hint: s("ws.account.password_rules"), autocomplete: "new-password")
            WorkspaceLayout.field(&h, s("ws.account.repeat"), name: "repeat", value: nil, type: "password", required: true,
                                  autocomplete: "new-password")
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.account.change_password")) })
            h.close("form")
        }
        return Workspace.html(bytes, w, status: status)
    }

    // MARK: Routes

    static func add(to router: Router<WebContext>, _ ws: Workspace) {
        router.get("/workspace/users") { request, _ in try await ws.page(request, .manageUsers) { try await users(ws, $0) } }
        router.post("/workspace/users") { request, _ in
            try await ws.form(request, .manageUsers) { w in
                do {
                    let role = try Role(rawValue: w.form.value("role") ?? "").orThrow(AccountError.invalid("choose a role"))
                    let (user, password) = try await accounts(ws).addUser(username: w.form.value("username") ?? "", role: role, password: nil, by: w.principal)
                    return try await users(ws, w, shown: (w.speaker.format("ws.users.added", user.username), password ?? ""))
                } catch let e as AccountError {
                    return try await users(ws, w, error: e.message, status: WebError(account: e).status)
                }
            }
        }
        router.get("/workspace/users/:name") { request, context in
            let name = try context.parameters.require("name")
            return try await ws.page(request, .manageUsers) { try await user(ws, $0, name: name) }
        }
        for action in ["role", "disable", "enable", "revoke-sessions"] {
            router.post(RouterPath("/workspace/users/:name/" + action)) { request, context in
                let name = try context.parameters.require("name")
                return try await ws.form(request, .manageUsers) { w in
                    let accounts = try accounts(ws)
                    do {
                        switch action {
                        case "role":
                            let role = try Role(rawValue: w.form.value("role") ?? "").orThrow(AccountError.invalid("choose a role"))
                            try await accounts.setRole(username: name, role: role, by: w.principal)
                        case "disable": try await accounts.disableUser(username: name, by: w.principal)
                        case "enable": try await accounts.enableUser(username: name, by: w.principal)
                        default: try await accounts.revokeSessions(username: name, by: w.principal)
                        }
                    } catch let e as AccountError {
                        return try await users(ws, w, error: e.message, status: WebError(account: e).status)
                    }
                    return Workspace.redirect("/workspace/users?notice=" + (action == "revoke-sessions" ? "revoked" : "saved"))
                }
            }
        }
        router.post("/workspace/users/:name/tokens") { request, context in
            let name = try context.parameters.require("name")
            return try await ws.form(request, .manageUsers) { w in
                let token = try await createToken(ws, w, for: name)
                return try await user(ws, w, name: name, shown: (w.speaker("ws.tokens.shown"), token))
            }
        }
        router.post("/workspace/sessions/:id/revoke") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.form(request, .readPublic) { w in
                try await accounts(ws).revokeSession(id: id, by: w.principal)
                return Workspace.redirect(Workspace.local(w.form["back"], fallback: "/workspace/account") + "?notice=revoked")
            }
        }
        router.post("/workspace/tokens/:id/revoke") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.form(request, .readPublic) { w in
                try await accounts(ws).revokeToken(id: id, by: w.principal)
                return Workspace.redirect(Workspace.local(w.form["back"], fallback: "/workspace/account") + "?notice=revoked")
            }
        }

        router.get("/workspace/account") { request, _ in try await ws.page(request, .readInternal) { try await account(ws, $0) } }
        router.post("/workspace/account/tokens") { request, _ in
            try await ws.form(request, .readInternal) { w in
                let token = try await createToken(ws, w, for: w.principal.username)
                return try await account(ws, w, shown: (w.speaker("ws.tokens.shown"), token))
            }
        }
        router.post("/workspace/account/totp/begin") { request, _ in
            try await ws.form(request, .readInternal) { w in
                let enrolment = try accounts(ws).beginTOTPEnrolment(for: w.principal)
                if let sid = w.principal.credentialID {
                    ws.enrolments.withLock { $0[sid] = (enrolment, Date().addingTimeInterval(300)) }
                }
                return try await account(ws, w, enrolment: enrolment)
            }
        }
        router.post("/workspace/account/totp/confirm") { request, _ in
            try await ws.form(request, .readInternal) { w in
                let sid = w.principal.credentialID ?? ""
                guard let pending = ws.enrolments.withLock({ $0[sid] }), pending.until > Date() else {
                    return try await account(ws, w, error: w.speaker("ws.login.took_too_long"), status: .conflict)
                }
                do {
                    try await accounts(ws).confirmTOTPEnrolment(pending.enrolment, code: (w.form["code"] ?? "").filter { !$0.isWhitespace },
                                                                by: w.principal)
                } catch AccountError.invalidSecondFactor {
                    return try await account(ws, w, enrolment: pending.enrolment, error: w.speaker("ws.login.wrong_code"), status: .unprocessableContent)
                }
                ws.enrolments.withLock { $0[sid] = nil }
                return Workspace.redirect("/workspace/account?notice=totp")
            }
        }
        router.post("/workspace/account/totp/remove") { request, _ in
            try await ws.form(request, .readInternal) { w in
                try await accounts(ws).removeTOTP(username: w.principal.username, by: w.principal)
                return Workspace.redirect("/workspace/account?notice=totp-off")
            }
        }

        // The password page is open to an account whose one-time password must be changed.
        router.get("/workspace/password") { request, _ in try await ws.page(request, .readPublic) { passwordPage(ws, $0) } }
        router.post("/workspace/password") { request, context in
            try await ws.form(request, .readPublic) { w in
                guard !w.caller.byAPIToken else { throw WebError.badRequest("change a password in the browser, not with a token") }
                guard let new = w.form["new"], new == w.form["repeat"] else {
                    return passwordPage(ws, w, error: w.speaker("ws.account.mismatch"), status: .unprocessableContent)
                }
                do {
                    let session = try await accounts(ws).changeOwnPassword(w.principal, current: w.form["current"] ?? "", new: new,
                                                                         address: context.remoteAddress)
                    var response = Workspace.redirect("/workspace/account?notice=password")
                    response.setCookie(ws.cookie(WorkspaceCookie.session, session.token, request))
                    return response
                } catch let e as AccountError {
                    return passwordPage(ws, w, error: e.message, status: WebError(account: e).status)
                }
            }
        }
    }

    static func createToken(_ ws: Workspace, _ w: WorkspaceRequest, for name: String) async throws -> String {
        let role = try Role(rawValue: w.form.value("role") ?? "").orThrow(AccountError.invalid("choose a role"))
        guard let days = w.form.value("days").flatMap(Int.init) else { throw WebError(account: .invalid("give the days until it expires")) }
        do {
            return try await accounts(ws).createToken(for: name, role: role, days: days, label: w.form.value("label").map { String($0.prefix(100)) },
                                                      by: w.principal).token
        } catch let e as AccountError { throw WebError(account: e) }
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
