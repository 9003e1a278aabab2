/// A fixed set of words looked up by their UTF-8 bytes.
///
/// `Set<String>` hashes with SipHash and, for non-ASCII words, normalises
/// before hashing and comparing; the recognisers look words up for nearly
/// every token, and the text they come from is compared byte-wise anyway.
struct WordSet: Sequence, ExpressibleByArrayLiteral, Sendable {
    private let words: [String]
    /// All words' bytes, one after the other.
    private let bytes: [UInt8]
    private let offsets: [Int]
    /// Open addressing: index into `words` + 1, or 0 when empty.
    private let slots: [Int32]
    private let mask: Int

    init<S: Sequence>(_ seq: S) where S.Element == String {
        var unique: [String] = []
        var seen = Set<[UInt8]>()
        for w in seq where seen.insert(Array(w.utf8)).inserted { unique.append(w) }
        words = unique
        var b: [UInt8] = [], o: [Int] = [0]
        for w in unique { b.append(contentsOf: w.utf8); o.append(b.count) }
        bytes = b; offsets = o
        var cap = 8
        while cap < unique.count * 3 { cap <<= 1 }
        mask = cap - 1
        var t = [Int32](repeating: 0, count: cap)
        b.withUnsafeBufferPointer { all in
            for k in unique.indices {
                var h = WordSet.hash(UnsafeBufferPointer(rebasing: all[o[k]..<o[k + 1]])) & (cap - 1)
                while t[h] != 0 { h = (h + 1) & (cap - 1) }
                t[h] = Int32(k + 1)
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

    func contains(bytes p: UnsafeBufferPointer<UInt8>) -> Bool {
        var h = WordSet.hash(p) & mask
        return bytes.withUnsafeBufferPointer { all in
            while true {
                let k = Int(slots[h])
                if k == 0 { return false }
                let a = offsets[k - 1], e = offsets[k]
                if e - a == p.count {
                    var i = 0
                    while i < p.count, all[a + i] == p[i] { i += 1 }
                    if i == p.count { return true }
                }
                h = (h + 1) & mask
            }
        }
    }

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
