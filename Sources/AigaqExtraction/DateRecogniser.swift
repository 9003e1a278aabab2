import AigaqCore

/// A date found in text, as precise as the words allow.
struct FoundDate: Sendable {
    var year: Int?
    var month: Int?
    var day: Int?
    /// Token index range in the sentence.
    var firstToken: Int
    var lastToken: Int
    var start: Int
    var end: Int

    /// The schema's string, or nil when no year could be found.
    func value(defaultYear: Int?) -> DateValue? {
        guard let y = year ?? defaultYear else { return nil }
        return DateValue(year: y, month: month, day: month == nil ? nil : day)
    }
}

/// Dates in English and Russian: "29 November 2023", "November 29, 2023",
/// "29.11.2023", "2023-11-29", "in November 2023", "29 ноября 2023 года",
/// "в ноябре 2023 г.", a bare "in 2021", and a day and month without a year
/// (the caller supplies the year from context; the day is never invented).
enum DateRecogniser {
    static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let en = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        for (i, name) in en.enumerated() { m[name] = i + 1; m[String(name.prefix(3))] = i + 1 }
        m["sept"] = 9
        let ru: [[String]] = [
            ["январь", "января", "январе"], ["февраль", "февраля", "феврале"], ["март", "марта", "марте"],
            ["апрель", "апреля", "апреле"], ["май", "мая", "мае"], ["июнь", "июня", "июне"], ["июль", "июля", "июле"],
            ["август", "августа", "августе"], ["сентябрь", "сентября", "сентябре"], ["октябрь", "октября", "октябре"],
            ["ноябрь", "ноября", "ноябре"], ["декабрь", "декабря", "декабре"],
        ]
        for (i, forms) in ru.enumerated() { for f in forms { m[f] = i + 1 } }
        let kk = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"]
        for (i, f) in kk.enumerated() { m[f] = i + 1 }
        return m
    }()

    static let monthMap = WordMap(months)

    @inline(__always) static func year(_ toks: Toks, _ i: Int) -> Int? {
        guard toks[i].kind == .number, toks.byteCount(i) == 4, let y = toks.int(i), (1900...2100).contains(y) else { return nil }
        return y
    }

    @inline(__always) static func day(_ toks: Toks, _ i: Int) -> Int? {
        guard toks[i].kind == .number, toks.byteCount(i) <= 2, let d = toks.int(i), (1...31).contains(d) else { return nil }
        return d
    }

    @inline(__always) static func month(_ toks: Toks, _ i: Int) -> Int? {
        guard toks.isWord(i, .month) else { return nil }
        let t = toks[i]
        // "may" the verb: only capitalised "May" is a month.
        if toks.is(i, .may) && !t.isCapitalised { return nil }
        let w = toks.lower(i)
        // Three-letter forms only when capitalised ("Mar" not "mar").
        if !t.isCapitalised && w.count == 3 && !toks.is(i, .ru_maya) && !toks.is(i, .ru_mae) { return nil }
        return monthMap[w]
    }

    static func find(_ toks: Toks) -> [FoundDate] {
        var out: [FoundDate] = []
        var i = 0
        let n = toks.count
        func skipComma(_ k: Int) -> Int { k < n && toks.isChar(k, ",") ? k + 1 : k }
        func isYearWord(_ k: Int) -> Bool { k < n && (toks.is(k, .ru_goda) || toks.is(k, .ru_god) || toks.is(k, .ru_g) || toks.is(k, .kk_zhyly)) }
        while i < n {
            let t = toks[i]
            // Numeric forms as one token: 29.11.2023, 2023-11-29.
            if t.kind == .number, toks.byteCount(i) == 10 {
                let s = toks.lower(i)
                let parts = s.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "/" })
                if parts.count == 3 {
                    if parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), DateValue(year: y, month: m, day: d) != nil {
                        out.append(FoundDate(year: y, month: m, day: d, firstToken: i, lastToken: i, start: t.start, end: t.end)); i += 1; continue
                    }
                    if parts[2].count == 4, s.utf8.contains(0x2E), let y = Int(parts[2]), let m = Int(parts[1]), let d = Int(parts[0]), DateValue(year: y, month: m, day: d) != nil {
                        out.append(FoundDate(year: y, month: m, day: d, firstToken: i, lastToken: i, start: t.start, end: t.end)); i += 1; continue
                    }
                }
            }
            // D Month [,] [YYYY]
            if let d = day(toks, i), i + 1 < n, let m = month(toks, i + 1) {
                var k = skipComma(i + 2)
                if k < n, let y = year(toks, k) {
                    let last = isYearWord(k + 1) ? k + 1 : k
                    out.append(FoundDate(year: y, month: m, day: d, firstToken: i, lastToken: last, start: t.start, end: toks[last].end))
                    i = last + 1; continue
                }
                k = i + 1
                out.append(FoundDate(year: nil, month: m, day: d, firstToken: i, lastToken: k, start: t.start, end: toks[k].end))
                i = k + 1; continue
            }
            // Month D[,] YYYY | Month YYYY | Month D
            if let m = month(toks, i) {
                if i + 1 < n, let d = day(toks, i + 1) {
                    let k = skipComma(i + 2)
                    if k < n, let y = year(toks, k) {
                        out.append(FoundDate(year: y, month: m, day: d, firstToken: i, lastToken: k, start: t.start, end: toks[k].end))
                        i = k + 1; continue
                    }
                    // "July 6" without a year: only when capitalised (English).
                    if t.isCapitalised {
                        out.append(FoundDate(year: nil, month: m, day: d, firstToken: i, lastToken: i + 1, start: t.start, end: toks[i + 1].end))
                        i += 2; continue
                    }
                }
                let k = skipComma(i + 1)
                if k < n, let y = year(toks, k) {
                    let last = isYearWord(k + 1) ? k + 1 : k
                    out.append(FoundDate(year: y, month: m, day: nil, firstToken: i, lastToken: last, start: t.start, end: toks[last].end))
                    i = last + 1; continue
                }
                // "In May the court ...", "в сентябре": a month of the year in context.
                if i > 0, toks.has(i - 1, .yearPreposition), t.isCapitalised || t.isCyrillic {
                    out.append(FoundDate(year: nil, month: m, day: nil, firstToken: i, lastToken: i, start: t.start, end: t.end))
                    i += 1; continue
                }
            }
            // A bare year after "in"/"since"/"в" (not an amount or an article).
            if let y = year(toks, i), i > 0 {
                if toks.has(i - 1, .yearPreposition) {
                    let next = i + 1
                    if next >= n || !(toks.isChar(next, "-") || toks.is(next, .tenge) || toks.is(next, .people)) {
                        out.append(FoundDate(year: y, month: nil, day: nil, firstToken: i, lastToken: i, start: t.start, end: t.end))
                    }
                }
            }
            i += 1
        }
        return out
    }
}

// Word sets used in hot loops: a Set lookup hashes once, where an array
// literal compares (slowly, for non-ASCII words) against every element.
extension DateRecogniser {
    static let yearPrepositions: WordSet = ["in", "since", "of", "в", "с", "from", "until", "by"]
}
