import AigaqCore
import AigaqStore
import Tagged

/// `aigaq report dossier --person`: one person's persecution record for an
/// asylum case (identity, timeline with each fact's source, the current
/// charges or risk and how the list's criteria apply), followed by the
/// country context a decision-maker needs: how many political prisoners, how
/// the articles charged are used, torture and impunity, and transnational
/// repression against people in a similar situation.
public enum DossierReport {
    public struct Options: Sendable {
        /// A person id, or a name in any script or spelling.
        public var person: String
        /// The date the record is drawn up to (default: everything known).
        public var asOf: DateValue?
        public init(person: String, asOf: DateValue? = nil) { self.person = person; self.asOf = asOf }
    }

    public static func build(store: some KnowledgeStore, options: Options, vocabulary: Vocabulary) async throws -> ReportDocument {
        let knowledge = PublicKnowledge(store: store)
        let person = try await find(options.person, in: knowledge)
        let cases = try await knowledge.cases(involvingAny: [person.id])
        let ownEvents = try await knowledge.events(involvingAny: [person.id]).filter { e in
            options.asOf.map { d in (e.date?.sortKey ?? 0) <= d.latestKey } ?? true
        }
        let assessments = try await knowledge.assessments(of: person.id)

        // Context: the articles charged and who else is charged under them.
        let charges = cases.flatMap(\.charges).filter { $0.person == person.id }
        let articleKeys = Array(Set(charges.map { "\($0.code) \($0.article)" })).sorted()
        let aggregates = try await knowledge.aggregates()
        let stats = try await Statistics.report(store: store, asOf: options.asOf, list: nil, vocabulary: vocabulary)
        let figures = try await knowledge.figures(measure: nil)
        let contextEvents = try await Statistics.statisticsEvents(knowledge, asOf: options.asOf, vocabulary: vocabulary)
        let others = try await knowledge.persons(ids: Array(Set(contextEvents.flatMap { $0.participants.compactMap(\.person) })))
        let facts = ReportFacts(vocabulary: vocabulary, persons: [person] + others, cases: cases, events: ownEvents + contextEvents)

        var cited: [Citation] = person.citations + person.names.flatMap(\.citations) + person.statuses.flatMap(\.citations)
            + person.birthYear.flatMap(\.citations) + person.region.flatMap(\.citations) + person.city.flatMap(\.citations)
            + person.occupations.flatMap(\.citations)
        cited += cases.flatMap { c in c.citations + c.charges.flatMap(\.citations) + c.sentences.flatMap(\.citations) }
        cited += ownEvents.flatMap(\.citations) + assessments.flatMap { $0.citations + $0.criteria.flatMap(\.citations) }
        cited += figures.flatMap(\.citations) + contextEvents.flatMap(\.citations)
        var doc = ReportDocument(
            title: "Persecution record: \(person.displayName)",
            subtitle: "Country-of-origin information for an asylum case (Kazakhstan)",
            meta: ["Drawn up from the public records of the Aigaq knowledge base\(options.asOf.map { " as of \(Phrase.date($0))" } ?? "").",
                   "Every statement of fact carries a note to the passage of the source it comes from (see Sources)."],
            notes: Footnotes(sources: try await knowledge.sources(ids: cited.map(\.source))))

        var listing: (ListMembership, ListMember)?
        if let listID = stats.headline.list.map(PersonList.ID.init(rawValue:)), let date = stats.membership.flatMap({ DateValue($0.asOf) }),
           try await knowledge.list(id: listID) != nil {
            let m = try await ListHistory.load(list: listID, from: knowledge).membership(asOf: date)
            if let member = m.member(person.id) {
                listing = (m, member)
                cited += member.citations
            }
        }
        doc.notes = Footnotes(sources: try await knowledge.sources(ids: cited.map(\.source)))
        identity(&doc, person: person, listing: listing, vocabulary: vocabulary)
        timeline(&doc, person: person, cases: cases, events: ownEvents, facts: facts)
        risk(&doc, person: person, charges: charges, cases: cases, facts: facts, vocabulary: vocabulary, asOf: options.asOf)
        criteria(&doc, assessments: assessments, vocabulary: vocabulary)

        doc.heading("Country context", newPage: true)
        doc.prose("The figures below are those the sources state, each with its note, and counts of the public records of the knowledge base.")
        politicalPrisoners(&doc, stats: stats, figures: figures, vocabulary: vocabulary)
        articleUse(&doc, keys: articleKeys, aggregates: aggregates, vocabulary: vocabulary, facts: facts)
        torture(&doc, stats: stats, figures: figures, vocabulary: vocabulary)
        repression(&doc, person: person, ownEvents: ownEvents, stats: stats, facts: facts, contextEvents: contextEvents)
        return doc
    }

    static func find(_ query: String, in knowledge: PublicKnowledge) async throws -> Person {
        try PersonLookup.choose(query, byID: try await knowledge.person(id: Person.ID(rawValue: query)),
                                matches: try await knowledge.persons(named: query, limit: 10))
    }

    static func identity(_ doc: inout ReportDocument, person p: Person, listing: (ListMembership, ListMember)?, vocabulary: Vocabulary) {
        doc.heading("Identity")
        var items: [[ReportDocument.Inline]] = []
        let primary = p.names.first { $0.value == p.displayName }
        if let line = doc.cited([.strong("Name:"), .text(" " + p.displayName)], primary?.citations ?? p.citations) { items.append(line) }
        let others = p.names.filter { $0.value != p.displayName && $0.value.contains(" ") }
        if !others.isEmpty, let line = doc.cited([.strong("Also written:"), .text(" " + others.map(\.value).joined(separator: "; "))], others.flatMap(\.citations)) {
            items.append(line)
        }
        if let year = p.birthYear.last, let line = doc.cited([.strong("Born:"), .text(" " + String(year.value))], year.citations) { items.append(line) }
        for (label, facts) in [("Region", p.region), ("City", p.city)] {
            if let f = facts.last, let line = doc.cited([.strong("\(label):"), .text(" " + f.value)], f.citations) { items.append(line) }
        }
        let occupations = p.occupations.map { vocabulary.occupation(id: $0.value)?.label.text(for: "en") ?? $0.value }
        if !occupations.isEmpty, let line = doc.cited([.strong("Occupation:"), .text(" " + Array(Set(occupations)).sorted().joined(separator: ", "))], p.occupations.flatMap(\.citations)) {
            items.append(line)
        }
        let statuses = p.statuses.sorted { ($0.asOf?.sortKey ?? 0) < ($1.asOf?.sortKey ?? 0) }
        for s in statuses {
            let label = vocabulary.status(s.value)?.label.text(for: "en") ?? s.value.rawValue
            if let line = doc.cited([.strong("Status:"), .text(" " + label + (s.asOf.map { " (as of \(Phrase.date($0)))" } ?? ""))], s.citations) {
                items.append(line)
            }
        }
        if let (m, member) = listing {
            let place = [member.section, member.number.map { "no. \($0)" }].compactMap { $0 }.joined(separator: ", ")
            if let line = doc.cited([.strong("Listed:"), .text(" " + "\(m.list.name), as of \(Phrase.date(m.asOf))\(place.isEmpty ? "" : " (\(place))")")], member.citations) {
                items.append(line)
            }
        }
        doc.blocks.append(.bullets(items))
        if p.statuses.isConflicting() {
            doc.prose("The sources disagree on this person's status; each statement above is given with its own source and date.")
        }
    }

    static func timeline(_ doc: inout ReportDocument, person p: Person, cases: [Case], events: [Event], facts: ReportFacts) {
        doc.heading("Persecution timeline")
        var rows: [(Int, [ReportDocument.Inline])] = []
        var seen: Set<String> = []
        for e in events where e.date != nil && seen.insert("\(e.type) \(e.date!.sortKey)").inserted {
            let d = facts.describe(e, for: p.id, dated: false)
            if let line = doc.cited([.strong(Phrase.date(e.date!) + "."), .text(" " + d.text)], d.citations) { rows.append((e.date!.sortKey, line)) }
        }
        for c in cases {
            for s in c.sentences where s.person == p.id {
                guard let date = s.date, seen.insert("verdict \(date.sortKey)").inserted else { continue }
                if let line = doc.cited([.strong(Phrase.date(date) + "."), .text(" Sentenced to \(Phrase.sentence(s.sentence)).")], s.citations) {
                    rows.append((date.sortKey, line))
                }
            }
        }
        if rows.isEmpty {
            doc.prose("No dated event of this person's persecution is recorded in the public records.")
        } else {
            doc.blocks.append(.bullets(rows.sorted { $0.0 < $1.0 }.map(\.1)))
        }
    }

    static func risk(_ doc: inout ReportDocument, person p: Person, charges: [Charge], cases: [Case], facts: ReportFacts,
                     vocabulary: Vocabulary, asOf: DateValue?) {
        doc.heading("Current charges and risk")
        var said = false
        if !charges.isEmpty {
            said = doc.statement([.text("Charged under " + facts.articles(charges) + ".")], citing: charges.flatMap(\.citations)) || said
        }
        let sentences = cases.flatMap(\.sentences).filter { $0.person == p.id }.sorted { ($0.date?.sortKey ?? 0) < ($1.date?.sortKey ?? 0) }
        if let s = sentences.last {
            said = doc.statement([.text("The latest sentence recorded: \(Phrase.sentence(s.sentence))\(s.date.map { ", \(Phrase.date($0))" } ?? "").")],
                                 citing: s.citations) || said
        }
        if Set(sentences.map(\.sentence)).count > 1 {
            doc.prose("The sources state different sentences; each is listed in the timeline with its source.")
        }
        let dissent = Set(charges.compactMap { vocabulary.article(code: $0.code, number: $0.article) }.filter(\.dissent).map(\.article))
        if !dissent.isEmpty {
            doc.prose("Article\(dissent.count > 1 ? "s" : "") \(Phrase.names(dissent.sorted())) \(dissent.count > 1 ? "are" : "is") among those the vocabulary of this knowledge base marks as used against dissent; see the country context for how often.")
        }
        if let s = p.statuses.max(by: { ($0.asOf?.sortKey ?? 0) < ($1.asOf?.sortKey ?? 0) }) {
            let label = (vocabulary.status(s.value)?.label.text(for: "en") ?? s.value.rawValue).lowercased()
            said = doc.statement([.text("Most recent status recorded: \(label)\(s.asOf.map { " (as of \(Phrase.date($0)))" } ?? "").")], citing: s.citations) || said
        }
        if !said { doc.prose("No charge, sentence or status of this person is recorded in the public records.") }
    }

    static func criteria(_ doc: inout ReportDocument, assessments: [Assessment], vocabulary: Vocabulary) {
        doc.heading("How the criteria apply")
        if assessments.isEmpty {
            doc.prose("No assessment of this person against a list's criteria is recorded.")
        }
        for a in assessments.sorted(by: { $0.date.sortKey < $1.date.sortKey }) {
            let decision = vocabulary.decision(id: a.decision.rawValue)?.label.text(for: "en") ?? a.decision.rawValue
            doc.statement([.text("\(a.assessor) assessed this person \(Phrase.when(a.date)): "), .strong(decision), .text(".")],
                          citing: a.citations)
            for c in a.criteria {
                guard let criterion = vocabulary.criterion(id: c.criterion) else { continue }
                let verdict = c.verdict == .met ? "met" : c.verdict == .notMet ? "not met" : "unclear"
                doc.statement([.text("Criterion (\(criterion.letter)), \(criterion.label.text(for: "en").lowercased()): \(verdict)\(c.reasoning.map { ". " + $0 } ?? "").")],
                              citing: c.citations + a.citations)
            }
        }
        doc.prose("The lists recorded here apply Resolution 1900 (2012) of the Parliamentary Assembly of the Council of Europe: a person deprived of liberty is a political prisoner when at least one of these holds (in our words):")
        doc.blocks.append(ListReport.criteriaItems(vocabulary))
    }

    static func politicalPrisoners(_ doc: inout ReportDocument, stats: StatisticsReport, figures: [StatedFigure], vocabulary: Vocabulary) {
        doc.heading("Political prisoners", level: 3)
        if let m = stats.membership, let name = stats.headline.listName {
            let parts = m.byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \((vocabulary.status(id: $0.key)?.label.text(for: "en") ?? $0.key).lowercased())" }
            doc.prose("On the list “\(name)”, as computed from the recorded facts on \(DateValue(m.asOf).map(Phrase.date) ?? m.asOf): \(Phrase.count(m.members, "political prisoner")) (\(parts.joined(separator: "; "))). The list report gives each entry with its sources.")
        }
        for f in figures.filter({ $0.measure == "political-prisoners" || $0.measure == "politically-persecuted-persons" }).suffix(6) {
            UpdateReport.figureStatement(f, into: &doc, vocabulary: vocabulary)
        }
    }

    static func articleUse(_ doc: inout ReportDocument, keys: [String], aggregates: KnowledgeAggregates, vocabulary: Vocabulary, facts: ReportFacts) {
        guard !keys.isEmpty else { return }
        doc.heading("Use of the articles charged", level: 3)
        for key in keys {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let n = aggregates.personsByArticle[key] ?? 0
            let title = vocabulary.article(code: parts[0], number: parts[1])?.title.text(for: "en")
            doc.prose("Article \(parts[1]) of the \(facts.codeName(parts[0]))\(title.map { " (“\($0)”)" } ?? ""): \(Phrase.count(n, "persecuted person")) in the public records \(n == 1 ? "is" : "are") charged under it.")
        }
    }

    static func torture(_ doc: inout ReportDocument, stats: StatisticsReport, figures: [StatedFigure], vocabulary: Vocabulary) {
        let measures: Set<String> = Set(vocabulary.funnel(Statistics.tortureFunnel).map(\.id))
            .union(["torture-cases-recorded", "torture-cases-reaching-court-share", "officials-convicted-of-torture"])
        let relevant = figures.filter { measures.contains($0.measure) }
        guard !relevant.isEmpty else { return }
        doc.heading("Torture and impunity", level: 3)
        for f in relevant { UpdateReport.figureStatement(f, into: &doc, vocabulary: vocabulary) }
        if let chart = StatisticsCharts.tortureFunnel(stats) { doc.blocks.append(.chart(chart)) }
    }

    static func repression(_ doc: inout ReportDocument, person p: Person, ownEvents: [Event], stats: StatisticsReport,
                           facts: ReportFacts, contextEvents: [Event]) {
        let incidents = stats.transnationalRepression.incidents
        guard !incidents.isEmpty else { return }
        doc.heading("Transnational repression against people in a similar situation", level: 3)
        // The person's own host countries first: where they live abroad, if recorded.
        let own = Set(incidents.filter { i in ownEvents.contains { $0.id.rawValue == i.event } }.map(\.hostCountry))
        let sorted = incidents.sorted { a, b in
            (own.contains(a.hostCountry) ? 0 : 1, (a.date ?? "9999").trimmingCharacters(in: ["~"]), a.event)
                < (own.contains(b.hostCountry) ? 0 : 1, (b.date ?? "9999").trimmingCharacters(in: ["~"]), b.event)
        }
        doc.prose("The public records hold \(Phrase.count(incidents.count, "incident")) of transnational repression in \(Phrase.count(stats.transnationalRepression.byCountry.count, "country", "countries"))" +
                  (own.isEmpty ? "." : "; those in \(Phrase.names(own.sorted().map(Statistics.countryName))), where this person's own case is recorded, come first."))
        var items: [[ReportDocument.Inline]] = []
        for i in sorted {
            guard let e = contextEvents.first(where: { $0.id.rawValue == i.event }) else { continue }
            let d = facts.describe(e)
            if let line = doc.cited([.strong("\(i.hostCountryName) — \(i.tacticLabel).")] + [.text(" " + d.text)], e.citations) { items.append(line) }
        }
        doc.blocks.append(.bullets(items))
        if let chart = StatisticsCharts.repressionByTactic(stats) { doc.blocks.append(.chart(chart)) }
    }
}
