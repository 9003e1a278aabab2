import AigaqCore
import AigaqPublishing
import AigaqStore
import Foundation
import Synchronization

/// One line of the public list, as the list page and the API show it.
struct PrisonerRow: Sendable {
    var number: Int?
    var section: String?
    var id: Person.ID
    var name: String
    var cyrillic: String?
    var status: PersonStatus
    var charges: [ChargeKey]
    var region: String?
    var sentenceMonths: Int?
}

struct ChargeKey: Hashable, Sendable, Comparable {
    var code: String
    var article: String
    var part: String?
    static func < (a: Self, b: Self) -> Bool {
        (a.code, a.article.count, a.article, a.part ?? "") < (b.code, b.article.count, b.article, b.part ?? "")
    }
}

/// A list as of one snapshot: only public persons, in the list's own order.
struct ListIndex: Sendable {
    var list: PersonList
    var snapshotID: ListSnapshot.ID
    var asOf: DateValue
    var statedCounts: [String: Int]
    var rows: [PrisonerRow]
    /// Sections in the order the list gives them.
    var sections: [String]
}

/// Everything a person page shows, already through the public projection.
struct PersonRecord: Sendable {
    var person: Person
    var cases: [Case]
    var events: [Event]
    var assessments: [Assessment]
    /// Public sources cited anywhere above.
    var sources: [Source.ID: Source]
    /// Names of public persons the records above mention.
    var names: [Person.ID: String]
}

/// A change for the home page and the Atom feed: a dated public event of a public person.
struct Change: Sendable {
    var event: Event
    var person: Person.ID?
    var personName: String?
}

/// The public face of the knowledge base. Every read here goes through
/// `PublicProjection` (with references to persons who are not public
/// removed), so nothing internal or confidential can reach a page, the API
/// or a download from this type. Results are cached per `generation`, which
/// changes when the store's revision does (polled) or when this process writes.
final class PublicSite: Sendable {
    let store: any KnowledgeStore
    let vocabulary: Vocabulary
    private let state = Mutex(State())

    private struct State {
        var generation = 0
        var storeRevision: Int?
        var indexes: [String: Task<ListIndex?, any Error>] = [:]
        var publicPerson: [Person.ID: String?] = [:]
        var lists: [PersonList]?
        var overTime: [PersonList.ID: [(date: DateValue, count: Int, byStatus: [PersonStatus: Int])]] = [:]
    }

    init(store: any KnowledgeStore, vocabulary: Vocabulary) {
        self.store = store
        self.vocabulary = vocabulary
    }

    var generation: Int { state.withLock { $0.generation } }

    /// Forget every cached view (after a write by this process).
    func invalidate() {
        state.withLock { s in
            s.generation += 1
            s.indexes = [:]
            s.publicPerson = [:]
            s.lists = nil
            s.overTime = [:]
        }
    }

    /// Compares the store's revision with the last one seen; true when it changed.
    @discardableResult
    func checkRevision() async -> Bool {
        guard let revision = try? await store.revision() else { return false }
        let changed = state.withLock { s -> Bool in
            defer { s.storeRevision = revision }
            return s.storeRevision != nil && s.storeRevision != revision
        }
        if changed { invalidate() }
        return changed
    }

    // MARK: - Persons

    /// The public display name of a person, or nil when the person may not be published.
    func publicName(_ id: Person.ID) async throws -> String? {
        if let known = state.withLock({ $0.publicPerson[id] }) { return known }
        let name: String?
        if let p = try await store.person(id: id), case .person(let pub)? = PublicProjection.project(.person(p)) {
            name = pub.displayName
        } else {
            name = nil
        }
        state.withLock { s in
            if s.publicPerson.count > 200_000 { s.publicPerson = [:] }
            s.publicPerson[id] = .some(name)
        }
        return name
    }

    func publicPerson(_ id: Person.ID) async throws -> Person? {
        guard let p = try await store.person(id: id) else { return nil }
        let names = try await publicNames(p.relations.map(\.person))
        guard case .person(let pub)? = PublicProjection.project(.person(p), isPublic: { names[$0] != nil }) else { return nil }
        return pub
    }

    /// Names for a set of ids, only the public ones.
    func publicNames(_ ids: some Sequence<Person.ID>) async throws -> [Person.ID: String] {
        var out: [Person.ID: String] = [:]
        for id in Set(ids) { if let n = try await publicName(id) { out[id] = n } }
        return out
    }

    /// A person page's records, or nil when the person is unknown or not public.
    func personRecord(_ id: Person.ID) async throws -> PersonRecord? {
        guard let raw = try await store.person(id: id) else { return nil }
        var ids: Set<Person.ID> = [id]
        let cases = try await store.cases(involving: id)
        let events = try await store.events(involving: id)
        for c in cases { ids.formUnion(c.participants.map(\.person)); ids.formUnion(c.charges.map(\.person)) }
        for e in events { ids.formUnion(e.participants.compactMap(\.person)) }
        ids.formUnion(raw.relations.map(\.person))
        let names = try await publicNames(ids)
        let isPublic: (Person.ID) -> Bool = { names[$0] != nil }
        guard case .person(let person)? = PublicProjection.project(.person(raw), isPublic: isPublic) else { return nil }
        let pCases = cases.compactMap { c -> Case? in
            guard case .case(let x)? = PublicProjection.project(.case(c), isPublic: isPublic) else { return nil }
            return x
        }
        let pEvents = events.compactMap { e -> Event? in
            guard case .event(let x)? = PublicProjection.project(.event(e), isPublic: isPublic) else { return nil }
            return x
        }.sorted { ($0.date?.sortKey ?? 0, $0.id.rawValue) < ($1.date?.sortKey ?? 0, $1.id.rawValue) }
        let pAssessments = try await store.assessments(of: id).compactMap { a -> Assessment? in
            guard case .assessment(let x)? = PublicProjection.project(.assessment(a), isPublic: isPublic) else { return nil }
            return x
        }
        var cited: Set<Source.ID> = []
        func cite(_ cs: [Citation]) { for c in cs { cited.insert(c.source) } }
        cite(person.citations); person.names.forEach { cite($0.citations) }
        person.statuses.forEach { cite($0.citations) }; person.detention.forEach { cite($0.citations) }
        person.region.forEach { cite($0.citations) }; person.birthYear.forEach { cite($0.citations) }
        for c in pCases { cite(c.citations); c.charges.forEach { cite($0.citations) }; c.sentences.forEach { cite($0.citations) } }
        for e in pEvents { cite(e.citations) }
        for a in pAssessments { cite(a.citations); a.criteria.forEach { cite($0.citations) } }
        var sources: [Source.ID: Source] = [:]
        for sid in cited {
            if let s = try await store.source(id: sid), case .source(var pub)? = PublicProjection.project(.source(s)) {
                pub.text = nil  // a page links to the passage; it does not carry the document
                sources[sid] = pub
            }
        }
        return PersonRecord(person: person, cases: pCases, events: pEvents, assessments: pAssessments,
                            sources: sources, names: names)
    }

    func publicSource(_ id: Source.ID) async throws -> Source? {
        guard let s = try await store.source(id: id), case .source(let pub)? = PublicProjection.project(.source(s)) else { return nil }
        return pub
    }

    // MARK: - Lists

    /// Public lists, in stored order.
    func lists() async throws -> [PersonList] {
        if let cached = state.withLock({ $0.lists }) { return cached }
        let lists = try await store.lists().compactMap { l -> PersonList? in
            guard case .list(let x)? = PublicProjection.project(.list(l)) else { return nil }
            return x
        }
        state.withLock { $0.lists = lists }
        return lists
    }

    /// The list `list` (default: the one with the most recent snapshot) as of
    /// the end of `year` (default: its latest snapshot). Nil when none is published.
    func index(list: String?, year: Int?) async throws -> ListIndex? {
        let key = "\(list ?? "")|\(year.map(String.init) ?? "")"
        let task = state.withLock { s -> Task<ListIndex?, any Error> in
            if let t = s.indexes[key] { return t }
            let t = Task { try await self.buildIndex(list: list, year: year) }
            s.indexes[key] = t
            return t
        }
        return try await task.value
    }

    private func buildIndex(list: String?, year: Int?) async throws -> ListIndex? {
        let asOf = year.flatMap { DateValue(year: $0, month: 12, day: 31) }
        var chosen: (PersonList, ListSnapshot)?
        for l in try await lists() where list == nil || l.id.rawValue == list {
            guard let snap = try await store.snapshot(of: l.id, asOf: asOf), snap.published else { continue }
            if chosen == nil || snap.asOf.latestKey > chosen!.1.asOf.latestKey { chosen = (l, snap) }
        }
        guard let (l, snap) = chosen else { return nil }
        var rows: [PrisonerRow] = []
        var sections: [String] = []
        var seenSections: Set<String> = []
        rows.reserveCapacity(snap.entries.count)
        for entry in snap.entries {
            guard let p = try await store.person(id: entry.person),
                  case .person(let person)? = PublicProjection.project(.person(p)) else { continue }
            var charges: [ChargeKey] = []
            var months: Int?
            for c in try await store.cases(involving: person.id) {
                guard case .case(let pc)? = PublicProjection.project(.case(c)) else { continue }
                for ch in pc.charges where ch.person == person.id {
                    let k = ChargeKey(code: ch.code, article: ch.article, part: ch.part)
                    if !charges.contains(k) { charges.append(k) }
                }
                for s in pc.sentences where s.person == person.id {
                    if let m = s.sentence.months { months = max(months ?? 0, m) }
                }
            }
            if let s = entry.section, seenSections.insert(s).inserted { sections.append(s) }
            rows.append(PrisonerRow(number: entry.number, section: entry.section, id: person.id, name: person.displayName,
                                    cyrillic: person.cyrillicName, status: entry.status, charges: charges.sorted(),
                                    region: person.region.current(), sentenceMonths: months))
            state.withLock { s in s.publicPerson[person.id] = .some(person.displayName) }
        }
        return ListIndex(list: l, snapshotID: snap.id, asOf: snap.asOf, statedCounts: snap.statedCounts,
                         rows: rows, sections: sections)
    }

    /// Public counts of a list's snapshots over time (persons who are not public are not counted).
    func overTime(list: PersonList.ID) async throws -> [(date: DateValue, count: Int, byStatus: [PersonStatus: Int])] {
        if let cached = state.withLock({ $0.overTime[list] }) { return cached }
        var out: [(DateValue, Int, [PersonStatus: Int])] = []
        for snap in try await store.snapshots(of: list) where snap.published {
            var n = 0
            var by: [PersonStatus: Int] = [:]
            for e in snap.entries where try await publicName(e.person) != nil { n += 1; by[e.status, default: 0] += 1 }
            out.append((snap.asOf, n, by))
        }
        state.withLock { $0.overTime[list] = out }
        return out
    }

    // MARK: - Changes

    /// The latest dated public events of public persons, newest first.
    func recentChanges(limit: Int) async throws -> [Change] {
        var out: [Change] = []
        for e in try await store.latestEvents(limit: limit * 3) {
            let ids = e.participants.compactMap(\.person)
            let names = try await publicNames(ids)
            guard case .event(let pub)? = PublicProjection.project(.event(e), isPublic: { names[$0] != nil }) else { continue }
            let victim = pub.participants.first { $0.person != nil && $0.role == "victim" } ?? pub.participants.first { $0.person != nil }
            // An event whose people were all left out says nothing publishable.
            if !e.participants.isEmpty && pub.participants.isEmpty { continue }
            out.append(Change(event: pub, person: victim?.person, personName: victim?.person.flatMap { names[$0] }))
            if out.count == limit { break }
        }
        return out
    }

    // MARK: - Search

    struct Hit: Sendable {
        enum Kind: String, Sendable { case person, event, source }
        var kind: Kind
        var id: String
        var title: String
        var detail: String?
        var person: Person.ID?
    }

    /// Search hits that may be published, in the store's rank order.
    func search(_ query: String, limit: Int) async throws -> [Hit] {
        var hits: [Hit] = []
        for h in try await store.search(query, limit: limit) {
            switch h.kind {
            case .person:
                let id = Person.ID(rawValue: h.id)
                guard let p = try await publicPerson(id) else { continue }
                hits.append(Hit(kind: .person, id: h.id, title: p.displayName, detail: p.cyrillicName, person: id))
            case .event:
                guard let e = try await store.events(ids: [Event.ID(rawValue: h.id)]).first else { continue }
                let names = try await publicNames(e.participants.compactMap(\.person))
                guard case .event(let pub)? = PublicProjection.project(.event(e), isPublic: { names[$0] != nil }),
                      e.participants.isEmpty || !pub.participants.isEmpty else { continue }
                let who = pub.participants.compactMap(\.person).first
                hits.append(Hit(kind: .event, id: h.id, title: pub.type, detail: pub.date?.description, person: who))
            case .source:
                guard let s = try await publicSource(Source.ID(rawValue: h.id)) else { continue }
                hits.append(Hit(kind: .source, id: h.id, title: s.title ?? s.id.rawValue, detail: s.publisher, person: nil))
            }
        }
        return hits
    }

    // MARK: - Open data

    /// Calls `body` with pages of public records, type by type in dependency
    /// order, so that a download streams with bounded memory.
    func forEachPublicPage(types: [String] = Entity.typeOrder, pageSize: Int = 500,
                           _ body: ([Entity]) async throws -> Void) async throws {
        for type in types where type != "candidate" && type != "decision" {
            var after: String?
            while true {
                let page = try await store.entities(type: type, after: after, limit: pageSize)
                guard let last = page.last else { break }
                after = last.id
                var ids: Set<Person.ID> = []
                for e in page { ids.formUnion(Self.personRefs(e)) }
                let names = try await publicNames(ids)
                let out = page.compactMap { e -> Entity? in
                    guard var x = PublicProjection.project(e, isPublic: { names[$0] != nil }) else { return nil }
                    if case .source(var s) = x { s.text = nil; x = .source(s) }  // documents are not open data
                    return x
                }
                if !out.isEmpty { try await body(out) }
                if page.count < pageSize { break }
            }
        }
    }

    static func personRefs(_ e: Entity) -> [Person.ID] {
        switch e {
        case .person(let p): [p.id] + p.relations.map(\.person)
        case .case(let c): c.participants.map(\.person) + c.charges.map(\.person) + c.sentences.map(\.person)
        case .event(let x): x.participants.compactMap(\.person)
        case .assessment(let a): [a.person]
        case .listSnapshot(let s): s.entries.map(\.person)
        default: []
        }
    }
}
