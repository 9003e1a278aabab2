/// The data table that goes beside every chart: what a screen reader reads,
/// what survives a black-and-white printer, and what a reader can check.
public enum ChartTable {
    /// An HTML `<table>` with a caption, one row per category and one column per series.
    public static func html(_ chart: Chart) -> String {
        let rows = rowsOf(chart)
        let notes = rows.contains { !$0.note.isEmpty }
        var out = "<table class=\"chart-data\" id=\"\(SVGCanvas.safeID(chart.id))-data\">\n"
        out += "<caption>Data: \(HTML.escape(chart.title))</caption>\n<thead><tr><th scope=\"col\">\(HTML.escape(chart.xLabel))</th>"
        for s in chart.series {
            let name = chart.series.count > 1 ? "\(s.name) (\(chart.yLabel))" : chart.yLabel
            out += "<th scope=\"col\">\(HTML.escape(name))</th>"
        }
        if notes { out += "<th scope=\"col\">Note</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr><th scope=\"row\">\(HTML.escape(row.label))</th>"
            for v in row.values { out += "<td class=\"num\">\(v.map(Chart.format) ?? "–")</td>" }
            if notes { out += "<td>\(HTML.escape(row.note))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>"
    }

    /// The same table in Markdown.
    public static func markdown(_ chart: Chart) -> String {
        let rows = rowsOf(chart)
        let notes = rows.contains { !$0.note.isEmpty }
        var header = [chart.xLabel] + chart.series.map { chart.series.count > 1 ? "\($0.name) (\(chart.yLabel))" : chart.yLabel }
        if notes { header.append("Note") }
        var lines = ["| " + header.map(cell).joined(separator: " | ") + " |",
                     "|" + header.enumerated().map { $0.offset == 0 || (notes && $0.offset == header.count - 1) ? "---|" : "---:|" }.joined()]
        for row in rows {
            var cells = [row.label] + row.values.map { $0.map(Chart.format) ?? "–" }
            if notes { cells.append(row.note) }
            lines.append("| " + cells.map(cell).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    struct Row { var label: String; var values: [Double?]; var note: String }

    static func rowsOf(_ chart: Chart) -> [Row] {
        chart.labels.map { label in
            let points = chart.series.map { s in s.points.first { $0.label == label } }
            let notes = points.compactMap { $0?.note }
            return Row(label: label, values: points.map { $0?.value }, note: Array(Set(notes)).sorted().joined(separator: "; "))
        }
    }

    private static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// A chart as it stands on a page: the drawing and its data table side by
/// side (stacked when printed), under a caption with the title, any caveat and the source.
public enum ChartFigure {
    public static func html(_ chart: Chart) -> String {
        """
        <figure class="chart" id="\(SVGCanvas.safeID(chart.id))">
        <figcaption><span class="chart-title">\(HTML.escape(chart.title))</span></figcaption>
        <div class="chart-body">
        <div class="chart-graphic">\(chart.svg(standalone: false))</div>
        \(ChartTable.html(chart))
        </div>
        <p class="chart-source">\(chart.note.map { HTML.escape($0) + " " } ?? "")Source: \(HTML.escape(chart.source))</p>
        </figure>
        """
    }

    /// The styles the figures need, on screen and in print.
    public static let css = """
        figure.chart { margin: 1.5em 0; break-inside: avoid; page-break-inside: avoid; }
        figure.chart figcaption { font-weight: bold; margin-bottom: 0.4em; }
        figure.chart .chart-body { display: flex; flex-wrap: wrap; gap: 1.2em; align-items: flex-start; }
        figure.chart .chart-graphic svg { max-width: 100%; height: auto; }
        figure.chart .chart-source { font-size: 0.85em; color: #333; margin: 0.4em 0 0; }
        table.chart-data { border-collapse: collapse; font-size: 0.85em; }
        table.chart-data caption { text-align: left; font-size: 0.9em; color: #333; padding-bottom: 0.2em; }
        table.chart-data th, table.chart-data td { border: 1px solid #999; padding: 0.15em 0.5em; text-align: left; vertical-align: top; }
        table.chart-data td.num { text-align: right; font-variant-numeric: tabular-nums; }
        @media print { figure.chart .chart-body { display: block; } table.chart-data { margin-top: 0.5em; } }
        """
}

/// HTML escaping for text and attribute values.
enum HTML {
    static func escape(_ s: String) -> String { SVGCanvas.escape(s) }
}
