/// Numbers the text states about the situation as a whole: "at least 48
/// political prisoners", "686 refusals", "more than 10,000 people were detained".
enum CountRecogniser {
    static let nouns: WordSet = [
        "political", "prisoners", "people", "persons", "activists", "refusals", "victims", "detainees", "participants",
        "journalists", "bloggers", "cases", "decisions", "citizens", "civilians", "protesters", "defenders", "employees",
        "individuals", "organisations", "organizations", "ngos", "convictions", "detentions", "arrests", "complaints",
        "allegations", "prisoner", "политзаключенных", "человек", "активистов", "журналистов", "заключенных",
    ]
    static let hedges: WordSet = ["least", "than", "about", "over", "some", "around", "approximately", "nearly", "almost", "total", "менее", "более", "около", "свыше"]

    static func find(_ toks: Toks, _ u: Bytes) -> [StatedCount] {
        var out: [StatedCount] = []
        let n = toks.count
        for i in 0..<n where toks[i].kind == .number {
            let v: Int, digits: Int
            if let plain = toks.int(i) { v = plain; digits = toks.byteCount(i) } else {
                let raw = String(toks.lower(i).filter { $0 != "," })
                guard !raw.utf8.contains(0x2E), !raw.utf8.contains(0x2F), !raw.utf8.contains(0x2D), let parsed = Int(raw) else { continue }
                v = parsed; digits = raw.count
            }
            guard v > 1, v < 10_000_000 else { continue }
            // Years and days of month are not counts.
            if (1900...2100).contains(v), digits == 4 { continue }
            var j = i + 1
            // "1 500" written with a space.
            var value = v
            if j < n, toks[j].kind == .number, toks.lower(j).count == 3, let rest = Int(toks.lower(j)), v < 1000 { value = v * 1000 + rest; j += 1 }
            var words: [Int] = []
            var k = j
            while k < n, words.count < 7, toks[k].kind == .word { words.append(k); k += 1 }
            guard words.prefix(4).contains(where: { toks.has($0, .countNoun) }) else { continue }
            let hedged = i > 0 && toks.has(i - 1, .hedge)
            guard hedged || words.prefix(2).contains(where: { toks.has($0, .countNoun) }) else { continue }
            let endTok = words.last ?? j - 1
            let what = words.map { toks.lower($0) }.joined(separator: " ")
            let start = toks[max(0, i - (hedged ? 2 : 0))].start
            out.append(StatedCount(what: what, number: value, start: start, end: toks[endTok].end))
        }
        return out
    }
}
