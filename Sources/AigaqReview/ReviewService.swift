import AigaqCore
import AigaqIdentity
import AigaqStore
import Foundation
import Tagged

/// The review queue's operations, shared by the command line and the web
/// workspace: accept, merge, reject, undo, and identity decisions. Every
/// operation is one transaction and leaves a `Decision` record.
public struct ReviewService: Sendable {
    public let store: any KnowledgeStore
    public let resolver: IdentityResolver
    /// A suggestion at or above this score links a candidate to a known person on `accept`.
    public var autoLinkThreshold = 0.85
    /// Chooses the list that a source's numbered entries belong to, and its date.
    public var listFor: @Sendable (Source) -> (list: PersonList, asOf: DateValue)? = ReviewService.defaultList
    /// Used to tell which Code a charge belongs to (see `ChargeCoding`).
    public var vocabulary: Vocabulary?
    /// A reviewer's label for a list section (the report's heading by default).
    public var sectionLabel: @Sendable (String) -> String = { $0 }

    public init(store: any KnowledgeStore, resolver: IdentityResolver) {
        self.store = store
        self.resolver = resolver
    }

    // MARK: - Suggestions

    /// The known person a candidate most likely is, with the resolver's reasons;
    /// persons the candidate was decided "not the same" as are never suggested.
    public func suggest(_ candidate: Candidate) async throws -> Candidate.Suggestion? {
        let record = try await resolutionRecord(for: candidate)
        let surname = candidate.payload.name.split(separator: " ").last.map(String.init) ?? candidate.payload.name
        var known: [ResolutionRecord] = []
        var seen: Set<Person.ID> = []
        for query in [candidate.payload.name, surname] {
            for person in try await store.persons(named: query, limit: 25) where seen.insert(person.id).inserted {
                known.append(try await resolutionRecord(for: person))
            }
        }
        let forbidden = Set(try await store.decisions(about: [candidate.id.rawValue])
            .filter { $0.isActive && $0.verdict == .notSame }
            .flatMap { [$0.subject, $0.object ?? ""] })
        known.removeAll { forbidden.contains($0.id) }
        guard let best = resolver.bestMatch(for: record, among: known), best.score.verdict != .notSame else { return nil }
        return Candidate.Suggestion(person: Person.ID(rawValue: best.id), score: best.score.score, reasons: best.score.reasons)
    }

    /// Suggestions for every pending candidate without one (after ingest).
    public func refreshSuggestions(source: Source.ID) async throws {
        var updated: [Entity] = []
        for var c in try await store.candidates(source: source) where c.state == .pending {
            c.suggestion = try await suggest(c)
            updated.append(.candidate(c))
        }
        try await store.apply(delete: [], write: updated, actor: "resolver")
    }

    // MARK: - Decisions on candidates

    /// Accepts a candidate: into the suggested person when the suggestion is
    /// strong enough (and not forbidden), else as a new person.
    @discardableResult
    public func accept(_ id: Candidate.ID, actor: String, asNewPerson: Bool = false, reason: String? = nil) async throws -> Person.ID {
        let candidate = try await pending(id)
        if !asNewPerson, let s = try await suggest(candidate), s.score >= autoLinkThreshold {
            return try await link(candidate, to: s.person, verdict: .merge, actor: actor, reason: reason ?? "auto-linked: " + s.reasons.joined(separator: "; "))
        }
        var pid = KnowledgeBuilder.personID(for: candidate.payload.name)
        var n = 2
        let base = pid.rawValue
        while try await store.person(id: pid) != nil { pid = Person.ID(rawValue: "\(base)-\(n)"); n += 1 }
        return try await link(candidate, to: pid, verdict: .accept, actor: actor, reason: reason)
    }

    /// Merges a candidate into a known person, unless a reviewer decided they are not the same.
    @discardableResult
    public func merge(_ id: Candidate.ID, into person: Person.ID, actor: String, reason: String? = nil) async throws -> Person.ID {
        let candidate = try await pending(id)
        guard try await store.person(id: person) != nil else { throw AigaqError.notFound(what: "person \(person.rawValue)") }
        let against = try await store.decisions(about: [candidate.id.rawValue, person.rawValue])
            .first { $0.isActive && $0.verdict == .notSame && Set([$0.subject, $0.object]) == Set([candidate.id.rawValue, person.rawValue]) }
        if let against {
            throw AigaqError.usage("\(candidate.id.rawValue) was decided not the same as \(person.rawValue) by \(against.actor)\(against.reason.map { ": \($0)" } ?? ""); undo that decision first")
        }
        return try await link(candidate, to: person, verdict: .merge, actor: actor, reason: reason)
    }

    public func reject(_ id: Candidate.ID, actor: String, reason: String? = nil) async throws {
        var candidate = try await pending(id)
        candidate.state = .rejected
        candidate.decidedBy = actor
        candidate.decidedAt = Date()
        let decision = Decision(id: newDecisionID(), verdict: .reject, subject: id.rawValue, actor: actor, reason: reason)
        try await store.apply(delete: [], write: [.candidate(candidate), .decision(decision)], actor: actor)
    }

    /// Undoes an accept or a merge: the candidate is pending again, the person
    /// is derived again from its other candidates (or removed when none is
    /// left and nothing was entered by hand), and the decision is kept, revoked.
    public func undo(_ id: Candidate.ID, actor: String) async throws {
        guard var candidate = try await store.candidate(id: id) else { throw AigaqError.notFound(what: "candidate \(id.rawValue)") }
        guard candidate.state != .pending else { throw AigaqError.usage("\(id.rawValue) is pending; there is nothing to undo") }
        let person = candidate.person
        candidate.state = .pending
        candidate.person = nil
        candidate.decidedBy = nil
        candidate.decidedAt = nil
        var writes: [Entity] = [.candidate(candidate)]
        for var d in try await store.decisions(about: [id.rawValue]) where d.isActive && [.accept, .merge, .reject].contains(d.verdict) {
            d.revokedAt = Date()
            writes.append(.decision(d))
        }
        var deletes: [EntityRef] = []
        if let person {
            let (d, w) = try await rebuild(person, excluding: id)
            deletes += d
            writes += w
        }
        if let source = try await store.source(id: candidate.source) {
            let (d, w) = try await rebuildSnapshot(source, changed: candidate)
            deletes += d
            writes += w
        }
        try await store.apply(delete: deletes, write: writes, actor: actor)
    }

    /// Accepts every pending persecuted candidate: one whose best match scores
    /// at least `minScore` is merged into that person, one with no plausible
    /// match becomes a new person, and one in between stays pending for a human.
    public func acceptAll(minScore: Double, actor: String) async throws -> (accepted: Int, merged: Int, leftPending: Int) {
        var result = (accepted: 0, merged: 0, leftPending: 0)
        for c in try await store.candidates(state: .pending, limit: Int.max) {
            guard c.payload.role == .persecuted else { result.leftPending += 1; continue }
            if let s = try await suggest(c) {
                if s.score >= minScore {
                    try await link(c, to: s.person, verdict: .merge, actor: actor, reason: "accept-all: " + s.reasons.joined(separator: "; "))
                    result.merged += 1
                    continue
                }
                if s.score >= resolver.notSameBelow { result.leftPending += 1; continue }
            }
            try await accept(c.id, actor: actor, asNewPerson: true, reason: "accept-all: no known person matches")
            result.accepted += 1
        }
        return result
    }

    // MARK: - Identity decisions

    /// Records that two subjects (persons or candidates) are, or are not, one person.
    @discardableResult
    public func decide(_ verdict: Decision.Verdict, _ a: String, _ b: String, actor: String, reason: String?) async throws -> Decision {
        guard [.same, .notSame, .unsure].contains(verdict) else { throw AigaqError.usage("\(verdict.rawValue) is not an identity verdict") }
        let d = Decision(id: newDecisionID(), verdict: verdict, subject: a, object: b, actor: actor, reason: reason)
        try await store.apply(delete: [], write: [.decision(d)], actor: actor)
        return d
    }

    // MARK: - Conflicts

    /// Values that the sources give differently for one person: a reviewer resolves them.
    public func conflicts(of person: Person.ID) async throws -> [Conflict] {
        guard let p = try await store.person(id: person) else { throw AigaqError.notFound(what: "person \(person.rawValue)") }
        var out: [Conflict] = []
        // Statuses of the same date that differ.
        let byDate = Dictionary(grouping: p.statuses, by: { $0.asOf })
        for (date, facts) in byDate where Set(facts.map(\.value)).count > 1 {
            out.append(Conflict(field: "status", values: facts.map { .init(value: $0.value.rawValue, citations: $0.citations) },
                                note: "sources of \(date?.description ?? "no date") disagree"))
        }
        for c in try await store.cases(involving: person) {
            let mine = c.sentences.filter { $0.person == person }
            let dates = Set(mine.compactMap(\.date))
            // Less precise forms of one date (2023, 2023-11) do not conflict with it.
            let clashing = dates.contains { a in dates.contains { b in !a.isCompatible(with: b) } }
            if clashing {
                out.append(Conflict(field: "convicted_on", values: mine.filter { $0.date != nil }.map { .init(value: $0.date!.description, citations: $0.citations) },
                                    note: "the sources give \(dates.count) dates for the verdict"))
            }
            let lengths = Set(mine.compactMap(\.sentence.months))
            if lengths.count > 1 {
                out.append(Conflict(field: "sentence", values: mine.compactMap { s in s.sentence.months.map { .init(value: "\($0) months", citations: s.citations) } },
                                    note: "the sources give different sentences (an appeal may explain it)"))
            }
        }
        // Given names that differ under one surname: a wrong given name, or two people.
        let readings = p.names.filter { $0.script == .latin }.compactMap { n -> (given: String, surname: String, name: AigaqCore.PersonName)? in
            let words = n.value.split(separator: " ")
            guard words.count >= 2 else { return nil }
            return (NameFolding.searchKey(String(words.first!)), NameFolding.searchKey(String(words.last!)), n)
        }
        let givens = Dictionary(grouping: readings, by: \.surname)
        for (_, group) in givens where Set(group.map(\.given)).count > 1 {
            let distinct = Set(group.map(\.given))
            if distinct.contains(where: { g in distinct.contains { $0 != g && ($0.hasPrefix(g) || g.hasPrefix($0)) } }) { continue }  // Bota / Botagoz
            out.append(Conflict(field: "given_name", values: group.map { .init(value: $0.name.value, citations: $0.name.citations) },
                                note: "the sources give different given names"))
        }
        return out
    }

    public struct Conflict: Hashable, Sendable, Codable {
        public struct Value: Hashable, Sendable, Codable { public var value: String; public var citations: [Citation] }
        public var field: String
        public var values: [Value]
        public var note: String
    }

    // MARK: - Internals

    private func pending(_ id: Candidate.ID) async throws -> Candidate {
        guard let c = try await store.candidate(id: id) else { throw AigaqError.notFound(what: "candidate \(id.rawValue)") }
        guard c.state == .pending else {
            throw AigaqError.usage("\(id.rawValue) is already \(c.state.rawValue)\(c.person.map { " (\($0.rawValue))" } ?? ""); undo it first")
        }
        return c
    }

    /// Links a candidate to a person and derives the person, its case, events,
    /// assessments and the source's list snapshot again, in one transaction.
    @discardableResult
    private func link(_ candidate: Candidate, to person: Person.ID, verdict: Decision.Verdict, actor: String, reason: String?) async throws -> Person.ID {
        var c = candidate
        c.state = verdict == .merge ? .merged : .accepted
        c.person = person
        c.decidedBy = actor
        c.decidedAt = Date()
        let decision = Decision(id: newDecisionID(), verdict: verdict, subject: c.id.rawValue,
                                object: verdict == .merge ? person.rawValue : nil, actor: actor, reason: reason)
        var (deletes, writes) = try await rebuild(person, adding: c)
        writes.append(.candidate(c))
        writes.append(.decision(decision))
        if let source = try await store.source(id: c.source) {
            let (d, w) = try await rebuildSnapshot(source, changed: c)
            deletes += d
            writes += w
        }
        try await store.apply(delete: deletes, write: writes, actor: actor)
        return person
    }

    private func rebuild(_ person: Person.ID, adding: Candidate? = nil, excluding: Candidate.ID? = nil) async throws -> ([EntityRef], [Entity]) {
        var linked = try await store.candidates(person: person).filter { $0.id != excluding && $0.id != adding?.id }
        if let adding { linked.append(adding) }
        let previous = try await store.person(id: person)
        let oldCases = try await store.cases(involving: person).filter { $0.id.rawValue == "case-" + person.rawValue.dropPrefix("p-") }
        let oldEvents = try await store.events(involving: person).filter { $0.id.rawValue.hasPrefix("ev-" + person.rawValue.dropPrefix("p-") + "-") }
        var deletes = oldEvents.map { EntityRef(type: "event", id: $0.id.rawValue) }
            + oldCases.map { EntityRef(type: "case", id: $0.id.rawValue) }
        let oldAssessments = try await assessmentIDs(of: person)
        deletes += oldAssessments.map { EntityRef(type: "assessment", id: $0) }
        if linked.isEmpty {
            // Nothing derived is left. A person with hand-entered facts stays; others go.
            if let previous, previous.statuses.contains(where: { $0.citations.allSatisfy { $0.method == "manual" } })
                || !previous.notes.isEmpty || !previous.relations.isEmpty {
                var kept = previous
                kept.names = kept.names.filter { $0.citations.allSatisfy { $0.method == "manual" } }
                if kept.names.isEmpty { kept.names = [previous.names[0]] }
                kept.statuses = kept.statuses.filter { $0.citations.allSatisfy { $0.method == "manual" } }
                kept.citations = []
                return (deletes, [.person(kept)])
            }
            return (deletes + [EntityRef(type: "person", id: person.rawValue)], [])
        }
        var sources: [Source.ID: Source] = [:]
        for c in linked where sources[c.source] == nil { sources[c.source] = try await store.source(id: c.source) }
        let records = KnowledgeBuilder.person(person, candidates: linked, sources: sources, previous: previous, vocabulary: vocabulary)
        // Entities written again are not deleted first.
        let rewritten = Set(records.entities.map { EntityRef(type: $0.typeName, id: $0.id) })
        return (deletes.filter { !rewritten.contains($0) }, records.entities)
    }

    private func assessmentIDs(of person: Person.ID) async throws -> [String] {
        // Derived assessments have ids "as-<person>-<source>".
        let ids = try await store.assessments(of: person).map(\.id.rawValue)
        return ids.filter { $0.hasPrefix("as-" + person.rawValue.dropPrefix("p-") + "-") }
    }

    private func rebuildSnapshot(_ source: Source, changed: Candidate) async throws -> ([EntityRef], [Entity]) {
        guard let (list, asOf) = listFor(source) else { return ([], []) }
        var candidates = try await store.candidates(source: source.id)
        if let i = candidates.firstIndex(where: { $0.id == changed.id }) { candidates[i] = changed }
        var snapshot = KnowledgeBuilder.snapshot(of: source, list: list.id, asOf: asOf, candidates: candidates)
        if var s = snapshot {
            for i in s.entries.indices { s.entries[i].section = s.entries[i].section.map(sectionLabel) }
            snapshot = s
        }
        let sid = "snap-" + source.id.rawValue.dropPrefix("src-")
        guard let snapshot else { return ([EntityRef(type: "list_snapshot", id: sid)], []) }
        let lists = try await store.lists()
        return ([], (lists.contains { $0.id == list.id } ? [] : [Entity.list(list)]) + [.listSnapshot(snapshot)])
    }

    private func resolutionRecord(for c: Candidate) async throws -> ResolutionRecord {
        ResolutionRecord(id: c.id.rawValue, document: c.source.rawValue, name: c.payload.name,
                         forms: c.payload.mentions.compactMap(\.text), role: c.payload.role,
                         articles: c.payload.charges.map(\.article),
                         dates: [c.payload.detainedOn, c.payload.convictedOn].compactMap { $0 },
                         sentenceMonths: c.payload.sentence?.months, status: c.payload.status)
    }

    private func resolutionRecord(for p: Person) async throws -> ResolutionRecord {
        let cases = try await store.cases(involving: p.id)
        let charges = cases.flatMap(\.charges).filter { $0.person == p.id }
        let sentences = cases.flatMap(\.sentences).filter { $0.person == p.id }
        return ResolutionRecord(id: p.id.rawValue, document: "knowledge-base", name: p.displayName,
                                forms: p.names.map(\.value), role: p.role, articles: charges.map(\.article),
                                birthYear: p.birthYear.current(), city: p.city.current(),
                                dates: sentences.compactMap(\.date), sentenceMonths: sentences.first?.sentence.months,
                                status: p.statuses.current())
    }

    private func newDecisionID() -> Decision.ID { Decision.ID(rawValue: "d-" + UUID().uuidString.lowercased()) }

    /// By default a source's numbered list is a list of its publisher, dated by the source.
    public static let defaultList: @Sendable (Source) -> (list: PersonList, asOf: DateValue)? = { source in
        guard let date = source.publishedOn else { return nil }
        let owner = source.publisher ?? source.title ?? source.id.rawValue
        let slug = NameFolding.words(NameFolding.latin(owner)).prefix(6).joined(separator: "-")
        return (PersonList(id: PersonList.ID(rawValue: "list-" + (slug.isEmpty ? source.id.rawValue : slug)), name: "\(owner): political prisoners"), date)
    }
}
