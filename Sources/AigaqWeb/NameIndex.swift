import AigaqCore
import AigaqStore

/// Public persons' names in memory, so that a name search costs microseconds
/// instead of a full-text query and a read of the hits' records.
///
/// Built from public persons only (the caller passes what passed the public
/// projection), once per generation of the public site. The words of each name
/// are those the store's full-text index keeps (`SearchText.nameWords`: folded
/// words in their own script and their transliterated search keys), so a query
/// finds the same persons as the store's search: every query word must match a
/// word of one name, whole first, then as its beginning.
///
/// Compact: no string per person or per word. Words are interned once, sorted
/// by their UTF-8 bytes (so a prefix is a range of word numbers), and everything
/// else is flat arrays of `UInt32` offsets and numbers:
/// word → names that have it (postings), name → its words, name → its person,
/// and one byte arena for persons' ids and the labels a hit shows.
struct NameIndex: Sendable {
    /// Persons' ids, display names and Cyrillic names (UTF-8, back to back).
    private let text: [UInt8]
    /// Per person, three starts in `text` (id, name, Cyrillic name) and, after the last person, the end.
    private let personText: [UInt32]
    /// Person numbers ordered by id, for looking a person up.
    private let byID: [UInt32]
    /// Interned words, sorted by bytes, back to back; `wordStart` has one more entry than there are words.
    private let wordText: [UInt8]
    private let wordStart: [UInt32]
    /// For each word, the names that have it (ascending), between `postingStart[w]` and `postingStart[w + 1]`.
    private let postingStart: [UInt32]
    private let postings: [UInt32]
    /// For each name, its person and its words (ascending).
    private let nameOwner: [UInt32]
    private let nameWordStart: [UInt32]
    private let nameWords: [UInt32]

    /// Most whole-word matches ranked per query, as the store ranks among its first matches.
    static let rankingWindow = 400

    var personCount: Int { personText.count / 3 }
    var nameCount: Int { nameOwner.count }
    var wordCount: Int { wordStart.count - 1 }

    /// Bytes held by the arrays (what the index costs in memory, near enough).
    var bytes: Int {
        let counts: [Int] = [personText.count, byID.count, wordStart.count, postingStart.count, postings.count,
                             nameOwner.count, nameWordStart.count, nameWords.count]
        return text.count + wordText.count + 4 * counts.reduce(0, +)
    }

    // MARK: - Reading

    func id(ofPerson p: Int) -> Person.ID { Person.ID(rawValue: string(personText[3 * p], personText[3 * p + 1])) }

    /// The label a hit or a link shows.
    func label(ofPerson p: Int) -> PersonLabel {
        let cyrillic = string(personText[3 * p + 2], personText[3 * p + 3])
        return PersonLabel(name: string(personText[3 * p + 1], personText[3 * p + 2]), cyrillic: cyrillic.isEmpty ? nil : cyrillic)
    }

    /// The person numbered so, or nil when `id` is not a public person.
    func person(_ id: Person.ID) -> Int? {
        let key = Array(id.rawValue.utf8)
        var lo = 0, hi = byID.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let p = Int(byID[mid])
            if compare(text, personText[3 * p], personText[3 * p + 1], key) < 0 { lo = mid + 1 } else { hi = mid }
        }
        guard lo < byID.count else { return nil }
        let p = Int(byID[lo])
        return compare(text, personText[3 * p], personText[3 * p + 1], key) == 0 ? p : nil
    }

    private func string(_ start: UInt32, _ end: UInt32) -> String {
        String(decoding: text[Int(start)..<Int(end)], as: UTF8.self)
    }

    // MARK: - Search

    /// Persons (numbers) whose names match `query`, at most `limit`: names
    /// with every query word as a whole word first (shorter names first, among
    /// the first `rankingWindow` matches), then names where the words begin
    /// words, in the index's order.
    func search(_ query: String, limit: Int) -> [Int] {
        let words = SearchText.nameQuery(query).map { $0.map { Array($0.utf8) } }
        guard !words.isEmpty, limit > 0 else { return [] }
        var found: [Int] = []
        var seen: Set<UInt32> = []

        let whole = words.map { forms in merged(forms.map(wholeWord)) }
        var ranked: [(length: UInt32, name: UInt32)] = []
        var rankedNames: Set<UInt32> = []
        forEachName(matching: whole) { name in
            if rankedNames.insert(name).inserted {
                ranked.append((nameWordStart[Int(name) + 1] - nameWordStart[Int(name)], name))
            }
            return ranked.count < Self.rankingWindow
        }
        ranked.sort { ($0.length, $0.name) < ($1.length, $1.name) }
        for r in ranked where found.count < limit {
            let p = nameOwner[Int(r.name)]
            if seen.insert(p).inserted { found.append(Int(p)) }
        }
        guard found.count < limit else { return found }

        let prefixes = words.map { forms in merged(forms.map(wordsBeginning)) }
        forEachName(matching: prefixes) { name in
            let p = nameOwner[Int(name)]
            if seen.insert(p).inserted { found.append(Int(p)) }
            return found.count < limit
        }
        return found
    }

    /// Calls `body` with each name that has, for every query word, a word in
    /// one of that query word's ranges; stops when `body` returns false. Walks
    /// the postings of the query word with the fewest and checks the others in
    /// the name's own (sorted) words.
    private func forEachName(matching words: [[Range<UInt32>]], _ body: (UInt32) -> Bool) {
        func postingCount(_ ranges: [Range<UInt32>]) -> UInt32 {
            ranges.reduce(0) { $0 + postingStart[Int($1.upperBound)] - postingStart[Int($1.lowerBound)] }
        }
        let counts = words.map(postingCount)
        guard let driver = counts.indices.min(by: { counts[$0] < counts[$1] }), counts[driver] > 0 else { return }
        let others = words.indices.filter { $0 != driver }.map { words[$0] }
        for range in words[driver] {
            for k in Int(postingStart[Int(range.lowerBound)])..<Int(postingStart[Int(range.upperBound)]) {
                let name = postings[k]
                let own = nameWords[Int(nameWordStart[Int(name)])..<Int(nameWordStart[Int(name) + 1])]
                guard others.allSatisfy({ ranges in own.contains { w in ranges.contains { $0.contains(w) } } }) else { continue }
                if !body(name) { return }
            }
        }
    }

    /// Ranges in order, overlapping ones joined, empty ones left out.
    private func merged(_ ranges: [Range<UInt32>]) -> [Range<UInt32>] {
        var out: [Range<UInt32>] = []
        for r in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// The word equal to `word` (an empty range when there is none).
    private func wholeWord(_ word: [UInt8]) -> Range<UInt32> {
        let lo = firstWord { compare(wordText, wordStart[$0], wordStart[$0 + 1], word) >= 0 }
        guard lo < wordCount, compare(wordText, wordStart[lo], wordStart[lo + 1], word) == 0 else { return 0..<0 }
        return UInt32(lo)..<UInt32(lo + 1)
    }

    /// The words that begin with `prefix`: one run, as words are sorted by bytes.
    private func wordsBeginning(_ prefix: [UInt8]) -> Range<UInt32> {
        let lo = firstWord { compare(wordText, wordStart[$0], wordStart[$0 + 1], prefix) >= 0 }
        let hi = firstWord { compare(wordText, wordStart[$0], wordStart[$0 + 1], prefix) > 0 && !begins($0, with: prefix) }
        return UInt32(lo)..<UInt32(max(lo, hi))
    }

    private func begins(_ w: Int, with prefix: [UInt8]) -> Bool {
        let start = Int(wordStart[w]), end = Int(wordStart[w + 1])
        guard end - start >= prefix.count else { return false }
        for (i, b) in prefix.enumerated() where wordText[start + i] != b { return false }
        return true
    }

    /// The first word number for which `isAtOrAfter` holds (it must hold from some point on).
    private func firstWord(_ isAtOrAfter: (Int) -> Bool) -> Int {
        var lo = 0, hi = wordCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if isAtOrAfter(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    // MARK: - Building

    /// Collects persons, then makes the index. Words get temporary numbers in
    /// the order first seen; `finish` sorts them and renumbers.
    struct Builder {
        private var text: [UInt8] = []
        private var personText: [UInt32] = []
        private var wordNumber: [String: UInt32] = [:]
        private var words: [String] = []
        private var nameOwner: [UInt32] = []
        private var nameWordStart: [UInt32] = [0]
        private var nameWords: [UInt32] = []

        init() {}

        /// Adds a person who may be published, with the names it is found by.
        mutating func add(_ person: Person) {
            let number = UInt32(personText.count / 3)
            for part in [person.id.rawValue, person.displayName, person.cyrillicName ?? ""] {
                personText.append(UInt32(text.count))
                text.append(contentsOf: part.utf8)
            }
            var seen: [[UInt32]] = []
            for name in person.names {
                var own: [UInt32] = []
                for word in SearchText.nameWords(name.value) { own.append(intern(word)) }
                own = Set(own).sorted()
                // The same words again (an upper-case variant) would only repeat the postings.
                guard !own.isEmpty, !seen.contains(own) else { continue }
                seen.append(own)
                nameOwner.append(number)
                nameWords += own
                nameWordStart.append(UInt32(nameWords.count))
            }
        }

        private mutating func intern(_ word: String) -> UInt32 {
            if let n = wordNumber[word] { return n }
            let n = UInt32(words.count)
            wordNumber[word] = n
            words.append(word)
            return n
        }

        mutating func finish() -> NameIndex {
            let persons = personText.count / 3
            personText.append(UInt32(text.count))
            // Words by bytes, and each name's words renumbered (and kept ascending).
            let sortedWords = words.indices.sorted { words[$0].utf8.lexicographicallyPrecedes(words[$1].utf8) }
            var renumber = [UInt32](repeating: 0, count: words.count)
            var wordText: [UInt8] = []
            var wordStart: [UInt32] = [0]
            for (new, old) in sortedWords.enumerated() {
                renumber[old] = UInt32(new)
                wordText.append(contentsOf: words[old].utf8)
                wordStart.append(UInt32(wordText.count))
            }
            wordNumber = [:]
            words = []
            for n in 0..<nameOwner.count {
                let range = Int(nameWordStart[n])..<Int(nameWordStart[n + 1])
                for k in range { nameWords[k] = renumber[Int(nameWords[k])] }
                nameWords[range].sort()
            }
            // Postings: count per word, then fill in name order (so each list is ascending).
            var postingStart = [UInt32](repeating: 0, count: wordStart.count)
            for w in nameWords { postingStart[Int(w) + 1] += 1 }
            for w in 0..<(postingStart.count - 1) { postingStart[w + 1] += postingStart[w] }
            var fill = postingStart
            var postings = [UInt32](repeating: 0, count: nameWords.count)
            for n in 0..<nameOwner.count {
                for k in Int(nameWordStart[n])..<Int(nameWordStart[n + 1]) {
                    let w = Int(nameWords[k])
                    postings[Int(fill[w])] = UInt32(n)
                    fill[w] += 1
                }
            }
            let text = self.text
            let personText = self.personText
            func idBytes(_ p: UInt32) -> ArraySlice<UInt8> {
                let start = Int(personText[3 * Int(p)]), end = Int(personText[3 * Int(p) + 1])
                return text[start..<end]
            }
            let byID: [UInt32] = (0..<UInt32(persons)).sorted { a, b in idBytes(a).lexicographicallyPrecedes(idBytes(b)) }
            return NameIndex(text: text, personText: personText, byID: byID, wordText: wordText, wordStart: wordStart,
                             postingStart: postingStart, postings: postings, nameOwner: nameOwner,
                             nameWordStart: nameWordStart, nameWords: nameWords)
        }
    }
}

/// Compares the bytes `bytes[start..<end]` with `other`, as `memcmp` then length.
private func compare(_ bytes: [UInt8], _ start: UInt32, _ end: UInt32, _ other: some Collection<UInt8>) -> Int {
    var i = Int(start)
    let end = Int(end)
    for b in other {
        guard i < end else { return -1 }
        let a = bytes[i]
        if a != b { return a < b ? -1 : 1 }
        i += 1
    }
    return i < end ? 1 : 0
}
