import AigaqAccounts
import AigaqCore
import AigaqReview
import Foundation
import Hummingbird

/// The review queue (`/workspace/queue`) and one candidate (`/workspace/candidates/{id}`):
/// each candidate beside its source passage, the resolver's suggestion and
/// reasons, and the reviewer's actions. Every action is a plain form (POST),
/// so the queue works without JavaScript; `workspace.js` adds keys.
enum QueuePages {
    static let pageSize = 10

    static func queue(_ ws: Workspace, _ w: WorkspaceRequest) async throws -> Response {
        let s = w.speaker
        let q = w.context
        let state = try q.value("state").map { v -> Candidate.State in
            guard let st = Candidate.State(rawValue: v) else { throw WebError.badRequest("state must be pending, accepted, merged or rejected") }
            return st
        } ?? .pending
        let all = try await ws.store.candidates(state: state, limit: 5000)
        let sourceFilter = q.value("source")
        let shown = sourceFilter.map { f in all.filter { $0.source.rawValue == f } } ?? all
        let pages = max(1, (shown.count + pageSize - 1) / pageSize)
        let page = min(max(1, Int(q.value("page") ?? "1") ?? 1), pages)
        let slice = Array(shown.dropFirst((page - 1) * pageSize).prefix(pageSize))
        var sources: [Source.ID: Source] = [:]
        for id in Set(all.map(\.source)) { sources[id] = try await ws.store.source(id: id) }
        var names: [Person.ID: String] = [:]
        for c in slice {
            for id in [c.suggestion?.person, c.person].compactMap({ $0 }) where names[id] == nil {
                names[id] = try await ws.store.person(id: id)?.displayName
            }
        }
        let done = try await q.value("done").asyncMap { try await ws.store.candidate(id: Candidate.ID(rawValue: $0)) } ?? nil
        let doneNotice = try await done.asyncMap { try await Notice.of($0, ws) }
        let back = "/workspace/queue" + URLEncoding.query([("state", state == .pending ? nil : state.rawValue), ("source", sourceFilter),
                                                           ("page", page > 1 ? String(page) : nil)])

        let bytes = WorkspaceLayout.page(s("ws.queue.title"), w, .queue) { h in
            h.element("h1", s("ws.queue.title"))
            if let done, let doneNotice { Notice.render(&h, doneNotice, done, w, back: back) }
            h.element("p", ["class": "lead"], state == .pending ? s.format("ws.queue.count", String(shown.count))
                                                                 : s.format("ws.queue.count_state", String(shown.count), s("ws.state." + state.rawValue)))
            // Filters: a GET form, so the address is the permanent link.
            h.open("form", ["class": "filters", "method": "get", "action": "/workspace/queue"])
            h.raw("<fieldset>")
            h.element("legend", ["class": "visually-hidden"], s("filters.title"))
            h.raw("<div class=\"field\">")
            WorkspaceLayout.select(&h, s("ws.queue.state"), name: "state",
                                   options: Candidate.State.allCases.map { ($0.rawValue, s("ws.state." + $0.rawValue)) }, selected: state.rawValue)
            h.raw("</div><div class=\"field\">")
            let counted = Dictionary(grouping: all, by: \.source).map { ($0.key, $0.value.count) }.sorted { $0.0.rawValue < $1.0.rawValue }
            WorkspaceLayout.select(&h, s("ws.queue.source"), name: "source",
                                   options: [("", s("filters.any"))] + counted.map { id, n in
                                       (id.rawValue, "\(sources[id]?.title ?? id.rawValue) (\(n))")
                                   }, selected: sourceFilter ?? "")
            h.raw("</div>")
            h.element("button", ["type": "submit"], s("filters.apply"))
            h.raw("</fieldset></form>")
            shortcutsHelp(&h, s)
            if slice.isEmpty { h.element("p", s("ws.queue.empty")) }
            for c in slice {
                card(&h, c, source: sources[c.source], names: names, w: w, back: back, detail: false)
            }
            if pages > 1 {
                h.open("nav", ["class": "pages", "aria-label": s("pages.label")])
                func link(_ p: Int, _ label: String) {
                    h.link("/workspace/queue" + URLEncoding.query([("state", state == .pending ? nil : state.rawValue),
                                                                  ("source", sourceFilter), ("page", String(p))]), label)
                }
                if page > 1 { link(page - 1, s("pages.previous")) }
                h.element("span", s.format("pages.of", String(page), String(pages)))
                if page < pages { link(page + 1, s("pages.next")) }
                h.close("nav")
            }
        }
        return Workspace.html(bytes, w)
    }

    /// One candidate: the card, then correcting its fields, merging with a
    /// search, and the decisions taken on it.
    static func candidate(_ ws: Workspace, _ w: WorkspaceRequest, id: String, corrections: FormData? = nil, error: String? = nil,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        guard var c = try await ws.store.candidate(id: Candidate.ID(rawValue: id)) else { throw WebError.notFound(s("ws.candidate.one")) }
        let source = try await ws.store.source(id: c.source)
        if c.state == .pending { c.suggestion = try await ws.review().suggest(c) }
        var names: [Person.ID: String] = [:]
        for pid in [c.suggestion?.person, c.person].compactMap({ $0 }) { names[pid] = try await ws.store.person(id: pid)?.displayName }
        let query = w.context.value("q") ?? c.payload.name
        let found = c.state == .pending ? try await ws.store.persons(named: String(query.prefix(200)), limit: 10) : []
        let decisions = try await ws.store.decisions(about: [c.id.rawValue]).sorted { $0.at > $1.at }
        let here = "/workspace/candidates/" + URLEncoding.component(c.id.rawValue)
        let title = s.format("ws.candidate.title", c.payload.name)

        let bytes = WorkspaceLayout.page(title, w, .queue, error: error) { h in
            h.open("p", ["class": "crumbs"]); h.link("/workspace/queue", s("ws.queue.title")); h.close("p")
            card(&h, c, source: source, names: names, w: w, back: here, detail: true)
            guard c.state == .pending, w.may(.review) else { return }

            h.open("section", ["id": "correct", "aria-labelledby": "correct-h"])
            h.element("h2", ["id": "correct-h"], s("ws.correct.title"))
            h.element("p", ["class": "note"], s("ws.correct.lead"))
            correctForm(&h, c, values: corrections, w: w, action: here + "/correct")
            h.close("section")

            h.open("section", ["id": "merge", "aria-labelledby": "merge-h"])
            h.element("h2", ["id": "merge-h"], s("ws.merge.title"))
            h.open("form", ["class": "search-big", "method": "get", "action": here + "#merge", "role": "search"])
            h.element("label", ["for": "merge-q"], s("ws.merge.search"))
            h.open("input", ["id": "merge-q", "name": "q", "type": "search", "value": query, "data-shortcut-focus": "m"])
            h.element("button", ["type": "submit"], s("search.button"))
            h.close("form")
            if found.isEmpty { h.element("p", s("ws.merge.none")) }
            if !found.isEmpty {
                h.raw("<table class=\"matches\"><thead><tr>")
                h.element("th", s("col.name")); h.element("th", s("col.status")); h.element("th", ["class": "visually-hidden"], s("ws.actions"))
                h.raw("</tr></thead><tbody>")
                for p in found {
                    h.raw("<tr><td>")
                    h.link("/workspace/persons/" + URLEncoding.component(p.id.rawValue), p.displayName)
                    if let cyr = p.cyrillicName, cyr != p.displayName { h.raw(" "); h.element("span", ["class": "alt"], cyr) }
                    h.raw(" "); h.element("code", p.id.rawValue)
                    h.raw("</td><td>")
                    h.text(p.statuses.current().map { s.status($0) } ?? "")
                    h.raw("</td><td class=\"actions\">")
                    WorkspaceLayout.button(&h, w, action: here + "/merge", label: s("ws.action.merge_into"),
                                           fields: [("person", p.id.rawValue), ("back", here)])
                    WorkspaceLayout.button(&h, w, action: here + "/not-same", label: s("ws.action.not_same"),
                                           fields: [("person", p.id.rawValue), ("back", here)], secondary: true)
                    h.raw("</td></tr>")
                }
                h.raw("</tbody></table>")
            }
            h.close("section")

            if !decisions.isEmpty {
                h.open("section", ["aria-labelledby": "history-h"])
                h.element("h2", ["id": "history-h"], s("ws.history.title"))
                h.raw("<ol class=\"history\">")
                for d in decisions {
                    h.raw("<li>")
                    h.element("time", ISO8601DateFormatter().string(from: d.at))
                    h.text(" " + s("ws.verdict." + d.verdict.rawValue) + " · " + d.actor)
                    if let o = d.object { h.text(" · " + o) }
                    if let r = d.reason { h.text(" · " + r) }
                    if d.revokedAt != nil { h.text(" · " + s("ws.history.undone")) }
                    h.raw("</li>")
                }
                h.raw("</ol>")
                h.close("section")
            }
        }
        return Workspace.html(bytes, w, status: status)
    }

    // MARK: - Parts

    /// A candidate beside its source passage, with its actions.
    static func card(_ h: inout HTML, _ c: Candidate, source: Source?, names: [Person.ID: String], w: WorkspaceRequest,
                     back: String, detail: Bool) {
        let s = w.speaker
        let p = c.payload
        let here = "/workspace/candidates/" + URLEncoding.component(c.id.rawValue)
        h.open("article", ["class": "candidate", "id": "c-" + c.id.rawValue, "tabindex": "-1", "aria-labelledby": "h-" + c.id.rawValue])
        h.raw("<div class=\"fields\">")
        h.open("h2", ["id": "h-" + c.id.rawValue])
        if detail { h.element("span", ["class": "candidate-name"], p.name) } else {
            h.element("a", ["href": here, "class": "candidate-name"], p.name)
        }
        h.close("h2")
        h.raw("<dl class=\"facts\">")
        func row(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            h.raw("<div>"); h.element("dt", label); h.element("dd", value); h.raw("</div>")
        }
        row(s("ws.field.role"), s("ws.role." + p.role.rawValue))
        row(s("person.status"), s.status(p.status))
        row(s("ws.field.political_prisoner"), p.politicalPrisoner.map { s($0 ? "ws.yes" : "ws.no") })
        row(s("col.charges"), p.charges.map { s.article(code: $0.code, article: $0.article, part: $0.part) }.joined(separator: "; "))
        row(s("person.sentence"), p.sentence.map { s.sentence($0) })
        row(s("ws.field.detained_on"), p.detainedOn?.description)
        row(s("ws.field.convicted_on"), p.convictedOn?.description)
        row(s("ws.field.list_entry"), [p.listSection, p.listNumber.map { "№ \($0)" }].compactMap { $0 }.joined(separator: " · "))
        row(s("ws.field.state"), s("ws.state." + c.state.rawValue)
            + (c.decidedBy.map { " · " + $0 } ?? ""))
        h.raw("</dl>")
        if let person = c.person {
            h.open("p", ["class": "linked"])
            h.text(s("ws.candidate.person") + " ")
            h.link("/workspace/persons/" + URLEncoding.component(person.rawValue), names[person] ?? person.rawValue)
            h.close("p")
        }
        if c.state == .pending {
            if let sug = c.suggestion {
                h.open("div", ["class": "suggestion"])
                h.open("p")
                h.text(s("ws.suggestion.label") + " ")
                h.link("/workspace/persons/" + URLEncoding.component(sug.person.rawValue), names[sug.person] ?? sug.person.rawValue)
                h.text(" · " + s.format("ws.suggestion.score", String(format: "%.2f", sug.score)))
                h.close("p")
                if !sug.reasons.isEmpty {
                    h.raw("<ul class=\"reasons\">")
                    for r in sug.reasons { h.element("li", r) }
                    h.raw("</ul>")
                }
                h.close("div")
            } else {
                h.element("p", ["class": "suggestion none"], s("ws.suggestion.none"))
            }
        }
        actions(&h, c, names: names, w: w, back: back, detail: detail)
        h.raw("</div>")
        h.raw("<div class=\"source\">")
        h.open("p", ["class": "source-title"])
        h.text(s("ws.candidate.source") + " ")
        h.link("/workspace/sources/" + URLEncoding.component(c.source.rawValue) + "?candidate=" + URLEncoding.component(c.id.rawValue),
               source?.title ?? c.source.rawValue)
        h.close("p")
        Passage.render(&h, text: source?.text, spans: Passage.spans(of: c), context: detail ? 600 : 240, limit: detail ? 8 : 3, s: s)
        h.raw("</div>")
        h.close("article")
    }

    static func actions(_ h: inout HTML, _ c: Candidate, names: [Person.ID: String], w: WorkspaceRequest, back: String, detail: Bool) {
        let s = w.speaker
        guard w.may(.review) else {
            h.element("p", ["class": "note"], s("ws.queue.read_only"))
            return
        }
        let here = "/workspace/candidates/" + URLEncoding.component(c.id.rawValue)
        h.open("div", ["class": "actions"])
        if c.state != .pending {
            WorkspaceLayout.button(&h, w, action: here + "/undo", label: s("ws.action.undo"), fields: [("back", back)], formClass: "undo",
                                   shortcut: "u")
            h.close("div")
            return
        }
        let strong = c.suggestion.map { $0.score >= 0.85 } ?? false
        let suggested = c.suggestion.map { names[$0.person] ?? $0.person.rawValue }
        if strong, let suggested {
            WorkspaceLayout.button(&h, w, action: here + "/accept", label: s.format("ws.action.accept_into", suggested),
                                   fields: [("back", back)], formClass: "accept", shortcut: "a")
            WorkspaceLayout.button(&h, w, action: here + "/accept", label: s("ws.action.accept_new"),
                                   fields: [("new", "1"), ("back", back)], formClass: "accept-new", secondary: true)
        } else {
            WorkspaceLayout.button(&h, w, action: here + "/accept", label: s("ws.action.accept"),
                                   fields: [("new", "1"), ("back", back)], formClass: "accept", shortcut: "a")
            if let sug = c.suggestion, let suggested {
                WorkspaceLayout.button(&h, w, action: here + "/merge", label: s.format("ws.action.merge_into_named", suggested),
                                       fields: [("person", sug.person.rawValue), ("back", back)], formClass: "merge", secondary: true)
            }
        }
        if let sug = c.suggestion, let suggested {
            WorkspaceLayout.button(&h, w, action: here + "/not-same", label: s.format("ws.action.not_same_named", suggested),
                                   fields: [("person", sug.person.rawValue), ("back", back)], formClass: "not-same", shortcut: "n", secondary: true)
        }
        if !detail {
            h.open("a", ["class": "button secondary", "href": here + "#correct", "data-shortcut": "e"])
            h.text(s("ws.action.correct")); h.raw(" "); h.element("kbd", "e")
            h.close("a")
            h.open("a", ["class": "button secondary", "href": here + "#merge", "data-shortcut": "m"])
            h.text(s("ws.action.merge")); h.raw(" "); h.element("kbd", "m")
            h.close("a")
        }
        h.open("form", ["method": "post", "action": here + "/reject", "class": "reject"])
        WorkspaceLayout.csrf(&h, w)
        h.open("input", ["type": "hidden", "name": "back", "value": back])
        let rid = "reason-" + c.id.rawValue
        h.element("label", ["for": rid, "class": "visually-hidden"], s("ws.reject.reason"))
        h.open("input", ["id": rid, "name": "reason", "type": "text", "placeholder": s("ws.reject.reason")])
        h.open("button", ["type": "submit", "class": "danger", "data-shortcut": "r"])
        h.text(s("ws.action.reject")); h.raw(" "); h.element("kbd", "r")
        h.close("button")
        h.close("form")
        h.close("div")
    }

    /// Correct the extracted fields, then accept (as a new person, or into the suggested one).
    static func correctForm(_ h: inout HTML, _ c: Candidate, values: FormData?, w: WorkspaceRequest, action: String) {
        let s = w.speaker
        let p = c.payload
        func v(_ name: String, _ fallback: String?) -> String? { values.map { $0[name] ?? "" } ?? fallback }
        h.open("form", ["class": "stack correct", "method": "post", "action": action])
        WorkspaceLayout.csrf(&h, w)
        WorkspaceLayout.field(&h, s("col.name"), name: "name", value: v("name", p.name), required: true)
        WorkspaceLayout.select(&h, s("ws.field.role"), name: "role", options: PersonRole.allCases.map { ($0.rawValue, s("ws.role." + $0.rawValue)) },
                               selected: v("role", p.role.rawValue))
        WorkspaceLayout.select(&h, s("person.status"), name: "status", options: PersonStatus.allCases.map { ($0.rawValue, s.status($0)) },
                               selected: v("status", p.status.rawValue))
        WorkspaceLayout.select(&h, s("ws.field.political_prisoner"), name: "political_prisoner",
                               options: [("", s("ws.unknown")), ("yes", s("ws.yes")), ("no", s("ws.no"))],
                               selected: v("political_prisoner", p.politicalPrisoner.map { $0 ? "yes" : "no" } ?? ""))
        let code = p.charges.first?.code ?? "KZ-CC-2014"
        WorkspaceLayout.select(&h, s("ws.field.code"), name: "code", options: w.speaker.vocabulary.codes.map { ($0.id, s.codeName($0.id)) },
                               selected: v("code", code))
        WorkspaceLayout.textarea(&h, s("col.charges"), name: "charges",
                                 value: v("charges", p.charges.map { $0.article + ($0.part.map { "(\($0))" } ?? "") }.joined(separator: "\n")))
        h.element("span", ["class": "hint"], s("ws.field.charges_hint"))
        WorkspaceLayout.select(&h, s("ws.field.sentence_kind"), name: "sentence_kind",
                               options: [("", s("ws.none"))] + Sentence.Kind.allCases.map { ($0.rawValue, s("sentence." + $0.rawValue)) },
                               selected: v("sentence_kind", p.sentence?.kind.rawValue ?? ""))
        WorkspaceLayout.field(&h, s("ws.field.sentence_months"), name: "sentence_months", value: v("sentence_months", p.sentence?.months.map(String.init)),
                              type: "number")
        WorkspaceLayout.field(&h, s("ws.field.detained_on"), name: "detained_on", value: v("detained_on", p.detainedOn?.isoString),
                              hint: s("ws.field.date_hint"))
        WorkspaceLayout.field(&h, s("ws.field.convicted_on"), name: "convicted_on", value: v("convicted_on", p.convictedOn?.isoString),
                              hint: s("ws.field.date_hint"))
        WorkspaceLayout.field(&h, s("ws.field.list_section"), name: "list_section", value: v("list_section", p.listSection))
        WorkspaceLayout.field(&h, s("ws.field.list_number"), name: "list_number", value: v("list_number", p.listNumber.map(String.init)),
                              type: "number")
        WorkspaceLayout.field(&h, s("ws.field.reason"), name: "reason", value: v("reason", nil))
        if let sug = c.suggestion {
            WorkspaceLayout.select(&h, s("ws.correct.into"), name: "into",
                                   options: [("new", s("ws.correct.into_new")), (sug.person.rawValue, s.format("ws.correct.into_person", sug.person.rawValue))],
                                   selected: v("into", "new"))
        }
        h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.correct.submit")) })
        h.close("form")
    }

    static func shortcutsHelp(_ h: inout HTML, _ s: Speaker) {
        h.open("details", ["class": "shortcuts"])
        h.element("summary", s("ws.keys.title"))
        h.raw("<dl class=\"facts\">")
        for (key, label) in [("j / k", "ws.keys.move"), ("a", "ws.keys.accept"), ("e", "ws.keys.correct"), ("m", "ws.keys.merge"),
                             ("n", "ws.keys.not_same"), ("r", "ws.keys.reject"), ("u", "ws.keys.undo"), ("?", "ws.keys.help")] {
            h.raw("<div><dt>"); h.element("kbd", key); h.raw("</dt>"); h.element("dd", s(label)); h.raw("</div>")
        }
        h.raw("</dl>")
        h.element("p", ["class": "note"], s("ws.keys.note"))
        h.close("details")
    }
}

/// What just happened to a candidate, told at the top of the queue with an undo button.
enum Notice {
    struct Info {
        var person: Person.ID?
        var personName: String?
        var isPublic: Bool
        var list: PersonList.ID?
    }

    static func of(_ c: Candidate, _ ws: Workspace) async throws -> Info {
        guard let pid = c.person else { return Info(isPublic: false) }
        let name = try await ws.store.person(id: pid)?.displayName
        let isPublic = try await ws.web.site.publicName(pid) != nil
        var list: PersonList.ID?
        if let source = try await ws.store.source(id: c.source) { list = try await ws.review().listFor(source)?.list.id }
        return Info(person: pid, personName: name, isPublic: isPublic, list: list)
    }

    static func render(_ h: inout HTML, _ info: Info, _ c: Candidate, _ w: WorkspaceRequest, back: String) {
        let s = w.speaker
        h.open("div", ["class": "flash", "role": "status"])
        h.open("p")
        switch c.state {
        case .accepted, .merged:
            h.text(s.format(c.state == .accepted ? "ws.notice.accepted" : "ws.notice.merged", c.payload.name) + " ")
            if let pid = info.person {
                h.link("/workspace/persons/" + URLEncoding.component(pid.rawValue), info.personName ?? pid.rawValue)
            }
            if info.isPublic, let pid = info.person {
                h.text(" · ")
                h.link("/persons/" + URLEncoding.component(pid.rawValue), s("ws.notice.public_page"))
                if let list = info.list, c.payload.listNumber != nil {
                    h.text(" · ")
                    h.link("/prisoners" + URLEncoding.query([("list", list.rawValue), ("sort", "name")]), s("ws.notice.public_list"))
                }
            }
        case .rejected: h.text(s.format("ws.notice.rejected", c.payload.name))
        case .pending: h.text(s.format("ws.notice.pending", c.payload.name))
        }
        h.close("p")
        if c.state != .pending {
            WorkspaceLayout.button(&h, w, action: "/workspace/candidates/" + URLEncoding.component(c.id.rawValue) + "/undo",
                                   label: s("ws.action.undo"), fields: [("back", back)], formClass: "undo", shortcut: "u")
        }
        h.close("div")
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let v): try await transform(v)
        case .none: nil
        }
    }
}
