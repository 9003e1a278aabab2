import AigaqCore
import AigaqPublishing
import Foundation

/// Statistics of the public list and of the figures sources state: the
/// charts of `AigaqPublishing` (the same as in reports), each drawn in SVG on
/// the server with its numbers in a table beside it.
enum StatisticsPage {
    static func render(_ web: Web, _ s: Speaker, _ ctx: PageContext) async throws -> [UInt8] {
        let index = try await web.site.index(list: ctx.value("list"), year: nil)
        // From the public projection only (Statistics.report reads through PublicKnowledge).
        let report = try await Statistics.report(store: web.site.store, asOf: nil, list: index?.list.id, vocabulary: web.vocabulary)
        let strings = s.strings, language = s.language
        let text = ChartText { key in
            let found = strings.text(key, language)
            return found == key ? nil : found
        }
        let charts = StatisticsCharts.all(report, vocabulary: web.vocabulary, language: language.rawValue, text: text)
        return Layout.page(s("statistics.title"), s, ctx, bodyClass: "statistics") { h in
            h.element("h1", s("statistics.title"))
            if let index {
                h.element("p", ["class": "lead"], s.format("statistics.lead", index.list.name, index.asOf.description))
            }
            guard !charts.isEmpty else { h.element("p", s("prisoners.none")); return }
            let words = ChartWords(data: s("chart.data"), note: s("chart.note"), source: s("chart.source"))
            for chart in charts { h.chart(chart, words: words) }
        }
    }
}
