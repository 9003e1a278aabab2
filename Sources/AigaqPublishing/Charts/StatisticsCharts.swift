import AigaqCore

/// The charts of the statistics page and of reports, drawn from a
/// ``StatisticsReport``: persons over time, by status, article and region,
/// the torture funnel, refused assemblies, and transnational repression.
/// Charts without data are left out.
public enum StatisticsCharts {
    /// `language`: of the vocabulary's labels (statuses, articles' titles,
    /// funnel steps, tactics); `text`: the charts' own words (titles, axes,
    /// series, notes), English when it has no translation.
    public static func all(_ report: StatisticsReport, vocabulary: Vocabulary, language: String = "en",
                           text: ChartText = .english) -> [Chart] {
        [overTime(report, text: text), byStatus(report, vocabulary: vocabulary, language: language, text: text),
         byArticle(report, vocabulary: vocabulary, language: language, text: text),
         byRegion(report, text: text), tortureFunnel(report, vocabulary: vocabulary, language: language, text: text),
         refusedAssembliesByYear(report, text: text), refusedAssembliesByCity(report, text: text),
         repressionByCountry(report, text: text), repressionByTactic(report, vocabulary: vocabulary, language: language, text: text)]
            .compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// The list's size computed from facts, and the totals sources stated.
    public static func overTime(_ report: StatisticsReport, text t: ChartText = .english) -> Chart? {
        let id = "political-prisoners-over-time"
        let listPoints = report.listOverTime.map { Chart.Point(label: $0.date.description, value: Double($0.total), date: $0.date) }
        let stated = report.figures.filter { $0.measure == "political-prisoners" && $0.dimensions["status"] == nil }
        let statedPoints = stated.compactMap { f -> Chart.Point? in
            guard let d = (f.to ?? f.from).flatMap(DateValue.init) else { return nil }
            return Chart.Point(label: d.description, value: Double(f.value), date: d,
                               note: [f.text, f.countedBy ?? f.sources.first?.publisher].compactMap { $0 }.joined(separator: ", "))
        }
        guard !listPoints.isEmpty || !statedPoints.isEmpty else { return nil }
        let listName = report.headline.listName ?? report.headline.list ?? t("chart.the-list", "the list")
        return Chart(id: id, title: t("chart.\(id).title", "Political prisoners over time"), kind: .line, series: [
            Chart.Series(name: t("chart.\(id).series.list", "On {0}, from dated facts", listName), points: listPoints),
            Chart.Series(name: t("chart.series.stated", "Stated by sources"), points: statedPoints),
        ].filter { !$0.points.isEmpty }, xLabel: t("chart.\(id).x", "Date"), yLabel: t("chart.\(id).y", "Persons"),
        source: sourceLine(report, figures: stated, knowledgeBase: !listPoints.isEmpty, text: t),
        note: statedPoints.isEmpty ? nil : t("chart.\(id).note", "Sources count differently (different lists and criteria); their totals are shown as stated."))
    }

    public static func byStatus(_ report: StatisticsReport, vocabulary: Vocabulary, language: String = "en",
                                text: ChartText = .english) -> Chart? {
        bars("persons-by-status", "Persecuted persons by current status", report.persons.personsByStatus,
             label: { vocabulary.status(id: $0)?.label.text(for: language) ?? $0 }, xLabel: "Status", yLabel: "Persons", report: report, text: text)
    }

    public static func byArticle(_ report: StatisticsReport, vocabulary: Vocabulary, limit: Int = 12, language: String = "en",
                                 text t: ChartText = .english) -> Chart? {
        let id = "persons-by-article"
        let top = report.persons.personsByArticle.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit)
        let points = top.map { key, n -> Chart.Point in
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            let (code, article) = (parts.first ?? key, parts.count > 1 ? parts[1] : "")
            let title = vocabulary.article(code: code, number: article)?.title.text(for: language)
            let english = code == "KZ-CAO" ? "Administrative Code" : code == "KZ-CC-1997" ? "Criminal Code 1997" : "Criminal Code"
            let label = t("chart.article", "Art. {0} {1}", article, t("chart.code.\(code)", english))
            return Chart.Point(label: label + (title.map { ": \($0)" } ?? ""), value: Double(n))
        }
        return Chart(id: id, title: t("chart.\(id).title", "Persons charged, by article"), kind: .bar, points: points,
                     xLabel: t("chart.\(id).x", "Article"), yLabel: t("chart.\(id).y", "Persons"),
                     source: sourceLine(report, figures: [], knowledgeBase: true, text: t),
                     note: report.persons.personsByArticle.count > limit
                        ? t("chart.\(id).note", "The {0} most used articles.", String(limit)) : nil)
    }

    public static func byRegion(_ report: StatisticsReport, text: ChartText = .english) -> Chart? {
        bars("persons-by-region", "Persecuted persons by region", report.persons.personsByRegion,
             label: { $0 }, xLabel: "Region", yLabel: "Persons", report: report, text: text)
    }

    /// Each step's latest stated figure, with its year and counter as a note.
    public static func tortureFunnel(_ report: StatisticsReport, vocabulary: Vocabulary? = nil, language: String = "en",
                                     text t: ChartText = .english) -> Chart? {
        let id = "torture-funnel"
        let stages = report.tortureFunnel.filter { $0.figure != nil }
        guard !stages.isEmpty else { return nil }
        let points = stages.map { s in
            Chart.Point(label: vocabulary?.measure(id: s.measure)?.label.text(for: language) ?? s.label, value: Double(s.figure!.value),
                        note: [s.figure!.period, s.figure!.countedBy].compactMap { $0 }.joined(separator: ", "))
        }
        let years = Set(stages.compactMap { $0.figure?.period })
        return Chart(id: id, title: t("chart.\(id).title", "Torture complaints and what became of them"), kind: .funnel, points: points,
                     xLabel: t("chart.\(id).x", "Step"), yLabel: t("chart.\(id).y", "Complaints or cases"),
                     source: sourceLine(report, figures: stages.compactMap(\.figure), knowledgeBase: false, text: t),
                     note: years.count > 1 ? t("chart.\(id).note", "The steps come from different years and counters, as the sources state them; read each with its note.") : nil)
    }

    public static func refusedAssembliesByYear(_ report: StatisticsReport, text t: ChartText = .english) -> Chart? {
        let id = "refused-assemblies-by-year"
        let yearly = report.refusedAssemblies.stated.filter { $0.measure == "assembly-refusals" && $0.from == $0.to && $0.from?.count == 4 && $0.dimensions.isEmpty }
        let stated = yearly.map { Chart.Point(label: $0.from!, value: Double($0.value), note: $0.text == String($0.value) ? nil : $0.text) }
        let recorded = report.refusedAssemblies.recordedByYear.sorted { $0.key < $1.key }
            .map { Chart.Point(label: $0.key, value: Double($0.value)) }
        let chart = Chart(id: id, title: t("chart.\(id).title", "Refusals to allow peaceful assemblies, by year"), kind: .column, series: [
            Chart.Series(name: t("chart.series.stated", "Stated by sources"), points: stated),
            Chart.Series(name: t("chart.series.recorded", "Recorded one by one"), points: recorded),
        ].filter { !$0.points.isEmpty }, xLabel: t("chart.\(id).x", "Year"), yLabel: t("chart.\(id).y", "Refusals"),
        source: sourceLine(report, figures: yearly, knowledgeBase: !recorded.isEmpty, text: t),
        note: recorded.isEmpty ? nil : t("chart.\(id).note", "Refusals recorded one by one are the documented cases only; stated totals are the sources' counts."))
        return chart
    }

    public static func refusedAssembliesByCity(_ report: StatisticsReport, text: ChartText = .english) -> Chart? {
        bars("refused-assemblies-by-city", "Refusals of assemblies recorded, by city", report.refusedAssemblies.recordedByCity.mapValues(\.refusals),
             label: { $0 }, xLabel: "City", yLabel: "Refusals", report: report, text: text)
    }

    public static func repressionByCountry(_ report: StatisticsReport, text: ChartText = .english) -> Chart? {
        let names = Dictionary(report.transnationalRepression.incidents.map { ($0.hostCountry, $0.hostCountryName) }, uniquingKeysWith: { a, _ in a })
        return bars("tnr-by-country", "Transnational repression: incidents by host country", report.transnationalRepression.byCountry,
                    label: { names[$0] ?? $0 }, xLabel: "Host country", yLabel: "Incidents", report: report, text: text)
    }

    public static func repressionByTactic(_ report: StatisticsReport, vocabulary: Vocabulary? = nil, language: String = "en",
                                          text: ChartText = .english) -> Chart? {
        let labels = Dictionary(report.transnationalRepression.incidents.map { ($0.tactic, $0.tacticLabel) }, uniquingKeysWith: { a, _ in a })
        return bars("tnr-by-tactic", "Transnational repression: incidents by tactic", report.transnationalRepression.byTactic,
                    label: { vocabulary?.tactic(id: $0)?.label.text(for: language) ?? labels[$0] ?? $0 },
                    xLabel: "Tactic", yLabel: "Incidents", report: report, text: text)
    }

    /// Horizontal bars of counts from the knowledge base, largest first.
    static func bars(_ id: String, _ title: String, _ counts: [String: Int], label: (String) -> String,
                     xLabel: String, yLabel: String, report: StatisticsReport, text t: ChartText) -> Chart {
        let points = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { Chart.Point(label: label($0.key), value: Double($0.value)) }
        return Chart(id: id, title: t("chart.\(id).title", title), kind: .bar, points: points,
                     xLabel: t("chart.\(id).x", xLabel), yLabel: t("chart.\(id).y", yLabel),
                     source: sourceLine(report, figures: [], knowledgeBase: true, text: t))
    }

    /// "Aigaq knowledge base, public records (…); IPHR and KIBHR, 2025-07-14; ..."
    static func sourceLine(_ report: StatisticsReport, figures: [FigureSummary], knowledgeBase: Bool, text t: ChartText = .english) -> String {
        var parts: [String] = []
        if knowledgeBase {
            parts.append(t("chart.source.records", "Aigaq knowledge base, public records (each record cites its report)"))
        }
        var seen: Set<String> = []
        for f in figures {
            for s in f.sources where seen.insert(s.source).inserted {
                parts.append([s.publisher ?? s.title, s.publishedOn].compactMap { $0 }.joined(separator: ", "))
            }
        }
        return parts.isEmpty ? t("chart.source.knowledge-base", "Aigaq knowledge base") : parts.joined(separator: "; ")
    }
}

/// The charts' own words in one language: a lookup by key (`chart.<id>.title`,
/// `.x`, `.y`, `.note`, `chart.series.stated`, ...) with `{0}`, `{1}` for the
/// arguments; a key it does not know keeps the English text.
public struct ChartText: Sendable {
    let lookup: @Sendable (String) -> String?

    public init(lookup: @escaping @Sendable (String) -> String?) { self.lookup = lookup }

    public static let english = ChartText { _ in nil }

    func callAsFunction(_ key: String, _ english: String, _ arguments: String...) -> String {
        var text = lookup(key) ?? english
        for (i, a) in arguments.enumerated() { text = text.replacingOccurrences(of: "{\(i)}", with: a) }
        return text
    }
}
