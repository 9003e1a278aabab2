import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird

/// Assessments against the PACE criteria (`/workspace/assessments/{id}`).
///
/// An assessment is a judgement made on a date, so it is never overwritten:
/// revising one writes a new assessment (`asm-…`) that `supersedes` it, and
/// the chain is its history. That is its version: a revision of an
/// assessment that someone else has already superseded is refused like a
/// stale edit, and the form comes back with what was typed. Checks and
/// writes run one at a time (`Workspace.assessmentLock`).
enum AssessmentEditor {
    static func find(_ ws: Workspace, _ id: String) async throws -> Assessment? {
        let page = try await ws.store.entities(type: "assessment", after: CaseEditor.predecessor(id), limit: 1)
        guard case .assessment(let a)? = page.first(where: { $0.id == id }) else { return nil }
        return a
    }

    static func page(_ ws: Workspace, _ w: WorkspaceRequest, id: String?, person: Person.ID? = nil, values: FormData? = nil,
                     error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        let current: Assessment? = try await id.asyncMap { try await find(ws, $0) } ?? nil
        if id != nil && current == nil { throw WebError.notFound(s("ws.assessment.one")) }
        guard let pid = current?.person ?? person, let p = try await ws.store.person(id: pid) else { throw WebError.notFound(s("person.one")) }
        let all = try await ws.store.assessments(of: pid)
        let successor = current.flatMap { c in all.first { $0.supersedes == c.id } }
        let lists = try await ws.store.lists()
        let sources = try await RecordEditing.citedSources((current?.citations ?? []) + p.citations, store: ws.store)
        let notice = w.context.value("notice") == "saved" ? s("ws.assessment.saved") : nil
        let title = current.map { s.decision($0.decision.rawValue) + " · " + $0.date.description } ?? s("ws.assessment.new")
        let action = current.map { "/workspace/assessments/" + URLEncoding.component($0.id.rawValue) }
            ?? "/workspace/persons/" + URLEncoding.component(pid.rawValue) + "/assessments"
        let v = RecordEditing.values(values, "assessment")

        let bytes = WorkspaceLayout.page(title, w, .records, notice: notice, error: error) { h in
            h.open("p", ["class": "crumbs"]); h.link("/workspace/persons/" + URLEncoding.component(pid.rawValue), p.displayName); h.close("p")
            h.element("h1", title)
            if let a = current {
                h.raw("<dl class=\"facts\">")
                func row(_ label: String, _ value: String) { h.raw("<div>"); h.element("dt", label); h.element("dd", value); h.raw("</div>") }
                row(s("ws.field.id"), a.id.rawValue)
                row(s("ws.assessment.assessor"), a.assessor)
                row(s("ws.field.confidentiality"), s("ws.conf." + a.confidentiality.rawValue))
                if let sup = a.supersedes { row(s("ws.assessment.supersedes"), sup.rawValue) }
                h.raw("</dl>")
                h.open("p"); h.text(s("ws.field.citations") + ":"); Citing.links(&h, a.citations); h.close("p")
                if let successor {
                    h.open("p", ["class": "flash"])
                    h.text(s("ws.assessment.superseded_by") + " ")
                    h.link("/workspace/assessments/" + URLEncoding.component(successor.id.rawValue), successor.id.rawValue)
                    h.close("p")
                }
            }
            guard w.may(.edit), successor == nil || values != nil else { return }
            h.element("h2", current == nil ? s("ws.assessment.new") : s("ws.assessment.revise"))
            h.open("form", ["class": "stack assessment", "method": "post", "action": action])
            WorkspaceLayout.csrf(&h, w)
            h.open("input", ["type": "hidden", "name": "form_id", "value": "assessment"])
            WorkspaceLayout.select(&h, s("ws.assessment.decision"), name: "decision",
                                   options: Assessment.Decision.allCases.map { ($0.rawValue, s.decision($0.rawValue)) },
                                   selected: v?["decision"] ?? current?.decision.rawValue)
            WorkspaceLayout.field(&h, s("col.date"), name: "date", value: v?["date"] ?? current?.date.isoString, required: true,
                                  hint: s("ws.field.date_hint"))
            WorkspaceLayout.field(&h, s("ws.assessment.assessor"), name: "assessor", value: v?["assessor"] ?? current?.assessor, required: true)
            WorkspaceLayout.select(&h, s("filters.list"), name: "list", options: [("", s("ws.none"))] + lists.map { ($0.id.rawValue, $0.name) },
                                   selected: v?["list"] ?? current?.list?.rawValue ?? "")
            h.open("table", ["class": "criteria"])
            h.element("caption", s("assessment.criteria"))
            h.raw("<thead><tr>")
            for k in ["col.criterion", "col.verdict", "col.reasoning"] { h.element("th", s(k)) }
            h.raw("</tr></thead><tbody>")
            for criterion in w.speaker.vocabulary.criteria {
                let (letter, label, text) = s.criterion(criterion.id)
                let old = current?.criteria.first { $0.criterion == criterion.id }
                h.raw("<tr><th scope=\"row\">")
                h.element("strong", letter.isEmpty ? label : letter + ". " + label)
                h.element("p", ["class": "note"], text)
                h.raw("</th><td>")
                h.element("label", ["for": "v-" + criterion.id, "class": "visually-hidden"], s("col.verdict"))
                h.open("select", ["id": "v-" + criterion.id, "name": "verdict." + criterion.id])
                let selected = v?["verdict." + criterion.id] ?? old?.verdict.rawValue ?? ""
                h.element("option", ["value": "", "selected": selected.isEmpty ? "selected" : nil], s("verdict.not_recorded"))
                for verdict in CriterionAssessment.Verdict.allCases {
                    h.element("option", ["value": verdict.rawValue, "selected": selected == verdict.rawValue ? "selected" : nil], s("verdict." + verdict.rawValue))
                }
                h.close("select")
                h.raw("</td><td>")
                h.element("label", ["for": "r-" + criterion.id, "class": "visually-hidden"], s("col.reasoning"))
                h.element("textarea", ["id": "r-" + criterion.id, "name": "reasoning." + criterion.id, "rows": "2"],
                          v?["reasoning." + criterion.id] ?? old?.reasoning ?? "")
                h.raw("</td></tr>")
            }
            h.raw("</tbody>")
            h.close("table")
            RecordEditing.confidentialitySelect(&h, s, selected: v?["confidentiality"] ?? current?.confidentiality.rawValue, id: "assessment-conf")
            Citing.fields(&h, s, prefix: "assessment", sources: sources, values: v)
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.edit.save")) })
            h.close("form")
        }
        return Workspace.html(bytes, w, status: status)
    }

    /// A new assessment from the form, superseding `previous` if given.
    static func make(_ form: FormData, person: Person.ID, previous: Assessment?, citation: Citation, vocabulary: Vocabulary) throws -> Assessment {
        guard let d = form.value("decision"), let decision = Assessment.Decision(rawValue: d) else { throw AigaqError.usage("choose a decision") }
        guard let date = try ReviewAction.date(form.value("date"), "date") else { throw AigaqError.usage("an assessment needs its date") }
        guard let assessor = form.value("assessor").map({ String($0.prefix(300)) }) else { throw AigaqError.usage("say who made the assessment") }
        var criteria: [CriterionAssessment] = []
        for c in vocabulary.criteria {
            guard let raw = form.value("verdict." + c.id) else { continue }
            guard let verdict = CriterionAssessment.Verdict(rawValue: raw) else { throw AigaqError.usage("unknown finding \(raw)") }
            criteria.append(CriterionAssessment(criterion: c.id, verdict: verdict,
                                                reasoning: form.value("reasoning." + c.id).map { String($0.prefix(5000)) }))
        }
        let id = "asm-" + person.rawValue.dropPrefix("p-") + "-" + String(UUID().uuidString.lowercased().prefix(8))
        return Assessment(id: Assessment.ID(rawValue: id), person: person, list: form.value("list").map(PersonList.ID.init(rawValue:)),
                          criteria: criteria, decision: decision, assessor: assessor, date: date, supersedes: previous?.id,
                          citations: [citation], confidentiality: try RecordEditing.confidentiality(form))
    }

    static func add(to router: Router<WebContext>, _ ws: Workspace) {
        router.get("/workspace/assessments/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.page(request, .readInternal) { try await page(ws, $0, id: id) }
        }
        router.get("/workspace/persons/:id/assessments/new") { request, context in
            let pid = try context.parameters.require("id")
            return try await ws.page(request, .edit) { try await page(ws, $0, id: nil, person: Person.ID(rawValue: pid)) }
        }
        router.post("/workspace/assessments/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.form(request, .edit) { w in try await save(ws, w, previousID: id, person: nil) }
        }
        router.post("/workspace/persons/:id/assessments") { request, context in
            let pid = try context.parameters.require("id")
            return try await ws.form(request, .edit) { w in try await save(ws, w, previousID: nil, person: Person.ID(rawValue: pid)) }
        }
    }

    private static func save(_ ws: Workspace, _ w: WorkspaceRequest, previousID: String?, person: Person.ID?) async throws -> Response {
        let previous: Assessment? = try await previousID.asyncMap { try await find(ws, $0) } ?? nil
        if previousID != nil && previous == nil { throw WebError.notFound(w.speaker("ws.assessment.one")) }
        guard let pid = previous?.person ?? person, try await ws.store.person(id: pid) != nil else { throw WebError.notFound(w.speaker("person.one")) }
        let form = w.form, actor = w.actor, vocabulary = ws.web.vocabulary, store = ws.store
        var saved: Assessment.ID?
        let response = try await RecordEditing.run(w, ws: ws, back: "/workspace/persons/" + URLEncoding.component(pid.rawValue),
                                                   render: { v, e, st in try await page(ws, w, id: previousID, person: pid, values: v, error: e, status: st) }) {
            let cite = try await Citing.parse(form, actor: actor, store: store)
            let a = try make(form, person: pid, previous: previous, citation: cite.citation, vocabulary: vocabulary)
            try await ws.assessmentLock.run {
                if let previous, let successor = try await store.assessments(of: pid).first(where: { $0.supersedes == previous.id }) {
                    throw AigaqError.staleEdit(entity: "assessment \(previous.id.rawValue) (revised as \(successor.id.rawValue))", expected: 1, found: 2)
                }
                try await Citing.store(cite, store: store, actor: actor)
                try await store.apply(delete: [], write: [.assessment(a)], actor: actor)
            }
            saved = a.id
        }
        if let saved, response.status == .seeOther {
            return Workspace.redirect("/workspace/assessments/" + URLEncoding.component(saved.rawValue) + "?notice=saved")
        }
        return response
    }
}
