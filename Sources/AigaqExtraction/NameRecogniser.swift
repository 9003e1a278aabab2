import AigaqCore

/// A full personal name found in a sentence.
struct FoundName: Sendable {
    var given: String
    var surname: String
    var firstToken: Int
    var lastToken: Int
    var start: Int
    var end: Int
    var female: Bool?
}

/// Person names in Latin and Cyrillic script: "Marat Zhylanbayev", "Marat
/// ZHYLANBAYEV", "Zhan-Aidar Karmenov", "Viola von Kramon-Taubadel",
/// "Жыланбаев Марат", Russian case forms brought to the nominative
/// ("Нурлана Жаулибаева" → "Нурлан Жаулибаев"), and "Viktor and Ilyas
/// Khrapunov" as two people. A name is accepted when one word is a known
/// given name, when the last word has a surname ending, or when the surname
/// is written in capitals as lists do.
enum NameRecogniser {
    static func isNameWord(_ t: Token) -> Bool {
        t.kind == .word && t.isCapitalised && !Lexicon.notNames.contains(t.lower) && t.lower.count >= 2
            && !Lexicon.officialCues.contains(t.lower) && !Lexicon.persecutedCues.contains(t.lower)
    }

    static func isGiven(_ t: Token) -> Bool {
        guard t.kind == .word, t.isCapitalised else { return false }
        if Lexicon.givenNames.contains(t.lower) { return true }
        if t.isCyrillic, russianGiven(t.lower) != nil { return true }
        // Hyphenated given names: "Kassym-Zhomart", "Zhan-Aidar".
        if t.lower.containsByte(0x2D) {
            let parts = t.lower.split(separator: "-")
            return parts.contains(where: { Lexicon.givenNames.contains(String($0)) })
        }
        return false
    }

    static func find(_ toks: [Token]) -> [FoundName] {
        var out: [FoundName] = []
        let n = toks.count
        var i = 0
        while i < n {
            guard isNameWord(toks[i]) else { i += 1; continue }
            // Collect the run of name-like words (with particles inside).
            var run: [Int] = [i]
            var j = i + 1
            while j < n, run.count < 4 {
                if isNameWord(toks[j]) && toks[j].start > toks[j - 1].end || (isNameWord(toks[j]) && toks[j - 1].kind == .word) {
                    // Words must be separated by a space (not glued by punctuation).
                    guard toks[j].start > toks[j - 1].end else { break }
                    run.append(j); j += 1; continue
                }
                if toks[j].kind == .word, Lexicon.particles.contains(toks[j].lower), !toks[j].isCapitalised, j + 1 < n, isNameWord(toks[j + 1]) {
                    run.append(j); j += 1; continue
                }
                break
            }
            if run.count < 2 { i += 1; continue }
            if let name = interpret(toks, run) {
                // "Viktor and Ilyas Khrapunov": the first given name shares the surname.
                if name.firstToken >= 2, toks[name.firstToken - 1].lower == "and", isGiven(toks[name.firstToken - 2]),
                   name.firstToken < 3 || !isNameWord(toks[name.firstToken - 3]) {
                    let g = toks[name.firstToken - 2]
                    out.append(FoundName(given: g.lower, surname: name.surname, firstToken: name.firstToken - 2,
                                         lastToken: name.firstToken - 2, start: g.start, end: g.end, female: nil))
                }
                out.append(name)
                i = name.lastToken + 1
            } else {
                i += 1
            }
        }
        return out
    }

    static func interpret(_ toks: [Token], _ run: [Int]) -> FoundName? {
        let a = toks[run[0]]
        // Given + (patronymic) + surname; particles stay in the surname.
        var lastIdx = run[1]
        var surnameParts: [Int] = [run[1]]
        if run.count >= 3 {
            let mid = toks[run[1]].lower
            let isPatronymic = ["ovich", "evich", "ovna", "evna", "ович", "евич", "овна", "евна", "ична"].contains(where: { mid.hasSuffixB($0) })
            if isPatronymic { surnameParts = [run[2]]; lastIdx = run[2] }
            else if Lexicon.particles.contains(mid) { surnameParts = [run[1], run[2]]; lastIdx = run[2] }
        }
        let b = toks[surnameParts.last!]
        // Reject all-caps first words unless they are known given names (headings).
        let aGiven = isGiven(a)
        let bGiven = isGiven(b)
        var given = a, surname = b
        var ok = false
        if aGiven && !a.isAllCaps || aGiven && b.isAllCaps { ok = true }
        else if a.isAllCaps && !b.isAllCaps && bGiven && (Lexicon.hasSurnameEnding(a.lower) || a.isCyrillic) {
            // "ZHYLANBAYEV Marat" / "Жыланбаев Марат"
            given = b; surname = a; ok = true
        } else if !a.isAllCaps && b.isAllCaps && (b.lower.count >= 4 || Lexicon.hasSurnameEnding(b.lower)) && !looksLikeCommonWord(a.lower) { ok = true }
        else if a.isCyrillic && b.isCyrillic && bGiven && Lexicon.hasSurnameEnding(a.lower) && !aGiven {
            given = b; surname = a; ok = true
        } else if !a.isAllCaps && !b.isAllCaps && Lexicon.hasSurnameEnding(b.lower) && !Lexicon.hasStrongSurnameEnding(a.lower) && !looksLikeCommonWord(a.lower) {
            ok = true
        } else if !a.isAllCaps && !b.isAllCaps && strongContext(toks, run[0]) && !Lexicon.hasStrongSurnameEnding(a.lower) {
            // Two capitalised words where the genre puts a person: after a
            // victim's description ("asylum seeker Kaisha Akan"), or opening a
            // profile ("Kaiyrly Omar is an activist", "X – a blogger").
            ok = true
        }
        guard ok else { return nil }
        var givenText = given.lower
        var surnameText = surnameParts.map { toks[$0].lower }.joined(separator: " ")
        if given.start != a.start { surnameText = surname.lower }
        var female: Bool? = nil
        if given.isCyrillic, let (nom, fem) = russianGiven(givenText) {
            // Only a given name in an oblique case tells that the surname is in one too.
            if nom != givenText {
                female = fem
                surnameText = russianSurname(surnameText, female: fem)
            } else if fem || surnameText.hasSuffixB("ова") || surnameText.hasSuffixB("ева") || surnameText.hasSuffixB("ина") {
                female = fem ? true : nil
            }
            givenText = nom
        }
        let lo = min(run[0], lastIdx), hi = max(run[0], lastIdx)
        return FoundName(given: givenText, surname: surnameText, firstToken: lo, lastToken: hi,
                         start: toks[lo].start, end: toks[hi].end, female: female)
    }

    /// English verb forms and adverbs capitalised at a sentence start ("Following X").
    static func looksLikeCommonWord(_ w: String) -> Bool {
        guard !Lexicon.givenNames.contains(w) else { return false }
        return w.hasSuffixB("ing") || w.hasSuffixB("ed") || w.hasSuffixB("ly") || w.hasSuffixB("ion") || w.hasSuffixB("ment")
    }

    static func strongContext(_ toks: [Token], _ first: Int) -> Bool {
        if first > 0, Lexicon.persecutedCues.contains(toks[first - 1].lower), toks[first - 1].kind == .word { return true }
        // ", X Y, who ...": an appositive that introduces someone.
        if first > 0, toks[first - 1].lower == ",", first + 3 < toks.count, toks[first + 2].lower == ",", nameRecogniserWords1.contains(toks[first + 3].lower) { return true }
        if first == 0, toks.count > 3 {
            let next = toks[2].lower
            if next == "-" && toks[2].end - toks[2].start > 1 { return true }
            if nameRecogniserWords2.contains(next), nameRecogniserWords3.contains(toks[3].lower) { return true }
        }
        return false
    }

    /// Nominative of a Russian given name in an oblique case, and whether it is a woman's.
    static func russianGiven(_ w: String) -> (String, Bool)? {
        let femaleEnd: (String) -> Bool = { $0.hasSuffixB("а") || $0.hasSuffixB("я") }
        if Lexicon.givenNames.contains(w) { return (w, femaleEnd(w) && w != "илья") }
        for suffix in ["ом", "ем", "ой", "ей", "ым", "у", "ю", "а", "я", "е", "ы", "и"] where w.hasSuffixB(suffix) {
            let stem = String(w.dropLast(suffix.count))
            for add in ["", "а", "я", "й", "ь"] where Lexicon.givenNames.contains(stem + add) {
                let nom = stem + add
                return (nom, femaleEnd(nom) && nom != "илья")
            }
        }
        return nil
    }

    /// Nominative of a Russian surname given the bearer's sex.
    static func russianSurname(_ w: String, female: Bool?) -> String {
        guard let female else { return w }
        let stems = ["ов", "ев", "ёв", "ин", "ын"]
        for s in stems {
            if female {
                if w.hasSuffixB(s + "у") || w.hasSuffixB(s + "ой") { return String(w.dropLast(w.hasSuffixB("ой") ? 2 : 1)) + "а" }
            } else {
                if w.hasSuffixB(s + "а") || w.hasSuffixB(s + "у") || w.hasSuffixB(s + "е") { return String(w.dropLast()) }
                if w.hasSuffixB(s + "ым") { return String(w.dropLast(2)) }
            }
        }
        if !female, w.hasSuffixB("ского") { return String(w.dropLast(4)) + "ий" }
        return w
    }

    /// A lone word's key for matching a known surname ("Bokayev’s" is split
    /// earlier; Russian case forms are tried by the caller).
    static func key(_ w: String) -> String { NameFolding.searchKey(w) }

    /// Oblique Russian forms of a surname to look up: "Жыланбаева" → "Жыланбаев".
    static func russianSurnameVariants(_ w: String) -> [String] {
        var out = [w]
        for (suffix, repl) in [("а", ""), ("у", ""), ("ым", ""), ("е", ""), ("ой", "а"), ("у", "а")] where w.hasSuffixB(suffix) {
            out.append(String(w.dropLast(suffix.count)) + repl)
        }
        return out
    }

    /// "ZHYLANBAYEV" → "Zhylanbayev", "zhan-aidar" → "Zhan-Aidar"; particles stay lower case.
    static func display(_ lower: String) -> String {
        lower.split(separator: " ").map { word -> String in
            if Lexicon.particles.contains(String(word)) { return String(word) }
            return word.split(separator: "-", omittingEmptySubsequences: false).map { part in
                part.prefix(1).uppercased() + part.dropFirst()
            }.joined(separator: "-")
        }.joined(separator: " ")
    }
}

// Word sets used in hot loops: a Set lookup hashes once, where an array
// literal compares (slowly, for non-ASCII words) against every element.
private let nameRecogniserWords1: WordSet = ["who", "whose"]
private let nameRecogniserWords2: WordSet = ["is", "are", "was"]
private let nameRecogniserWords3: WordSet = ["a", "an", "the"]
