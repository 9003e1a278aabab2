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
    // Facets and counts, computed once per index (filters and statistics read them).
    var statuses: [PersonStatus] = []
    var articles: [ChargeKey] = []
    var regions: [String] = []
    var byStatus: [PersonStatus: Int] = [:]
    var byArticle: [ChargeKey: Int] = [:]
    var byRegion: [String?: Int] = [:]
    // Positions in `rows` (ascending) by status, region (lower case), article
    // number, and code with article; and every sort's order of all rows. A
    // filtered, sorted or paged list walks these instead of copying and sorting `rows`.
    var rowsWithStatus: [PersonStatus: [Int32]] = [:]
    var rowsInRegion: [String: [Int32]] = [:]
    var rowsWithArticle: [String: [Int32]] = [:]
    var rowsWithCharge: [ChargeKey: [Int32]] = [:]
    var order: [ListQuery.Sort: [Int32]] = [:]

    mutating func computeFacets() {
        for (i, r) in rows.enumerated() {
            let at = Int32(i)
            byStatus[r.status, default: 0] += 1
            byRegion[r.region, default: 0] += 1
            rowsWithStatus[r.status, default: []].append(at)
            if let region = r.region { rowsInRegion[region.lowercased(), default: []].append(at) }
            for c in Set(r.charges.map { ChargeKey(code: $0.code, article: $0.article) }) {
                byArticle[c, default: 0] += 1
                rowsWithCharge[c, default: []].append(at)
            }
            for a in Set(r.charges.map(\.article)) { rowsWithArticle[a, default: []].append(at) }
        }
        statuses = PersonStatus.allCases.filter { byStatus[$0] != nil }
        articles = byArticle.keys.sorted()
        regions = byRegion.keys.compactMap { $0 }.sorted()
        // Ties keep the list's order, as a stable sort of any subset would.
        let all = Array(0..<Int32(rows.count))
        let rows = self.rows
        func sorted(_ before: (PrisonerRow, PrisonerRow) -> Bool) -> [Int32] {
            all.sorted { a, b in
                let (x, y) = (rows[Int(a)], rows[Int(b)])
                return before(x, y) || (!before(y, x) && a < b)
            }
        }
        order[.number] = all
        order[.name] = sorted { $0.name.localizedCompare($1.name) == .orderedAscending }
        order[.sentence] = sorted { ($0.sentenceMonths ?? -1) > ($1.sentenceMonths ?? -1) }
        order[.region] = sorted { ($0.region ?? "\u{10FFFF}", $0.name) < ($1.region ?? "\u{10FFFF}", $1.name) }
    }
}

/// The rows a list query selects, in its order: positions into the index's rows, not copies.
struct ListSelection: RandomAccessCollection {
    let rows: [PrisonerRow]
    let positions: [Int32]
    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    subscript(i: Int) -> PrisonerRow { rows[Int(positions[i])] }
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

struct PersonLabel: Sendable {
    var name: String
    var cyrillic: String?
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
/// or a download from this type. Results are cached per generation (see
/// `Generations`): a write noticed in the store starts one softly, and the
/// costly views (list indexes, lists, counts over time, changes) are then
/// served stale for at most `maxStale` while rebuilt in the background; a
/// write by this process starts one hard, and nothing older is served again.
final class PublicSite: Sendable {
    typealias OverTime = [(date: DateValue, count: Int, byStatus: [PersonStatus: Int])]

    let store: any KnowledgeStore
    let vocabulary: Vocabulary
    let generations: Generations
    private let state = Mutex(State())
    /// By "list|year"; a few at most (each holds a whole list).
    let indexes: RevalidatingCache<String, ListIndex?>
    private let publicLists: RevalidatingCache<Int, [PersonList]>
    private let changes: RevalidatingCache<Int, [Change]>
    private let counts: RevalidatingCache<PersonList.ID, OverTime>

    /// Cheap per-record views: emptied at every new generation, never served stale.
    private struct State {
        var storeRevision: Int?
        /// Public persons' names (Latin, Cyrillic); nil for a person who is not public.
        var publicPerson = BoundedCache<Person.ID, PersonLabel?>(capacity: 50_000)
        /// Public sources without their text; nil for a source that is not public.
        var publicSource = BoundedCache<Source.ID, Source?>(capacity: 10_000)
        /// Public persons' names for search, and the generation they were read at.
        var names: (generation: Int, index: NameIndex)?
        /// The one build of `names` under way (search uses the store meanwhile).
        var namesBuild: Task<Void, Never>?
    }

    init(store: any KnowledgeStore, vocabulary: Vocabulary, maxStale: Duration = .seconds(10)) {
        self.store = store
        self.vocabulary = vocabulary
        generations = Generations(maxStale: maxStale)
        indexes = RevalidatingCache(generations: generations, capacity: 8)
        publicLists = RevalidatingCache(generations: generations, capacity: 1)
        changes = RevalidatingCache(generations: generations, capacity: 4)
        counts = RevalidatingCache(generations: generations, capacity: 16)
    }

    var generation: Int { generations.current }

    /// After a write by this process: nothing cached before it is served again.
    func invalidate() { newGeneration(hard: true) }

    private func newGeneration(hard: Bool) {
        generations.advance(hard: hard)
        state.withLock { s in
            s.publicPerson.removeAll()
            s.publicSource.removeAll()
        }
        if hard {
            // Unservable now anyway; dropped to free the memory at once.
            indexes.removeAll(); publicLists.removeAll(); changes.removeAll(); counts.removeAll()
        }
    }

    /// Inserts into the per-record views only while the generation in which
    /// the record was read lasts (a read racing a new generation is not kept).
    private func remember(readIn generation: Int, _ body: (inout State) -> Void) {
        state.withLock { s in if generations.current == generation { body(&s) } }
    }

    /// Compares the store's revision with the last one seen; true when it
    /// changed (a new generation then starts softly: see `Generations`).
    @discardableResult
    func checkRevision() async -> Bool {
        guard let revision = try? await store.revision() else { return false }
        let changed = state.withLock { s -> Bool in
            defer { s.storeRevision = revision }
            return s.storeRevision != nil && s.storeRevision != revision
        }
        if changed { newGeneration(hard: false) }
        return changed
    }

    // MARK: - Persons

    /// The public display name of a person, or nil when the person may not be published.
    func publicName(_ id: Person.ID) async throws -> String? { try await publicLabel(id)?.name }

    /// The names of a public person, or nil; cached for the generation.
    func publicLabel(_ id: Person.ID) async throws -> PersonLabel? { try await publicLabels([id])[id] }

    /// Labels of the public ones among `ids`, from the cache or in one read of their names.
    func publicLabels(_ ids: some Sequence<Person.ID>) async throws -> [Person.ID: PersonLabel] {
        var out: [Person.ID: PersonLabel] = [:]
        var missing: [Person.ID] = []
        // A servable name index knows every public person of its generation (and no other).
        if let names = nameIndex() {
            for id in Set(ids) { if let p = names.person(id) { out[id] = names.label(ofPerson: p) } }
            return out
        }
        state.withLock { s in
            for id in Set(ids) {
                if let known = s.publicPerson[id] {
                    if let label = known { out[id] = label }
                } else {
                    missing.append(id)
                }
            }
        }
        guard !missing.isEmpty else { return out }
        let generation = generations.current
        var found: [Person.ID: PersonLabel?] = Dictionary(uniqueKeysWithValues: missing.map { ($0, nil) })
        for names in try await store.personNames(ids: missing) {
            // Names only, but through the same gate as every public record.
            guard case .person(let pub)? = PublicProjection.project(.person(names.person)) else { continue }
            found[names.id] = PersonLabel(name: pub.displayName, cyrillic: pub.cyrillicName)
        }
        remember(readIn: generation) { s in
            for (id, label) in found { s.publicPerson.insert(label, for: id) }
        }
        for case let (id, label?) in found { out[id] = label }
        return out
    }

    func publicPerson(_ id: Person.ID) async throws -> Person? {
        guard let p = try await store.person(id: id) else { return nil }
        return try await project(.person(p)).flatMap { if case .person(let x) = $0 { x } else { nil } }
    }

    /// A public source without its text, or nil; cached for the generation.
    func publicSourceInfo(_ id: Source.ID) async throws -> Source? {
        if let known = state.withLock({ $0.publicSource[id] }) { return known }
        let generation = generations.current
        var info: Source?
        if let s = try await store.sourceInfo(id: id), case .source(var pub)? = PublicProjection.project(.source(s)) {
            pub.text = nil
            info = pub
        }
        remember(readIn: generation) { $0.publicSource.insert(info, for: id) }
        return info
    }

    func isPublicSource(_ id: Source.ID) async throws -> Bool { try await publicSourceInfo(id) != nil }

    /// Which of the persons, sources and lists that `entities` point at are public.
    func references(_ entities: [Entity]) async throws -> PublicReferences {
        var ids = ReferencedIDs()
        for e in entities { ids.formUnion(PublicProjection.referencedIDs(e)) }
        let names = try await publicNames(ids.persons)
        var sources: Set<Source.ID> = []
        for id in ids.sources where try await isPublicSource(id) { sources.insert(id) }
        let lists = Set(try await lists().map(\.id))
        var references = PublicReferences(persons: Set(names.keys), sources: sources, lists: lists)
        // Assessments the page read and may show: a revision's `supersedes` names one of them.
        let assessments = Set(entities.compactMap { e -> Assessment.ID? in
            guard case .assessment(let a) = e, a.confidentiality == .public, names[a.person] != nil else { return nil }
            return a.id
        })
        references.assessment = { assessments.contains($0) }
        return references
    }

    /// One record through the public projection, references resolved.
    func project(_ entity: Entity) async throws -> Entity? {
        PublicProjection.project(entity, references: try await references([entity]))
    }

    /// Names for a set of ids, only the public ones.
    func publicNames(_ ids: some Sequence<Person.ID>) async throws -> [Person.ID: String] {
        try await publicLabels(ids).mapValues(\.name)
    }

    /// A person page's records, or nil when the person is unknown or not public.
    func personRecord(_ id: Person.ID) async throws -> PersonRecord? {
        guard let raw = try await store.person(id: id) else { return nil }
        let cases = try await store.cases(involving: id).map(Entity.case)
        let events = try await store.events(involving: id).map(Entity.event)
        let assessments = try await store.assessments(of: id).map(Entity.assessment)
        let all = [Entity.person(raw)] + cases + events + assessments
        let refs = try await references(all)
        guard case .person(let person)? = PublicProjection.project(.person(raw), references: refs) else { return nil }
        let pCases = cases.compactMap { e -> Case? in
            if case .case(let x)? = PublicProjection.project(e, references: refs) { x } else { nil }
        }
        let pEvents = events.compactMap { e -> Event? in
            if case .event(let x)? = PublicProjection.project(e, references: refs) { x } else { nil }
        }.sorted { ($0.date?.sortKey ?? 0, $0.id.rawValue) < ($1.date?.sortKey ?? 0, $1.id.rawValue) }
        let pAssessments = assessments.compactMap { e -> Assessment? in
            if case .assessment(let x)? = PublicProjection.project(e, references: refs) { x } else { nil }
        }
        var cited = ReferencedIDs()
        for e in [Entity.person(person)] + pCases.map(Entity.case) + pEvents.map(Entity.event) + pAssessments.map(Entity.assessment) {
            cited.formUnion(PublicProjection.referencedIDs(e))
        }
        var sources: [Source.ID: Source] = [:]
        for sid in cited.sources where refs.source(sid) {
            // A page links to the passage; it does not carry the document.
            if let s = try await publicSourceInfo(sid), case .source(let pub)? = PublicProjection.project(.source(s), references: refs) {
                sources[sid] = pub
            }
        }
        let names = try await publicNames(cited.persons)
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
        try await publicLists.value(0) { [store] in
            try await store.lists().compactMap { l -> PersonList? in
                // The site reads no organisations, so it cannot vouch for the list's
                // (an internal one's id is a secret): the reference goes.
                guard case .list(let x)? = PublicProjection.project(.list(l), references: .nothing) else { return nil }
                return x
            }
        }
    }

    /// The list `list` (default: the one with the most recent snapshot) as of
    /// the end of `year` (default: its latest snapshot). Nil when none is published.
    func index(list: String?, year: Int?) async throws -> ListIndex? {
        // Only real lists get an entry: addresses with made-up ids must not grow the cache.
        if let list, !(try await lists()).contains(where: { $0.id.rawValue == list }) { return nil }
        let key = "\(list ?? "")|\(year.map(String.init) ?? "")"
        // One build per key at a time; a failure is not remembered.
        return try await indexes.value(key) { try await self.buildIndex(list: list, year: year) }
    }

    private func buildIndex(list: String?, year: Int?) async throws -> ListIndex? {
        let asOf = year.flatMap { DateValue(year: $0, month: 12, day: 31) }
        var chosen: (PersonList, ListSnapshot)?
        for l in try await lists() where list == nil || l.id.rawValue == list {
            guard let snap = try await store.snapshot(of: l.id, asOf: asOf), snap.published else { continue }
            if chosen == nil || snap.asOf.latestKey > chosen!.1.asOf.latestKey { chosen = (l, snap) }
        }
        guard let (l, snap) = chosen else { return nil }
        // Persons and their cases in chunks: a few reads per 500 lines, bounded
        // memory, and each person read once. Who is public is remembered as it is
        // read, so projecting the snapshot below reads no person again.
        var rowOf: [Person.ID: PrisonerRow] = [:]
        let entries = snap.entries
        for start in stride(from: 0, to: entries.count, by: 500) {
            let ids = entries[start..<min(entries.count, start + 500)].map(\.person)
            let generation = generations.current
            async let personsRead = store.persons(ids: ids)
            async let casesRead = store.cases(involvingAny: ids)
            var persons: [Person.ID: Person] = [:]
            for p in try await personsRead {
                if case .person(let pub)? = PublicProjection.project(.person(p)) { persons[pub.id] = pub }
            }
            var casesOf: [Person.ID: [Case]] = [:]
            for c in try await casesRead {
                for id in Set(c.participants.map(\.person) + c.charges.map(\.person)) { casesOf[id, default: []].append(c) }
            }
            for person in persons.values {
                var charges: [ChargeKey] = []
                var months: Int?
                let onlyThisPerson = PublicReferences(person: { $0 == person.id }, source: { _ in true }, list: { _ in true })
                for c in casesOf[person.id] ?? [] {
                    // Only this person's charges are read here; other references do not reach the page.
                    guard case .case(let pc)? = PublicProjection.project(.case(c), references: onlyThisPerson) else { continue }
                    for ch in pc.charges where ch.person == person.id {
                        let k = ChargeKey(code: ch.code, article: ch.article, part: ch.part)
                        if !charges.contains(k) { charges.append(k) }
                    }
                    for s in pc.sentences where s.person == person.id {
                        if let m = s.sentence.months { months = max(months ?? 0, m) }
                    }
                }
                rowOf[person.id] = PrisonerRow(number: nil, section: nil, id: person.id, name: person.displayName,
                                               cyrillic: person.cyrillicName, status: .unknown, charges: charges.sorted(),
                                               region: person.region.current(), sentenceMonths: months)
            }
            remember(readIn: generation) { s in
                for id in ids {
                    s.publicPerson.insert(persons[id].map { PersonLabel(name: $0.displayName, cyrillic: $0.cyrillicName) }, for: id)
                }
            }
        }
        guard case .listSnapshot(let publicSnap)? = try await project(.listSnapshot(snap)) else { return nil }
        var rows: [PrisonerRow] = []
        rows.reserveCapacity(publicSnap.entries.count)
        for entry in publicSnap.entries {
            guard var row = rowOf[entry.person] else { continue }
            row.number = entry.number
            row.section = entry.section
            row.status = entry.status
            rows.append(row)
        }
        rowOf = [:]
        // The list's own order: numbering restarts in each top-level part ("Convicted / ...",
        // "Pre-trial detention / ..."), so parts keep their order and lines go by number within them.
        var partOrder: [String: Int] = [:]
        let keys = rows.enumerated().map { i, r in
            let part = r.section.map { String($0.prefix { $0 != "/" }) } ?? ""
            if partOrder[part] == nil { partOrder[part] = partOrder.count }
            return (partOrder[part]!, r.number ?? Int.max, i)
        }
        let ordered = keys.sorted { $0 < $1 }.map { rows[$0.2] }
        var sections: [String] = []
        var seenSections: Set<String> = []
        for r in ordered { if let s = r.section, seenSections.insert(s).inserted { sections.append(s) } }
        var index = ListIndex(list: l, snapshotID: snap.id, asOf: snap.asOf, statedCounts: snap.statedCounts,
                              rows: ordered, sections: sections)
        index.computeFacets()
        return index
    }

    /// Public counts of a list's snapshots over time (persons who are not public are not counted).
    func overTime(list: PersonList.ID) async throws -> OverTime {
        try await counts.value(list) {
            var out: OverTime = []
            for snap in try await self.store.snapshots(of: list) {
                guard case .listSnapshot(let pub)? = try await self.project(.listSnapshot(snap)) else { continue }
                var by: [PersonStatus: Int] = [:]
                for e in pub.entries { by[e.status, default: 0] += 1 }
                out.append((pub.asOf, pub.entries.count, by))
            }
            return out
        }
    }

    // MARK: - Changes

    /// The latest dated public events of public persons, newest first.
    func recentChanges(limit: Int) async throws -> [Change] {
        try await changes.value(limit) {
            var out: [Change] = []
            for e in try await self.store.latestEvents(limit: limit * 3) {
                guard case .event(let pub)? = try await self.project(.event(e)) else { continue }
                let names = try await self.publicNames(pub.participants.compactMap(\.person))
                let victim = pub.participants.first { $0.person != nil && $0.role == "victim" } ?? pub.participants.first { $0.person != nil }
                out.append(Change(event: pub, person: victim?.person, personName: victim?.person.flatMap { names[$0] }))
                if out.count == limit { break }
            }
            return out
        }
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

    /// Search hits that may be published: persons (whole-word matches of
    /// their names first), then events and sources in the store's rank order.
    /// Names come from the name index when it is built for this generation
    /// (no read at all), else from the store's full-text search while the
    /// index is built in the background.
    func search(_ query: String, limit: Int) async throws -> [Hit] {
        guard let names = nameIndex() else { return try await storeSearch(query, limit: limit) }
        let persons = names.search(query, limit: limit).map { p in
            let label = names.label(ofPerson: p)
            return Hit(kind: .person, id: names.id(ofPerson: p).rawValue, title: label.name, detail: label.cyrillic, person: names.id(ofPerson: p))
        }
        return persons + (try await publicHits(try await store.searchEventsAndSources(query, limit: limit, snippets: false)))
    }

    /// The store's search over names, events and sources, hits that may not be published left out.
    private func storeSearch(_ query: String, limit: Int) async throws -> [Hit] {
        let found = try await store.search(query, limit: limit, snippets: false)
        let labels = try await publicLabels(found.filter { $0.kind == .person }.map { Person.ID(rawValue: $0.id) })
        var persons: [Hit] = []
        for h in found where h.kind == .person {
            let id = Person.ID(rawValue: h.id)
            guard let p = labels[id] else { continue }
            persons.append(Hit(kind: .person, id: h.id, title: p.name, detail: p.cyrillic, person: id))
        }
        return persons + (try await publicHits(found.filter { $0.kind != .person }))
    }

    /// The public ones among event and source hits, in their order; events are read in one go.
    private func publicHits(_ found: [SearchHit]) async throws -> [Hit] {
        var events: [String: Event] = [:]
        let eventIDs = found.filter { $0.kind == .event }.map { Event.ID(rawValue: $0.id) }
        if !eventIDs.isEmpty {
            let raw = try await store.events(ids: eventIDs).map(Entity.event)
            let refs = try await references(raw)
            for e in raw { if case .event(let pub)? = PublicProjection.project(e, references: refs) { events[pub.id.rawValue] = pub } }
        }
        var hits: [Hit] = []
        for h in found {
            switch h.kind {
            case .person:
                continue
            case .event:
                guard let pub = events[h.id] else { continue }
                let who = pub.participants.compactMap(\.person).first
                hits.append(Hit(kind: .event, id: h.id, title: pub.type, detail: pub.date?.description, person: who))
            case .source:
                guard try await isPublicSource(Source.ID(rawValue: h.id)) else { continue }
                hits.append(Hit(kind: .source, id: h.id, title: h.title, detail: nil, person: nil))
            }
        }
        return hits
    }

    // MARK: - Name index

    /// The name index to answer from: of this generation, or of an earlier one
    /// within the staleness bound (as every cached view, see `Generations`);
    /// nil while none may be served. A build of this generation's is started
    /// when the index is older and none is under way.
    func nameIndex() -> NameIndex? {
        let clock = generations.snapshot()
        let found = state.withLock { s -> (generation: Int, index: NameIndex)? in
            var usable: (generation: Int, index: NameIndex)?
            if let names = s.names {
                if clock.servable(names.generation) { usable = names } else { s.names = nil }
            }
            if (usable?.generation ?? -1) < clock.current, s.namesBuild == nil {
                let generation = clock.current
                s.namesBuild = Task.detached(priority: .background) { [self] in await self.buildNameIndex(generation) }
            }
            return usable
        }
        guard let found else { return nil }
        // A page built from it is as stale as it is.
        BuildTrace.current?.note(found.generation)
        return found.index
    }

    /// Waits for the name index of this generation (tests, and a server that wants it before it serves).
    func readyNameIndex() async -> NameIndex? {
        while true {
            if let index = nameIndex() { return index }
            guard let build = state.withLock({ $0.namesBuild }) else { return nil }
            let before = generation
            await build.value
            // Nothing was written meanwhile and still no index: the build failed.
            if generation == before && state.withLock({ $0.names == nil }) { return nil }
        }
    }

    private func buildNameIndex(_ generation: Int) async {
        let index = try? await readNameIndex()
        state.withLock { s in
            s.namesBuild = nil
            // Labelled with the generation it began in: servable while that one is.
            if let index, (s.names?.generation ?? -1) < generation { s.names = (generation, index) }
        }
    }

    /// Every public person's names, read a page at a time through the same gate as `publicLabels`.
    private func readNameIndex() async throws -> NameIndex {
        var builder = NameIndex.Builder()
        var after: String?
        let pageSize = 1000
        while true {
            let page = try await store.entities(type: "person", after: after, limit: pageSize)
            for case .person(let p) in page {
                guard case .person(let pub)? = PublicProjection.project(.person(PersonNames(p).person)) else { continue }
                builder.add(pub)
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = last.id
        }
        return builder.finish()
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
                let refs = try await references(page)
                let out = page.compactMap { e -> Entity? in
                    guard var x = PublicProjection.project(e, references: refs) else { return nil }
                    if case .source(var s) = x { s.text = nil; x = .source(s) }  // documents are not open data
                    return x
                }
                if !out.isEmpty { try await body(out) }
                if page.count < pageSize { break }
            }
        }
    }
}
