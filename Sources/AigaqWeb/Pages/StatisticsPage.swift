import AigaqCore
import Foundation

/// Statistics of the public list: each table is the numbers of one chart.
enum StatisticsPage {
    static func render(_ web: Web, _ s: Speaker, _ ctx: PageContext) async throws -> [UInt8] {
        let index = try await web.site.index(list: ctx.value("list"), year: nil)
        var overTime: [(date: DateValue, count: Int, byStatus: [PersonStatus: Int])] = []
        if let index { overTime = try await web.site.overTime(list: index.list.id) }
        return Layout.page(s("statistics.title"), s, ctx, bodyClass: "statistics") { h in
            h.element("h1", s("statistics.title"))
            guard let index else { h.element("p", s("prisoners.none")); return }
            h.element("p", ["class": "lead"], s.format("statistics.lead", index.list.name, index.asOf.description))

            table(&h, id: "over-time", title: s("statistics.over_time"), columns: [s("col.date"), s("col.count")],
                  rows: overTime.map { [$0.date.description, String($0.count)] })

            table(&h, id: "by-status", title: s("statistics.by_status"), columns: [s("col.status"), s("col.count")],
                  rows: PersonStatus.allCases.compactMap { st in index.byStatus[st].map { [s.status(st), String($0)] } },
                  bars: true)

            table(&h, id: "by-article", title: s("statistics.by_article"), columns: [s("col.article"), s("col.count")],
                  rows: index.byArticle.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                    .map { [s.article(code: $0.key.code, article: $0.key.article, part: nil) + " (" + $0.key.code + ")", String($0.value)] },
                  bars: true)

            var byRegion: [String: Int] = [:]
            for (region, n) in index.byRegion { byRegion[region ?? s("statistics.unknown"), default: 0] += n }
            table(&h, id: "by-region", title: s("statistics.by_region"), columns: [s("col.region"), s("col.count")],
                  rows: byRegion.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { [$0.key, String($0.value)] },
                  bars: true)
        }
    }

    /// A table of numbers; with `bars`, each count gets a bar drawn in SVG on
    /// the server (no script, no inline style).
    static func table(_ h: inout HTML, id: String, title: String, columns: [String], rows: [[String]], bars: Bool = false) {
        h.open("section", ["class": "stat", "aria-labelledby": id + "-h"])
        h.element("h2", ["id": id + "-h"], title)
        let maximum = rows.compactMap { $0.last.flatMap(Int.init) }.max() ?? 0
        h.raw("<table class=\"numbers\"><thead><tr>")
        for c in columns { h.element("th", ["scope": "col"], c) }
        if bars { h.raw("<td aria-hidden=\"true\"></td>") }
        h.raw("</tr></thead><tbody>")
        for r in rows {
            h.raw("<tr>")
            for (i, cell) in r.enumerated() {
                if i == 0 { h.element("th", ["scope": "row"], cell) } else { h.element("td", ["class": "num"], cell) }
            }
            if bars, let v = r.last.flatMap(Int.init), maximum > 0 {
                let width = max(1, v * 200 / maximum)
                h.raw("<td class=\"bar\" aria-hidden=\"true\"><svg width=\"200\" height=\"12\" viewBox=\"0 0 200 12\"><rect x=\"0\" y=\"1\" height=\"10\" width=\"")
                h.text(width)
                h.raw("\" fill=\"currentColor\"/></svg></td>")
            }
            h.raw("</tr>")
        }
        h.raw("</tbody></table>")
        h.close("section")
    }
}
