/// A charge found in a sentence, with where it stands.
struct FoundCharge: Sendable {
    var charge: ExtractedCharge
    var start: Int
    var end: Int
    var tokenIndex: Int
}

/// Article references: "Article 405 of the Criminal Code", "Art. 174 of the CC",
/// "part 2 Art. 405", "Article 106, section 2", "Articles 269 and 272",
/// "ч. 2 ст. 405 УК РК", "по статье 272, части 3", the Code of Administrative
/// Offences and the 1997 Code when the text names it. An offence named only in
/// words gives no article.
enum ChargeRecogniser {
    static let articleWords: WordSet = ["article", "articles", "art", "arts", "статья", "статьи", "статье", "статьей", "статьёй", "статью", "ст", "статей", "статьям", "бап", "бабы"]
    static let partWords: WordSet = ["part", "parts", "section", "paragraph", "para", "clause", "ч", "часть", "части", "частью", "частям", "п", "пункт", "пункта", "бөлігі", "тармақ"]
    static let otherLaws: WordSet = ["law", "constitution", "covenant", "convention", "iccpr", "declaration", "charter", "rules", "regulation", "treaty", "agreement", "закона", "конституции", "пакта", "конвенции", "code"]

    static func isArticleNumber(_ toks: Toks, _ i: Int) -> Bool {
        guard toks[i].kind == .number else { return false }
        if let v = toks.int(i) { return v >= 1 && v <= 500 && toks.byteCount(i) <= 3 }
        let s = toks.lower(i)
        if s.utf8.contains(0x2E) || s.utf8.contains(0x2C) || s.utf8.contains(0x2F) { return false }
        let main = s.split(separator: "-").first.map(String.init) ?? s
        guard let v = Int(main), (1...500).contains(v), main.count <= 3 else { return false }
        return s.split(separator: "-").count <= 2
    }

    /// "207.3", "206.3.2": articles numbered with dots, as the codes of Russia,
    /// Azerbaijan or Uzbekistan do. Kept as written: what the dots mean differs by code.
    static func dottedArticle(_ toks: Toks, _ i: Int) -> String? {
        guard toks[i].kind == .number else { return nil }
        let s = toks.lower(i)
        guard s.utf8.contains(0x2E), !s.utf8.contains(0x2C), !s.utf8.contains(0x2F), !s.utf8.contains(0x2D) else { return nil }
        let p = s.split(separator: ".", omittingEmptySubsequences: false)
        guard p.count >= 2, p.count <= 3, p.allSatisfy({ !$0.isEmpty }), let v = Int(p[0]), (1...500).contains(v), p[0].count <= 3,
              p.dropFirst().allSatisfy({ $0.count <= 2 }) else { return nil }
        return s
    }

    static func find(_ toks: Toks, _ u: Bytes) -> [FoundCharge] {
        var out: [FoundCharge] = []
        let n = toks.count
        // Code named in the sentence: the 1997 Code, or the administrative one.
        var sentenceCode = "KZ-CC-2014"
        for k in toks.indices where toks.is(k, .year1997) {
            if (max(0, k - 6)..<min(n, k + 4)).contains(where: { toks.is($0, .code) || toks.is($0, .ru_kodeks) || toks.is($0, .ru_kodeksa) || toks.is($0, .cc) || toks.is($0, .ru_uk) }) { sentenceCode = "KZ-CC-1997" }
        }
        var i = 0
        while i < n {
            let t = toks[i]
            guard toks.isWord(i, .articleWord) else { i += 1; continue }
            // "article14" glued to a name is not a reference.
            var k = i + 1
            if k < n, toks.isChar(k, ".") { k += 1 }
            guard k < n, isArticleNumber(toks, k) || dottedArticle(toks, k) != nil, toks[k].start > t.end else { i += 1; continue }
            // Part before: "part 2, Art. 256" / "ч. 2 ст. 405".
            var partBefore: String? = nil
            var p = i - 1
            if p >= 0, toks.lower(p) == "," || toks.lower(p) == "of" { p -= 1 }
            if p >= 0, toks[p].kind == .number, toks.lower(p).count <= 2, p - 1 >= 0 {
                var q = p - 1
                if toks.lower(q) == "." , q - 1 >= 0 { q -= 1 }
                if partWords.contains(toks.lower(q)) { partBefore = toks.lower(p) }
            }
            var items: [(String, String?, Int, Int)] = [] // article, part, start, tokenIndex
            var j = k
            while j < n, isArticleNumber(toks, j) || dottedArticle(toks, j) != nil {
                var article = toks.lower(j)
                var part: String? = nil
                if let dotted = dottedArticle(toks, j) { article = dotted }
                var m = j + 1
                // Part after: "Article 106, section 2", "Article 405 Part 2", "статье 272, части 3"
                var m2 = m
                if m2 < n, toks.lower(m2) == "," { m2 += 1 }
                if m2 < n, partWords.contains(toks.lower(m2)) {
                    var m3 = m2 + 1
                    if m3 < n, toks.lower(m3) == "." { m3 += 1 }
                    if m3 < n, toks[m3].kind == .number, toks.lower(m3).count <= 2 { part = toks.lower(m3); m = m3 + 1 }
                }
                // Part as "405(2)" / "405 (2)".
                if part == nil, m + 2 < n, toks.lower(m) == "(", toks[m + 1].kind == .number, toks.lower(m + 1).count <= 2, toks.lower(m + 2) == ")" {
                    part = toks.lower(m + 1); m += 3
                }
                items.append((article, part, toks[j].start, j))
                // Continue with "and 272", ", 269", "or 174", "и 272".
                var c = m
                if c < n, chargeRecogniserWords1.contains(toks.lower(c)) {
                    c += 1
                    if c < n, chargeRecogniserWords2.contains(toks.lower(c)) { c += 1 }
                    if c < n, articleWords.contains(toks.lower(c)) { c += 1; if c < n, toks.lower(c) == "." { c += 1 } }
                    if c < n, isArticleNumber(toks, c) { j = c; continue }
                }
                j = m
                break
            }
            if items.isEmpty { i += 1; continue }
            // "Elimay and Article 14 have been ...": an organisation's name.
            if j < n, chargeRecogniserWords3.contains(toks.lower(j)) { i = j; continue }
            if items.count == 1, items[0].1 == nil { items[0].1 = partBefore }
            // What code: look at the words after the numbers.
            var code = sentenceCode
            var reject = false
            let end = min(n, j + 9)
            if let of = (j..<end).first(where: { toks.is($0, .of) || toks.is($0, .ru_kodeksa) || toks.is($0, .ru_uk) || toks.is($0, .ru_koap) || toks.is($0, .ru_zakona) || toks.is($0, .ru_konstitutsii) }) {
                let window = of..<end
                // A stem without spaces lies inside one word of the window.
                func inWindow(_ stem: String) -> Bool { window.contains { fastContains(toks.lower($0), stem) } }
                func has(_ k: K) -> Bool { window.contains { toks.is($0, k) } }
                if inWindow("administrative") || has(.ru_koap) || inWindow("административн") { code = "KZ-CAO" }
                else if inWindow("criminal") || has(.cc) || has(.ru_uk) || inWindow("уголовн") {
                    if has(.year1997) { code = "KZ-CC-1997" }
                } else if of == j || !toks.is(of, .of) {
                    if window.contains(where: { toks.has($0, .otherLaw) }) && !has(.criminal) { reject = true }
                } else if let next = ((of + 1)..<end).first(where: { !toks.is($0, .the) }),
                          toks.has(next, .otherLaw) || toks.lower(next).hasPrefixB("international") || toks.is(next, .un) || toks.is(next, .european) || toks.is(next, .iccpr) {
                    reject = true
                }
            }
            if !reject {
                for it in items {
                    out.append(FoundCharge(charge: ExtractedCharge(code: code, article: it.0, part: it.1),
                                           start: t.start, end: toks[min(n - 1, max(j - 1, it.3))].end, tokenIndex: it.3))
                }
            }
            i = max(j, i + 1)
        }
        return out
    }
}

// Word sets used in hot loops: a Set lookup hashes once, where an array
// literal compares (slowly, for non-ASCII words) against every element.
private let chargeRecogniserWords1: WordSet = [",", "and", "or", "и", "или", "&"]
private let chargeRecogniserWords2: WordSet = ["and", "or", "и"]
private let chargeRecogniserWords3: WordSet = ["have", "has", "is", "are", "was", "were"]
