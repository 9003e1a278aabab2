import AigaqCore
import Foundation

/// A source and, when a citation links here, the cited passage highlighted.
enum SourcePage {
    static func render(_ src: Source, _ s: Speaker, _ ctx: PageContext) -> [UInt8] {
        let spans = parseSpans(ctx.value("spans"))
        return Layout.page(src.title ?? src.id.rawValue, s, ctx, bodyClass: "source") { h in
            h.element("h1", src.title ?? src.id.rawValue)
            h.raw("<dl class=\"facts\">")
            func row(_ label: String, _ value: String?) {
                guard let value else { return }
                h.raw("<div>"); h.element("dt", label); h.element("dd", value); h.raw("</div>")
            }
            row(s("source.publisher"), src.publisher)
            row(s("source.published"), src.publishedOn?.description)
            row(s("source.language"), src.language)
            row(s("source.reliability"), src.reliability)
            row(s("source.file"), src.fileName)
            row("SHA-256", src.sha256)
            if let url = HTML.safeURL(src.url) {
                h.raw("<div>"); h.element("dt", s("source.url"))
                h.raw("<dd>"); h.element("a", ["href": url, "rel": "noopener noreferrer external"], url); h.raw("</dd></div>")
            }
            h.raw("</dl>")
            guard !spans.isEmpty else { return }
            h.open("section", ["id": "passage", "aria-labelledby": "passage-h"])
            h.element("h2", ["id": "passage-h"], s("source.passage"))
            let utf8 = src.text.map { Array($0.utf8) }
            for span in spans {
                h.element("p", ["class": "span"], s.format("source.bytes", String(span.lowerBound), String(span.upperBound)))
                guard let bytes = utf8, span.upperBound <= bytes.count else {
                    h.element("p", ["class": "note"], s("source.no_text"))
                    continue
                }
                // Up to 300 bytes of context each side, cut at character boundaries.
                let from = boundary(bytes, max(0, span.lowerBound - 300))
                let to = boundary(bytes, min(bytes.count, span.upperBound + 300))
                let start = boundary(bytes, span.lowerBound), end = boundary(bytes, span.upperBound)
                h.raw("<blockquote class=\"passage\"><p>")
                h.text((from > 0 ? "…" : "") + String(decoding: bytes[from..<start], as: UTF8.self))
                h.element("mark", String(decoding: bytes[start..<end], as: UTF8.self))
                h.text(String(decoding: bytes[end..<to], as: UTF8.self) + (to < bytes.count ? "…" : ""))
                h.raw("</p></blockquote>")
            }
            h.close("section")
        }
    }

    /// "10-20,30-45" → ranges; at most 20, malformed parts ignored.
    static func parseSpans(_ text: String?) -> [Range<Int>] {
        guard let text else { return [] }
        return text.split(separator: ",").prefix(20).compactMap { part in
            let ends = part.split(separator: "-")
            guard ends.count == 2, let a = Int(ends[0]), let b = Int(ends[1]), a >= 0, b >= a else { return nil }
            return a..<b
        }
    }

    /// Moves back to the start of a UTF-8 character.
    private static func boundary(_ bytes: [UInt8], _ i: Int) -> Int {
        var i = min(i, bytes.count)
        while i > 0, i < bytes.count, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }
}
