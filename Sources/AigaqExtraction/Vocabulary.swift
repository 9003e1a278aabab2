import Foundation

/// Classes of words, one bit each. A document's vocabulary computes them once
/// per distinct word, so that recognisers test a bit where they used to look
/// a word up in a set for every token.
struct WordBits: OptionSet, Sendable {
    let rawValue: UInt64

    // Names and roles (`Lexicon`).
    static let given = WordBits(rawValue: 1 << 0)
    /// `NameRecogniser.isGiven` without the capital: a known given name, a
    /// Russian case form of one, or a hyphenated name with a known part.
    static let givenLike = WordBits(rawValue: 1 << 1)
    static let notName = WordBits(rawValue: 1 << 2)
    static let officialCue = WordBits(rawValue: 1 << 3)
    static let persecutedCue = WordBits(rawValue: 1 << 4)
    static let particle = WordBits(rawValue: 1 << 5)
    static let surnameEnding = WordBits(rawValue: 1 << 6)
    static let strongSurnameEnding = WordBits(rawValue: 1 << 7)
    /// "-ing", "-ed", "-ly" ... and not a given name.
    static let commonWord = WordBits(rawValue: 1 << 8)
    /// Not in `notNames` nor a cue, two characters or more: may be part of a name if capitalised.
    static let nameLexical = WordBits(rawValue: 1 << 9)
    static let patronymic = WordBits(rawValue: 1 << 10)
    /// Three characters or more.
    static let threeChars = WordBits(rawValue: 1 << 11)

    // Punishments (`SentenceRecogniser`).
    static let numberWord = WordBits(rawValue: 1 << 12)
    static let unit = WordBits(rawValue: 1 << 13)
    static let punishmentStart = WordBits(rawValue: 1 << 14)
    /// A sentence without a number or one of these words holds no punishment.
    static let punishmentGate = WordBits(rawValue: 1 << 15)
    static let request = WordBits(rawValue: 1 << 16)
    static let restriction = WordBits(rawValue: 1 << 17)
    static let fine = WordBits(rawValue: 1 << 18)
    static let imprisonment = WordBits(rawValue: 1 << 19)
    static let suspended = WordBits(rawValue: 1 << 20)
    static let freedom = WordBits(rawValue: 1 << 21)
    static let hyphen = WordBits(rawValue: 1 << 22)
    /// "sentenc…", "приговор…", "осужд…".
    static let sentencStem = WordBits(rawValue: 1 << 23)
    /// "ban…", "prohibited", "forbade", "prohibition", "запрет…".
    static let banStem = WordBits(rawValue: 1 << 24)
    /// "пожизненн…".
    static let lifeStem = WordBits(rawValue: 1 << 25)
    /// "replaced", "commuted", "заменил…".
    static let replaced = WordBits(rawValue: 1 << 26)

    // Charges and dates.
    static let articleWord = WordBits(rawValue: 1 << 27)
    static let partWord = WordBits(rawValue: 1 << 28)
    static let otherLaw = WordBits(rawValue: 1 << 29)
    static let month = WordBits(rawValue: 1 << 30)
    static let yearPreposition = WordBits(rawValue: 1 << 31)
    static let countNoun = WordBits(rawValue: 1 << 32)
    static let hedge = WordBits(rawValue: 1 << 33)

    // Facts (`Assembler`).
    static let detention = WordBits(rawValue: 1 << 34)
    static let conviction = WordBits(rawValue: 1 << 35)
    /// "political", "prisoner…", "политзаключ…": the sentence may speak of political prisoners.
    static let politicalPrisoner = WordBits(rawValue: 1 << 36)
    /// Starts a status phrase (`Assembler.phraseIndex`).
    static let phraseStart = WordBits(rawValue: 1 << 37)
    static let cueBarrier = WordBits(rawValue: 1 << 38)
    static let institution = WordBits(rawValue: 1 << 39)
    static let civilSociety = WordBits(rawValue: 1 << 40)
    /// ",", "and", "и".
    static let listJoiner = WordBits(rawValue: 1 << 41)
    /// "him", "her", "them", "его", "её", "ее", "их".
    static let objectPronoun = WordBits(rawValue: 1 << 42)
    /// "he", "she", "they" and the object forms.
    static let pronoun = WordBits(rawValue: 1 << 43)
    /// Titles that civil society has too: "director", "head", "chairman" ...
    static let civilTitle = WordBits(rawValue: 1 << 44)
    static let custodyContext = WordBits(rawValue: 1 << 45)
    static let killed = WordBits(rawValue: 1 << 46)
    static let died = WordBits(rawValue: 1 << 47)
    /// Without one of these (a unit of time, a hyphenated word, a fine, a replacement,
    /// "life", "suspended") a sentence holds no punishment.
    static let punishmentCue = WordBits(rawValue: 1 << 48)
    /// "after", "following": a date may come from the event they name.
    static let eventAnchor = WordBits(rawValue: 1 << 49)
    /// "former", "ex", "бывший" ...: before a title, the bearer no longer holds it.
    static let formerWord = WordBits(rawValue: 1 << 50)
    /// Set once a word's computed bits are in (seed words get them on first use).
    static let complete = WordBits(rawValue: 1 << 63)
}

/// Word ids that are the same in every document: the 128 one-byte ASCII
/// strings have the byte as id, then these words. Hot loops compare ids.
enum K: UInt32, CaseIterable {
    case and = 128, or, the, of, an, to, by, with, into, `in`, `for`, than, over, almost, nearly
    case life, imprisonment, sentence, term, suspended, replaced, commuted, changed, punishment
    case house, found, guilty, former, death, murder, killing, was, killed, murdered, passed, away, his, her
    case release, released, freed, political, prisoner, prisoners, conscience, ban, fine, arrest, arrested
    case administrative, detention, photo, source, including, year1997 // "1997"
    case ru_i, ru_k, ru_goda, ru_god, ru_g, kk_zhyly, ru_ili // и к года год г жылы или
    case ellipsis, may, mar, ru_maya, ru_mae, half, tenge, people, code, cc, ru_kodeks, ru_kodeksa, ru_uk
    case said, stated, told, who, which, whom, that, `as`, well, oneHalf // "1/2"
    case general, medium, strict, maximum, special, colonySettlement // "colony-settlement"
    case ru_obshchego, ru_srednego, ru_strogogo, ru_osobogo, ru_poseleniya // общего среднего строгого особого поселения
    case ru_koap, ru_zakona, ru_konstitutsii, criminal, un, european, iccpr // коап закона конституции
    case after, following, this

    var text: String {
        switch self {
        case .year1997: return "1997"
        case .ru_i: return "и"
        case .ru_k: return "к"
        case .ru_goda: return "года"
        case .ru_god: return "год"
        case .ru_g: return "г"
        case .kk_zhyly: return "жылы"
        case .ru_ili: return "или"
        case .ellipsis: return "..."
        case .ru_maya: return "мая"
        case .ru_mae: return "мае"
        case .ru_kodeks: return "кодекс"
        case .ru_kodeksa: return "кодекса"
        case .ru_uk: return "ук"
        case .oneHalf: return "1/2"
        case .colonySettlement: return "colony-settlement"
        case .ru_obshchego: return "общего"
        case .ru_srednego: return "среднего"
        case .ru_strogogo: return "строгого"
        case .ru_osobogo: return "особого"
        case .ru_poseleniya: return "поселения"
        case .ru_koap: return "коап"
        case .ru_zakona: return "закона"
        case .ru_konstitutsii: return "конституции"
        default: return "\(self)".replacingOccurrences(of: "`", with: "")
        }
    }
}

/// The distinct words of one document, each with an id, its lower-case text,
/// its `WordBits` and, for plain numbers, its value. Built while tokenising
/// (`VocabularyBuilder`), then frozen: lookups read `let` arrays.
final class Vocabulary: @unchecked Sendable {
    /// The tables as raw memory: recognisers read them for every token, and a
    /// raw pointer is read without reference counting (the class owns them).
    let lex: Lex

    init(_ b: VocabularyBuilder) {
        lex = Lex(words: Vocabulary.copy(b.words), count: b.words.count, bits: Vocabulary.copy(b.bits),
                  numbers: Vocabulary.copy(b.numbers), keyBytes: Vocabulary.copy(b.keyBytes), ends: Vocabulary.copy(b.ends))
    }

    deinit {
        lex.words.deinitialize(count: lex.count)
        lex.words.deallocate(); lex.bits.deallocate(); lex.numbers.deallocate(); lex.keyBytes.deallocate(); lex.ends.deallocate()
    }

    private static func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
        a.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: a.count) } }
        return p
    }

    var count: Int { lex.count }
}

/// A frozen vocabulary's tables (owned by `Vocabulary`, which must outlive every use).
struct Lex {
    let words: UnsafeMutablePointer<String>
    let count: Int
    let bits: UnsafeMutablePointer<UInt64>
    /// The value of a word of 1–9 ASCII digits, else -1.
    let numbers: UnsafeMutablePointer<Int32>
    /// The words' bytes one after the other, and where each ends.
    let keyBytes: UnsafeMutablePointer<UInt8>
    let ends: UnsafeMutablePointer<UInt32>

    @inline(__always) func byteCount(_ id: UInt32) -> Int {
        Int(ends[Int(id)]) - (id == 0 ? 0 : Int(ends[Int(id) - 1]))
    }
    /// Copies the word's bytes to `to`; returns their number.
    @inline(__always) func copyBytes(_ id: UInt32, to: UnsafeMutablePointer<UInt8>) -> Int {
        let start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        let n = Int(ends[Int(id)]) - start
        // Words are short: a loop beats a call to memmove.
        for k in 0..<n { to[k] = keyBytes[start + k] }
        return n
    }
}

/// The growing vocabulary: an open-addressing table over the words' bytes.
/// One entry of the builder's table: everything a lookup needs in one cache
/// line for a word of up to eight bytes.
struct VocabularySlot {
    /// 0 when empty.
    var hash: UInt32 = 0
    var id: UInt32 = 0
    var length: UInt32 = 0
    var keyStart: UInt32 = 0
    /// The key's first eight bytes, little-endian, zero-padded.
    var head: UInt64 = 0
    var bits: UInt64 = 0
}

struct VocabularyBuilder {
    private(set) var words: [String]
    private(set) var bits: [UInt64]
    private(set) var numbers: [Int32]
    /// All words' bytes one after the other; `ends[id]` is where word `id` ends.
    private(set) var keyBytes: [UInt8]
    private(set) var ends: [UInt32]
    private var slots: [VocabularySlot]
    private var mask: Int

    /// Every document starts from this: the one-byte strings, `K`, and every word of every word list.
    static let seed: VocabularyBuilder = {
        var b = VocabularyBuilder(empty: ())
        for c in 0..<128 { _ = b.insertNew([UInt8(c)]) }
        for k in K.allCases {
            let id = b.insertNew(Array(k.text.utf8))
            precondition(id == k.rawValue, "K.\(k) must be id \(k.rawValue)")
        }
        for w in WordBits.listedWords() where b.find(Array(w.utf8)) == nil { _ = b.insertNew(Array(w.utf8)) }
        // List bits by walking the lists (not every word through every list), then the computed ones.
        var listed = [UInt64](repeating: 0, count: b.words.count)
        func mark(_ words: some Sequence<String>, _ bit: WordBits) {
            for w in words { if let id = b.find(Array(w.utf8)) { listed[Int(id)] |= bit.rawValue } }
        }
        for (bit, set) in WordBits.listBits { mark(set, bit) }
        mark(SentenceRecogniser.numberWords.keys, .numberWord)
        mark(SentenceRecogniser.units.keys, .unit)
        mark(DateRecogniser.months.keys, .month)
        // The computed bits wait until a document uses the word (`completed`): the
        // seed is made once per process, and most of its words are in no document.
        // The one-byte strings (punctuation's ids) and `K` are complete from the start.
        let eager = 128 + K.allCases.count
        for id in b.words.indices {
            b.bits[id] = id < eager ? WordBits.computed(b.words[id], listed: WordBits(rawValue: listed[id])).rawValue | WordBits.complete.rawValue : listed[id]
        }
        for s in b.slots.indices where b.slots[s].hash != 0 { b.slots[s].bits = b.bits[Int(b.slots[s].id)] }
        return b
    }()

    private init(empty: ()) {
        words = []; bits = []; numbers = []; keyBytes = []; ends = []
        slots = [VocabularySlot](repeating: VocabularySlot(), count: 1 << 13); mask = (1 << 13) - 1
    }

    /// A builder for one document, starting from the seed.
    init() {
        let s = VocabularyBuilder.seed
        words = s.words; bits = s.bits; numbers = s.numbers; keyBytes = s.keyBytes; ends = s.ends
        slots = s.slots; mask = s.mask
    }

    func freeze() -> Vocabulary { Vocabulary(self) }

    var count: Int { words.count }

    /// A hash of the bytes taken eight at a time (little-endian, the last chunk
    /// zero-padded), folded to 32 bits and never 0 (an empty slot has hash 0).
    /// The tokenizer computes the same value from the text (`Tokenizer.hashLowered`).
    @inline(__always) static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h = start(p.count)
        var k = 0
        while k < p.count {
            h = mix(h, chunk(p, k))
            k += 8
        }
        return finish(h)
    }

    /// Bytes `k..<k+8` of `p` (fewer at the end, zero-padded), little-endian.
    @inline(__always) static func chunk(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> UInt64 {
        var c: UInt64 = 0
        for b in 0..<min(8, p.count - k) { c |= UInt64(p[k + b]) << UInt64(8 * b) }
        return c
    }

    @inline(__always) static func start(_ count: Int) -> UInt64 { 0xcbf29ce484222325 ^ UInt64(count) }
    @inline(__always) static func mix(_ h: UInt64, _ chunk: UInt64) -> UInt64 {
        let x = (h ^ chunk) &* 0x9E3779B97F4A7C15
        return x ^ (x >> 29)
    }
    @inline(__always) static func finish(_ h: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: h ^ (h >> 32)) | 1 }

    private func find(_ w: [UInt8]) -> UInt32? {
        w.withUnsafeBufferPointer { p in
            let h = VocabularyBuilder.hash(p)
            let head = p.isEmpty ? 0 : VocabularyBuilder.chunk(p, 0)
            var s = Int(h) & mask
            while true {
                let e = slots[s]
                if e.hash == 0 { return nil }
                if matches(e, h, head, p) { return e.id }
                s = (s + 1) & mask
            }
        }
    }

    /// The slot holds the word `p` (whose hash is `h` and first eight bytes `head`).
    @inline(__always) private func matches(_ e: VocabularySlot, _ h: UInt32, _ head: UInt64, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard e.hash == h, e.head == head, Int(e.length) == p.count else { return false }
        // Words are short: a loop beats a call to memcmp.
        var k = 8
        let start = Int(e.keyStart)
        while k < p.count { if keyBytes[start + k] != p[k] { return false }; k += 1 }
        return true
    }

    /// The id of the word whose lower-case UTF-8 bytes are `p`, added if new.
    @inline(__always) mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        internWithBits(p, hash: VocabularyBuilder.hash(p)).id
    }

    /// `intern` for `n` ASCII letters at `p` whose hash and first eight lower-cased
    /// bytes the tokenizer computed; lower-cased on the way when `lower`. Also gives the word's bits.
    @inline(__always) mutating func internASCII(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt32, head: UInt64, lower: Bool) -> (id: UInt32, bits: UInt64) {
        let or: UInt8 = lower ? 0x20 : 0
        var s = Int(h) & mask
        while true {
            let e = slots[s]
            if e.hash == 0 { break }
            if e.hash == h, e.head == head, Int(e.length) == n {
                var k = 8
                let start = Int(e.keyStart)
                while k < n, keyBytes[start + k] == p[k] | or { k += 1 }
                if k >= n { return e.bits & WordBits.complete.rawValue != 0 ? (e.id, e.bits) : completed(s) }
            }
            s = (s + 1) & mask
        }
        let lowered = (0..<n).map { p[$0] | or }
        return lowered.withUnsafeBufferPointer { internWithBits($0, hash: h) }
    }

    /// `intern` with the bytes' hash computed; also gives the word's bits.
    @inline(__always) mutating func internWithBits(_ p: UnsafeBufferPointer<UInt8>, hash h: UInt32, computeBits: Bool = true) -> (id: UInt32, bits: UInt64) {
        let head = p.isEmpty ? 0 : VocabularyBuilder.chunk(p, 0)
        var s = Int(h) & mask
        while true {
            let e = slots[s]
            if e.hash == 0 { break }
            if matches(e, h, head, p) { return e.bits & WordBits.complete.rawValue != 0 ? (e.id, e.bits) : completed(s) }
            s = (s + 1) & mask
        }
        let id = words.count
        let w = String(decoding: p, as: UTF8.self)
        words.append(w)
        // Every word of every list is in the seed: a new word has only computed bits.
        let b = computeBits ? WordBits.computed(w, listed: []).rawValue | WordBits.complete.rawValue : 0
        bits.append(b)
        numbers.append(VocabularyBuilder.number(p))
        let keyStart = keyBytes.count
        keyBytes.append(contentsOf: p)
        ends.append(UInt32(keyBytes.count))
        slots[s] = VocabularySlot(hash: h, id: UInt32(id), length: UInt32(p.count), keyStart: UInt32(keyStart), head: head, bits: b)
        if words.count * 2 > slots.count { grow() }
        return (UInt32(id), b)
    }

    /// Adds the computed bits to a seed word's list bits, the first time a document uses it.
    private mutating func completed(_ s: Int) -> (id: UInt32, bits: UInt64) {
        let id = Int(slots[s].id)
        let b = WordBits.computed(words[id], listed: WordBits(rawValue: slots[s].bits)).rawValue | WordBits.complete.rawValue
        slots[s].bits = b
        bits[id] = b
        return (UInt32(id), b)
    }

    private mutating func insertNew(_ w: [UInt8]) -> UInt32 {
        w.withUnsafeBufferPointer { internWithBits($0, hash: VocabularyBuilder.hash($0), computeBits: false).id }
    }

    private mutating func grow() {
        let cap = slots.count * 2
        var t = [VocabularySlot](repeating: VocabularySlot(), count: cap)
        for e in slots where e.hash != 0 {
            var s = Int(e.hash) & (cap - 1)
            while t[s].hash != 0 { s = (s + 1) & (cap - 1) }
            t[s] = e
        }
        slots = t
        mask = cap - 1
    }

    static func number(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard p.count >= 1, p.count <= 9 else { return -1 }
        var v: Int32 = 0
        for c in p {
            guard c >= 0x30, c <= 0x39 else { return -1 }
            v = v * 10 + Int32(c - 0x30)
        }
        return v
    }
}

extension WordBits {
    /// The words of the lists whose membership is a bit; the seed holds them all,
    /// so a word new to a document needs only the computed bits.
    static func listedWords() -> [String] {
        var all: [String] = []
        for (_, set) in listBits { all.append(contentsOf: set) }
        all.append(contentsOf: SentenceRecogniser.numberWords.keys)
        all.append(contentsOf: SentenceRecogniser.units.keys)
        all.append(contentsOf: DateRecogniser.months.keys)
        return all
    }

    /// Bits that are membership in a word list.
    static let listBits: [(WordBits, WordSet)] = [
        (.given, Lexicon.givenNames), (.notName, Lexicon.notNames), (.officialCue, Lexicon.officialCues),
        (.persecutedCue, Lexicon.persecutedCues), (.particle, Lexicon.particles),
        (.punishmentStart, SentenceRecogniser.startWords), (.punishmentGate, SentenceRecogniser.gateWords),
        (.request, SentenceRecogniser.requestWords), (.restriction, SentenceRecogniser.restrictionWords),
        (.fine, SentenceRecogniser.fineWords), (.imprisonment, SentenceRecogniser.imprisonmentWords),
        (.suspended, SentenceRecogniser.suspendedWords), (.freedom, ["freedom", "liberty", "свободы"]),
        (.articleWord, ChargeRecogniser.articleWords), (.partWord, ChargeRecogniser.partWords),
        (.otherLaw, ChargeRecogniser.otherLaws), (.yearPreposition, DateRecogniser.yearPrepositions),
        (.countNoun, CountRecogniser.nouns), (.hedge, CountRecogniser.hedges),
        (.detention, Assembler.detentionWords), (.conviction, Assembler.convictionWords),
        (.cueBarrier, Assembler.cueBarriers), (.institution, Assembler.institutionWords),
        (.civilSociety, Assembler.civilSocietyWords), (.listJoiner, [",", "and", "и"]),
        (.objectPronoun, ["him", "her", "them", "его", "её", "ее", "их"]),
        (.pronoun, ["he", "she", "they", "him", "her", "them", "он", "она", "они", "его", "её", "их"]),
        (.civilTitle, Assembler.civilSocietyTitles), (.custodyContext, Assembler.custodyContextWords),
        (.killed, ["killed", "murdered", "assassinated", "убил", "убили"]),
        (.died, ["died", "скончался", "скончалась", "умер", "умерла", "погиб", "погибла"]),
        (.replaced, ["replaced", "commuted"]),
        (.punishmentCue, SentenceRecogniser.cueWords),
        (.eventAnchor, ["after", "following"]),
        (.formerWord, ["former", "ex", "бывший", "бывшего", "бывшему", "бывшим", "бывшая", "бывшую", "бывшей"]),
    ]

    /// All bits of a word: its list bits (`listed`) and those computed from its letters.
    static func computed(_ w: String, listed: WordBits) -> WordBits {
        var b = listed
        let chars = w.count
        if chars >= 3 { b.insert(.threeChars) }
        if Lexicon.hasSurnameEnding(w, characters: chars) { b.insert(.surnameEnding) }
        if Lexicon.hasStrongSurnameEnding(w, characters: chars) { b.insert(.strongSurnameEnding) }
        if !b.contains(.given), w.hasSuffixB("ing") || w.hasSuffixB("ed") || w.hasSuffixB("ly") || w.hasSuffixB("ion") || w.hasSuffixB("ment") {
            b.insert(.commonWord)
        }
        if !b.contains(.notName), !b.contains(.officialCue), !b.contains(.persecutedCue), chars >= 2 { b.insert(.nameLexical) }
        if ["ovich", "evich", "ovna", "evna", "ович", "евич", "овна", "евна", "ична"].contains(where: { w.hasSuffixB($0) }) { b.insert(.patronymic) }
        if w.containsByte(0x2D) { b.insert(.hyphen) }
        if b.contains(.given) || NameRecogniser.givenByForm(w) { b.insert(.givenLike) }
        if w.hasPrefixB("sentenc") || w.hasPrefixB("приговор") || w.hasPrefixB("осужд") { b.insert(.sentencStem) }
        if w.hasPrefixB("ban") || w == "prohibited" || w == "forbade" || w.hasPrefixB("запрет") || w == "prohibition" { b.insert(.banStem) }
        if w.hasPrefixB("пожизненн") { b.insert(.lifeStem) }
        if w.hasPrefixB("заменил") { b.insert(.replaced) }
        if w.hasSuffixB("-year") || w.hasSuffixB("-month") || b.contains(.lifeStem) { b.insert(.punishmentGate) }
        if !b.intersection([.unit, .hyphen, .fine, .replaced, .lifeStem]).isEmpty { b.insert(.punishmentCue) }
        if w == "political" || w.hasPrefixB("prisoner") || w.hasPrefixB("политзаключ") || w.hasPrefixB("политическ")
            || w.hasPrefixB("узник") || w == "саяси" { b.insert(.politicalPrisoner) }
        if Assembler.startsPhrase(w) { b.insert(.phraseStart) }
        return b
    }
}
