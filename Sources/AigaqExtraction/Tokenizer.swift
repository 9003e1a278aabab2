import Foundation

/// The normalised text's bytes. The extractor reads them in place (no copy,
/// no bounds checks in release builds); the text outlives every use.
typealias Bytes = UnsafeBufferPointer<UInt8>

/// A word, number or punctuation mark: its byte range and the id of its
/// lower-case form in the document's `Vocabulary`. Plain data (16 bytes, no
/// reference counting): a document keeps all of its tokens.
struct Token: Sendable {
    enum Kind: UInt8, Sendable { case word, number, punct }
    private var start32: UInt32
    private var end32: UInt32
    /// Lower-cased text's id (numbers as written; punctuation as its ASCII stand-in).
    var id: UInt32
    var kind: Kind
    private var flags: UInt8

    var start: Int { Int(start32) }
    var end: Int { Int(end32) }
    /// First letter upper case.
    var isCapitalised: Bool { flags & 1 != 0 }
    /// Every letter upper case (two letters or more).
    var isAllCaps: Bool { flags & 2 != 0 }
    var isCyrillic: Bool { flags & 4 != 0 }
    /// A word of ASCII bytes only: its lower-case form is its bytes with A–Z lowered.
    var isASCII: Bool { flags & 8 != 0 }

    @inline(__always) init(kind: Kind, start: Int, end: Int, id: UInt32, isCapitalised: Bool = false, isAllCaps: Bool = false,
                           isCyrillic: Bool = false, isASCII: Bool = false) {
        start32 = UInt32(start); end32 = UInt32(end); self.id = id; self.kind = kind
        flags = (isCapitalised ? 1 : 0) | (isAllCaps ? 2 : 0) | (isCyrillic ? 4 : 0) | (isASCII ? 8 : 0)
    }

    func text(_ u: Bytes) -> String { Scan.string(u, start..<end) }
}

/// The tokens of one sentence with the vocabulary that names their words.
/// Indices are 0-based within the sentence.
struct Toks {
    let t: UnsafeBufferPointer<Token>
    /// Raw tables: the extractor (or `TokenizedText`) keeps the vocabulary alive, and
    /// a sentence's tokens are looked at millions of times.
    let lex: Lex

    init(t: UnsafeBufferPointer<Token>, lex: Lex) { self.t = t; self.lex = lex }
    init(t: UnsafeBufferPointer<Token>, v: Vocabulary) { self.t = t; lex = v.lex }

    @inline(__always) var count: Int { t.count }
    @inline(__always) var indices: Range<Int> { 0..<t.count }
    @inline(__always) var isEmpty: Bool { t.isEmpty }
    @inline(__always) subscript(_ i: Int) -> Token { t[i] }
    /// The lower-case text of token `i`.
    @inline(__always) func lower(_ i: Int) -> String { lex.words[Int(t[i].id)] }
    @inline(__always) func has(_ i: Int, _ b: WordBits) -> Bool { lex.bits[Int(t[i].id)] & b.rawValue != 0 }
    @inline(__always) func isWord(_ i: Int, _ b: WordBits) -> Bool { t[i].kind == .word && lex.bits[Int(t[i].id)] & b.rawValue != 0 }
    @inline(__always) func `is`(_ i: Int, _ k: K) -> Bool { t[i].id == k.rawValue }
    /// Token `i` is the ASCII character `c` (punctuation, or a one-letter word).
    @inline(__always) func isChar(_ i: Int, _ c: Unicode.Scalar) -> Bool { t[i].id == c.value }
    /// The value of a number token of plain digits, else nil.
    @inline(__always) func int(_ i: Int) -> Int? { let n = lex.numbers[Int(t[i].id)]; return n >= 0 ? Int(n) : nil }
    @inline(__always) func byteCount(_ i: Int) -> Int { t[i].end - t[i].start }
    /// Lower-case texts of `r`, for the few places that build phrases.
    func lowers(_ r: Range<Int>) -> [String] { r.map { lower($0) } }
}

/// Growable raw storage for a document's tokens (an array's append costs
/// more than the tokenizer's work for a short word).
struct TokenStore {
    private(set) var base: UnsafeMutablePointer<Token>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = TokenStore.allocate(self.capacity)
    }

    /// Frees the storage; the store must not be used afterwards.
    func free() { Foundation.free(base) }

    /// Large stores ask Linux for huge pages: a document's tokens are tens of
    /// megabytes, touched once in order, and a fault per 4 KiB page is felt.
    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Token> {
        let bytes = count * MemoryLayout<Token>.stride
        var raw: UnsafeMutableRawPointer? = nil
        let align = bytes >= 4 << 20 ? 2 << 20 : MemoryLayout<Token>.alignment * 2
        guard posix_memalign(&raw, align, bytes) == 0, let p = raw else { fatalError("out of memory for \(count) tokens") }
        #if os(Linux)
        if bytes >= 4 << 20 { _ = madvise(p, bytes, MADV_HUGEPAGE) }
        #endif
        return p.bindMemory(to: Token.self, capacity: count)
    }

    @inline(__always) mutating func append(_ t: Token) {
        if count == capacity { grow() }
        (base + count).initialize(to: t)
        count += 1
    }

    private mutating func grow() {
        let bigger = TokenStore.allocate(capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        Foundation.free(base)
        base = bigger
        capacity *= 2
    }

    var buffer: UnsafeBufferPointer<Token> { UnsafeBufferPointer(start: base, count: count) }
}

/// What tokenising a document gathers besides the tokens.
struct TokenizerState {
    var vb = VocabularyBuilder()
    var scratch = [UInt8](repeating: 0, count: 64)
    /// Starts of words that begin with A–Z or А–Я after a byte that is not a
    /// letter, hyphen or non-ASCII byte (`LoneGivenNames.capitalisedWordStarts`).
    var capitalisedStarts: [Int] = []
}

enum Tokenizer {
    /// Words keep inner hyphens and apostrophes ("Zhan-Aidar", "Bokayev’s" is
    /// split into "Bokayev" + "’s"); numbers keep inner separators ("4.5",
    /// "500,000", "380-1", "1/2"). Appends to `out` and returns the OR of the
    /// tokens' word bits.
    static func tokens(_ u: Bytes, _ r: Range<Int>, _ st: inout TokenizerState, into out: inout TokenStore) -> UInt64 {
        var mask: UInt64 = 0
        var i = r.lowerBound
        let b = r.upperBound
        while i < b {
            let c0 = u[i]
            if c0 == 0x20 { i += 1; continue }
            if c0 >= 0x30 && c0 <= 0x39 {
                var j = i + 1
                while j < b {
                    let c = u[j]
                    if c >= 0x30 && c <= 0x39 { j += 1; continue }
                    if (c == 0x2E || c == 0x2C || c == 0x2F || c == 0x2D), j + 1 < b, u[j + 1] >= 0x30, u[j + 1] <= 0x39 { j += 2; continue }
                    break
                }
                // Digits and ASCII separators only: the bytes are the key.
                let num = Bytes(rebasing: u[i..<j])
                let (id, bits) = st.vb.internWithBits(num, hash: VocabularyBuilder.hash(num))
                mask |= bits
                out.append(Token(kind: .number, start: i, end: j, id: id))
                i = j
                continue
            }
            let isAsciiLetter = (c0 | 0x20) >= 0x61 && (c0 | 0x20) <= 0x7A
            if isAsciiLetter || (c0 == 0xD0 && i + 1 < b && u[i + 1] >= 0x80 && u[i + 1] <= 0xAF) {
                if i == 0 || !LoneGivenNames.isWordByte(u[i - 1]), c0 <= 0x5A || c0 == 0xD0 { st.capitalisedStarts.append(i) }
            }
            if isAsciiLetter, let (j, upper) = asciiLetters(u, i, b),
               j >= b || (u[j] != 0x2D && u[j] != 0x27 && u[j] < 0x80) {
                // A plain ASCII word (most words): hashed eight letters at a time, lower-cased on the way.
                let n = j - i
                let (hash, head) = hashLowered(u, i, n)
                let (id, bits) = st.vb.internASCII(u.baseAddress! + i, n, hash: hash, head: head, lower: upper > 0)
                mask |= bits
                out.append(Token(kind: .word, start: i, end: j, id: id,
                                 isCapitalised: c0 <= 0x5A, isAllCaps: n >= 2 && upper == n, isCyrillic: false, isASCII: true))
                i = j
                continue
            }
            let (s, len) = c0 < 0x80 ? (UInt32(c0), 1) : Scan.scalar(u, i)
            if Scan.isLetter(s) {
                var j = i + len
                var upper = 0, letters = 1, cyr = (s >= 0x400 && s <= 0x52F)
                if isUpper(s) { upper += 1 }
                let first = isUpper(s)
                var ascii = s < 0x80
                while j < b {
                    let cj = u[j]
                    let (t, l) = cj < 0x80 ? (UInt32(cj), 1) : Scan.scalar(u, j)
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
                                if t >= 0x80 { ascii = false }
                                // After an ASCII apostrophe a capital starts a word of its own for the lone-name passes.
                                if t == 0x27, let c = Optional(u[j + 1]), c >= 0x41 && c <= 0x5A || (c == 0xD0 && j + 2 < u.count && u[j + 2] >= 0x80 && u[j + 2] <= 0xAF) {
                                    st.capitalisedStarts.append(j + 1)
                                }
                                j += l; continue
                            }
                        }
                    }
                    break
                }
                let id = internLower(u, i, j, ascii: ascii, hasUpper: upper > 0, &st.vb, &st.scratch)
                mask |= st.vb.bits[Int(id)]
                out.append(Token(kind: .word, start: i, end: j, id: id,
                                 isCapitalised: first, isAllCaps: letters >= 2 && upper == letters, isCyrillic: cyr, isASCII: ascii))
                i = j
                continue
            }
            // Punctuation: ASCII is its own id; the rest gets an ASCII stand-in, since
            // the recognisers treat ’ like ' and – like -.
            let id: UInt32
            if s < 0x80 { id = s } else {
                switch s {
                case 0x2018, 0x2019, 0x201A, 0x2032, 0x02BC: id = 0x27
                case 0x201C, 0x201D, 0x201E, 0xAB, 0xBB, 0x2033: id = 0x22
                case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: id = 0x2D
                case 0x2026: id = K.ellipsis.rawValue
                case 0x2022, 0x25AA, 0x2023, 0xB7: id = 0x2A
                default: id = 0x3F
                }
            }
            mask |= st.vb.bits[Int(id)]
            out.append(Token(kind: .punct, start: i, end: i + len, id: id))
            i += len
        }
        return mask
    }

    /// Where the run of ASCII letters from `i` ends (at most `b`) and how many are capitals;
    /// eight bytes at a time while the text lasts.
    @inline(__always) static func asciiLetters(_ u: Bytes, _ i: Int, _ b: Int) -> (end: Int, upper: Int)? {
        var j = i, upper = 0
        let high: UInt64 = 0x8080_8080_8080_8080
        while j + 8 <= u.count {
            let x = UnsafeRawPointer(u.baseAddress! + j).loadUnaligned(as: UInt64.self)
            // Per byte, without carries between bytes: a letter is an ASCII byte that,
            // with bit 5 set, lies in a–z.
            let l = (x & 0x7F7F_7F7F_7F7F_7F7F) | 0x2020_2020_2020_2020
            let letters = (l &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(l &+ 0x0505_0505_0505_0505) & ~x & high
            let capitals = letters & ~(x << 2)
            let others = ~letters & high
            if others == 0 {
                upper += capitals.nonzeroBitCount
                j += 8
                if j >= b { break }
                continue
            }
            let k = others.trailingZeroBitCount / 8
            upper += (capitals & ((1 << UInt64(k * 8)) &- 1)).nonzeroBitCount
            j += k
            return j <= b ? (j, upper) : nil
        }
        if j > b { return nil }
        while j < b {
            let c = u[j]
            let l = c | 0x20
            guard l >= 0x61 && l <= 0x7A else { break }
            if c != l { upper += 1 }
            j += 1
        }
        return (j, upper)
    }

    /// `VocabularyBuilder.hash` of the lower-cased ASCII letters `u[i..<i+n]`, read
    /// eight at a time, and their first eight bytes.
    @inline(__always) static func hashLowered(_ u: Bytes, _ i: Int, _ n: Int) -> (UInt32, UInt64) {
        var h = VocabularyBuilder.start(n)
        var head: UInt64 = 0
        var k = 0
        while k < n {
            let m = min(8, n - k)
            var chunk: UInt64
            if i + k + 8 <= u.count {
                chunk = UnsafeRawPointer(u.baseAddress! + i + k).loadUnaligned(as: UInt64.self)
                if m < 8 { chunk &= (1 << UInt64(8 * m)) &- 1 }
            } else {
                chunk = 0
                for b in 0..<m { chunk |= UInt64(u[i + k + b]) << UInt64(8 * b) }
            }
            // Letters only: setting bit 5 of each byte lower-cases them.
            chunk |= 0x2020_2020_2020_2020 & ((m < 8) ? (1 << UInt64(8 * m)) &- 1 : ~0)
            if k == 0 { head = chunk }
            h = VocabularyBuilder.mix(h, chunk)
            k += 8
        }
        return (VocabularyBuilder.finish(h), head)
    }

    /// Interns the lower-case form of the word `u[i..<j]`, as `String.lowercased()`
    /// gives it: by hand for ASCII, Latin-1 and Russian letters, else through the
    /// standard library.
    @inline(__always) static func internLower(_ u: Bytes, _ i: Int, _ j: Int, ascii: Bool, hasUpper: Bool,
                                              _ vb: inout VocabularyBuilder, _ scratch: inout [UInt8]) -> UInt32 {
        if !hasUpper && ascii { return vb.intern(Bytes(rebasing: u[i..<j])) }
        let n = j - i
        if scratch.count < n { scratch = [UInt8](repeating: 0, count: max(n, scratch.count * 2)) }
        let done: Bool = scratch.withUnsafeMutableBufferPointer { out in
            var k = i, o = 0
            while k < j {
                let c = u[k]
                if c < 0x80 { out[o] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c; o += 1; k += 1; continue }
                guard k + 1 < j else { return false }
                let d = u[k + 1]
                switch c {
                case 0xD0:
                    // U+0400–U+040F → U+0450–U+045F, U+0410–U+041F → U+0430–U+043F, U+0420–U+042F → U+0440–U+044F
                    if d >= 0x80 && d <= 0x8F { out[o] = 0xD1; out[o + 1] = d + 0x10 }
                    else if d >= 0x90 && d <= 0x9F { out[o] = 0xD0; out[o + 1] = d + 0x20 }
                    else if d >= 0xA0 && d <= 0xAF { out[o] = 0xD1; out[o + 1] = d - 0x20 }
                    else { out[o] = c; out[o + 1] = d }
                case 0xD1:
                    // U+0440–U+047F: lower already up to U+045F; beyond, leave it to the library.
                    guard d <= 0x9F else { return false }
                    out[o] = c; out[o + 1] = d
                case 0xC3:
                    // Latin-1: À–Þ (not ×) → à–þ.
                    out[o] = c; out[o + 1] = (d >= 0x80 && d <= 0x9E && d != 0x97) ? d + 0x20 : d
                case 0xE2 where d == 0x80 && k + 2 < j && u[k + 2] == 0x99:
                    // ’ inside a word
                    out[o] = 0xE2; out[o + 1] = 0x80; out[o + 2] = 0x99; o += 3; k += 3; continue
                default:
                    return false
                }
                o += 2; k += 2
            }
            return true
        }
        if done {
            return scratch.withUnsafeBufferPointer { vb.intern(Bytes(rebasing: $0[0..<n])) }
        }
        var lowered = Scan.string(u, i..<j).lowercased()
        return lowered.withUTF8 { vb.intern($0) }
    }

    @inline(__always) static func isUpper(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x41 && s <= 0x5A }
        if s >= 0x410 && s <= 0x42F || s >= 0x400 && s <= 0x40F { return true }
        if s >= 0x430 && s <= 0x45F { return false }
        if s >= 0xC0 && s <= 0xDE { return s != 0xD7 }
        if s >= 0xDF && s <= 0xFF { return false }
        return Unicode.Scalar(s)?.properties.isUppercase ?? false
    }
}

/// Tokens of a short text with their own vocabulary (tests and one-off use).
struct TokenizedText {
    let bytes: [UInt8]
    let tokens: [Token]
    let vocabulary: Vocabulary

    init(_ normalised: String) {
        bytes = Array(normalised.utf8)
        var st = TokenizerState()
        var store = TokenStore(capacity: 64)
        defer { store.free() }
        bytes.withUnsafeBufferPointer { u in _ = Tokenizer.tokens(u, 0..<u.count, &st, into: &store) }
        tokens = Array(store.buffer)
        vocabulary = st.vb.freeze()
    }

    /// Runs `body` with the tokens and bytes in place.
    func with<R>(_ body: (Toks, Bytes) throws -> R) rethrows -> R {
        try tokens.withUnsafeBufferPointer { t in
            try bytes.withUnsafeBufferPointer { u in try body(Toks(t: t, v: vocabulary), u) }
        }
    }
}
