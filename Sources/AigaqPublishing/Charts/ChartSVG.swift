import AigaqCore

extension Chart {
    /// The chart as an SVG document: axis labels and ticks, values written on
    /// the marks, a `<title>` and a `<desc>` that reads the data out for screen
    /// readers. `standalone` adds the title and the source line inside the
    /// drawing (for a file on its own); a page that prints them beside it
    /// (``ChartFigure``) leaves them out. Colours stay apart in grey print:
    /// series also differ by dash and marker shape.
    public func svg(width: Int = 640, standalone: Bool = true) -> String {
        var canvas = SVGCanvas(width: Double(width), id: id)
        var top = 8.0
        if standalone {
            for line in SVGCanvas.wrap(title, chars: Int(Double(width) / 8.5)) {
                top += 18
                canvas.text(line, x: 8, y: top, size: 15, weight: "bold")
            }
            top += 8
        }
        if isEmpty {
            canvas.text("No data", x: Double(width) / 2, y: top + 30, anchor: "middle", fill: "#555")
            top += 50
        } else {
            switch kind {
            case .bar: top = drawBars(&canvas, top: top)
            case .column: top = drawColumns(&canvas, top: top)
            case .line: top = drawLine(&canvas, top: top)
            case .funnel: top = drawFunnel(&canvas, top: top)
            }
        }
        if series.count > 1 { top = drawLegend(&canvas, top: top + 6, width: Double(width)) }
        if standalone {
            top += 6
            for line in SVGCanvas.wrap((note.map { $0 + " " } ?? "") + "Source: " + source, chars: Int(Double(width) / 6)) {
                top += 13
                canvas.text(line, x: 8, y: top, size: 10, fill: "#333")
            }
        }
        return canvas.document(height: top + 10, title: title, description: spokenSummary)
    }

    /// The data in words, for the `<desc>` of the drawing.
    var spokenSummary: String {
        let kindName = switch kind {
        case .bar, .column: "Bar chart"
        case .line: "Line chart"
        case .funnel: "Funnel chart"
        }
        let parts = series.map { s in
            let values = s.points.map { "\($0.label): \(Chart.format($0.value))\($0.note.map { " (\($0))" } ?? "")" }
            return (series.count > 1 ? s.name + ": " : "") + values.joined(separator: "; ")
        }
        return "\(kindName) of \(yLabel.lowercased()) by \(xLabel.lowercased()). " + parts.joined(separator: ". ") + "."
    }

    // MARK: - Bars

    private func drawBars(_ c: inout SVGCanvas, top: Double) -> Double {
        let labels = self.labels
        let labelChars = min(40, labels.map(\.count).max() ?? 0)
        let left = min(c.width * 0.45, Double(labelChars) * 6.6 + 16)
        let right = c.width - 60
        let max = SVGCanvas.niceMax(series.flatMap(\.points).map(\.value).max() ?? 0)
        let barHeight = series.count > 1 ? 14.0 : 20.0
        let groupHeight = barHeight * Double(series.count) + 10
        var y = top + 18
        c.text(xLabel, x: 8, y: y - 4, size: 11, weight: "bold", fill: "#333")
        let plotTop = y
        for label in labels {
            let lines = SVGCanvas.wrap(label, chars: Int((left - 16) / 6.6))
            let mid = y + groupHeight / 2 - 5
            for (i, line) in lines.prefix(2).enumerated() {
                c.text(line, x: left - 8, y: mid + 4 + (Double(i) - Double(min(lines.count, 2) - 1) / 2) * 13, anchor: "end")
            }
            for (si, s) in series.enumerated() {
                guard let p = s.points.first(where: { $0.label == label }) else { continue }
                let w = max > 0 ? (right - left) * p.value / max : 0
                let by = y + Double(si) * barHeight
                c.rect(x: left, y: by, width: Swift.max(w, p.value > 0 ? 1.5 : 0), height: barHeight - 3, series: si)
                c.text(Chart.format(p.value), x: left + w + 4, y: by + barHeight - 7, size: 11)
            }
            y += groupHeight
        }
        drawValueAxis(&c, from: left, to: right, y: y, max: max, gridTop: plotTop)
        return y + 36
    }

    /// The horizontal value axis of bar charts, with gridlines up to `gridTop`.
    private func drawValueAxis(_ c: inout SVGCanvas, from left: Double, to right: Double, y: Double, max: Double, gridTop: Double) {
        c.line(x1: left, y1: gridTop - 4, x2: left, y2: y, stroke: "#333")
        c.line(x1: left, y1: y, x2: right, y2: y, stroke: "#333")
        for tick in SVGCanvas.ticks(max: max) {
            let x = left + (right - left) * (max > 0 ? tick / max : 0)
            if tick > 0 { c.line(x1: x, y1: gridTop - 4, x2: x, y2: y, stroke: "#ddd") }
            c.line(x1: x, y1: y, x2: x, y2: y + 4, stroke: "#333")
            c.text(Chart.format(tick), x: x, y: y + 16, size: 10, anchor: "middle")
        }
        c.text(yLabel, x: (left + right) / 2, y: y + 31, size: 11, anchor: "middle", weight: "bold", fill: "#333")
    }

    // MARK: - Columns

    private func drawColumns(_ c: inout SVGCanvas, top: Double) -> Double {
        let labels = self.labels
        let left = 56.0, right = c.width - 12, height = 200.0
        let plotTop = top + 16, bottom = plotTop + height
        let max = SVGCanvas.niceMax(series.flatMap(\.points).map(\.value).max() ?? 0)
        drawVerticalAxis(&c, left: left, right: right, top: plotTop, bottom: bottom, max: max)
        let slot = (right - left) / Double(Swift.max(labels.count, 1))
        let barWidth = Swift.min(48, slot * 0.7 / Double(series.count))
        for (i, label) in labels.enumerated() {
            let x0 = left + slot * Double(i) + (slot - barWidth * Double(series.count)) / 2
            for (si, s) in series.enumerated() {
                guard let p = s.points.first(where: { $0.label == label }) else { continue }
                let h = max > 0 ? height * p.value / max : 0
                let x = x0 + barWidth * Double(si)
                c.rect(x: x, y: bottom - h, width: barWidth - 2, height: Swift.max(h, p.value > 0 ? 1.5 : 0), series: si)
                c.text(Chart.format(p.value), x: x + (barWidth - 2) / 2, y: bottom - h - 4, size: 11, anchor: "middle")
            }
            for (li, line) in SVGCanvas.wrap(label, chars: Swift.max(4, Int(slot / 6.4))).prefix(2).enumerated() {
                c.text(line, x: left + slot * (Double(i) + 0.5), y: bottom + 15 + Double(li) * 12, size: 11, anchor: "middle")
            }
        }
        c.text(xLabel, x: (left + right) / 2, y: bottom + 44, size: 11, anchor: "middle", weight: "bold", fill: "#333")
        return bottom + 52
    }

    /// The vertical value axis of column and line charts.
    private func drawVerticalAxis(_ c: inout SVGCanvas, left: Double, right: Double, top: Double, bottom: Double, max: Double) {
        c.text(yLabel, x: 8, y: top - 6, size: 11, weight: "bold", fill: "#333")
        for tick in SVGCanvas.ticks(max: max) {
            let y = bottom - (bottom - top) * (max > 0 ? tick / max : 0)
            if tick > 0 { c.line(x1: left, y1: y, x2: right, y2: y, stroke: "#ddd") }
            c.line(x1: left - 4, y1: y, x2: left, y2: y, stroke: "#333")
            c.text(Chart.format(tick), x: left - 7, y: y + 4, size: 10, anchor: "end")
        }
        c.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#333")
        c.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#333")
    }

    // MARK: - Line

    private func drawLine(_ c: inout SVGCanvas, top: Double) -> Double {
        let left = 56.0, right = c.width - 40, height = 200.0
        let plotTop = top + 16, bottom = plotTop + height
        let max = SVGCanvas.niceMax(series.flatMap(\.points).map(\.value).max() ?? 0)
        drawVerticalAxis(&c, left: left, right: right, top: plotTop, bottom: bottom, max: max)
        let times = series.flatMap(\.points).compactMap { $0.date.map(SVGCanvas.time) }
        var first = (times.min() ?? 0).rounded(.down), last = (times.max() ?? 1).rounded(.up)
        if last - first < 1 { last = first + 1 }
        if last == (times.max() ?? 0) { last += 0.25 }
        first = Swift.min(first, times.min() ?? first)
        func x(_ t: Double) -> Double { left + 10 + (right - left - 20) * (t - first) / (last - first) }
        func y(_ v: Double) -> Double { bottom - height * (max > 0 ? v / max : 0) }
        let step = Swift.max(1, Int(((last - first) / 8).rounded(.up)))
        for year in stride(from: Int(first), through: Int(last), by: step) {
            let tx = x(Double(year))
            guard tx <= right else { continue }
            c.line(x1: tx, y1: bottom, x2: tx, y2: bottom + 4, stroke: "#333")
            c.text(String(year), x: tx, y: bottom + 16, size: 10, anchor: "middle")
        }
        for (si, s) in series.enumerated() {
            let points = s.points.filter { $0.date != nil }.sorted { $0.date!.sortKey < $1.date!.sortKey }
            let coordinates = points.map { (x(SVGCanvas.time($0.date!)), y($0.value), $0) }
            if coordinates.count > 1 { c.polyline(coordinates.map { ($0.0, $0.1) }, series: si) }
            for (px, py, p) in coordinates {
                c.marker(x: px, y: py, series: si)
                c.text(Chart.format(p.value), x: px, y: py - 8, size: 10, anchor: "middle")
            }
        }
        c.text(xLabel, x: (left + right) / 2, y: bottom + 32, size: 11, anchor: "middle", weight: "bold", fill: "#333")
        return bottom + 40
    }

    // MARK: - Funnel

    private func drawFunnel(_ c: inout SVGCanvas, top: Double) -> Double {
        let points = series.first?.points ?? []
        let max = points.map(\.value).max() ?? 0
        let centre = c.width / 2, full = c.width - 40
        var y = top + 8
        for p in points {
            let label = p.label + (p.note.map { " (\($0))" } ?? "")
            for line in SVGCanvas.wrap(label, chars: Int(c.width / 6.8)).prefix(2) {
                y += 14
                c.text(line, x: centre, y: y, size: 11, anchor: "middle")
            }
            let w = Swift.max(max > 0 ? (full - 80) * p.value / max : 0, 3)
            c.rect(x: centre - w / 2, y: y + 5, width: w, height: 22, series: 0)
            c.text(Chart.format(p.value), x: centre + w / 2 + 6, y: y + 21, size: 12, weight: "bold")
            y += 34
        }
        c.text(yLabel + " (bar width in proportion)", x: centre, y: y + 12, size: 10, anchor: "middle", fill: "#333")
        return y + 18
    }

    // MARK: - Legend

    /// Entries left to right, on a new row when the next would not fit (a long list name).
    private func drawLegend(_ c: inout SVGCanvas, top: Double, width: Double) -> Double {
        var x = 12.0
        var y = top + 10
        for (si, s) in series.enumerated() {
            let entryWidth = 42 + Double(s.name.count) * 6.4
            if x > 12, x + entryWidth - 12 > width - 8 { x = 12; y += 18 }
            if kind == .line {
                c.polyline([(x, y - 4), (x + 24, y - 4)], series: si)
                c.marker(x: x + 12, y: y - 4, series: si)
            } else {
                c.rect(x: x, y: y - 10, width: 14, height: 10, series: si)
            }
            c.text(s.name, x: x + 30, y: y, size: 11)
            x += entryWidth
        }
        return y + 8
    }
}

/// Builds SVG markup; every text is escaped.
struct SVGCanvas {
    let width: Double
    let id: String
    private var body: [String] = []

    /// Dark enough to read in grey print, apart by hue on screen.
    static let colours = ["#1f4e79", "#c55a11", "#2e6b30", "#6a1b9a"]
    static let dashes = ["", "6 3", "2 3", "8 3 2 3"]

    init(width: Double, id: String) { self.width = width; self.id = SVGCanvas.safeID(id) }

    mutating func text(_ s: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                       weight: String? = nil, fill: String = "#111") {
        let w = weight.map { " font-weight=\"\($0)\"" } ?? ""
        body.append("<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(w)>\(SVGCanvas.escape(s))</text>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, series: Int) {
        body.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(SVGCanvas.colours[series % 4])\"/>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String) {
        body.append("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"1\"/>")
    }

    mutating func polyline(_ points: [(Double, Double)], series: Int) {
        let dash = SVGCanvas.dashes[series % 4]
        let d = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
        body.append("<polyline points=\"\(points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(SVGCanvas.colours[series % 4])\" stroke-width=\"2\"\(d)/>")
    }

    /// A circle, a square, a triangle or a diamond, by series.
    mutating func marker(x: Double, y: Double, series: Int) {
        let colour = SVGCanvas.colours[series % 4]
        switch series % 4 {
        case 0: body.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"4\" fill=\"\(colour)\"/>")
        case 1: body.append("<rect x=\"\(n(x - 4))\" y=\"\(n(y - 4))\" width=\"8\" height=\"8\" fill=\"\(colour)\"/>")
        case 2: body.append("<polygon points=\"\(n(x)),\(n(y - 5)) \(n(x + 5)),\(n(y + 4)) \(n(x - 5)),\(n(y + 4))\" fill=\"\(colour)\"/>")
        default: body.append("<polygon points=\"\(n(x)),\(n(y - 5)) \(n(x + 5)),\(n(y)) \(n(x)),\(n(y + 5)) \(n(x - 5)),\(n(y))\" fill=\"\(colour)\"/>")
        }
    }

    func document(height: Double, title: String, description: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))" \
        role="img" aria-labelledby="\(id)-title \(id)-desc" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">
        <title id="\(id)-title">\(SVGCanvas.escape(title))</title>
        <desc id="\(id)-desc">\(SVGCanvas.escape(description))</desc>
        <rect width="100%" height="100%" fill="#fff"/>
        \(body.joined(separator: "\n"))
        </svg>
        """
    }

    /// A coordinate, to a tenth of a pixel.
    private func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func safeID(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }

    /// Splits text into lines of at most `chars` characters, at spaces.
    static func wrap(_ text: String, chars: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > chars {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    /// A round axis maximum at or above `value`: 1, 2, 2.5 or 5 times a power of ten.
    static func niceMax(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    /// About five round ticks from 0 to `max`.
    static func ticks(max: Double) -> [Double] {
        let raw = max / 5
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw && magnitude > 1e-9 { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let whole = step >= 1 ? step.rounded(.up) : step
        return stride(from: 0.0, through: max + whole / 1000, by: whole).map { $0 }
    }

    /// A date as a fractional year, for a time axis.
    static func time(_ d: DateValue) -> Double {
        // The middle of what the date can mean: a year is plotted at mid-year.
        let start = Double(d.earliest.year) + Double(d.earliest.month - 1) / 12 + Double(d.earliest.day - 1) / 365
        let end = Double(d.latest.year) + Double(d.latest.month - 1) / 12 + Double(d.latest.day) / 365
        return (start + end) / 2
    }
}
