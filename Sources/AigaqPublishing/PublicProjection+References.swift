import AigaqCore
import Tagged

/// What may be named in public output: which persons, sources and lists are public.
public struct PublicReferences: Sendable {
    public var person: @Sendable (Person.ID) -> Bool
    public var source: @Sendable (Source.ID) -> Bool
    public var list: @Sendable (PersonList.ID) -> Bool

    public init(person: @escaping @Sendable (Person.ID) -> Bool, source: @escaping @Sendable (Source.ID) -> Bool,
                list: @escaping @Sendable (PersonList.ID) -> Bool) {
        self.person = person; self.source = source; self.list = list
    }

    /// Public organisations and cases; none unless the caller knows.
    public var organisation: @Sendable (Organisation.ID) -> Bool = { _ in false }
    public var legalCase: @Sendable (Case.ID) -> Bool = { _ in false }
    /// Public assessments (an assessment's `supersedes` stays only when it names one).
    public var assessment: @Sendable (Assessment.ID) -> Bool = { _ in false }

    /// Vouches for nothing.
    public static let nothing = PublicReferences(person: { _ in false }, source: { _ in false }, list: { _ in false })

    /// From sets of the public ids.
    public init(persons: Set<Person.ID>, sources: Set<Source.ID>, lists: Set<PersonList.ID>) {
        self.init(person: { persons.contains($0) }, source: { sources.contains($0) }, list: { lists.contains($0) })
    }
}

/// The ids one record points at, so that a caller can find out which are public.
public struct ReferencedIDs: Sendable {
    public var persons: Set<Person.ID> = []
    public var sources: Set<Source.ID> = []
    public var lists: Set<PersonList.ID> = []
    public init() {}

    public mutating func formUnion(_ other: ReferencedIDs) {
        persons.formUnion(other.persons); sources.formUnion(other.sources); lists.formUnion(other.lists)
    }
}

extension PublicProjection {
    /// The public form of `entity` when the caller knows only which of the
    /// persons, sources and lists it points at are public (a page that read a
    /// few records, not the whole knowledge base): the same projection as
    /// ``project(_:)-instance method``, over an index that answers from `references`.
    /// What the references cannot vouch for (organisations, cases, ids in
    /// free attributes) is treated as not public and left out.
    public static func project(_ entity: Entity, references r: PublicReferences) -> Entity? {
        PublicProjection(index: PublicIndex(references: r)).project(entity)
    }

    /// The record's own public form: non-public facts, relations and
    /// participants removed, unreviewed allegations left out, but references
    /// to other records kept. Only for callers that check those references
    /// themselves against what is public (`PublicKnowledge`, which drops
    /// entries, charges and participants of non-public persons and sources
    /// that are not public; the web's `PublicSite`). Everything else uses a
    /// projection over an index (`PublicProjection(index:)`, `load(from:)`).
    public static func project(_ entity: Entity) -> Entity? {
        guard entity.confidentiality == .public else { return nil }
        switch entity {
        case .person(var p):
            p.birthYear = p.birthYear.filter { $0.confidentiality == .public }
            p.region = p.region.filter { $0.confidentiality == .public }
            p.city = p.city.filter { $0.confidentiality == .public }
            p.occupations = p.occupations.filter { $0.confidentiality == .public }
            p.statuses = p.statuses.filter { $0.confidentiality == .public }
            p.detention = p.detention.filter { $0.confidentiality == .public }
            p.notes = p.notes.filter { $0.confidentiality == .public }
            p.relations = p.relations.filter { $0.confidentiality == .public }
            return .person(p)
        case .case(var c):
            c.participants = c.participants.filter { $0.confidentiality == .public }
            return .case(c)
        case .event(var e):
            if isUnreviewedAllegation(e) { return nil }
            e.participants = e.participants.filter { $0.confidentiality == .public }
            return .event(e)
        case .listSnapshot(let s):
            return s.published ? .listSnapshot(s) : nil
        case .candidate, .decision:
            return nil
        default:
            return entity
        }
    }

    /// Every person, source and list `entity` points at (itself included).
    public static func referencedIDs(_ entity: Entity) -> ReferencedIDs {
        var ids = ReferencedIDs()
        func cite(_ cs: [Citation]) { for c in cs { ids.sources.insert(c.source) } }
        func cite<V>(_ facts: [Fact<V>]) { for f in facts { cite(f.citations) } }
        switch entity {
        case .source(let s): ids.sources.insert(s.id)
        case .organisation(let o): cite(o.citations)
        case .person(let p):
            ids.persons.insert(p.id)
            cite(p.citations); p.names.forEach { cite($0.citations) }
            cite(p.birthYear); cite(p.region); cite(p.city); cite(p.occupations); cite(p.statuses); cite(p.detention); cite(p.notes)
            for x in p.relations { ids.persons.insert(x.person); cite(x.citations) }
            p.memberships.forEach { cite($0.citations) }
        case .case(let c):
            cite(c.citations)
            c.participants.forEach { ids.persons.insert($0.person) }
            for x in c.charges { ids.persons.insert(x.person); cite(x.citations) }
            for x in c.sentences { ids.persons.insert(x.person); cite(x.citations) }
        case .event(let e):
            cite(e.citations)
            e.participants.forEach { if let p = $0.person { ids.persons.insert(p) } }
        case .assessment(let a):
            ids.persons.insert(a.person)
            if let l = a.list { ids.lists.insert(l) }
            cite(a.citations); a.criteria.forEach { cite($0.citations) }
        case .figure(let f): cite(f.citations)
        case .list(let l): ids.lists.insert(l.id)
        case .listSnapshot(let s):
            ids.lists.insert(s.list)
            cite(s.citations)
            for x in s.entries { ids.persons.insert(x.person); cite(x.citations) }
        case .candidate, .decision: break
        }
        return ids
    }
}
