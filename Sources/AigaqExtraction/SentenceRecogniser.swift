import Foundation

/// A punishment found in a sentence.
struct FoundPunishment: Sendable {
    var sentence: ExtractedSentence
    var start: Int
    var end: Int
    var tokenIndex: Int
    /// Said to replace an earlier punishment ("replaced ... with restriction of freedom").
    var isReplacement: Bool
}

/// Punishments: "7 years' imprisonment", "4.5 years in prison", "five years of
/// restricted freedom", "one year and four months of restriction of liberty",
/// "7 1/2 year jail term", "a six months suspended sentence", "a fine of 500,000
/// tenge", "arrested for 20 days", "пять лет лишения свободы", "ограничение
/// свободы", "life imprisonment"; with the regime and extra bans.
enum SentenceRecogniser {
    static let numberWords: [String: Double] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty-two": 22,
        "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
        "один": 1, "одного": 1, "одному": 1, "одна": 1, "одну": 1, "два": 2, "двух": 2, "две": 2, "три": 3, "трех": 3, "трёх": 3,
        "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
        "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11,
        "одиннадцати": 11, "двенадцать": 12, "двенадцати": 12, "пятнадцать": 15, "пятнадцати": 15, "двадцать": 20, "двадцати": 20,
        "полтора": 1.5, "полутора": 1.5, "год": 1,
    ]

    enum Unit { case year, month, day }

    static let units: [String: Unit] = {
        var d: [String: Unit] = [:]
        for w in ["year", "years", "year’s", "years’", "year's", "years'", "year-long", "лет", "года", "год", "годам", "годами", "жыл"] { d[w] = .year }
        for w in ["month", "months", "month’s", "months’", "месяцев", "месяца", "месяц", "ай"] { d[w] = .month }
        for w in ["day", "days", "суток", "сутки", "дней", "дня", "день"] { d[w] = .day }
        return d
    }()

    static let unitMap = WordMap(units)
    static let numberWordMap = WordMap(numberWords)

    @inline(__always) static func unit(_ w: String) -> Unit? { unitMap[w] }

    /// Value of a number token or word at `i`: returns (value, next index).
    static func number(_ toks: [Token], _ i: Int) -> (Double, Int)? {
        guard i < toks.count else { return nil }
        let t = toks[i]
        if t.kind == .number {
            var s = t.lower
            if s.utf8.contains(0x2C) { s = String(s.map { $0 == "," ? "." : $0 }) }
            if s.utf8.contains(0x2F) {
                let p = s.split(separator: "/")
                if p.count == 2, let a = Double(p[0]), let b = Double(p[1]), b != 0 { return (a / b, i + 1) }
                return nil
            }
            // Number tokens are ASCII, so bytes count as characters here.
            var dots = 0
            for c in s.utf8 where c == 0x2E { dots += 1 }
            if dots > 1 { return nil }
            if s.utf8.count > 4 { return nil }
            while s.utf8.last == 0x2E { s.removeLast() }
            while s.utf8.first == 0x2E { s.removeFirst() }
            guard var v = Double(s) else { return nil }
            // "7 1/2"
            if i + 1 < toks.count, toks[i + 1].kind == .number, toks[i + 1].lower == "1/2" { v += 0.5; return (v, i + 2) }
            return (v, i + 1)
        }
        if t.kind == .word {
            // "one-and-a-half" as one token
            if t.lower.hasSuffixB("-and-a-half") {
                let head = String(t.lower.dropLast("-and-a-half".count))
                if let v = numberWordMap[head] { return (v + 0.5, i + 1) }
            }
            if let v = numberWordMap[t.lower], t.lower != "год" {
                // "five and a half"
                if i + 3 < toks.count, toks[i + 1].lower == "and", toks[i + 2].lower == "a", toks[i + 3].lower == "half" {
                    return (v + 0.5, i + 4)
                }
                return (v, i + 1)
            }
        }
        return nil
    }

    /// Parses a length at `i`: "5 years and 1 month", "one year and four months", "a year".
    static func duration(_ toks: [Token], _ i: Int) -> (months: Double, days: Double, end: Int)? {
        // "five-year", "4.5-year": one word, or a number, a hyphen and the unit.
        if toks[i].kind == .word, let dash = toks[i].lower.lastIndex(of: "-") {
            let head = String(toks[i].lower[..<dash]), tail = String(toks[i].lower[toks[i].lower.index(after: dash)...])
            if let v = numberWordMap[head] ?? Double(head), let un = unit(tail) {
                switch un { case .year: return (v * 12, 0, i); case .month: return (v, 0, i); case .day: return (0, v, i) }
            }
        }
        if toks[i].kind == .number, i + 2 < toks.count, toks[i + 1].lower == "-", let un = unit(toks[i + 2].lower),
           let v = Double(toks[i].lower.replacingOccurrences(of: ",", with: ".")) {
            switch un { case .year: return (v * 12, 0, i + 2); case .month: return (v, 0, i + 2); case .day: return (0, v, i + 2) }
        }
        guard let (v, k) = number(toks, i), k < toks.count else { return nil }
        var unitIndex = k
        // "4.5-year", "7-year"
        guard let un = unit(toks[unitIndex].lower) else {
            return nil
        }
        var months = 0.0, days = 0.0
        switch un { case .year: months = v * 12; case .month: months = v; case .day: days = v }
        unitIndex += 1
        // "and 4 months" / "и 6 месяцев" / "5 years 1 month"
        var j = unitIndex
        if j < toks.count, toks[j].lower == "and" || toks[j].lower == "и" { j += 1 }
        if let (v2, k2) = number(toks, j), k2 < toks.count, let u2 = unit(toks[k2].lower), u2 == .month, un == .year {
            months += v2
            unitIndex = k2 + 1
        }
        return (months, days, unitIndex - 1)
    }

    /// Words that can start a punishment phrase (besides numbers and hyphenated lengths).
    static let startWords: WordSet = WordSet(numberWords.keys).union(fineWords).union(["life", "suspended", "replaced", "commuted", "changed"])

    /// Words before a length that make it a request or a threat, not a sentence.
    static let requestWords: WordSet = ["asked", "requested", "demanded", "faces", "face", "facing", "could", "may", "up", "потребовал", "запросил", "грозит"]

    /// Words without which a sentence holds no punishment ("a" and "one" alone are not enough).
    static let gateWords: WordSet = triggerWords.union(numberWords.keys.filter { $0 != "a" && $0 != "an" && $0 != "one" })
        .union(["year", "years", "month", "months", "days", "sentenced", "sentence", "лет", "года", "месяцев", "суток"])

    static let triggerWords: WordSet = ["life", "fine", "fined", "suspended", "replaced", "commuted", "changed", "штраф", "штрафу", "оштрафован", "оштрафована", "оштрафовал"]

    static let restrictionWords: WordSet = ["restriction", "restraint", "restricted", "limitation", "ограничение", "ограничения", "ограничению"]
    static let fineWords: WordSet = ["fine", "fined", "штраф", "штрафу", "оштрафован", "оштрафовал", "оштрафована"]

    static let imprisonmentWords: WordSet = ["imprisonment", "prison", "jail", "colony", "custodial", "incarceration", "penitentiary", "лишения", "лишение", "колонии", "колонию", "заключения", "тюрьмы", "тюрьме", "заключение", "бас"]
    static let suspendedWords: WordSet = ["suspended", "probation", "conditional", "условно", "условного", "условный", "условное", "условного", "испытательным"]

    static func find(_ toks: [Token], _ u: [UInt8]) -> [FoundPunishment] {
        var out: [FoundPunishment] = []
        let n = toks.count
        // Most sentences hold no punishment: skip them after one cheap look.
        guard toks.contains(where: { $0.kind == .number || ($0.kind == .word && (gateWords.contains($0.lower) || $0.lower.hasSuffixB("-year") || $0.lower.hasSuffixB("-month") || $0.lower.hasPrefixB("пожизненн"))) }) else { return [] }
        let lower = toks.map(\.lower)
        func has(_ words: WordSet, _ r: Range<Int>) -> Int? {
            let rr = max(0, r.lowerBound)..<min(n, r.upperBound)
            return rr.first(where: { words.contains(lower[$0]) })
        }
        func restricted(_ r: Range<Int>) -> Int? {
            let rr = max(0, r.lowerBound)..<min(n, r.upperBound)
            for k in rr {
                let w = lower[k]
                if SentenceRecogniser.restrictionWords.contains(w),
                   (k + 2 < n && sentenceRecogniserWords1.contains(lower[k + 2])) || (k + 1 < n && sentenceRecogniserWords2.contains(lower[k + 1])) { return k }
            }
            return nil
        }
        // "replaced ... with", "commuted", "changed the punishment": the sentence speaks of a replacement.
        let replacement = lower.indices.contains { k in
            lower[k] == "replaced" || lower[k] == "commuted" || lower[k].hasPrefixB("заменил")
                || (lower[k] == "changed" && k + 2 < n && lower[k + 1] == "the" && lower[k + 2] == "punishment")
        }
        let requested = SentenceRecogniser.requestWords
        var i = 0
        var usedUntil = -1
        while i < n {
            if i <= usedUntil { i += 1; continue }
            // One set lookup decides whether a token can start anything below.
            if toks[i].kind != .number && !(toks[i].kind == .word && (startWords.contains(lower[i]) || lower[i].containsByte(0x2D) || lower[i].hasPrefixB("пожизненн"))) { i += 1; continue }
            // Life imprisonment.
            if lower[i] == "life" && i + 1 < n && (lower[i + 1] == "imprisonment" || lower[i + 1] == "sentence" || lower[i + 1] == "term") || lower[i].hasPrefixB("пожизненн") {
                let end = min(n - 1, i + 1)
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "life", months: nil, text: Scan.string(u, toks[i].start..<toks[end].end)),
                                           start: toks[i].start, end: toks[end].end, tokenIndex: i, isReplacement: false))
                usedUntil = end; i = end + 1; continue
            }
            // "given suspended sentences" without a length.
            if lower[i] == "suspended", i + 1 < n, lower[i + 1].hasPrefixB("sentence") {
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "suspended", months: nil, text: Scan.string(u, toks[i].start..<toks[i + 1].end)),
                                           start: toks[i].start, end: toks[i + 1].end, tokenIndex: i, isReplacement: false))
                usedUntil = i + 1; i += 2; continue
            }
            // "... was replaced by imprisonment": a custodial sentence of unstated length.
            if (lower[i] == "replaced" || lower[i] == "changed" || lower[i] == "commuted"), i + 2 < n, sentenceRecogniserWords3.contains(lower[i + 1]),
               imprisonmentWords.contains(lower[i + 2]) || (i + 3 < n && imprisonmentWords.contains(lower[i + 3])) {
                let end = imprisonmentWords.contains(lower[i + 2]) ? i + 2 : i + 3
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "imprisonment", months: nil, text: Scan.string(u, toks[i].start..<toks[end].end)),
                                           start: toks[i].start, end: toks[end].end, tokenIndex: i, isReplacement: false))
                usedUntil = end; i = end + 1; continue
            }
            // "... replaced the rest of the sentence with restriction of freedom".
            if (lower[i] == "replaced" || lower[i] == "commuted" || lower[i] == "changed"), let k = restricted((i + 1)..<(i + 12)) {
                let end = min(n - 1, k + 2)
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "restricted_freedom", months: nil, text: Scan.string(u, toks[k].start..<toks[end].end)),
                                           start: toks[i].start, end: toks[end].end, tokenIndex: i, isReplacement: true))
                usedUntil = end; i = end + 1; continue
            }
            let mayCount = toks[i].kind == .number || (toks[i].kind == .word && (numberWordMap[lower[i]] != nil || lower[i].containsByte(0x2D)))
            guard mayCount, let d = duration(toks, i) else {
                // A fine without a length.
                if SentenceRecogniser.fineWords.contains(lower[i]) {
                    let prev = i > 0 ? lower[i - 1] : ""
                    if lower[i] == "fine" && !(prev == "a" || prev == "to" || prev == "with" || prev == "the") { i += 1; continue }
                    var end = i
                    // "a fine of 500,000 tenge"
                    if i + 3 < n, lower[i + 1] == "of", toks[i + 2].kind == .number { end = i + 2; if i + 3 < n, toks[i + 3].kind == .word { end = i + 3 } }
                    out.append(FoundPunishment(sentence: ExtractedSentence(kind: "fine", months: nil, text: Scan.string(u, toks[max(0, i - (prev == "a" ? 1 : 0))].start..<toks[end].end)),
                                               start: toks[i].start, end: toks[end].end, tokenIndex: i, isReplacement: replacement))
                    usedUntil = end
                }
                i += 1; continue
            }
            let after = (d.end + 1)..<(d.end + 8)
            var kind: String? = nil
            var cueEnd = d.end
            if d.days > 0 {
                // Administrative arrest counts days.
                let ctx = Set(lower[max(0, i - 6)..<min(n, d.end + 5)])
                if ctx.contains("arrest") || ctx.contains("arrested") || ctx.contains("administrative") || ctx.contains("арест") || ctx.contains("арестован") || ctx.contains("ареста") || ctx.contains("суток") || ctx.contains("detention") {
                    kind = "administrative_arrest"
                }
                if let k = kind {
                    let months = Int((d.days / 30.0).rounded())
                    out.append(FoundPunishment(sentence: ExtractedSentence(kind: k, months: months, text: Scan.string(u, toks[i].start..<toks[d.end].end)),
                                               start: toks[i].start, end: toks[d.end].end, tokenIndex: i, isReplacement: false))
                }
                usedUntil = d.end; i = d.end + 1; continue
            }
            if let k = restricted(after) { kind = "restricted_freedom"; cueEnd = min(n - 1, k + 2) }
            else if let k = has(suspendedWords, (d.end + 1)..<(d.end + 5)) ?? has(suspendedWords, (i - 2)..<i) { kind = "suspended"; cueEnd = max(d.end, k) }
            else if let k = has(imprisonmentWords, after) {
                // "in prison for X years" speaks of time served, not a sentence;
                // "a ban ... for 2 years" is a ban.
                kind = "imprisonment"; cueEnd = k
            }
            let prev = i > 0 ? lower[i - 1] : ""
            let prev2 = i > 1 ? lower[i - 2] : ""
            if kind == nil {
                // "sentenced to 7 years", "sentenced him to five years": no kind word, prison by default.
                let window = lower[max(0, i - 5)..<i]
                if window.contains(where: { $0.hasPrefixB("sentenc") || $0.hasPrefixB("приговор") || $0.hasPrefixB("осужд") }) && (prev == "to" || prev == "к" || prev2 == "to") {
                    kind = "imprisonment"
                }
            }
            // A ban ("banned from ... for two years", "a 2-year ban on ...").
            let banBefore = lower[max(0, i - 10)..<i].contains(where: { $0.hasPrefixB("ban") || $0 == "prohibited" || $0 == "forbade" || $0.hasPrefixB("запрет") || $0 == "prohibition" })
            let banAfter = d.end + 1 < n && (lower[d.end + 1] == "ban" || (d.end + 2 < n && lower[d.end + 2] == "ban"))
            if (banBefore && kind == nil) || banAfter || (prev == "for" && banBefore) {
                let activity = Scan.string(u, toks[max(0, i - 8)].start..<toks[min(n - 1, d.end)].end)
                if var last = out.last, last.sentence.kind != "fine", last.sentence.kind != "ban" {
                    last.sentence.bans.append(.init(activity: activity, months: Int(d.months.rounded())))
                    out[out.count - 1] = last
                } else {
                    // A ban in a sentence of its own; the assembler adds it to the person's punishment.
                    out.append(FoundPunishment(sentence: ExtractedSentence(kind: "ban", months: Int(d.months.rounded()), text: activity,
                                                                           bans: [.init(activity: activity, months: Int(d.months.rounded()))]),
                                               start: toks[i].start, end: toks[d.end].end, tokenIndex: i, isReplacement: false))
                }
                usedUntil = d.end; i = d.end + 1; continue
            }
            guard let k = kind else { usedUntil = d.end; i = d.end + 1; continue }
            // Time served ("in prison for more than 10 years") or a request is not a sentence.
            if prev == "for" || prev2 == "for" && (prev == "than" || prev == "over" || prev == "almost" || prev == "nearly") { usedUntil = d.end; i = d.end + 1; continue }
            if (max(0, i - 8)..<i).contains(where: { requested.contains(lower[$0]) && !(lower[$0] == "may" && toks[$0].isCapitalised) }) { usedUntil = d.end; i = d.end + 1; continue }
            var regime: String? = nil
            for w in lower[max(0, i - 4)..<min(n, cueEnd + 8)] {
                switch w {
                case "general", "общего": regime = "general"
                case "medium", "среднего": regime = "medium"
                case "strict", "maximum", "строгого": regime = "maximum"
                case "special", "особого": regime = "special"
                case "colony-settlement", "поселения": regime = "colony-settlement"
                default: break
                }
            }
            let text = Scan.string(u, toks[i].start..<toks[min(n - 1, max(cueEnd, d.end))].end)
            out.append(FoundPunishment(sentence: ExtractedSentence(kind: k, months: Int(d.months.rounded()), text: text, regime: regime),
                                       start: toks[i].start, end: toks[min(n - 1, max(cueEnd, d.end))].end, tokenIndex: i,
                                       isReplacement: replacement && k == "restricted_freedom"))
            usedUntil = max(cueEnd, d.end)
            i = usedUntil + 1
        }
        return out
    }
}

// Word sets used in hot loops: a Set lookup hashes once, where an array
// literal compares (slowly, for non-ASCII words) against every element.
private let sentenceRecogniserWords1: WordSet = ["freedom", "liberty", "свободы"]
private let sentenceRecogniserWords2: WordSet = ["freedom", "liberty", "свободы"]
private let sentenceRecogniserWords3: WordSet = ["by", "with", "to", "into"]
