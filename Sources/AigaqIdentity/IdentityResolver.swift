import AigaqCore

/// Decides which records name the same person.
///
/// Names decide first (surname key, then given name, its short forms and
/// typos); context then confirms or vetoes (birth year, patronymic, named
/// relatives, articles, sentence, dates, city, organisations, case numbers).
/// Relatives share surnames, so a shared surname with two different given
/// names is a conflict, not a weak match.
public struct IdentityResolver: Sendable {
    public var nameForms: NameForms
    /// Scores at or above this are "same"; at or below `notSameBelow`, "not same".
    public var sameAtLeast = 0.7
    public var notSameBelow = 0.3
    /// Blocks larger than this are compared through a sliding window.
    public var blockLimit = 60
    public var window = 24

    public init(nameForms: NameForms) {
        self.nameForms = nameForms
    }

    /// The score of two records with the reasons a reviewer reads.
    public func score(_ a: ResolutionRecord, _ b: ResolutionRecord) -> PairScore {
        let pa = RecordProfile(a, nameForms: nameForms), pb = RecordProfile(b, nameForms: nameForms)
        let e = evaluate(pa, pb, explain: true)
        return PairScore(score: e.score, reasons: e.reasons, verdict: verdict(e), isConflict: e.conflict)
    }

    /// The best-scoring record of `among` for `record`, unless every one is "not the same".
    public func bestMatch(for record: ResolutionRecord, among candidates: [ResolutionRecord]) -> (id: String, score: PairScore)? {
        let me = RecordProfile(record, nameForms: nameForms)
        let cache = KeyCache()
        var best: (id: String, evaluation: Evaluation, other: RecordProfile)?
        for candidate in candidates where candidate.id != record.id {
            let other = RecordProfile(candidate, nameForms: nameForms, cache: cache)
            let e = evaluate(me, other, explain: false)
            if verdict(e) == .notSame { continue }
            if best == nil || e.score > best!.evaluation.score { best = (candidate.id, e, other) }
        }
        // Reasons only for the winner.
        guard let best else { return nil }
        let e = evaluate(me, best.other, explain: true)
        return (best.id, PairScore(score: e.score, reasons: e.reasons, verdict: verdict(e), isConflict: e.conflict))
    }

    func verdict(_ e: Evaluation) -> IdentityVerdict {
        if e.conflict || e.score <= notSameBelow { return .notSame }
        return e.score >= sameAtLeast ? .same : .unsure
    }

    // MARK: - Evaluation

    struct Evaluation {
        var score: Double
        var conflict: Bool
        /// A "same" that rests on context against the given names: valid only
        /// when neither document has another person with that surname.
        var needsUniqueSurname = false
        var reasons: [String] = []
    }

    enum SurnameMatch { case same, sameStem, close, different, missing }
    enum GivenMatch { case same, variant, close, initial, different, missing }

    struct NameComparison {
        var surname: SurnameMatch
        var given: GivenMatch
        var score: Double
    }

    func compareSurnames(_ a: NameReading, _ b: NameReading) -> SurnameMatch {
        if !a.hasSurname || !b.hasSurname { return .missing }
        if a.surname == b.surname { return .same }
        if a.stem == b.stem { return .sameStem }
        let shorter = min(a.stem.utf8.count, b.stem.utf8.count)
        guard shorter >= 5, a.stem.first == b.stem.first else { return .different }
        if Distance.withinOneEdit(a.stem, b.stem) { return .close }
        // Long surnames may differ in two places (Mendygaziyev / Mendygazyev before folding).
        guard shorter >= 10 else { return .different }
        return Distance.damerau(a.stem, b.stem, limit: 2) <= 2 ? .close : .different
    }

    func compareGiven(_ a: NameReading, _ b: NameReading) -> GivenMatch {
        guard let ga = a.given.first, let gb = b.given.first else {
            // An initial against a given name or another initial.
            if let ia = a.firstInitial, let ib = b.firstInitial { return ia == ib ? .initial : .different }
            return .missing
        }
        if ga == gb { return .same }
        if nameForms.areVariants(ga, gb) { return .variant }
        if givenNamesClose(ga, gb, cyrillic: a.cyrillic || b.cyrillic) { return .close }
        // Two given names written apart and together (Kasym Jomart / Kasym-Jomart).
        if a.given.count > 1 || b.given.count > 1, a.given.joined() == b.given.joined() { return .same }
        return .different
    }

    /// A typo (Barylk / Barlyk), a vowel spelled two ways in a long name
    /// (Iskander / Iskandar), or, in Cyrillic text, a case ending (Марата / Марат).
    /// Consonants must agree: Zhanat and Zhanar are two names.
    func givenNamesClose(_ a: String, _ b: String, cyrillic: Bool) -> Bool {
        if min(a.utf8.count, b.utf8.count) >= 4, Distance.isTransposition(a, b) { return true }
        if a.utf8.count == b.utf8.count, a.utf8.count >= 6, a.utf8.first == b.utf8.first {
            func isVowel(_ c: UInt8) -> Bool { c == 97 || c == 101 || c == 105 || c == 111 || c == 117 }
            var diffs = 0, vowelSwap = true
            for (x, y) in zip(a.utf8, b.utf8) where x != y {
                diffs += 1
                vowelSwap = vowelSwap && isVowel(x) && isVowel(y)
            }
            if diffs == 1, vowelSwap { return true }
        }
        if cyrillic {
            let (short, long) = a.utf8.count < b.utf8.count ? (a, b) : (b, a)
            if short.utf8.count >= 3, long.hasPrefix(short) {
                let ending = long.dropFirst(short.count)
                return ["a", "u", "e", "i", "om", "oi", "im", "ei", "ia", "iu"].contains(String(ending))
            }
        }
        return false
    }

    func compareNames(_ a: NameReading, _ b: NameReading) -> NameComparison {
        let s = compareSurnames(a, b)
        // Different surnames decide alone; skip the given-name work.
        if s == .different { return NameComparison(surname: s, given: .missing, score: 0.02) }
        let g = compareGiven(a, b)
        let score: Double = switch (s, g) {
        case (.same, .same): 0.95
        case (.sameStem, .same): 0.92
        case (.same, .variant), (.sameStem, .variant): 0.9
        case (.same, .close), (.sameStem, .close): 0.82
        case (.close, .same): 0.84
        case (.close, .variant): 0.8
        case (.close, .close): 0.5
        case (.same, .initial): 0.72
        case (.sameStem, .initial): 0.6
        case (.close, .initial): 0.5
        case (.same, .missing), (.sameStem, .missing): 0.55
        case (.close, .missing): 0.4
        case (.same, .different), (.sameStem, .different): 0.1
        case (.close, .different): 0.05
        case (.missing, _): 0.3
        case (.different, _): 0.02
        }
        return NameComparison(surname: s, given: g, score: score)
    }

    func evaluate(_ a: RecordProfile, _ b: RecordProfile, explain: Bool) -> Evaluation {
        // The best pair of readings speaks for the names.
        var best: NameComparison?
        var bestA = 0, bestB = 0
        for i in a.readings.indices {
            for j in b.readings.indices {
                let c = compareNames(a.readings[i], b.readings[j])
                if best == nil || c.score > best!.score { best = c; bestA = i; bestB = j }
            }
        }
        guard let names = best else { return evaluateFragments(a, b, explain: explain) }
        if names.surname == .different, !explain { return Evaluation(score: names.score, conflict: false) }
        let readingA = a.readings[bestA], readingB = b.readings[bestB]

        var e = Evaluation(score: names.score, conflict: false)
        var reasons: [String] = []
        let sa = readingA.surnameText, sb = readingB.surnameText
        let ga = readingA.givenText, gb = readingB.givenText
        if explain {
            switch names.surname {
            case .same: reasons.append("same surname key (\(sa == sb ? sa : "\(sa) / \(sb)"))")
            case .sameStem: reasons.append("surnames differ only by ending: \(sa) vs \(sb)")
            case .close: reasons.append("surnames differ by one or two letters: \(sa) vs \(sb)")
            case .different: reasons.append("surnames differ: \(sa) vs \(sb)")
            case .missing: reasons.append("one form has no surname")
            }
            switch names.given {
            case .same: reasons.append("same given name (\(ga == gb ? ga : "\(ga) / \(gb)"))")
            case .variant: reasons.append("given names are forms of one name: \(ga) / \(gb)")
            case .close: reasons.append("given names differ by a typo or case ending: \(ga) vs \(gb)")
            case .initial: reasons.append("initial agrees: \(ga) / \(gb)")
            case .different: reasons.append("given names differ: \(ga) vs \(gb)")
            case .missing: reasons.append("only the surname is written")
            }
        }
        let sameSurname = names.surname == .same || names.surname == .sameStem
        if sameSurname, names.given == .different {
            e.conflict = true
            if explain { reasons.append("relatives share surnames") }
        }
        if names.surname == .different || (names.surname == .close && names.given == .different) {
            e.score = names.score
            e.reasons = reasons
            return e
        }

        // Hard conflicts: a patronymic, a birth year, a named relative.
        if !readingA.patronymic.isEmpty, !readingB.patronymic.isEmpty, readingA.patronymic != readingB.patronymic,
           Distance.damerau(readingA.patronymic, readingB.patronymic, limit: 1) > 1 {
            e.conflict = true
            if explain { reasons.append("different patronymics") }
        }
        var agreements: [String] = []
        var disagreements = 0
        var adjust = 0.0
        if let ya = a.birthYear, let yb = b.birthYear {
            if abs(ya - yb) >= 2 {
                e.conflict = true
                if explain { reasons.append("born \(ya) vs \(yb)") }
            } else {
                adjust += 0.05
                agreements.append("born \(ya)")
            }
        }
        if isRelative(a, of: b) || isRelative(b, of: a) {
            e.conflict = true
            if explain { reasons.append("one is named as a relative of the other") }
        }
        if a.document == b.document, names.score < 0.8, !(a.isFragment || b.isFragment) {
            // The extractor kept them apart within one report, and the names do not say otherwise.
            e.conflict = true
            if explain { reasons.append("one report names them as two people") }
        }

        // Soft context.
        if !a.articles.isEmpty, !b.articles.isEmpty {
            let shared = a.articles.intersection(b.articles)
            if shared.isEmpty {
                adjust -= 0.12
                disagreements += 1
                if explain { reasons.append("different articles \(a.articles.sorted().joined(separator: ", ")) vs \(b.articles.sorted().joined(separator: ", "))") }
            } else {
                adjust += 0.05
                agreements.append("shared article \(shared.sorted().joined(separator: ", "))")
            }
        }
        if let ma = a.sentenceMonths, let mb = b.sentenceMonths {
            if ma == mb { adjust += 0.05; agreements.append("same sentence (\(ma) months)") } else {
                adjust -= 0.05
                disagreements += 1
                if explain { reasons.append("different sentences (\(ma) vs \(mb) months)") }
            }
        }
        if let shared = sharedDate(a.dates, b.dates) {
            adjust += 0.04
            agreements.append("same date \(shared)")
        }
        if let ca = a.city, let cb = b.city {
            if ca == cb { adjust += 0.03; agreements.append("same city") } else {
                adjust -= 0.05
                disagreements += 1
                if explain { reasons.append("different cities") }
            }
        }
        if !a.organisations.isDisjoint(with: b.organisations) { adjust += 0.03; agreements.append("shared organisation") }
        if !a.caseNumbers.isEmpty, !b.caseNumbers.isEmpty {
            if a.caseNumbers.isDisjoint(with: b.caseNumbers) { adjust -= 0.05; disagreements += 1 } else {
                adjust += 0.1
                agreements.append("same case number")
            }
        }
        if explain {
            reasons += agreements
            if a.role != b.role { reasons.append("roles differ (\(a.role.rawValue) vs \(b.role.rawValue))") }
        }

        var score = names.score + adjust
        // One report may give a wrong given name: a shared surname, another
        // document, and a matching record (sentence, dates, articles) with
        // nothing against it outweigh the given name, if the surname is unique.
        var datesAgree = false
        if let shared = sharedDate(a.dates, b.dates) { datesAgree = !shared.isEmpty }
        if e.conflict, sameSurname, names.given == .different, a.document != b.document,
           datesAgree, agreements.count >= 2, disagreements == 0, !hasHardConflictBesidesGivenName(a, b, readingA, readingB) {
            e.conflict = false
            e.needsUniqueSurname = true
            score = 0.72
            if explain { reasons.append("the record agrees on \(agreements.count) facts: probably a wrong given name in one report") }
        }
        if e.conflict { score = min(score, 0.1) }
        e.score = max(0, min(1, score))
        e.reasons = reasons
        return e
    }

    private func hasHardConflictBesidesGivenName(_ a: RecordProfile, _ b: RecordProfile, _ ra: NameReading, _ rb: NameReading) -> Bool {
        if let ya = a.birthYear, let yb = b.birthYear, abs(ya - yb) >= 2 { return true }
        if isRelative(a, of: b) || isRelative(b, of: a) { return true }
        if !ra.patronymic.isEmpty, !rb.patronymic.isEmpty, ra.patronymic != rb.patronymic { return true }
        return false
    }

    /// Whether `b` is among the relatives `a`'s document names.
    func isRelative(_ a: RecordProfile, of b: RecordProfile) -> Bool {
        guard !a.relatives.isEmpty else { return false }
        for rel in a.relatives {
            for r in b.readings where r.stem == rel.stem {
                if r.given.first == rel.given || nameForms.areVariants(r.given.first ?? "", rel.given) { return true }
            }
        }
        return false
    }

    /// A date both records give, at the precision both have.
    func sharedDate(_ a: [DateValue], _ b: [DateValue]) -> String? {
        for x in a {
            for y in b where x.year == y.year {
                guard let mx = x.month, let my = y.month else { continue }
                if mx != my { continue }
                if let dx = x.day, let dy = y.day { if dx == dy { return x.isoString } } else {
                    return String(format: "%04d-%02d", x.year, mx)
                }
            }
        }
        return nil
    }

    /// Forms of one word only: a lone surname or given name.
    func evaluateFragments(_ a: RecordProfile, _ b: RecordProfile, explain: Bool) -> Evaluation {
        var reasons: [String] = []
        for w in a.loneWords + b.loneWords {
            let other = a.loneWords.contains(w) ? b : a
            let wStem = NameKeys.stem(ofSurname: NameKeys.surname(fromWordKey: w))
            if other.loneWords.contains(w) {
                if explain { reasons.append("both are written only as \(w)") }
                return Evaluation(score: 0.45, conflict: false, reasons: reasons)
            }
            if other.readings.contains(where: { $0.surname == NameKeys.surname(fromWordKey: w) || $0.stem == wStem }) {
                if explain { reasons.append("only the surname is written (\(w)); it agrees") }
                return Evaluation(score: 0.55, conflict: false, reasons: reasons)
            }
            if other.readings.contains(where: { $0.given.first == w || nameForms.areVariants($0.given.first ?? "", w) }) {
                if explain { reasons.append("only the given name is written (\(w)); it agrees") }
                return Evaluation(score: 0.35, conflict: false, reasons: reasons)
            }
        }
        if explain { reasons.append("no name in common") }
        return Evaluation(score: 0.02, conflict: false, reasons: reasons)
    }
}
