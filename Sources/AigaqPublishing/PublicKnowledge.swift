import AigaqCore
import Foundation
import Tagged
import AigaqStore

/// The knowledge base as the public may see it: every record it hands out has
/// passed `PublicProjection`, so reports, statistics and charts built on it
/// cannot reach anything internal or confidential. It holds no way to read a
/// record unprojected.
///
/// On top of the per-record projection it drops what points at records that
/// are not public: list entries of non-public persons, cases' charges and
/// sentences of non-public persons, and sources that are not public (their
/// citations then lead nowhere, and a statement left without a public source
/// is not published).
public struct PublicKnowledge: Sendable {
    private let store: any KnowledgeStore
    /// Persons already read, projected (nil: not public): a report asks for
    /// the same persons through lists, cases and events.
    private let seen = PersonCache()

    public init(store: some KnowledgeStore) { self.store = store }

    public func lists() async throws -> [PersonList] {
        try await store.lists().compactMap { project(.list($0)) { if case .list(let l) = $0 { l } else { nil } } }
    }

    public func list(id: PersonList.ID) async throws -> PersonList? {
        try await lists().first { $0.id == id }
    }

    /// Published snapshots of a public list, oldest first, with entries of
    /// non-public persons removed.
    public func snapshots(of list: PersonList.ID) async throws -> [ListSnapshot] {
        guard try await self.list(id: list) != nil else { return [] }
        let snapshots = try await store.snapshots(of: list).filter(\.published)
        let people = Set(try await persons(ids: Array(Set(snapshots.flatMap { $0.entries.map(\.person) }))).map(\.id))
        return snapshots.compactMap { snapshot in
            guard case .listSnapshot(var s)? = PublicProjection.project(.listSnapshot(snapshot)) else { return nil }
            s.entries = s.entries.filter { people.contains($0.person) }
            return s
        }
    }

    /// The date of a public list's latest published snapshot on or before `asOf`.
    public func latestSnapshotDate(of list: PersonList.ID, asOf: DateValue) async throws -> DateValue? {
        guard try await self.list(id: list) != nil else { return nil }
        // Snapshots not yet published are drafts: look back past them.
        var date = asOf
        while let s = try await store.snapshot(of: list, asOf: date) {
            if s.published { return s.asOf }
            guard let before = Self.dayBefore(s.asOf) else { return nil }
            date = before
        }
        return nil
    }

    static func dayBefore(_ d: DateValue) -> DateValue? {
        let (y, m, day) = d.earliest
        if day > 1 { return DateValue(year: y, month: m, day: day - 1) }
        if m > 1 { return DateValue(year: y, month: m - 1, day: DateValue.daysIn(month: m - 1, year: y)) }
        return DateValue(year: y - 1, month: 12, day: 31)
    }

    public func person(id: Person.ID) async throws -> Person? {
        try await persons(ids: [id]).first
    }

    public func persons(ids: [Person.ID]) async throws -> [Person] {
        let missing = seen.missing(ids)
        if !missing.isEmpty {
            let found = try await store.persons(ids: missing)
            seen.store(missing, found.compactMap { project(.person($0)) { if case .person(let p) = $0 { p } else { nil } } })
        }
        return seen.lookup(ids)
    }

    /// Persons whose names match, in any script or spelling; public ones only.
    public func persons(named name: String, limit: Int) async throws -> [Person] {
        let found = try await store.persons(named: name, limit: limit)
        return try await persons(ids: found.map(\.id))
    }

    public func cases(involvingAny persons: [Person.ID]) async throws -> [Case] {
        let cases = try await store.cases(involvingAny: persons)
        let people = try await visiblePersons(in: cases.flatMap { $0.charges.map(\.person) + $0.sentences.map(\.person) + $0.participants.map(\.person) })
        return cases.compactMap { c in
            guard case .case(var projected)? = PublicProjection.project(.case(c)) else { return nil }
            projected.charges = projected.charges.filter { people.contains($0.person) }
            projected.sentences = projected.sentences.filter { people.contains($0.person) }
            projected.participants = projected.participants.filter { people.contains($0.person) }
            return projected
        }
    }

    public func events(involvingAny persons: [Person.ID], types: [String]? = nil) async throws -> [Event] {
        try await visible(events: store.events(involvingAny: persons, types: types))
    }

    /// The display names of the public persons among `ids`.
    public func names(of ids: [Person.ID]) async throws -> [Person.ID: String] {
        try await store.publicPersonNames(among: ids)
    }

    public func events(types: [String]?, from: DateValue?, to: DateValue?) async throws -> [Event] {
        try await visible(events: store.events(types: types, from: from, to: to))
    }

    public func events(withAttribute name: String) async throws -> [Event] {
        try await visible(events: store.events(withAttribute: name))
    }

    public func assessments(of person: Person.ID) async throws -> [Assessment] {
        guard try await self.person(id: person) != nil else { return [] }
        return try await store.assessments(of: person).compactMap { project(.assessment($0)) { if case .assessment(let a) = $0 { a } else { nil } } }
    }

    public func assessments(list: PersonList.ID) async throws -> [Assessment] {
        let all = try await store.assessments(list: list)
        let people = try await visiblePersons(in: all.map(\.person))
        return all.filter { people.contains($0.person) }
            .compactMap { project(.assessment($0)) { if case .assessment(let a) = $0 { a } else { nil } } }
    }

    public func figures(measure: String?) async throws -> [StatedFigure] {
        try await store.figures(measure: measure).compactMap { project(.figure($0)) { if case .figure(let f) = $0 { f } else { nil } } }
    }

    /// A public source without its text (reports cite passages by offset, never copy them).
    public func source(id: Source.ID) async throws -> Source? {
        guard let s = try await store.source(id: id),
              case .source(var projected)? = PublicProjection.project(.source(s)) else { return nil }
        projected.text = nil
        return projected
    }

    /// The public sources among `ids`, by id.
    public func sources(ids: some Sequence<Source.ID>) async throws -> [Source.ID: Source] {
        var found: [Source.ID: Source] = [:]
        for id in Set(ids) { if let s = try await source(id: id) { found[id] = s } }
        return found
    }

    /// Counts for statistics, as the public projection would count them.
    public func aggregates() async throws -> KnowledgeAggregates {
        try await store.aggregates(publicOnly: true)
    }

    // MARK: -

    private func visible(events: [Event]) async throws -> [Event] {
        let projected = events.compactMap { e in project(.event(e)) { if case .event(let x) = $0 { (original: e, public: x) } else { nil } } }
        let people = try await visiblePersons(in: projected.flatMap { $0.public.participants.compactMap(\.person) })
        return projected.compactMap { pair in
            var e = pair.public
            e.participants = e.participants.filter { $0.person.map(people.contains) ?? true }
            return PublicProjection.leftOutEveryPerson(of: pair.original, in: e) ? nil : e
        }
    }

    private func visiblePersons(in ids: [Person.ID]) async throws -> Set<Person.ID> {
        Set(try await store.publicPersonNames(among: Array(Set(ids))).keys)
    }

    private func project<T>(_ entity: Entity, _ unwrap: (Entity) -> T?) -> T? {
        PublicProjection.project(entity).flatMap(unwrap)
    }
}

/// The persons a `PublicKnowledge` has read, projected; shared by its copies.
private final class PersonCache: @unchecked Sendable {
    private let lock = NSLock()
    private var persons: [Person.ID: Person?] = [:]

    func missing(_ ids: [Person.ID]) -> [Person.ID] {
        lock.withLock { ids.filter { persons[$0] == nil } }
    }

    /// Records what was read for `asked`: the public ones found, nil for the rest.
    func store(_ asked: [Person.ID], _ found: [Person]) {
        lock.withLock {
            for id in asked { persons[id] = .some(nil) }
            for p in found { persons[p.id] = p }
        }
    }

    /// The public persons among `ids`, in their order.
    func lookup(_ ids: [Person.ID]) -> [Person] {
        lock.withLock { ids.compactMap { persons[$0] ?? nil } }
    }
}
