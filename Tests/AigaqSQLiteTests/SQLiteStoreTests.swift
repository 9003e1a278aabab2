import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

@Suite struct SQLiteStoreTests {
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

    static func store(with entities: [Entity] = sample()) async throws -> SQLiteStore {
        let store = try SQLiteStore()
        var it = entities.makeIterator()
        _ = try await store.importEntities(actor: "test") { it.next() }
        return store
    }

    @Test func migratesFromEmpty() throws {
        // Given a new in-memory database, when it opens, then every migration is applied.
        let store = try SQLiteStore()
        #expect(try store.appliedMigrations() == ["v1-knowledge-base", "v2-decisions", "v3-audit-chain", "v4-figures", "v5-statistics"])
    }

    @Test func migratesAFileTwiceWithoutHarm() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try SQLiteStore(path: path)
        let again = try SQLiteStore(path: path)
        #expect(try again.appliedMigrations() == ["v1-knowledge-base", "v2-decisions", "v3-audit-chain", "v4-figures", "v5-statistics"])
    }

    @Test(arguments: [("Жыланбаев", "p-zh"), ("ZHYLANBAYEV", "p-zh"), ("Zhylanbaev", "p-zh"), ("жылан", "p-zh"),
                      ("marat zhyl", "p-zh"), ("Алена", "p-al"), ("ёлкин", "p-al"), ("Alyona", "p-al"), ("Elkina", "p-al")])
    func namesAreFoundInEitherScriptAndSpelling(_ query: String, _ id: String) async throws {
        let store = try await Self.store()
        let hits = try await store.search(query, limit: 10).filter { $0.kind == .person }
        #expect(hits.map(\.id) == [id])
    }

    @Test func sharedSurnameFindsBothButFullNameFindsOne() async throws {
        let store = try await Self.store()
        #expect(Set(try await store.persons(named: "Syzdykov", limit: 10).map(\.id.rawValue)) == ["p-sy1", "p-sy2"])
        #expect(try await store.persons(named: "Aidar Syzdykov", limit: 10).map(\.id.rawValue) == ["p-sy1"])
    }

    @Test func sourceAndEventTextAreSearchedWithYoFolded() async throws {
        let store = try await Self.store()
        let hits = try await store.search("осужден", limit: 10)
        #expect(hits.contains { $0.kind == .source && $0.id == "src-t" })
        #expect(try await store.search("голодовка", limit: 10).contains { $0.kind == .event && $0.id == "e-1" })
    }

    @Test(arguments: ["\"", "NEAR(", "a OR", "*", "keys:x", "-", "'; DROP TABLE person; --", "^", "   "])
    func hostileQueriesAreSafe(_ query: String) async throws {
        let store = try await Self.store()
        _ = try await store.search(query, limit: 5)  // no throw: input is quoted
        #expect(try await store.counts().byType["person"] == 4)
    }

    @Test func importIsAllOrNothing() async throws {
        let store = try await Self.store()
        // A charge against a person who does not exist breaks the batch.
        let bad: [Entity] = [Self.person("p-new", ["New Person"]),
                             .case(Case(id: "c-bad", charges: [Charge(person: "p-missing", article: "405")]))]
        var it = bad.makeIterator()
        await #expect(throws: AigaqError.self) { _ = try await store.importEntities(actor: "t") { it.next() } }
        #expect(try await store.person(id: "p-new") == nil)
        #expect(try await store.counts().byType["person"] == 4)
    }

    @Test func exportGivesBackWhatWasImported() async throws {
        let entities = Self.sample()
        let store = try await Self.store(with: entities)
        var exported: [Entity] = []
        try await store.exportEntities { exported.append($0) }
        #expect(Set(exported) == Set(entities))
        #expect(exported.count == entities.count)
    }

    @Test func reimportReplacesRecordsAndTheirIndexes() async throws {
        let store = try await Self.store()
        var it = [Self.person("p-zh", ["Marat Renamed"])].makeIterator()
        _ = try await store.importEntities(actor: "t") { it.next() }
        #expect(try await store.search("Жыланбаев", limit: 5).filter { $0.kind == .person }.isEmpty)
        #expect(try await store.search("Renamed", limit: 5).map(\.id) == ["p-zh"])
    }

    @Test func snapshotAsOfPicksTheLatestOnOrBefore() async throws {
        let store = try await Self.store()
        #expect(try await store.snapshot(of: "l", asOf: DateValue("2024-12-31"))?.id == "s1")
        #expect(try await store.snapshot(of: "l", asOf: DateValue("2025-02-28"))?.id == "s2")
        #expect(try await store.snapshot(of: "l", asOf: DateValue("2023"))?.id == nil)
        #expect(try await store.snapshot(of: "l", asOf: nil)?.id == "s2")
    }

    @Test func theSameBytesTwiceAreOneSource() async throws {
        let store = try SQLiteStore()
        let s = Source(id: "a", sha256: String(repeating: "1", count: 64), text: "x")
        #expect(try await store.ingest(source: s, candidates: [], actor: "t") == .inserted("a"))
        var again = s
        again.id = "b"
        #expect(try await store.ingest(source: again, candidates: [], actor: "t") == .existing("a"))
        #expect(try await store.counts().byType["source"] == 1)
    }

    @Test func casesAndEventsOfAPerson() async throws {
        let store = try await Self.store()
        #expect(try await store.cases(involving: "p-zh").map(\.id) == ["c-1"])
        #expect(try await store.events(involving: "p-zh").map(\.id) == ["e-1"])
        #expect(try await store.cases(involving: "p-al").isEmpty)
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-db-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect { _ = try SQLiteStore(path: path) } throws: { error in
            (error as? AigaqError)?.message.contains("not an Aigaq database") == true
        }
    }
}

@Suite struct BulkImportTests {
    @Test func aLargeImportIsSearchableThroughoutAndKeepsItsTriggers() async throws {
        // Given an import past the bulk threshold (the FTS triggers are dropped mid-way)
        let store = try SQLiteStore()
        let total = 20_500
        var i = 0
        _ = try await store.importEntities(actor: "t") { () -> Entity? in
            guard i < total else { return nil }
            defer { i += 1 }
            let name = i == 0 ? "First Anuarbekov" : i == total - 1 ? "Last Жумагулов" : "Person \(i) Filler"
            return .person(Person(id: Person.ID(rawValue: "p\(i)"), names: [PersonName(name)]))
        }
        // Then names from before and after the switch are found
        #expect(try await store.search("Anuarbekov", limit: 5).map(\.id) == ["p0"])
        #expect(try await store.search("Zhumagulov", limit: 5).map(\.id) == ["p\(total - 1)"])
        // And a later small write is indexed by the restored triggers
        var once = [Entity.person(Person(id: "late", names: [PersonName("Late Ospanov")]))].makeIterator()
        _ = try await store.importEntities(actor: "t") { once.next() }
        #expect(try await store.search("Ospanov", limit: 5).map(\.id) == ["late"])
        #expect(try await store.verifyAudit().entries == 2)
    }
}
