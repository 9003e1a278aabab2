import AigaqCore
import AigaqPublishing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct ChartTests {
    static let articles = Chart(id: "articles", title: "Persons charged, by article", kind: .bar, points: [
        Chart.Point(label: "Article 405: participation in a banned organisation", value: 12),
        Chart.Point(label: "Article 174: incitement of discord", value: 7),
        Chart.Point(label: "Article 274 <false information> & more", value: 1),
    ], xLabel: "Article", yLabel: "Persons", source: "Steppe Watch quarterly list, 2024-07")

    static let funnel = Chart(id: "funnel", title: "Torture complaints and what became of them", kind: .funnel, points: [
        Chart.Point(label: "Complaints", value: 283, note: "2023"),
        Chart.Point(label: "Cases opened", value: 40, note: "2023"),
        Chart.Point(label: "Verdicts", value: 3, note: "2023"),
    ], xLabel: "Stage", yLabel: "Cases", source: "Synthetic coalition figures")

    static let overTime = Chart(id: "over-time", title: "Political prisoners over time", kind: .line, series: [
        Chart.Series(name: "On the list", points: [
            Chart.Point(label: "2024-01-31", value: 4, date: DateValue("2024-01-31")),
            Chart.Point(label: "2024-06-30", value: 3, date: DateValue("2024-06-30")),
        ]),
        Chart.Series(name: "Stated by sources", points: [Chart.Point(label: "2019", value: 16, date: DateValue("2019"))]),
    ], xLabel: "Date", yLabel: "Persons", source: "Steppe Watch")

    static let years = Chart(id: "years", title: "Refusals by year", kind: .column, points: [
        Chart.Point(label: "2023", value: 90), Chart.Point(label: "2024", value: 108),
    ], xLabel: "Year", yLabel: "Refusals", source: "Synthetic")

    static let all = [articles, funnel, overTime, years]

    @Test(arguments: all)
    func everyChartIsWellFormedSVGWithTitleDescriptionAndAxisLabels(chart: Chart) throws {
        let svg = chart.svg()
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = TextCollector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map(String.init(describing:)) ?? "")")
        #expect(collector.elements.first == "svg")
        #expect(svg.contains("role=\"img\""))
        #expect(collector.text(of: "title") == chart.title)
        #expect(collector.text(of: "desc").contains(Chart.format(chart.series[0].points[0].value)))
        let texts = collector.texts
        #expect(texts.contains(chart.title))
        #expect(texts.contains { $0.hasPrefix("Source: ") })
        if chart.kind != .funnel {
            #expect(texts.contains(chart.xLabel))
            #expect(texts.contains(chart.yLabel))
        }
        for p in chart.series.flatMap(\.points) { #expect(texts.contains(Chart.format(p.value))) }
        #expect(!svg.contains("<script"))
    }

    @Test func aLongLegendWrapsInsideTheDrawing() throws {
        var chart = Self.overTime
        chart.series[0].name = "On the Coalition's consolidated list of political prisoners and persecuted persons, from dated facts"
        let svg = chart.svg(width: 640)
        // Each legend entry is a text element; the second one starts a new row at the left edge.
        let stated = try #require(svg.range(of: ">Stated by sources<"))
        let before = svg[..<stated.lowerBound]
        let x = try #require(before.range(of: "x=\"", options: .backwards))
        let value = Double(before[x.upperBound...].prefix { $0 != "\"" })
        #expect(value == 42, "the second entry starts on a new row: \(value ?? -1)")
    }

    @Test func textIsEscapedNotInterpreted() {
        let svg = Self.articles.svg()
        #expect(svg.contains("&lt;false information&gt; &amp; more"))
        #expect(!svg.contains("<false information>"))
        #expect(ChartTable.html(Self.articles).contains("&lt;false information&gt;"))
    }

    @Test func theTableHasARowPerCategoryAndAColumnPerSeries() {
        let html = ChartTable.html(Self.overTime)
        #expect(html.components(separatedBy: "<tr>").count - 1 == 1 + 3)  // header + 3 dates
        #expect(html.contains("<th scope=\"col\">On the list (Persons)</th>"))
        #expect(html.contains("<th scope=\"row\">2019</th><td class=\"num\">–</td><td class=\"num\">16</td>"))
        let md = ChartTable.markdown(Self.funnel)
        #expect(md.split(separator: "\n").count == 2 + 3)
        #expect(md.contains("| Complaints | 283 | 2023 |"))
    }

    @Test func aFigureHoldsTheDrawingTheTableAndTheSourceLine() {
        let html = ChartFigure.html(Self.funnel)
        #expect(html.hasPrefix("<figure class=\"chart\" id=\"funnel\">"))
        #expect(html.contains("<svg") && html.contains("<table class=\"chart-data\""))
        #expect(html.contains("Source: Synthetic coalition figures"))
        #expect(!ChartFigure.css.isEmpty)
    }

    @Test func barsAreProportionalToTheValues() throws {
        let svg = Self.years.svg()
        let heights = svg.split(separator: "\n").filter { $0.hasPrefix("<rect x=") && $0.contains("#1f4e79") }
            .compactMap { line -> Double? in
                guard let r = line.range(of: "height=\"") else { return nil }
                return Double(line[r.upperBound...].prefix { $0 != "\"" })
            }
        #expect(heights.count == 2)
        #expect(abs(heights[0] / heights[1] - 90.0 / 108.0) < 0.01)
    }
}

final class TextCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String] = []
    private var stack: [String] = []
    private var byElement: [String: String] = [:]
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name); stack.append(name); current = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current) }
        byElement[name] = (byElement[name] ?? "") + current
        current = ""
        stack.removeLast()
    }
    func text(of element: String) -> String { byElement[element] ?? "" }
}
