import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

@Suite("Editing records in the workspace")
struct EditingTests {
    static let person = "p-zhylanbayev-marat"

    @Test("a cited fact is stored with a new version; a note becomes an internal source the fact cites")
    func addFact() async throws {
        let f = try await WorkspaceFixture()
        let before = try #require(try await f.store.person(id: Person.ID(rawValue: Self.person)))
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            let page = try await client.get("/workspace/persons/" + Self.person, as: editor)
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"version\" value=\"\(before.version)\""))
            let r = try await client.post("/workspace/persons/\(Self.person)/facts", as: editor,
                                          [("form_id", "add-fact"), ("version", String(before.version)), ("field", "detention"),
                                           ("value", "Penal colony no. 3"), ("as_of", "2025-01"), ("confidentiality", "public"),
                                           ("cite_note", "Letter from the family, seen on 3 February 2025")])
            #expect(r.status == .seeOther)
            #expect(r.location == "/workspace/persons/\(Self.person)?notice=saved")
            let after = try #require(try await f.store.person(id: before.id))
            #expect(after.version == before.version + 1)
            let fact = try #require(after.detention.last)
            #expect(fact.value == "Penal colony no. 3")
            let cite = try #require(fact.citations.first)
            #expect(cite.method == "manual")
            let note = try #require(try await f.store.source(id: cite.source))
            #expect(note.confidentiality == .internal)
            #expect(note.text?.contains("Letter from the family") == true)
            #expect(note.text?.contains("editor") == true)
            // The public page shows the fact, never the internal note.
            let pub = try await client.get("/persons/" + Self.person)
            #expect(pub.text.contains("Penal colony no. 3"))
            #expect(!pub.text.contains("Letter from the family"))
            #expect(!pub.text.contains(cite.source.rawValue))
        }
    }

    @Test("an uncited change is refused with what was typed kept")
    func uncited() async throws {
        let f = try await WorkspaceFixture()
        let p = try #require(try await f.store.person(id: Person.ID(rawValue: Self.person)))
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            let r = try await client.post("/workspace/persons/\(Self.person)/facts", as: editor,
                                          [("form_id", "add-fact"), ("version", String(p.version)), ("field", "city"), ("value", "Kokshetau")])
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("cite the change"))
            #expect(r.text.contains("value=\"Kokshetau\""))
            let bad = try await client.post("/workspace/persons/\(Self.person)/facts", as: editor,
                                            [("form_id", "add-fact"), ("version", String(p.version)), ("field", "city"), ("value", "Kokshetau"),
                                             ("cite_source", "src-3a842dfc2a0e74e1"), ("cite_span", "50-10")])
            #expect(bad.status == .unprocessableContent)
            #expect(try await f.store.person(id: p.id)?.version == p.version)
        }
    }

    @Test("a stale edit says someone else changed the record and loses nothing that was typed")
    func staleEdit() async throws {
        let f = try await WorkspaceFixture()
        let p = try #require(try await f.store.person(id: Person.ID(rawValue: Self.person)))
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            let admin = try await f.session(.admin)
            // Two people open the same version; the admin saves first.
            let first = try await client.post("/workspace/persons/\(Self.person)/facts", as: admin,
                                              [("form_id", "add-fact"), ("version", String(p.version)), ("field", "city"), ("value", "Almaty"),
                                               ("cite_note", "Court record")])
            #expect(first.status == .seeOther)
            let typed = "Kostanay, according to the lawyer's letter of <12 March>"
            let second = try await client.post("/workspace/persons/\(Self.person)/facts", as: editor,
                                               [("form_id", "add-fact"), ("version", String(p.version)), ("field", "city"), ("value", typed),
                                                ("as_of", "2025-03-12"), ("cite_note", "Lawyer's letter, 12 March")])
            #expect(second.status == .conflict)
            #expect(second.text.contains("changed by someone else"))
            #expect(second.text.contains("value=\"Kostanay, according to the lawyer&#39;s letter of &lt;12 March&gt;\""))
            #expect(second.text.contains("value=\"2025-03-12\""))
            #expect(second.text.contains("Lawyer&#39;s letter, 12 March</textarea>"))
            // The form now carries the current version; nothing of the editor's was written.
            #expect(second.text.contains("name=\"version\" value=\"\(p.version + 1)\""))
            let stored = try #require(try await f.store.person(id: p.id))
            #expect(stored.version == p.version + 1)
            #expect(!stored.city.contains { $0.value == typed })
            // Sent again from that form, it is saved.
            let again = try await client.post("/workspace/persons/\(Self.person)/facts", as: editor,
                                              [("form_id", "add-fact"), ("version", String(p.version + 1)), ("field", "city"), ("value", typed),
                                               ("cite_note", "Lawyer's letter, 12 March")])
            #expect(again.status == .seeOther)
            #expect(try await f.store.person(id: p.id)?.city.contains { $0.value == typed } == true)
        }
    }

    @Test("events: edited with a citation and marked reviewed for publication; a new event gets its own id")
    func events() async throws {
        let f = try await WorkspaceFixture()
        let event = try #require(try await f.store.events(involving: Person.ID(rawValue: Self.person)).first)
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            #expect(try await client.get("/workspace/events/" + event.id.rawValue, as: editor).status == .ok)
            let r = try await client.post("/workspace/events/" + event.id.rawValue, as: editor,
                                          [("form_id", "event"), ("version", String(event.version)), ("type", event.type),
                                           ("date", event.date?.isoString ?? "2023"), ("place", "Astana"), ("summary", "Held after a search."),
                                           ("reviewed", "1"), ("confidentiality", "public"), ("cite_source", "src-3a842dfc2a0e74e1"),
                                           ("cite_span", "441-641")])
            #expect(r.status == .seeOther)
            let stored = try #require(try await f.store.events(ids: [event.id]).first)
            #expect(stored.version == event.version + 1)
            #expect(stored.place == "Astana" && stored.reviewedForPublication)
            #expect(stored.citations.last == Citation(source: Source.ID(rawValue: "src-3a842dfc2a0e74e1"), start: 441, end: 641, method: "manual"))
            let stale = try await client.post("/workspace/events/" + event.id.rawValue, as: editor,
                                              [("form_id", "event"), ("version", String(event.version)), ("type", event.type),
                                               ("place", "Oral"), ("cite_note", "n")])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("value=\"Oral\""))

            let created = try await client.post("/workspace/persons/\(Self.person)/events", as: editor,
                                                [("form_id", "event"), ("version", "1"), ("type", "hunger-strike"), ("date", "2025-01-20"),
                                                 ("confidentiality", "internal"), ("cite_note", "Call with the family")])
            #expect(created.status == .seeOther)
            #expect(created.location?.hasPrefix("/workspace/events/evm-zhylanbayev-marat-") == true)
            #expect(try await f.store.events(involving: Person.ID(rawValue: Self.person)).contains { $0.type == "hunger-strike" && $0.confidentiality == .internal })
        }
    }

    @Test("cases: a charge is added with its citation and version")
    func cases() async throws {
        let f = try await WorkspaceFixture()
        let c = try #require(try await f.store.cases(involving: Person.ID(rawValue: Self.person)).first)
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            let page = try await client.get("/workspace/cases/" + c.id.rawValue, as: editor)
            #expect(page.status == .ok)
            let r = try await client.post("/workspace/cases/\(c.id.rawValue)/charges", as: editor,
                                          [("form_id", "add-charge"), ("version", String(c.version)), ("person", Self.person),
                                           ("code", "KZ-CC-2014"), ("charge", "274(2)"), ("cite_note", "Indictment, page 2")])
            #expect(r.status == .seeOther)
            let stored = try #require(try await f.store.cases(involving: Person.ID(rawValue: Self.person)).first { $0.id == c.id })
            #expect(stored.version == c.version + 1)
            #expect(stored.charges.contains { $0.article == "274" && $0.part == "2" && $0.citations.first?.method == "manual" })
            let outsider = try await client.post("/workspace/cases/\(c.id.rawValue)/charges", as: editor,
                                                 [("form_id", "add-charge"), ("version", String(stored.version)), ("person", "p-nobody"),
                                                  ("charge", "1"), ("cite_note", "x")])
            #expect(outsider.status == .unprocessableContent)
        }
    }

    @Test("assessments: criterion by criterion with reasoning; a revision supersedes, and a second revision of the same one is stale")
    func assessments() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            let admin = try await f.session(.admin)
            #expect(try await client.get("/workspace/persons/\(Self.person)/assessments/new", as: editor).status == .ok)
            let fields: [(String, String)] = [("form_id", "assessment"), ("decision", "political-prisoner"), ("date", "2025-03-01"),
                                              ("assessor", "Coalition review panel"), ("verdict.fundamental-freedoms", "met"),
                                              ("reasoning.fundamental-freedoms", "Prosecuted for founding a party."),
                                              ("verdict.unfair-proceedings", "unclear"), ("confidentiality", "public"),
                                              ("cite_source", "src-3a842dfc2a0e74e1"), ("cite_span", "441-641")]
            let created = try await client.post("/workspace/persons/\(Self.person)/assessments", as: editor, fields)
            #expect(created.status == .seeOther)
            let first = try #require(try await f.store.assessments(of: Person.ID(rawValue: Self.person)).first { $0.assessor == "Coalition review panel" })
            #expect(first.criteria.count == 2)
            #expect(first.criteria.first { $0.criterion == "fundamental-freedoms" }?.reasoning == "Prosecuted for founding a party.")
            let revised = fields.map { $0.0 == "verdict.unfair-proceedings" ? ($0.0, "met") : $0 }
            let r1 = try await client.post("/workspace/assessments/" + first.id.rawValue, as: admin, revised)
            #expect(r1.status == .seeOther)
            let r2 = try await client.post("/workspace/assessments/" + first.id.rawValue, as: editor,
                                           revised.map { $0.0 == "reasoning.fundamental-freedoms" ? ($0.0, "My own reasoning") : $0 })
            #expect(r2.status == .conflict)
            #expect(r2.text.contains("My own reasoning</textarea>"))
            let all = try await f.store.assessments(of: Person.ID(rawValue: Self.person))
            #expect(all.filter { $0.supersedes == first.id }.count == 1)
            // The public page shows the latest revision only.
            let pub = try await client.get("/persons/" + Self.person)
            #expect(pub.text.components(separatedBy: "Coalition review panel").count - 1 == 1)
        }
    }
}
