import Foundation

/// A line of the document with what the segmenter made of it.
struct Block: Sendable {
    enum Kind: Sendable { case heading, listItem, paragraph }
    var kind: Kind
    /// Byte range of the content (list markers included; surrounding blanks trimmed).
    var start: Int
    var end: Int
    /// Heading level (1 = top) or nil.
    var level: Int?
    /// The number of a numbered list item or heading ("29." → 29).
    var number: Int?
    /// Where the text after a list marker starts.
    var contentStart: Int
    var sentences: [Range<Int>]
}

/// Splits normalised text into headings, list items and paragraphs (one per
/// line, as reports are written) and each of those into sentences.
enum Segmenter {
    static func segment(_ u: Bytes) -> [Block] {
        var blocks: [Block] = []
        var lineStart = 0
        let n = u.count
        while lineStart <= n {
            // memchr finds the line's end far faster than a byte loop.
            var i = n
            if lineStart < n, let p = memchr(u.baseAddress! + lineStart, 0x0A, n - lineStart) {
                i = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - u.baseAddress!
            }
            var a = lineStart, b = i
            while a < b, u[a] == 0x20 { a += 1 }
            while b > a, u[b - 1] == 0x20 { b -= 1 }
            if b > a { blocks.append(classify(u, a, b)) }
            lineStart = i + 1
        }
        return blocks
    }

    /// `("29", end of marker)` for "29. ", "3) ", "• ", "- ", "* ", "– ".
    static func listMarker(in line: Substring) -> (number: Int?, length: Int)? {
        let u = Array(line.utf8)
        return u.withUnsafeBufferPointer { listMarker($0, 0, $0.count) }
    }

    static func listMarker(_ u: Bytes, _ a: Int, _ b: Int) -> (number: Int?, length: Int)? {
        var j = a
        while j < b, u[j] >= 0x30, u[j] <= 0x39, j - a < 4 { j += 1 }
        if j > a, j + 1 < b, u[j] == 0x2E || u[j] == 0x29, u[j + 1] == 0x20 {
            let num = Int(String(decoding: u[a..<j], as: UTF8.self))
            return (num, j + 2 - a)
        }
        // Bullets: • (E2 80 A2), – (E2 80 93), ‣, ▪ and ASCII - * +
        if b - a > 2, u[a] == 0x2D || u[a] == 0x2A || u[a] == 0x2B, u[a + 1] == 0x20 { return (nil, 2) }
        if b - a > 4, u[a] == 0xE2, u[a + 1] == 0x80, u[a + 2] == 0xA2 || u[a + 2] == 0x93 || u[a + 2] == 0xA3 {
            var k = a + 3
            while k < b, u[k] == 0x20 { k += 1 }
            return (nil, k - a)
        }
        if b - a > 4, u[a] == 0xE2, u[a + 1] == 0x96, u[a + 2] == 0xAA {
            var k = a + 3
            while k < b, u[k] == 0x20 { k += 1 }
            return (nil, k - a)
        }
        return nil
    }

    static func classify(_ u: Bytes, _ a: Int, _ b: Int) -> Block {
        let length = b - a
        // Markdown heading.
        if u[a] == 0x23 {
            var j = a
            while j < b, u[j] == 0x23 { j += 1 }
            if j < b, u[j] == 0x20, j - a <= 6 {
                var s = j
                while s < b, u[s] == 0x20 { s += 1 }
                return Block(kind: .heading, start: a, end: b, level: j - a, number: nil, contentStart: s,
                             sentences: [s..<b])
            }
        }
        let last = u[b - 1]
        let endsLikeSentence = last == 0x2E || last == 0x3B || last == 0x3A || last == 0x2C || last == 0x21 || last == 0x3F
        // Numbered heading "2.1. Persons whom ..." (several number parts).
        var j = a, parts = 0
        while j < b {
            let s = j
            while j < b, u[j] >= 0x30, u[j] <= 0x39 { j += 1 }
            if j > s, j < b, u[j] == 0x2E { parts += 1; j += 1 } else { j = s; break }
        }
        if parts >= 2, j < b, u[j] == 0x20, length < 200 {
            return Block(kind: .heading, start: a, end: b, level: parts, number: nil, contentStart: j + 1,
                         sentences: [(j + 1)..<b])
        }
        if let marker = listMarker(u, a, b) {
            let cs = a + marker.length
            // "2. Torture and ill treatment": a short numbered line without a final
            // stop is a heading unless the assembler sees a person in it.
            let kind: Block.Kind = .listItem
            return Block(kind: kind, start: a, end: b, level: nil, number: marker.number, contentStart: cs,
                         sentences: sentences(u, cs, b))
        }
        // Short line without final punctuation: a heading. All capitals: a top heading.
        // "Charge: ..." and other labelled lines are content, not headings.
        let hasLabel = u[a..<min(b, a + 40)].contains(0x3A)
        if length <= 160 && !endsLikeSentence && startsUpper(u, a) && (!hasLabel || isAllCaps(u, a, b)) {
            let level = isAllCaps(u, a, b) ? 1 : 3
            return Block(kind: .heading, start: a, end: b, level: level, number: nil, contentStart: a, sentences: [a..<b])
        }
        return Block(kind: .paragraph, start: a, end: b, level: nil, number: nil, contentStart: a, sentences: sentences(u, a, b))
    }

    static func startsUpper(_ u: Bytes, _ a: Int) -> Bool {
        let c = u[a]
        if c < 0x80 { return (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x22 }
        let (s, _) = Scan.scalar(u, a)
        if let sc = Unicode.Scalar(s) { return sc.properties.isUppercase || (s >= 0x30 && s <= 0x39) || s == 0x201C || s == 0x22 || s == 0xAB }
        return false
    }

    static func isAllCaps(_ u: Bytes, _ a: Int, _ b: Int) -> Bool {
        var letters = 0, upper = 0
        var i = a
        while i < b {
            let c = u[i]
            if c < 0x80 {
                // ASCII: letters are A–Z and a–z; one lower-case letter settles it.
                if c >= 0x61 && c <= 0x7A { return false }
                if c >= 0x41 && c <= 0x5A { letters += 1; upper += 1 }
                i += 1; continue
            }
            let (s, len) = Scan.scalar(u, i)
            if s >= 0x430 && s <= 0x45F { return false }
            if let sc = Unicode.Scalar(s), sc.properties.isAlphabetic {
                if !sc.properties.isUppercase { return false }
                letters += 1; upper += 1
            }
            i += len
        }
        return letters >= 4 && upper == letters
    }

    /// Words before a full stop that do not end a sentence.
    static let abbreviations: WordSet = [
        "art", "arts", "no", "nos", "st", "mr", "mrs", "ms", "dr", "p", "pp", "para", "paras", "e.g", "i.e", "cf",
        "vs", "jr", "sr", "gen", "col", "lt", "prof", "sgt", "capt", "maj", "u.s", "u.n", "etc", "approx", "fig",
        "vol", "ch", "sec", "inc", "ltd", "co", "corp", "dept", "govt", "est", "ed", "rev", "nr",
        "ч", "ст", "г", "гг", "им", "т", "ул", "п", "пп", "см", "т.е", "т.н", "тыс", "млн", "руб", "д", "обл", "р",
    ]

    /// Sentence ranges of `u[a..<b]`.
    static func sentences(_ u: Bytes, _ a: Int, _ b: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = a
        // The next . ! and ? from memchr (far faster than a byte loop), each searched again only once passed.
        @inline(__always) func next(_ c: UInt8, _ from: Int) -> Int {
            guard from < b, let p = memchr(u.baseAddress! + from, Int32(c), b - from) else { return b }
            return UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - u.baseAddress!
        }
        var dot = next(0x2E, a), bang = next(0x21, a), question = next(0x3F, a)
        var i = a
        while true {
            if dot < i { dot = next(0x2E, i) }
            if bang < i { bang = next(0x21, i) }
            if question < i { question = next(0x3F, i) }
            i = min(dot, bang, question)
            guard i < b else { break }
            let c = u[i]
            do {
                var k = i + 1
                // Closing quotes or brackets after the stop stay in the sentence.
                while k < b, u[k] == 0x22 || u[k] == 0x29 || u[k] == 0x27 { k += 1 }
                if k + 2 < b, u[k] == 0xE2, u[k + 1] == 0x80, u[k + 2] == 0x9D || u[k + 2] == 0x99 { k += 3 }
                if k < b, u[k] == 0x20 {
                    var m = k
                    while m < b, u[m] == 0x20 { m += 1 }
                    if m < b, c != 0x2E || isSentenceStop(u, start, i), startsUpper(u, m) {
                        result.append(start..<k)
                        start = m
                        i = m
                        continue
                    }
                }
            }
            i += 1
        }
        if start < b { result.append(start..<b) }
        return result
    }

    /// A full stop at `dot` ends a sentence unless it closes an abbreviation or an initial.
    static func isSentenceStop(_ u: Bytes, _ sentenceStart: Int, _ dot: Int) -> Bool {
        var w = dot
        var ascii = true
        while w > sentenceStart {
            let prev = u[w - 1]
            if prev == 0x20 || prev == 0x28 || prev == 0x22 { break }
            if prev >= 0x80 { ascii = false }
            w -= 1
        }
        if w == dot { return true }
        if ascii {
            // Most words before a full stop are ASCII: lower-case them on the stack.
            let n = dot - w
            if n == 1 { return !(u[w] >= 0x41 && u[w] <= 0x5A) && !abbreviations.contains(bytes: Bytes(rebasing: u[w..<dot])) }
            if n > 8 { return true }
            var buf: (UInt64) = 0
            return withUnsafeMutableBytes(of: &buf) { raw in
                for k in 0..<n { let c = u[w + k]; raw[k] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }
                return !abbreviations.contains(bytes: UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n))
            }
        }
        let word = String(decoding: u[w..<dot], as: UTF8.self)
        if abbreviations.contains(word.lowercased()) { return false }
        // A single capital letter is an initial ("M. Ablyazov").
        if word.unicodeScalars.count == 1, let s = word.unicodeScalars.first, s.properties.isUppercase { return false }
        return true
    }
}

/// Byte-level helpers shared by the recognisers.
enum Scan {
    /// Decodes the scalar at `i` of valid UTF-8 (the normaliser guarantees it).
    @inline(__always) static func scalar(_ u: Bytes, _ i: Int) -> (UInt32, Int) {
        let b = u[i]
        if b < 0x80 { return (UInt32(b), 1) }
        if b < 0xE0, i + 1 < u.count { return (UInt32(b & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F), 2) }
        if b < 0xF0, i + 2 < u.count {
            return (UInt32(b & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F), 3)
        }
        if i + 3 < u.count {
            return (UInt32(b & 0x07) << 18 | UInt32(u[i + 1] & 0x3F) << 12 | UInt32(u[i + 2] & 0x3F) << 6 | UInt32(u[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    @inline(__always) static func isLetter(_ s: UInt32) -> Bool {
        if s < 0x80 { return (s | 0x20) >= 0x61 && (s | 0x20) <= 0x7A }
        // Fast answers for the common ranges: Latin-1 and Latin Extended, Cyrillic, punctuation.
        if s >= 0xC0 && s <= 0x24F { return s != 0xD7 && s != 0xF7 }
        if s >= 0x400 && s <= 0x52F { return !(0x482...0x489).contains(s) }
        if s >= 0x2000 && s <= 0x2BFF { return false }
        if s < 0xC0 { return s == 0xAA || s == 0xB5 || s == 0xBA }
        guard let sc = Unicode.Scalar(s) else { return false }
        return sc.properties.isAlphabetic
    }

    static func string(_ u: Bytes, _ r: Range<Int>) -> String { String(decoding: Bytes(rebasing: u[r]), as: UTF8.self) }
}
