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
    /// The word ids of a two-word name (given, surname), which decide the
    /// strings above: the assembler resolves each pair once.
    var wordPair: UInt64? = nil
}

/// Person names in Latin and Cyrillic script: "Marat Zhylanbayev", "Marat
/// ZHYLANBAYEV", "Zhan-Aidar Karmenov", "Viola von Kramon-Taubadel",
/// "Жыланбаев Марат", Russian case forms brought to the nominative
/// ("Нурлана Жаулибаева" → "Нурлан Жаулибаев"), and "Viktor and Ilyas
/// Khrapunov" as two people. A name is accepted when one word is a known
/// given name, when the last word has a surname ending, or when the surname
/// is written in capitals as lists do.
enum NameRecogniser {
    @inline(__always) static func isNameWord(_ toks: Toks, _ i: Int) -> Bool {
        toks[i].kind == .word && toks[i].isCapitalised && toks.has(i, .nameLexical)
    }

    @inline(__always) static func isGiven(_ toks: Toks, _ i: Int) -> Bool {
        toks[i].kind == .word && toks[i].isCapitalised && toks.has(i, .givenLike)
    }

    /// A Russian case form of a known given name, or a hyphenated given name
    /// with a known part ("Kassym-Zhomart", "Zhan-Aidar"); the vocabulary keeps the answer per word.
    static func givenByForm(_ w: String) -> Bool {
        if w.unicodeScalars.contains(where: { $0.value >= 0x400 && $0.value <= 0x52F }), russianGiven(w) != nil { return true }
        if w.containsByte(0x2D) {
            return w.split(separator: "-").contains(where: { Lexicon.givenNames.contains(String($0)) })
        }
        return false
    }

    static func find(_ toks: Toks) -> [FoundName] {
        var out: [FoundName] = []
        let n = toks.count
        var i = 0
        while i < n {
            guard isNameWord(toks, i) else { i += 1; continue }
            // Collect the run of name-like words (with particles inside).
            // The run is consecutive tokens i..<j.
            var j = i + 1
            while j < n, j - i < 4 {
                if isNameWord(toks, j) && toks[j].start > toks[j - 1].end || (isNameWord(toks, j) && toks[j - 1].kind == .word) {
                    // Words must be separated by a space (not glued by punctuation).
                    guard toks[j].start > toks[j - 1].end else { break }
                    j += 1; continue
                }
                if toks[j].kind == .word, toks.has(j, .particle), !toks[j].isCapitalised, j + 1 < n, isNameWord(toks, j + 1) {
                    j += 1; continue
                }
                break
            }
            if j - i < 2 { i += 1; continue }
            // "Minister of Culture Altynbek Maksutov": a name starts at its given name,
            // not at a capitalised word before it.
            if j - i >= 3, !isGiven(toks, i), isGiven(toks, i + 1), !toks[i].isAllCaps, !toks.has(i, .surnameEnding) {
                i += 1
            }
            if var name = interpret(toks, i..<j) {
                // "ЖАНБОЛАТОВ Ерлан Маратович": a patronymic after the given name is part of the mention.
                if name.lastToken + 1 < toks.count, toks[name.lastToken + 1].isCapitalised, toks.has(name.lastToken + 1, .patronymic),
                   toks[name.lastToken + 1].start > toks[name.lastToken].end {
                    name.lastToken += 1
                    name.end = toks[name.lastToken].end
                }
                // "Makhabat Tazhibek kyzy", "Nurbek Toktakun uulu": the patronymic word belongs to the surname.
                let k = name.lastToken + 1
                if k < toks.count, toks[k].kind == .word, Lexicon.patronymicWords.contains(toks.lower(k)), toks[k].start > toks[k - 1].end {
                    name.surname += " " + toks.lower(k)
                    name.lastToken = k
                    name.end = toks[k].end
                    name.wordPair = nil
                }
                // "Viktor and Ilyas Khrapunov": the first given name shares the surname.
                if name.firstToken >= 2, toks.is(name.firstToken - 1, .and), isGiven(toks, name.firstToken - 2),
                   name.firstToken < 3 || !isNameWord(toks, name.firstToken - 3) {
                    let g = toks[name.firstToken - 2]
                    out.append(FoundName(given: toks.lower(name.firstToken - 2), surname: name.surname, firstToken: name.firstToken - 2,
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

    static func interpret(_ toks: Toks, _ run: Range<Int>) -> FoundName? {
        let ai = run.lowerBound
        let a = toks[ai]
        // Given + (patronymic) + surname; particles stay in the surname.
        var lastIdx = ai + 1
        var surnameParts = (ai + 1)..<(ai + 2)
        if run.count >= 3 {
            if toks.has(ai + 1, .patronymic) { surnameParts = (ai + 2)..<(ai + 3); lastIdx = ai + 2 }
            else if toks.has(ai + 1, .particle) { surnameParts = (ai + 1)..<(ai + 3); lastIdx = ai + 2 }
        }
        let bi = surnameParts.upperBound - 1
        let b = toks[bi]
        // Reject all-caps first words unless they are known given names (headings).
        let aGiven = isGiven(toks, ai)
        let bGiven = isGiven(toks, bi)
        var gi = ai, si = bi
        var ok = false
        if aGiven && !a.isAllCaps || aGiven && b.isAllCaps { ok = true }
        else if a.isAllCaps && !b.isAllCaps && bGiven && (toks.has(ai, .surnameEnding) || a.isCyrillic) {
            // "ZHYLANBAYEV Marat" / "Жыланбаев Марат"
            gi = bi; si = ai; ok = true
        } else if !a.isAllCaps && b.isAllCaps && (toks.has(bi, .surnameEnding) || toks.lower(bi).count >= 4 && hasVowel(toks.lower(bi))) && !toks.has(ai, .commonWord) {
            // Capitals without a vowel are an abbreviation ("Сотрудники ГКНБ"), not a surname.
            ok = true
        }
        else if a.isCyrillic && b.isCyrillic && bGiven && toks.has(ai, .surnameEnding) && !aGiven {
            gi = bi; si = ai; ok = true
        } else if !a.isAllCaps && !b.isAllCaps && toks.has(bi, .surnameEnding) && !toks.has(ai, .strongSurnameEnding) && !toks.has(ai, .commonWord) {
            ok = true
        } else if !a.isAllCaps && !b.isAllCaps && strongContext(toks, ai) && !toks.has(ai, .strongSurnameEnding) {
            // Two capitalised words where the genre puts a person: after a
            // victim's description ("asylum seeker Kaisha Akan"), or opening a
            // profile ("Kaiyrly Omar is an activist", "X – a blogger"). Russian lists put
            // the surname first ("Сейткали Айгерим – ..."): a known given name second says so.
            ok = true
            if a.isCyrillic && bGiven && !aGiven { gi = bi; si = ai }
        }
        guard ok else { return nil }
        // Russian: an unknown first word in a case the surname does not share is no given
        // name ("Защиту Лебедева": the defence of Lebedev).
        if toks[gi].isCyrillic, !isGiven(toks, gi), !RussianNames.casesAgree(given: toks.lower(gi), surname: toks.lower(si)) { return nil }
        var givenText = toks.lower(gi)
        var surnameText = surnameParts.count == 1 ? toks.lower(surnameParts.lowerBound) : surnameParts.map { toks.lower($0) }.joined(separator: " ")
        if gi != ai { surnameText = toks.lower(si) }
        var female: Bool? = nil
        let known = toks[gi].isCyrillic ? russianGiven(givenText) : nil
        if let (nom, fem) = known, nom != givenText {
            // A known given name in an oblique case: the surname is in the same case.
            female = fem
            surnameText = russianSurname(surnameText, female: fem)
            givenText = nom
        } else if toks[gi].isCyrillic, surnameParts.count == 1 {
            // The given name does not show the case (unknown, or a woman's name that does not
            // decline): the description in front does ("журналистку Гулжан Абдыкадырову"), or
            // a surname in -ову next to an undeclined name ("осудили Гулжан Абдыкадырову").
            let before = min(ai, lastIdx) - 1
            if before >= 0, toks[before].kind == .word, toks.has(before, [.persecutedCue, .officialCue]),
               let form = RussianNames.caseOfDescription(toks.lower(before)) {
                let (g, sn) = RussianNames.nominative(given: givenText, surname: surnameText, form)
                if known == nil { givenText = g }
                surnameText = sn
                female = form.female
            } else if let (_, sn) = RussianNames.indeclinableWoman(given: givenText, surname: surnameText) {
                surnameText = sn
                female = true
            } else if let (_, fem) = known, fem || surnameText.hasSuffixB("ова") || surnameText.hasSuffixB("ева") || surnameText.hasSuffixB("ина") {
                female = fem ? true : nil
            }
        }
        let lo = min(ai, lastIdx), hi = max(ai, lastIdx)
        let pair = surnameParts.count == 1 ? UInt64(toks[gi].id) << 32 | UInt64(toks[si].id) : nil
        return FoundName(given: givenText, surname: surnameText, firstToken: lo, lastToken: hi,
                         start: toks[lo].start, end: toks[hi].end, female: female, wordPair: pair)
    }

    static func hasVowel(_ w: String) -> Bool {
        w.unicodeScalars.contains { "aeiouyаеёиоуыэюяіүұөә".unicodeScalars.contains($0) }
    }

    static func strongContext(_ toks: Toks, _ first: Int) -> Bool {
        if first > 0, toks.has(first - 1, .persecutedCue), toks[first - 1].kind == .word { return true }
        // ", X Y, who ...": an appositive that introduces someone.
        if first > 0, toks.isChar(first - 1, ","), first + 3 < toks.count, toks.isChar(first + 2, ","), toks.is(first + 3, .who) || toks.lower(first + 3) == "whose" { return true }
        if first == 0, toks.count > 3 {
            if toks.isChar(2, "-") && toks.byteCount(2) > 1 { return true }
            if nameRecogniserWords2.contains(toks.lower(2)), nameRecogniserWords3.contains(toks.lower(3)) { return true }
            // A list entry "X Y, investigative journalist." / "X Y, lawyer.": a description follows the name.
            if toks.isChar(2, ","), !toks.has(0, .commonWord),
               (3..<min(toks.count, 6)).contains(where: { toks[$0].kind == .word && toks.has($0, [.persecutedCue, .officialCue]) }) {
                return true
            }
        }
        // "X Y (born 1985)", "X Y (р. 1985)".
        if first + 3 < toks.count, toks.isChar(first + 2, "("), ["born", "b", "род", "р", "родился", "родилась", "1", "2"].contains(toks.lower(first + 3)) || first + 3 < toks.count && toks.isChar(first + 2, "(") && DateRecogniser.year(toks, first + 3) != nil {
            return true
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
            // A vowel that drops in the other cases: Павла → Павел, Льва → Лев.
            if stem.count >= 2, !"ом ем ой ей ым".contains(suffix), let last = stem.last {
                let head = stem.dropLast()
                let fleeting = head.hasSuffix("ь") ? String(head.dropLast()) + "е" + String(last) : String(head) + "е" + String(last)
                if Lexicon.givenNames.contains(fleeting) { return (fleeting, false) }
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
        // Other men's surnames ending in a consonant take the noun endings ("Ковальчуку" → "Ковальчук").
        if !female { return RussianNames.masculineSurname(w) }
        return w
    }

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
            if Lexicon.particles.contains(String(word)) || Lexicon.patronymicWords.contains(String(word)) { return String(word) }
            return word.split(separator: "-", omittingEmptySubsequences: false).map { part in
                part.prefix(1).uppercased() + part.dropFirst()
            }.joined(separator: "-")
        }.joined(separator: " ")
    }
}

// Word sets used in hot loops: a Set lookup hashes once, where an array
// literal compares (slowly, for non-ASCII words) against every element.
private let nameRecogniserWords2: WordSet = ["is", "are", "was"]
private let nameRecogniserWords3: WordSet = ["a", "an", "the"]
