import AigaqCore
import Foundation

/// A small, fast, seedable random number generator (SplitMix64), so that a
/// failing random case can be rebuilt from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random knowledge base in which every value that may not be published
/// is a unique secret marker, and many public values are public markers.
public struct GeneratedKnowledgeBase: Sendable {
    /// Rebuild this one with `KnowledgeBaseGenerator.make(seed:index:)`.
    public var seed: UInt64
    public var index: Int
    /// Every record, in ``Entity/typeOrder``: it imports into any store as is.
    public var entities: [Entity]
    /// Markers placed where only non-public values live; no public output may contain one.
    public var secrets: [String]
    /// The secrets that are confidential values (in a confidential record or
    /// a confidential part of one, ids excepted): stored sealed, they must not
    /// appear in the database file either.
    public var sealedSecrets: [String]
    /// Markers placed in public values of public records (a test's positive control).
    public var publicMarkers: [String]
}

/// Builds random knowledge bases with secrets in every non-public place:
/// internal and confidential records of every type (ids, names, titles,
/// texts, summaries), non-public facts, relations, participants and notes,
/// non-public sources (and so citations of them), references from public
/// records to non-public ones (relations, memberships, participants, charges,
/// sentences, list entries, assessments, courts, cases, attributes),
/// unpublished snapshots, unreviewed allegations, events of persons who are
/// not shown, names in both scripts, stated figures, candidates and decisions.
///
/// Markers are lower-case ASCII letters and digits, so that no escaping
/// (JSON, HTML, CSV, URLs) or case folding hides them from a search.
public struct KnowledgeBaseGenerator {
    public static func make(seed: UInt64, index: Int) -> GeneratedKnowledgeBase {
        var g = Builder(seed: seed, index: index)
        return g.build()
    }

    /// The prefixes of the markers, for tests that look for them.
    public static let secretPrefix = "zqsecret"
    public static let publicPrefix = "zqpublic"
}

private struct Builder {
    var rng: SplitMix64
    let seed: UInt64
    let index: Int
    var counter = 0
    var secrets: [String] = []
    var sealedSecrets: [String] = []
    var publics: [String] = []
    /// True while the record being built is confidential (sealed whole).
    var sealedRecord = false

    init(seed: UInt64, index: Int) {
        self.seed = seed
        self.index = index
        rng = SplitMix64(seed: seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
    }

    // MARK: - Markers and choices

    /// A secret marker; `part` is the confidentiality of the fact, relation or
    /// participant it sits in. Ids stay in clear even when sealed.
    mutating func secret(_ what: String = "", part: Confidentiality? = nil, isID: Bool = false) -> String {
        counter += 1
        let m = "\(KnowledgeBaseGenerator.secretPrefix)\(String(rng.next() & 0xFFFF_FFFF, radix: 36))x\(counter)"
        secrets.append(m)
        if !isID && (sealedRecord || part == .confidential) { sealedSecrets.append(m) }
        return what.isEmpty ? m : "\(what) \(m)"
    }

    mutating func publicValue(_ what: String = "") -> String {
        counter += 1
        let m = "\(KnowledgeBaseGenerator.publicPrefix)\(String(rng.next() & 0xFFFF_FFFF, radix: 36))x\(counter)"
        publics.append(m)
        return what.isEmpty ? m : "\(what) \(m)"
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ xs: [T]) -> T? { xs.isEmpty ? nil : xs[Int.random(in: 0..<xs.count, using: &rng)] }
    mutating func hidden() -> Confidentiality { chance(0.5) ? .internal : .confidential }
    /// Public about half the time, otherwise internal or confidential.
    mutating func level() -> Confidentiality { chance(0.5) ? .public : hidden() }
    mutating func date() -> DateValue? {
        chance(0.3) ? nil : DateValue(year: count(2010...2025), month: chance(0.8) ? count(1...12) : nil, day: chance(0.5) ? count(1...28) : nil)
    }

    // MARK: - Records

    /// What the builder has made so far, and whether each is public.
    var sources: [(Source.ID, Bool)] = []
    var organisations: [(Organisation.ID, Bool)] = []
    var persons: [(Person.ID, Bool)] = []
    var cases: [(Case.ID, Bool)] = []
    var lists: [(PersonList.ID, Bool)] = []
    var assessments: [(Assessment.ID, Bool)] = []
    var confidentialLists: Set<PersonList.ID> = []

    /// An id: a secret for a record that is not public, since the id itself
    /// must not appear in public output then.
    mutating func id(_ prefix: String, isPublic: Bool) -> String {
        isPublic ? "\(prefix)-\(publicValue())" : "\(prefix)-\(secret(isID: true))"
    }

    /// Citations of random sources; a public value may cite a non-public source
    /// (whose id is a secret: the citation must go, not the value).
    mutating func citations() -> [Citation] {
        (0..<count(0...2)).compactMap { _ in
            pick(sources).map { Citation(source: $0.0, start: count(0...50), end: count(50...200), method: "manual", confidence: chance(0.5) ? 0.8 : nil) }
        }
    }

    /// A value for a place that is public exactly when `isPublic`.
    mutating func text(_ isPublic: Bool, _ what: String = "", part: Confidentiality? = nil) -> String {
        isPublic ? publicValue(what) : secret(what, part: part)
    }

    mutating func facts(_ recordPublic: Bool) -> [Fact<String>] {
        (0..<count(0...3)).map { _ in
            let c = level()
            let shown = recordPublic && c == .public
            return Fact(text(shown, part: c), asOf: date(), citations: citations(), confidentiality: c)
        }
    }

    mutating func build() -> GeneratedKnowledgeBase {
        var entities: [Entity] = []

        for _ in 0..<count(1...4) {
            let c = chance(0.6) ? Confidentiality.public : hidden()
            let p = c == .public
            sealedRecord = c == .confidential
            defer { sealedRecord = false }
            let s = Source(id: Source.ID(rawValue: id("src", isPublic: p)), sha256: sha(), fileName: text(p, "file"),
                           title: text(p, "Report"), publisher: text(p, "NGO"), publishedOn: date(), url: chance(0.5) ? "https://example.org/\(text(p))" : nil,
                           language: "en", mediaType: "text/plain", reliability: "B", text: text(p, "Report text"), confidentiality: c)
            sources.append((s.id, p))
            entities.append(.source(s))
        }
        for _ in 0..<count(1...3) {
            let c = chance(0.6) ? Confidentiality.public : hidden()
            let p = c == .public
            sealedRecord = c == .confidential
            defer { sealedRecord = false }
            let o = Organisation(id: Organisation.ID(rawValue: id("org", isPublic: p)), name: text(p, "Organisation"),
                                 otherNames: chance(0.5) ? [text(p)] : [], kind: pick(Organisation.Kind.allCases)!,
                                 country: "KZ", address: chance(0.5) ? text(p, "Street") : nil, citations: citations(), confidentiality: c)
            organisations.append((o.id, p))
            entities.append(.organisation(o))
        }
        // Persons first get ids, so that relations can point to any of them.
        let personCount = count(2...7)
        var personLevels: [Confidentiality] = []
        for _ in 0..<personCount {
            let c = chance(0.55) ? Confidentiality.public : hidden()
            personLevels.append(c)
            persons.append((Person.ID(rawValue: id("p", isPublic: c == .public)), c == .public))
        }
        for (i, (pid, p)) in persons.enumerated() {
            sealedRecord = personLevels[i] == .confidential
            entities.append(.person(person(pid, isPublic: p, confidentiality: personLevels[i])))
            sealedRecord = false
        }
        for _ in 0..<count(0...3) {
            let c = chance(0.6) ? Confidentiality.public : hidden()
            sealedRecord = c == .confidential
            let lc = legalCase(isPublic: c == .public, confidentiality: c)
            sealedRecord = false
            cases.append((lc.id, c == .public))
            entities.append(.case(lc))
        }
        for _ in 0..<count(0...4) {
            entities.append(.event(event()))
        }
        for _ in 0..<count(0...2) {
            entities.append(.figure(figure()))
        }
        for _ in 0..<count(1...2) {
            let c = chance(0.65) ? Confidentiality.public : hidden()
            let p = c == .public
            sealedRecord = c == .confidential
            defer { sealedRecord = false }
            let l = PersonList(id: PersonList.ID(rawValue: id("list", isPublic: p)), name: text(p, "List"),
                               organisation: pick(organisations)?.0, description: chance(0.5) ? text(p) : nil, confidentiality: c)
            lists.append((l.id, p))
            if c == .confidential { confidentialLists.insert(l.id) }
            entities.append(.list(l))
        }
        for (list, listPublic) in lists {
            // The store seals a confidential list's snapshots with it.
            sealedRecord = confidentialLists.contains(list)
            for _ in 0..<count(0...2) {
                entities.append(.listSnapshot(snapshot(list, listPublic: listPublic)))
            }
            sealedRecord = false
        }
        for _ in 0..<count(0...3) {
            entities.append(.assessment(assessment()))
        }
        for _ in 0..<count(0...2) {
            guard let source = pick(sources) else { break }
            // Candidates never reach public output, whatever their confidentiality says.
            let level = pick(Confidentiality.allCases)!
            sealedRecord = level == .confidential
            defer { sealedRecord = false }
            let payload = CandidatePayload(name: secret("Name"), mentions: [TextSpan(start: 1, end: 9, text: secret())],
                                           status: .convictedImprisoned, listSection: secret(), evidence: [TextSpan(start: 2, end: 5)])
            entities.append(.candidate(Candidate(id: Candidate.ID(rawValue: "cand-\(secret(isID: true))"), source: source.0, payload: payload,
                                                 suggestion: chance(0.5) ? .init(person: pick(persons)!.0, score: 0.7, reasons: [secret()]) : nil,
                                                 state: pick(Candidate.State.allCases)!, decidedBy: chance(0.5) ? secret() : nil,
                                                 confidentiality: level)))
        }
        if chance(0.5) {
            entities.append(.decision(Decision(id: Decision.ID(rawValue: "dec-\(secret(isID: true))"), verdict: .reject, subject: secret(),
                                               actor: secret("reviewer"), at: Date(timeIntervalSince1970: 1_700_000_000), reason: secret("because"))))
        }
        return GeneratedKnowledgeBase(seed: seed, index: index, entities: entities, secrets: secrets,
                                      sealedSecrets: sealedSecrets, publicMarkers: publics)
    }

    mutating func sha() -> String {
        (0..<4).map { _ in String(rng.next(), radix: 16).leftPadded(16) }.joined()
    }

    mutating func person(_ pid: Person.ID, isPublic p: Bool, confidentiality: Confidentiality) -> Person {
        var relations: [Relation] = []
        for _ in 0..<count(0...2) {
            guard let other = pick(persons) else { break }
            let c = level()
            // The relation's kind is secret unless the relation, its person and the record are all public.
            relations.append(Relation(kind: text(p && c == .public && other.1, "kind", part: c), person: other.0, citations: citations(), confidentiality: c))
        }
        var memberships: [Membership] = []
        for _ in 0..<count(0...2) {
            guard let org = pick(organisations) else { break }
            memberships.append(Membership(organisation: org.0, role: text(p && org.1, "member"), from: date(), citations: citations()))
        }
        let statusLevel = p ? level() : hidden()
        return Person(
            id: pid,
            // Both scripts: the Cyrillic form is searched and shown as a name of its own.
            names: [PersonName(text(p, "Name"), kind: .primary, citations: citations())] + (chance(0.5) ? [PersonName(text(p))] : [])
                + (chance(0.6) ? [PersonName(text(p, "Имя"), script: .cyrillic, citations: citations())] : []),
            role: pick(PersonRole.allCases)!,
            birthYear: chance(0.5) ? [Fact(count(1940...2005), confidentiality: level())] : [],
            gender: chance(0.3) ? (p ? "female" : secret()) : nil,
            region: facts(p), city: facts(p), occupations: facts(p),
            statuses: [Fact(pick(PersonStatus.allCases)!, asOf: date(), citations: citations(), confidentiality: statusLevel)],
            detention: facts(p), relations: relations, memberships: memberships, notes: facts(p),
            citations: citations(), confidentiality: confidentiality)
    }

    mutating func legalCase(isPublic p: Bool, confidentiality: Confidentiality) -> Case {
        var participants: [Participant] = []
        var charges: [Charge] = []
        var sentences: [SentenceRecord] = []
        for _ in 0..<count(0...3) {
            guard let who = pick(persons) else { break }
            let c = level()
            participants.append(Participant(person: who.0, role: text(p && c == .public && who.1, "role", part: c), confidentiality: c))
        }
        for _ in 0..<count(0...2) {
            guard let who = pick(persons) else { break }
            charges.append(Charge(person: who.0, code: "KZ-CC-2014", article: "405", part: text(p && who.1), date: date(), citations: citations()))
            if chance(0.5) {
                sentences.append(SentenceRecord(person: who.0, sentence: Sentence(kind: .imprisonment, months: count(6...120), text: text(p && who.1, "years")),
                                                date: date(), instance: text(p && who.1), citations: citations()))
            }
        }
        return Case(id: Case.ID(rawValue: id("case", isPublic: p)), kind: pick(Case.Kind.allCases)!, jurisdiction: "KZ",
                    number: text(p, "No."), court: pick(organisations)?.0, participants: participants, charges: charges,
                    sentences: sentences, closedTrial: chance(0.5), citations: citations(), confidentiality: confidentiality)
    }

    mutating func event() -> Event {
        let c = chance(0.6) ? Confidentiality.public : hidden()
        var p = c == .public
        sealedRecord = c == .confidential
        defer { sealedRecord = false }
        var participants: [EventParticipant] = []
        for _ in 0..<count(0...3) {
            let pc = level()
            if chance(0.7), let who = pick(persons) {
                participants.append(EventParticipant(person: who.0, role: p && pc == .public && who.1 ? "victim" : text(false, "role", part: pc), confidentiality: pc))
            } else if let org = pick(organisations) {
                participants.append(EventParticipant(organisation: org.0, role: p && pc == .public && org.1 ? "intervening-party" : text(false, "role", part: pc), confidentiality: pc))
            }
        }
        // An allegation: a named perpetrator. Until reviewed it is withheld whole.
        let accuses = chance(0.4)
        let reviewed = chance(0.5)
        if accuses, let who = pick(persons) {
            participants.append(EventParticipant(person: who.0, role: "perpetrator", confidentiality: .public))
            if !reviewed { p = false }
        }
        // An event about persons none of whom may be shown is withheld whole:
        // its texts would say that something happened to someone hidden.
        let shownPerson = participants.contains { e in
            e.confidentiality == .public && persons.contains { $0.0 == e.person && $0.1 }
        }
        if participants.contains(where: { $0.person != nil }) && !shownPerson { p = false }
        var attributes: [String: String] = ["count": "3"]
        if let judge = pick(persons) { attributes["judge"] = judge.0.rawValue }
        if let org = pick(organisations) { attributes["court"] = org.0.rawValue }
        attributes["outcome"] = text(p)
        return Event(id: Event.ID(rawValue: id("ev", isPublic: p)), type: pick(["detention", "torture-allegation", "search", "verdict"])!,
                     date: date(), place: text(p, "City"), country: "KZ", participants: participants, caseID: pick(cases)?.0,
                     attributes: attributes, summary: text(p, "Summary"), reviewedForPublication: reviewed,
                     citations: citations(), confidentiality: c)
    }

    mutating func figure() -> StatedFigure {
        let c = chance(0.6) ? Confidentiality.public : hidden()
        let p = c == .public
        sealedRecord = c == .confidential
        defer { sealedRecord = false }
        return StatedFigure(id: StatedFigure.ID(rawValue: id("fig", isPublic: p)),
                            measure: pick(["political-prisoners", "assembly-refusals", "torture-complaints"])!,
                            value: count(1...500), to: date(), place: chance(0.5) ? text(p, "City") : nil,
                            dimensions: chance(0.5) ? ["topic": text(p)] : [:], countedBy: text(p, "counted by"),
                            summary: text(p, "Figure"), citations: citations(), confidentiality: c)
    }

    mutating func snapshot(_ list: PersonList.ID, listPublic: Bool) -> ListSnapshot {
        let published = chance(0.7)
        let p = listPublic && published
        var entries: [ListEntry] = []
        for n in 0..<count(0...5) {
            guard let who = pick(persons) else { break }
            entries.append(ListEntry(person: who.0, section: text(p && who.1, "Section"), number: n + 1,
                                     status: pick(PersonStatus.allCases)!, citations: citations()))
        }
        return ListSnapshot(id: ListSnapshot.ID(rawValue: id("snap", isPublic: p)), list: list, asOf: date() ?? DateValue(year: 2024)!,
                            published: published, entries: entries, statedCounts: ["total": entries.count], citations: citations())
    }

    mutating func assessment() -> Assessment {
        let c = chance(0.6) ? Confidentiality.public : hidden()
        let who = pick(persons)!
        let p = c == .public && who.1
        sealedRecord = c == .confidential
        defer { sealedRecord = false }
        let a = Assessment(id: Assessment.ID(rawValue: id("as", isPublic: p)), person: who.0, list: pick(lists)?.0,
                           criteria: [CriterionAssessment(criterion: "pace-a", verdict: .met, reasoning: text(p), citations: citations())],
                           decision: .politicalPrisoner, assessor: text(p, "assessor"), date: DateValue(year: 2024)!,
                           supersedes: pick(assessments)?.0, citations: citations(), confidentiality: c)
        assessments.append((a.id, p))
        return a
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
