import AigaqCore

/// Counts over the whole knowledge base, for statistics: what a store can
/// compute in one pass (SQL aggregates in `SQLiteStore`, a scan by default).
///
/// Definitions, which every store must keep:
/// - Persons counted are those of role `persecuted`.
/// - A person's status (and region) is the current fact: the one with the
///   latest `as_of` (undated facts count as oldest; among equals, the first).
///   Persons without one are not counted.
/// - Occupations: each distinct occupation of a person counts once.
/// - Confidential records and facts never count (they are sealed, and a
///   count would show them); internal ones do.
/// - Articles: persons charged under each code and article, counted once per
///   article whatever the number of cases; key `"KZ-CC-2014 405"`.
/// - Events by year: events with a date, by the year of their date and type.
///
/// With `publicOnly`, only what `PublicProjection` would publish counts:
/// public persons, cases and events, public facts, and no unreviewed event
/// naming a person as perpetrator.
public struct KnowledgeAggregates: Hashable, Sendable, Codable {
    public var personsByStatus: [String: Int]
    public var personsByRegion: [String: Int]
    public var personsByOccupation: [String: Int]
    public var personsByArticle: [String: Int]
    /// Year → event type → events.
    public var eventsByYear: [Int: [String: Int]]

    public init(personsByStatus: [String: Int] = [:], personsByRegion: [String: Int] = [:],
                personsByOccupation: [String: Int] = [:], personsByArticle: [String: Int] = [:],
                eventsByYear: [Int: [String: Int]] = [:]) {
        self.personsByStatus = personsByStatus; self.personsByRegion = personsByRegion
        self.personsByOccupation = personsByOccupation; self.personsByArticle = personsByArticle
        self.eventsByYear = eventsByYear
    }

    enum CodingKeys: String, CodingKey {
        case personsByStatus = "by_status", personsByRegion = "by_region", personsByOccupation = "by_occupation",
             personsByArticle = "by_article", eventsByYear = "events_by_year"
    }

    /// Builds the aggregates from entities, one at a time, in any order. It
    /// counts everything it is given: filtering (the public projection) is the caller's.
    public struct Builder: Sendable {
        private var persons: [Person.ID: Person] = [:]
        private var charged: [String: Set<Person.ID>] = [:]
        private var events: [Int: [String: Int]] = [:]

        public init() {}

        public mutating func add(_ entity: Entity) {
            // Confidential records are sealed; counting them would show them.
            guard entity.confidentiality != .confidential else { return }
            switch entity {
            case .person(let p) where p.role == .persecuted:
                persons[p.id] = p
            case .case(let c):
                for ch in c.charges { charged["\(ch.code) \(ch.article)", default: []].insert(ch.person) }
            case .event(let e):
                if let year = e.date?.year { events[year, default: [:]][e.type, default: 0] += 1 }
            default:
                break
            }
        }

        public func build() -> KnowledgeAggregates {
            var result = KnowledgeAggregates(eventsByYear: events)
            for p in persons.values {
                // Confidential facts are sealed: they count nowhere, not even internally.
                func open<V>(_ facts: [Fact<V>]) -> [Fact<V>] { facts.filter { $0.confidentiality != .confidential } }
                if let s: PersonStatus = open(p.statuses).current() { result.personsByStatus[s.rawValue, default: 0] += 1 }
                if let r: String = open(p.region).current() { result.personsByRegion[r, default: 0] += 1 }
                for o in Set(open(p.occupations).map(\.value)) { result.personsByOccupation[o, default: 0] += 1 }
            }
            // Only persecuted persons the builder saw count as charged.
            for (key, ids) in charged {
                let n = ids.filter { persons[$0] != nil }.count
                if n > 0 { result.personsByArticle[key] = n }
            }
            return result
        }
    }
}
