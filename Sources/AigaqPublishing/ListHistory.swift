import AigaqCore
import Tagged

/// One person on a list as of a date, as computed from the knowledge base.
public struct ListMember: Hashable, Sendable, Codable {
    public var person: Person.ID
    /// The section and number the published list gives; nil for a person added since.
    public var section: String?
    public var number: Int?
    public var status: PersonStatus
    /// The status the published list gives, when the person is on it.
    public var listedStatus: PersonStatus?
    /// The date of the fact the status comes from (the snapshot's date when unchanged).
    public var statusSince: DateValue?
    /// The latest sentence known on the date, if any.
    public var sentence: Sentence?
    public var sentenceDate: DateValue?
    /// The list entry's citations and those of the facts that changed it.
    public var citations: [Citation]

    enum CodingKeys: String, CodingKey {
        case person, section, number, status, listedStatus = "listed_status", statusSince = "status_since", sentence, sentenceDate = "sentence_date", citations
    }
}

/// A list's membership as of a date: the latest published snapshot on or
/// before the date, carried forward by the dated facts that came after it.
public struct ListMembership: Sendable {
    public var list: PersonList
    public var asOf: DateValue
    /// The published snapshot the membership starts from; nil before the first.
    public var snapshot: ListSnapshot?
    /// Deprived of liberty on the date, in the list's order (see ``ListHistory/order``).
    public var members: [ListMember]

    public var countsByStatus: [String: Int] {
        members.reduce(into: [:]) { $0[$1.status.rawValue, default: 0] += 1 }
    }

    public func member(_ id: Person.ID) -> ListMember? { members.first { $0.person == id } }
}

/// What changed on a list between two dates.
public struct ListDiff: Sendable {
    public struct Departure: Hashable, Sendable {
        public var member: ListMember
        /// The status that took the person off the list (released, restricted freedom, deceased...).
        public var status: PersonStatus
        public var since: DateValue?
        public var citations: [Citation]
    }
    public struct StatusChange: Hashable, Sendable {
        public var person: Person.ID
        public var from: PersonStatus
        public var to: PersonStatus
        public var since: DateValue?
        public var citations: [Citation]
    }
    public struct SentenceChange: Hashable, Sendable {
        public var person: Person.ID
        public var from: Sentence?
        public var to: Sentence?
        public var date: DateValue?
        public var citations: [Citation]
    }

    public var from: ListMembership
    public var to: ListMembership
    public var added: [ListMember]
    /// Persons on the list at the start and not at the end: "released" in the
    /// broad sense of no longer deprived of liberty (or deceased).
    public var released: [Departure]
    public var statusChanged: [StatusChange]
    public var sentenceChanged: [SentenceChange]

    public var isEmpty: Bool { added.isEmpty && released.isEmpty && statusChanged.isEmpty && sentenceChanged.isEmpty }
}

/// A list's size on one date, for charts.
public struct ListCount: Hashable, Sendable, Codable {
    public var date: DateValue
    public var total: Int
    public var byStatus: [String: Int]
    enum CodingKeys: String, CodingKey { case date, total, byStatus = "by_status" }
}

/// Everything needed to compute a list's membership on any date, loaded once.
///
/// Membership on a date D starts from the latest published snapshot dated on
/// or before D: a published list is frozen, so on its own date it is returned
/// exactly as published. Facts dated after the snapshot and on or before D
/// then carry each person forward: a status fact, a sentence (prison keeps a
/// person on the list; restricted freedom, a suspended sentence or a fine take
/// them off), a release, parole, amnesty or death in custody. Persons assessed
/// against the list's criteria after the snapshot join it while deprived of
/// liberty. A date compares by the last day it can mean (a fact "as of
/// 2025-02" counts from 28 February 2025), as the stores' snapshot lookup does.
public struct ListHistory: Sendable {
    public let list: PersonList
    /// Published snapshots, oldest first.
    public let snapshots: [ListSnapshot]
    /// Everyone ever on the list, their cases and their events, as loaded.
    public let people: [Person]
    public let cases: [Case]
    public let allEvents: [Event]
    let persons: [Person.ID: Person]
    let sentences: [Person.ID: [SentenceRecord]]
    let assessments: [Assessment]
    /// Each person's dated facts, worked out once: counts over time ask for them on every date.
    let observed: [Person.ID: [Observation]]

    public init(list: PersonList, snapshots: [ListSnapshot], persons: [Person], cases: [Case], events: [Event],
                assessments: [Assessment]) {
        self.list = list
        self.snapshots = snapshots.filter(\.published).sorted { $0.asOf.latestKey < $1.asOf.latestKey }
        self.people = persons
        self.cases = cases
        self.allEvents = events
        self.persons = Dictionary(persons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var sentences: [Person.ID: [SentenceRecord]] = [:]
        for c in cases { for s in c.sentences { sentences[s.person, default: []].append(s) } }
        self.sentences = sentences
        var byPerson: [Person.ID: [Event]] = [:]
        for e in events { for p in Set(e.participants.compactMap(\.person)) { byPerson[p, default: []].append(e) } }
        self.assessments = assessments.filter { $0.list == list.id }
        var observed: [Person.ID: [Observation]] = [:]
        for p in persons {
            observed[p.id] = ListHistory.observations(of: p, sentences: sentences[p.id] ?? [], events: byPerson[p.id] ?? [])
        }
        self.observed = observed
    }

    /// The event types that move a person on or off a list; loading only these
    /// is enough for counts (reports load every event, for their summaries).
    public static let statusEventTypes = ["release", "parole", "amnesty", "death-in-custody"]

    /// Loads a public list and the facts of everyone who was ever on it: their
    /// events of `eventTypes` (all when nil).
    public static func load(list id: PersonList.ID, from knowledge: PublicKnowledge,
                            eventTypes: [String]? = nil) async throws -> ListHistory {
        guard let list = try await knowledge.list(id: id) else { throw AigaqError.notFound(what: "list \(id.rawValue)") }
        let snapshots = try await knowledge.snapshots(of: id)
        let assessments = try await knowledge.assessments(list: id)
        var ids: [Person.ID] = []
        var seen: Set<Person.ID> = []
        for p in snapshots.flatMap({ $0.entries.map(\.person) }) + assessments.map(\.person) where seen.insert(p).inserted {
            ids.append(p)
        }
        return ListHistory(list: list, snapshots: snapshots, persons: try await knowledge.persons(ids: ids),
                           cases: try await knowledge.cases(involvingAny: ids),
                           events: try await knowledge.events(involvingAny: ids, types: eventTypes), assessments: assessments)
    }

    // MARK: - Membership

    /// The membership on `date`, in the list's order.
    public func membership(asOf date: DateValue) -> ListMembership { membership(asOf: date, ordered: true) }

    func membership(asOf date: DateValue, ordered: Bool) -> ListMembership {
        let base = snapshots.last { $0.asOf.latestKey <= date.latestKey }
        let after = base?.asOf.latestKey ?? 0
        var members: [ListMember] = []
        var entries: [Person.ID: ListEntry] = [:]
        for e in base?.entries ?? [] where persons[e.person] != nil && entries[e.person] == nil { entries[e.person] = e }
        var candidates = (base?.entries ?? []).map(\.person).filter { persons[$0] != nil }
        var seen = Set(candidates)
        // Assessed against the list's criteria since the snapshot: the latest assessment decides.
        var assessed: [Person.ID: Assessment] = [:]
        for a in assessments where a.date.latestKey > after && a.date.latestKey <= date.latestKey && persons[a.person] != nil {
            if let old = assessed[a.person], old.date.latestKey > a.date.latestKey { continue }
            assessed[a.person] = a
        }
        for p in assessed.keys.sorted(by: { $0.rawValue < $1.rawValue }) where seen.insert(p).inserted { candidates.append(p) }

        for id in candidates {
            if let a = assessed[id], a.decision != .politicalPrisoner { continue }
            let state = status(of: id, asOf: date, after: after, entry: entries[id], entryDate: base?.asOf)
            guard let state, state.status.isDeprivedOfLiberty else { continue }
            let (sentence, sentenceDate, sentenceCitations) = self.sentence(of: id, asOf: date)
            let entry = entries[id]
            var citations = entry?.citations ?? assessed[id]?.citations ?? []
            for c in state.citations + (entry == nil ? sentenceCitations : []) where !citations.contains(c) { citations.append(c) }
            members.append(ListMember(person: id, section: entry?.section, number: entry?.number, status: state.status,
                                      listedStatus: entry?.status, statusSince: state.since, sentence: sentence, sentenceDate: sentenceDate,
                                      citations: citations))
        }
        return ListMembership(list: list, asOf: date, snapshot: base, members: ordered ? ListHistory.order(members, persons: persons) : members)
    }

    /// What changed between two dates.
    public func diff(from start: DateValue, to end: DateValue) -> ListDiff {
        let a = membership(asOf: start), b = membership(asOf: end)
        let before = Dictionary(a.members.map { ($0.person, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.members.map { ($0.person, $0) }, uniquingKeysWith: { x, _ in x })
        var diff = ListDiff(from: a, to: b, added: b.members.filter { before[$0.person] == nil },
                            released: [], statusChanged: [], sentenceChanged: [])
        for m in a.members {
            guard let now = after[m.person] else {
                let entry = b.snapshot?.entries.first { $0.person == m.person }
                let state = status(of: m.person, asOf: end, after: b.snapshot?.asOf.latestKey ?? 0, entry: entry,
                                   entryDate: b.snapshot?.asOf)
                    ?? status(of: m.person, asOf: end, after: 0, entry: nil, entryDate: nil)
                diff.released.append(.init(member: m, status: state?.status ?? .unknown, since: state?.since,
                                           citations: state?.citations ?? []))
                continue
            }
            if now.status != m.status {
                let new = now.citations.filter { !m.citations.contains($0) }
                diff.statusChanged.append(.init(person: m.person, from: m.status, to: now.status, since: now.statusSince,
                                                citations: new.isEmpty ? now.citations : new))
            }
            if now.sentence != m.sentence {
                let (_, _, citations) = sentence(of: m.person, asOf: end)
                diff.sentenceChanged.append(.init(person: m.person, from: m.sentence, to: now.sentence, date: now.sentenceDate,
                                                  citations: citations))
            }
        }
        return diff
    }

    /// The list's size on each date.
    public func counts(at dates: [DateValue]) -> [ListCount] {
        dates.map { d in
            let m = membership(asOf: d, ordered: false)
            return ListCount(date: d, total: m.members.count, byStatus: m.countsByStatus)
        }
    }

    /// The dates on which the membership can change: each snapshot's date and
    /// each dated fact after the first snapshot, up to `until` (no limit when nil).
    public func changeDates(until: DateValue? = nil) -> [DateValue] {
        let first = snapshots.first?.asOf.latestKey ?? 0
        var dates: [DateValue] = snapshots.map(\.asOf)
        for id in Set(snapshots.flatMap { $0.entries.map(\.person) } + assessments.map(\.person)) {
            for o in observations(of: id) where o.date.latestKey > first { dates.append(o.date) }
        }
        dates += assessments.map(\.date)
        var seen: Set<Int> = []
        return dates.filter { d in until.map { d.latestKey <= $0.latestKey } ?? true }
            .sorted { $0.latestKey < $1.latestKey }
            .filter { seen.insert($0.latestKey).inserted }
    }

    /// At most one date per month (the month's last change), for charts of long histories.
    public static func monthly(_ dates: [DateValue]) -> [DateValue] {
        var last: [Int: DateValue] = [:]
        for d in dates { let month = d.latestKey / 100; if (last[month]?.latestKey ?? 0) <= d.latestKey { last[month] = d } }
        return last.values.sorted { $0.latestKey < $1.latestKey }
    }

    /// A snapshot of the membership on `date`, to be stored as published: it is
    /// then frozen, and later facts never change what it says.
    public func snapshotToPublish(asOf date: DateValue, id: ListSnapshot.ID? = nil) -> ListSnapshot {
        let m = membership(asOf: date)
        let entries = m.members.map { ListEntry(person: $0.person, section: $0.section ?? ListHistory.defaultSection($0.status),
                                                number: $0.number, status: $0.status, citations: $0.citations) }
        return ListSnapshot(id: id ?? ListSnapshot.ID(rawValue: "snap-\(list.id.rawValue)-\(date.isoString)"), list: list.id,
                            asOf: date, published: true, entries: entries)
    }

    // MARK: - Facts about one person

    struct State { var status: PersonStatus; var since: DateValue?; var citations: [Citation] }
    struct Observation: Sendable { var date: DateValue; var status: PersonStatus; var citations: [Citation]; var rank: Int }

    /// The status on `date`: the list entry's, unless a fact dated after
    /// `after` (yyyymmdd) and on or before `date` says otherwise. Without an
    /// entry, the latest fact on or before `date`.
    func status(of id: Person.ID, asOf date: DateValue, after: Int, entry: ListEntry?, entryDate: DateValue?) -> State? {
        let facts = observations(of: id).filter { $0.date.latestKey <= date.latestKey && (entry == nil || $0.date.latestKey > after) }
        // Latest first; on the same day a stated status outranks one inferred from a sentence or an event.
        if let latest = facts.max(by: { ($0.date.latestKey, -$0.rank) < ($1.date.latestKey, -$1.rank) }) {
            return State(status: latest.status, since: latest.date, citations: latest.citations)
        }
        if let entry { return State(status: entry.status, since: entryDate, citations: entry.citations) }
        return nil
    }

    func observations(of id: Person.ID) -> [Observation] { observed[id] ?? [] }

    /// Every dated fact that says where a person stands.
    static func observations(of person: Person, sentences: [SentenceRecord], events: [Event]) -> [Observation] {
        var out: [Observation] = []
        for f in person.statuses {
            if let d = f.asOf { out.append(Observation(date: d, status: f.value, citations: f.citations, rank: 0)) }
        }
        for s in sentences {
            guard let d = s.date, let status = ListHistory.status(after: s.sentence.kind) else { continue }
            out.append(Observation(date: d, status: status, citations: s.citations, rank: 1))
        }
        for e in events where e.participants.contains(where: { $0.person == person.id && $0.role == "victim" }) {
            guard let d = e.date, let status = ListHistory.status(after: e.type) else { continue }
            out.append(Observation(date: d, status: status, citations: e.citations, rank: 2))
        }
        return out
    }

    /// The latest sentence dated on or before `date` (undated sentences count as oldest).
    func sentence(of id: Person.ID, asOf date: DateValue) -> (Sentence?, DateValue?, [Citation]) {
        let known = (sentences[id] ?? []).filter { ($0.date?.latestKey ?? 0) <= date.latestKey }
        guard let s = known.max(by: { ($0.date?.latestKey ?? 0) < ($1.date?.latestKey ?? 0) }) else { return (nil, nil, []) }
        return (s.sentence, s.date, s.citations)
    }

    /// Where a sentence leaves the person.
    static func status(after kind: Sentence.Kind) -> PersonStatus? {
        switch kind {
        case .imprisonment, .life: .convictedImprisoned
        case .restrictedFreedom: .restrictedFreedom
        case .suspended: .suspendedSentence
        case .fine: .fined
        case .administrativeArrest, .compulsoryTreatment, .correctionalLabour, .communityService: nil
        }
    }

    /// Where an event leaves its victim.
    static func status(after eventType: String) -> PersonStatus? {
        switch eventType {
        case "release", "parole", "amnesty": .released
        case "death-in-custody": .deceased
        default: nil
        }
    }

    static func defaultSection(_ status: PersonStatus) -> String {
        switch status {
        case .convictedImprisoned: "Convicted"
        case .pretrialDetention: "Pre-trial detention"
        case .houseArrest: "House arrest"
        default: "Other"
        }
    }

    /// The list's order: convicted, then pre-trial detention, then house arrest;
    /// within each, by the list's number, and persons added since by name.
    public static func order(_ members: [ListMember], persons: [Person.ID: Person]) -> [ListMember] {
        func group(_ s: PersonStatus) -> Int {
            switch s { case .convictedImprisoned: 0; case .pretrialDetention: 1; case .houseArrest: 2; default: 3 }
        }
        // The listed status keeps a person in the section the list put them in;
        // names (costly to compare) only order persons the list has not numbered.
        let keys = members.map { m in
            (group(m.listedStatus ?? m.status), m.number ?? Int.max, m.number == nil ? persons[m.person]?.displayName ?? m.person.rawValue : "")
        }
        return members.indices.sorted { keys[$0] < keys[$1] }.map { members[$0] }
    }
}
