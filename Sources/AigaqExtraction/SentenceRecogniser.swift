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
        // Dative ("к двум годам") and instrumental ("двумя годами") forms; teens.
        "двум": 2, "трём": 3, "трем": 3, "четырём": 4, "четырем": 4, "двумя": 2, "тремя": 3, "четырьмя": 4, "пятью": 5,
        "шестью": 6, "семью": 7, "восемью": 8, "девятью": 9, "десятью": 10, "тринадцать": 13, "тринадцати": 13,
        "четырнадцать": 14, "четырнадцати": 14, "шестнадцать": 16, "шестнадцати": 16, "семнадцать": 17, "семнадцати": 17,
        "восемнадцать": 18, "восемнадцати": 18,
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


    /// The unit named by token `k`, if any.
    @inline(__always) static func unit(_ toks: Toks, _ k: Int) -> Unit? {
        toks.has(k, .unit) ? unitMap[toks.lower(k)] : nil
    }

    /// Value of a number token or word at `i`: returns (value, next index).
    static func number(_ toks: Toks, _ i: Int) -> (Double, Int)? {
        guard i < toks.count else { return nil }
        let t = toks[i]
        if t.kind == .number {
            var v: Double
            if let plain = toks.int(i) {
                // Number tokens are ASCII, so bytes count as characters here.
                if toks.byteCount(i) > 4 { return nil }
                v = Double(plain)
            } else {
                var s = toks.lower(i)
                if s.utf8.contains(0x2C) { s = String(s.map { $0 == "," ? "." : $0 }) }
                if s.utf8.contains(0x2F) {
                    let p = s.split(separator: "/")
                    if p.count == 2, let a = Double(p[0]), let b = Double(p[1]), b != 0 { return (a / b, i + 1) }
                    return nil
                }
                var dots = 0
                for c in s.utf8 where c == 0x2E { dots += 1 }
                if dots > 1 { return nil }
                if s.utf8.count > 4 { return nil }
                while s.utf8.last == 0x2E { s.removeLast() }
                while s.utf8.first == 0x2E { s.removeFirst() }
                guard let parsed = Double(s) else { return nil }
                v = parsed
            }
            // "7 1/2"
            if i + 1 < toks.count, toks.is(i + 1, .oneHalf) { v += 0.5; return (v, i + 2) }
            return (v, i + 1)
        }
        if t.kind == .word {
            // "one-and-a-half" as one token
            if toks.has(i, .hyphen), toks.lower(i).hasSuffixB("-and-a-half") {
                let w = toks.lower(i)
                let head = String(w.dropLast("-and-a-half".count))
                if let v = numberWordMap[head] { return (v + 0.5, i + 1) }
            }
            if toks.has(i, .numberWord), !toks.is(i, .ru_god), let v = numberWordMap[toks.lower(i)] {
                // "five and a half"
                if i + 3 < toks.count, toks.is(i + 1, .and), toks.isChar(i + 2, "a"), toks.is(i + 3, .half) {
                    return (v + 0.5, i + 4)
                }
                // "семи с половиной"
                if i + 2 < toks.count, toks.lower(i + 1) == "с", toks.lower(i + 2) == "половиной" {
                    return (v + 0.5, i + 3)
                }
                return (v, i + 1)
            }
        }
        return nil
    }

    /// Parses a length at `i`: "5 years and 1 month", "one year and four months", "a year".
    static func duration(_ toks: Toks, _ i: Int) -> (months: Double, days: Double, end: Int)? {
        // "five-year", "4.5-year": one word, or a number, a hyphen and the unit.
        if toks[i].kind == .word, toks.has(i, .hyphen) {
            let w = toks.lower(i)
            if let dash = w.lastIndex(of: "-") {
                let head = String(w[..<dash]), tail = String(w[w.index(after: dash)...])
                // "two-and-a-half-year"
                let half = head.hasSuffixB("-and-a-half") ? numberWordMap[String(head.dropLast("-and-a-half".count))].map { $0 + 0.5 } : nil
                if let v = half ?? numberWordMap[head] ?? Double(head), let un = unitMap[tail] {
                    switch un { case .year: return (v * 12, 0, i); case .month: return (v, 0, i); case .day: return (0, v, i) }
                }
            }
        }
        if toks[i].kind == .number, i + 2 < toks.count, toks.isChar(i + 1, "-"), let un = unit(toks, i + 2),
           let v = Double(toks.lower(i).replacingOccurrences(of: ",", with: ".")) {
            switch un { case .year: return (v * 12, 0, i + 2); case .month: return (v, 0, i + 2); case .day: return (0, v, i + 2) }
        }
        guard let (v, k) = number(toks, i), k < toks.count else { return nil }
        var unitIndex = k
        // "4.5-year", "7-year"
        guard let un = unit(toks, unitIndex) else {
            return nil
        }
        var months = 0.0, days = 0.0
        switch un { case .year: months = v * 12; case .month: months = v; case .day: days = v }
        unitIndex += 1
        // "and 4 months" / "и 6 месяцев" / "5 years 1 month"
        var j = unitIndex
        if j < toks.count, toks.is(j, .and) || toks.is(j, .ru_i) { j += 1 }
        if let (v2, k2) = number(toks, j), k2 < toks.count, let u2 = unit(toks, k2), u2 == .month, un == .year {
            months += v2
            unitIndex = k2 + 1
        }
        return (months, days, unitIndex - 1)
    }

    /// Words that can start a punishment phrase (besides numbers and hyphenated lengths).
    static let startWords: WordSet = WordSet(numberWords.keys).union(fineWords).union(["life", "suspended", "replaced", "commuted", "changed"])

    /// Words that open a punishment of their own (besides units, fines, replacements and hyphenated lengths).
    static let cueWords: WordSet = ["life", "suspended", "replaced", "changed", "commuted"]

    /// Words before a length that make it a request or a threat, not a sentence.
    static let requestWords: WordSet = ["asked", "requested", "demanded", "faces", "face", "facing", "could", "may", "up", "потребовал", "запросил", "грозит"]

    /// Words without which a sentence holds no punishment ("a" and "one" alone are not enough).
    static let gateWords: WordSet = triggerWords.union(numberWords.keys.filter { $0 != "a" && $0 != "an" && $0 != "one" })
        .union(["year", "years", "month", "months", "days", "sentenced", "sentence", "лет", "года", "месяцев", "суток"])

    static let triggerWords: WordSet = WordSet(["life", "suspended", "replaced", "commuted", "changed"]).union(fineWords)

    static let restrictionWords: WordSet = ["restriction", "restraint", "restricted", "limitation", "ограничение", "ограничения", "ограничению"]
    static let fineWords: WordSet = ["fine", "fined", "штраф", "штрафу", "штрафа", "оштрафован", "оштрафовал", "оштрафована",
                                     "оштрафованы", "оштрафовали", "оштрафовала", "айыппұл", "айыппұлға"]

    static let imprisonmentWords: WordSet = ["imprisonment", "prison", "jail", "colony", "custodial", "incarceration", "penitentiary", "лишения", "лишение", "колонии", "колонию", "заключения", "тюрьмы", "тюрьме", "заключение", "бас"]
    static let suspendedWords: WordSet = ["suspended", "probation", "conditional", "условно", "условного", "условный", "условное", "условным", "условной", "испытательным"]

    static func find(_ toks: Toks, _ u: Bytes) -> [FoundPunishment] {
        var out: [FoundPunishment] = []
        let n = toks.count
        // Most sentences hold no punishment: skip them after one cheap look.
        guard (0..<n).contains(where: { toks[$0].kind == .number || toks.isWord($0, .punishmentGate) }) else { return [] }
        func has(_ words: WordBits, _ r: Range<Int>) -> Int? {
            let rr = max(0, r.lowerBound)..<min(n, r.upperBound)
            return rr.first(where: { toks.has($0, words) })
        }
        func restricted(_ r: Range<Int>) -> Int? {
            let rr = max(0, r.lowerBound)..<min(n, r.upperBound)
            for k in rr where toks.has(k, .restriction) {
                if (k + 2 < n && toks.has(k + 2, .freedom)) || (k + 1 < n && toks.has(k + 1, .freedom)) { return k }
            }
            return nil
        }
        // "replaced ... with", "commuted", "changed the punishment": the sentence speaks of a replacement.
        let replacement = toks.indices.contains { k in
            toks.has(k, .replaced) || (toks.is(k, .changed) && k + 2 < n && toks.is(k + 1, .the) && toks.is(k + 2, .punishment))
        }
        let startBits: WordBits = [.punishmentStart, .hyphen, .lifeStem]
        var i = 0
        var usedUntil = -1
        while i < n {
            if i <= usedUntil { i += 1; continue }
            // One bit test decides whether a token can start anything below.
            if toks[i].kind != .number && !toks.isWord(i, startBits) { i += 1; continue }
            // Life imprisonment.
            if toks.is(i, .life) && i + 1 < n && (toks.is(i + 1, .imprisonment) || toks.is(i + 1, .sentence) || toks.is(i + 1, .term)) || toks.has(i, .lifeStem) {
                let end = min(n - 1, i + 1)
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "life", months: nil, text: Scan.string(u, toks[i].start..<toks[end].end)),
                                           start: toks[i].start, end: toks[end].end, tokenIndex: i, isReplacement: false))
                usedUntil = end; i = end + 1; continue
            }
            // "given suspended sentences" without a length.
            if toks.is(i, .suspended), i + 1 < n, toks.lower(i + 1).hasPrefixB("sentence") {
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "suspended", months: nil, text: Scan.string(u, toks[i].start..<toks[i + 1].end)),
                                           start: toks[i].start, end: toks[i + 1].end, tokenIndex: i, isReplacement: false))
                usedUntil = i + 1; i += 2; continue
            }
            let replacingWord = (toks.is(i, .replaced) || toks.is(i, .changed) || toks.is(i, .commuted))
            // "... was replaced by imprisonment": a custodial sentence of unstated length.
            if replacingWord, i + 2 < n, (toks.is(i + 1, .by) || toks.is(i + 1, .with) || toks.is(i + 1, .to) || toks.is(i + 1, .into)),
               toks.has(i + 2, .imprisonment) || (i + 3 < n && toks.has(i + 3, .imprisonment)) {
                let end = toks.has(i + 2, .imprisonment) ? i + 2 : i + 3
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "imprisonment", months: nil, text: Scan.string(u, toks[i].start..<toks[end].end)),
                                           start: toks[i].start, end: toks[end].end, tokenIndex: i, isReplacement: false))
                usedUntil = end; i = end + 1; continue
            }
            // "... replaced the rest of the sentence with restriction of freedom".
            if replacingWord, let k = restricted((i + 1)..<(i + 12)) {
                let end = min(n - 1, k + 2)
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "restricted_freedom", months: nil, text: Scan.string(u, toks[k].start..<toks[end].end)),
                                           start: toks[i].start, end: toks[end].end, tokenIndex: i, isReplacement: true))
                usedUntil = end; i = end + 1; continue
            }
            // "... the term was later replaced with probation" / "заменили условным сроком".
            if replacingWord, let k = has(.suspended, (i + 1)..<(i + 8)) {
                out.append(FoundPunishment(sentence: ExtractedSentence(kind: "suspended", months: nil, text: Scan.string(u, toks[k].start..<toks[k].end)),
                                           start: toks[i].start, end: toks[k].end, tokenIndex: i, isReplacement: true))
                usedUntil = k; i = k + 1; continue
            }
            let mayCount = toks[i].kind == .number || toks.isWord(i, [.numberWord, .hyphen])
            guard mayCount, let d = duration(toks, i) else {
                // A fine without a length.
                if toks.has(i, .fine) {
                    let prevIsA = i > 0 && toks.isChar(i - 1, "a")
                    if toks.is(i, .fine) && !(i > 0 && (toks.isChar(i - 1, "a") || toks.is(i - 1, .to) || toks.is(i - 1, .with) || toks.is(i - 1, .the))) { i += 1; continue }
                    var end = i
                    // "a fine of 500,000 tenge"
                    if i + 3 < n, toks.is(i + 1, .of), toks[i + 2].kind == .number { end = i + 2; if i + 3 < n, toks[i + 3].kind == .word { end = i + 3 } }
                    out.append(FoundPunishment(sentence: ExtractedSentence(kind: "fine", months: nil, text: Scan.string(u, toks[max(0, i - (prevIsA ? 1 : 0))].start..<toks[end].end)),
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
                let ctx = max(0, i - 6)..<min(n, d.end + 5)
                if ctx.contains(where: { k in
                    (toks.is(k, .arrest) || toks.is(k, .arrested) || toks.is(k, .administrative) || toks.is(k, .detention))
                        || ["арест", "арестован", "ареста", "суток"].contains(toks.lower(k))
                }) {
                    kind = "administrative_arrest"
                }
                if let k = kind {
                    let months = Int((d.days / 30.0).rounded())
                    out.append(FoundPunishment(sentence: ExtractedSentence(kind: k, months: months, text: Scan.string(u, toks[i].start..<toks[d.end].end)),
                                               start: toks[i].start, end: toks[d.end].end, tokenIndex: i, isReplacement: false))
                }
                usedUntil = d.end; i = d.end + 1; continue
            }
            // Russian puts the kind first: "ограничение свободы на 2 года", "лишение свободы на 5 лет".
            let kindBefore = i >= 3 && toks.lower(i - 1) == "на" ? (i - 4)..<(i - 1) : 0..<0
            if let k = restricted(after) { kind = "restricted_freedom"; cueEnd = min(n - 1, k + 2) }
            else if restricted(kindBefore) != nil { kind = "restricted_freedom" }
            else if has(.imprisonment, kindBefore) != nil { kind = "imprisonment" }
            else if let k = has(.suspended, (d.end + 1)..<(d.end + 5)) ?? has(.suspended, (i - 2)..<i) { kind = "suspended"; cueEnd = max(d.end, k) }
            else if let k = has(.imprisonment, after) {
                // "in prison for X years" speaks of time served, not a sentence;
                // "a ban ... for 2 years" is a ban.
                kind = "imprisonment"; cueEnd = k
            }
            let prev = i > 0 ? toks[i - 1].id : UInt32.max
            let prev2 = i > 1 ? toks[i - 2].id : UInt32.max
            if kind == nil {
                // "sentenced to 7 years", "sentenced him to five years": no kind word, prison by default.
                if (max(0, i - 5)..<i).contains(where: { toks.has($0, .sentencStem) }) && (prev == K.to.rawValue || prev == K.ru_k.rawValue || prev2 == K.to.rawValue) {
                    kind = "imprisonment"
                }
                // "serving a 15-year sentence", "a five-year term": a custodial term unless said otherwise.
                if kind == nil, d.end + 1 < n, toks.is(d.end + 1, .sentence) || toks.is(d.end + 1, .term) {
                    kind = "imprisonment"; cueEnd = d.end + 1
                }
            }
            // A ban ("banned from ... for two years", "a 2-year ban on ...").
            let banBefore = (max(0, i - 10)..<i).contains(where: { toks.has($0, .banStem) })
            let banAfter = d.end + 1 < n && (toks.is(d.end + 1, .ban) || (d.end + 2 < n && toks.is(d.end + 2, .ban)))
            if (banBefore && kind == nil) || banAfter || (prev == K.for.rawValue && banBefore) {
                let activity = banActivity(toks, u, duration: i, durationEnd: d.end, after: banAfter && !banBefore)
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
            if prev == K.for.rawValue || prev2 == K.for.rawValue && (prev == K.than.rawValue || prev == K.over.rawValue || prev == K.almost.rawValue || prev == K.nearly.rawValue) {
                usedUntil = d.end; i = d.end + 1; continue
            }
            if (max(0, i - 8)..<i).contains(where: { toks.has($0, .request) && !(toks.is($0, .may) && toks[$0].isCapitalised) }) { usedUntil = d.end; i = d.end + 1; continue }
            var regime: String? = nil
            for r in max(0, i - 4)..<min(n, cueEnd + 8) {
                guard let k = K(rawValue: toks[r].id) else { continue }
                switch k {
                case .general, .ru_obshchego: regime = "general"
                case .medium, .ru_srednego: regime = "medium"
                case .strict, .maximum, .ru_strogogo: regime = "maximum"
                case .special, .ru_osobogo: regime = "special"
                case .colonySettlement, .ru_poseleniya: regime = "colony-settlement"
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

    /// Words that join a ban to what it forbids ("banned her from", "ban on").
    private static let banLinks: Set<String> = ["him", "her", "them", "from", "on", "to", "the", "a", "its",
                                                "его", "её", "ее", "их", "на"]
    /// Words between what a ban forbids and its length ("for two years", "на 2 года").
    /// ("for 5 and 7 years, respectively": the numbers and "and" go too).
    private static let banTails: Set<String> = ["for", "на", "сроком", "of", "a", "an", "period", "term", "and", "or", "и", "или"]

    /// What a ban forbids, without the verb and its object: "banned her from
    /// posting online for two years" gives "posting online"; "a two-year ban on
    /// journalism" gives "journalism". Falls back to the words before the length.
    static func banActivity(_ toks: Toks, _ u: Bytes, duration i: Int, durationEnd: Int, after: Bool) -> String {
        let n = toks.count
        var from: Int, to: Int
        if after {
            // "a 2-year ban on X": X runs from after the ban word to the end of the clause.
            var b = durationEnd + 1
            while b < n, !toks.has(b, .banStem) { b += 1 }
            from = b + 1
            to = from
            while to < n, to - from < 8, toks[to].kind != .punct { to += 1 }
            to -= 1
        } else {
            // "banned from X for 2 years": X runs from after the ban word to before "for".
            var b = i - 1
            while b > max(0, i - 11), !toks.has(b, .banStem) { b -= 1 }
            from = b + 1
            to = i - 1
            while to >= from, toks[to].kind != .word || banTails.contains(toks.lower(to)) { to -= 1 }
        }
        while from <= to, toks[from].kind != .word || banLinks.contains(toks.lower(from)) { from += 1 }
        guard from <= to, to < n else {
            return Scan.string(u, toks[max(0, i - 8)].start..<toks[min(n - 1, durationEnd)].end)
        }
        return Scan.string(u, toks[from].start..<toks[to].end)
    }
}
