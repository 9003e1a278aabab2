import AigaqCore

/// ``NameFolding/searchKeys(_:)`` joined, computed on bytes.
///
/// Folding through Foundation's string replacement dominated resolving a
/// million mentions; this gives the same keys (a test compares the two)
/// for Latin and Russian/Kazakh Cyrillic words, and hands anything else
/// (accented Latin, other scripts) to Core.
enum FastKey {
    static func key(_ text: String) -> String? {
        var segments: [[UInt8]] = []
        var current: [UInt8] = []
        current.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                switch b {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(b + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(b)
                case UInt8(ascii: "-"), UInt8(ascii: "'"):
                    // Inside a word they join its parts; elsewhere they separate.
                    if current.isEmpty { continue }
                default:
                    if !current.isEmpty { segments.append(current); current = [] }
                }
            } else if v == 0x2019 {  // ’ inside a name joins like an apostrophe
                continue
            } else if (0x0400...0x04FF).contains(v) {
                guard let latin = cyrillic(v) else { return nil }
                current.append(contentsOf: latin)
            } else {
                return nil
            }
        }
        if !current.isEmpty { segments.append(current) }
        var out: [UInt8] = []
        for s in segments { out.append(contentsOf: phonetic(s)) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-cases a Cyrillic scalar and transliterates it as Core does.
    private static func cyrillic(_ v: UInt32) -> [UInt8]? {
        var lower = v
        if (0x0410...0x042F).contains(v) { lower = v + 0x20 } else if (0x0400...0x040F).contains(v) { lower = v + 0x50 } else if (0x0490...0x04BF).contains(v) || (0x04D0...0x04FF).contains(v) {
            if v % 2 == 0 { lower = v + 1 }
        }
        return table[lower]
    }

    private static let table: [UInt32: [UInt8]] = {
        var t: [UInt32: [UInt8]] = [:]
        for (ch, latin) in NameFoldingTable.map {
            guard let scalar = ch.unicodeScalars.first else { continue }
            t[scalar.value] = Array(latin.utf8)
        }
        t[0x0451] = Array("e".utf8)  // ё
        return t
    }()

    /// Core's `phonetic`, in the same order of rules.
    static func phonetic(_ word: [UInt8]) -> [UInt8] {
        var w = word
        for (from, to) in rules where contains(w, from) { w = replace(w, from, to) }
        for i in w.indices where w[i] == UInt8(ascii: "y") { w[i] = UInt8(ascii: "i") }
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(w.count)
        for b in w where collapsed.last != b { collapsed.append(b) }
        for vowel in vowels where contains(collapsed, [vowel, UInt8(ascii: "i"), UInt8(ascii: "e")]) {
            collapsed = replace(collapsed, [vowel, UInt8(ascii: "i"), UInt8(ascii: "e")], [vowel, UInt8(ascii: "e")])
        }
        return collapsed
    }

    private static let rules: [([UInt8], [UInt8])] = [
        ("dzh", "zh"), ("dj", "zh"), ("shch", "sh"), ("kh", "h"), ("j", "zh"), ("q", "k"), ("w", "v"), ("x", "ks"),
        ("ph", "f"), ("yu", "iu"), ("ya", "ia"), ("yo", "io"), ("ye", "e"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
    private static let vowels: [UInt8] = Array("aeoui".utf8)

    private static func contains(_ w: [UInt8], _ p: [UInt8]) -> Bool {
        guard w.count >= p.count else { return false }
        if p.count == 1 { return w.contains(p[0]) }
        for i in 0...(w.count - p.count) where w[i] == p[0] {
            var k = 1
            while k < p.count, w[i + k] == p[k] { k += 1 }
            if k == p.count { return true }
        }
        return false
    }

    /// Left-to-right, non-overlapping, as `replacingOccurrences`.
    private static func replace(_ w: [UInt8], _ from: [UInt8], _ to: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(w.count + 4)
        var i = 0
        while i < w.count {
            if i + from.count <= w.count, w[i] == from[0] {
                var k = 1
                while k < from.count, w[i + k] == from[k] { k += 1 }
                if k == from.count { out.append(contentsOf: to); i += from.count; continue }
            }
            out.append(w[i])
            i += 1
        }
        return out
    }
}

/// Core's Cyrillic table (one source of truth for transliteration).
enum NameFoldingTable {
    static var map: [Character: String] { NameFolding.cyrillicToLatin }
}
