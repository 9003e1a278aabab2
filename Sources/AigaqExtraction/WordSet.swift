import Foundation

/// A fixed set of words looked up by their UTF-8 bytes.
///
/// `Set<String>` hashes with SipHash and, for non-ASCII words, normalises
/// before hashing and comparing; the recognisers look words up for nearly
/// every token, and the text they come from is compared byte-wise anyway.
struct WordSet: Sequence, ExpressibleByArrayLiteral, Sendable {
    private let words: [String]
    /// All words' bytes, one after the other.
    private let bytes: [UInt8]
    /// Open addressing, 0 when empty, else offset << 40 | length << 16 | (index + 1):
    /// one load per probe, and the length is checked before any byte.
    private let slots: [UInt64]
    private let mask: Int
    private let maxLength: Int

    init<S: Sequence>(_ seq: S) where S.Element == String {
        var unique: [String] = []
        var seen = Set<[UInt8]>()
        for w in seq where seen.insert(Array(w.utf8)).inserted { unique.append(w) }
        precondition(unique.count < 0xFFFF)
        words = unique
        var b: [UInt8] = [], o: [Int] = [0]
        for w in unique { b.append(contentsOf: w.utf8); o.append(b.count) }
        bytes = b
        maxLength = zip(o.dropFirst(), o).map { $0 - $1 }.max() ?? 0
        var cap = 8
        while cap < unique.count * 3 { cap <<= 1 }
        mask = cap - 1
        var t = [UInt64](repeating: 0, count: cap)
        b.withUnsafeBufferPointer { all in
            for k in unique.indices {
                var h = WordSet.hash(UnsafeBufferPointer(rebasing: all[o[k]..<o[k + 1]])) & (cap - 1)
                while t[h] != 0 { h = (h + 1) & (cap - 1) }
                t[h] = UInt64(o[k]) << 40 | UInt64(o[k + 1] - o[k]) << 16 | UInt64(k + 1)
            }
        }
        slots = t
    }

    init(arrayLiteral elements: String...) { self.init(elements) }

    @inline(__always) static func hash(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for c in p { h = (h ^ UInt64(c)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    func contains(bytes p: UnsafeBufferPointer<UInt8>) -> Bool { index(bytes: p) != nil }

    /// Position of the word in `words`, if present.
    func index(bytes p: UnsafeBufferPointer<UInt8>) -> Int? {
        if p.count > maxLength || p.count == 0 { return p.count == 0 ? zeroIndex() : nil }
        var h = WordSet.hash(p) & mask
        return slots.withUnsafeBufferPointer { sl -> Int? in
            bytes.withUnsafeBufferPointer { all -> Int? in
                while true {
                    let e = sl[h]
                    if e == 0 { return nil }
                    if Int(truncatingIfNeeded: (e >> 16) & 0xFF_FFFF) == p.count,
                       memcmp(all.baseAddress! + Int(e >> 40), p.baseAddress!, p.count) == 0 {
                        return Int(e & 0xFFFF) - 1
                    }
                    h = (h + 1) & mask
                }
            }
        }
    }

    /// The empty word, if the set holds it (no list does; kept for exactness).
    private func zeroIndex() -> Int? { words.firstIndex(of: "") }

    @inline(__always) func contains(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { contains(bytes: $0) }
    }

    @inline(__always) func contains(_ s: Substring) -> Bool {
        var s = s
        return s.withUTF8 { contains(bytes: $0) }
    }

    func union<S: Sequence>(_ other: S) -> WordSet where S.Element == String { WordSet(words + Array(other)) }

    var count: Int { words.count }
    var isEmpty: Bool { words.isEmpty }
    func makeIterator() -> IndexingIterator<[String]> { words.makeIterator() }
}

extension WordSet {
    @inline(__always) func index(_ s: String) -> Int? {
        var s = s
        return s.withUTF8 { index(bytes: $0) }
    }
}

/// A fixed word-keyed table with `WordSet` lookups.
struct WordMap<Value: Sendable>: Sendable {
    private let keys: WordSet
    private let values: [Value]

    init(_ d: [String: Value]) {
        let ks = Array(d.keys)
        keys = WordSet(ks)
        values = ks.map { d[$0]! }
    }

    @inline(__always) subscript(_ s: String) -> Value? {
        keys.index(s).map { values[$0] }
    }
}
