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
        if let ascii = foldASCII(text) { return ascii }
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

    /// ``fold(_:)`` for plain ASCII text, without Unicode tables; nil for anything else.
    private static func foldASCII(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for c in text.utf8 {
            guard c < 0x80 else { return nil }
            if c == 0x20 || (0x09...0x0D).contains(c) {
                if !lastWasSpace { out.append(0x20) }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            out.append((0x41...0x5A).contains(c) ? c + 0x20 : c)
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
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
    ///
    /// One pass over the bytes (this runs for every name indexed or searched):
    /// inside a word "yo" → e (ё written "yo"); dzh, dj, j → zh; shch → sh;
    /// kh → h; q → k; w → v; x → ks; ph → f; ye → e; then y → i, doubled
    /// letters collapse, and a vowel before "ie" (from "-yev") drops the i.
    public static func phonetic(_ word: String) -> String {
        let b = Array(word.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 2)
        let n = b.count
        var i = 0
        @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }
        while i < n {
            let c = b[i]
            switch c {
            case UInt8(ascii: "d") where at(i + 1) == UInt8(ascii: "z") && at(i + 2) == UInt8(ascii: "h"):
                out += [UInt8(ascii: "z"), UInt8(ascii: "h")]; i += 3
            case UInt8(ascii: "d") where at(i + 1) == UInt8(ascii: "j"):
                out += [UInt8(ascii: "z"), UInt8(ascii: "h")]; i += 2
            case UInt8(ascii: "s") where at(i + 1) == UInt8(ascii: "h") && at(i + 2) == UInt8(ascii: "c") && at(i + 3) == UInt8(ascii: "h"):
                out += [UInt8(ascii: "s"), UInt8(ascii: "h")]; i += 4
            case UInt8(ascii: "k") where at(i + 1) == UInt8(ascii: "h"):
                out.append(UInt8(ascii: "h")); i += 2
            case UInt8(ascii: "p") where at(i + 1) == UInt8(ascii: "h"):
                out.append(UInt8(ascii: "f")); i += 2
            case UInt8(ascii: "j"):
                out += [UInt8(ascii: "z"), UInt8(ascii: "h")]; i += 1
            case UInt8(ascii: "q"):
                out.append(UInt8(ascii: "k")); i += 1
            case UInt8(ascii: "w"):
                out.append(UInt8(ascii: "v")); i += 1
            case UInt8(ascii: "x"):
                out += [UInt8(ascii: "k"), UInt8(ascii: "s")]; i += 1
            case UInt8(ascii: "y") where at(i + 1) == UInt8(ascii: "o") && i > 0 && n > 2:
                // ё is folded to е before transliteration, but romanised names
                // often write it "yo" (Alyona, Fyodor): inside a word it is that е.
                out.append(UInt8(ascii: "e")); i += 2
            case UInt8(ascii: "y") where at(i + 1) == UInt8(ascii: "e"):
                out.append(UInt8(ascii: "e")); i += 2
            case UInt8(ascii: "y"):
                out.append(UInt8(ascii: "i")); i += 1
            default:
                out.append(c); i += 1
            }
        }
        // Doubled letters (Khassenov / Khasenov), then a vowel before "ie" → vowel + e.
        var result: [UInt8] = []
        result.reserveCapacity(out.count)
        for c in out where c != result.last { result.append(c) }
        var k = 0
        var final: [UInt8] = []
        final.reserveCapacity(result.count)
        while k < result.count {
            if result[k] == UInt8(ascii: "i"), k + 1 < result.count, result[k + 1] == UInt8(ascii: "e"),
               let prev = final.last, [UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "i")].contains(prev) {
                k += 1
                continue
            }
            final.append(result[k])
            k += 1
        }
        return String(decoding: final, as: UTF8.self)
    }

    /// Latin letters whose mark is not a combining character, so that
    /// decomposition leaves them alone (Turkish ı, Polish ł, Nordic ø).
    static let undecomposableLatin: [Unicode.Scalar: String] = [
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ħ": "h", "þ": "th",
    ]

    /// The transliteration table, shared with identity resolution's byte-level keys.
    public static let cyrillicToLatin: [Character: String] = [
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
