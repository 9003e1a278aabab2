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
    /// The public form of `entity` when other records point at things that
    /// may not be published: references to persons who are not public are
    /// removed (an id such as `p-surname-given` names the person), so are
    /// citations of sources that are not public; a record about such a person,
    /// or of a list that is not public, is left out, and so is an unpublished snapshot.
    public static func project(_ entity: Entity, references r: PublicReferences) -> Entity? {
        guard let projected = project(entity) else { return nil }
        func keep(_ cs: [Citation]) -> [Citation] { cs.filter { r.source($0.source) } }
        func keep<V>(_ facts: [Fact<V>]) -> [Fact<V>] { facts.map { var f = $0; f.citations = keep(f.citations); return f } }
        switch projected {
        case .source(let s):
            return r.source(s.id) ? .source(s) : nil
        case .organisation(var o):
            o.citations = keep(o.citations)
            return .organisation(o)
        case .person(var p):
            guard r.person(p.id) else { return nil }
            p.citations = keep(p.citations)
            p.names = p.names.map { var n = $0; n.citations = keep(n.citations); return n }
            p.birthYear = keep(p.birthYear); p.region = keep(p.region); p.city = keep(p.city)
            p.occupations = keep(p.occupations); p.statuses = keep(p.statuses); p.detention = keep(p.detention)
            p.notes = keep(p.notes)
            p.relations = p.relations.filter { r.person($0.person) }.map { var x = $0; x.citations = keep(x.citations); return x }
            p.memberships = p.memberships.map { var m = $0; m.citations = keep(m.citations); return m }
            return .person(p)
        case .case(var c):
            c.citations = keep(c.citations)
            c.participants = c.participants.filter { r.person($0.person) }
            c.charges = c.charges.filter { r.person($0.person) }.map { var x = $0; x.citations = keep(x.citations); return x }
            c.sentences = c.sentences.filter { r.person($0.person) }.map { var x = $0; x.citations = keep(x.citations); return x }
            return .case(c)
        case .event(var e):
            e.citations = keep(e.citations)
            let before = e.participants.count
            e.participants = e.participants.filter { $0.person.map(r.person) ?? true }
            // An event whose people were all left out would still say something happened to someone hidden.
            if before > 0 && e.participants.isEmpty { return nil }
            return .event(e)
        case .assessment(var a):
            guard r.person(a.person), a.list.map(r.list) ?? true else { return nil }
            a.citations = keep(a.citations)
            a.criteria = a.criteria.map { var c = $0; c.citations = keep(c.citations); return c }
            return .assessment(a)
        case .list(let l):
            return r.list(l.id) ? .list(l) : nil
        case .figure(var f):
            f.citations = keep(f.citations)
            return .figure(f)
        case .listSnapshot(var s):
            guard s.published, r.list(s.list) else { return nil }
            s.citations = keep(s.citations)
            s.entries = s.entries.filter { r.person($0.person) }.map { var x = $0; x.citations = keep(x.citations); return x }
            return .listSnapshot(s)
        default:
            return projected
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
