import AigaqCore
import Foundation
import Tagged

/// Derives reviewed records from accepted candidates.
///
/// A reviewed person is a function of the candidates linked to it (and of
/// what a reviewer entered by hand), never an accumulation of writes. So a
/// merge is undone by unlinking a candidate and deriving again, and a
/// re-ingest of the same report changes nothing.
public enum KnowledgeBuilder {
    /// Everything derived for one person.
    public struct PersonRecords: Sendable {
        public var person: Person
        public var legalCase: Case?
        public var events: [Event]
        public var assessments: [Assessment]
        public var entities: [Entity] {
            [.person(person)] + (legalCase.map { [.case($0)] } ?? []) + events.map(Entity.event) + assessments.map(Entity.assessment)
        }
    }

    static let method = "extract@0.1"

    /// Derives a person from the candidates linked to it. `previous` keeps
    /// what was entered by hand (facts without extraction citations, relations,
    /// notes, confidentiality) and raises the version.
    public static func person(_ id: Person.ID, candidates: [Candidate], sources: [Source.ID: Source], previous: Person?,
                              vocabulary: Vocabulary? = nil) -> PersonRecords {
        let linked = candidates.filter { $0.state == .accepted || $0.state == .merged }
        func cite(_ c: Candidate, _ span: TextSpan) -> Citation {
            Citation(source: c.source, start: span.start, end: span.end, method: method)
        }
        func evidence(_ c: Candidate) -> [Citation] {
            let spans = c.payload.evidence.isEmpty ? c.payload.mentions : c.payload.evidence
            return spans.map { cite(c, $0) }
        }
        func date(of c: Candidate) -> DateValue? { sources[c.source]?.publishedOn }

        // Names: the candidates' normalised names, then every surface form, each cited.
        var names: [AigaqCore.PersonName] = []
        func addName(_ value: String, citations: [Citation]) {
            let clean = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !clean.isEmpty else { return }
            if let i = names.firstIndex(where: { $0.value == clean }) {
                for c in citations where !names[i].citations.contains(c) { names[i].citations.append(c) }
            } else {
                names.append(AigaqCore.PersonName(clean, kind: .variant, citations: citations))
            }
        }
        for c in linked { addName(c.payload.name, citations: c.payload.mentions.prefix(1).map { cite(c, $0) }) }
        for c in linked { for m in c.payload.mentions { addName(m.text ?? "", citations: [cite(c, m)]) } }
        // Keep hand-entered names; the primary is the reviewer's if set, else the fullest Latin name.
        for n in previous?.names ?? [] where n.citations.allSatisfy({ $0.method == "manual" }) && !names.contains(where: { $0.value == n.value }) {
            names.append(n)
        }
        let primary = previous?.names.first { $0.kind == .primary && $0.citations.allSatisfy { $0.method == "manual" } }?.value
            ?? names.filter { $0.script == .latin && $0.value.split(separator: " ").count >= 2 }
                .max { ($0.citations.count, -$0.value.count) < ($1.citations.count, -$1.value.count) }?.value
            ?? names.first?.value
        for i in names.indices { names[i].kind = names[i].value == primary ? .primary : (names[i].kind == .alias ? .alias : .variant) }
        if let p = names.firstIndex(where: { $0.kind == .primary }), p != 0 { names.insert(names.remove(at: p), at: 0) }

        var person = previous ?? Person(id: id, names: names)
        person.names = names.isEmpty ? person.names : names
        person.role = linked.contains { $0.payload.role == .persecuted } ? .persecuted : (linked.first?.payload.role ?? person.role)
        person.statuses = person.statuses.filter { $0.citations.allSatisfy { $0.method == "manual" } }
        for c in linked where c.payload.status != .unknown {
            person.statuses.append(Fact(c.payload.status, asOf: date(of: c), citations: evidence(c)))
        }
        // A reviewer's citations of hand edits stay; the rest is derived again.
        person.citations = (previous?.citations.filter { $0.method == "manual" } ?? []) + linked.flatMap(evidence)
        person.version = (previous?.version ?? 0) + 1

        // The case: charges and sentences as each source states them. Equal values
        // from several sources become one value with several citations; different
        // values stay side by side, as a conflict for a reviewer.
        var charges: [Charge] = []
        var sentences: [SentenceRecord] = []
        for c in linked {
            for var ch in c.payload.charges {
                ch.code = ChargeCoding.code(ch.code, article: ch.article, caseDate: c.payload.convictedOn ?? c.payload.detainedOn,
                                            vocabulary: vocabulary)
                if let i = charges.firstIndex(where: { $0.code == ch.code && $0.article == ch.article && $0.part == ch.part }) {
                    charges[i].citations += evidence(c)
                } else if let i = charges.firstIndex(where: { $0.code == ch.code && $0.article == ch.article && ($0.part == nil || ch.part == nil) }) {
                    // "Article 405" and "part 2 of Article 405" are one charge; keep the part.
                    charges[i].part = charges[i].part ?? ch.part
                    charges[i].citations += evidence(c)
                } else {
                    charges.append(Charge(person: id, code: ch.code, article: ch.article, part: ch.part, citations: evidence(c)))
                }
            }
            if var s = c.payload.sentence {
                // Facts, not the report's words: the citation points to the passage.
                s.text = nil
                s.bans = s.bans.map { Sentence.Ban(activity: BanKind.classify($0.activity, vocabulary: vocabulary), months: $0.months) }
                let date = c.payload.convictedOn
                if let i = sentences.firstIndex(where: { $0.sentence.kind == s.kind && $0.sentence.months == s.months
                    && DateValue.agree($0.date, date) }) {
                    // The same sentence; a more precise date wins (2023 → 2023-11-29).
                    sentences[i].citations += evidence(c)
                    if let d = date, (sentences[i].date?.precision ?? .year) < d.precision || sentences[i].date == nil { sentences[i].date = d }
                } else {
                    sentences.append(SentenceRecord(person: id, sentence: s, date: c.payload.convictedOn, citations: evidence(c)))
                }
            }
        }
        let caseID = Case.ID(rawValue: "case-" + id.rawValue.dropPrefix("p-"))
        let legalCase: Case? = charges.isEmpty && sentences.isEmpty ? nil
            : Case(id: caseID, kind: .criminal, jurisdiction: "KZ", participants: [Participant(person: id, role: "defendant")],
                   charges: charges, sentences: sentences, citations: linked.flatMap(evidence))

        // Events: detention and verdict, one per date a source gives.
        var events: [Event] = []
        func addEvent(_ type: String, _ when: DateValue?, _ c: Candidate) {
            guard let when else { return }
            if let i = events.firstIndex(where: { $0.type == type && $0.date.map { $0.isCompatible(with: when) } == true }) {
                events[i].citations += evidence(c)
                if events[i].date!.precision < when.precision {
                    events[i].date = when
                    events[i].id = Event.ID(rawValue: "ev-\(id.rawValue.dropPrefix("p-"))-\(type)-\(when.isoString)")
                }
                return
            }
            events.append(Event(id: Event.ID(rawValue: "ev-\(id.rawValue.dropPrefix("p-"))-\(type)-\(when.isoString)"), type: type, date: when,
                                participants: [EventParticipant(person: id, role: "victim")],
                                caseID: legalCase?.id, citations: evidence(c)))
        }
        for c in linked {
            addEvent("detention", c.payload.detainedOn, c)
            addEvent("verdict", c.payload.convictedOn, c)
        }

        // Assessments as the reports state them: a source that lists or calls the
        // person a political prisoner.
        var assessments: [Assessment] = []
        for c in linked where c.payload.politicalPrisoner == true {
            // An assessment needs a date; a source without one gives none (never invented).
            guard let when = date(of: c) else { continue }
            let aid = Assessment.ID(rawValue: "as-\(id.rawValue.dropPrefix("p-"))-\(c.source.rawValue.dropPrefix("src-"))")
            if assessments.contains(where: { $0.id == aid }) { continue }
            assessments.append(Assessment(id: aid, person: id, decision: .politicalPrisoner,
                                          assessor: sources[c.source]?.publisher ?? sources[c.source]?.title ?? c.source.rawValue,
                                          date: when, citations: evidence(c)))
        }
        return PersonRecords(person: person, legalCase: legalCase, events: events, assessments: assessments)
    }

    /// The list as one source states it: its numbered entries of accepted
    /// candidates, in the source's order.
    public static func snapshot(of source: Source, list: PersonList.ID, asOf: DateValue, candidates: [Candidate],
                                statedCounts: [String: Int] = [:]) -> ListSnapshot? {
        let entries = candidates
            .filter { ($0.state == .accepted || $0.state == .merged) && $0.person != nil && $0.payload.listNumber != nil
                && $0.payload.role == .persecuted }
            .map { c in
                ListEntry(person: c.person!, section: c.payload.listSection, number: c.payload.listNumber,
                          status: ListSection.status(of: c.payload.listSection) ?? c.payload.status,
                          citations: (c.payload.evidence.isEmpty ? c.payload.mentions : c.payload.evidence)
                            .prefix(1).map { Citation(source: c.source, start: $0.start, end: $0.end, method: method) })
            }
        guard !entries.isEmpty else { return nil }
        return ListSnapshot(id: ListSnapshot.ID(rawValue: "snap-" + source.id.rawValue.dropPrefix("src-")), list: list,
                            asOf: asOf, entries: entries, statedCounts: statedCounts)
    }

    /// A readable, stable person id from a name: `p-zhylanbayev-marat`.
    public static func personID(for name: String) -> Person.ID {
        let words = NameFolding.words(NameFolding.latin(name)).filter { $0.allSatisfy { $0.isASCII } }
        let ordered = words.count >= 2 ? [words.last!] + words.dropLast() : words
        let slug = ordered.joined(separator: "-")
        return Person.ID(rawValue: "p-" + (slug.isEmpty ? UUID().uuidString.lowercased().prefix(8) : Substring(slug)))
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
