import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird

/// Editing records. Every change is cited (a source span or a note) and
/// stored with `KnowledgeStore.update(_:expectedVersion:actor:)`: the form
/// carries the version it was made from, and an edit of an older version is
/// refused. The page then shows the current record and the form again with
/// everything the user typed, to be checked and sent again.
enum RecordEditing {
    /// Runs an edit. Success goes back to `back` with a notice; a stale edit
    /// (409) or a value that cannot be stored (422) renders the page again
    /// with what was typed.
    static func run(_ w: WorkspaceRequest, ws: Workspace, back: String,
                    render: (FormData?, String?, HTTPResponse.Status) async throws -> Response,
                    _ body: () async throws -> Void) async throws -> Response {
        do {
            try await body()
            ws.changed()
            return Workspace.redirect(back + (back.contains("?") ? "&" : "?") + "notice=saved")
        } catch AigaqError.staleEdit {
            return try await render(w.form, w.speaker("ws.edit.stale"), .conflict)
        } catch let e as AigaqError {
            switch e {
            case .usage, .badInput: return try await render(w.form, e.message, .unprocessableContent)
            default: throw e
            }
        }
    }

    /// The version a form was made from.
    static func version(_ form: FormData) throws -> Int {
        guard let v = form.value("version").flatMap(Int.init), v >= 1 else { throw AigaqError.usage("the form has no version; reload the page") }
        return v
    }

    static func confidentiality(_ form: FormData, _ name: String = "confidentiality") throws -> Confidentiality {
        let raw = form.value(name) ?? "public"
        guard let c = Confidentiality(rawValue: raw) else { throw AigaqError.usage("unknown confidentiality \(raw)") }
        return c
    }

    /// The values of the form named `id`, when the page is shown again after it failed.
    static func values(_ form: FormData?, _ id: String) -> FormData? {
        form.flatMap { $0["form_id"] == id ? $0 : nil }
    }

    static func hidden(_ h: inout HTML, _ w: WorkspaceRequest, formID: String, version: Int) {
        WorkspaceLayout.csrf(&h, w)
        h.open("input", ["type": "hidden", "name": "form_id", "value": formID])
        h.open("input", ["type": "hidden", "name": "version", "value": String(version)])
    }

    static func confidentialitySelect(_ h: inout HTML, _ s: Speaker, selected: String?, id: String) {
        WorkspaceLayout.select(&h, s("ws.field.confidentiality"), name: "confidentiality",
                               options: Confidentiality.allCases.map { ($0.rawValue, s("ws.conf." + $0.rawValue)) },
                               selected: selected ?? "public", id: id)
    }

    /// A value the caller may see: confidential ones only with `read-confidential`.
    static func shown(_ value: String, _ c: Confidentiality, _ w: WorkspaceRequest) -> String {
        c == .confidential && !w.may(.readConfidential) ? w.speaker("ws.sealed") : value
    }

    /// Sources a record cites, for the citation field's suggestions.
    static func citedSources(_ citations: [Citation], store: any KnowledgeStore) async throws -> [Source] {
        var out: [Source] = []
        for id in Set(citations.map(\.source)).sorted(by: { $0.rawValue < $1.rawValue }).prefix(30) {
            if let s = try await store.source(id: id) { out.append(s) }
        }
        return out
    }
}

/// `/workspace/records`: find a person; `/workspace/persons/{id}`: one person's facts.
enum PersonEditor {
    enum Field: String, CaseIterable {
        case name, status, region, city, birthYear = "birth_year", occupation, detention, note
    }

    static func list(_ ws: Workspace, _ w: WorkspaceRequest) async throws -> Response {
        let s = w.speaker
        let q = w.context.value("q")
        let after = w.context.value("after")
        var persons: [Person] = []
        var next: String?
        if let q {
            persons = try await ws.store.persons(named: String(q.prefix(200)), limit: 50)
        } else {
            let page = try await ws.store.entities(type: "person", after: after, limit: 50)
            for case .person(let p) in page { persons.append(p) }
            next = page.count == 50 ? page.last?.id : nil
        }
        let bytes = WorkspaceLayout.page(s("ws.records.title"), w, .records) { h in
            h.element("h1", s("ws.records.title"))
            h.open("form", ["class": "search-big", "method": "get", "action": "/workspace/records", "role": "search"])
            h.element("label", ["for": "records-q"], s("ws.records.search"))
            h.open("input", ["id": "records-q", "name": "q", "type": "search", "value": q])
            h.element("button", ["type": "submit"], s("search.button"))
            h.close("form")
            if persons.isEmpty { h.element("p", s("ws.records.none")) }
            h.raw("<table class=\"records\"><thead><tr>")
            for k in ["col.name", "ws.field.id", "col.status", "ws.field.confidentiality", "ws.field.version"] { h.element("th", s(k)) }
            h.raw("</tr></thead><tbody>")
            for p in persons {
                h.raw("<tr><td>")
                h.link("/workspace/persons/" + URLEncoding.component(p.id.rawValue), p.displayName)
                if let c = p.cyrillicName, c != p.displayName { h.raw(" "); h.element("span", ["class": "alt"], c) }
                h.raw("</td><td>"); h.element("code", p.id.rawValue)
                h.raw("</td><td>"); h.text(p.statuses.current().map { s.status($0) } ?? "")
                h.raw("</td><td>"); h.text(s("ws.conf." + p.confidentiality.rawValue))
                h.raw("</td><td>"); h.text(p.version)
                h.raw("</td></tr>")
            }
            h.raw("</tbody></table>")
            if let next {
                h.open("nav", ["class": "pages", "aria-label": s("pages.label")])
                h.link("/workspace/records" + URLEncoding.query([("after", next)]), s("pages.next"))
                h.close("nav")
            }
        }
        return Workspace.html(bytes, w)
    }

    static func page(_ ws: Workspace, _ w: WorkspaceRequest, id: String, values: FormData? = nil, error: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        guard let p = try await ws.store.person(id: Person.ID(rawValue: id)) else { throw WebError.notFound(s("person.one")) }
        let cases = try await ws.store.cases(involving: p.id)
        let events = try await ws.store.events(involving: p.id).sorted { ($0.date?.sortKey ?? 0) < ($1.date?.sortKey ?? 0) }
        let assessments = try await ws.store.assessments(of: p.id).sorted { $0.date.sortKey > $1.date.sortKey }
        let linked = try await ws.store.candidates(person: p.id)
        let isPublic = try await ws.web.site.publicName(p.id) != nil
        var allCitations = p.citations + p.names.flatMap(\.citations)
        for f in facts(p) { allCitations += f.citations }
        let sources = try await RecordEditing.citedSources(allCitations, store: ws.store)
        let here = "/workspace/persons/" + URLEncoding.component(p.id.rawValue)
        let canEdit = w.may(.edit)
        let notice = w.context.value("notice") == "saved" ? s.format("ws.edit.saved", String(p.version)) : nil

        let bytes = WorkspaceLayout.page(p.displayName, w, .records, notice: notice, error: error) { h in
            h.open("p", ["class": "crumbs"]); h.link("/workspace/records", s("ws.records.title")); h.close("p")
            h.element("h1", p.displayName)
            h.raw("<dl class=\"facts\">")
            func row(_ label: String, _ value: String) { h.raw("<div>"); h.element("dt", label); h.element("dd", value); h.raw("</div>") }
            row(s("ws.field.id"), p.id.rawValue)
            row(s("ws.field.version"), String(p.version))
            row(s("ws.field.role"), s("ws.role." + p.role.rawValue))
            row(s("ws.field.confidentiality"), s("ws.conf." + p.confidentiality.rawValue))
            h.raw("</dl>")
            if isPublic {
                h.open("p"); h.link("/persons/" + URLEncoding.component(p.id.rawValue), s("ws.notice.public_page")); h.close("p")
            } else {
                h.element("p", ["class": "note"], s("ws.person.not_public"))
            }

            h.open("section", ["aria-labelledby": "facts-h"])
            h.element("h2", ["id": "facts-h"], s("ws.person.facts"))
            h.element("p", ["class": "note"], s("ws.person.derived_note"))
            h.raw("<table class=\"facts-table\"><thead><tr>")
            for k in ["ws.field.field", "ws.field.value", "ws.field.as_of", "ws.field.confidentiality", "ws.field.citations"] { h.element("th", s(k)) }
            if canEdit { h.element("th", ["class": "visually-hidden"], s("ws.actions")) }
            h.raw("</tr></thead><tbody>")
            for f in facts(p) {
                h.raw("<tr><td>"); h.text(s("ws.pfield." + f.field.rawValue))
                h.raw("</td><td>"); h.text(RecordEditing.shown(f.label(s), f.confidentiality, w))
                h.raw("</td><td>"); h.text(f.asOf?.description ?? "")
                h.raw("</td><td>"); h.text(s("ws.conf." + f.confidentiality.rawValue))
                h.raw("</td><td>"); Citing.links(&h, f.citations)
                h.raw("</td>")
                if canEdit {
                    h.raw("<td>")
                    h.open("details", ["class": "remove"])
                    h.element("summary", s("ws.edit.remove"))
                    let fid = "remove-\(f.field.rawValue)-\(f.index)"
                    h.open("form", ["class": "stack", "method": "post", "action": here + "/remove"])
                    RecordEditing.hidden(&h, w, formID: fid, version: p.version)
                    h.open("input", ["type": "hidden", "name": "field", "value": f.field.rawValue])
                    h.open("input", ["type": "hidden", "name": "index", "value": String(f.index)])
                    Citing.fields(&h, s, prefix: fid, sources: sources, values: RecordEditing.values(values, fid))
                    h.element("button", ["type": "submit", "class": "danger"], s("ws.edit.remove"))
                    h.close("form")
                    h.close("details")
                    h.raw("</td>")
                }
                h.raw("</tr>")
            }
            h.raw("</tbody></table>")
            h.close("section")

            if canEdit {
                let v = RecordEditing.values(values, "add-fact")
                h.open("section", ["id": "add", "aria-labelledby": "add-h"])
                h.element("h2", ["id": "add-h"], s("ws.person.add_fact"))
                h.open("form", ["class": "stack", "method": "post", "action": here + "/facts"])
                RecordEditing.hidden(&h, w, formID: "add-fact", version: p.version)
                WorkspaceLayout.select(&h, s("ws.field.field"), name: "field",
                                       options: Field.allCases.map { ($0.rawValue, s("ws.pfield." + $0.rawValue)) }, selected: v?["field"])
                WorkspaceLayout.field(&h, s("ws.field.value"), name: "value", value: v?["value"], hint: s("ws.person.value_hint"))
                WorkspaceLayout.select(&h, s("ws.field.name_kind"), name: "name_kind",
                                       options: PersonName.Kind.allCases.map { ($0.rawValue, s("ws.name_kind." + $0.rawValue)) },
                                       selected: v?["name_kind"] ?? "variant")
                WorkspaceLayout.field(&h, s("ws.field.as_of"), name: "as_of", value: v?["as_of"], hint: s("ws.field.date_hint"))
                RecordEditing.confidentialitySelect(&h, s, selected: v?["confidentiality"], id: "add-conf")
                Citing.fields(&h, s, prefix: "add", sources: sources, values: v)
                h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.edit.save")) })
                h.close("form")
                h.close("section")

                let r = RecordEditing.values(values, "record")
                h.open("section", ["id": "record", "aria-labelledby": "record-h"])
                h.element("h2", ["id": "record-h"], s("ws.person.record"))
                h.open("form", ["class": "stack", "method": "post", "action": here + "/record"])
                RecordEditing.hidden(&h, w, formID: "record", version: p.version)
                WorkspaceLayout.select(&h, s("ws.field.role"), name: "role", options: PersonRole.allCases.map { ($0.rawValue, s("ws.role." + $0.rawValue)) },
                                       selected: r?["role"] ?? p.role.rawValue, id: "record-role")
                WorkspaceLayout.select(&h, s("person.gender"), name: "gender",
                                       options: [("", s("ws.unknown")), ("male", s("gender.male")), ("female", s("gender.female"))],
                                       selected: r?["gender"] ?? p.gender ?? "", id: "record-gender")
                RecordEditing.confidentialitySelect(&h, s, selected: r?["confidentiality"] ?? p.confidentiality.rawValue, id: "record-conf")
                Citing.fields(&h, s, prefix: "record", sources: sources, values: r)
                h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.edit.save")) })
                h.close("form")
                h.close("section")
            }

            h.open("section", ["aria-labelledby": "cases-h"])
            h.element("h2", ["id": "cases-h"], s("ws.person.cases"))
            h.raw("<ul>")
            for c in cases {
                h.raw("<li>")
                h.link("/workspace/cases/" + URLEncoding.component(c.id.rawValue), s("case." + c.kind.rawValue) + (c.number.map { " " + $0 } ?? ""))
                h.text(" · " + c.charges.filter { $0.person == p.id }.map { s.article(code: $0.code, article: $0.article, part: $0.part) }
                    .joined(separator: "; "))
                h.raw("</li>")
            }
            h.raw("</ul>")
            if cases.isEmpty { h.element("p", s("person.no_charges")) }
            h.close("section")

            h.open("section", ["aria-labelledby": "events-h"])
            h.element("h2", ["id": "events-h"], s("person.timeline"))
            h.raw("<ul>")
            for e in events {
                h.raw("<li>")
                h.link("/workspace/events/" + URLEncoding.component(e.id.rawValue), (e.date?.description ?? s("person.undated")) + " · " + s.eventType(e.type))
                if e.confidentiality != .public { h.text(" · " + s("ws.conf." + e.confidentiality.rawValue)) }
                h.raw("</li>")
            }
            h.raw("</ul>")
            if canEdit { h.open("p"); h.link(here + "/events/new", s("ws.event.new")); h.close("p") }
            h.close("section")

            h.open("section", ["aria-labelledby": "assess-h"])
            h.element("h2", ["id": "assess-h"], s("person.assessment"))
            let superseded = Set(assessments.compactMap(\.supersedes))
            h.raw("<ul>")
            for a in assessments {
                h.raw("<li>")
                h.link("/workspace/assessments/" + URLEncoding.component(a.id.rawValue), s.decision(a.decision.rawValue) + " · " + a.date.description
                       + " · " + a.assessor)
                if superseded.contains(a.id) { h.text(" · " + s("ws.assessment.superseded")) }
                h.raw("</li>")
            }
            h.raw("</ul>")
            if canEdit { h.open("p"); h.link(here + "/assessments/new", s("ws.assessment.new")); h.close("p") }
            h.close("section")

            if !linked.isEmpty {
                h.open("section", ["aria-labelledby": "cands-h"])
                h.element("h2", ["id": "cands-h"], s("ws.person.candidates"))
                h.raw("<ul>")
                for c in linked {
                    h.raw("<li>")
                    h.link("/workspace/candidates/" + URLEncoding.component(c.id.rawValue), c.payload.name + " · " + c.source.rawValue)
                    h.text(" · " + s("ws.state." + c.state.rawValue))
                    h.raw("</li>")
                }
                h.raw("</ul>")
                h.close("section")
            }
        }
        return Workspace.html(bytes, w, status: status)
    }

    // MARK: - Facts

    struct FactRow {
        var field: Field
        var index: Int
        var value: String
        var asOf: DateValue?
        var confidentiality: Confidentiality
        var citations: [Citation]
        var extra: String?

        func label(_ s: Speaker) -> String {
            switch field {
            case .status: PersonStatus(rawValue: value).map { s.status($0) } ?? value
            case .occupation: s.occupation(value)
            case .name: value + (extra.map { " (" + s("ws.name_kind." + $0) + ")" } ?? "")
            default: value
            }
        }
    }

    static func facts(_ p: Person) -> [FactRow] {
        var out: [FactRow] = []
        for (i, n) in p.names.enumerated() {
            out.append(FactRow(field: .name, index: i, value: n.value, confidentiality: .public, citations: n.citations, extra: n.kind.rawValue))
        }
        func add<V>(_ field: Field, _ facts: [Fact<V>], _ text: (V) -> String) {
            for (i, f) in facts.enumerated() {
                out.append(FactRow(field: field, index: i, value: text(f.value), asOf: f.asOf, confidentiality: f.confidentiality, citations: f.citations))
            }
        }
        add(.status, p.statuses) { $0.rawValue }
        add(.region, p.region) { $0 }
        add(.city, p.city) { $0 }
        add(.birthYear, p.birthYear) { String($0) }
        add(.occupation, p.occupations) { $0 }
        add(.detention, p.detention) { $0 }
        add(.note, p.notes) { $0 }
        return out
    }

    /// Adds a cited fact to a person.
    static func addFact(_ p: inout Person, form: FormData, citation: Citation, vocabulary: Vocabulary) throws {
        guard let raw = form.value("field"), let field = Field(rawValue: raw) else { throw AigaqError.usage("choose which fact to add") }
        guard let value = form.value("value").map({ String($0.prefix(2000)) }) else { throw AigaqError.usage("the value cannot be empty") }
        let asOf = try ReviewAction.date(form.value("as_of"), "as of")
        let conf = try RecordEditing.confidentiality(form)
        func fact<V>(_ v: V) -> Fact<V> { Fact(v, asOf: asOf, citations: [citation], confidentiality: conf) }
        switch field {
        case .name:
            let kind = PersonName.Kind(rawValue: form.value("name_kind") ?? "variant") ?? .variant
            if kind == .primary { for i in p.names.indices where p.names[i].kind == .primary { p.names[i].kind = .variant } }
            if let i = p.names.firstIndex(where: { $0.value == value }) {
                p.names[i].kind = kind == .primary ? .primary : p.names[i].kind
                p.names[i].citations.append(citation)
            } else {
                p.names.append(PersonName(value, kind: kind, citations: [citation]))
            }
            if let i = p.names.firstIndex(where: { $0.kind == .primary }), i != 0 { p.names.insert(p.names.remove(at: i), at: 0) }
        case .status:
            guard let st = PersonStatus(rawValue: value) ?? PersonStatus.allCases.first(where: { $0.rawValue == value.replacingOccurrences(of: " ", with: "_") })
            else { throw AigaqError.usage("a status is one of: " + PersonStatus.allCases.map(\.rawValue).joined(separator: ", ")) }
            p.statuses.append(fact(st))
        case .region: p.region.append(fact(value))
        case .city: p.city.append(fact(value))
        case .birthYear:
            guard let y = Int(value), (1900...2100).contains(y) else { throw AigaqError.usage("a birth year is a year such as 1985") }
            p.birthYear.append(fact(y))
        case .occupation:
            guard vocabulary.occupation(id: value) != nil else {
                throw AigaqError.usage("an occupation is one of: " + vocabulary.occupations.map(\.id).joined(separator: ", "))
            }
            p.occupations.append(fact(value))
        case .detention: p.detention.append(fact(value))
        case .note: p.notes.append(fact(value))
        }
    }

    /// Removes one fact; the citation (why) joins the record's citations.
    static func removeFact(_ p: inout Person, form: FormData, citation: Citation) throws {
        guard let raw = form.value("field"), let field = Field(rawValue: raw),
              let index = form.value("index").flatMap(Int.init), index >= 0 else { throw AigaqError.usage("which fact to remove is missing") }
        func drop<V>(_ list: inout [Fact<V>]) throws {
            guard index < list.count else { throw AigaqError.usage("that fact is no longer there; reload the page") }
            list.remove(at: index)
        }
        switch field {
        case .name:
            guard index < p.names.count else { throw AigaqError.usage("that name is no longer there; reload the page") }
            guard p.names.count > 1 else { throw AigaqError.usage("a person keeps at least one name") }
            let wasPrimary = p.names[index].kind == .primary
            p.names.remove(at: index)
            if wasPrimary { p.names[0].kind = .primary }
        case .status: try drop(&p.statuses)
        case .region: try drop(&p.region)
        case .city: try drop(&p.city)
        case .birthYear: try drop(&p.birthYear)
        case .occupation: try drop(&p.occupations)
        case .detention: try drop(&p.detention)
        case .note: try drop(&p.notes)
        }
        p.citations.append(citation)
    }

    // MARK: - Routes

    static func add(to router: Router<WebContext>, _ ws: Workspace) {
        router.get("/workspace/records") { request, _ in try await ws.page(request, .readInternal) { try await list(ws, $0) } }
        router.get("/workspace/persons/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.page(request, .readInternal) { try await page(ws, $0, id: id) }
        }
        for action in ["facts", "remove", "record"] {
            router.post(RouterPath("/workspace/persons/:id/" + action)) { request, context in
                let id = try context.parameters.require("id")
                return try await ws.form(request, .edit) { w in
                    let here = "/workspace/persons/" + URLEncoding.component(id)
                    return try await RecordEditing.run(w, ws: ws, back: here, render: { v, e, st in try await page(ws, w, id: id, values: v, error: e, status: st) }) {
                        guard var p = try await ws.store.person(id: Person.ID(rawValue: id)) else { throw AigaqError.notFound(what: "person \(id)") }
                        let version = try RecordEditing.version(w.form)
                        // Indices in the form refer to the version it was made from.
                        guard p.version == version else {
                            throw AigaqError.staleEdit(entity: "person \(id)", expected: version, found: p.version)
                        }
                        let cite = try await Citing.parse(w.form, actor: w.actor, store: ws.store)
                        switch action {
                        case "facts": try addFact(&p, form: w.form, citation: cite.citation, vocabulary: ws.web.vocabulary)
                        case "remove": try removeFact(&p, form: w.form, citation: cite.citation)
                        default:
                            if let r = w.form.value("role") {
                                guard let role = PersonRole(rawValue: r) else { throw AigaqError.usage("unknown role \(r)") }
                                p.role = role
                            }
                            p.gender = w.form.value("gender").flatMap { ["male", "female"].contains($0) ? $0 : nil }
                            p.confidentiality = try RecordEditing.confidentiality(w.form)
                            p.citations.append(cite.citation)
                        }
                        try await Citing.store(cite, store: ws.store, actor: w.actor)
                        _ = try await ws.store.update(.person(p), expectedVersion: version, actor: w.actor)
                    }
                }
            }
        }
    }
}
