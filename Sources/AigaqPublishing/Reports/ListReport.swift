import AigaqCore
import AigaqStore
import Tagged

/// `aigaq report list`: the numbered list of political prisoners on a date,
/// in the register of the NGO lists: the headline counts, the criteria, then
/// the sections and entries (name, sentence, articles with their titles, dates,
/// a short case summary built from facts), each statement with its note.
public enum ListReport {
    public struct Options: Sendable {
        public var asOf: DateValue
        /// The list (default: the public list with the latest snapshot on or before the date).
        public var list: PersonList.ID?
        public init(asOf: DateValue, list: PersonList.ID? = nil) { self.asOf = asOf; self.list = list }
    }

    public static func build(store: some KnowledgeStore, options: Options, vocabulary: Vocabulary) async throws -> ReportDocument {
        let knowledge = PublicKnowledge(store: store)
        let listID = try await chooseList(knowledge, requested: options.list, asOf: options.asOf)
        let history = try await ListHistory.load(list: listID, from: knowledge)
        let membership = history.membership(asOf: options.asOf)
        let diff = membership.snapshot.flatMap { s in s.asOf.latestKey < options.asOf.latestKey ? history.diff(from: s.asOf, to: options.asOf) : nil }
        // Everyone the report names was on the list: the history has their records already.
        let facts = ReportFacts(vocabulary: vocabulary, persons: history.people, cases: history.cases, events: history.allEvents)
        let stated = try await knowledge.figures(measure: "political-prisoners").filter { f in
            guard let to = f.to else { return false }
            return to.latestKey <= options.asOf.latestKey && (membership.snapshot.map { to.latestKey >= $0.asOf.sortKey } ?? true)
        }
        var cited: [Citation] = membership.members.flatMap(\.citations) + facts.events.flatMap(\.citations)
        cited += diff?.released.flatMap(\.citations) ?? []
        for c in facts.cases { cited += c.charges.flatMap(\.citations) + c.sentences.flatMap(\.citations) }
        cited += (membership.snapshot?.citations ?? []) + stated.flatMap(\.citations)
        var doc = ReportDocument(
            title: "\(history.list.name), as of \(Phrase.date(options.asOf))",
            subtitle: nil,
            meta: metaLines(membership),
            notes: Footnotes(sources: try await knowledge.sources(ids: cited.map(\.source))))

        summary(&doc, membership: membership, stated: stated)
        criteria(&doc, list: history.list, vocabulary: vocabulary)
        entries(&doc, membership: membership, facts: facts, vocabulary: vocabulary, asOf: options.asOf)
        if let diff { changes(&doc, diff: diff, facts: facts, vocabulary: vocabulary) }
        return doc
    }

    /// The requested public list, or the one with the latest snapshot on or before `asOf`.
    public static func chooseList(_ knowledge: PublicKnowledge, requested: PersonList.ID?, asOf: DateValue) async throws -> PersonList.ID {
        let lists = try await knowledge.lists()
        if let requested {
            guard lists.contains(where: { $0.id == requested }) else { throw AigaqError.notFound(what: "public list \(requested.rawValue)") }
            return requested
        }
        var best: (PersonList.ID, Int)?
        for l in lists {
            guard let date = try await knowledge.latestSnapshotDate(of: l.id, asOf: asOf) else { continue }
            if best == nil || date.latestKey > best!.1 { best = (l.id, date.latestKey) }
        }
        guard let best else { throw AigaqError.notFound(what: "a public list published on or before \(asOf)") }
        return best.0
    }

    static func metaLines(_ m: ListMembership) -> [String] {
        var lines = ["Membership as of \(Phrase.date(m.asOf)), from the public records of the Aigaq knowledge base."]
        if let s = m.snapshot {
            if s.asOf.latestKey == m.asOf.latestKey {
                lines.append("This is the list as published on \(Phrase.date(s.asOf)); numbers and sections are the list's own.")
            } else {
                lines.append("Starts from the list published on \(Phrase.date(s.asOf)) and follows the facts recorded since; numbers and sections are that list's.")
            }
        }
        lines.append("Every statement carries a note to the passage of the source it comes from (see Sources).")
        return lines
    }

    static func summary(_ doc: inout ReportDocument, membership m: ListMembership, stated: [StatedFigure]) {
        doc.heading("Summary")
        let counts = m.countsByStatus
        let convicted = counts["convicted_imprisoned"] ?? 0, pretrial = counts["pretrial_detention"] ?? 0, house = counts["house_arrest"] ?? 0
        var parts: [String] = []
        if convicted > 0 { parts.append("\(convicted) convicted and serving prison sentences") }
        if pretrial > 0 { parts.append("\(pretrial) held in pre-trial detention") }
        if house > 0 { parts.append("\(house) under house arrest") }
        let text = "On \(Phrase.date(m.asOf)) the list counts \(Phrase.count(m.members.count, "political prisoner"))" +
            (parts.isEmpty ? "." : ": " + Phrase.names(parts) + ".")
        // The count is ours, from the entries; it cites the published list itself when that has a citation.
        if !doc.statement([.strong(text)], citing: m.snapshot?.citations ?? []) {
            doc.blocks.append(.paragraph([.strong(text), .text(" (Counted from the entries below, each with its source.)")]))
        }
        for f in stated.sorted(by: { ($0.dimensions["status"] ?? "", $0.id.rawValue) < ($1.dimensions["status"] ?? "", $1.id.rawValue) }) {
            let what = f.dimensions["status"].map { "of them \(f.valueText) \($0 == "pretrial_detention" ? "in pre-trial detention" : "convicted")" }
                ?? "\(f.valueText) political prisoners"
            doc.statement([.text("The source states \(what)\(f.to.map { " as of \(Phrase.date($0))" } ?? "").")], citing: f.citations)
        }
    }

    static func criteria(_ doc: inout ReportDocument, list: PersonList, vocabulary: Vocabulary) {
        doc.heading("Criteria")
        doc.prose("A person is on the list when deprived of liberty (in prison, in pre-trial detention or under house arrest) and when the detention meets at least one criterion of Resolution 1900 (2012) of the Parliamentary Assembly of the Council of Europe, which the list applies (in our words):")
        doc.blocks.append(criteriaItems(vocabulary))
    }

    /// The PACE criteria, in our words, as bullets.
    static func criteriaItems(_ vocabulary: Vocabulary) -> ReportDocument.Block {
        .bullets(vocabulary.criteria.map { [.strong("(\($0.letter)) \($0.label.text(for: "en")).")] + [.text(" " + $0.text.text(for: "en"))] })
    }

    static func entries(_ doc: inout ReportDocument, membership m: ListMembership, facts: ReportFacts, vocabulary: Vocabulary, asOf: DateValue) {
        var heading: String?
        var subheading: String?
        var items: [(number: Int?, content: [ReportDocument.Inline])] = []
        func flush() { if !items.isEmpty { doc.blocks.append(.entries(items)); items = [] } }
        var first = true
        for member in m.members {
            let section = member.section ?? "Added since the published list / " + ListHistory.defaultSection(member.status)
            let parts = section.components(separatedBy: " / ")
            if parts[0] != heading {
                flush()
                heading = parts[0]; subheading = nil
                doc.heading(parts[0], level: 2, newPage: first)
                first = false
            }
            let sub = parts.count > 1 ? parts.dropFirst().joined(separator: " / ") : nil
            if sub != subheading, let sub {
                flush()
                subheading = sub
                doc.heading(sub, level: 3)
            }
            items.append((member.number, entry(member, facts: facts, doc: &doc, vocabulary: vocabulary, asOf: asOf)))
        }
        flush()
    }

    /// "**Name** (Cyrillic). 7 years' imprisonment under … [n]. Detained in …[n]. Status …[n]."
    static func entry(_ member: ListMember, facts: ReportFacts, doc: inout ReportDocument, vocabulary: Vocabulary,
                      asOf: DateValue) -> [ReportDocument.Inline] {
        let person = facts.persons[member.person]
        var out: [ReportDocument.Inline] = [.strong(person?.displayName ?? member.person.rawValue)]
        if let cyr = person?.cyrillicName { out.append(.text(" (\(cyr))")) }
        out += doc.cited([.text(".")], member.citations) ?? [.text(".")]
        if let s = facts.sentenceAndCharges(of: member.person, sentence: member.sentence, sentenceDate: member.sentenceDate) {
            out += doc.cited([.text(" " + capitalised(s.text) + ".")], s.citations) ?? []
        }
        for e in facts.notableEvents(of: member.person, until: asOf) where e.type != "verdict" || member.sentence == nil {
            let d = facts.describe(e, for: member.person)
            out += doc.cited([.text(" " + d.text)], d.citations) ?? []
        }
        if member.listedStatus != member.status, let since = member.statusSince {
            let status = vocabulary.status(member.status)?.label.text(for: "en") ?? member.status.rawValue
            out += doc.cited([.text(" Status since \(Phrase.date(since)): \(status.lowercased()).")], member.citations) ?? []
        }
        return out
    }

    static func changes(_ doc: inout ReportDocument, diff: ListDiff, facts: ReportFacts, vocabulary: Vocabulary) {
        doc.heading("Changes since the published list of \(Phrase.date(diff.from.asOf))")
        if diff.isEmpty { doc.prose("No recorded fact changes the list between these dates."); return }
        UpdateReport.describe(diff, into: &doc, facts: facts, vocabulary: vocabulary)
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
