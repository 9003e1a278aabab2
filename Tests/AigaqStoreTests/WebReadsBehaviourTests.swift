import AigaqCore
import AigaqStore
import Foundation
import Testing

/// The reads the web application uses for speed (KnowledgeStore's "light
/// reads" and "reads for publishing"): each backend answers them natively,
/// and the answers must be those of the plain reads they stand for.
@Suite struct WebReadsBehaviourTests {
    typealias T = StoreBehaviourTests

    static func sample() -> [Entity] {
        var internalPerson = Person(id: "p-in", names: [PersonName("Secret Witness", kind: .primary)], role: .persecuted)
        internalPerson.confidentiality = .internal
        return T.sample() + [
            .person(internalPerson),
            .case(Case(id: "c-2", participants: [Participant(person: "p-sy1", role: "defendant")],
                       charges: [Charge(person: "p-sy2", article: "174")])),
            .event(Event(id: "e-2", type: "arrest", date: DateValue("2023-05-02"), participants: [EventParticipant(person: "p-sy1", role: "victim")])),
            .event(Event(id: "e-3", type: "trial", date: DateValue("2025-01"), participants: [EventParticipant(person: "p-sy2", role: "defendant")])),
            .event(Event(id: "e-4", type: "statement", participants: [EventParticipant(person: "p-al", role: "author")])),
        ]
    }

    @Test(arguments: Backend.available)
    func personNamesAndPersonsByIDMatchOneByOneReads(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            let ids: [Person.ID] = ["p-zh", "p-al", "p-in", "p-none", "p-zh"]
            var expected: [PersonNames] = []
            for id in Set(ids) {
                if let p = try await store.person(id: id) { expected.append(PersonNames(p)) }
            }
            var whole: [Person] = []  // in the order asked
            for id in ids { if let p = try await store.person(id: id) { whole.append(p) } }
            let names = try await store.personNames(ids: ids)
            #expect(names.sorted { $0.id < $1.id } == expected.sorted { $0.id < $1.id })
            #expect(names.first { $0.id == "p-zh" }?.names.map(\.value) == ["Marat Zhylanbayev", "Марат Жыланбаев"])
            #expect(names.first { $0.id == "p-in" }?.confidentiality == .internal)
            #expect(try await store.persons(ids: ids) == whole)
            #expect(try await store.personNames(ids: []).isEmpty)
            #expect(try await store.persons(ids: []).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func casesOfAnyPersonComeOnceEach(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            // c-2: p-sy1 takes part, p-sy2 is charged; asked for both, it comes once.
            let cases = try await store.cases(involvingAny: ["p-zh", "p-sy1", "p-sy2", "p-none"])
            #expect(cases.map(\.id.rawValue).sorted() == ["c-1", "c-2"])
            var oneByOne: [Case] = []
            for id: Person.ID in ["p-zh", "p-sy1", "p-sy2"] {
                for c in try await store.cases(involving: id) where !oneByOne.contains(c) { oneByOne.append(c) }
            }
            #expect(cases.sorted { $0.id < $1.id } == oneByOne.sorted { $0.id < $1.id })
            #expect(try await store.cases(involvingAny: []).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func sourceInfoIsTheSourceWithoutItsText(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            var full = try #require(try await store.source(id: T.src))
            #expect(full.text != nil)
            full.text = nil
            #expect(try await store.sourceInfo(id: T.src) == full)
            #expect(try await store.sourceInfo(id: "src-none") == nil)
        }
    }

    @Test(arguments: Backend.available)
    func searchWithoutSnippetsFindsTheSameHits(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            for query in ["осужден", "Syzdykov", "голодовка", "Almaty"] {
                let with = try await store.search(query, limit: 10, snippets: true)
                let without = try await store.search(query, limit: 10, snippets: false)
                #expect(without.map(\.id) == with.map(\.id), "\(query)")
                #expect(without.map(\.title) == with.map(\.title), "\(query)")
                #expect(without.allSatisfy { $0.snippet == nil }, "\(query)")
                #expect(with.map(\.id) == (try await store.search(query, limit: 10)).map(\.id), "\(query)")
            }
            #expect(try await store.search("осужден", limit: 10, snippets: true).first { $0.kind == .source }?.snippet != nil)
        }
    }

    @Test(arguments: Backend.available)
    func revisionMovesWithEveryWrite(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            let before = try #require(try await store.revision())
            #expect(try await store.revision() == before)
            try await T.importing(store, [T.person("p-new", ["Nurlan Newname"])])
            let after = try #require(try await store.revision())
            #expect(after != before)
        }
    }

    @Test(arguments: Backend.available)
    func entitiesPageInIDOrderAndLatestEventsNewestFirst(_ backend: Backend) async throws {
        try await backend.withStore(Self.sample()) { store async throws in
            let first = try await store.entities(type: "person", after: nil, limit: 3).map(\.id)
            #expect(first == ["p-al", "p-in", "p-sy1"])
            #expect(try await store.entities(type: "person", after: "p-sy1", limit: 3).map(\.id) == ["p-sy2", "p-zh"])
            #expect(try await store.entities(type: "case", after: "c-1", limit: 5).map(\.id) == ["c-2"])
            guard case .source(let s)? = try await store.entities(type: "source", after: nil, limit: 1).first else {
                Issue.record("no source"); return
            }
            #expect(s.text?.contains("Almaty") == true)  // a download carries the text
            await #expect(throws: AigaqError.self) { _ = try await store.entities(type: "nonsense", after: nil, limit: 1) }
            // Undated events are left out; the rest newest first.
            #expect(try await store.latestEvents(limit: 10).map(\.id.rawValue) == ["e-3", "e-1", "e-2"])
            #expect(try await store.latestEvents(limit: 1).map(\.id.rawValue) == ["e-3"])
        }
    }
}
