import AigaqCore
import AigaqStore

/// The one gate every public output goes through (pages, the API without
/// login, `export --public`, public reports, feeds). It keeps only what is
/// `public` and removes, never blanks, everything else:
///
/// - records that are `internal` or `confidential`, candidates and decisions;
/// - facts, relations and participants that are not public;
/// - everything that points to a record that is not public: relations,
///   memberships, participants, charges, sentences, list entries, assessments,
///   courts, cases, attributes naming it, and citations of non-public sources;
/// - list snapshots that are not published, and those of non-public lists;
/// - events that accuse a named person (a perpetrator) until a reviewer has
///   marked them reviewed for publication.
///
/// Deciding what points where needs the whole knowledge base, so a projection
/// is built over a ``PublicIndex`` of which records are public.
public struct PublicProjection: Sendable {
    public let index: PublicIndex

    public init(index: PublicIndex) { self.index = index }

    /// A projection over `entities` (the whole knowledge base).
    public init(entities: some Sequence<Entity>) { self.init(index: PublicIndex(entities)) }

    /// A projection over everything `store` holds.
    public static func load(from store: some KnowledgeStore) async throws -> PublicProjection {
        var index = PublicIndex()
        try await store.exportEntities { index.add($0) }
        return PublicProjection(index: index)
    }

    /// The public form of `entity`, or nil when nothing of it may be published.
    public func project(_ entity: Entity) -> Entity? {
        guard entity.confidentiality == .public else { return nil }
        switch entity {
        case .source(let s): return .source(s)
        case .organisation(var o):
            o.citations = cited(o.citations)
            return .organisation(o)
        case .person(let p): return .person(project(p))
        case .case(let c): return .case(project(c))
        case .event(let e): return project(e).map(Entity.event)
        case .assessment(var a):
            guard index.isPublic(person: a.person) else { return nil }
            if let list = a.list, !index.isPublic(list: list) { a.list = nil }
            if let old = a.supersedes, !index.isPublic(assessment: old) { a.supersedes = nil }
            a.criteria = a.criteria.map { var c = $0; c.citations = cited(c.citations); return c }
            a.citations = cited(a.citations)
            return .assessment(a)
        case .list(var l):
            if let org = l.organisation, !index.isPublic(organisation: org) { l.organisation = nil }
            return .list(l)
        case .listSnapshot(var s):
            guard s.published, index.isPublic(list: s.list) else { return nil }
            s.entries = s.entries.filter { index.isPublic(person: $0.person) }
                .map { var e = $0; e.citations = cited(e.citations); return e }
            s.citations = cited(s.citations)
            return .listSnapshot(s)
        case .figure(var f):
            f.citations = cited(f.citations)
            return .figure(f)
        case .candidate: return nil  // unreviewed by definition
        case .decision: return nil  // reviewers' internal work
        }
    }

    /// A public person's public form (the caller has checked the record itself).
    public func project(_ person: Person) -> Person {
        var p = person
        p.names = p.names.map { var n = $0; n.citations = cited(n.citations); return n }
        p.birthYear = facts(p.birthYear)
        p.region = facts(p.region)
        p.city = facts(p.city)
        p.occupations = facts(p.occupations)
        p.statuses = facts(p.statuses)
        p.detention = facts(p.detention)
        p.notes = facts(p.notes)
        p.relations = p.relations.filter { $0.confidentiality == .public && index.isPublic(person: $0.person) }
            .map { var r = $0; r.citations = cited(r.citations); return r }
        p.memberships = p.memberships.filter { index.isPublic(organisation: $0.organisation) }
            .map { var m = $0; m.citations = cited(m.citations); return m }
        p.citations = cited(p.citations)
        return p
    }

    public func project(_ legalCase: Case) -> Case {
        var c = legalCase
        if let court = c.court, !index.isPublic(organisation: court) { c.court = nil }
        c.participants = c.participants.filter { $0.confidentiality == .public && index.isPublic(person: $0.person) }
        c.charges = c.charges.filter { index.isPublic(person: $0.person) }
            .map { var ch = $0; ch.citations = cited(ch.citations); return ch }
        c.sentences = c.sentences.filter { index.isPublic(person: $0.person) }
            .map { var s = $0; s.citations = cited(s.citations); return s }
        c.citations = cited(c.citations)
        return c
    }

    /// Nil for an allegation against a named person that no reviewer has
    /// cleared for publication: a premature accusation can cost the NGO a
    /// lawsuit, so the whole event (its summary names them too) waits.
    public func project(_ event: Event) -> Event? {
        guard event.confidentiality == .public else { return nil }
        if PublicProjection.isUnreviewedAllegation(event) { return nil }
        var e = event
        e.participants = e.participants.filter { p in
            guard p.confidentiality == .public else { return false }
            if let person = p.person, !index.isPublic(person: person) { return false }
            if let org = p.organisation, !index.isPublic(organisation: org) { return false }
            return true
        }
        if PublicProjection.leftOutEveryPerson(of: event, in: e) { return nil }
        if let c = e.caseID, !index.isPublic(case: c) { e.caseID = nil }
        // Attributes the vocabulary types as a person or an organisation stay
        // only when they name a public one (an id the index does not know, such
        // as a record sealed away from this reader, goes); other attributes go
        // when they name a record that is not public.
        e.attributes = e.attributes.filter { key, value in
            // Without the vocabulary nothing tells references apart: none stays.
            guard let references = PublicProjection.referenceAttributes else { return false }
            if references.contains(key) {
                return index.isPublic(person: Person.ID(rawValue: value)) || index.isPublic(organisation: Organisation.ID(rawValue: value))
            }
            return !index.isHidden(id: value)
        }
        e.citations = cited(e.citations)
        return e
    }

    /// Event attributes whose values are ids of persons or organisations, in any event type.
    static let referenceAttributes: Set<String>? = {
        guard let vocabulary = try? Vocabulary.bundled() else { return nil }
        return Set(vocabulary.eventTypes.flatMap(\.attributes).filter { $0.type == .person || $0.type == .organisation }.map(\.id))
    }()

    /// An event that names a person as perpetrator and is not reviewed for publication.
    /// True when `event` named persons and its public form `shown` names none:
    /// it would still say that something happened to someone hidden.
    public static func leftOutEveryPerson(of event: Event, in shown: Event) -> Bool {
        event.participants.contains { $0.person != nil } && !shown.participants.contains { $0.person != nil }
    }

    public static func isUnreviewedAllegation(_ event: Event) -> Bool {
        !event.reviewedForPublication && event.participants.contains { $0.role == "perpetrator" && $0.person != nil }
    }

    private func facts<V>(_ facts: [Fact<V>]) -> [Fact<V>] {
        facts.filter { $0.confidentiality == .public }.map { var f = $0; f.citations = cited(f.citations); return f }
    }

    /// Citations of public sources only: the id of a non-public source is itself a secret.
    private func cited(_ citations: [Citation]) -> [Citation] {
        citations.filter { index.isPublic(source: $0.source) }
    }
}

/// Which records appear in public output, by type and id: what
/// ``PublicProjection`` needs to know about the records an entity points to.
/// Ids of records that do not appear are remembered too, so that free
/// attributes naming them go.
public struct PublicIndex: Sendable {
    private var publicIDs: [String: Set<String>] = [:]
    /// Set when the index answers from a caller's references instead of records.
    private var references: PublicReferences?
    /// An assessment appears only when its person does.
    private var assessmentPerson: [String: Person.ID] = [:]
    private var allIDs: Set<String> = []

    public init() {}

    /// An index that asks `references`; an id it cannot vouch for is not public.
    public init(references: PublicReferences) { self.references = references }

    public init(_ entities: some Sequence<Entity>) {
        for e in entities { add(e) }
    }

    public mutating func add(_ entity: Entity) {
        allIDs.insert(entity.id)
        let isPublic: Bool = switch entity {
        case .candidate, .decision: false
        case .listSnapshot(let s): s.published
        case .event(let e): e.confidentiality == .public && !PublicProjection.isUnreviewedAllegation(e)
        default: entity.confidentiality == .public
        }
        guard isPublic else { return }
        publicIDs[entity.typeName, default: []].insert(entity.id)
        if case .assessment(let a) = entity { assessmentPerson[a.id.rawValue] = a.person }
    }

    func isPublic(_ type: String, _ id: String) -> Bool {
        if let r = references {
            switch type {
            case "person": return r.person(Person.ID(rawValue: id))
            case "source": return r.source(Source.ID(rawValue: id))
            case "list": return r.list(PersonList.ID(rawValue: id))
            case "organisation": return r.organisation(Organisation.ID(rawValue: id))
            case "case": return r.legalCase(Case.ID(rawValue: id))
            case "assessment": return r.assessment(Assessment.ID(rawValue: id))
            default: return false
            }
        }
        guard publicIDs[type]?.contains(id) == true else { return false }
        if type == "assessment" { return assessmentPerson[id].map { isPublic(person: $0) } ?? false }
        return true
    }
    public func isPublic(person: Person.ID) -> Bool { isPublic("person", person.rawValue) }
    public func isPublic(source: Source.ID) -> Bool { isPublic("source", source.rawValue) }
    public func isPublic(organisation: Organisation.ID) -> Bool { isPublic("organisation", organisation.rawValue) }
    public func isPublic(case id: Case.ID) -> Bool { isPublic("case", id.rawValue) }
    public func isPublic(list: PersonList.ID) -> Bool { isPublic("list", list.rawValue) }
    public func isPublic(assessment: Assessment.ID) -> Bool { isPublic("assessment", assessment.rawValue) }

    /// True for the id of any record that does not appear in public output.
    public func isHidden(id: String) -> Bool {
        // From references, every id is unknown: anything shaped like a
        // person's id (which names the person) goes unless vouched for.
        if references != nil { return id.hasPrefix("p-") && !isPublic("person", id) }
        return allIDs.contains(id) && !Entity.typeOrder.contains { isPublic($0, id) }
    }
}
