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

    /// The record alone, vouching for nothing it points at: every reference
    /// and citation goes. For checking whether a record itself may appear
    /// (its name on a list, a list's title).
    public static func project(_ entity: Entity) -> Entity? {
        project(entity, references: .nothing)
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
