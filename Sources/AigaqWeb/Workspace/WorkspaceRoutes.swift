import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird

/// Every route of the workspace. Each names the permission it needs and goes
/// through `Workspace.page` (GET) or `Workspace.form` (POST, CSRF-checked),
/// so none can forget the check. Workspace pages are never cached (no-store).
struct WorkspaceRoutes {
    let workspace: Workspace

    func add(to router: Router<WebContext>) {
        let ws = workspace
        LoginRoutes(workspace: ws).add(to: router)
        router.get("/workspace") { request, _ in try await ws.page(request, .readInternal) { try await QueuePages.queue(ws, $0) } }
        router.get("/workspace/queue") { request, _ in try await ws.page(request, .readInternal) { try await QueuePages.queue(ws, $0) } }
        router.get("/workspace/candidates/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.page(request, .readInternal) { try await QueuePages.candidate(ws, $0, id: id) }
        }
        router.post("/workspace/candidates/:id/:action") { request, context in
            let id = try context.parameters.require("id")
            let name = try context.parameters.require("action")
            if name == "correct" { return try await correct(ws, request, id: id) }
            guard let action = ReviewAction(rawValue: name) else { throw WebError.notFound("the action \(name)") }
            return try await ws.form(request, .review) { w in
                let c = try await ReviewAction.perform(action, candidate: id,
                                                       input: .init(newPerson: w.form["new"] == "1", person: w.form["person"], reason: w.form["reason"]),
                                                       actor: w.actor, ws: ws)
                let back = Workspace.local(w.form["back"], fallback: "/workspace/queue")
                if back.hasPrefix("/workspace/queue") {
                    return Workspace.redirect(back + (back.contains("?") ? "&" : "?") + "done=" + URLEncoding.component(c.id.rawValue))
                }
                return Workspace.redirect(back)
            }
        }
        router.get("/workspace/sources/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.page(request, .readInternal) { try await sourcePage(ws, $0, id: id) }
        }
        PersonEditor.add(to: router, ws)
        CaseEditor.add(to: router, ws)
        EventEditor.add(to: router, ws)
        AssessmentEditor.add(to: router, ws)
        IngestPages.add(to: router, ws)
        UserPages.add(to: router, ws)
        WorkspaceAPI(workspace: ws).add(to: router)
    }

    /// Corrected fields, then accept; what was typed comes back with the reason it was refused.
    private func correct(_ ws: Workspace, _ request: Request, id: String) async throws -> Response {
        try await ws.form(request, .review) { w in
            do {
                let c = try await ReviewAction.correct(candidate: id, form: w.form, vocabulary: ws.web.vocabulary, actor: w.actor, ws: ws)
                return Workspace.redirect("/workspace/queue?done=" + URLEncoding.component(c.id.rawValue))
            } catch AigaqError.usage(let message) {
                return try await QueuePages.candidate(ws, w, id: id, corrections: w.form, error: message, status: .unprocessableContent)
            }
        }
    }

    /// A stored source (internal ones too) with a candidate's spans, or the `spans` of a citation, marked.
    private func sourcePage(_ ws: Workspace, _ w: WorkspaceRequest, id: String) async throws -> Response {
        let s = w.speaker
        guard let src = try await ws.store.source(id: Source.ID(rawValue: id)) else { throw WebError.notFound(s("source.one")) }
        var spans: [Passage.Span] = SourcePage.parseSpans(w.context.value("spans")).map { Passage.Span(range: $0, kind: .evidence) }
        if let cid = w.context.value("candidate"), let c = try await ws.store.candidate(id: Candidate.ID(rawValue: cid)), c.source == src.id {
            spans += Passage.spans(of: c)
        }
        let bytes = WorkspaceLayout.page(src.title ?? src.id.rawValue, w, .queue) { h in
            h.element("h1", src.title ?? src.id.rawValue)
            h.raw("<dl class=\"facts\">")
            func row(_ label: String, _ value: String?) {
                guard let value else { return }
                h.raw("<div>"); h.element("dt", label); h.element("dd", value); h.raw("</div>")
            }
            row(s("ws.field.id"), src.id.rawValue)
            row(s("source.publisher"), src.publisher)
            row(s("source.published"), src.publishedOn?.description)
            row(s("source.file"), src.fileName)
            row(s("ws.field.confidentiality"), s("ws.conf." + src.confidentiality.rawValue))
            row("SHA-256", src.sha256)
            h.raw("</dl>")
            if spans.isEmpty {
                h.open("blockquote", ["class": "passage whole"]); h.text(src.text ?? s("ws.passage.no_text")); h.close("blockquote")
            } else {
                Passage.render(&h, text: src.text, spans: spans, context: 1500, limit: 20, s: s)
            }
        }
        return Workspace.html(bytes, w)
    }
}
