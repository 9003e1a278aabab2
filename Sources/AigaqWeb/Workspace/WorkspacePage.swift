import AigaqAccounts
import AigaqCore
import Foundation
import Hummingbird

/// One request to the workspace: who asks, in which language, and the form they sent.
struct WorkspaceRequest {
    let request: Request
    let caller: Caller
    let speaker: Speaker
    let context: PageContext
    var form = FormData()

    var principal: Principal { caller.principal }
    /// The name recorded on decisions and in the audit chain.
    var actor: String { caller.principal.auditName }
    func may(_ permission: Permission) -> Bool { caller.may(permission) }
}

extension Workspace {
    /// A workspace page (GET) for a caller with `permission`. A visitor who is
    /// not signed in is sent to the login page (and told when their session
    /// ended); one whose one-time password is unchanged, to the password page.
    func page(_ request: Request, _ permission: Permission,
              _ render: (WorkspaceRequest) async throws -> Response) async throws -> Response {
        let language = PublicRoutes.language(request)
        guard let caller = try await caller(request) else {
            let hadSession = request.cookies[WorkspaceCookie.session].map { !$0.value.isEmpty } ?? false
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            var response = Self.redirect("/login" + URLEncoding.query([("next", next), ("expired", hadSession ? "1" : nil)]))
            if hadSession { response.setCookie(expired(WorkspaceCookie.session, request)) }
            return response
        }
        if let response = try check(caller, permission, request) { return response }
        let w = WorkspaceRequest(request: request, caller: caller, speaker: web.speaker(language),
                                 context: PageContext(request: request, language: language))
        return try await render(w)
    }

    /// A submitted workspace form (POST) for a caller with `permission`. A
    /// session's form must carry its CSRF token; an API token needs none.
    func form(_ request: Request, _ permission: Permission,
              _ handle: (WorkspaceRequest) async throws -> Response) async throws -> Response {
        guard let caller = try await caller(request) else { throw WebError(account: .notSignedIn) }
        if let response = try check(caller, permission, request) { return response }
        let form = try await FormData.read(request)
        if !caller.byAPIToken && !CSRF.verify(form["csrf"], for: caller.sessionToken) { throw WebError.csrf() }
        let language = PublicRoutes.language(request)
        let w = WorkspaceRequest(request: request, caller: caller, speaker: web.speaker(language),
                                 context: PageContext(request: request, language: language), form: form)
        return try await handle(w)
    }

    /// nil when allowed; a redirect to the password page for a one-time password; else throws 403.
    private func check(_ caller: Caller, _ permission: Permission, _ request: Request) throws -> Response? {
        do {
            try authorize(caller.principal, permission)
            return nil
        } catch {
            // `authorize` throws only AccountError (typed throws).
            guard case .passwordChangeRequired = error else { throw WebError(account: error) }
            if request.uri.path == "/workspace/password" { return nil }
            return Self.redirect("/workspace/password")
        }
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// An address inside the workspace to go back to, from a form; else `fallback`.
    static func local(_ path: String?, fallback: String = "/workspace") -> String {
        guard let path, path.hasPrefix("/workspace"), !path.contains("//"), !path.contains("\\") else { return fallback }
        return path
    }

    static func html(_ bytes: [UInt8], _ w: WorkspaceRequest, status: HTTPResponse.Status = .ok) -> Response {
        html(bytes, language: w.speaker.language, status: status)
    }

    static func html(_ bytes: [UInt8], language: Language, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: language.rawValue,
                                           .vary: "Accept-Language, Cookie"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The workspace's frame: the site's frame with the workspace's own menu,
/// who is signed in, a sign-out button and the keyboard script.
enum WorkspaceLayout {
    enum Section: String { case queue, records, ingest, users, account }

    static func page(_ title: String, _ w: WorkspaceRequest, _ section: Section?, notice: String? = nil, error: String? = nil,
                     main: (inout HTML) -> Void) -> [UInt8] {
        let s = w.speaker
        return Layout.page(title, s, w.context, bodyClass: "workspace", head: { h in
            h.raw("<script src=\"/static/workspace.js\" defer></script>")
        }) { h in
            h.open("nav", ["class": "workspace", "aria-label": s("ws.nav")])
            h.raw("<ul>")
            var items: [(String, Section, String)] = [("/workspace/queue", .queue, "ws.nav.queue"), ("/workspace/records", .records, "ws.nav.records")]
            if w.may(.ingest) { items.append(("/workspace/ingest", .ingest, "ws.nav.ingest")) }
            if w.may(.manageUsers) { items.append(("/workspace/users", .users, "ws.nav.users")) }
            items.append(("/workspace/account", .account, "ws.nav.account"))
            for (href, sec, key) in items {
                h.raw("<li>")
                h.element("a", ["href": href, "aria-current": sec == section ? "page" : nil], s(key))
                h.raw("</li>")
            }
            h.raw("</ul>")
            h.open("span", ["class": "who"])
            h.text(s.format("ws.signed_in_as", w.principal.username, s("role." + w.principal.role.rawValue)))
            h.close("span")
            if !w.caller.byAPIToken {
                h.open("form", ["class": "logout", "method": "post", "action": "/logout"])
                csrf(&h, w)
                h.element("button", ["type": "submit"], s("ws.logout"))
                h.close("form")
            }
            h.close("nav")
            if let notice { h.element("p", ["class": "flash", "role": "status"], notice) }
            if let error { h.element("p", ["class": "flash error", "role": "alert"], error) }
            main(&h)
        }
    }

    /// The hidden CSRF field every form of the workspace carries.
    static func csrf(_ h: inout HTML, _ w: WorkspaceRequest) {
        h.open("input", ["type": "hidden", "name": "csrf", "value": w.caller.csrfToken])
    }

    /// A one-button form: POST to `action` with hidden fields.
    static func button(_ h: inout HTML, _ w: WorkspaceRequest, action: String, label: String, fields: [(String, String)] = [],
                       formClass: String? = nil, shortcut: String? = nil, secondary: Bool = false) {
        h.open("form", ["method": "post", "action": action, "class": formClass])
        csrf(&h, w)
        for (name, value) in fields { h.open("input", ["type": "hidden", "name": name, "value": value]) }
        h.open("button", ["type": "submit", "data-shortcut": shortcut, "class": secondary ? "secondary" : nil])
        h.text(label)
        if let shortcut { h.raw(" "); h.element("kbd", shortcut) }
        h.close("button")
        h.close("form")
    }

    /// A labelled text field.
    static func field(_ h: inout HTML, _ label: String, name: String, value: String?, id: String? = nil, type: String = "text",
                      required: Bool = false, hint: String? = nil, autocomplete: String? = nil) {
        let fid = id ?? "f-" + name
        h.element("label", ["for": fid], label)
        h.open("input", ["id": fid, "name": name, "type": type, "value": value, "required": required ? "required" : nil,
                         "autocomplete": autocomplete, "aria-describedby": hint == nil ? nil : fid + "-hint"])
        if let hint { h.element("span", ["class": "hint", "id": fid + "-hint"], hint) }
    }

    static func select(_ h: inout HTML, _ label: String, name: String, options: [(value: String, label: String)], selected: String?,
                       id: String? = nil) {
        let fid = id ?? "f-" + name
        h.element("label", ["for": fid], label)
        h.open("select", ["id": fid, "name": name])
        for o in options {
            h.element("option", ["value": o.value, "selected": o.value == selected ? "selected" : nil], o.label)
        }
        h.close("select")
    }

    static func textarea(_ h: inout HTML, _ label: String, name: String, value: String?, id: String? = nil, rows: Int = 3) {
        let fid = id ?? "f-" + name
        h.element("label", ["for": fid], label)
        h.element("textarea", ["id": fid, "name": name, "rows": String(rows)], value ?? "")
    }
}
