import AigaqCore
import Foundation
import Testing

@Suite struct ModelJSONTests {
    static let source = Source.ID(rawValue: "src-1")
    static let cite = Citation(source: source, start: 10, end: 42, method: "extract@0.1", confidence: 0.9)

    static let entities: [Entity] = [
        .source(Source(id: source, sha256: String(repeating: "ab", count: 32), fileName: "r.txt", title: "A report",
                       publisher: "An NGO", publishedOn: DateValue("2025-02"), language: "en", text: "Text with ё.")),
        .person(Person(id: "p-1", names: [PersonName("Marat Testov", kind: .primary, citations: [cite]), PersonName("Марат Тестов")],
                       birthYear: [Fact(1970, citations: [cite])], statuses: [Fact(.convictedImprisoned, asOf: DateValue("2024-11-29"), citations: [cite])],
                       relations: [Relation(kind: "brother", person: "p-2", confidentiality: .internal)],
                       notes: [Fact("medical: diabetes", confidentiality: .confidential)], citations: [cite])),
        .case(Case(id: "c-1", participants: [Participant(person: "p-1", role: "defendant")],
                   charges: [Charge(person: "p-1", article: "405", part: "2", citations: [cite])],
                   sentences: [SentenceRecord(person: "p-1", sentence: Sentence(kind: .imprisonment, months: 84, regime: "medium",
                       bans: [.init(activity: "social networks", months: 24)], fine: .init(amount: 500_000, currency: "KZT"), text: "7 years"),
                       date: DateValue("2023-11-29"))], closedTrial: true)),
        .event(Event(id: "e-1", type: "hunger-strike", date: DateValue("~2024-03"), participants: [EventParticipant(person: "p-1", role: "victim")],
                     caseID: "c-1", attributes: ["days": "12"], summary: "Hunger strike", citations: [cite])),
        .assessment(Assessment(id: "a-1", person: "p-1", criteria: [CriterionAssessment(criterion: "pace-a", verdict: .met, reasoning: "r")],
                               decision: .politicalPrisoner, assessor: "rev", date: DateValue("2025-01-01")!)),
        .list(PersonList(id: "l-1", name: "List")),
        .listSnapshot(ListSnapshot(id: "s-1", list: "l-1", asOf: DateValue("2025-02-28")!,
                                   entries: [ListEntry(person: "p-1", section: "CONVICTED", number: 29, status: .convictedImprisoned)],
                                   statedCounts: ["total": 48])),
        .candidate(Candidate(id: "k-1", source: source, payload: CandidatePayload(name: "Marat Testov", mentions: [TextSpan(start: 1, end: 5, text: "Marat")],
                             charges: [.init(code: "KZ-CC-2014", article: "405", part: nil)], detainedOn: DateValue("2023-05")),
                             suggestion: .init(person: "p-1", score: 0.97, reasons: ["same surname key"]), state: .merged,
                             decidedAt: Date(timeIntervalSince1970: 1_700_000_000))),
        .decision(Decision(id: "d-1", verdict: .notSame, subject: "p-1", object: "p-2", actor: "rev",
                           at: Date(timeIntervalSince1970: 1_700_000_000), reason: "different articles 297 vs 272",
                           revokedAt: Date(timeIntervalSince1970: 1_700_000_100))),
    ]

    @Test(arguments: entities)
    func everyEntityRoundTripsThroughItsJSONForm(_ entity: Entity) throws {
        let data = try AigaqJSON.encoder().encode(entity)
        #expect(try AigaqJSON.decoder().decode(Entity.self, from: data) == entity)
        // The form is stable: encoding the decoded value gives the same bytes.
        #expect(try AigaqJSON.encoder().encode(AigaqJSON.decoder().decode(Entity.self, from: data)) == data)
    }

    @Test func sentenceHasAHandWrittenForm() throws {
        let json = String(decoding: try AigaqJSON.encoder().encode(Sentence(kind: .imprisonment, months: 60)), as: UTF8.self)
        #expect(json == #"{"kind":"imprisonment","months":60}"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Sentence.self, from: Data(#"{"kind":"exile","months":60}"#.utf8))
        }
    }

    @Test func entityFormIsTheRecordWithAType() throws {
        let json = String(decoding: try AigaqJSON.encoder().encode(Entity.list(PersonList(id: "l", name: "N"))), as: UTF8.self)
        #expect(json == #"{"criteria":"pace-1900","id":"l","name":"N","type":"list"}"#)
    }

    @Test(arguments: [
        #"{"type":"planet","id":"x"}"#,
        #"{"type":"person","id":"p","names":[]}"#,
        #"{"type":"source","id":"s","sha256":"xyz"}"#,
        #"{"type":"event","id":"e","event_type":"detention","participants":[{"role":"victim"}]}"#,
        #"{"type":"case","id":"c","charges":[{"person":"p","article":"405"}],"citations":[{"source":"s","start":9,"end":3}]}"#,
    ])
    func invalidRecordsAreRejected(_ json: String) {
        #expect(throws: DecodingError.self) { try AigaqJSON.decoder().decode(Entity.self, from: Data(json.utf8)) }
    }

    @Test func conflictingFactsStaySideBySide() {
        let facts = [Fact(PersonStatus.pretrialDetention, asOf: DateValue("2024-07")), Fact(.convictedImprisoned, asOf: DateValue("2024-08-20"))]
        #expect(facts.isConflicting())
        #expect(facts.current() == PersonStatus.convictedImprisoned)
    }
}
