import AigaqCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

/// Every public address family, so that nothing is left out of a check.
func publicAddresses(persons: [String], sources: [String], lists: [String], searches: [String]) -> [String] {
    var out = ["/", "/prisoners", "/prisoners?sort=name", "/prisoners?sort=sentence", "/prisoners?sort=region", "/statistics",
               "/data", "/feed.atom", "/data/aigaq-public.jsonl", "/data/persons.csv", "/data/charges.csv", "/api/v1",
               "/api/v1/persons", "/api/v1/lists", "/api/v1/events", "/api/v1/sources", "/api/v1/stats", "/search",
               "/api/v1/openapi.json", "/login",
               // Pages of one: every cursor the API hands out is followed.
               "/api/v1/persons?limit=1", "/api/v1/events?limit=1", "/api/v1/sources?limit=1"]
    for p in persons { out += ["/persons/" + p, "/api/v1/persons/" + p] }
    for s in sources { out += ["/sources/" + s, "/sources/\(s)?spans=0-10", "/api/v1/sources/" + s] }
    for l in lists {
        out += ["/prisoners?list=" + l, "/api/v1/lists/" + l, "/api/v1/lists/\(l)?limit=1", "/statistics?list=" + l, "/api/v1/stats?list=" + l]
    }
    out += searches.flatMap { ["/search?q=" + URLEncoding.component($0), "/api/v1/search?q=" + URLEncoding.component($0)] }
    return out
}

/// The words of an address, as a page may repeat them (raw, percent-encoded and HTML-escaped).
func echoes(of address: String) -> [String] {
    let parts = address.split(whereSeparator: { "/?&=".contains($0) }).map { $0.removingPercentEncoding ?? String($0) }
    var out: [String] = []
    for p in parts where p.lowercased().contains("marker") {
        let l = p.lowercased()
        out += [l, URLEncoding.component(p).lowercased(), l.replacingOccurrences(of: "&", with: "&amp;")]
    }
    return out.sorted { $0.count > $1.count }
}

@Suite("Nothing internal leaks; everything is escaped")
struct LeakAndEscapeTests {
    // MARK: Markers

    static func cite(_ s: String) -> [Citation] { [Citation(source: Source.ID(rawValue: s), start: 0, end: 5)] }

    /// A small knowledge base with secret markers in every kind of non-public place.
    static func markedEntities() -> [Entity] {
        let pub = Source(id: "src-pub", sha256: String(repeating: "a", count: 64), title: "Public report", publisher: "NGO",
                         text: "Public text about Aidos Publicov.")
        let secretSource = Source(id: "src-markersecret", sha256: String(repeating: "b", count: 64), title: "MARKERINT-source-title",
                                  text: "MARKERINT-source-text", confidentiality: .internal)
        let p1 = Person(id: "p-publicov-aidos", names: [PersonName("Aidos Publicov", kind: .primary), PersonName("Айдос Публиков")],
                        region: [Fact("Almaty"), Fact("MARKERINT-region", asOf: DateValue("2025"), confidentiality: .internal)],
                        statuses: [Fact(.convictedImprisoned, asOf: DateValue("2024"), citations: cite("src-pub"))],
                        detention: [Fact("MARKERCONF-detention", confidentiality: .confidential)],
                        relations: [Relation(kind: "brother", person: "p-markerint-hidden"),
                                    Relation(kind: "wife", person: "p-publicov-aidos", confidentiality: .confidential)],
                        notes: [Fact("MARKERCONF-lawyer-note", confidentiality: .confidential)],
                        citations: cite("src-markersecret") + cite("src-pub"))
        let hidden = Person(id: "p-markerint-hidden", names: [PersonName("Markerint Hidden", kind: .primary)], confidentiality: .internal)
        let official = Person(id: "p-official-judge", names: [PersonName("Judge Official", kind: .primary)], role: .official)
        let witness = Person(id: "p-witness-secret", names: [PersonName("MARKERCONF Witness", kind: .primary)], confidentiality: .confidential)
        let case1 = Case(id: "case-publicov", number: "1-2024",
                         participants: [Participant(person: "p-publicov-aidos", role: "defendant"),
                                        Participant(person: "p-markerint-hidden", role: "defendant"),
                                        Participant(person: "p-witness-secret", role: "witness", confidentiality: .confidential)],
                         charges: [Charge(person: "p-publicov-aidos", article: "174"), Charge(person: "p-markerint-hidden", article: "405")],
                         sentences: [SentenceRecord(person: "p-publicov-aidos", sentence: Sentence(kind: .imprisonment, months: 84))])
        let secretCase = Case(id: "case-markerconf", number: "MARKERCONF-case-number",
                              participants: [Participant(person: "p-publicov-aidos", role: "defendant")], confidentiality: .confidential)
        let events: [Event] = [
            Event(id: "ev-public-detention", type: "detention", date: DateValue("2024-01-05"),
                  participants: [EventParticipant(person: "p-publicov-aidos", role: "victim"),
                                 EventParticipant(person: "p-markerint-hidden", role: "victim")],
                  summary: "Detained at home", citations: cite("src-pub")),
            Event(id: "ev-markerint-event", type: "search", date: DateValue("2025-01-01"),
                  participants: [EventParticipant(person: "p-publicov-aidos", role: "victim")],
                  summary: "MARKERINT-event-summary", confidentiality: .internal),
            Event(id: "ev-torture-unreviewed", type: "torture-allegation", date: DateValue("2025-01-02"),
                  participants: [EventParticipant(person: "p-publicov-aidos", role: "victim"),
                                 EventParticipant(person: "p-official-judge", role: "perpetrator")],
                  summary: "MARKERUNREVIEWED-allegation"),
            Event(id: "ev-confidential-witness", type: "search", date: DateValue("2025-01-03"),
                  participants: [EventParticipant(person: "p-publicov-aidos", role: "victim"),
                                 EventParticipant(person: "p-witness-secret", role: "witness", confidentiality: .confidential)],
                  summary: "Search of the flat"),
        ]
        let list = PersonList(id: "list-public", name: "Public list")
        let secretList = PersonList(id: "list-markerint", name: "MARKERINT-list-name", confidentiality: .internal)
        let snap = ListSnapshot(id: "snap-public", list: "list-public", asOf: DateValue("2025-02-28")!,
                                entries: [ListEntry(person: "p-publicov-aidos", section: "Convicted", number: 1, status: .convictedImprisoned),
                                          ListEntry(person: "p-markerint-hidden", section: "Convicted", number: 2, status: .convictedImprisoned)])
        let secretSnap = ListSnapshot(id: "snap-markerint", list: "list-markerint", asOf: DateValue("2025-03-01")!,
                                      entries: [ListEntry(person: "p-publicov-aidos", section: "MARKERINT-section", number: 1, status: .pretrialDetention)])
        let assessments = [
            Assessment(id: "as-public", person: "p-publicov-aidos",
                       criteria: [CriterionAssessment(criterion: "fundamental-freedoms", verdict: .met, reasoning: "Spoke at a rally")],
                       decision: .politicalPrisoner, assessor: "NGO", date: DateValue("2025")!),
            Assessment(id: "as-markerint", person: "p-publicov-aidos", decision: .politicalPrisoner,
                       assessor: "MARKERINT-assessor", date: DateValue("2025")!, confidentiality: .internal),
            Assessment(id: "as-hidden", person: "p-markerint-hidden", decision: .politicalPrisoner, assessor: "MARKERINT-hidden-assessor",
                       date: DateValue("2025")!),
        ]
        let candidate = Candidate(id: "cand-1", source: "src-pub", payload: CandidatePayload(name: "MARKERCAND-name"))
        let decision = Decision(id: "dec-1", verdict: .reject, subject: "cand-1", actor: "reviewer", reason: "MARKERDEC-reason")
        return [.source(pub), .source(secretSource), .person(p1), .person(hidden), .person(official), .person(witness),
                .case(case1), .case(secretCase)] + events.map(Entity.event)
            + [.list(list), .list(secretList), .listSnapshot(snap), .listSnapshot(secretSnap)]
            + assessments.map(Entity.assessment) + [.candidate(candidate), .decision(decision)]
    }

    @Test("no public page, API answer, download or feed contains a marker")
    func noMarkers() async throws {
        let store = try await Fixture.store(Self.markedEntities())
        let app = try Fixture.app(store)
        try await app.test(.router) { client in
            let addresses = publicAddresses(
                persons: ["p-publicov-aidos", "p-markerint-hidden", "p-witness-secret", "p-official-judge"],
                sources: ["src-pub", "src-markersecret"], lists: ["list-public", "list-markerint"],
                searches: ["Markerint", "MARKERCONF", "Publicov", "Hidden", "MARKERINT-event-summary", "MARKERUNREVIEWED", "search"])
            let pages = try await crawl(client, start: addresses)
            #expect(pages.count >= addresses.count)
            for (address, r) in pages {
                // What the visitor typed comes back (the search box, the language switch, a 404's message): not a leak.
                var body = r.text.lowercased()
                for echo in echoes(of: address) { body = body.replacingOccurrences(of: echo, with: "") }
                #expect(!body.contains("marker"), "\(address) leaks: \(body.components(separatedBy: "marker").dropFirst().first?.prefix(60) ?? "")")
            }
            // The public person is there, without what was removed.
            let page = try #require(pages["/persons/p-publicov-aidos"])
            #expect(page.status == .ok)
            #expect(page.text.contains("Aidos Publicov"))
            #expect(page.text.contains("Almaty"))
            #expect(page.text.contains("lang=\"ru\">Айдос Публиков"))
            #expect(try #require(pages["/persons/p-markerint-hidden"]).status == .notFound)
            #expect(try #require(pages["/api/v1/persons/p-markerint-hidden"]).status == .notFound)
            #expect(try #require(pages["/sources/src-markersecret?spans=0-10"]).status == .notFound)
        }
    }

    // MARK: Escaping

    static let payload = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)><!--"

    /// Every text field of every public record holds HTML and script.
    static func hostileEntities() -> [Entity] {
        let x = payload
        let src = Source(id: "src-x", sha256: String(repeating: "c", count: 64), fileName: x, title: x, publisher: x,
                         url: "javascript:alert(3)", language: x, mediaType: x, reliability: x, text: x + " body " + x)
        let p = Person(id: "p-x", names: [PersonName(x + " Latin", kind: .primary), PersonName("Кирилл " + x), PersonName(x, kind: .alias)],
                       birthYear: [Fact(1980)], gender: x, region: [Fact(x)], city: [Fact(x)], occupations: [Fact(x)],
                       statuses: [Fact(.pretrialDetention, asOf: DateValue("2025"), citations: cite("src-x"))],
                       detention: [Fact(x, citations: cite("src-x"))], memberships: [], citations: cite("src-x"))
        let other = Person(id: "p-y", names: [PersonName(x + " Other", kind: .primary)])
        let c = Case(id: "case-x", kind: .criminal, jurisdiction: x, number: x,
                     participants: [Participant(person: "p-x", role: x), Participant(person: "p-y", role: x)],
                     charges: [Charge(person: "p-x", code: x, article: x, part: x, citations: cite("src-x"))],
                     sentences: [SentenceRecord(person: "p-x", sentence: Sentence(kind: .imprisonment, months: 30, regime: x,
                                                                                   bans: [Sentence.Ban(activity: x, months: 12)],
                                                                                   fine: Sentence.Fine(amount: 10, currency: x), text: x),
                                                instance: x, citations: cite("src-x"))])
        let e = Event(id: "ev-x", type: x, date: DateValue("2025-01-01"), place: x, country: x,
                      participants: [EventParticipant(person: "p-x", role: x), EventParticipant(person: "p-y", role: x)],
                      attributes: ["a": x], summary: x, citations: cite("src-x"))
        let list = PersonList(id: "list-x", name: x, description: x)
        let snap = ListSnapshot(id: "snap-x", list: "list-x", asOf: DateValue("2025-02-01")!,
                                entries: [ListEntry(person: "p-x", section: x, number: 1, status: .pretrialDetention),
                                          ListEntry(person: "p-y", section: x + "2", number: 2, status: .convictedImprisoned)],
                                statedCounts: ["total": 2])
        let a = Assessment(id: "as-x", person: "p-x", list: "list-x",
                           criteria: [CriterionAssessment(criterion: x, verdict: .met, reasoning: x),
                                      CriterionAssessment(criterion: "fundamental-freedoms", verdict: .unclear, reasoning: x, citations: cite("src-x"))],
                           decision: .politicalPrisoner, assessor: x, date: DateValue("2025")!)
        return [.source(src), .person(p), .person(other), .case(c), .event(e), .list(list), .listSnapshot(snap), .assessment(a)]
    }

    @Test("HTML and script in every text field come out escaped on every page")
    func everythingEscaped() async throws {
        let store = try await Fixture.store(Self.hostileEntities())
        let app = try Fixture.app(store)
        try await app.test(.router) { client in
            let addresses = publicAddresses(persons: ["p-x", "p-y"], sources: ["src-x"], lists: ["list-x"], searches: ["Latin", "Кирилл", "Other"])
                + ["/sources/src-x?spans=0-20,25-40", "/prisoners?region=" + URLEncoding.component(Self.payload),
                   "/search?q=" + URLEncoding.component(Self.payload), "/persons/" + URLEncoding.component(Self.payload),
                   "/prisoners?list=list-x&article=" + URLEncoding.component(Self.payload)]
            let pages = try await crawl(client, start: addresses)
            var sawPayload = 0
            for (address, r) in pages {
                guard let type = r.headers[.contentType], type.hasPrefix("text/html") || type.contains("xml") else { continue }
                let t = r.text
                #expect(!t.contains("<script"), "\(address) has a script element")
                #expect(!t.contains("<img"), "\(address) has an injected element")
                #expect(!t.contains("<!--"), "\(address) has an injected comment")
                #expect(!t.contains("javascript:"), "\(address) links to javascript:")
                if t.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img") { sawPayload += 1 }
            }
            // The payload was really on the pages, escaped.
            #expect(sawPayload >= 5)
            #expect(try #require(pages["/persons/p-x"]).text.contains("&lt;script&gt;"))
        }
    }
}
