/// Which records are compared at all.
///
/// Every reading with a surname gets block keys:
/// - `S` + surname stem: all records sharing a surname stem, compared in full
///   while the block is small (this is where relatives are told apart);
/// - `D` + the stem, and the stem with any one letter deleted, + the first
///   letter of the given name's group: two stems within one edit share such a
///   key (symmetric deletion), so Zhaulibaev meets Zhauylbaev.
/// Keys are hashed and sorted in one flat array (no dictionary of lists), and
/// a block larger than `blockLimit` is compared only within a window of
/// records sorted by given name, which keeps the work near-linear: a common
/// surname costs `window` comparisons per record, not the block's size.
struct Blocking {
    /// 24 bytes: a million records make about ten million entries.
    struct Entry {
        var hash: UInt64
        var secondary: UInt32
        var record: Int32
        /// Low bits of the stem's hash: equal stems are compared once, in their exact block.
        var stem: UInt32
        var exact: Bool
        var kind: UInt8  // 0 = S, 1 = D
    }

    let profiles: [RecordProfile]
    let blockLimit: Int
    let window: Int
    private(set) var entries: [Entry] = []

    init(profiles: [RecordProfile], nameForms: NameForms, blockLimit: Int, window: Int) {
        self.profiles = profiles
        self.blockLimit = blockLimit
        self.window = window
        var entries: [Entry] = []
        entries.reserveCapacity(profiles.count * 10)
        for (i, p) in profiles.enumerated() {
            var seenStems: [String] = []
            for reading in p.readings where reading.hasSurname {
                let givenGroup = reading.given.first.map { nameForms.groupKey($0) } ?? ""
                let initial = givenGroup.utf8.first ?? reading.firstInitial?.asciiValue ?? UInt8(ascii: "?")
                let secondary = UInt32(truncatingIfNeeded: givenGroup.isEmpty ? UInt64(initial) : Blocking.hash(givenGroup))
                let stem = reading.stem
                let stemBytes = Array(stem.utf8)
                let stemHash = Blocking.hash(stemBytes, prefix: UInt8(ascii: "S"))
                let stemLow = UInt32(truncatingIfNeeded: stemHash)
                if !seenStems.contains(stem) {
                    seenStems.append(stem)
                    entries.append(Entry(hash: stemHash, secondary: secondary, record: Int32(i), stem: stemLow, exact: true, kind: 0))
                }
                // The stem itself, then each one-letter deletion (a run of one letter deletes once).
                entries.append(Entry(hash: Blocking.hash(stemBytes, prefix: UInt8(ascii: "D"), skipping: nil, suffix: initial),
                                     secondary: secondary, record: Int32(i), stem: stemLow, exact: true, kind: 1))
                guard stemBytes.count >= 5 else { continue }
                for k in stemBytes.indices where k == 0 || stemBytes[k] != stemBytes[k - 1] {
                    entries.append(Entry(hash: Blocking.hash(stemBytes, prefix: UInt8(ascii: "D"), skipping: k, suffix: initial),
                                         secondary: secondary, record: Int32(i), stem: stemLow, exact: false, kind: 1))
                }
            }
        }
        // Runs are whole-hash equal; within a run, by given name, then input order.
        entries.sort { $0.hash != $1.hash ? $0.hash < $1.hash : ($0.secondary, $0.record) < ($1.secondary, $1.record) }
        self.entries = entries
    }

    /// FNV-1a over a prefix letter, the bytes without the one at `skipping`,
    /// and a separator plus `suffix` when given; no string is built.
    static func hash(_ bytes: [UInt8], prefix: UInt8, skipping: Int? = nil, suffix: UInt8? = nil) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        h = (h ^ UInt64(prefix)) &* 0x0000_0100_0000_01b3
        for (k, b) in bytes.enumerated() where k != skipping { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        if let suffix {
            h = (h ^ 0x7C) &* 0x0000_0100_0000_01b3
            h = (h ^ UInt64(suffix)) &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// The stem and, for stems of five letters or more, each one-letter deletion.
    static func deletionNeighbourhood(_ stem: String) -> [String] {
        let bytes = Array(stem.utf8)
        guard bytes.count >= 5 else { return [stem] }
        var out = [stem]
        for k in bytes.indices {
            if k > 0, bytes[k] == bytes[k - 1] { continue }  // same deletion as the previous letter
            var v = bytes
            v.remove(at: k)
            out.append(String(decoding: v, as: UTF8.self))
        }
        return out
    }

    /// FNV-1a, 64 bits.
    static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// Sorted, distinct pairs `i << 32 | j` with `i < j`.
    func candidatePairs() -> [UInt64] {
        var pairs: [UInt64] = []
        pairs.reserveCapacity(profiles.count * 4)
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].hash == entries[start].hash { end += 1 }
            let count = end - start
            let kind = entries[start].kind
            if count > 1, !(kind == 0 && count > blockLimit) {
                let reach = count <= blockLimit ? count : window
                for x in start..<end {
                    let ex = entries[x]
                    var y = x + 1
                    while y < end, y - x <= reach {
                        let ey = entries[y]
                        y += 1
                        if ex.record == ey.record { continue }
                        // Equal stems meet in their exact block only, not in every deletion.
                        if kind == 1, ex.stem == ey.stem, !(ex.exact && ey.exact) { continue }
                        let (a, b) = ex.record < ey.record ? (ex.record, ey.record) : (ey.record, ex.record)
                        pairs.append(UInt64(a) << 32 | UInt64(b))
                    }
                }
            }
            start = end
        }
        pairs.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(pairs.count)
        for p in pairs where unique.last != p { unique.append(p) }
        return unique
    }

    /// Whether neither record's document names another person with a surname
    /// stem the two share.
    func surnameIsUniqueInDocuments(_ i: Int, _ j: Int) -> Bool {
        let a = profiles[i], b = profiles[j]
        let shared = Set(a.readings.map(\.stem)).intersection(b.readings.map(\.stem))
        for stem in shared {
            let h = Blocking.hash(Array(stem.utf8), prefix: UInt8(ascii: "S"))
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].hash < h { lo = mid + 1 } else { hi = mid }
            }
            var count = 0
            var k = lo
            while k < entries.count, entries[k].hash == h {
                let r = Int(entries[k].record)
                if r != i, r != j, profiles[r].document == a.document || profiles[r].document == b.document { return false }
                count += 1
                k += 1
            }
            if count > blockLimit { return false }
        }
        return true
    }
}
