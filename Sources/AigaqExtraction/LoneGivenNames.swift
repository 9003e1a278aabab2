/// Reports often go on to call a person by one word of the name: the given
/// name ("Aidos was shot on ...") or the surname ("Kravets said ..."). Such a
/// mention belongs to the one person in the document with that word as a
/// given name or surname; when two share it, or the word begins a longer
/// name, it is left alone.
enum LoneGivenNames {
    static func addMentions(to persons: inout [ExtractedPerson], text: [UInt8]) {
        text.withUnsafeBufferPointer { addMentions(to: &persons, text: $0) }
    }

    /// Where the text's words (runs of letters, non-ASCII bytes and hyphens) start
    /// with a capital A–Z or U+0400–U+042F: the only words either pass looks at.
    static func capitalisedWordStarts(_ t: Bytes) -> [Int] {
        var out: [Int] = []
        let n = t.count
        var previousIsWordByte = false
        var i = 0
        while i < n {
            let b = t[i]
            if !previousIsWordByte, (b >= 0x41 && b <= 0x5A) || (b == 0xD0 && i + 1 < n && t[i + 1] >= 0x80 && t[i + 1] <= 0xAF) {
                out.append(i)
            }
            previousIsWordByte = isWordByte(b)
            i += 1
        }
        return out
    }

    /// The mentions' ranges, sorted (they do not overlap).
    static func takenRanges(_ persons: [ExtractedPerson]) -> [Range<Int>] {
        var taken: [Range<Int>] = persons.flatMap { $0.mentions.map { $0.start..<$0.end } }
        taken.sort { $0.lowerBound < $1.lowerBound }
        return taken
    }

    static func addMentions(to persons: inout [ExtractedPerson], text: Bytes, starts: [Int]? = nil) {
        var taken = takenRanges(persons)
        addMentions(to: &persons, text: text, starts: starts, taken: &taken)
    }

    /// Adds the mentions and their ranges to `taken` (kept sorted).
    static func addMentions(to persons: inout [ExtractedPerson], text: Bytes, starts: [Int]?, taken: inout [Range<Int>]) {
        // First or last word of a normalised full name → the one person who has it.
        var owner: [String: Int] = [:]
        var shared: Set<String> = []
        for (i, p) in persons.enumerated() {
            let words = p.name.split(separator: " ")
            guard words.count >= 2 else { continue }
            for word in Set([words.first!, words.last!]) {
                let key = String(word)
                guard key.count >= 3 else { continue }
                if owner[key] != nil && owner[key] != i { shared.insert(key) } else { owner[key] = i }
            }
        }
        for key in shared { owner[key] = nil }
        guard !owner.isEmpty else { return }
        // Looked up by bytes: no string is made for the words of the text.
        let keys = WordSet(owner.keys)
        let owners = keys.map { owner[$0]! }
        let shortest = owner.keys.map(\.utf8.count).min()!, longest = owner.keys.map(\.utf8.count).max()!

        func overlaps(_ r: Range<Int>) -> Bool {
            // Binary search for the first mention ending after r starts.
            var lo = 0, hi = taken.count
            while lo < hi { let mid = (lo + hi) / 2; if taken[mid].upperBound <= r.lowerBound { lo = mid + 1 } else { hi = mid } }
            var k = max(0, lo - 1)
            while k < taken.count && taken[k].lowerBound < r.upperBound {
                if taken[k].overlaps(r) { return true }
                k += 1
            }
            return false
        }

        let n = text.count
        var added: [(Int, NameMention)] = []
        for i in starts ?? capitalisedWordStarts(text) {
            var j = i
            while j < n, isWordByte(text[j]) { j += 1 }
            // A word: whole, starting with a capital, not inside a longer word.
            if j - i >= shortest, j - i <= longest,
               let k = keys.index(bytes: Bytes(rebasing: text[i..<j])),
               !overlaps(i..<j), !nextWordIsCapitalised(text, j) {
                added.append((owners[k], NameMention(text: Scan.string(text, i..<j), start: i, end: j)))
            }
        }
        for (who, mention) in added { persons[who].mentions.append(mention) }
        // Merge: the new mentions come in text order and overlap nothing taken.
        guard !added.isEmpty else { return }
        var merged: [Range<Int>] = []
        merged.reserveCapacity(taken.count + added.count)
        var k = 0
        for (_, m) in added {
            while k < taken.count, taken[k].lowerBound < m.start { merged.append(taken[k]); k += 1 }
            merged.append(m.start..<m.end)
        }
        merged.append(contentsOf: taken[k...])
        taken = merged
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80 || b == 0x2D
    }

    /// Latin A–Z, or a Cyrillic capital (U+0400–U+042F, U+04D8 Ә etc. are rare; the common block suffices).
    private static func isUpper(_ t: Bytes, _ i: Int) -> Bool {
        let b = t[i]
        if b >= 0x41 && b <= 0x5A { return true }
        if (b == 0xD0), i + 1 < t.count { let c = t[i + 1]; return c >= 0x80 && c <= 0xAF }  // U+0400–U+042F
        return false
    }

    /// "Aidos Sadykov" is a full name, not a lone given name; so is "Aidos SADYKOV".
    private static func nextWordIsCapitalised(_ t: Bytes, _ end: Int) -> Bool {
        var k = end
        guard k < t.count, t[k] == 0x20 else { return false }
        k += 1
        return k < t.count && isUpper(t, k)
    }
}

/// A person the report names only by surname ("President Tokayev said ...",
/// twice or more, and never with a given name) is still a person: an
/// official or another actor, whom identity resolution can join to the full
/// name another report gives. Such records are `other`, never persecuted.
enum LoneSurnamePersons {
    static func add(to persons: inout [ExtractedPerson], text: [UInt8]) {
        text.withUnsafeBufferPointer { add(to: &persons, text: $0) }
    }

    static func add(to persons: inout [ExtractedPerson], text: Bytes, starts: [Int]? = nil) {
        add(to: &persons, text: text, starts: starts, taken: LoneGivenNames.takenRanges(persons))
    }

    /// `taken`: the mentions' ranges, sorted.
    static func add(to persons: inout [ExtractedPerson], text: Bytes, starts: [Int]?, taken: [Range<Int>]) {
        let known = Set(persons.flatMap { p in p.name.split(separator: " ").map(String.init) })
        var found: [String: [NameMention]] = [:]
        var order: [String] = []
        let n = text.count
        for i in starts ?? LoneGivenNames.capitalisedWordStarts(text) where text[i] <= 0x5A {
            var j = i
            while j < n, wordByte(text[j]) { j += 1 }
            // Cheap tests first: most words are short, lower case or lack the ending.
            if j - i >= 5, !nextIsCapitalised(text, j), mayHaveStrongEnding(text, i, j), !covered(i..<j, taken),
               case let word = Scan.string(text, i..<j),
               !known.contains(word), Lexicon.hasStrongSurnameEnding(word.lowercased()) {
                if found[word] == nil { order.append(word) }
                found[word, default: []].append(NameMention(text: word, start: i, end: j))
            }
        }
        for word in order {
            guard let mentions = found[word], mentions.count >= 2 else { continue }
            let name = word.allSatisfy { !$0.isLowercase } ? word.prefix(1) + word.dropFirst().lowercased() : word
            persons.append(ExtractedPerson(name: String(name), mentions: mentions, role: "other", status: "unknown",
                                           evidence: mentions.map { EvidenceSpan(start: $0.start, end: $0.end) }))
        }
    }

    /// False when an ASCII word cannot end in a strong surname ending (-ov, -eva, -uly, -enko ...);
    /// words with other letters are left to the exact test.
    private static func mayHaveStrongEnding(_ t: Bytes, _ i: Int, _ j: Int) -> Bool {
        var k = i
        while k < j { if t[k] >= 0x80 { return true }; k += 1 }
        if j - i < 6 { return false }
        @inline(__always) func low(_ k: Int) -> UInt8 { let c = t[k]; return c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        let last = low(j - 1), prev = low(j - 2)
        // ov ova ev eva yev yeva uly kyzy bayev bekov enko ovich evich
        switch last {
        case 0x76: return prev == 0x6F || prev == 0x65                    // -ov, -ev
        case 0x61: return prev == 0x76 && (low(j - 3) == 0x6F || low(j - 3) == 0x65) // -ova, -eva
        case 0x79: return prev == 0x6C || prev == 0x7A                    // -uly, -kyzy
        case 0x6F: return prev == 0x6B                                    // -enko
        case 0x68: return prev == 0x63                                    // -vich
        default: return false
        }
    }

    private static func wordByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80 || b == 0x2D
    }

    private static func covered(_ r: Range<Int>, _ taken: [Range<Int>]) -> Bool {
        var lo = 0, hi = taken.count
        while lo < hi { let mid = (lo + hi) / 2; if taken[mid].upperBound <= r.lowerBound { lo = mid + 1 } else { hi = mid } }
        return lo < taken.count && taken[lo].overlaps(r)
    }

    private static func nextIsCapitalised(_ t: Bytes, _ end: Int) -> Bool {
        guard end + 1 < t.count, t[end] == 0x20 else { return false }
        let c = t[end + 1]
        return (c >= 0x41 && c <= 0x5A) || (c == 0xD0 && end + 2 < t.count && t[end + 2] >= 0x80 && t[end + 2] <= 0xAF)
    }
}
