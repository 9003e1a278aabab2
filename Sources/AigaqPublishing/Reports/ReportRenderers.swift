import AigaqCore
import Foundation

/// Markdown with footnotes (`[^1]`, as GitHub and pandoc read them). Charts
/// become their data tables; with `chartFile`, each drawing is also written
/// beside the document and linked.
public enum MarkdownRenderer {
    /// `chartFile(chart)` saves the SVG and returns the relative path to link, or nil to leave it out.
    public static func render(_ doc: ReportDocument, chartFile: ((Chart) throws -> String?)? = nil) rethrows -> String {
        var out: [String] = ["# " + escape(doc.title)]
        if let s = doc.subtitle { out.append("\n**" + escape(s) + "**") }
        if !doc.meta.isEmpty { out.append("\n" + doc.meta.map { "_" + escape($0) + "_" }.joined(separator: "  \n")) }
        for block in doc.blocks {
            switch block {
            case let .heading(level, text, _):
                out.append("\n" + String(repeating: "#", count: min(level, 6)) + " " + escape(text))
            case .paragraph(let inlines):
                out.append("\n" + inline(inlines))
            case .entries(let items):
                for (number, content) in items {
                    // Paragraphs led by "1\.", not a Markdown list, which would renumber: the source's numbers stand.
                    out.append("\n" + (number.map { "\($0)\\." } ?? "–") + " " + inline(content))
                }
            case .bullets(let items):
                out.append("")
                for item in items { out.append("- " + inline(item)) }
            case let .table(header, rows):
                out.append("\n| " + header.map(cell).joined(separator: " | ") + " |")
                out.append("|" + String(repeating: "---|", count: header.count))
                for row in rows { out.append("| " + row.map { cell(inline($0)) }.joined(separator: " | ") + " |") }
            case .chart(let chart):
                out.append("\n**" + escape(chart.title) + "**")
                if let file = try chartFile?(chart) { out.append("\n![" + escape(chart.title) + "](" + file + ")") }
                out.append("\n" + ChartTable.markdown(chart))
                out.append("\n_" + escape((chart.note.map { $0 + " " } ?? "") + "Source: " + chart.source) + "_")
            }
        }
        if !doc.notes.notes.isEmpty {
            out.append("\n## Sources\n")
            out.append("Each note names the source document (title, publisher, date and the SHA-256 of its bytes) and the byte offsets of the cited passages in its normalised text.\n")
            for note in doc.notes.notes { out.append("[^\(note.number)]: " + escape(note.text)) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func inline(_ inlines: [ReportDocument.Inline]) -> String {
        inlines.map { i in
            switch i {
            case .text(let t): escape(t)
            case .strong(let t): "**" + escape(t) + "**"
            case .emphasis(let t): "_" + escape(t) + "_"
            case .note(let n): "[^\(n)]"
            }
        }.joined()
    }

    /// Characters Markdown would read as markup.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>#|".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    private static func cell(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
}

/// A standalone HTML page: semantic markup, one stylesheet for screen and
/// print (A4, page numbers, parts that start a new page), charts inline as
/// SVG with their tables, footnotes linked both ways. No JavaScript.
public enum HTMLRenderer {
    public static func render(_ doc: ReportDocument, language: String = "en") -> String {
        var body: [String] = []
        body.append("<header>\n<h1>\(HTML.escape(doc.title))</h1>")
        if let s = doc.subtitle { body.append("<p class=\"subtitle\">\(HTML.escape(s))</p>") }
        for m in doc.meta { body.append("<p class=\"meta\">\(HTML.escape(m))</p>") }
        body.append("</header>\n<main>")
        var refs: [Int: Int] = [:]
        func inline(_ inlines: [ReportDocument.Inline]) -> String {
            inlines.map { i in
                switch i {
                case .text(let t): return HTML.escape(t)
                case .strong(let t): return "<strong>\(HTML.escape(t))</strong>"
                case .emphasis(let t): return "<em>\(HTML.escape(t))</em>"
                case .note(let n):
                    refs[n, default: 0] += 1
                    return "<sup class=\"fnref\"><a href=\"#fn-\(n)\" id=\"fnref-\(n)-\(refs[n]!)\">\(n)</a></sup>"
                }
            }.joined()
        }
        for block in doc.blocks {
            switch block {
            case let .heading(level, text, newPage):
                let l = min(max(level, 2), 6)
                body.append("<h\(l)\(newPage ? " class=\"new-page\"" : "")>\(HTML.escape(text))</h\(l)>")
            case .paragraph(let inlines):
                body.append("<p>\(inline(inlines))</p>")
            case .entries(let items):
                body.append("<ol class=\"entries\">")
                for (number, content) in items {
                    let marker = number.map { "<span class=\"number\">\($0).</span> " } ?? "<span class=\"number\">–</span> "
                    body.append("<li>\(marker)\(inline(content))</li>")
                }
                body.append("</ol>")
            case .bullets(let items):
                body.append("<ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>")
            case let .table(header, rows):
                var t = "<table class=\"data\"><thead><tr>" + header.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
                for row in rows { t += "<tr>" + row.map { "<td>\(inline($0))</td>" }.joined() + "</tr>" }
                body.append(t + "</tbody></table>")
            case .chart(let chart):
                body.append(ChartFigure.html(chart))
            }
        }
        body.append("</main>")
        if !doc.notes.notes.isEmpty {
            body.append("<section class=\"footnotes\" aria-labelledby=\"sources-heading\">\n<h2 id=\"sources-heading\" class=\"new-page\">Sources</h2>")
            body.append("<p>Each note names the source document (title, publisher, date and the SHA-256 of its bytes) and the byte offsets of the cited passages in its normalised text.</p>\n<ol>")
            for note in doc.notes.notes {
                let back = (1...max(refs[note.number] ?? 1, 1)).map { "<a href=\"#fnref-\(note.number)-\($0)\" aria-label=\"back to the text\">↩</a>" }.joined(separator: " ")
                body.append("<li id=\"fn-\(note.number)\">\(HTML.escape(note.text)) \(back)</li>")
            }
            body.append("</ol>\n</section>")
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(doc.title))</title>
            <style>
            \(css)
            \(ChartFigure.css)
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    static let css = """
        @page { size: A4; margin: 18mm 16mm 20mm;
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt "DejaVu Sans", Arial, sans-serif; color: #444; } }
        html { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.45; color: #111; }
        body { max-width: 48em; margin: 2em auto; padding: 0 1em; }
        h1, h2, h3, h4, figcaption, table, .meta, .subtitle { font-family: "DejaVu Sans", Arial, sans-serif; }
        h1 { font-size: 1.7em; line-height: 1.2; margin: 0 0 0.3em; }
        h2 { font-size: 1.3em; margin-top: 1.6em; border-bottom: 1px solid #999; }
        h3 { font-size: 1.1em; margin-top: 1.3em; }
        h2, h3 { break-after: avoid; page-break-after: avoid; }
        .subtitle { font-size: 1.1em; margin: 0 0 0.6em; }
        .meta { color: #333; font-size: 0.9em; margin: 0.1em 0; }
        ol.entries { list-style: none; padding-left: 0; }
        ol.entries li { margin: 0 0 0.6em 2.2em; text-indent: -2.2em; break-inside: avoid; page-break-inside: avoid; }
        ol.entries .number { display: inline-block; width: 2.2em; text-indent: 0; font-weight: bold; }
        sup.fnref { font-size: 0.75em; line-height: 0; }
        sup.fnref a { text-decoration: none; }
        table.data { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
        table.data th, table.data td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
        table.chart-data tbody th { font-weight: normal; }
        .footnotes { font-size: 0.85em; }
        .footnotes li { margin-bottom: 0.3em; overflow-wrap: anywhere; }
        @media print {
          body { max-width: none; margin: 0; padding: 0; }
          .new-page { break-before: page; page-break-before: always; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
