import AigaqCore

/// The charts of the statistics page and of reports, drawn from a
/// ``StatisticsReport``: persons over time, by status, article and region,
/// the torture funnel, refused assemblies, and transnational repression.
/// Charts without data are left out.
public enum StatisticsCharts {
    public static func all(_ report: StatisticsReport, vocabulary: Vocabulary) -> [Chart] {
        [overTime(report), byStatus(report, vocabulary: vocabulary), byArticle(report, vocabulary: vocabulary),
         byRegion(report), tortureFunnel(report), refusedAssembliesByYear(report), refusedAssembliesByCity(report),
         repressionByCountry(report), repressionByTactic(report)].compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// The list's size computed from facts, and the totals sources stated.
    public static func overTime(_ report: StatisticsReport) -> Chart? {
        let listPoints = report.listOverTime.map { Chart.Point(label: $0.date.description, value: Double($0.total), date: $0.date) }
        let stated = report.figures.filter { $0.measure == "political-prisoners" && $0.dimensions["status"] == nil }
        let statedPoints = stated.compactMap { f -> Chart.Point? in
            guard let d = (f.to ?? f.from).flatMap(DateValue.init) else { return nil }
            return Chart.Point(label: d.description, value: Double(f.value), date: d,
                               note: [f.text, f.countedBy ?? f.sources.first?.publisher].compactMap { $0 }.joined(separator: ", "))
        }
        guard !listPoints.isEmpty || !statedPoints.isEmpty else { return nil }
        let listName = report.headline.listName ?? report.headline.list ?? "the list"
        return Chart(id: "political-prisoners-over-time", title: "Political prisoners over time", kind: .line, series: [
            Chart.Series(name: "On \(listName), from dated facts", points: listPoints),
            Chart.Series(name: "Stated by sources", points: statedPoints),
        ].filter { !$0.points.isEmpty }, xLabel: "Date", yLabel: "Persons",
        source: sourceLine(report, figures: stated, knowledgeBase: !listPoints.isEmpty),
        note: statedPoints.isEmpty ? nil : "Sources count differently (different lists and criteria); their totals are shown as stated.")
    }

    public static func byStatus(_ report: StatisticsReport, vocabulary: Vocabulary) -> Chart? {
        bars("persons-by-status", "Persecuted persons by current status", report.persons.personsByStatus,
             label: { vocabulary.status(id: $0)?.label.text(for: "en") ?? $0 }, xLabel: "Status", yLabel: "Persons", report: report)
    }

    public static func byArticle(_ report: StatisticsReport, vocabulary: Vocabulary, limit: Int = 12) -> Chart? {
        let top = report.persons.personsByArticle.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit)
        let points = top.map { key, n -> Chart.Point in
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            let (code, article) = (parts.first ?? key, parts.count > 1 ? parts[1] : "")
            let title = vocabulary.article(code: code, number: article)?.title.text(for: "en")
            let codeName = code == "KZ-CAO" ? "Administrative Code" : code == "KZ-CC-1997" ? "Criminal Code 1997" : "Criminal Code"
            return Chart.Point(label: "Art. \(article) \(codeName)" + (title.map { ": \($0)" } ?? ""), value: Double(n))
        }
        return Chart(id: "persons-by-article", title: "Persons charged, by article", kind: .bar, points: points,
                     xLabel: "Article", yLabel: "Persons", source: sourceLine(report, figures: [], knowledgeBase: true),
                     note: report.persons.personsByArticle.count > limit ? "The \(limit) most used articles." : nil)
    }

    public static func byRegion(_ report: StatisticsReport) -> Chart? {
        bars("persons-by-region", "Persecuted persons by region", report.persons.personsByRegion,
             label: { $0 }, xLabel: "Region", yLabel: "Persons", report: report)
    }

    /// Each step's latest stated figure, with its year and counter as a note.
    public static func tortureFunnel(_ report: StatisticsReport) -> Chart? {
        let stages = report.tortureFunnel.filter { $0.figure != nil }
        guard !stages.isEmpty else { return nil }
        let points = stages.map { s in
            Chart.Point(label: s.label, value: Double(s.figure!.value),
                        note: [s.figure!.period, s.figure!.countedBy].compactMap { $0 }.joined(separator: ", "))
        }
        let years = Set(stages.compactMap { $0.figure?.period })
        return Chart(id: "torture-funnel", title: "Torture complaints and what became of them", kind: .funnel, points: points,
                     xLabel: "Step", yLabel: "Complaints or cases", source: sourceLine(report, figures: stages.compactMap(\.figure), knowledgeBase: false),
                     note: years.count > 1 ? "The steps come from different years and counters, as the sources state them; read each with its note." : nil)
    }

    public static func refusedAssembliesByYear(_ report: StatisticsReport) -> Chart? {
        let yearly = report.refusedAssemblies.stated.filter { $0.measure == "assembly-refusals" && $0.from == $0.to && $0.from?.count == 4 && $0.dimensions.isEmpty }
        let stated = yearly.map { Chart.Point(label: $0.from!, value: Double($0.value), note: $0.text == String($0.value) ? nil : $0.text) }
        let recorded = report.refusedAssemblies.recordedByYear.sorted { $0.key < $1.key }
            .map { Chart.Point(label: $0.key, value: Double($0.value)) }
        let chart = Chart(id: "refused-assemblies-by-year", title: "Refusals to allow peaceful assemblies, by year", kind: .column, series: [
            Chart.Series(name: "Stated by sources", points: stated),
            Chart.Series(name: "Recorded one by one", points: recorded),
        ].filter { !$0.points.isEmpty }, xLabel: "Year", yLabel: "Refusals", source: sourceLine(report, figures: yearly, knowledgeBase: !recorded.isEmpty),
        note: recorded.isEmpty ? nil : "Refusals recorded one by one are the documented cases only; stated totals are the sources' counts.")
        return chart
    }

    public static func refusedAssembliesByCity(_ report: StatisticsReport) -> Chart? {
        bars("refused-assemblies-by-city", "Refusals of assemblies recorded, by city", report.refusedAssemblies.recordedByCity.mapValues(\.refusals),
             label: { $0 }, xLabel: "City", yLabel: "Refusals", report: report)
    }

    public static func repressionByCountry(_ report: StatisticsReport) -> Chart? {
        let names = Dictionary(report.transnationalRepression.incidents.map { ($0.hostCountry, $0.hostCountryName) }, uniquingKeysWith: { a, _ in a })
        return bars("tnr-by-country", "Transnational repression: incidents by host country", report.transnationalRepression.byCountry,
                    label: { names[$0] ?? $0 }, xLabel: "Host country", yLabel: "Incidents", report: report)
    }

    public static func repressionByTactic(_ report: StatisticsReport) -> Chart? {
        let labels = Dictionary(report.transnationalRepression.incidents.map { ($0.tactic, $0.tacticLabel) }, uniquingKeysWith: { a, _ in a })
        return bars("tnr-by-tactic", "Transnational repression: incidents by tactic", report.transnationalRepression.byTactic,
                    label: { labels[$0] ?? $0 }, xLabel: "Tactic", yLabel: "Incidents", report: report)
    }

    /// Horizontal bars of counts from the knowledge base, largest first.
    static func bars(_ id: String, _ title: String, _ counts: [String: Int], label: (String) -> String,
                     xLabel: String, yLabel: String, report: StatisticsReport) -> Chart {
        let points = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { Chart.Point(label: label($0.key), value: Double($0.value)) }
        return Chart(id: id, title: title, kind: .bar, points: points, xLabel: xLabel, yLabel: yLabel,
                     source: sourceLine(report, figures: [], knowledgeBase: true))
    }

    /// "Aigaq knowledge base, public records (…); IPHR and KIBHR, 2025-07-14; ..."
    static func sourceLine(_ report: StatisticsReport, figures: [FigureSummary], knowledgeBase: Bool) -> String {
        var parts: [String] = []
        if knowledgeBase {
            parts.append("Aigaq knowledge base, public records (each record cites its report)")
        }
        var seen: Set<String> = []
        for f in figures {
            for s in f.sources where seen.insert(s.source).inserted {
                parts.append([s.publisher ?? s.title, s.publishedOn].compactMap { $0 }.joined(separator: ", "))
            }
        }
        return parts.isEmpty ? "Aigaq knowledge base" : parts.joined(separator: "; ")
    }
}
