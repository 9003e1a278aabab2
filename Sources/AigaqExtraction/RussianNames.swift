/// Russian grammar for names whose given name the lexicon does not know.
///
/// Russian news puts names in the case the sentence needs ("приговорил
/// журналистку Гулжан Абдыкадырову", "задержали правозащитника Далера
/// Шарипова"). With a known given name the recogniser reads the case from it;
/// otherwise the description before the name tells the case and the sex
/// (журналистку: accusative, a woman; правозащитника: genitive, a man), and
/// the name is brought to the nominative by the regular endings.
enum RussianNames {
    enum Case { case genitive, dative, accusative, instrumental }

    /// Case and sex shown by a Russian description in front of a name, or nil
    /// when it is in the nominative (or is not Russian).
    static func caseOfDescription(_ w: String) -> (Case, female: Bool)? {
        guard let last = w.unicodeScalars.last, last.value >= 0x430 && last.value <= 0x44F else { return nil }
        // Men's titles that end in -а/-я in the nominative.
        if ["судья", "глава", "коллега", "староста"].contains(w) { return nil }
        // Women's nouns in -истка, -ница, -есса, -ша ... and adjectives in -ая are nominative.
        for e in ["истка", "ерка", "ница", "есса", "ерша", "анка", "нтка", "ая", "яя"] where w.hasSuffixB(e) { return nil }
        for e in ["ку", "цу", "ессу", "шу", "ую"] where w.hasSuffixB(e) { return (.accusative, true) }
        for e in ["ки", "цы", "ессы", "ши"] where w.hasSuffixB(e) { return (.genitive, true) }
        if w.hasSuffixB("кой") || w.hasSuffixB("цей") { return (.instrumental, true) }
        if w.hasSuffixB("ом") || w.hasSuffixB("ем") { return (.instrumental, false) }
        // Men's nouns end in a consonant: -а/-я is the genitive (or animate accusative), -у/-ю the dative.
        if w.hasSuffixB("ого") || w.hasSuffixB("его") || w.hasSuffixB("а") || w.hasSuffixB("я") { return (.genitive, false) }
        if w.hasSuffixB("у") { return (.dative, false) }
        return nil
    }

    /// The nominative of an unknown given name and its surname in `form`.
    static func nominative(given: String, surname: String, _ form: (Case, female: Bool)) -> (String, String) {
        switch form {
        case (.genitive, false), (.accusative, false):
            return (dropEnding(given, ["а", "я"]), masculine(surname, ["а"], ["ого": "ий", "его": "ий"]))
        case (.dative, false):
            return (dropEnding(given, ["у", "ю"]), masculine(surname, ["у"], ["ому": "ий", "ему": "ий"]))
        case (.instrumental, false):
            return (dropEnding(given, ["ом", "ем"]), masculine(surname, ["ым", "ом"], ["им": "ий"]))
        case (.accusative, true):
            return (replaceEnding(given, ["у": "а", "ю": "я"]), replaceEnding(surname, ["ову": "ова", "еву": "ева", "ину": "ина", "ыну": "ына", "ую": "ая"]))
        case (.genitive, true):
            return (replaceEnding(given, ["ии": "ия", "ы": "а", "и": "я"]),
                    replaceEnding(surname, ["овой": "ова", "евой": "ева", "иной": "ина", "ыной": "ына", "ой": "ая"]))
        case (.instrumental, true):
            return (replaceEnding(given, ["ой": "а", "ей": "я"]),
                    replaceEnding(surname, ["овой": "ова", "евой": "ева", "иной": "ина", "ыной": "ына", "ой": "ая"]))
        default:
            return (given, surname)
        }
    }

    /// A woman's accusative without a description: a given name that does not
    /// decline (ends in a consonant, as many Central Asian women's names do)
    /// next to a surname in -ову/-еву/-ину ("осудили Гулжан Абдыкадырову").
    static func indeclinableWoman(given: String, surname: String) -> (String, String)? {
        guard let last = given.unicodeScalars.last, isConsonant(last) else { return nil }
        for (e, r) in [("ову", "ова"), ("еву", "ева"), ("ину", "ина")] where surname.hasSuffixB(e) {
            return (given, String(surname.dropLast(e.count)) + r)
        }
        return nil
    }

    /// A man's surname in the nominative (-ов, -ев, -ин, -ий, -ук ...): a description
    /// in another case in front of it is about someone else ("адвокат журналистки X Турсунов").
    static func isMasculineNominativeSurname(_ w: String) -> Bool {
        ["ов", "ев", "ёв", "ин", "ын", "ий", "ый", "ук", "юк", "ич"].contains { w.hasSuffixB($0) }
    }

    /// A man's surname in another case than the nominative, brought back when the
    /// ending follows a consonant ("Ковальчуку" → "Ковальчук", "Шипа" → "Шип").
    static func masculineSurname(_ w: String) -> String {
        for e in ["ом", "ым", "у", "а", "е"] where w.hasSuffixB(e) && w.count > e.count + 3 {
            let stem = String(w.dropLast(e.count))
            // -ов/-ев/-ин stems are the russianSurname rules; -ко/-ых/-их do not decline.
            if let last = stem.unicodeScalars.last, isConsonant(last), !stem.hasSuffixB("ов"), !stem.hasSuffixB("ев"), !stem.hasSuffixB("ин") {
                return stem
            }
        }
        return w
    }

    /// Whether a first word's case ending fits the surname's: a dative or instrumental
    /// given name ("-у", "-ом") goes with a surname in the same case.
    static func casesAgree(given: String, surname: String) -> Bool {
        if given.hasSuffixB("у") || given.hasSuffixB("ю") {
            return ["у", "ю", "ой", "ей"].contains { surname.hasSuffixB($0) }
        }
        if given.hasSuffixB("ом") || given.hasSuffixB("ем") {
            return ["ым", "им", "ом", "ем"].contains { surname.hasSuffixB($0) }
        }
        return true
    }

    private static func isConsonant(_ s: Unicode.Scalar) -> Bool {
        s.value >= 0x430 && s.value <= 0x44F && !"аеиоуыэюяйьъ".unicodeScalars.contains(s)
    }

    private static func dropEnding(_ w: String, _ endings: [String]) -> String {
        for e in endings where w.hasSuffixB(e) && w.count > e.count + 2 {
            let stem = String(w.dropLast(e.count))
            if let last = stem.unicodeScalars.last, isConsonant(last) { return stem }
        }
        return w
    }

    /// A man's surname: a case ending after a consonant goes ("Шарипова" → "Шарипов",
    /// "Ковальчука" → "Ковальчук"); adjectival surnames change theirs.
    private static func masculine(_ w: String, _ endings: [String], _ adjectival: [String: String]) -> String {
        for (e, r) in adjectival where w.hasSuffixB("ск" + e) || w.hasSuffixB("цк" + e) { return String(w.dropLast(e.count)) + r }
        return dropEnding(w, endings)
    }

    private static func replaceEnding(_ w: String, _ map: [String: String]) -> String {
        // Longest ending first.
        for (e, r) in map.sorted(by: { $0.key.count > $1.key.count }) where w.hasSuffixB(e) && w.count > e.count + 1 {
            return String(w.dropLast(e.count)) + r
        }
        return w
    }
}
