/// A word, number or punctuation mark with its byte range.
struct Token: Sendable {
    enum Kind: UInt8, Sendable { case word, number, punct }
    /// Lower-cased text (numbers and punctuation as written).
    var lower: String
    // Offsets as UInt32 and the flags last: 32 bytes a token instead of 48,
    // and a document keeps all its tokens.
    private var start32: UInt32
    private var end32: UInt32
    var kind: Kind
    /// First letter upper case.
    var isCapitalised: Bool
    /// Every letter upper case (two letters or more).
    var isAllCaps: Bool
    var isCyrillic: Bool

    var start: Int { get { Int(start32) } set { start32 = UInt32(newValue) } }
    var end: Int { get { Int(end32) } set { end32 = UInt32(newValue) } }

    init(kind: Kind, start: Int, end: Int, lower: String, isCapitalised: Bool, isAllCaps: Bool, isCyrillic: Bool) {
        self.lower = lower; start32 = UInt32(start); end32 = UInt32(end)
        self.kind = kind; self.isCapitalised = isCapitalised; self.isAllCaps = isAllCaps; self.isCyrillic = isCyrillic
    }

    func text(_ u: [UInt8]) -> String { Scan.string(u, start..<end) }
}

enum Tokenizer {
    /// Words keep inner hyphens and apostrophes ("Zhan-Aidar", "Bokayev’s" is
    /// split into "Bokayev" + "’s"); numbers keep inner separators ("4.5",
    /// "500,000", "380-1", "1/2").
    static func tokens(_ u: [UInt8], _ r: Range<Int>) -> [Token] {
        var out: [Token] = []
        // About 5.6 bytes a token: this size seldom has to grow (and double).
        out.reserveCapacity(r.count / 5 + 4)
        var i = r.lowerBound
        let b = r.upperBound
        while i < b {
            let (s, len) = Scan.scalar(u, i)
            if s == 0x20 { i += len; continue }
            if s >= 0x30 && s <= 0x39 {
                var j = i + 1
                while j < b {
                    let c = u[j]
                    if c >= 0x30 && c <= 0x39 { j += 1; continue }
                    if (c == 0x2E || c == 0x2C || c == 0x2F || c == 0x2D), j + 1 < b, u[j + 1] >= 0x30, u[j + 1] <= 0x39 { j += 2; continue }
                    break
                }
                // Digits and ASCII separators only: no decoding or validation needed.
                out.append(Token(kind: .number, start: i, end: j, lower: asciiLower(u, i, j),
                                 isCapitalised: false, isAllCaps: false, isCyrillic: false))
                i = j
                continue
            }
            if Scan.isLetter(s) {
                var j = i + len
                var upper = 0, letters = 1, cyr = (s >= 0x400 && s <= 0x52F)
                if isUpper(s) { upper += 1 }
                let first = isUpper(s)
                var ascii = s < 0x80
                while j < b {
                    let (t, l) = Scan.scalar(u, j)
                    if Scan.isLetter(t) {
                        letters += 1; if isUpper(t) { upper += 1 }
                        if t >= 0x400 && t <= 0x52F { cyr = true }
                        if t >= 0x80 { ascii = false }
                        j += l; continue
                    }
                    if t == 0x2D || t == 0x27 || t == 0x2019 {
                        // Inner hyphen or apostrophe followed by a letter, but the possessive 's is its own token.
                        if j + l < b {
                            let (n2, l2) = Scan.scalar(u, j + l)
                            if Scan.isLetter(n2) {
                                if t != 0x2D, (n2 == 0x73 || n2 == 0x53), j + l + l2 >= b || !Scan.isLetter(Scan.scalar(u, j + l + l2).0) { break }
                                j += l; continue
                            }
                        }
                    }
                    break
                }
                out.append(Token(kind: .word, start: i, end: j, lower: ascii ? asciiLower(u, i, j) : Scan.string(u, i..<j).lowercased(),
                                 isCapitalised: first, isAllCaps: letters >= 2 && upper == letters, isCyrillic: cyr))
                i = j
                continue
            }
            // Non-ASCII punctuation gets an ASCII stand-in: comparing and hashing
            // non-ASCII strings is slow, and the recognisers treat ’ like ' and – like -.
            let lowerPunct: String
            if s < 0x80 { lowerPunct = asciiStrings[Int(s)] } else {
                switch s {
                case 0x2018, 0x2019, 0x201A, 0x2032, 0x02BC: lowerPunct = "'"
                case 0x201C, 0x201D, 0x201E, 0xAB, 0xBB, 0x2033: lowerPunct = "\""
                case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: lowerPunct = "-"
                case 0x2026: lowerPunct = "..."
                case 0x2022, 0x25AA, 0x2023, 0xB7: lowerPunct = "*"
                default: lowerPunct = "?"
                }
            }
            out.append(Token(kind: .punct, start: i, end: i + len, lower: lowerPunct,
                             isCapitalised: false, isAllCaps: false, isCyrillic: false))
            i += len
        }
        return out
    }

    @inline(__always) static func isUpper(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x41 && s <= 0x5A }
        if s >= 0x410 && s <= 0x42F || s >= 0x400 && s <= 0x40F { return true }
        if s >= 0x430 && s <= 0x45F { return false }
        if s >= 0xC0 && s <= 0xDE { return s != 0xD7 }
        if s >= 0xDF && s <= 0xFF { return false }
        return Unicode.Scalar(s)?.properties.isUppercase ?? false
    }

    /// One-byte strings for ASCII punctuation, made once.
    static let asciiStrings: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    static func asciiLower(_ u: [UInt8], _ a: Int, _ b: Int) -> String {
        String(unsafeUninitializedCapacity: b - a) { buf in
            for k in a..<b { let c = u[k]; buf[k - a] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }
            return b - a
        }
    }
}
