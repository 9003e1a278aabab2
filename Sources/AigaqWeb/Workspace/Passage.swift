import AigaqCore

/// A source's text around cited spans, with the spans marked: names
/// (`mark.mention`) and the passages the facts were read from (`mark.evidence`).
/// Offsets are UTF-8 bytes of the normalised text, as citations give them.
enum Passage {
    struct Span {
        enum Kind { case mention, evidence }
        var range: Range<Int>
        var kind: Kind
    }

    /// Excerpts of `text` holding `spans`, each with `context` bytes either
    /// side; nearby spans share one excerpt. At most `limit` excerpts.
    static func render(_ h: inout HTML, text: String?, spans: [Span], context: Int = 240, limit: Int = 4, s: Speaker) {
        guard let text else {
            h.element("p", ["class": "note"], s("ws.passage.no_text"))
            return
        }
        let bytes = Array(text.utf8)
        let valid = spans.filter { $0.range.lowerBound >= 0 && $0.range.upperBound <= bytes.count && !$0.range.isEmpty }
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
        guard !valid.isEmpty else {
            h.element("p", ["class": "note"], s("ws.passage.no_spans"))
            return
        }
        // Group spans whose excerpts would overlap.
        var groups: [[Span]] = []
        for span in valid {
            if let last = groups.last?.map(\.range.upperBound).max(), span.range.lowerBound - last <= 2 * context {
                groups[groups.count - 1].append(span)
            } else {
                groups.append([span])
            }
        }
        for group in groups.prefix(limit) {
            let first = group[0].range.lowerBound, last = group.map(\.range.upperBound).max()!
            let from = boundary(bytes, max(0, first - context)), to = boundary(bytes, min(bytes.count, last + context))
            // Cut points: the excerpt's ends and every span's ends inside it.
            var cuts = Set([from, to])
            for sp in group { cuts.insert(boundary(bytes, sp.range.lowerBound)); cuts.insert(boundary(bytes, sp.range.upperBound)) }
            let points = cuts.filter { $0 >= from && $0 <= to }.sorted()
            h.raw("<blockquote class=\"passage\"><p>")
            if from > 0 { h.text("…") }
            for (a, b) in zip(points, points.dropFirst()) where a < b {
                let piece = String(decoding: bytes[a..<b], as: UTF8.self)
                let covering = group.filter { $0.range.lowerBound <= a && $0.range.upperBound >= b }
                if covering.contains(where: { $0.kind == .mention }) {
                    h.element("mark", ["class": "mention"], piece)
                } else if !covering.isEmpty {
                    h.element("mark", ["class": "evidence"], piece)
                } else {
                    h.text(piece)
                }
            }
            if to < bytes.count { h.text("…") }
            h.raw("</p></blockquote>")
        }
        if groups.count > limit {
            h.element("p", ["class": "note"], s.format("ws.passage.more", String(groups.count - limit)))
        }
    }

    static func spans(of c: Candidate) -> [Span] {
        c.payload.mentions.map { Span(range: $0.start..<max($0.start, $0.end), kind: .mention) }
            + c.payload.evidence.map { Span(range: $0.start..<max($0.start, $0.end), kind: .evidence) }
    }

    /// Moves back to the start of a UTF-8 character.
    static func boundary(_ bytes: [UInt8], _ i: Int) -> Int {
        var i = min(max(0, i), bytes.count)
        while i > 0, i < bytes.count, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }
}
