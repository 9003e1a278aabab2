import AigaqCore
import Foundation
import Tagged

/// A report as structure, before it becomes Markdown, HTML or PDF: headings,
/// paragraphs, numbered entries, tables, charts, and footnotes that lead
/// every statement to its sources.
public struct ReportDocument: Sendable {
    public enum Inline: Hashable, Sendable {
        case text(String)
        case strong(String)
        case emphasis(String)
        /// A reference to footnote `n`.
        case note(Int)
    }

    public enum Block: Sendable {
        /// `newPage` starts the part on a new page in print.
        case heading(level: Int, text: String, newPage: Bool)
        case paragraph([Inline])
        /// Entries with the numbers the source gives them (nil: unnumbered).
        case entries([(number: Int?, content: [Inline])])
        case bullets([[Inline]])
        case table(header: [String], rows: [[[Inline]]])
        case chart(Chart)
    }

    public var title: String
    public var subtitle: String?
    /// Lines under the title: the date, what the data is, how to read the notes.
    public var meta: [String]
    public var blocks: [Block]
    public var notes: Footnotes

    public init(title: String, subtitle: String? = nil, meta: [String] = [], notes: Footnotes) {
        self.title = title; self.subtitle = subtitle; self.meta = meta; self.blocks = []; self.notes = notes
    }

    public mutating func heading(_ text: String, level: Int = 2, newPage: Bool = false) {
        blocks.append(.heading(level: level, text: text, newPage: newPage))
    }

    /// A paragraph of our own words (no facts from sources: no note needed).
    public mutating func prose(_ text: String) { blocks.append(.paragraph([.text(text)])) }

    /// A statement of fact with a note to its citations; left out (returns
    /// false) when none of them leads to a public source.
    @discardableResult
    public mutating func statement(_ inlines: [Inline], citing citations: [Citation]) -> Bool {
        guard let n = notes.cite(citations) else { return false }
        blocks.append(.paragraph(inlines + [.note(n)]))
        return true
    }

    /// The text of the note-bearing `inlines`, or nil when no public source backs them.
    public mutating func cited(_ inlines: [Inline], _ citations: [Citation]) -> [Inline]? {
        notes.cite(citations).map { inlines + [.note($0)] }
    }
}

/// Footnotes: each distinct set of cited passages gets one number, in order
/// of first use. A note names every source (title, publisher, date, SHA-256)
/// and the byte offsets of the passages in its normalised text, so that
/// anyone holding the report can find the words. Citations of sources that
/// are not public are dropped.
public struct Footnotes: Sendable {
    public struct Note: Hashable, Sendable {
        public var number: Int
        public var sources: [CitedSource]
        public var text: String
    }

    public private(set) var notes: [Note] = []
    private var byText: [String: Int] = [:]
    let sources: [Source.ID: Source]

    /// `sources`: the public sources notes may name.
    public init(sources: [Source.ID: Source]) { self.sources = sources }

    /// The note number for these citations, or nil when none is of a public source.
    public mutating func cite(_ citations: [Citation]) -> Int? {
        let grouped = CitedSource.group(citations, sources: sources)
        guard !grouped.isEmpty else { return nil }
        let text = grouped.map(Footnotes.describe).joined(separator: " ")
        if let n = byText[text] { return n }
        let n = notes.count + 1
        notes.append(Note(number: n, sources: grouped, text: text))
        byText[text] = n
        return n
    }

    /// "Title. Publisher, 2025-02. SHA-256 3a842dfc2a0e74e1…; bytes 441–641, 18080–18995."
    static func describe(_ s: CitedSource) -> String {
        var head = (s.title ?? s.source)
        if !head.hasSuffix(".") { head += "." }
        let publication = [s.publisher, s.publishedOn].compactMap { $0 }.joined(separator: ", ")
        let spans = s.spans.map { "\($0[0])–\($0[1])" }.joined(separator: ", ")
        return [head, publication.isEmpty ? nil : publication + ".", s.url.map { $0 + "." },
                "SHA-256 \(s.sha256.prefix(16))…; bytes \(spans)."].compactMap { $0 }.joined(separator: " ")
    }
}

/// How dates, sentences and lists of names read in reports.
enum Phrase {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// "29 November 2023", "November 2023", "2023"; "about" for approximate dates.
    static func date(_ d: DateValue) -> String {
        var text = String(d.year)
        if let m = d.month { text = months[m - 1] + " " + text }
        if let day = d.day { text = "\(day) " + text }
        return d.approximate ? "about " + text : text
    }

    /// "7 years' imprisonment", "5 years of restricted freedom", "a fine".
    static func sentence(_ s: Sentence) -> String {
        let length = s.months.map(Phrase.length)
        switch s.kind {
        case .imprisonment: return length.map { $0.hasSuffix("s") ? "\($0)' imprisonment" : "\($0)'s imprisonment" } ?? "imprisonment"
        case .restrictedFreedom: return length.map { "\($0) of restricted freedom" } ?? "restricted freedom"
        case .suspended: return length.map { "a suspended sentence of \($0)" } ?? "a suspended sentence"
        case .fine: return "a fine"
        case .administrativeArrest: return "administrative arrest"
        case .life: return "life imprisonment"
        case .compulsoryTreatment: return "compulsory psychiatric treatment"
        case .correctionalLabour: return length.map { "\($0) of correctional labour" } ?? "correctional labour"
        case .communityService: return "community service"
        }
    }

    /// 84 → "7 years", 54 → "4.5 years", 18 → "1.5 years", 8 → "8 months", 61 → "5 years and 1 month".
    static func length(_ months: Int) -> String {
        let years = months / 12, rest = months % 12
        func m(_ n: Int) -> String { n == 1 ? "1 month" : "\(n) months" }
        if years == 0 { return m(rest) }
        if rest == 0 { return years == 1 ? "1 year" : "\(years) years" }
        if rest == 6 { return "\(years).5 years" }
        return (years == 1 ? "1 year" : "\(years) years") + " and " + m(rest)
    }

    /// "on 29 November 2023", "in November 2023", "in 2023".
    static func when(_ d: DateValue) -> String { (d.day != nil ? "on " : "in ") + date(d) }

    /// "A", "A and B", "A, B and C".
    static func names(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        default: return names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
    }

    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(StatedFigure.grouped(n)) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
