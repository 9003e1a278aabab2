import AigaqCore
import Tagged

/// What reports say about persons, cases and events, in the register of the
/// NGO lists, each phrase with the citations of the facts it comes from.
struct ReportFacts {
    let vocabulary: Vocabulary
    let persons: [Person.ID: Person]
    let cases: [Case]
    let events: [Event]
    /// By person, so that a list of thousands asks each person's facts once.
    private let chargesOf: [Person.ID: [Charge]]
    private let sentencesOf: [Person.ID: [SentenceRecord]]
    private let eventsOf: [Person.ID: [Event]]

    init(vocabulary: Vocabulary, persons: [Person], cases: [Case], events: [Event]) {
        self.vocabulary = vocabulary
        self.persons = Dictionary(persons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.cases = cases
        self.events = events
        chargesOf = Dictionary(grouping: cases.flatMap(\.charges), by: \.person)
        sentencesOf = Dictionary(grouping: cases.flatMap(\.sentences), by: \.person)
        var byPerson: [Person.ID: [Event]] = [:]
        for e in events { for p in Set(e.participants.compactMap(\.person)) { byPerson[p, default: []].append(e) } }
        eventsOf = byPerson
    }

    /// A phrase and where it comes from.
    struct Cited { var text: String; var citations: [Citation] }

    func name(_ id: Person.ID) -> String { persons[id]?.displayName ?? id.rawValue }

    /// "Article 405 of the Criminal Code (Organisation of or participation in …)".
    func articles(_ charges: [Charge]) -> String {
        var byCode: [(String, [Charge])] = []
        for ch in charges {
            if let i = byCode.firstIndex(where: { $0.0 == ch.code }) {
                if !byCode[i].1.contains(where: { $0.article == ch.article && $0.part == ch.part }) { byCode[i].1.append(ch) }
            } else { byCode.append((ch.code, [ch])) }
        }
        return byCode.map { code, list in
            let items = list.map { ch -> String in
                let part = ch.part.map { "part \($0) of " } ?? ""
                let title = vocabulary.article(code: code, number: ch.article)?.title.text(for: "en")
                return "\(part)Article \(ch.article)" + (title.map { " (“\($0)”)" } ?? "")
            }
            return Phrase.names(items) + " of the " + codeName(code)
        }.joined(separator: "; ")
    }

    func codeName(_ code: String) -> String {
        switch code {
        case "KZ-CC-2014": "Criminal Code"
        case "KZ-CC-1997": "Criminal Code of 1997"
        case "KZ-CAO": "Code of Administrative Offences"
        default: vocabulary.code(id: code)?.label.text(for: "en") ?? code
        }
    }

    /// The person's charges across their cases (as of `date`: charges dated after it left out).
    func charges(of id: Person.ID, asOf date: DateValue? = nil) -> [Charge] {
        (chargesOf[id] ?? []).filter { ch in date.map { d in (ch.date?.sortKey ?? 0) <= d.latestKey } ?? true }
    }

    /// "7 years' imprisonment under Articles 258 and 405 of the Criminal Code".
    func sentenceAndCharges(of id: Person.ID, sentence: Sentence?, sentenceDate: DateValue?) -> Cited? {
        let charges = self.charges(of: id)
        let record = sentencesOf[id]?.first { $0.sentence == sentence && $0.date == sentenceDate }
        var parts: [String] = []
        var citations: [Citation] = []
        if let sentence {
            parts.append(Phrase.sentence(sentence))
            citations += record?.citations ?? []
        }
        if !charges.isEmpty {
            parts.append((sentence == nil ? "charged under " : "under ") + articles(charges))
            citations += charges.flatMap(\.citations)
        }
        guard !parts.isEmpty else { return nil }
        var text = parts.joined(separator: " ")
        if let sentenceDate, sentence != nil { text += ", sentenced \(Phrase.when(sentenceDate))" }
        return Cited(text: text, citations: citations)
    }

    /// Events of one person worth a line in a summary, oldest first: the first
    /// detention, verdicts and appeals, and what happened in custody.
    func notableEvents(of id: Person.ID, until date: DateValue? = nil) -> [Event] {
        let theirs = (eventsOf[id] ?? []).filter { e in
            e.date != nil && (date.map { d in e.date!.sortKey <= d.latestKey } ?? true)
        }.sorted(by: { $0.date!.sortKey < $1.date!.sortKey })
        let firstDetention = theirs.first { ["detention", "pretrial-detention", "house-arrest"].contains($0.type) }
        let kept: Set<String> = ["verdict", "appeal-decision", "torture-allegation", "hunger-strike", "self-harm",
                                 "solitary-confinement", "denial-of-medical-care", "transfer", "release", "parole", "amnesty"]
        var seen: Set<String> = []
        return theirs.filter { e in
            guard e.id == firstDetention?.id || kept.contains(e.type) else { return false }
            // One line per type and date: sources often state the same verdict twice.
            return seen.insert("\(e.type) \(e.date!.sortKey)").inserted
        }
    }

    /// "Detained in January 2022", "Verdict on 29 November 2023", "Hunger strike in April 2025 (40 days)".
    func describe(_ e: Event, for person: Person.ID? = nil, dated: Bool = true) -> Cited {
        let label = vocabulary.eventType(id: e.type)?.label.text(for: "en") ?? e.type
        var when = dated ? e.date.map(Phrase.when) ?? "(undated)" : ""
        if dated, let start = e.date, let end = e.endDate {
            when = "from \(Phrase.date(start)) to \(Phrase.date(end))"
        }
        var text: String
        switch e.type {
        case "detention": text = "Detained \(when)"
        case "pretrial-detention": text = "Remanded in pre-trial detention \(when)"
        case "verdict":
            if let person, let s = sentencesOf[person]?.first(where: { $0.date.map { DateValue.agree($0, e.date) } == true }) {
                text = "Sentenced \(when) to \(Phrase.sentence(s.sentence))".replacingOccurrences(of: "  ", with: " ")
            } else {
                text = "Verdict \(when)"
            }
        default: text = "\(label) \(when)"
        }
        text = text.trimmingCharacters(in: .whitespaces)
        if let place = e.place { text += " (\(place))" }
        let others = e.participants.filter { $0.person != person && $0.role == "victim" }.compactMap(\.person).map(name)
        if person == nil || !others.isEmpty {
            let victims = e.participants.filter { $0.role == "victim" }.compactMap(\.person).map(name)
            if !victims.isEmpty { text += ": " + Phrase.names(victims) }
        }
        if let days = e.attributes["days"] { text += ", \(days) days" }
        if let outcome = e.attributes["complaint-outcome"] ?? e.attributes["outcome"] { text += "; outcome: \(outcome)" }
        if let summary = e.summary { text += ". " + summary }
        return Cited(text: text.hasSuffix(".") ? text : text + ".", citations: e.citations)
    }

    /// The freedom an event is about: its type's, else that of the articles of
    /// its case (or of the charges of its victims), else its own article attribute.
    func freedom(of e: Event) -> Freedom? {
        if let f = vocabulary.eventType(id: e.type)?.freedom { return f }
        var charges: [Charge] = []
        if let c = e.caseID, let legal = cases.first(where: { $0.id == c }) { charges = legal.charges }
        if charges.isEmpty {
            charges = e.participants.filter { $0.role == "victim" }.compactMap(\.person).flatMap { chargesOf[$0] ?? [] }
        }
        let freedoms = charges.compactMap { vocabulary.article(code: $0.code, number: $0.article)?.freedom }
        if let most = Dictionary(grouping: freedoms, by: { $0 }).max(by: { ($0.value.count, $1.key.rawValue) < ($1.value.count, $0.key.rawValue) }) {
            return most.key
        }
        if let article = e.attributes["article"] {
            for code in ["KZ-CAO", "KZ-CC-2014", "KZ-CC-1997"] {
                if let f = vocabulary.article(code: code, number: article)?.freedom { return f }
            }
        }
        return nil
    }
}
