import AigaqCore
import AigaqPublishing
import AigaqTestSupport
import Foundation
import Testing

@Suite struct PublicProjectionTests {
    /// The projection of a whole knowledge base, as JSON Lines.
    static func projected(_ entities: [Entity]) throws -> String {
        let projection = PublicProjection(entities: entities)
        let encoder = AigaqJSON.encoder()
        return try entities.compactMap(projection.project).map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            .joined(separator: "\n")
    }

    @Test func noSecretOfAThousandRandomKnowledgeBasesSurvivesTheProjection() async throws {
        let report = try await LeakCheck.run(knowledgeBases: 1000) { kb in try Self.projected(kb.entities) }
        #expect(report.leaks.isEmpty, "\(report.leaks.prefix(3).map(\.description).joined(separator: "\n"))")
        #expect(report.knowledgeBases == 1000)
        #expect(report.secretsPlanted > 20_000)
        // The projection removes the secrets, not everything.
        #expect(report.publicMarkersSeen > 10_000)
    }

    @Test func nothingNonPublicIsLeftBlankInThePublicForm() async throws {
        // Removed, not blanked: no record or value in the output says it is internal or confidential.
        let report = try await LeakCheck.run(knowledgeBases: 300) { kb in
            let text = try Self.projected(kb.entities)
            #expect(!text.contains("\"confidentiality\":\"internal\""), "seed \(kb.seed) index \(kb.index)")
            #expect(!text.contains("\"confidentiality\":\"confidential\""), "seed \(kb.seed) index \(kb.index)")
            return text
        }
        #expect(report.leaks.isEmpty)
    }

    // MARK: - The rules, one by one

    static let pub = Source(id: "s-pub", sha256: String(repeating: "a", count: 64), confidentiality: .public)
    static let internalSource = Source(id: "s-int", sha256: String(repeating: "b", count: 64), confidentiality: .internal)
    static let witness = Person(id: "p-witness", names: [PersonName("Witness W")], confidentiality: .confidential)
    static let official = Person(id: "p-official", names: [PersonName("Official O")], role: .official)

    @Test func citationsOfNonPublicSourcesGoButTheFactStays() throws {
        let p = Person(id: "p", names: [PersonName("A B")],
                       city: [Fact("Almaty", citations: [Citation(source: "s-pub", start: 0, end: 1), Citation(source: "s-int", start: 0, end: 1)])])
        let projection = PublicProjection(entities: [.source(Self.pub), .source(Self.internalSource), .person(p)])
        let out = try #require(projection.project(.person(p)))
        guard case .person(let q) = out else { Issue.record("not a person"); return }
        #expect(q.city.map(\.value) == ["Almaty"])
        #expect(q.city[0].citations.map(\.source) == ["s-pub"])
        #expect(projection.project(.source(Self.internalSource)) == nil)
    }

    @Test func referencesToPersonsWhoAreNotPublicGo() throws {
        let victim = Person(id: "p-victim", names: [PersonName("Victim V")],
                            relations: [Relation(kind: "brother", person: "p-witness")])
        let legal = Case(id: "c", participants: [Participant(person: "p-victim", role: "defendant"),
                                                 Participant(person: "p-witness", role: "witness")],
                         charges: [Charge(person: "p-witness", article: "405")])
        let list = PersonList(id: "l", name: "List")
        let snap = ListSnapshot(id: "s", list: "l", asOf: DateValue(year: 2024)!,
                                entries: [ListEntry(person: "p-victim", status: .convictedImprisoned),
                                          ListEntry(person: "p-witness", status: .convictedImprisoned)])
        let assessment = Assessment(id: "a", person: "p-witness", decision: .politicalPrisoner, assessor: "x", date: DateValue(year: 2024)!)
        let all: [Entity] = [.person(victim), .person(Self.witness), .case(legal), .list(list), .listSnapshot(snap), .assessment(assessment)]
        let projection = PublicProjection(entities: all)
        #expect(projection.project(.person(Self.witness)) == nil)
        guard case .person(let v)? = projection.project(.person(victim)),
              case .case(let c)? = projection.project(.case(legal)),
              case .listSnapshot(let s)? = projection.project(.listSnapshot(snap)) else {
            Issue.record("public records must stay"); return
        }
        #expect(v.relations.isEmpty)
        #expect(c.participants.map(\.person) == ["p-victim"])
        #expect(c.charges.isEmpty)
        #expect(s.entries.map(\.person) == ["p-victim"])
        #expect(projection.project(.assessment(assessment)) == nil)
    }

    @Test func allegationsAgainstANamedPersonWaitForReview() throws {
        let accusation = Event(id: "e", type: "torture-allegation", participants: [
            EventParticipant(person: "p-victim", role: "victim"), EventParticipant(person: "p-official", role: "perpetrator")],
            summary: "Beaten by the named officer")
        let victim = Person(id: "p-victim", names: [PersonName("Victim V")])
        let projection = PublicProjection(entities: [.person(victim), .person(Self.official), .event(accusation)])
        #expect(projection.project(.event(accusation)) == nil)
        var reviewed = accusation
        reviewed.reviewedForPublication = true
        #expect(projection.project(.event(reviewed)) == .event(reviewed))
        // Without a named perpetrator nothing waits.
        var plain = accusation
        plain.participants.removeLast()
        #expect(projection.project(.event(plain)) == .event(plain))
    }

    @Test func draftsAndNonPublicListsStayOut() {
        let list = PersonList(id: "l", name: "Internal list", confidentiality: .internal)
        let open = PersonList(id: "o", name: "Open list")
        let draft = ListSnapshot(id: "d", list: "o", asOf: DateValue(year: 2025)!, published: false)
        let ofInternal = ListSnapshot(id: "i", list: "l", asOf: DateValue(year: 2025)!)
        let projection = PublicProjection(entities: [.list(list), .list(open), .listSnapshot(draft), .listSnapshot(ofInternal)])
        #expect(projection.project(.listSnapshot(draft)) == nil)
        #expect(projection.project(.listSnapshot(ofInternal)) == nil)
        #expect(projection.project(.list(list)) == nil)
    }

    @Test func eventAttributesThatNameHiddenRecordsGo() {
        let court = Organisation(id: "org-court", name: "City court", kind: .court)
        let e = Event(id: "e", type: "verdict", attributes: ["judge": "p-witness", "sentence-months": "60", "court": "org-court",
                                                             "outcome": "p-witness"])
        let projection = PublicProjection(entities: [.person(Self.witness), .organisation(court), .event(e)])
        guard case .event(let out)? = projection.project(.event(e)) else { Issue.record("event must stay"); return }
        #expect(out.attributes == ["sentence-months": "60", "court": "org-court"])
        // A person attribute naming a record the projection does not know (one
        // sealed away from it) goes too: references stay only when known public.
        let unknown = Event(id: "e2", type: "verdict", attributes: ["judge": "p-sealed-away"])
        guard case .event(let out2)? = PublicProjection(entities: [Entity.event(unknown)]).project(.event(unknown)) else {
            Issue.record("event must stay"); return
        }
        #expect(out2.attributes.isEmpty)
    }
}
