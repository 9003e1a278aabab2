import AigaqCore
import AigaqStore
import Tagged

/// `aigaq report update --from --to`: what happened in a period, in the
/// manner of a CIVICUS Monitor update: the list's changes, then events and
/// stated figures grouped by freedom of association, of peaceful assembly
/// and of expression, then transnational repression, each with counts and cases.
public enum UpdateReport {
    public struct Options: Sendable {
        public var from: DateValue
        public var to: DateValue
        public var list: PersonList.ID?
        public init(from: DateValue, to: DateValue, list: PersonList.ID? = nil) { self.from = from; self.to = to; self.list = list }
    }

    enum Group: String, CaseIterable {
        case association, assembly, expression, transnational, other
        var title: String {
            switch self {
            case .association: "Freedom of association"
            case .assembly: "Freedom of peaceful assembly"
            case .expression: "Freedom of expression"
            case .transnational: "Transnational repression"
            case .other: "Other events: detention, trials, ill-treatment"
            }
        }
    }

    public static func build(store: some KnowledgeStore, options: Options, vocabulary: Vocabulary) async throws -> ReportDocument {
        guard options.from.sortKey <= options.to.latestKey else {
            throw AigaqError.usage("--from (\(options.from)) must not be after --to (\(options.to))")
        }
        let knowledge = PublicKnowledge(store: store)
        // The list's changes, when a public list was published by the end of the period.
        var diff: ListDiff?
        if let listID = try? await ListReport.chooseList(knowledge, requested: options.list, asOf: options.to) {
            let history = try await ListHistory.load(list: listID, from: knowledge)
            diff = history.diff(from: options.from, to: options.to)
        }
        let events = try await knowledge.events(types: nil, from: options.from, to: options.to)
        let figures = try await knowledge.figures(measure: nil).filter { f in
            let start = (f.from ?? f.to)?.sortKey ?? 0, end = (f.to ?? f.from)?.latestKey ?? 0
            return start > 0 && end >= options.from.sortKey && start <= options.to.latestKey
        }
        var ids = Set(events.flatMap { $0.participants.compactMap(\.person) })
        if let diff { ids.formUnion(diff.from.members.map(\.person) + diff.to.members.map(\.person)) }
        let facts = ReportFacts(vocabulary: vocabulary, persons: try await knowledge.persons(ids: Array(ids)),
                                cases: try await knowledge.cases(involvingAny: Array(ids)), events: events)
        var cited: [Citation] = events.flatMap(\.citations) + figures.flatMap(\.citations)
        for c in facts.cases { cited += c.charges.flatMap(\.citations) + c.sentences.flatMap(\.citations) }
        if let diff {
            cited += diff.from.members.flatMap(\.citations) + diff.to.members.flatMap(\.citations)
            cited += diff.released.flatMap(\.citations)
        }
        var doc = ReportDocument(
            title: "Kazakhstan: civic freedoms and political prisoners, \(Phrase.date(options.from)) to \(Phrase.date(options.to))",
            subtitle: "Periodic update",
            meta: ["Events dated within the period and figures stated for it, from the public records of the Aigaq knowledge base.",
                   "Every statement carries a note to the passage of the source it comes from (see Sources)."],
            notes: Footnotes(sources: try await knowledge.sources(ids: cited.map(\.source))))

        var groups: [Group: [Event]] = [:]
        for e in events {
            let group: Group = Statistics.isTransnational(e, vocabulary: vocabulary) ? .transnational
                : facts.freedom(of: e).map { Group(rawValue: $0.rawValue)! } ?? .other
            groups[group, default: []].append(e)
        }
        var figureGroups: [Group: [StatedFigure]] = [:]
        for f in figures {
            let group = vocabulary.measure(id: f.measure)?.freedom.map { Group(rawValue: $0.rawValue)! } ?? .other
            figureGroups[group, default: []].append(f)
        }

        doc.heading("Summary")
        var counts = Group.allCases.filter { $0 != .other }.map { g in
            "\(g.title.lowercased()): \(Phrase.count(groups[g]?.count ?? 0, "event"))"
        }
        counts.append("other: \(Phrase.count(groups[.other]?.count ?? 0, "event"))")
        doc.prose("The knowledge base records \(Phrase.count(events.count, "dated event")) in the period (\(counts.joined(separator: "; "))) and \(Phrase.count(figures.count, "figure")) stated for it.")
        if let diff {
            doc.prose("On \(Phrase.date(options.from)) the list “\(diff.from.list.name)” counted \(diff.from.members.count) political prisoners; on \(Phrase.date(options.to)), \(diff.to.members.count): \(diff.added.count) added, \(diff.released.count) no longer deprived of liberty, \(diff.statusChanged.count) with a changed status and \(diff.sentenceChanged.count) with a changed sentence.")
            doc.heading("Political prisoners")
            if diff.isEmpty { doc.prose("No recorded fact changes the list in the period.") }
            describe(diff, into: &doc, facts: facts, vocabulary: vocabulary)
        }
        for g in Group.allCases {
            let list = groups[g] ?? [], stated = figureGroups[g] ?? []
            guard !list.isEmpty || !stated.isEmpty || g != .other else { continue }
            doc.heading(g.title)
            let persons = Set(list.flatMap { $0.participants.filter { $0.role == "victim" }.compactMap(\.person) })
            doc.prose(list.isEmpty ? "No event of this kind is recorded in the period."
                      : "\(Phrase.count(list.count, "event")) recorded in the period, concerning \(Phrase.count(persons.count, "named person")).")
            if !stated.isEmpty {
                doc.heading("Figures stated by sources", level: 3)
                for f in stated { figureStatement(f, into: &doc, vocabulary: vocabulary) }
            }
            if !list.isEmpty {
                doc.heading("Cases", level: 3)
                var items: [[ReportDocument.Inline]] = []
                for e in list {
                    let d: ReportFacts.Cited = facts.describe(e)
                    if let line = doc.cited([ReportDocument.Inline.text(d.text)], d.citations) { items.append(line) }
                }
                doc.blocks.append(ReportDocument.Block.bullets(items))
            }
            if g == .transnational && list.count > 1 {
                doc.blocks.append(.chart(tacticChart(list, facts: facts, vocabulary: vocabulary)))
            }
        }
        return doc
    }

    static func tacticChart(_ events: [Event], facts: ReportFacts, vocabulary: Vocabulary) -> Chart {
        let incidents = Statistics.transnationalRepression(events: events, names: facts.persons.mapValues(\.displayName),
                                                           vocabulary: vocabulary, sources: [:]).incidents
        var byTactic: [String: (label: String, count: Int)] = [:]
        for i in incidents { byTactic[i.tactic, default: (i.tacticLabel, 0)].count += 1 }
        let points = byTactic.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
            .map { Chart.Point(label: $0.value.label, value: Double($0.value.count)) }
        return Chart(id: "update-tnr-tactics", title: "Transnational repression in the period, by tactic", kind: .bar, points: points,
                     xLabel: "Tactic", yLabel: "Incidents", source: "Aigaq knowledge base, public records (the events listed above, with their notes)")
    }

    /// "The source states: …" for one stated figure.
    static func figureStatement(_ f: StatedFigure, into doc: inout ReportDocument, vocabulary: Vocabulary) {
        let label = vocabulary.measure(id: f.measure)?.label.text(for: "en") ?? f.measure
        var text = "\(label): \(f.valueText)"
        switch vocabulary.measure(id: f.measure)?.unit {
        case .percent?: text += " per cent"
        case .rank?: if let of = f.dimensions["of"] { text += " of \(of)" }
        default: break
        }
        if let period = f.periodText { text += " (\(period))" }
        if let place = f.place { text += ", \(place)" }
        if !f.dimensions.isEmpty {
            text += "; " + f.dimensions.filter { $0.key != "of" }.sorted { $0.key < $1.key }.map { key, value in
                let shown = key == "status" ? (vocabulary.status(id: value)?.label.text(for: "en").lowercased() ?? value)
                    : value.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
                return "\(key.replacingOccurrences(of: "-", with: " ")): \(shown)"
            }.joined(separator: ", ")
        }
        if let by = f.countedBy { text += "; according to \(by)" }
        text += "."
        if let s = f.summary { text += " " + s }
        doc.statement([.text(text)], citing: f.citations)
    }

    /// The list's changes as statements: added, released, status and sentence changes.
    static func describe(_ diff: ListDiff, into doc: inout ReportDocument, facts: ReportFacts, vocabulary: Vocabulary) {
        func status(_ s: PersonStatus) -> String { (vocabulary.status(s)?.label.text(for: "en") ?? s.rawValue).lowercased() }
        func lines(_ title: String, _ items: [[ReportDocument.Inline]]) {
            guard !items.isEmpty else { return }
            doc.heading(title, level: 3)
            doc.blocks.append(.bullets(items))
        }
        lines("Added", diff.added.compactMap { m in
            doc.cited([.strong(facts.name(m.person)), .text(": \(status(m.status))\(m.statusSince.map { " (as of \(Phrase.date($0)))" } ?? "").")], m.citations)
        })
        lines("No longer deprived of liberty", diff.released.compactMap { r in
            doc.cited([.strong(facts.name(r.member.person)), .text(": \(status(r.status))\(r.since.map { " as of \(Phrase.date($0))" } ?? "") (on the list as \(status(r.member.status))).")], r.citations)
        })
        lines("Status changed", diff.statusChanged.compactMap { c in
            doc.cited([.strong(facts.name(c.person)), .text(": from \(status(c.from)) to \(status(c.to))\(c.since.map { " (\(Phrase.date($0)))" } ?? "").")], c.citations)
        })
        lines("Sentence changed", diff.sentenceChanged.compactMap { c in
            let from = c.from.map(Phrase.sentence) ?? "no sentence", to = c.to.map(Phrase.sentence) ?? "no sentence"
            return doc.cited([.strong(facts.name(c.person)), .text(": from \(from) to \(to)\(c.date.map { " (\(Phrase.date($0)))" } ?? "").")], c.citations)
        })
    }
}
