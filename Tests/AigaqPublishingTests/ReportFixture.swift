import AigaqCore
import AigaqSQLite
import Foundation

/// The list's history (``History``) grown into a small knowledge base with
/// everything a report draws on, and with secrets: every internal or
/// confidential place holds a marker starting `SECRET-` that no public
/// report may ever contain.
enum ReportFixture {
    static let markers = ["SECRET-SOURCE-X1", "SECRET-NOTE-X2", "SECRET-PERSON-X3", "SECRET-RELATION-X4", "SECRET-EVENT-X5",
                          "SECRET-OFFICIAL-X6", "SECRET-FIGURE-X7", "SECRET-CANDIDATE-X8", "SECRET-DECISION-X9",
                          "SECRET-REGION-X10", "SECRET-LIST-X11", "SECRET-STATUS-SOURCE-X12", "SECRET-CASE-X13"]

    static let internalSource = Source(id: "src-internal", sha256: String(repeating: "cd", count: 32), fileName: "notes.txt",
                                       title: "SECRET-SOURCE-X1 lawyer's notes", publisher: "SECRET-STATUS-SOURCE-X12",
                                       text: "Private notes of a lawyer, not for publication.", confidentiality: .internal)

    static var entities: [Entity] {
        var entities = History.entities.map { entity -> Entity in
            guard case .person(var p) = entity else { return entity }
            switch p.id {
            case "p-g":
                p.names = [PersonName("SECRET-PERSON-X3 Internal", kind: .primary)]
            case "p-a":
                p.notes = [Fact("SECRET-NOTE-X2 health and family", citations: [Synthetic.cite(0, 9)], confidentiality: .confidential)]
                p.relations = [Relation(kind: "SECRET-RELATION-X4", person: "p-g", confidentiality: .confidential)]
                p.region = [Fact("SECRET-REGION-X10", citations: [Synthetic.cite(0, 9)], confidentiality: .internal),
                            Fact("Mangystau", citations: [Synthetic.cite(0, 20)])]
                p.occupations = [Fact("blogger", citations: [Synthetic.cite(0, 20)])]
            case "p-c":
                // Known only from an internal source: it must not move the public list.
                p.statuses.append(Fact(.released, asOf: Synthetic.date("2024-05-15"),
                                       citations: [Citation(source: internalSource.id, start: 0, end: 10)], confidentiality: .internal))
            default: break
            }
            return .person(p)
        }
        entities.insert(.source(internalSource), at: 0)
        let exile = Synthetic.person("p-x", "Aidana Exile", statuses: [("2024-03", .abroad)])
        let official = Person(id: "p-h", names: [PersonName("Officer SECRET-OFFICIAL-X6", kind: .primary)], role: .official)
        entities += [.person(exile), .person(official)]
        entities += [
            .case(Case(id: "case-a-internal", charges: [Charge(person: "p-a", article: "179", citations: [Synthetic.cite(0, 9)])],
                       citations: [Synthetic.cite(0, 9)], confidentiality: .internal)),
            .event(Event(id: "ev-a-internal", type: "torture-allegation", date: Synthetic.date("2024-02-03"),
                         participants: [EventParticipant(person: "p-a", role: "victim")], summary: "SECRET-EVENT-X5",
                         citations: [Synthetic.cite(0, 9)], confidentiality: .internal)),
            .event(Event(id: "ev-a-unreviewed", type: "assault", date: Synthetic.date("2024-02-04"),
                         participants: [EventParticipant(person: "p-a", role: "victim"), EventParticipant(person: "p-h", role: "perpetrator")],
                         summary: "Beaten in custody by an officer named in the source", citations: [Synthetic.cite(0, 9)])),
            .event(Event(id: "ev-a-detention", type: "detention", date: Synthetic.date("2023-04-02"), place: "Aktau",
                         participants: [EventParticipant(person: "p-a", role: "victim")], citations: [Synthetic.cite(30, 80)])),
            .event(Event(id: "ev-a-fine", type: "fine", date: Synthetic.date("2024-02-20"), place: "Aktau",
                         participants: [EventParticipant(person: "p-e", role: "victim")], attributes: ["article": "488"],
                         summary: "Fined for a picket in support of a prisoner", citations: [Synthetic.cite(100, 160)])),
            .event(Event(id: "ev-refused-almaty", type: "assembly-notice-refused", date: Synthetic.date("2024-03-08"), place: "Almaty",
                         attributes: ["count": "3"], summary: "Three rallies refused", citations: [Synthetic.cite(160, 200)])),
            .event(Event(id: "ev-x-surveillance", type: "surveillance", date: Synthetic.date("2024-04"), country: "DE",
                         participants: [EventParticipant(person: "p-x", role: "victim")], attributes: ["tactic": "surveillance-abroad"],
                         summary: "Followed near her home abroad", citations: [Synthetic.cite(0, 60)])),
            .event(Event(id: "ev-x-extradition", type: "extradition-request", date: Synthetic.date("2024-05-10"), country: "TR",
                         participants: [EventParticipant(person: "p-x", role: "victim")], attributes: ["tactic": "extradition-request"],
                         citations: [Synthetic.cite(0, 60)])),
            .figure(StatedFigure(id: "fig-refusals-2024", measure: "assembly-refusals", value: 12, from: Synthetic.date("2024"),
                                 to: Synthetic.date("2024"), countedBy: "Steppe Watch", citations: [Synthetic.cite(160, 200)])),
            .figure(StatedFigure(id: "fig-complaints-2023", measure: "torture-complaints", value: 50, from: Synthetic.date("2023"),
                                 to: Synthetic.date("2023"), countedBy: "Steppe Watch", citations: [Synthetic.cite(100, 160)])),
            .figure(StatedFigure(id: "fig-verdicts-2023", measure: "torture-verdicts", value: 1, from: Synthetic.date("2023"),
                                 to: Synthetic.date("2023"), citations: [Synthetic.cite(100, 160)])),
            .figure(StatedFigure(id: "fig-prisoners-2024", measure: "political-prisoners", value: 4, qualifier: .atLeast,
                                 to: Synthetic.date("2024-01-31"), citations: [Synthetic.cite(0, 160)])),
            .figure(StatedFigure(id: "fig-secret", measure: "torture-complaints", value: 999, from: Synthetic.date("2024"),
                                 to: Synthetic.date("2024"), summary: "SECRET-FIGURE-X7", citations: [Synthetic.cite(0, 9)],
                                 confidentiality: .internal)),
            .list(PersonList(id: "list-secret", name: "SECRET-LIST-X11", confidentiality: .internal)),
            .listSnapshot(ListSnapshot(id: "snap-secret", list: "list-secret", asOf: Synthetic.date("2024-05-01"),
                                       entries: [ListEntry(person: "p-g", status: .pretrialDetention)])),
            .candidate(Candidate(id: "cand-1", source: Synthetic.sourceID, payload: CandidatePayload(name: "SECRET-CANDIDATE-X8"))),
            .decision(Decision(id: "dec-1", verdict: .notSame, subject: "p-a", object: "p-g", actor: "reviewer",
                               reason: "SECRET-DECISION-X9")),
        ]
        // The secret case's marker is its number, which reports never print; the test checks it anyway.
        if let i = entities.firstIndex(where: { $0.id == "case-a-internal" }), case .case(var c) = entities[i] {
            c.number = "SECRET-CASE-X13"; entities[i] = .case(c)
        }
        return entities
    }

    static func store() async throws -> SQLiteStore { try await Synthetic.store(entities) }
}
