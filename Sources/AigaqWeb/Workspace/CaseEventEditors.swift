import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird

/// `/workspace/cases/{id}`: charges, sentences and trial facts; and
/// `/workspace/events/{id}`: an event's type, dates, place, summary and
/// whether it is reviewed for publication. Versioned and cited like persons.
enum CaseEditor {
    static func page(_ ws: Workspace, _ w: WorkspaceRequest, id: String, values: FormData? = nil, error: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        guard case .case(let c)? = try await find(ws, id) else { throw WebError.notFound(s("ws.case.one")) }
        let here = "/workspace/cases/" + URLEncoding.component(c.id.rawValue)
        var names: [Person.ID: String] = [:]
        for pid in Set(c.participants.map(\.person)) { names[pid] = try await ws.store.person(id: pid)?.displayName ?? pid.rawValue }
        let sources = try await RecordEditing.citedSources(c.citations + c.charges.flatMap(\.citations) + c.sentences.flatMap(\.citations),
                                                           store: ws.store)
        let canEdit = w.may(.edit)
        let notice = w.context.value("notice") == "saved" ? s.format("ws.edit.saved", String(c.version)) : nil
        let title = s("case." + c.kind.rawValue) + (c.number.map { " " + $0 } ?? "")
        let people = c.participants.map { ($0.person.rawValue, names[$0.person] ?? $0.person.rawValue) }

        let bytes = WorkspaceLayout.page(title, w, .records, notice: notice, error: error) { h in
            h.open("p", ["class": "crumbs"])
            for p in c.participants { h.link("/workspace/persons/" + URLEncoding.component(p.person.rawValue), names[p.person] ?? p.person.rawValue); h.raw(" ") }
            h.close("p")
            h.element("h1", title)
            h.raw("<dl class=\"facts\">")
            func row(_ label: String, _ value: String) { h.raw("<div>"); h.element("dt", label); h.element("dd", value); h.raw("</div>") }
            row(s("ws.field.id"), c.id.rawValue)
            row(s("ws.field.version"), String(c.version))
            row(s("ws.field.confidentiality"), s("ws.conf." + c.confidentiality.rawValue))
            if let closed = c.closedTrial { row(s("ws.case.closed_trial"), s(closed ? "ws.yes" : "ws.no")) }
            h.raw("</dl>")
            if c.id.rawValue.hasPrefix("case-") { h.element("p", ["class": "note"], s("ws.case.derived_note")) }

            h.element("h2", s("person.charges"))
            h.raw("<table><thead><tr>")
            for k in ["col.name", "col.article", "ws.field.citations"] { h.element("th", s(k)) }
            if canEdit { h.element("th", ["class": "visually-hidden"], s("ws.actions")) }
            h.raw("</tr></thead><tbody>")
            for (i, ch) in c.charges.enumerated() {
                h.raw("<tr><td>"); h.text(names[ch.person] ?? ch.person.rawValue)
                h.raw("</td><td>"); h.text(s.article(code: ch.code, article: ch.article, part: ch.part))
                h.raw("</td><td>"); Citing.links(&h, ch.citations); h.raw("</td>")
                if canEdit { removeCell(&h, w, here, "charge", i, c.version, sources, values) }
                h.raw("</tr>")
            }
            h.raw("</tbody></table>")
            h.element("h2", s("person.sentence"))
            h.raw("<table><thead><tr>")
            for k in ["col.name", "person.sentence", "col.date", "ws.field.citations"] { h.element("th", s(k)) }
            if canEdit { h.element("th", ["class": "visually-hidden"], s("ws.actions")) }
            h.raw("</tr></thead><tbody>")
            for (i, sr) in c.sentences.enumerated() {
                h.raw("<tr><td>"); h.text(names[sr.person] ?? sr.person.rawValue)
                h.raw("</td><td>"); h.text(s.sentence(sr.sentence))
                h.raw("</td><td>"); h.text(sr.date?.description ?? "")
                h.raw("</td><td>"); Citing.links(&h, sr.citations); h.raw("</td>")
                if canEdit { removeCell(&h, w, here, "sentence", i, c.version, sources, values) }
                h.raw("</tr>")
            }
            h.raw("</tbody></table>")
            guard canEdit else { return }

            let vc = RecordEditing.values(values, "add-charge")
            h.element("h2", s("ws.case.add_charge"))
            h.open("form", ["class": "stack", "method": "post", "action": here + "/charges"])
            RecordEditing.hidden(&h, w, formID: "add-charge", version: c.version)
            WorkspaceLayout.select(&h, s("col.name"), name: "person", options: people, selected: vc?["person"], id: "charge-person")
            WorkspaceLayout.select(&h, s("ws.field.code"), name: "code", options: w.speaker.vocabulary.codes.map { ($0.id, s.codeName($0.id)) },
                                   selected: vc?["code"] ?? c.charges.first?.code ?? "KZ-CC-2014", id: "charge-code")
            WorkspaceLayout.field(&h, s("col.article"), name: "charge", value: vc?["charge"], id: "charge-article", required: true,
                                  hint: s("ws.field.charges_hint"))
            Citing.fields(&h, s, prefix: "charge", sources: sources, values: vc)
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.edit.save")) })
            h.close("form")

            let vs = RecordEditing.values(values, "add-sentence")
            h.element("h2", s("ws.case.add_sentence"))
            h.open("form", ["class": "stack", "method": "post", "action": here + "/sentences"])
            RecordEditing.hidden(&h, w, formID: "add-sentence", version: c.version)
            WorkspaceLayout.select(&h, s("col.name"), name: "person", options: people, selected: vs?["person"], id: "sentence-person")
            WorkspaceLayout.select(&h, s("ws.field.sentence_kind"), name: "sentence_kind",
                                   options: Sentence.Kind.allCases.map { ($0.rawValue, s("sentence." + $0.rawValue)) },
                                   selected: vs?["sentence_kind"], id: "sentence-kind")
            WorkspaceLayout.field(&h, s("ws.field.sentence_months"), name: "sentence_months", value: vs?["sentence_months"],
                                  id: "sentence-months", type: "number")
            WorkspaceLayout.field(&h, s("col.date"), name: "date", value: vs?["date"], id: "sentence-date", hint: s("ws.field.date_hint"))
            Citing.fields(&h, s, prefix: "sentence", sources: sources, values: vs)
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.edit.save")) })
            h.close("form")

            let vd = RecordEditing.values(values, "case")
            h.element("h2", s("ws.case.details"))
            h.open("form", ["class": "stack", "method": "post", "action": here + "/details"])
            RecordEditing.hidden(&h, w, formID: "case", version: c.version)
            WorkspaceLayout.field(&h, s("ws.case.number"), name: "number", value: vd?["number"] ?? c.number, id: "case-number")
            WorkspaceLayout.select(&h, s("ws.case.closed_trial"), name: "closed_trial",
                                   options: [("", s("ws.unknown")), ("yes", s("ws.yes")), ("no", s("ws.no"))],
                                   selected: vd?["closed_trial"] ?? c.closedTrial.map { $0 ? "yes" : "no" } ?? "", id: "case-closed")
            RecordEditing.confidentialitySelect(&h, s, selected: vd?["confidentiality"] ?? c.confidentiality.rawValue, id: "case-conf")
            Citing.fields(&h, s, prefix: "case", sources: sources, values: vd)
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.edit.save")) })
            h.close("form")
        }
        return Workspace.html(bytes, w, status: status)
    }

    static func find(_ ws: Workspace, _ id: String) async throws -> Entity? {
        // Cases are read by the persons they involve; an id names its record directly.
        let page = try await ws.store.entities(type: "case", after: predecessor(id), limit: 1)
        return page.first { $0.id == id }
    }

    /// The greatest string below `id`, so that `entities(after:)` starts at `id` itself.
    static func predecessor(_ id: String) -> String? {
        var scalars = Array(id.unicodeScalars)
        guard let last = scalars.popLast() else { return nil }
        guard last.value > 0, let before = Unicode.Scalar(last.value - 1) else { return String(String.UnicodeScalarView(scalars)) }
        return String(String.UnicodeScalarView(scalars)) + String(before) + "\u{10FFFF}"
    }

    static func removeCell(_ h: inout HTML, _ w: WorkspaceRequest, _ here: String, _ kind: String, _ index: Int, _ version: Int,
                           _ sources: [Source], _ values: FormData?) {
        let s = w.speaker
        let fid = "remove-\(kind)-\(index)"
        h.raw("<td>")
        h.open("details", ["class": "remove"])
        h.element("summary", s("ws.edit.remove"))
        h.open("form", ["class": "stack", "method": "post", "action": here + "/remove"])
        RecordEditing.hidden(&h, w, formID: fid, version: version)
        h.open("input", ["type": "hidden", "name": "kind", "value": kind])
        h.open("input", ["type": "hidden", "name": "index", "value": String(index)])
        Citing.fields(&h, s, prefix: fid, sources: sources, values: RecordEditing.values(values, fid))
        h.element("button", ["type": "submit", "class": "danger"], s("ws.edit.remove"))
        h.close("form")
        h.close("details")
        h.raw("</td>")
    }

    static func add(to router: Router<WebContext>, _ ws: Workspace) {
        router.get("/workspace/cases/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.page(request, .readInternal) { try await page(ws, $0, id: id) }
        }
        for action in ["charges", "sentences", "details", "remove"] {
            router.post(RouterPath("/workspace/cases/:id/" + action)) { request, context in
                let id = try context.parameters.require("id")
                return try await ws.form(request, .edit) { w in
                    let here = "/workspace/cases/" + URLEncoding.component(id)
                    return try await RecordEditing.run(w, ws: ws, back: here, render: { v, e, st in try await page(ws, w, id: id, values: v, error: e, status: st) }) {
                        guard case .case(var c)? = try await find(ws, id) else { throw AigaqError.notFound(what: "case \(id)") }
                        let version = try RecordEditing.version(w.form)
                        guard c.version == version else { throw AigaqError.staleEdit(entity: "case \(id)", expected: version, found: c.version) }
                        let cite = try await Citing.parse(w.form, actor: w.actor, store: ws.store)
                        let person = try w.form.value("person").map { pid -> Person.ID in
                            guard c.participants.contains(where: { $0.person.rawValue == pid }) else {
                                throw AigaqError.usage("\(pid) is not a participant of this case")
                            }
                            return Person.ID(rawValue: pid)
                        }
                        switch action {
                        case "charges":
                            guard let person else { throw AigaqError.usage("choose the person charged") }
                            let code = w.form.value("code") ?? "KZ-CC-2014"
                            guard ws.web.vocabulary.code(id: code) != nil else { throw AigaqError.usage("unknown code \(code)") }
                            guard let ref = try ReviewAction.charge(w.form.value("charge") ?? "", code: code) else {
                                throw AigaqError.usage("give the article")
                            }
                            c.charges.append(Charge(person: person, code: code, article: ref.article, part: ref.part, citations: [cite.citation]))
                        case "sentences":
                            guard let person else { throw AigaqError.usage("choose the person sentenced") }
                            guard let kind = w.form.value("sentence_kind").flatMap(Sentence.Kind.init) else { throw AigaqError.usage("choose the kind of sentence") }
                            let months = try w.form.value("sentence_months").map { m -> Int in
                                guard let v = Int(m), (0...1200).contains(v) else { throw AigaqError.usage("the sentence in months must be a number from 0 to 1200") }
                                return v
                            }
                            c.sentences.append(SentenceRecord(person: person, sentence: Sentence(kind: kind, months: months),
                                                              date: try ReviewAction.date(w.form.value("date"), "date"), citations: [cite.citation]))
                        case "details":
                            c.number = w.form.value("number").map { String($0.prefix(200)) }
                            c.closedTrial = w.form.value("closed_trial").map { $0 == "yes" }
                            c.confidentiality = try RecordEditing.confidentiality(w.form)
                            c.citations.append(cite.citation)
                        default:
                            guard let index = w.form.value("index").flatMap(Int.init), index >= 0 else { throw AigaqError.usage("which line to remove is missing") }
                            if w.form.value("kind") == "sentence" {
                                guard index < c.sentences.count else { throw AigaqError.usage("that sentence is no longer there; reload the page") }
                                c.sentences.remove(at: index)
                            } else {
                                guard index < c.charges.count else { throw AigaqError.usage("that charge is no longer there; reload the page") }
                                c.charges.remove(at: index)
                            }
                            c.citations.append(cite.citation)
                        }
                        try await Citing.store(cite, store: ws.store, actor: w.actor)
                        _ = try await ws.store.update(.case(c), expectedVersion: version, actor: w.actor)
                    }
                }
            }
        }
    }
}

enum EventEditor {
    static func find(_ ws: Workspace, _ id: String) async throws -> Event? {
        try await ws.store.events(ids: [Event.ID(rawValue: id)]).first
    }

    /// One event's page, or (with `person` and no event) the form for a new event of that person.
    static func page(_ ws: Workspace, _ w: WorkspaceRequest, id: String?, person: Person.ID? = nil, values: FormData? = nil,
                     error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        let event: Event? = try await id.asyncMap { try await find(ws, $0) } ?? nil
        if id != nil && event == nil { throw WebError.notFound(s("ws.event.one")) }
        var names: [Person.ID: String] = [:]
        let people = (event?.participants.compactMap(\.person) ?? []) + [person].compactMap { $0 }
        for pid in Set(people) { names[pid] = try await ws.store.person(id: pid)?.displayName ?? pid.rawValue }
        let sources = try await RecordEditing.citedSources(event?.citations ?? [], store: ws.store)
        let canEdit = w.may(.edit)
        let notice = w.context.value("notice") == "saved" ? s.format("ws.edit.saved", String(event?.version ?? 1)) : nil
        let title = event.map { ($0.date?.description ?? s("person.undated")) + " · " + s.eventType($0.type) } ?? s("ws.event.new")
        let action = event.map { "/workspace/events/" + URLEncoding.component($0.id.rawValue) }
            ?? "/workspace/persons/" + URLEncoding.component(person?.rawValue ?? "") + "/events"
        let v = RecordEditing.values(values, "event")

        let bytes = WorkspaceLayout.page(title, w, .records, notice: notice, error: error) { h in
            h.open("p", ["class": "crumbs"])
            for pid in people { h.link("/workspace/persons/" + URLEncoding.component(pid.rawValue), names[pid] ?? pid.rawValue); h.raw(" ") }
            h.close("p")
            h.element("h1", title)
            if let e = event {
                h.raw("<dl class=\"facts\">")
                func row(_ label: String, _ value: String) { h.raw("<div>"); h.element("dt", label); h.element("dd", value); h.raw("</div>") }
                row(s("ws.field.id"), e.id.rawValue)
                row(s("ws.field.version"), String(e.version))
                row(s("ws.field.confidentiality"), s("ws.conf." + e.confidentiality.rawValue))
                row(s("ws.event.participants"), e.participants.map { p in
                    (p.person.map { names[$0] ?? $0.rawValue } ?? p.organisation?.rawValue ?? "?") + " (" + p.role + ")"
                }.joined(separator: "; "))
                if let summary = e.summary { row(s("ws.event.summary"), RecordEditing.shown(summary, e.confidentiality, w)) }
                h.raw("</dl>")
                h.open("p"); h.text(s("ws.field.citations") + ":"); Citing.links(&h, e.citations); h.close("p")
                if e.id.rawValue.hasPrefix("ev-") { h.element("p", ["class": "note"], s("ws.event.derived_note")) }
            }
            guard canEdit else { return }
            h.open("form", ["class": "stack", "method": "post", "action": action])
            RecordEditing.hidden(&h, w, formID: "event", version: event?.version ?? 1)
            WorkspaceLayout.select(&h, s("ws.event.type"), name: "type",
                                   options: w.speaker.vocabulary.eventTypes.map { ($0.id, s.eventType($0.id)) },
                                   selected: v?["type"] ?? event?.type ?? "detention")
            WorkspaceLayout.field(&h, s("col.date"), name: "date", value: v?["date"] ?? event?.date?.isoString, hint: s("ws.field.date_hint"))
            WorkspaceLayout.field(&h, s("ws.event.end_date"), name: "end_date", value: v?["end_date"] ?? event?.endDate?.isoString)
            WorkspaceLayout.field(&h, s("ws.event.place"), name: "place", value: v?["place"] ?? event?.place)
            WorkspaceLayout.textarea(&h, s("ws.event.summary"), name: "summary", value: v?["summary"] ?? event?.summary)
            let reviewed = v.map { $0["reviewed"] == "1" } ?? event?.reviewedForPublication ?? false
            h.raw("<p class=\"check\">")
            h.open("input", ["id": "f-reviewed", "type": "checkbox", "name": "reviewed", "value": "1", "checked": reviewed ? "checked" : nil])
            h.element("label", ["for": "f-reviewed"], s("ws.event.reviewed"))
            h.raw("</p>")
            RecordEditing.confidentialitySelect(&h, s, selected: v?["confidentiality"] ?? event?.confidentiality.rawValue, id: "event-conf")
            Citing.fields(&h, s, prefix: "event", sources: sources, values: v)
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.edit.save")) })
            h.close("form")
        }
        return Workspace.html(bytes, w, status: status)
    }

    /// The form's values on an event.
    static func apply(_ e: inout Event, form: FormData, vocabulary: Vocabulary, citation: Citation) throws {
        let type = form.value("type") ?? e.type
        guard vocabulary.eventType(id: type) != nil else { throw AigaqError.usage("unknown event type \(type)") }
        e.type = type
        e.date = try ReviewAction.date(form.value("date"), "date")
        e.endDate = try ReviewAction.date(form.value("end_date"), "end date")
        e.place = form.value("place").map { String($0.prefix(300)) }
        e.summary = form.value("summary").map { String($0.prefix(5000)) }
        e.reviewedForPublication = form["reviewed"] == "1"
        e.confidentiality = try RecordEditing.confidentiality(form)
        e.citations.append(citation)
    }

    static func add(to router: Router<WebContext>, _ ws: Workspace) {
        router.get("/workspace/events/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.page(request, .readInternal) { try await page(ws, $0, id: id) }
        }
        router.get("/workspace/persons/:id/events/new") { request, context in
            let pid = try context.parameters.require("id")
            return try await ws.page(request, .edit) { w in
                guard try await ws.store.person(id: Person.ID(rawValue: pid)) != nil else { throw WebError.notFound(w.speaker("person.one")) }
                return try await page(ws, w, id: nil, person: Person.ID(rawValue: pid))
            }
        }
        router.post("/workspace/events/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.form(request, .edit) { w in
                let here = "/workspace/events/" + URLEncoding.component(id)
                return try await RecordEditing.run(w, ws: ws, back: here, render: { v, e, st in try await page(ws, w, id: id, values: v, error: e, status: st) }) {
                    guard var e = try await find(ws, id) else { throw AigaqError.notFound(what: "event \(id)") }
                    let version = try RecordEditing.version(w.form)
                    let cite = try await Citing.parse(w.form, actor: w.actor, store: ws.store)
                    try apply(&e, form: w.form, vocabulary: ws.web.vocabulary, citation: cite.citation)
                    try await Citing.store(cite, store: ws.store, actor: w.actor)
                    _ = try await ws.store.update(.event(e), expectedVersion: version, actor: w.actor)
                }
            }
        }
        // A new event of a person: its own id (`evm-…`), so deriving the person again never replaces it.
        router.post("/workspace/persons/:id/events") { request, context in
            let pid = Person.ID(rawValue: try context.parameters.require("id"))
            return try await ws.form(request, .edit) { w in
                let eid = "evm-" + pid.rawValue.dropPrefix("p-") + "-" + String(UUID().uuidString.lowercased().prefix(8))
                return try await RecordEditing.run(w, ws: ws, back: "/workspace/events/" + URLEncoding.component(eid),
                                                   render: { v, e, st in try await page(ws, w, id: nil, person: pid, values: v, error: e, status: st) }) {
                    guard try await ws.store.person(id: pid) != nil else { throw AigaqError.notFound(what: "person \(pid.rawValue)") }
                    var e = Event(id: Event.ID(rawValue: eid), type: "detention", participants: [EventParticipant(person: pid, role: "victim")])
                    let cite = try await Citing.parse(w.form, actor: w.actor, store: ws.store)
                    try apply(&e, form: w.form, vocabulary: ws.web.vocabulary, citation: cite.citation)
                    try await Citing.store(cite, store: ws.store, actor: w.actor)
                    try await ws.store.apply(delete: [], write: [.event(e)], actor: w.actor)
                }
            }
        }
    }
}
