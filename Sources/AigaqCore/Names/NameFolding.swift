import Foundation

/// Folding and transliteration of personal names, shared by storage, search
/// and identity resolution.
///
/// Three levels, each built on the one before:
/// - ``fold(_:)`` keeps the script: lower case, no diacritics, `ё` → `е`,
///   Cyrillic homoglyphs left alone. Used to compare names within one script.
/// - ``latin(_:)`` transliterates Russian and Kazakh Cyrillic to Latin after
///   folding, so that `Жыланбаев` becomes `zhylanbaev`.
/// - ``searchKey(_:)`` also removes the spelling freedom of romanised Kazakh
///   and Russian names (`-yev`/`-ev`, `kh`/`h`, `j`/`dzh`/`zh`, `y`/`i`,
///   `q`/`k`, doubled letters, initial `ye`), so that Жыланбаев,
///   Zhylanbayev and ZHYLANBAYEV meet.
public enum NameFolding {
    /// Lower case, diacritics removed (except the Cyrillic letters whose
    /// marks are part of the letter: й, and Kazakh ә ғ қ ң ө ұ ү һ і stay),
    /// `ё` → `е`, runs of white space collapsed.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.lowercased().decomposedPreservingCyrillic() {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            if scalar == "ё" {
                out.append("е")
            } else if let plain = undecomposableLatin[scalar] {
                out.append(contentsOf: plain.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }

    /// Cyrillic (Russian and Kazakh) to Latin, after ``fold(_:)``.
    /// Latin text passes through folded.
    public static func latin(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in fold(text) {
            if let mapped = cyrillicToLatin[ch] { out += mapped } else { out.append(ch) }
        }
        return out
    }

    /// A key per word in which spelling variants of one name meet.
    /// Punctuation other than letters and digits separates words; hyphens
    /// inside a name (Zhan-Aidar) join its parts.
    public static func searchKey(_ text: String) -> String {
        words(latin(text)).map(phonetic).joined(separator: " ")
    }

    /// The search keys of the words of `text`, for indexing and queries.
    public static func searchKeys(_ text: String) -> [String] {
        words(latin(text)).map(phonetic)
    }

    /// Splits folded text into name words: letters and digits; an inner
    /// hyphen or apostrophe is dropped so that the parts stay one word.
    public static func words(_ folded: String) -> [String] {
        var result: [String] = []
        var current = ""
        for ch in folded {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if (ch == "-" || ch == "'" || ch == "’"), !current.isEmpty {
                continue
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Removes romanisation freedom from one transliterated, folded word.
    public static func phonetic(_ word: String) -> String {
        var w = word
        // ё is folded to е before transliteration, but romanised names often
        // write it "yo" (Alyona, Fyodor): inside a word, "yo" is that е.
        if w.count > 2, let r = w.dropFirst().range(of: "yo") {
            w.replaceSubrange(r, with: "e")
        }
        // Multi-letter spellings first, longest first.
        for (from, to) in [("dzh", "zh"), ("dj", "zh"), ("shch", "sh"), ("kh", "h"), ("j", "zh"),
                           ("q", "k"), ("w", "v"), ("x", "ks"), ("ph", "f"), ("yu", "iu"),
                           ("ya", "ia"), ("yo", "io"), ("ye", "e")]
        where w.contains(from) {
            w = w.replacingOccurrences(of: from, with: to)
        }
        // "-iev"/"-yev" endings and "ie" after a vowel were already reduced by "ye"→"e";
        // "ie" after a vowel is the same sound (Aliev/Aliyev → aliev/aliev).
        w = w.replacingOccurrences(of: "y", with: "i")
        // Doubled letters: Khassenov / Khasenov.
        var collapsed = ""
        var previous: Character?
        for ch in w where ch != previous {
            collapsed.append(ch)
            previous = ch
        }
        // "ii" collapsed to "i" above; a vowel followed by "ie" (from "yev") → "e".
        for vowel in ["a", "e", "o", "u", "i"] {
            collapsed = collapsed.replacingOccurrences(of: vowel + "ie", with: vowel + "e")
        }
        return collapsed
    }

    /// Latin letters whose mark is not a combining character, so that
    /// decomposition leaves them alone (Turkish ı, Polish ł, Nordic ø).
    static let undecomposableLatin: [Unicode.Scalar: String] = [
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ħ": "h", "þ": "th",
    ]

    static let cyrillicToLatin: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya",
        // Kazakh letters.
        "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
        // Ukrainian and Belarusian letters that turn up in names of the region.
        "є": "ye", "ї": "yi", "ґ": "g", "ў": "u",
    ]
}

extension String {
    /// Canonical decomposition, except for Cyrillic letters whose combining
    /// mark is part of the letter (й stays й; ё is folded separately).
    fileprivate func decomposedPreservingCyrillic() -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            if (0x0400...0x04FF).contains(scalar.value) {
                out.append(scalar)
            } else if scalar.value < 0x80 {
                out.append(scalar)
            } else {
                out.append(contentsOf: String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
            }
        }
        return out
    }
}
