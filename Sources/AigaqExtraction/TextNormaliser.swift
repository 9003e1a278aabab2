import Foundation

/// Turns raw bytes into the text every offset refers to.
///
/// One pass over the bytes, no Foundation string APIs in the loop, so that a
/// 100 MB single line costs one scan: invalid UTF-8 becomes U+FFFD, a BOM is
/// dropped, CRLF and CR become LF, exotic spaces become a plain space, zero
/// width characters and soft hyphens go, and Cyrillic letters that look like
/// Latin ones are replaced inside words that are otherwise Latin ("Мukhtar").
public enum TextNormaliser {
    public static func normalise(_ data: Data) -> String {
        data.withUnsafeBytes { raw in
            normalise(bytes: raw.bindMemory(to: UInt8.self))
        }
    }

    public static func normalise(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { normalise(bytes: $0) }
    }

    static func normalise(bytes input: UnsafeBufferPointer<UInt8>) -> String {
        let n = input.count
        // Written straight into the string's storage: a byte becomes at most
        // three (U+FFFD), and pages never written cost no memory.
        return String(unsafeUninitializedCapacity: n * 3 + 4) { out in
            var o = 0
            var i = 0
            // Skip a UTF-8 byte order mark.
            if n >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { i = 3 }
            // The current word, to fix homoglyphs once it ends.
            var w = WordState()

            while i < n {
                let b = input[i]
                if b >= 0x20 && b < 0x7F {
                    // A run of printable ASCII (most of any report): copied at once. Only
                    // the word state at its first and last break matters for homoglyphs.
                    var r = i + 1
                    while r < n, input[r] &- 0x20 < 0x5F { r += 1 }
                    asciiRun(input, i, r, out, &o, &w)
                    i = r
                    continue
                }
                if b < 0x80 {
                    i += 1
                    switch b {
                    case 0x0D:
                        w.end(out, &o)
                        out[o] = 0x0A; o += 1
                        if i < n, input[i] == 0x0A { i += 1 }
                    case 0x0A:
                        w.end(out, &o); out[o] = 0x0A; o += 1
                    case 0x09, 0x0B, 0x0C, 0x00...0x08, 0x0E...0x1F, 0x7F:
                        w.end(out, &o); out[o] = 0x20; o += 1
                    default:
                        // Hyphens and apostrophes stay in the word.
                        if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A { w.latinLetters += 1 } else if b != 0x2D && b != 0x27 { w.end(out, &o) }
                        out[o] = b; o += 1
                    }
                    continue
                }
                // Multi-byte sequence: decode by hand, replacing anything invalid.
                var scalar: UInt32 = 0xFFFD
                var len = 1
                if b >= 0xC2 && b <= 0xDF, i + 1 < n, input[i + 1] & 0xC0 == 0x80 {
                    scalar = UInt32(b & 0x1F) << 6 | UInt32(input[i + 1] & 0x3F); len = 2
                } else if b >= 0xE0 && b <= 0xEF, i + 2 < n, input[i + 1] & 0xC0 == 0x80, input[i + 2] & 0xC0 == 0x80 {
                    let s = UInt32(b & 0x0F) << 12 | UInt32(input[i + 1] & 0x3F) << 6 | UInt32(input[i + 2] & 0x3F)
                    if s >= 0x800 && !(0xD800...0xDFFF).contains(s) { scalar = s; len = 3 }
                } else if b >= 0xF0 && b <= 0xF4, i + 3 < n, input[i + 1] & 0xC0 == 0x80,
                          input[i + 2] & 0xC0 == 0x80, input[i + 3] & 0xC0 == 0x80 {
                    let s = UInt32(b & 0x07) << 18 | UInt32(input[i + 1] & 0x3F) << 12
                        | UInt32(input[i + 2] & 0x3F) << 6 | UInt32(input[i + 3] & 0x3F)
                    if s >= 0x10000 && s <= 0x10FFFF { scalar = s; len = 4 }
                }
                i += len
                switch scalar {
                case 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000, 0x1680:
                    w.end(out, &o); out[o] = 0x20; o += 1
                case 0x200B...0x200D, 0xFEFF, 0xAD, 0x2060:
                    continue // invisible: drop without breaking the word
                case 0x2028, 0x2029, 0x85:
                    w.end(out, &o); out[o] = 0x0A; o += 1
                case 0x80...0x9F:
                    w.end(out, &o); out[o] = 0x20; o += 1
                default:
                    if isHomoglyph(scalar) { w.cyrHomoglyphs += 1 }
                    else if scalar >= 0x400 && scalar <= 0x4FF { w.otherCyr += 1 }
                    else if isLetterish(scalar) { w.latinLetters += 1 }
                    else if scalar != 0x2019 { w.end(out, &o) }
                    o += writeUTF8(scalar, to: out.baseAddress! + o)
                }
            }
            w.end(out, &o)
            return o
        }
    }

    /// Copies the printable ASCII bytes `input[i..<r]` to `out` as the byte-by-byte
    /// rules would: letters count for the current word, a byte other than a letter,
    /// hyphen or apostrophe ends it.
    @inline(__always) static func asciiRun(_ input: UnsafeBufferPointer<UInt8>, _ i: Int, _ r: Int,
                                           _ out: UnsafeMutableBufferPointer<UInt8>, _ o: inout Int, _ w: inout WordState) {
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        @inline(__always) func breaks(_ b: UInt8) -> Bool { !isLetter(b) && b != 0x2D && b != 0x27 }
        var f = i
        var letters = 0
        while f < r, !breaks(input[f]) { if isLetter(input[f]) { letters += 1 }; f += 1 }
        let base = input.baseAddress!, dst = out.baseAddress!
        if f == r {
            // No break: the word goes on.
            w.latinLetters += letters
            (dst + o).update(from: base + i, count: r - i); o += r - i
            return
        }
        w.latinLetters += letters
        (dst + o).update(from: base + i, count: f - i); o += f - i
        w.end(out, &o)
        // The rest: words of ASCII only, which need no fixing; the state is that of the last word.
        var g = r - 1
        var tail = 0
        while g > f, !breaks(input[g]) { if isLetter(input[g]) { tail += 1 }; g -= 1 }
        (dst + o).update(from: base + f, count: r - f)
        w.wordStart = o + (g - f)
        w.latinLetters = tail
        o += r - f
    }

    /// The word being read; a struct passed inout, since a nested function
    /// capturing these counters costs a dynamic exclusivity check per call.
    struct WordState {
        var wordStart = 0
        var latinLetters = 0
        var cyrHomoglyphs = 0
        var otherCyr = 0
        @inline(__always) mutating func end(_ out: UnsafeMutableBufferPointer<UInt8>, _ o: inout Int) {
            if cyrHomoglyphs > 0 && latinLetters > 0 && latinLetters >= otherCyr * 2 + 1 {
                o = TextNormaliser.fixHomoglyphs(out, from: wordStart, to: o)
            }
            latinLetters = 0; cyrHomoglyphs = 0; otherCyr = 0
            wordStart = o
        }
    }

    /// Latin-looking letters with accents (é, ş...) count as Latin.
    @inline(__always) static func isLetterish(_ s: UInt32) -> Bool {
        (0xC0...0x24F).contains(s) && s != 0xD7 && s != 0xF7
    }

    @inline(__always) static func appendUTF8(_ s: UInt32, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4) { t in
            let k = writeUTF8(s, to: t.baseAddress!)
            out.append(contentsOf: t[0..<k])
        }
    }

    /// Writes the scalar's UTF-8 bytes at `p`; returns their number.
    @inline(__always) static func writeUTF8(_ s: UInt32, to p: UnsafeMutablePointer<UInt8>) -> Int {
        switch s {
        case 0..<0x80: p[0] = UInt8(s); return 1
        case 0x80..<0x800:
            p[0] = UInt8(0xC0 | (s >> 6)); p[1] = UInt8(0x80 | (s & 0x3F)); return 2
        case 0x800..<0x10000:
            p[0] = UInt8(0xE0 | (s >> 12)); p[1] = UInt8(0x80 | ((s >> 6) & 0x3F)); p[2] = UInt8(0x80 | (s & 0x3F)); return 3
        default:
            p[0] = UInt8(0xF0 | (s >> 18)); p[1] = UInt8(0x80 | ((s >> 12) & 0x3F))
            p[2] = UInt8(0x80 | ((s >> 6) & 0x3F)); p[3] = UInt8(0x80 | (s & 0x3F)); return 4
        }
    }

    /// Rewrites `out[start..<end]` in place, replacing Cyrillic homoglyphs by their
    /// Latin twins (one byte for two, so the word only shrinks); returns the new end.
    static func fixHomoglyphs(_ out: UnsafeMutableBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var r = start, w = start
        while r < end {
            let b = out[r]
            if b < 0x80 { out[w] = b; r += 1; w += 1; continue }
            let (scalar, len) = Scan.scalar(UnsafeBufferPointer(out), r)
            if let latin = cyrillicHomoglyphs[scalar] { out[w] = latin; w += 1 }
            else { for k in 0..<len { out[w + k] = out[r + k] }; w += len }
            r += len
        }
        return w
    }

    /// Same keys as `cyrillicHomoglyphs`, without hashing every Cyrillic letter.
    @inline(__always) static func isHomoglyph(_ s: UInt32) -> Bool {
        switch s {
        case 0x0410, 0x0412, 0x0415, 0x041A, 0x041C, 0x041D, 0x041E, 0x0420, 0x0421, 0x0422, 0x0425, 0x0406,
             0x0408, 0x0405, 0x0430, 0x0435, 0x043E, 0x0440, 0x0441, 0x0445, 0x0443, 0x0456, 0x0458, 0x0455, 0x04BB:
            return true
        default: return false
        }
    }

    /// Cyrillic letters that are drawn like a Latin letter.
    static let cyrillicHomoglyphs: [UInt32: UInt8] = [
        0x0410: 0x41, 0x0412: 0x42, 0x0415: 0x45, 0x041A: 0x4B, 0x041C: 0x4D, 0x041D: 0x48,
        0x041E: 0x4F, 0x0420: 0x50, 0x0421: 0x43, 0x0422: 0x54, 0x0425: 0x58, 0x0406: 0x49,
        0x0408: 0x4A, 0x0405: 0x53,
        0x0430: 0x61, 0x0435: 0x65, 0x043E: 0x6F, 0x0440: 0x70, 0x0441: 0x63, 0x0445: 0x78,
        0x0443: 0x79, 0x0456: 0x69, 0x0458: 0x6A, 0x0455: 0x73, 0x04BB: 0x68,
    ]
}

extension StringProtocol {
    /// Byte-wise prefix test: the text is normalised already, and the
    /// standard library's Unicode-aware `hasPrefix` is slow in hot loops.
    @inline(__always) func hasPrefixB(_ p: String) -> Bool { utf8.starts(with: p.utf8) }
    /// Byte-wise suffix test.
    @inline(__always) func hasSuffixB(_ p: String) -> Bool {
        let n = p.utf8.count
        return utf8.count >= n && utf8.suffix(n).elementsEqual(p.utf8)
    }
}

extension String {
    /// Whether the UTF-8 bytes hold `b`, without walking a `UTF8View`.
    @inline(__always) func containsByte(_ b: UInt8) -> Bool {
        var s = self
        return s.withUTF8 { p in p.count > 0 && memchr(p.baseAddress!, Int32(b), p.count) != nil }
    }

    // Concrete overloads for String: the generic UTF8View walk above is slow.
    @inline(__always) func hasPrefixB(_ p: String) -> Bool {
        var s = self, q = p
        return s.withUTF8 { a in q.withUTF8 { b in a.count >= b.count && (b.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, b.count) == 0) } }
    }
    @inline(__always) func hasSuffixB(_ p: String) -> Bool {
        var s = self, q = p
        return s.withUTF8 { a in q.withUTF8 { b in a.count >= b.count && (b.isEmpty || memcmp(a.baseAddress! + (a.count - b.count), b.baseAddress!, b.count) == 0) } }
    }
}
