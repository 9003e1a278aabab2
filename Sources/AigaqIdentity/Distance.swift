/// Edit distances on name keys (ASCII after folding).
enum Distance {
    /// Optimal-string-alignment distance (Levenshtein plus adjacent
    /// transpositions: Zhaulibaev / Zhauylbaev is one edit), or `limit + 1`
    /// as soon as it must exceed `limit`.
    static func damerau(_ a: String, _ b: String, limit: Int) -> Int {
        var a8 = Array(a.utf8), b8 = Array(b.utf8)
        if a8.count > b8.count { swap(&a8, &b8) }
        let n = a8.count, m = b8.count
        if m - n > limit { return limit + 1 }
        if n == 0 { return m }
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            var rowMin = i
            for j in 1...m {
                let cost = a8[i - 1] == b8[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a8[i - 1] == b8[j - 2], a8[i - 2] == b8[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m]
    }

    /// Whether `a` and `b` differ by one swap of neighbouring letters.
    static func isTransposition(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var first = -1
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        var prevA: UInt8 = 0, prevB: UInt8 = 0
        var k = 0, swapped = false
        while let x = ia.next(), let y = ib.next() {
            if x != y {
                if first < 0 { first = k } else if k == first + 1, !swapped, x == prevB, y == prevA { swapped = true } else { return false }
            } else if first >= 0, !swapped { return false }
            prevA = x; prevB = y; k += 1
        }
        return swapped
    }

    /// Whether the distance of `a` and `b` is at most one (substitution,
    /// insertion, deletion or neighbour swap), without allocating.
    static func withinOneEdit(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in withinOneEdit(pa, pb) } }
    }

    static func withinOneEdit(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let (s, l) = a.count <= b.count ? (a, b) : (b, a)
        if l.count - s.count > 1 { return false }
        var i = 0
        while i < s.count, s[i] == l[i] { i += 1 }
        if i == s.count { return true }
        if s.count == l.count {
            // Substitution at i, or a swap of i and i + 1.
            var j = i + 1
            while j < s.count, s[j] == l[j] { j += 1 }
            if j == s.count { return true }
            guard j == i + 1, s[i] == l[j], s[j] == l[i] else { return false }
            j += 1
            while j < s.count, s[j] == l[j] { j += 1 }
            return j == s.count
        }
        // Deletion from the longer at i.
        var j = i
        while j < s.count, s[j] == l[j + 1] { j += 1 }
        return j == s.count
    }
}
