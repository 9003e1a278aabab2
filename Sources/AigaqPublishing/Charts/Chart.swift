import AigaqCore

/// A chart as data: what is drawn (by ``svg(width:standalone:)``) and what the
/// table beside it says (``ChartTable``). The same value serves reports, the
/// web statistics page and print; nothing in it needs JavaScript.
public struct Chart: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Horizontal bars: categories with long names (articles, countries, tactics).
        case bar
        /// Vertical bars: few short categories (years).
        case column
        /// Values over time; points are placed by their dates.
        case line
        /// Steps of a process, each a subset of the one before (complaints → cases → court → verdicts).
        case funnel
    }

    public struct Point: Hashable, Sendable {
        /// The category, or the date as text for a line chart.
        public var label: String
        public var value: Double
        /// Where a line chart's point stands on the time axis.
        public var date: DateValue?
        /// A qualification shown in the table and beside the mark ("2023; NGO Coalition against Torture").
        public var note: String?

        public init(label: String, value: Double, date: DateValue? = nil, note: String? = nil) {
            self.label = label; self.value = value; self.date = date; self.note = note
        }
    }

    public struct Series: Hashable, Sendable {
        public var name: String
        public var points: [Point]
        public init(name: String, points: [Point]) { self.name = name; self.points = points }
    }

    /// Unique within a page: the figure's HTML id and the prefix of the SVG's ids.
    public var id: String
    public var title: String
    public var kind: Kind
    public var series: [Series]
    /// What the categories (or the time axis) are.
    public var xLabel: String
    /// What the values count.
    public var yLabel: String
    /// Where the numbers come from, printed under the chart.
    public var source: String
    /// A caveat a reader needs ("stages come from different years").
    public var note: String?

    public init(id: String, title: String, kind: Kind, series: [Series], xLabel: String, yLabel: String,
                source: String, note: String? = nil) {
        self.id = id; self.title = title; self.kind = kind; self.series = series; self.xLabel = xLabel
        self.yLabel = yLabel; self.source = source; self.note = note
    }

    /// A chart of one series.
    public init(id: String, title: String, kind: Kind, points: [Point], xLabel: String, yLabel: String,
                source: String, note: String? = nil) {
        self.init(id: id, title: title, kind: kind, series: [Series(name: yLabel, points: points)],
                  xLabel: xLabel, yLabel: yLabel, source: source, note: note)
    }

    public var isEmpty: Bool { series.allSatisfy(\.points.isEmpty) }

    /// The categories in order of first appearance across the series.
    public var labels: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        let points = kind == .line
            ? series.flatMap(\.points).sorted { ($0.date?.sortKey ?? 0) < ($1.date?.sortKey ?? 0) }
            : series.flatMap(\.points)
        for p in points where seen.insert(p.label).inserted { out.append(p.label) }
        return out
    }

    /// "48", "1,273", "1.5".
    public static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return StatedFigure.grouped(Int(value)) }
        var text = String(Double((value * 10).rounded()) / 10)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
