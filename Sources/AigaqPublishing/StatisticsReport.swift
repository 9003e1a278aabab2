import AigaqCore
import AigaqStore
import Foundation
import Tagged

/// A citation made readable: the source's bibliographic data and the byte
/// spans of the passages, merged where they touch.
public struct CitedSource: Hashable, Sendable, Codable {
    public var source: String
    public var title: String?
    public var publisher: String?
    public var publishedOn: String?
    public var url: String?
    public var sha256: String
    /// `[start, end)` byte offsets into the source's normalised text.
    public var spans: [[Int]]

    enum CodingKeys: String, CodingKey { case source, title, publisher, publishedOn = "published_on", url, sha256, spans }

    /// Groups `citations` by source, keeping only sources in `sources` (the public ones), in first-cited order.
    public static func group(_ citations: [Citation], sources: [Source.ID: Source]) -> [CitedSource] {
        var order: [Source.ID] = []
        var spans: [Source.ID: [(Int, Int)]] = [:]
        for c in citations where sources[c.source] != nil {
            if spans[c.source] == nil { order.append(c.source) }
            spans[c.source, default: []].append((c.start, c.end))
        }
        return order.map { id in
            let s = sources[id]!
            return CitedSource(source: id.rawValue, title: s.title, publisher: s.publisher, publishedOn: s.publishedOn?.description,
                               url: s.url, sha256: s.sha256, spans: merge(spans[id]!).map { [$0.0, $0.1] })
        }
    }

    /// Sorted spans with touching or overlapping ones joined (a paragraph cited sentence by sentence is one span).
    static func merge(_ spans: [(Int, Int)]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for s in spans.sorted(by: { $0 < $1 }) {
            if let last = out.last, s.0 <= last.1 + 1 { out[out.count - 1].1 = max(last.1, s.1) } else { out.append(s) }
        }
        return out
    }
}

/// A stated figure with its labels and sources resolved, for JSON and reports.
public struct FigureSummary: Hashable, Sendable, Codable {
    public var id: String
    public var measure: String
    public var label: String
    /// What is counted (`persons`, `events`, `percent`, `rank`...).
    public var unit: String
    public var value: Int
    public var upper: Int?
    public var qualifier: String
    /// "at least 686".
    public var text: String
    public var period: String?
    public var from: String?
    public var to: String?
    public var place: String?
    public var country: String?
    public var dimensions: [String: String]
    public var countedBy: String?
    public var summary: String?
    public var sources: [CitedSource]

    enum CodingKeys: String, CodingKey {
        case id, measure, label, unit, value, upper, qualifier, text, period, from, to, place, country, dimensions,
             countedBy = "counted_by", summary, sources
    }

    init(_ f: StatedFigure, vocabulary: Vocabulary, sources: [Source.ID: Source]) {
        id = f.id.rawValue; measure = f.measure
        let measure = vocabulary.measure(id: f.measure)
        label = measure?.label.text(for: "en") ?? f.measure
        unit = measure?.unit.rawValue ?? "events"
        value = f.value; upper = f.upper; qualifier = f.qualifier.rawValue
        text = f.valueText + (measure?.unit == .percent ? " per cent" : "")
        period = f.periodText; from = f.from?.description; to = f.to?.description
        place = f.place; country = f.country; dimensions = f.dimensions; countedBy = f.countedBy; summary = f.summary
        self.sources = CitedSource.group(f.citations, sources: sources)
    }
}

/// One step of a funnel (complaints → cases opened → in court → verdicts):
/// the latest figure stated for it.
public struct FunnelStage: Hashable, Sendable, Codable {
    public var step: Int
    public var measure: String
    public var label: String
    public var figure: FigureSummary?
    /// Every figure stated for the step, latest last.
    public var all: [FigureSummary]
}

public struct RefusedAssemblies: Hashable, Sendable, Codable {
    public struct Place: Hashable, Sendable, Codable {
        public var refusals: Int
        public var events: [String]
    }
    /// Figures sources state (refusals and localities), by period.
    public var stated: [FigureSummary]
    /// Refusals recorded one by one as events: by year and by city
    /// ("(not named)" for events that give a number of localities but no city).
    public var recordedByYear: [String: Int]
    public var recordedByCity: [String: Place]

    enum CodingKeys: String, CodingKey { case stated, recordedByYear = "recorded_by_year", recordedByCity = "recorded_by_city" }
}

/// One act of transnational repression.
public struct RepressionIncident: Hashable, Sendable, Codable {
    public var event: String
    public var date: String?
    public var type: String
    public var typeLabel: String
    /// Where the targeted person lives (ISO alpha-2), and its English name.
    public var hostCountry: String
    public var hostCountryName: String
    public var tactic: String
    public var tacticLabel: String
    public var persons: [String]
    public var summary: String?
    public var sources: [CitedSource]

    enum CodingKeys: String, CodingKey {
        case event, date, type, typeLabel = "type_label", hostCountry = "host_country", hostCountryName = "host_country_name",
             tactic, tacticLabel = "tactic_label", persons, summary, sources
    }
}

public struct TransnationalRepression: Hashable, Sendable, Codable {
    public var byCountry: [String: Int]
    public var byTactic: [String: Int]
    public var incidents: [RepressionIncident]
    enum CodingKeys: String, CodingKey { case byCountry = "by_country", byTactic = "by_tactic", incidents }
}

/// A list's membership on a date as computed from facts, with what changed
/// since the published list it starts from.
public struct MembershipSummary: Hashable, Sendable, Codable {
    public var list: String
    public var asOf: String
    public var members: Int
    public var byStatus: [String: Int]
    public var snapshot: String?
    public var snapshotDate: String?
    public var added: [String]
    public var released: [String]
    public var statusChanged: [String]
    public var sentenceChanged: [String]

    enum CodingKeys: String, CodingKey {
        case list, asOf = "as_of", members, byStatus = "by_status", snapshot, snapshotDate = "snapshot_date", added, released,
             statusChanged = "status_changed", sentenceChanged = "sentence_changed"
    }
}

/// Everything `aigaq stats` reports and the statistics page draws. Its JSON
/// form is ``HeadlineStats``'s keys (the command line's contract) at the top
/// level, followed by the sections below.
public struct StatisticsReport: Sendable, Codable {
    public var headline: HeadlineStats
    public var membership: MembershipSummary?
    public var listOverTime: [ListCount]
    /// Public persons, charges and events of the whole knowledge base.
    public var persons: KnowledgeAggregates
    public var figures: [FigureSummary]
    public var refusedAssemblies: RefusedAssemblies
    public var tortureFunnel: [FunnelStage]
    public var transnationalRepression: TransnationalRepression
    /// The public sources the figures above cite, by id.
    public var sources: [String: CitedSource]

    enum CodingKeys: String, CodingKey {
        case membership, listOverTime = "list_over_time", persons, figures, refusedAssemblies = "refused_assemblies",
             tortureFunnel = "torture_funnel", transnationalRepression = "transnational_repression", sources
    }

    public init(from decoder: any Decoder) throws {
        headline = try HeadlineStats(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        membership = try c.decodeIfPresent(MembershipSummary.self, forKey: .membership)
        listOverTime = try c.decode([ListCount].self, forKey: .listOverTime)
        persons = try c.decode(KnowledgeAggregates.self, forKey: .persons)
        figures = try c.decode([FigureSummary].self, forKey: .figures)
        refusedAssemblies = try c.decode(RefusedAssemblies.self, forKey: .refusedAssemblies)
        tortureFunnel = try c.decode([FunnelStage].self, forKey: .tortureFunnel)
        transnationalRepression = try c.decode(TransnationalRepression.self, forKey: .transnationalRepression)
        sources = try c.decode([String: CitedSource].self, forKey: .sources)
    }

    public func encode(to encoder: any Encoder) throws {
        try headline.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(membership, forKey: .membership)
        try c.encode(listOverTime, forKey: .listOverTime)
        try c.encode(persons, forKey: .persons)
        try c.encode(figures, forKey: .figures)
        try c.encode(refusedAssemblies, forKey: .refusedAssemblies)
        try c.encode(tortureFunnel, forKey: .tortureFunnel)
        try c.encode(transnationalRepression, forKey: .transnationalRepression)
        try c.encode(sources, forKey: .sources)
    }

    init(headline: HeadlineStats, membership: MembershipSummary?, listOverTime: [ListCount], persons: KnowledgeAggregates,
         figures: [FigureSummary], refusedAssemblies: RefusedAssemblies, tortureFunnel: [FunnelStage],
         transnationalRepression: TransnationalRepression, sources: [String: CitedSource]) {
        self.headline = headline; self.membership = membership; self.listOverTime = listOverTime; self.persons = persons
        self.figures = figures; self.refusedAssemblies = refusedAssemblies; self.tortureFunnel = tortureFunnel
        self.transnationalRepression = transnationalRepression; self.sources = sources
    }
}

extension Statistics {
    /// The funnel of torture complaints and what became of them (`measures.yaml`).
    public static let tortureFunnel = "torture-impunity"

    /// The full statistics: the headline (as ``headline(store:asOf:list:)``),
    /// then, from the public projection only, the list's membership computed on
    /// the date, its size over time, counts by status, article, region,
    /// occupation and year, the figures sources state, refused assemblies, the
    /// torture funnel and transnational repression. Without a date, the
    /// membership is the one after the latest known fact.
    public static func report(store: some KnowledgeStore, asOf: DateValue?, list: PersonList.ID?,
                              vocabulary: Vocabulary) async throws -> StatisticsReport {
        let headline = try await Statistics.headline(store: store, asOf: asOf, list: list)
        let knowledge = PublicKnowledge(store: store)
        var membership: MembershipSummary?
        var overTime: [ListCount] = []
        if let listID = headline.list.map(PersonList.ID.init(rawValue:)), try await knowledge.list(id: listID) != nil {
            let history = try await ListHistory.load(list: listID, from: knowledge, eventTypes: ListHistory.statusEventTypes)
            let dates = history.changeDates(until: asOf)
            if let date = asOf ?? dates.last {
                let diff = history.diff(from: history.membership(asOf: date).snapshot?.asOf ?? date, to: date)
                let m = diff.to
                membership = MembershipSummary(
                    list: listID.rawValue, asOf: date.description, members: m.members.count, byStatus: m.countsByStatus,
                    snapshot: m.snapshot?.id.rawValue, snapshotDate: m.snapshot?.asOf.description,
                    added: diff.added.map(\.person.rawValue), released: diff.released.map(\.member.person.rawValue),
                    statusChanged: diff.statusChanged.map(\.person.rawValue),
                    sentenceChanged: diff.sentenceChanged.map(\.person.rawValue))
            }
            // Long histories are charted month by month.
            overTime = history.counts(at: dates.count > 60 ? ListHistory.monthly(dates) : dates)
        }
        let figures = try await knowledge.figures(measure: nil).filter { (f: StatedFigure) -> Bool in
            guard let asOf, let start = f.from ?? f.to else { return true }
            return start.sortKey <= asOf.latestKey
        }
        let events = try await statisticsEvents(knowledge, asOf: asOf, vocabulary: vocabulary)
        let cited: [Citation] = figures.flatMap(\.citations) + events.flatMap(\.citations)
        let sources = try await knowledge.sources(ids: cited.map(\.source))
        let summaries = figures.map { FigureSummary($0, vocabulary: vocabulary, sources: sources) }
        let names = try await knowledge.names(of: Array(Set(events.flatMap { $0.participants.compactMap(\.person) })))

        var bySource: [String: CitedSource] = [:]
        for s in sources.values {
            bySource[s.id.rawValue] = CitedSource(source: s.id.rawValue, title: s.title, publisher: s.publisher,
                                               publishedOn: s.publishedOn?.description, url: s.url, sha256: s.sha256, spans: [])
        }
        return StatisticsReport(
            headline: headline, membership: membership, listOverTime: overTime, persons: try await knowledge.aggregates(),
            figures: summaries, refusedAssemblies: refusedAssemblies(figures: summaries, events: events),
            tortureFunnel: funnel(tortureFunnel, figures: summaries, vocabulary: vocabulary),
            transnationalRepression: transnationalRepression(events: events, names: names, vocabulary: vocabulary, sources: sources),
            sources: bySource)
    }

    /// Refused assemblies and transnational repression: events of those types or
    /// with a tactic, dated on or before `asOf` (undated ones too).
    static func statisticsEvents(_ knowledge: PublicKnowledge, asOf: DateValue?, vocabulary: Vocabulary) async throws -> [Event] {
        let types = ["assembly-notice-refused"] + vocabulary.eventTypes.filter { $0.category == .transnational }.map(\.id)
        var byID: [Event.ID: Event] = [:]
        for e in try await knowledge.events(types: types, from: nil, to: nil) { byID[e.id] = e }
        for e in try await knowledge.events(withAttribute: "tactic") { byID[e.id] = e }
        return byID.values.filter { e in asOf.map { ($0.latestKey >= (e.date?.sortKey ?? 0)) } ?? true }
            .sorted(by: EventOrder.byDate)
    }

    static func refusedAssemblies(figures: [FigureSummary], events: [Event]) -> RefusedAssemblies {
        var byYear: [String: Int] = [:]
        var byCity: [String: RefusedAssemblies.Place] = [:]
        for e in events where e.type == "assembly-notice-refused" {
            let n = e.attributes["count"].flatMap(Int.init) ?? 1
            if let year = e.date?.year { byYear[String(year), default: 0] += n }
            let city = e.place ?? "(not named)"
            byCity[city, default: .init(refusals: 0, events: [])].refusals += n
            byCity[city]!.events.append(e.id.rawValue)
        }
        return RefusedAssemblies(stated: figures.filter { $0.measure == "assembly-refusals" || $0.measure == "assembly-refusal-localities" },
                                 recordedByYear: byYear, recordedByCity: byCity)
    }

    static func funnel(_ id: String, figures: [FigureSummary], vocabulary: Vocabulary) -> [FunnelStage] {
        vocabulary.funnel(id).map { m in
            let all = figures.filter { $0.measure == m.id }
            return FunnelStage(step: m.step ?? 0, measure: m.id, label: m.label.text(for: "en"), figure: all.last, all: all)
        }
    }

    /// Events of transnational repression: of a transnational type, or
    /// recorded with a tactic (a killing abroad, coercion of relatives at home).
    static func isTransnational(_ e: Event, vocabulary: Vocabulary) -> Bool {
        e.attributes["tactic"] != nil || vocabulary.eventType(id: e.type)?.category == .transnational
    }

    static func transnationalRepression(events: [Event], names: [Person.ID: String], vocabulary: Vocabulary,
                                        sources: [Source.ID: Source]) -> TransnationalRepression {
        var incidents: [RepressionIncident] = []
        for e in events where isTransnational(e, vocabulary: vocabulary) {
            let host = e.attributes["host-country"] ?? e.country ?? e.attributes["requested-country"] ?? "??"
            // A tactic is what the record says, never guessed from the event's type.
            let tactic = e.attributes["tactic"] ?? "not-stated"
            incidents.append(RepressionIncident(
                event: e.id.rawValue, date: e.date?.description, type: e.type,
                typeLabel: vocabulary.eventType(id: e.type)?.label.text(for: "en") ?? e.type,
                hostCountry: host, hostCountryName: countryName(host), tactic: tactic,
                tacticLabel: vocabulary.tactic(id: tactic)?.label.text(for: "en") ?? "Tactic not stated",
                persons: e.participants.filter { $0.role == "victim" }.compactMap { $0.person.flatMap { names[$0] } },
                summary: e.summary, sources: CitedSource.group(e.citations, sources: sources)))
        }
        return TransnationalRepression(
            byCountry: incidents.reduce(into: [:]) { $0[$1.hostCountry, default: 0] += 1 },
            byTactic: incidents.reduce(into: [:]) { $0[$1.tactic, default: 0] += 1 },
            incidents: incidents)
    }

    /// "BE" → "Belgium"; the code itself when unknown.
    public static func countryName(_ code: String) -> String {
        Locale(identifier: "en_US").localizedString(forRegionCode: code) ?? code
    }
}

