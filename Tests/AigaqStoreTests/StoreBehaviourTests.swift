import AigaqCore
import AigaqStore
import Foundation
import Testing

/// What every store must do, on every backend (``Backend``).
@Suite struct StoreBehaviourTests {
    static let src = Source.ID(rawValue: "src-t")

    static func person(_ id: String, _ names: [String], role: PersonRole = .persecuted) -> Entity {
        .person(Person(id: Person.ID(rawValue: id), names: names.enumerated().map { PersonName($1, kind: $0 == 0 ? .primary : .variant) }, role: role))
    }

    static func sample() -> [Entity] {
        [
            .source(Source(id: src, sha256: String(repeating: "0f", count: 32), title: "Бюллетень",
                           text: "Активист осуждён по статье 405. A blogger was detained in Almaty.")),
            person("p-zh", ["Marat Zhylanbayev", "Марат Жыланбаев"]),
            person("p-al", ["Алёна Ёлкина"]),
            person("p-sy1", ["Aidar Syzdykov"]),
            person("p-sy2", ["Fazylzhan Syzdykov"]),
            .case(Case(id: "c-1", participants: [Participant(person: "p-zh", role: "defendant")],
                       charges: [Charge(person: "p-zh", article: "258", part: "2")])),
            .event(Event(id: "e-1", type: "hunger-strike", date: DateValue("2024-03"), place: "Астана",
                         participants: [EventParticipant(person: "p-zh", role: "victim")], summary: "Голодовка в колонии")),
            .list(PersonList(id: "l", name: "L")),
            .listSnapshot(ListSnapshot(id: "s1", list: "l", asOf: DateValue("2024-01-01")!,
                                       entries: [ListEntry(person: "p-zh", status: .pretrialDetention)])),
            .listSnapshot(ListSnapshot(id: "s2", list: "l", asOf: DateValue("2025-02-28")!,
                                       entries: [ListEntry(person: "p-zh", section: "CONVICTED", number: 1, status: .convictedImprisoned),
                                                 ListEntry(person: "p-sy1", section: "CONVICTED", number: 2, status: .convictedImprisoned)])),
        ]
    }

    static func importing(_ store: any KnowledgeStore, _ entities: [Entity], actor: String = "t") async throws {
        var it = entities.makeIterator()
        _ = try await store.importEntities(actor: actor) { it.next() }
    }

    @Test(arguments: Backend.available)
    func namesAreFoundInEitherScriptAndSpelling(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            for (query, id) in [("Жыланбаев", "p-zh"), ("ZHYLANBAYEV", "p-zh"), ("Zhylanbaev", "p-zh"), ("жылан", "p-zh"),
                                ("marat zhyl", "p-zh"), ("Алена", "p-al"), ("ёлкин", "p-al"), ("Alyona", "p-al"), ("Elkina", "p-al")] {
                let hits = try await store.search(query, limit: 10).filter { $0.kind == .person }
                #expect(hits.map(\.id) == [id], "\(query)")
            }
        }
    }

    @Test(arguments: Backend.available)
    func sharedSurnameFindsBothButFullNameFindsOne(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            #expect(Set(try await store.persons(named: "Syzdykov", limit: 10).map(\.id.rawValue)) == ["p-sy1", "p-sy2"])
            #expect(try await store.persons(named: "Aidar Syzdykov", limit: 10).map(\.id.rawValue) == ["p-sy1"])
            #expect(try await store.persons(named: "", limit: 10).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func sourceAndEventTextAreSearchedWithYoFolded(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            let hits = try await store.search("осужден", limit: 10)
            let source = try #require(hits.first { $0.kind == .source })
            #expect(source.id == "src-t")
            #expect(source.title == "Бюллетень")
            #expect(source.snippet?.contains("[осужден]") == true)
            #expect(try await store.search("голодовка", limit: 10).contains { $0.kind == .event && $0.id == "e-1" })
            #expect(try await store.search("ALMATY", limit: 10).map(\.id) == ["src-t"])
        }
    }

    @Test(arguments: Backend.available)
    func figuresComeBackByMeasureInPeriodOrder(_ backend: Backend) async throws {
        let figures: [Entity] = [
            .figure(StatedFigure(id: "f-b", measure: "assembly-refusals", value: 120, from: DateValue("2023"), to: DateValue("2023"),
                                 place: "Алматы", citations: [Citation(source: Self.src, start: 0, end: 10)])),
            .figure(StatedFigure(id: "f-a", measure: "assembly-refusals", value: 95, qualifier: .atLeast,
                                 from: DateValue("2022"), to: DateValue("2022"))),
            .figure(StatedFigure(id: "f-c", measure: "torture-complaints", value: 800, upper: 900, to: DateValue("2024-06"))),
        ]
        try await backend.withStore(Self.sample() + figures) { store async throws in
            let refusals = try await store.figures(measure: "assembly-refusals")
            #expect(refusals.map(\.id.rawValue) == ["f-a", "f-b"])
            #expect(refusals.first?.qualifier == .atLeast)
            #expect(refusals.last?.place == "Алматы")
            #expect(refusals.last?.citations.map(\.source) == [Self.src])
            #expect(try await store.figures(measure: nil).map(\.id.rawValue) == ["f-a", "f-b", "f-c"])
            #expect(try await store.figures(measure: "torture-complaints").first?.upper == 900)
            #expect(try await store.figures(measure: "no-such-measure").isEmpty)
            #expect(try await store.counts().byType["figure"] == 3)
        }
    }

    @Test(arguments: Backend.available)
    func hostileQueriesAreSafe(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            for query in ["\"", "NEAR(", "a OR", "*", "keys:x", "-", "'; DROP TABLE person; --", "^", "   ", "a:* & !b", "\\'", "(|)"] {
                _ = try await store.search(query, limit: 5)  // no throw: input is quoted
                _ = try await store.persons(named: query, limit: 5)
            }
            #expect(try await store.counts().byType["person"] == 4)
        }
    }

    @Test(arguments: Backend.available)
    func importIsAllOrNothing(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            // A charge against a person who does not exist breaks the batch.
            let bad: [Entity] = [Self.person("p-new", ["New Person"]),
                                 .case(Case(id: "c-bad", charges: [Charge(person: "p-missing", article: "405")]))]
            await #expect { try await Self.importing(store, bad) } throws: { error in
                guard case AigaqError.badInput(_, _, let reason)? = error as? AigaqError else { return false }
                return reason.contains("does not exist")
            }
            #expect(try await store.person(id: "p-new") == nil)
            #expect(try await store.counts().byType["person"] == 4)
            #expect(try await store.verifyAudit().entries == 1)
        }
    }

    @Test(arguments: Backend.available)
    func exportGivesBackWhatWasImported(_ backend: Backend) async throws {
        let entities = Self.sample()
        try await backend.withStore(entities) { store async throws in
            var exported: [Entity] = []
            try await store.exportEntities { exported.append($0) }
            #expect(exported == entities.sorted { Entity.typeOrder.firstIndex(of: $0.typeName)! < Entity.typeOrder.firstIndex(of: $1.typeName)! })
        }
    }

    @Test(arguments: Backend.available)
    func reimportReplacesRecordsAndTheirIndexes(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            try await Self.importing(store, [Self.person("p-zh", ["Marat Renamed"]),
                                             .case(Case(id: "c-1", participants: [Participant(person: "p-al", role: "witness")]))])
            #expect(try await store.search("Жыланбаев", limit: 5).filter { $0.kind == .person }.isEmpty)
            #expect(try await store.search("Renamed", limit: 5).map(\.id) == ["p-zh"])
            #expect(try await store.cases(involving: "p-zh").isEmpty)
            #expect(try await store.cases(involving: "p-al").map(\.id) == ["c-1"])
            // The export keeps first-insertion order.
            var ids: [String] = []
            try await store.exportEntities { if case .person(let p) = $0 { ids.append(p.id.rawValue) } }
            #expect(ids == ["p-zh", "p-al", "p-sy1", "p-sy2"])
        }
    }

    @Test(arguments: Backend.available)
    func oneImportMayWriteTheSameIdTwiceAndTheLastWins(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            try await Self.importing(store, [Self.person("p", ["First Name"]), Self.person("p", ["Second Name"])])
            #expect(try await store.person(id: "p")?.names.map(\.value) == ["Second Name"])
            #expect(try await store.persons(named: "First", limit: 5).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func snapshotAsOfPicksTheLatestOnOrBefore(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            #expect(try await store.snapshot(of: "l", asOf: DateValue("2024-12-31"))?.id == "s1")
            #expect(try await store.snapshot(of: "l", asOf: DateValue("2025-02-28"))?.id == "s2")
            #expect(try await store.snapshot(of: "l", asOf: DateValue("2023"))?.id == nil)
            #expect(try await store.snapshot(of: "l", asOf: nil)?.id == "s2")
            #expect(try await store.snapshots(of: "l").map(\.id) == ["s1", "s2"])
            #expect(try await store.lists().map(\.id) == ["l"])
        }
    }

    @Test(arguments: Backend.available)
    func theSameBytesTwiceAreOneSource(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let s = Source(id: "a", sha256: String(repeating: "1", count: 64), text: "x")
            let candidate = Candidate(id: "cand-1", source: "a", payload: CandidatePayload(name: "Aidar Syzdykov"))
            #expect(try await store.ingest(source: s, candidates: [candidate], actor: "t") == .inserted("a"))
            var again = s
            again.id = "b"
            #expect(try await store.ingest(source: again, candidates: [], actor: "t") == .existing("a"))
            #expect(try await store.counts().byType["source"] == 1)
            #expect(try await store.source(sha256: String(repeating: "1", count: 64))?.text == "x")
            #expect(try await store.candidates(source: "a").map(\.id) == ["cand-1"])
            #expect(try await store.candidate(id: "cand-1")?.state == .pending)
            #expect(try await store.candidates(state: .pending, limit: 10).map(\.id) == ["cand-1"])
        }
    }

    @Test(arguments: Backend.available)
    func casesAndEventsOfAPerson(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            #expect(try await store.cases(involving: "p-zh").map(\.id) == ["c-1"])
            #expect(try await store.events(involving: "p-zh").map(\.id) == ["e-1"])
            #expect(try await store.events(ids: ["e-1", "e-none"]).map(\.id) == ["e-1"])
            #expect(try await store.cases(involving: "p-al").isEmpty)
            #expect(try await store.personCount(role: .persecuted) == 4)
            #expect(try await store.personCount(role: nil) == 4)
        }
    }

    @Test(arguments: Backend.available)
    func applyDeletesAndRewritesInOneTransaction(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            // The case is deleted and written again pointing at a person written after it.
            try await store.apply(delete: [EntityRef(type: "case", id: "c-1")],
                                  write: [.case(Case(id: "c-1", participants: [Participant(person: "p-late", role: "defendant")])),
                                          Self.person("p-late", ["Late Person"])],
                                  actor: "rebuild")
            #expect(try await store.cases(involving: "p-late").map(\.id) == ["c-1"])
            #expect(try await store.cases(involving: "p-zh").isEmpty)
            let decision = Decision(id: "d-1", verdict: .same, subject: "p-zh", object: "p-al", actor: "r", at: Date(timeIntervalSince1970: 1_700_000_000))
            try await store.apply(delete: [], write: [.decision(decision)], actor: "r")
            #expect(try await store.decisions(about: ["p-al"]).map(\.id) == ["d-1"])
            #expect(try await store.decisions(about: []).isEmpty)
            #expect(try await store.decisions(about: nil).count == 1)
            #expect(try await store.verifyAudit() == AuditVerification(entries: 3, firstBroken: nil, problem: nil))
        }
    }
}

@Suite struct BulkImportTests {
    @Test(arguments: Backend.available)
    func aLargeImportIsSearchableThroughout(_ backend: Backend) async throws {
        // Given an import past the SQLite bulk threshold (the FTS triggers are dropped mid-way)
        // and many PostgreSQL batches
        try await backend.withStore { store async throws in
            let total = 20_500
            var i = 0
            _ = try await store.importEntities(actor: "t") { () -> Entity? in
                guard i < total else { return nil }
                defer { i += 1 }
                let name = i == 0 ? "First Anuarbekov" : i == total - 1 ? "Last Жумагулов" : "Person \(i) Filler"
                return .person(Person(id: Person.ID(rawValue: "p\(i)"), names: [PersonName(name)]))
            }
            // Then names from the first and last batches are found
            #expect(try await store.search("Anuarbekov", limit: 5).map(\.id) == ["p0"])
            #expect(try await store.search("Zhumagulov", limit: 5).map(\.id) == ["p\(total - 1)"])
            // And a later small write is indexed too
            var once = [Entity.person(Person(id: "late", names: [PersonName("Late Ospanov")]))].makeIterator()
            _ = try await store.importEntities(actor: "t") { once.next() }
            #expect(try await store.search("Ospanov", limit: 5).map(\.id) == ["late"])
            #expect(try await store.counts().byType["person"] == total + 1)
            #expect(try await store.verifyAudit().entries == 2)
        }
    }
}
