import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import AigaqWeb

/// Reads that wait while the gate is closed (the revision and writes pass).
final class Gate: Sendable {
    private struct State {
        var closed = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func close() { state.withLock { $0.closed = true } }

    func open() {
        let waiting = state.withLock { s in
            s.closed = false
            defer { s.waiting = [] }
            return s.waiting
        }
        for c in waiting { c.resume() }
    }

    /// Reads held at the gate now.
    var waiting: Int { state.withLock { $0.waiting.count } }

    func pass() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let go = state.withLock { s -> Bool in
                if s.closed { s.waiting.append(c) }
                return !s.closed
            }
            if go { c.resume() }
        }
    }
}

/// The real SQLite store, every read of it behind a gate: a rebuild can be
/// held in the middle while the test asks what visitors are served.
final class GatedStore: KnowledgeStore {
    let base: SQLiteStore
    let gate = Gate()
    init(_ base: SQLiteStore) { self.base = base }

    func importEntities(actor: String, _ next: () throws -> Entity?) async throws -> ImportSummary { return try await base.importEntities(actor: actor, next) }
    func ingest(source: Source, original: Data?, candidates: [Candidate], actor: String) async throws -> SourceInsertResult { return try await base.ingest(source: source, original: original, candidates: candidates, actor: actor) }
    func apply(delete: [EntityRef], write: [Entity], actor: String) async throws { return try await base.apply(delete: delete, write: write, actor: actor) }
    func update(_ entity: Entity, expectedVersion: Int, actor: String) async throws -> Entity { return try await base.update(entity, expectedVersion: expectedVersion, actor: actor) }
    func exportEntities(_ body: (Entity) throws -> Void) async throws { await gate.pass(); return try await base.exportEntities(body) }
    func person(id: Person.ID) async throws -> Person? { await gate.pass(); return try await base.person(id: id) }
    func persons(named name: String, limit: Int) async throws -> [Person] { await gate.pass(); return try await base.persons(named: name, limit: limit) }
    func cases(involving person: Person.ID) async throws -> [Case] { await gate.pass(); return try await base.cases(involving: person) }
    func events(involving person: Person.ID) async throws -> [Event] { await gate.pass(); return try await base.events(involving: person) }
    func source(id: Source.ID) async throws -> Source? { await gate.pass(); return try await base.source(id: id) }
    func source(sha256: String) async throws -> Source? { await gate.pass(); return try await base.source(sha256: sha256) }
    func lists() async throws -> [PersonList] { await gate.pass(); return try await base.lists() }
    func snapshot(of list: PersonList.ID, asOf: DateValue?) async throws -> ListSnapshot? { await gate.pass(); return try await base.snapshot(of: list, asOf: asOf) }
    func snapshots(of list: PersonList.ID) async throws -> [ListSnapshot] { await gate.pass(); return try await base.snapshots(of: list) }
    func candidates(state: Candidate.State?, limit: Int) async throws -> [Candidate] { await gate.pass(); return try await base.candidates(state: state, limit: limit) }
    func candidate(id: Candidate.ID) async throws -> Candidate? { await gate.pass(); return try await base.candidate(id: id) }
    func candidates(source: Source.ID) async throws -> [Candidate] { await gate.pass(); return try await base.candidates(source: source) }
    func candidates(person: Person.ID) async throws -> [Candidate] { await gate.pass(); return try await base.candidates(person: person) }
    func decisions(about subjects: [String]?) async throws -> [Decision] { await gate.pass(); return try await base.decisions(about: subjects) }
    func events(ids: [Event.ID]) async throws -> [Event] { await gate.pass(); return try await base.events(ids: ids) }
    func assessments(of person: Person.ID) async throws -> [Assessment] { await gate.pass(); return try await base.assessments(of: person) }
    func search(_ query: String, limit: Int) async throws -> [SearchHit] { await gate.pass(); return try await base.search(query, limit: limit) }
    func counts() async throws -> StoreCounts { await gate.pass(); return try await base.counts() }
    func verifyAudit() async throws -> AuditVerification { return try await base.verifyAudit() }
    func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry] { return try await base.auditEntries(after: seq, limit: limit) }
    func personCount(role: PersonRole?) async throws -> Int { await gate.pass(); return try await base.personCount(role: role) }
    func revision() async throws -> Int? { return try await base.revision() }
    func entities(type: String, after: String?, limit: Int) async throws -> [Entity] { await gate.pass(); return try await base.entities(type: type, after: after, limit: limit) }
    func latestEvents(limit: Int) async throws -> [Event] { await gate.pass(); return try await base.latestEvents(limit: limit) }
    func figures(measure: String?) async throws -> [StatedFigure] { await gate.pass(); return try await base.figures(measure: measure) }
    func persons(ids: [Person.ID]) async throws -> [Person] { await gate.pass(); return try await base.persons(ids: ids) }
    func cases(involvingAny persons: [Person.ID]) async throws -> [Case] { await gate.pass(); return try await base.cases(involvingAny: persons) }
    func events(involvingAny persons: [Person.ID], types: [String]?) async throws -> [Event] { await gate.pass(); return try await base.events(involvingAny: persons, types: types) }
    func publicPersonNames(among ids: [Person.ID]) async throws -> [Person.ID: String] { await gate.pass(); return try await base.publicPersonNames(among: ids) }
    func events(types: [String]?, from: DateValue?, to: DateValue?) async throws -> [Event] { await gate.pass(); return try await base.events(types: types, from: from, to: to) }
    func events(withAttribute name: String) async throws -> [Event] { await gate.pass(); return try await base.events(withAttribute: name) }
    func assessments(list: PersonList.ID) async throws -> [Assessment] { await gate.pass(); return try await base.assessments(list: list) }
    func aggregates(publicOnly: Bool) async throws -> KnowledgeAggregates { await gate.pass(); return try await base.aggregates(publicOnly: publicOnly) }
    func personNames(ids: [Person.ID]) async throws -> [PersonNames] { await gate.pass(); return try await base.personNames(ids: ids) }
    func sourceInfo(id: Source.ID) async throws -> Source? { await gate.pass(); return try await base.sourceInfo(id: id) }
    func search(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit] { await gate.pass(); return try await base.search(query, limit: limit, snippets: snippets) }
    func sourceBytes(id: Source.ID) async throws -> Data? { await gate.pass(); return try await base.sourceBytes(id: id) }
    func verifySources() async throws -> SourceVerification { return try await base.verifySources() }
    func sealingStatus() async throws -> SealingStatus { return try await base.sealingStatus() }
    func initialiseSealing(actor: String) async throws -> SealingReport { return try await base.initialiseSealing(actor: actor) }
    func rotateSealing(newMasterKey: MasterKey?, actor: String) async throws -> SealingReport { return try await base.rotateSealing(newMasterKey: newMasterKey, actor: actor) }
    func hiddenSealedValues(type: String, id: String) async throws -> Int { await gate.pass(); return try await base.hiddenSealedValues(type: type, id: id) }
}

/// Waits until `condition` holds, for at most `seconds`. Long: other suites
/// block the test process's few threads with subprocesses for minutes at a
/// time, and only a fault makes a condition never hold.
func eventually(_ seconds: Double = 600, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// `body`'s result, or nil when it takes longer than `seconds` (it is then left running).
func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
    let result = Mutex<T?>(nil)
    let task = Task { let r = try await body(); result.withLock { $0 = r } }
    _ = await eventually(seconds) { result.withLock { $0 != nil } }
    if let r = result.withLock({ $0 }) { return r }
    _ = task
    return nil
}

@Suite("Stale while revalidate: public pages after another process writes")
struct RevalidationTests {
    static let person = Person.ID(rawValue: "p-zhylanbayev-marat")

    /// A responder over the demo dataset behind a gate; the revision is read at every request.
    static func fixture(maxStale: Duration) async throws -> (GatedStore, Web, RouterResponder<WebContext>, String) {
        let store = GatedStore(try await Fixture.demoStore())
        let web = try Web(store: store, configuration: WebConfiguration(port: 18620, maxStale: maxStale, revisionPollInterval: .zero))
        let responder = try buildRouter(web: web).buildResponder()
        let name = try #require(try await store.base.person(id: person)).displayName
        return (store, web, responder, name)
    }

    /// What another process would write: the person is made internal.
    static func unpublish(_ store: GatedStore) async throws {
        var p = try #require(try await store.base.person(id: person))
        let version = p.version
        p.confidentiality = .internal
        _ = try await store.base.update(.person(p), expectedVersion: version, actor: "another process")
    }

    @Test("after a write elsewhere the stale list is served at once while one rebuild runs; the rebuild then replaces it")
    func staleWhileRebuilding() async throws {
        let (store, web, responder, name) = try await Self.fixture(maxStale: .seconds(600))
        try await Application(responder: responder).test(.router) { client in
            let first = try await client.get("/prisoners")
            #expect(first.status == .ok)
            #expect(first.text.contains(name))
            try await Self.unpublish(store)
            store.gate.close()
            // Twenty visitors at once, every read of the store held: all are answered from the stale page.
            let answers = try await within(500) {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<20 { group.addTask { try await client.get("/prisoners").text } }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
            }
            let pages = try #require(answers, "a request waited for the rebuild")
            #expect(pages.count == 20)
            #expect(pages.allSatisfy { $0 == first.text })
            // One rebuild of the list index is under way, held at the gate; the page was rendered again once.
            #expect(await eventually { store.gate.waiting > 0 })
            // The first build and a rebuild, not one per visitor (a starved machine may
            // start a second rebuild: one a second is allowed while parts are stale).
            #expect(web.site.indexes.builds < 5, "the first build and one rebuild, not one per visitor")
            #expect(web.cache.entries.builds < 5)
            store.gate.open()
            // The rebuilt index replaces the stale one, and then the page: the person is gone.
            #expect(try await eventually { try await !client.get("/prisoners").text.contains(name) })
            #expect(web.site.indexes.builds < 5)
            #expect(web.cache.entries.builds < 10)
        }
    }

    @Test("the bound: a value superseded less than maxStale ago may be served, one superseded longer ago may not")
    func theBoundIsKept() {
        let t0 = ContinuousClock.now
        func clock(at seconds: Int, floor: Int = 0) -> Generations.Snapshot {
            Generations.Snapshot(current: 1, floor: floor, began: [0: t0, 1: t0], maxStale: .seconds(10), now: t0 + .seconds(seconds))
        }
        #expect(clock(at: 0).servable(1), "the current generation")
        #expect(clock(at: 5).servable(0), "superseded 5 s ago, within 10 s")
        #expect(!clock(at: 11).servable(0), "superseded 11 s ago")
        #expect(!clock(at: 0, floor: 1).servable(0), "a hard generation serves nothing older")
    }

    @Test("past the bound a stale page is not served: the request waits for the rebuild")
    func boundedStaleness() async throws {
        // A bound of zero: every request after the write is past it.
        let (store, _, responder, name) = try await Self.fixture(maxStale: .zero)
        try await Application(responder: responder).test(.router) { client in
            #expect(try await client.get("/prisoners").text.contains(name))
            #expect(try await client.get("/persons/" + Self.person.rawValue).status == .ok)
            try await Self.unpublish(store)
            store.gate.close()
            // Nothing servable, so the visitor waits at the gate...
            let late = Task { try await client.get("/prisoners") }
            let person = Task { try await client.get("/persons/" + Self.person.rawValue).status }
            #expect(await eventually { store.gate.waiting > 0 })
            store.gate.open()
            // ...and gets the page without the person, who is not found any more.
            let page = try await late.value
            #expect(page.status == .ok)
            #expect(!page.text.contains(name))
            #expect(try await person.value == .notFound)
        }
    }

    @Test("a write by this server's workspace shows on the next request, however long the bound")
    func ownWriteAtOnce() async throws {
        let f = try await WorkspaceFixture(configuration: WebConfiguration(port: 18621, maxStale: .seconds(600)))
        let id = Self.person.rawValue
        try await f.app.test(.router) { client in
            let before = try await client.get("/persons/" + id)
            #expect(before.status == .ok)
            #expect(!before.text.contains("Penal colony no. 7"))
            let editor = try await f.session(.editor)
            let p = try #require(try await f.store.person(id: Self.person))
            let r = try await client.post("/workspace/persons/\(id)/facts", as: editor,
                                          [("form_id", "add-fact"), ("version", String(p.version)), ("field", "detention"),
                                           ("value", "Penal colony no. 7"), ("as_of", "2025-02"), ("confidentiality", "public"),
                                           ("cite_note", "A letter seen by the editor")])
            #expect(r.status == .seeOther)
            #expect(try await client.get("/persons/" + id).text.contains("Penal colony no. 7"))
        }
    }

    @Test("the cache: one build for many waiters; a failed build is not remembered; a hard generation serves nothing older")
    func cacheRules() async throws {
        let generations = Generations(maxStale: .seconds(60))
        let cache = RevalidatingCache<String, Int>(generations: generations, capacity: 4)
        let gate = Gate()
        gate.close()
        let counter = Mutex(0)
        let build: @Sendable () async throws -> Int = {
            await gate.pass()
            return counter.withLock { $0 += 1; return $0 }
        }
        let results = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await cache.value("k", build: build) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        // (At least one held: on a loaded machine the ten may not all have arrived yet.)
        #expect(await eventually { gate.waiting >= 1 })
        gate.open()
        #expect(try await results.value == Array(repeating: 1, count: 10))
        #expect(cache.builds == 1)
        // A soft generation: the old value at once, one rebuild behind it.
        generations.advance(hard: false)
        gate.close()
        #expect(try await cache.value("k", build: build) == 1)
        #expect(try await cache.value("k", build: build) == 1)
        #expect(await eventually { gate.waiting == 1 })
        gate.open()
        #expect(await eventually { (try? await cache.value("k", build: build)) == 2 })
        #expect(cache.builds == 2)
        // A failure reaches the waiter and leaves nothing behind.
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await cache.value("bad") { throw Failure() } }
        #expect(try await cache.value("bad") { 7 } == 7)
        // A hard generation: the next lookup waits for a new value.
        generations.advance(hard: true)
        #expect(try await cache.value("k", build: build) == 3)
    }
}
