import AigaqCore

/// Keys for the parts of a name, built on ``NameFolding/searchKey(_:)``.
///
/// Core's search key already removes romanisation freedom (kh/h, zh/j/dzh,
/// y/i, q/k, doubled letters, initial ye). Identity adds what matching
/// people needs: `c` read as `k` (Victor / Viktor), `-iev` as `-ev`
/// (Mendygaziyev / Mendygazyev), and a stem without the feminine or Russian
/// case ending (Khrapunova / Khrapunov, Жаулибаева / Жаулибаев).
public enum NameKeys {
    /// The key of one name word; hyphenated parts stay one word (Kasym-Jomart).
    public static func word(_ text: String) -> String {
        finish(FastKey.key(text) ?? NameFolding.searchKeys(text).joined())
    }

    /// Identity's additions to Core's search key.
    static func finish(_ key: String) -> String {
        guard key.utf8.contains(UInt8(ascii: "c")) else { return key }
        // "c" is "k" except in "ch"; doubled letters that this creates collapse.
        var out: [UInt8] = []
        let bytes = Array(key.utf8)
        for (i, b) in bytes.enumerated() {
            var c = b
            if b == UInt8(ascii: "c"), i + 1 >= bytes.count || bytes[i + 1] != UInt8(ascii: "h") { c = UInt8(ascii: "k") }
            if out.last == c { continue }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The key of a given name.
    public static func given(_ text: String) -> String { word(text) }

    /// The key of a surname, keeping its gender: `-iev` → `-ev`.
    public static func surname(fromWordKey key: String) -> String {
        for (suffix, replacement) in [("ieva", "eva"), ("iev", "ev")] where endsWith(key, suffix, longerBy: 2) {
            return String(key.dropLast(suffix.utf8.count)) + replacement
        }
        return key
    }

    /// `key` ends with `suffix` and has more than `longerBy` letters before it.
    /// On bytes: keys are ASCII, and `hasSuffix` compares Unicode characters.
    @inline(__always)
    static func endsWith(_ key: String, _ suffix: String, longerBy: Int) -> Bool {
        let k = key.utf8, s = suffix.utf8
        // The last letter rules out most suffixes before any counting.
        guard let last = s.last, k.last == last else { return false }
        return k.count > s.count + longerBy && k.suffix(s.count).elementsEqual(s)
    }

    /// The surname key without the feminine or case ending, so that a wife's
    /// or a declined form meets the masculine nominative.
    public static func stem(ofSurname key: String) -> String {
        for (suffix, replacement) in stemEndings where endsWith(key, suffix, longerBy: 2) {
            return String(key.dropLast(suffix.utf8.count)) + replacement
        }
        return key
    }

    // Longest first. Feminine nominative (-ova), Russian genitive/dative/
    // instrumental/prepositional of -ov/-ev/-in surnames, and -skaia/-ska.
    private static let stemEndings: [(String, String)] = [
        ("ovoi", "ov"), ("evoi", "ev"), ("inoi", "in"), ("ovim", "ov"), ("evim", "ev"), ("inim", "in"),
        ("ovom", "ov"), ("evom", "ev"), ("inom", "in"), ("skaia", "skii"), ("skoi", "skii"), ("skogo", "skii"), ("ska", "skii"), ("ski", "skii"),
        ("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("ovu", "ov"), ("evu", "ev"), ("inu", "in"),
        ("ove", "ov"), ("eve", "ev"), ("ine", "in"),
    ]

    /// Whether a key looks like a patronymic (-ovich, -evna, ...).
    static func isPatronymic(_ key: String) -> Bool {
        patronymicEndings.contains { endsWith(key, $0, longerBy: 1) }
    }
    private static let patronymicEndings = ["ovich", "evich", "ovna", "evna", "ichna", "inichna"]

    /// Kazakh patronymics (Kairatuly, Nurlankyzy); also used as surnames,
    /// so they count as patronymics only beside two other names.
    static func isKazakhPatronymic(_ key: String) -> Bool {
        key.utf8.count > 5 && (endsWith(key, "uli", longerBy: 0) || endsWith(key, "kizi", longerBy: 0))
    }

    /// Whether a key ends like a surname of the region.
    static func looksLikeSurname(_ key: String) -> Bool {
        surnameEndings.contains { endsWith(key, $0, longerBy: 1) }
    }
    private static let surnameEndings = [
        "ov", "ev", "ova", "eva", "in", "ina", "uli", "kizi", "enko", "ko", "skii", "ski", "ska", "skaia",
        "ich", "ian", "dze", "shvili", "uk", "iuk", "bai", "bek", "bekov", "baev",
    ]

    /// Particles that belong to the following surname (von Kramon, Ní Aoláin).
    static let particles: Set<String> = [
        "von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "dos", "das", "le", "la", "al", "el",
        "bin", "ibn", "ni", "mac", "ter", "ten",
    ]
}
