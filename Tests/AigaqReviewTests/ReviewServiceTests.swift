import AigaqCore
import AigaqIdentity
import AigaqReview
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

/// Synthetic sources and candidates, as `ingest` would store them.
struct ReviewFixture {
    let store: SQLiteStore
    let service: ReviewService

    init() throws {
        store = try SQLiteStore()
        service = ReviewService(store: store, resolver: IdentityResolver(nameForms: .empty))
    }

    static func source(_ n: Int, date: String) -> Source {
        Source(id: Source.ID(rawValue: "src-\(n)"), sha256: String(repeating: "\(n)", count: 64), title: "Report \(n)",
               publisher: "Example Group", publishedOn: DateValue(date), text: String(repeating: "x", count: 400))
    }

    static func candidate(_ id: String, source: Int, name: String, forms: [String] = [], status: PersonStatus = .convictedImprisoned,
                          articles: [String] = ["405"], months: Int? = 60, convicted: String? = nil, number: Int? = nil,
                          section: String? = nil) -> Candidate {
        Candidate(id: Candidate.ID(rawValue: id), source: Source.ID(rawValue: "src-\(source)"), payload: CandidatePayload(
            name: name, mentions: ([name] + forms).enumerated().map { TextSpan(start: $0 * 20, end: $0 * 20 + $1.utf8.count, text: $1) },
            role: .persecuted, status: status, politicalPrisoner: number != nil ? true : nil,
            charges: articles.map { .init(code: "KZ-CC-2014", article: $0, part: nil) },
            sentence: months.map { Sentence(kind: .imprisonment, months: $0) }, convictedOn: convicted.flatMap(DateValue.init),
            listSection: section, listNumber: number, evidence: [TextSpan(start: 0, end: 120)]))
    }

    func ingest(_ source: Source, _ candidates: [Candidate]) async throws {
        _ = try await store.ingest(source: source, candidates: candidates, actor: "test")
    }
}

@Suite struct ReviewServiceTests {
    @Test func acceptWritesAPersonWithCitedFacts() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-02-28"),
                           [ReviewFixture.candidate("c1", source: 1, name: "Marat Testbayev", forms: ["Marat TESTBAYEV", "Testbayev"],
                                                    convicted: "2023-11-29", number: 29, section: "CONVICTED")])
        let pid = try await f.service.accept("c1", actor: "rev")
        #expect(pid == "p-testbayev-marat")
        let person = try #require(try await f.store.person(id: pid))
        #expect(person.names.map(\.value) == ["Marat Testbayev", "Marat TESTBAYEV", "Testbayev"])
        #expect(person.names.allSatisfy { !$0.citations.isEmpty && $0.citations[0].source == "src-1" })
        #expect(person.statuses.map(\.value) == [.convictedImprisoned])
        #expect(person.statuses[0].asOf == DateValue("2025-02-28"))
        let cases = try await f.store.cases(involving: pid)
        #expect(cases.flatMap(\.charges).map(\.article) == ["405"])
        #expect(cases.flatMap(\.charges).allSatisfy { $0.citations.first?.end == 120 })
        #expect(try await f.store.events(involving: pid).map(\.type) == ["verdict"])
        // The source's numbered entry became a list snapshot dated by the source.
        let list = try #require(try await f.store.lists().first)
        let snap = try #require(try await f.store.snapshot(of: list.id, asOf: DateValue("2025-02-28")))
        #expect(snap.entries.map(\.number) == [29])
        #expect(try await f.store.candidate(id: "c1")?.state == .accepted)
        #expect(try await f.store.decisions(about: ["c1"]).map(\.verdict) == [.accept])
    }

    @Test func aSpellingVariantIsLinkedAndTwoDatesBecomeAConflict() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-02"), [ReviewFixture.candidate("c1", source: 1, name: "Marat Testbayev", convicted: "2023-11-29")])
        try await f.ingest(ReviewFixture.source(2, date: "2024-07"), [ReviewFixture.candidate("c2", source: 2, name: "Marat Testbaev", convicted: "2023-11-30")])
        let pid = try await f.service.accept("c1", actor: "rev")
        let c2 = try #require(try await f.store.candidate(id: "c2"))
        let suggestion = try #require(try await f.service.suggest(c2))
        #expect(suggestion.person == pid)
        #expect(!suggestion.reasons.isEmpty)
        #expect(try await f.service.accept("c2", actor: "rev") == pid)  // auto-linked
        let conflicts = try await f.service.conflicts(of: pid)
        #expect(conflicts.map(\.field) == ["convicted_on"])
        #expect(Set(conflicts[0].values.map(\.value)) == ["2023-11-29", "2023-11-30"])
    }

    @Test func aLessPreciseDateIsNotAConflict() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-02"), [ReviewFixture.candidate("c1", source: 1, name: "Marat Testbayev", convicted: "2023-11-29")])
        try await f.ingest(ReviewFixture.source(2, date: "2025-07"), [ReviewFixture.candidate("c2", source: 2, name: "Marat Testbayev", convicted: "2023")])
        let pid = try await f.service.accept("c1", actor: "rev")
        try await f.service.merge("c2", into: pid, actor: "rev")
        #expect(try await f.service.conflicts(of: pid).isEmpty)
        let sentences = try await f.store.cases(involving: pid).flatMap(\.sentences)
        #expect(sentences.map(\.date) == [DateValue("2023-11-29")])
        #expect(sentences[0].citations.map(\.source) == ["src-1", "src-2"])
        #expect(try await f.store.events(involving: pid).map(\.id) == ["ev-testbayev-marat-verdict-2023-11-29"])
    }

    @Test func sharedSurnameIsNotMerged() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-01"), [
            ReviewFixture.candidate("c1", source: 1, name: "Aidar Testykov", articles: ["405"]),
            ReviewFixture.candidate("c2", source: 1, name: "Fazylzhan Testykov", articles: ["272"]),
        ])
        let a = try await f.service.accept("c1", actor: "rev")
        let b = try await f.service.accept("c2", actor: "rev")
        #expect(a != b)
    }

    @Test func notSameDecisionBlocksMergeAndSuggestion() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-01"), [ReviewFixture.candidate("c1", source: 1, name: "Marat Testbayev")])
        try await f.ingest(ReviewFixture.source(2, date: "2025-02"), [ReviewFixture.candidate("c2", source: 2, name: "Marat Testbayev")])
        let pid = try await f.service.accept("c1", actor: "rev")
        try await f.service.decide(.notSame, "c2", pid.rawValue, actor: "rev", reason: "a namesake from another city")
        let c2 = try #require(try await f.store.candidate(id: "c2"))
        #expect(try await f.service.suggest(c2) == nil)
        await #expect(throws: AigaqError.self) { try await f.service.merge("c2", into: pid, actor: "rev") }
        // accept does not auto-merge against the decision: a second person is made.
        let other = try await f.service.accept("c2", actor: "rev")
        #expect(other != pid)
    }

    @Test func undoingAMergeRestoresBothWithoutLoss() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-01"), [ReviewFixture.candidate("c1", source: 1, name: "Marat Testbayev", articles: ["405"])])
        try await f.ingest(ReviewFixture.source(2, date: "2025-02"), [ReviewFixture.candidate("c2", source: 2, name: "Marat Testbaev", articles: ["274"])])
        let pid = try await f.service.accept("c1", actor: "rev")
        let before = try #require(try await f.store.person(id: pid))
        try await f.service.merge("c2", into: pid, actor: "rev")
        #expect(Set(try await f.store.cases(involving: pid).flatMap(\.charges).map(\.article)) == ["405", "274"])
        // When the merge is undone
        try await f.service.undo("c2", actor: "rev")
        // Then the person is as before the merge (but for its version), and the candidate waits again
        var after = try #require(try await f.store.person(id: pid))
        #expect(after.version > before.version)
        after.version = before.version
        #expect(after == before)
        #expect(try await f.store.cases(involving: pid).flatMap(\.charges).map(\.article) == ["405"])
        #expect(try await f.store.candidate(id: "c2")?.state == .pending)
        let merge = try #require(try await f.store.decisions(about: ["c2"]).first { $0.verdict == .merge })
        #expect(merge.revokedAt != nil)  // kept, revoked
        // And accepting it on its own now makes a second person
        #expect(try await f.service.accept("c2", actor: "rev", asNewPerson: true) != pid)
    }

    @Test func undoingTheOnlyAcceptRemovesTheDerivedPerson() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-01"), [ReviewFixture.candidate("c1", source: 1, name: "Marat Testbayev", convicted: "2024-01-02", number: 1)])
        let pid = try await f.service.accept("c1", actor: "rev")
        try await f.service.undo("c1", actor: "rev")
        #expect(try await f.store.person(id: pid) == nil)
        #expect(try await f.store.counts().byType["event"] == 0)
        #expect(try await f.store.counts().byType["list_snapshot"] == 0)
    }

    @Test func rejectAndDoubleDecisionsAreClear() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-01"), [ReviewFixture.candidate("c1", source: 1, name: "Not A Person")])
        try await f.service.reject("c1", actor: "rev", reason: "a street name")
        #expect(try await f.store.candidate(id: "c1")?.state == .rejected)
        await #expect(throws: AigaqError.self) { try await f.service.accept("c1", actor: "rev") }
        await #expect(throws: AigaqError.self) { try await f.service.accept("nope", actor: "rev") }
        #expect(try await f.store.personCount(role: nil) == 0)
    }

    @Test func acceptAllMergesStrongMatchesAndMakesNewPersons() async throws {
        let f = try ReviewFixture()
        try await f.ingest(ReviewFixture.source(1, date: "2025-01"), [
            ReviewFixture.candidate("c1", source: 1, name: "Marat Testbayev"),
            ReviewFixture.candidate("c2", source: 1, name: "Aigerim Samplova", articles: ["274"]),
        ])
        try await f.ingest(ReviewFixture.source(2, date: "2025-02"), [ReviewFixture.candidate("c3", source: 2, name: "Marat TESTBAYEV")])
        let result = try await f.service.acceptAll(minScore: 0.85, actor: "rev")
        #expect(result.accepted == 2)
        #expect(result.merged == 1)
        #expect(try await f.store.personCount(role: .persecuted) == 2)
    }
}
