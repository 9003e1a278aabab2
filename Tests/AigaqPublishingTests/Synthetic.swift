import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation

/// Small builders for synthetic knowledge bases. The text is ours: a made-up
/// monitoring report in the style of the NGO lists, never a corpus passage.
enum Synthetic {
    static let sourceText = """
        Monitoring group Steppe Watch, quarterly list. Arman Bekov was sentenced to six years for a post. \
        Dana Ospan is held in a detention centre awaiting trial. In 2024 the city halls refused 12 rallies.
        """
    static let sourceID: Source.ID = "src-steppe-watch"
    static let source = Source(id: sourceID, sha256: String(repeating: "ab", count: 32), fileName: "steppe-watch.txt",
                               title: "Steppe Watch quarterly list", publisher: "Steppe Watch", publishedOn: DateValue("2024-07"),
                               language: "en", text: sourceText)

    static func cite(_ start: Int, _ end: Int, source: Source.ID = sourceID) -> Citation {
        Citation(source: source, start: start, end: end)
    }

    static func date(_ text: String) -> DateValue { DateValue(text)! }

    static func person(_ id: String, _ name: String, statuses: [(String, PersonStatus)] = [],
                       confidentiality: Confidentiality = .public) -> Person {
        Person(id: Person.ID(rawValue: id), names: [PersonName(name, kind: .primary, citations: [cite(0, 20)])],
               statuses: statuses.map { Fact($0.1, asOf: date($0.0), citations: [cite(30, 60)]) },
               citations: [cite(0, 60)], confidentiality: confidentiality)
    }

    static func entry(_ person: String, _ section: String, _ number: Int, _ status: PersonStatus) -> ListEntry {
        ListEntry(person: Person.ID(rawValue: person), section: section, number: number, status: status, citations: [cite(61, 120)])
    }

    static func sentenceCase(_ id: String, person: String, article: String = "405", months: Int, kind: Sentence.Kind = .imprisonment,
                             on day: String?, more: [(Int, String)] = []) -> Case {
        let p = Person.ID(rawValue: person)
        var sentences = [SentenceRecord(person: p, sentence: Sentence(kind: kind, months: months), date: day.map(date),
                                        citations: [cite(30, 90)])]
        for (m, d) in more { sentences.append(SentenceRecord(person: p, sentence: Sentence(kind: .imprisonment, months: m), date: date(d), citations: [cite(91, 120)])) }
        return Case(id: Case.ID(rawValue: id), participants: [Participant(person: p, role: "defendant")],
                    charges: [Charge(person: p, article: article, citations: [cite(30, 60)])], sentences: sentences,
                    citations: [cite(30, 90)])
    }

    /// A store holding `entities` (and the synthetic source first).
    static func store(_ entities: [Entity]) async throws -> SQLiteStore {
        let store = try SQLiteStore()
        var queue = [Entity.source(source)] + entities
        queue.sort { Entity.typeOrder.firstIndex(of: $0.typeName)! < Entity.typeOrder.firstIndex(of: $1.typeName)! }
        var i = 0
        _ = try await store.importEntities(actor: "test") {
            defer { i += 1 }
            return i < queue.count ? queue[i] : nil
        }
        return store
    }
}

/// A list's history, in the shape of a real one: two published snapshots and
/// the facts between them.
///
/// 2024-01-31 (published): A #1 and B #2 convicted, C #1 and D #2 in pre-trial
/// detention, G #3 in pre-trial detention but an internal record.
/// After it: E assessed for the list (2024-02-15, in detention since 2024-02-10);
/// F assessed too but on restricted freedom; A released (as of 2024-03);
/// C sentenced to 5 years (2024-04-10); D amnestied (2024-05-01); B's sentence
/// cut on appeal from 7 to 5 years (2024-06-12) and a fact, dated before the
/// second list, saying B was released (2024-06-15), which that list contradicts.
/// 2024-06-30 (published): B #1 and C #2 convicted, E #1 in pre-trial detention.
enum History {
    static let list = PersonList(id: "list-steppe", name: "Steppe Watch list of political prisoners")

    static var entities: [Entity] {
        let persons = [
            Synthetic.person("p-a", "Arman Bekov", statuses: [("2024-03", .released)]),
            Synthetic.person("p-b", "Bolat Serik", statuses: [("2024-06-15", .released)]),
            Synthetic.person("p-c", "Dana Ospan"),
            Synthetic.person("p-d", "Yerlan Tas"),
            Synthetic.person("p-e", "Gulnar Ermek", statuses: [("2024-02-10", .pretrialDetention)]),
            Synthetic.person("p-f", "Saule Nur", statuses: [("2024-02", .restrictedFreedom)]),
            Synthetic.person("p-g", "Internal Person", statuses: [("2024-01", .pretrialDetention)], confidentiality: .internal),
        ]
        let cases = [
            Synthetic.sentenceCase("case-b", person: "p-b", months: 84, on: "2023-05-02", more: [(60, "2024-06-12")]),
            Synthetic.sentenceCase("case-c", person: "p-c", article: "274", months: 60, on: "2024-04-10"),
        ]
        let amnesty = Event(id: "ev-d-amnesty", type: "amnesty", date: Synthetic.date("2024-05-01"),
                            participants: [EventParticipant(person: "p-d", role: "victim")], citations: [Synthetic.cite(0, 40)])
        let first = ListSnapshot(id: "snap-1", list: list.id, asOf: Synthetic.date("2024-01-31"), entries: [
            Synthetic.entry("p-a", "Convicted / Bloggers", 1, .convictedImprisoned),
            Synthetic.entry("p-b", "Convicted / Bloggers", 2, .convictedImprisoned),
            Synthetic.entry("p-c", "Pre-trial detention / Rally", 1, .pretrialDetention),
            Synthetic.entry("p-d", "Pre-trial detention / Rally", 2, .pretrialDetention),
            Synthetic.entry("p-g", "Pre-trial detention / Rally", 3, .pretrialDetention),
        ])
        let second = ListSnapshot(id: "snap-2", list: list.id, asOf: Synthetic.date("2024-06-30"), entries: [
            Synthetic.entry("p-b", "Convicted / Bloggers", 1, .convictedImprisoned),
            Synthetic.entry("p-c", "Convicted / Rally", 2, .convictedImprisoned),
            Synthetic.entry("p-e", "Pre-trial detention / Rally", 1, .pretrialDetention),
        ])
        let assessments = [
            Assessment(id: "as-e", person: "p-e", list: list.id, decision: .politicalPrisoner, assessor: "Steppe Watch",
                       date: Synthetic.date("2024-02-15"), citations: [Synthetic.cite(0, 50)]),
            Assessment(id: "as-f", person: "p-f", list: list.id, decision: .politicalPrisoner, assessor: "Steppe Watch",
                       date: Synthetic.date("2024-02-20"), citations: [Synthetic.cite(0, 50)]),
        ]
        return persons.map(Entity.person) + cases.map(Entity.case) + [.event(amnesty), .list(list),
               .listSnapshot(first), .listSnapshot(second)] + assessments.map(Entity.assessment)
    }
}
