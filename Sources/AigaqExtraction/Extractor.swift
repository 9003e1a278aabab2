import Foundation
import AigaqCore

/// Reads, normalises, segments and extracts one document.
public enum Extractor {
    /// - Parameters:
    ///   - fileName: the name as given; folders are dropped in the output.
    ///   - documentDate: overrides the date found in the text ("2025-07" etc.).
    public static func extract(data: Data, fileName: String, documentDate: String? = nil) throws -> (document: ReadDocument, extraction: DocumentExtraction) {
        var clock = PhaseClock()
        let document = try DocumentReader.read(data: data, fileName: fileName)
        clock.lap("read")
        let base = (fileName as NSString).lastPathComponent
        var extraction = extract(text: document.text, documentName: base, documentDate: documentDate)
        clock.lap("extract")
        extraction.sha256 = SHA256Hasher.hex(data)
        clock.lap("sha256")
        clock.report()
        return (document, extraction)
    }

    /// Extraction from text that is already normalised (offsets refer to it).
    public static func extract(text: String, documentName: String, documentDate: String? = nil) -> DocumentExtraction {
        var text = text
        // The bytes are read in place: no copy of the text.
        return text.withUTF8 { u in
            var assembler = Assembler(u: u)
            var extraction = assembler.run(documentName: documentName, documentDateOverride: documentDate)
            var clock = PhaseClock()
            // Names used alone: one word of a full name, and surnames named without one.
            var taken = LoneGivenNames.takenRanges(extraction.persons)
            LoneGivenNames.addMentions(to: &extraction.persons, text: u, starts: assembler.capitalisedStarts, taken: &taken)
            LoneSurnamePersons.add(to: &extraction.persons, text: u, starts: assembler.capitalisedStarts, taken: taken)
            clock.lap("lone names")
            clock.report()
            return extraction
        }
    }
}

/// `AIGAQ_EXTRACT_PHASES=1` prints how long each step of extraction took (to
/// standard error), for profiling; otherwise it costs a clock read per step.
struct PhaseClock {
    static let enabled = ProcessInfo.processInfo.environment["AIGAQ_EXTRACT_PHASES"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds
    private var laps: [(String, UInt64)] = []

    mutating func lap(_ name: String) {
        guard PhaseClock.enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name, now - last))
        last = now
    }

    func report() {
        guard PhaseClock.enabled else { return }
        let text = laps.map { String(format: "%@ %.1f ms", $0.0, Double($0.1) / 1e6) }.joined(separator: ", ")
        FileHandle.standardError.write(Data(("phases: " + text + "\n").utf8))
    }
}

/// One sentence: where it sits and which of the document's tokens are its own.
struct Sent {
    var block: Int
    var range: Range<Int>
    var tokStart: Int
    var tokEnd: Int
    var isFirstOfBlock: Bool
    /// Cheap facts about the tokens, so that recognisers skip sentences that cannot hold their pattern.
    var hasNumber = false
    var capitalised = 0
    /// The OR of the tokens' `WordBits`.
    var mask: UInt64 = 0

    @inline(__always) func may(_ b: WordBits) -> Bool { mask & b.rawValue != 0 }
}

/// A mention of a person in a sentence.
struct Mention {
    var person: Int
    var sent: Int
    var firstToken: Int
    var lastToken: Int
    var start: Int
    var end: Int
    var full: Bool
    /// A title or description next to the name: .official / .other / .persecuted.
    var cue: Cue?
}

enum Cue { case official, other, persecuted }

/// Everything the document says about one person, gathered before deciding.
struct PersonAcc {
    var given: String
    var surname: String
    var female: Bool?
    var mentions: [Int] = []
    var subject = false
    var listNumber: Int?
    var listSection: String?
    var charges: [ExtractedCharge] = []
    /// Punishments with priority (list-item head first) and the conviction date of their sentence.
    var punishments: [(p: FoundPunishment, head: Bool, date: DateValue?)] = []
    var detained: [DateValue] = []
    var convicted: [DateValue] = []
    var sentences = SentenceList()
    var factSentences = SentenceList()
    var politicalPrisoner = false
}

/// Sentence numbers of one person. They come mostly in order: appending
/// when new at the end is cheaper than a `Set`; repeats are harmless to the
/// questions asked of it (any, first containing, sorted union).
struct SentenceList: Sequence {
    private(set) var items: [Int] = []
    @inline(__always) mutating func insert(_ si: Int) { if items.last != si { items.append(si) } }
    func makeIterator() -> IndexingIterator<[Int]> { items.makeIterator() }
    /// Both lists' sentences, sorted, each once.
    func union(_ other: SentenceList) -> [Int] {
        var all = items + other.items
        all.sort()
        var out: [Int] = []
        out.reserveCapacity(all.count)
        for si in all where out.last != si { out.append(si) }
        return out
    }
}

/// Memoised name keys: folding is costly and the same words recur.
final class KeyMemo {
    var surname: [String: String] = [:]
    var given: [String: String] = [:]
    func surnameKey(_ w: String) -> String {
        if let k = surname[w] { return k }
        let k = Assembler.surnameKey(w); surname[w] = k; return k
    }
    func givenKey(_ w: String) -> String {
        if let k = given[w] { return k }
        let k = Assembler.givenKey(w); given[w] = k; return k
    }
}

/// Whether `needle` occurs in `hay` (bytes).
@inline(__always) func bytesContain(_ hb: UnsafeBufferPointer<UInt8>, _ nb: UnsafeBufferPointer<UInt8>) -> Bool {
    guard nb.count > 0, hb.count >= nb.count else { return nb.count == 0 }
    // memchr finds candidate first bytes far faster than a byte loop.
    let h0 = hb.baseAddress!, n0 = nb.baseAddress!
    let first = Int32(nb[0])
    var i = 0
    let last = hb.count - nb.count
    while i <= last {
        guard let p = memchr(h0 + i, first, last - i + 1) else { return false }
        let at = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - h0
        // The second byte first: most candidates fail there, without a call.
        if nb.count == 1 || h0[at + 1] == n0[1] && memcmp(h0 + at + 1, n0 + 1, nb.count - 1) == 0 { return true }
        i = at + 1
    }
    return false
}

/// Substring test on UTF-8 bytes (Foundation's `contains` is slow on Linux).
@inline(__always) func fastContains(_ hay: String, _ needle: String) -> Bool {
    var h = hay, n = needle
    return h.withUTF8 { hb in n.withUTF8 { nb in bytesContain(hb, nb) } }
}

struct Assembler {
    let u: Bytes
    let memo = KeyMemo()
    /// The document's words, and all of its tokens (sentences point into them).
    var v: Vocabulary! = nil
    /// `v`'s tables, read without touching the class.
    var lex: Lex! = nil
    var tokens: UnsafeBufferPointer<Token> = UnsafeBufferPointer(start: nil, count: 0)
    var documentDate: DateValue? = nil
    /// Dates of each sentence, found once.
    var sentDates: [[FoundDate]] = []
    /// Which status phrases each sentence holds (bit per `PhraseClass`), for the sentences about someone.
    var sentMask: [UInt32] = []
    var blocks: [Block] = []
    var sents: [Sent] = []
    var persons: [PersonAcc] = []
    var personByKey: [String: Int] = [:]
    /// `personByKey` by the word ids of a two-word name.
    var personByWords: [UInt64: Int] = [:]
    var bySurname: [String: [Int]] = [:]
    var mentions: [Mention] = []
    var mentionsBySent: [[Int]] = []
    /// The last sentence naming each person in full, as the sweep goes (-1: none yet).
    var lastFullSeen: [Int] = []
    /// Persons whose surname a word may be, per word id (computed on first use, once all full names are known).
    var surnameCandidatesByWord: [Int32] = []
    var surnameCandidateLists: [[Int]] = []
    /// The document date is only the year of the title: year-less dates are of that year.
    var datedByTitle = false
    /// Where capitalised words start (found while tokenising), for the lone-name passes.
    var capitalisedStarts: [Int] = []
    var clock = PhaseClock()

    init(u: Bytes) { self.u = u }

    @inline(__always) func toks(_ si: Int) -> Toks {
        Toks(t: UnsafeBufferPointer(rebasing: tokens[sents[si].tokStart..<sents[si].tokEnd]), lex: lex)
    }

    mutating func run(documentName: String, documentDateOverride: String?) -> DocumentExtraction {
        clock = PhaseClock()
        blocks = Segmenter.segment(u)
        clock.lap("segment")
        var st = TokenizerState()
        // About 5.6 bytes a token: this size seldom has to grow (and double).
        var store = TokenStore(capacity: u.count / 5 + 16)
        defer { store.free() }
        for (bi, b) in blocks.enumerated() {
            for (si, r) in b.sentences.enumerated() {
                let first = store.count
                let mask = Tokenizer.tokens(u, r, &st, into: &store)
                var s = Sent(block: bi, range: r, tokStart: first, tokEnd: store.count, isFirstOfBlock: si == 0, mask: mask)
                let all = store.buffer
                for k in first..<all.count {
                    if all[k].kind == .number { s.hasNumber = true } else if all[k].kind == .word && all[k].isCapitalised { s.capitalised += 1 }
                }
                sents.append(s)
            }
        }
        v = st.vb.freeze()
        lex = v.lex
        // The ranges live on in `sents`; blocks are copied often, lighter without them.
        for bi in blocks.indices { blocks[bi].sentences = [] }
        capitalisedStarts = st.capitalisedStarts
        clock.lap("tokenize")
        tokens = store.buffer
        defer { tokens = UnsafeBufferPointer(start: nil, count: 0) }
        return runOverTokens(documentName: documentName, documentDateOverride: documentDateOverride)
    }

    private mutating func runOverTokens(documentName: String, documentDateOverride: String?) -> DocumentExtraction {
        mentionsBySent = Array(repeating: [], count: sents.count)
        // A date needs a number, or a month after a preposition ("In May").
        sentDates = sents.indices.map { sents[$0].hasNumber || sents[$0].may(.month) ? DateRecogniser.find(toks($0)) : [] }
        clock.lap("dates")
        findFullNames()
        clock.lap("names")
        let docDate = documentDateOverride.flatMap { DateValue($0) } ?? findDocumentDate()
        documentDate = docDate
        sweep(defaultYear: docDate?.year)
        clock.lap("sweep")
        var counts: [StatedCount] = []
        for si in sents.indices where sents[si].hasNumber && sents[si].may(.countNoun) {
            counts.append(contentsOf: CountRecogniser.find(toks(si), u))
        }
        computeMasks()
        clock.lap("phrases")
        let out = finish()
        clock.lap("decide")
        clock.report()
        return DocumentExtraction(document: documentName, sha256: "", language: detectLanguage(),
                                  documentDate: docDate?.isoString, persons: out, countsStated: counts)
    }

    // MARK: - Names

    func key(given: String, surname: String) -> String {
        memo.givenKey(given) + "|" + memo.surnameKey(surname)
    }

    mutating func findFullNames() {
        for si in sents.indices where sents[si].capitalised >= 2 {
            let ts = toks(si)
            for name in NameRecogniser.find(ts) {
                // "Aron Atabek (Aron Edigeyev)": a name in brackets right after another is an alias.
                if name.firstToken >= 2, ts.isChar(name.firstToken - 1, "("), name.lastToken + 1 < ts.count,
                   ts.isChar(name.lastToken + 1, ")"),
                   let prev = mentionsBySent[si].last.map({ mentions[$0] }), prev.full, prev.lastToken == name.firstToken - 2 {
                    addMention(Mention(person: prev.person, sent: si, firstToken: name.firstToken, lastToken: name.lastToken,
                                       start: name.start, end: name.end, full: true, cue: nil))
                    continue
                }
                let pid: Int
                if let pair = name.wordPair, let known = personByWords[pair] { pid = known } else {
                    let k = key(given: name.given, surname: name.surname)
                    if let existing = personByKey[k] ?? similarPerson(name) { pid = existing; personByKey[k] = existing } else {
                        pid = persons.count
                        persons.append(PersonAcc(given: name.given, surname: name.surname, female: name.female))
                        personByKey[k] = pid
                        bySurname[memo.surnameKey(name.surname), default: []].append(pid)
                    }
                    // Once a key has its person, it keeps it: the same two words always mean the same person.
                    if let pair = name.wordPair { personByWords[pair] = pid }
                }
                addMention(Mention(person: pid, sent: si, firstToken: name.firstToken, lastToken: name.lastToken,
                                   start: name.start, end: name.end, full: true, cue: nil))
            }
        }
    }

    /// Spelling variants of one name in one document: "Leila Khrapunova" and
    /// "Leyla Khrapunov", "Barlyk" and "Barylk", "Viktor" and "Victor".
    func similarPerson(_ name: FoundName) -> Int? {
        let sk = memo.surnameKey(name.surname)
        let gk = memo.givenKey(name.given)
        for pid in bySurname[sk] ?? [] {
            let pg = memo.givenKey(persons[pid].given)
            if pg == gk || (gk.count >= 4 && Assembler.closeEnough(pg, gk)) { return pid }
        }
        return nil
    }

    static func surnameKey(_ s: String) -> String {
        var k = NameFolding.searchKey(s)
        // A woman's form of the family name meets the man's: -ova/-eva/-ina.
        if k.count > 4, k.hasSuffixB("a"), ["ova", "eva", "ina", "iva", "ova"].contains(where: { k.hasSuffixB($0) }) || k.hasSuffixB("va") { k.removeLast() }
        return k
    }

    static func givenKey(_ s: String) -> String {
        NameFolding.searchKey(s).replacingOccurrences(of: "c", with: "k")
    }

    /// At most one edit or one swap of neighbours.
    static func closeEnough(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > 1 { return false }
        if x.count == y.count {
            let diff = (0..<x.count).filter { x[$0] != y[$0] }
            if diff.count <= 1 { return true }
            if diff.count == 2, diff[1] == diff[0] + 1, x[diff[0]] == y[diff[1]], x[diff[1]] == y[diff[0]] { return true }
            return false
        }
        let (s, l) = x.count < y.count ? (x, y) : (y, x)
        var i = 0, j = 0, skipped = false
        while i < s.count, j < l.count {
            if s[i] == l[j] { i += 1; j += 1 } else if !skipped { skipped = true; j += 1 } else { return false }
        }
        return true
    }

    mutating func addMention(_ m: Mention) {
        mentions.append(m)
        mentionsBySent[m.sent].append(mentions.count - 1)
        persons[m.person].mentions.append(mentions.count - 1)
        persons[m.person].sentences.insert(m.sent)
    }

    /// Candidates for a lone word that may be a known surname (the token is a capitalised word).
    mutating func surnameCandidates(_ ts: Toks, _ i: Int) -> [Int] {
        let id = Int(ts[i].id)
        if surnameCandidatesByWord.isEmpty { surnameCandidatesByWord = Array(repeating: -1, count: lex.count) }
        let cached = surnameCandidatesByWord[id]
        if cached >= 0 { return surnameCandidateLists[Int(cached)] }
        let w = ts.lower(i)
        var found: [Int] = []
        if let c = bySurname[memo.surnameKey(w)] { found = c }
        else if ts[i].isCyrillic {
            for variant in NameRecogniser.russianSurnameVariants(w) {
                if let c = bySurname[memo.surnameKey(variant)] { found = c; break }
            }
        }
        surnameCandidatesByWord[id] = Int32(surnameCandidateLists.count)
        surnameCandidateLists.append(found)
        return found
    }

    // MARK: - The sweep: focus, lone surnames, facts

    static let detentionWords: WordSet = ["detained", "arrested", "extradited", "detention", "custody", "apprehended", "imprisoned", "held", "placed", "задержан", "задержана", "задержаны", "задержали", "арестован", "арестована", "арестованы", "арестовали", "стражу", "сизо",
                                               "стражей"]
    static let convictionWords: WordSet = ["sentenced", "convicted", "sentencing", "verdict", "осужден", "осуждена", "осуждён", "приговорил", "приговорен", "приговорён", "приговорена", "приговорили",
                                                  "приговорила", "приговорены", "осуждены", "приговор"]

    mutating func sweep(defaultYear: Int?) {
        lastFullSeen = Array(repeating: -1, count: persons.count)
        var focus: [Int] = []
        var focusIsItem = false
        var headings: [Int: String] = [:]
        /// Whether each heading speaks of political prisoners, decided when it is read.
        var headingPP: [Int: Bool] = [:]
        var lastYear = defaultYear
        var si = 0
        var currentBlock = -1
        var currentListNumber: Int? = nil
        var localFocus: [Int]? = nil
        var headingsSpeakOfPP = false
        // A list titled "political prisoners" makes its numbered items so.
        var listTitlePP = false
        var previousSentencePP = false
        while si < sents.count {
            let s = sents[si]
            if s.block != currentBlock {
                currentBlock = s.block
                localFocus = nil
                previousSentencePP = false
                let b = blocks[s.block]
                // Lone surnames first, so that a block starting with one can be judged.
                var bs = si
                while bs < sents.count, sents[bs].block == s.block { linkLoneSurnames(bs, focus: focus); bs += 1 }
                let starters = startingGroup(si)
                var isHeading = b.kind == .heading
                if b.kind == .listItem, starters.isEmpty, b.number != nil, b.end - b.contentStart < 160,
                   let last = u[b.end - 1] as UInt8?, last != 0x2E, last != 0x3B, last != 0x3A {
                    isHeading = true
                }
                if isHeading && !(starters.count > 0 && isOnlyNames(si)) {
                    let level = b.level ?? (b.number != nil ? 1 : 3)
                    // A lower heading replaces its level and clears deeper ones.
                    headings = headings.filter { $0.key < level }
                    headingPP = headingPP.filter { $0.key < level }
                    headings[level] = Scan.string(u, b.contentStart..<b.end)
                    headingPP[level] = Assembler.speaksOfPoliticalPrisoners(headings[level]!)
                    focus = []; focusIsItem = false; currentListNumber = nil
                } else if !starters.isEmpty, b.kind == .listItem || s.isFirstOfBlock {
                    focus = starters
                    focusIsItem = b.kind == .listItem && b.number != nil
                    currentListNumber = focusIsItem ? b.number : nil
                    for p in starters {
                        persons[p].subject = true
                        if focusIsItem, persons[p].listNumber == nil {
                            persons[p].listNumber = currentListNumber
                            let keys = headings.keys.sorted()
                            if let top = keys.first {
                                var path = headings[top]!
                                if let sub = keys.last, sub != top { path += " / " + headings[sub]! }
                                persons[p].listSection = path
                            }
                        }
                    }
                }
                if isHeading {
                    headingsSpeakOfPP = headingPP.values.contains(true)
                    if headingsSpeakOfPP { listTitlePP = true }
                }
                if headingsSpeakOfPP || (listTitlePP && focusIsItem && b.kind == .listItem) {
                    for p in focus { persons[p].politicalPrisoner = true }
                }
            }
            // Dates: fill in years, remember the latest year for year-less dates. A report
            // dated only by the year in its title (a yearly report) means that year.
            var dates = sentDates[si]
            for k in dates.indices {
                if let y = dates[k].year { if !datedByTitle { lastYear = y } } else { dates[k].year = lastYear }
            }
            let effective = localFocus ?? focus
            let gs = groups(si)
            let spokeOfPP = processFacts(si, focus: effective, groups: gs, dates: dates,
                                         isItemHead: focusIsItem && s.isFirstOfBlock && blocks[s.block].kind == .listItem,
                                         inheritPP: previousSentencePP,
                                         previousDate: (s.isFirstOfBlock || si == 0) ? nil : sentDates[si - 1].last?.value(defaultYear: lastYear))
            previousSentencePP = previousSentencePP || spokeOfPP
            // Pronouns in the next sentence of this paragraph refer to whom this one named.
            if !gs.isEmpty {
                let named = gs.flatMap(\.persons)
                let inFocus = named.filter { focus.contains($0) }
                let introducesSomeone = mentionsBySent[si].contains { mentions[$0].full && named.contains(mentions[$0].person) }
                if focus.isEmpty || (inFocus.isEmpty && introducesSomeone) { localFocus = named }
                else if !inFocus.isEmpty { localFocus = inFocus }
            }
            si += 1
        }
    }

    /// A heading that names political prisoners (checked once per heading text).
    static func speaksOfPoliticalPrisoners(_ heading: String) -> Bool {
        let lower = heading.lowercased()
        if fastContains(lower, "political prisoner") || fastContains(lower, "prisoners of conscience")
            || fastContains(lower, "политзаключ") || fastContains(lower, "узник") && fastContains(lower, "совести")
            || fastContains(lower, "саяси тұтқын") { return true }
        // "политических заключённых", "политическими заключёнными".
        guard let r = lower.range(of: "политическ") else { return false }
        return lower[r.upperBound...].prefix(12).contains("заключ") || lower[r.upperBound...].prefix(12).contains("узник")
    }

    /// Whole-line names ("Kenzhebek Abishev and Almat Zhumagulov") make a profile header, not a heading.
    func isOnlyNames(_ si: Int) -> Bool {
        let ts = toks(si)
        var covered = Set<Int>()
        for mi in mentionsBySent[si] { for t in mentions[mi].firstToken...mentions[mi].lastToken { covered.insert(t) } }
        for ti in ts.indices where !covered.contains(ti) {
            if !(ts.has(ti, .listJoiner) || ts.isChar(ti, "&") || ts.isChar(ti, "(") || ts.isChar(ti, ")")) { return false }
        }
        return true
    }

    /// Persons named at the very start of a block and joined by commas or "and".
    func startingGroup(_ si: Int) -> [Int] {
        guard !mentionsBySent[si].isEmpty else { return [] }
        let ms = mentionsBySent[si].map { mentions[$0] }
        guard let first = ms.first, first.firstToken == 0, first.full else { return [] }
        let ts = toks(si)
        var group = [first.person]
        var lastTok = first.lastToken
        for m in ms.dropFirst() {
            let between = (lastTok + 1)..<m.firstToken
            if between.allSatisfy({ ts.has($0, .listJoiner) }) && !between.isEmpty {
                if !group.contains(m.person) { group.append(m.person) }
                lastTok = m.lastToken
            } else { break }
        }
        // The group must be what the block is about: "Name – ...", "Name is ...", "Name (...)".
        let ok: Bool
        if lastTok + 1 < ts.count {
            let k = lastTok + 1
            let next = ts.lower(k)
            ok = extractorWords3.contains(next)
                || next.hasSuffixB("ed") || !ts.has(k, .officialCue) && ts[k].kind == .word && !ts[k].isCapitalised
        } else {
            ok = true
        }
        // An official named first does not own the block.
        if group.contains(where: { p in mentionsBySent[si].contains(where: { mentions[$0].person == p && mentions[$0].cue == .official }) }) { return [] }
        return ok ? group : []
    }

    mutating func linkLoneSurnames(_ si: Int, focus: [Int]) {
        let s = sents[si]
        guard s.capitalised > 0 else { return }
        let ts = toks(si)
        // Full-name mentions come in token order and do not overlap: one walk finds the tokens they cover.
        let full = mentionsBySent[si]
        for mi in full where mentions[mi].full { lastFullSeen[mentions[mi].person] = si }
        let before = mentionsBySent[si].count
        var next = 0
        let candidateBits: WordBits = [.threeChars]
        for ti in ts.indices {
            let t = ts[ti]
            guard t.kind == .word, t.isCapitalised, ts.has(ti, candidateBits), !ts.has(ti, .notName) else { continue }
            while next < full.count, mentions[full[next]].lastToken < ti { next += 1 }
            if next < full.count, mentions[full[next]].firstToken <= ti { continue }
            let cands = surnameCandidates(ts, ti)
            guard !cands.isEmpty else { continue }
            var pick = cands[0]
            if cands.count > 1 {
                if let f = cands.first(where: { focus.contains($0) }) { pick = f }
                else {
                    // The one named in full most recently.
                    var best = -1
                    for c in cands {
                        let lastFull = lastFullSeen[c]
                        if lastFull > best { best = lastFull; pick = c }
                    }
                }
            }
            var first = ti
            // "M. Ablyazov": include the initial.
            if ti >= 2, ts.isChar(ti - 1, "."), ts[ti - 2].kind == .word, ts.lower(ti - 2).count == 1, ts[ti - 2].isCapitalised { first = ti - 2 }
            addMention(Mention(person: pick, sent: si, firstToken: first, lastToken: ti, start: ts[first].start, end: t.end, full: false, cue: nil))
        }
        // From here on the sentence's mentions are kept in token order.
        if mentionsBySent[si].count != before {
            let ms = mentions
            mentionsBySent[si].sort { ms[$0].firstToken < ms[$1].firstToken }
        }
        // Cues for every mention of this sentence.
        assignCues(si)
    }

    /// Words that end the backwards search for a title: a title beyond them
    /// belongs to someone else ("the prosecutor said that X").
    static let cueBarriers: WordSet = ["that", "against", "by", "with", "from", "for", "to", "said", "stated", "told",
                                           "asked", "who", "which", "than", "whom", "said", "деманded", "что", "против", "по"]
    /// Institutions that make a title before a comma an official's ("the head of the police department, X").
    static let institutionWords: WordSet = ["ministry", "department", "police", "court", "office", "senate", "parliament",
                                                "prosecutor’s", "government", "administration", "akimat", "committee", "service"]
    /// Titles of civil society: a director of a human rights group is not an official.
    static let civilSocietyWords: WordSet = ["human", "rights", "movement", "party", "opposition", "ngo", "foundation",
                                                 "association", "union", "organisation", "organization", "bureau", "coalition",
                                                 "initiative", "public", "unregistered", "organising", "organizing", "trade", "independent",
                                                 "news", "newspaper", "outlet", "site", "website", "channel", "media", "magazine", "portal"]
    /// Titles that civil society has too.
    static let civilSocietyTitles: WordSet = ["director", "head", "chairman", "chairwoman", "chairperson", "president", "member", "members", "deputy"]
    static let custodyContextWords: WordSet = ["pre-trial", "pretrial", "custody", "detention", "remand", "arrest", "centre", "center", "facility", "сизо", "стражу", "since"]

    mutating func assignCues(_ si: Int) {
        let ts = toks(si)
        let ms = mentionsBySent[si]
        var previousCue: Cue? = nil
        var previousEnd = -10
        // The last token of the names before each one: names do not overlap, so
        // a running maximum gives it without looking at every pair.
        var runningMax = -1
        for (index, mi) in ms.enumerated() {
            let m = mentions[mi]
            var cue: Cue? = nil
            var stopAt = runningMax
            if runningMax >= m.firstToken {
                stopAt = -1
                for k in 0..<index where mentions[ms[k]].lastToken < m.firstToken { stopAt = max(stopAt, mentions[ms[k]].lastToken) }
            }
            runningMax = max(runningMax, m.lastToken)
            // Backwards from the name, nearest cue wins; other names and barriers stop the search.
            let appositive = m.firstToken > 0 && ts.isChar(m.firstToken - 1, ",")
            var k = m.firstToken - (appositive ? 2 : 1)
            var steps = 0
            let maxSteps = appositive ? 12 : 4
            while k >= 0, k > stopAt, steps < maxSteps {
                if ts.isChar(k, ".") || ts.isChar(k, ";") || ts.isChar(k, "(") || ts.isChar(k, ")") || (ts.isChar(k, ",") && !appositive) { break }
                if ts.isChar(k, ":") { if k > 0, ts.is(k - 1, .photo) || ts.is(k - 1, .source) { cue = .other }; break }
                if ts.has(k, .cueBarrier), !appositive || ts.is(k, .that) || ts.is(k, .said) || ts.is(k, .stated) || ts.is(k, .told) || ts.is(k, .who) || ts.is(k, .which) || ts.is(k, .whom) { break }
                if var c = Assembler.cueOf(ts, k) {
                    // "former deputy X", "бывшего депутата X": no longer an official (presidents excepted).
                    if c == .official, k > 0, ts.has(k - 1, .formerWord) || (k > 1 && ts.has(k - 2, .formerWord)),
                       !ts.lower(k).hasPrefixB("president"), !ts.lower(k).hasPrefixB("президент") {
                        break
                    }
                    // Russian: a description in another case than the name is about someone else
                    // ("адвокат журналистки Бакыт Турсунов": the lawyer of a journalist).
                    if c == .persecuted, ts[k].isCyrillic, RussianNames.caseOfDescription(ts.lower(k)) != nil,
                       RussianNames.isMasculineNominativeSurname(ts.lower(m.lastToken)) {
                        k -= 1; steps += 1; continue
                    }
                    // Only the words between the title and the name qualify it ("head of the opposition party X",
                    // not "President X at a public event").
                    if c == .official || c == .other, Assembler.civilSocietyContext(ts, k, before: m.firstToken) { c = .persecuted }
                    cue = c; break
                }
                if appositive && steps > 3 && ts.has(k, .institution) { cue = .official; break }
                k -= 1; steps += 1
            }
            // Inside a list of names, the list's cue carries over ("MEPs A, B and C"),
            // even across names the recogniser did not know.
            if cue == nil, stopAt == previousEnd, stopAt >= 0 {
                let between = (stopAt + 1)..<m.firstToken
                if between.allSatisfy({ ts.has($0, .listJoiner) || (ts[$0].kind == .word && ts[$0].isCapitalised) || ts.has($0, .particle) }) { cue = previousCue }
            }
            // Apposition after the name: "X, Chairman of the Senate", "X, Y’s wife".
            if cue == nil, m.lastToken + 1 < ts.count, ts.isChar(m.lastToken + 1, ",") {
                var j = m.lastToken + 2
                var steps2 = 0
                while j < ts.count, steps2 < 5 {
                    if ts.isChar(j, ",") || ts.isChar(j, ".") || ts.isChar(j, ";") || ts.isChar(j, "(") { break }
                    if var c = Assembler.cueOf(ts, j) {
                        if c == .official || c == .other, Assembler.civilSocietyContext(ts, j, before: Assembler.clauseEnd(ts, j)) { c = .persecuted }
                        if c != .persecuted || steps2 < 3 { cue = c }
                        break
                    }
                    j += 1; steps2 += 1
                }
            }
            mentions[mi].cue = cue
            previousCue = cue
            previousEnd = m.lastToken
        }
    }

    /// "director of this human rights organisation", "leader of the opposition party".
    static func civilSocietyContext(_ ts: Toks, _ k: Int, before limit: Int) -> Bool {
        guard ts.has(k, .civilTitle) else { return false }
        for j in (k + 1)..<max(k + 1, min(ts.count, k + 7, limit)) where ts.has(j, .civilSociety) { return true }
        for j in max(0, k - 3)..<k where ts.has(j, .civilSociety) { return true }
        return false
    }

    /// The first comma, stop or bracket after token `k` (or the sentence's end).
    static func clauseEnd(_ ts: Toks, _ k: Int) -> Int {
        var j = k + 1
        while j < ts.count, !(ts.isChar(j, ",") || ts.isChar(j, ".") || ts.isChar(j, ";") || ts.isChar(j, "(")) { j += 1 }
        return j
    }

    static func cueOf(_ ts: Toks, _ k: Int) -> Cue? {
        if ts.has(k, .officialCue) { return Lexicon.otherCues.contains(ts.lower(k)) ? .other : .official }
        if ts.has(k, .persecutedCue) { return .persecuted }
        return nil
    }

    typealias Group = (first: Int, last: Int, persons: [Int])

    /// Groups of mentions in a sentence: names joined by commas or "and".
    func groups(_ si: Int) -> [Group] {
        guard !mentionsBySent[si].isEmpty else { return [] }
        let ts = toks(si)
        var out: [Group] = []
        for mi in mentionsBySent[si] {
            let m = mentions[mi]
            // Officials never own a sentence's facts; a lawyer or a wife may (they are persecuted too).
            if m.cue == .official { continue }
            if var g = out.last {
                let between = g.last + 1 < m.firstToken ? (g.last + 1)..<m.firstToken : 0..<0
                if m.firstToken > g.last, between.allSatisfy({ ts.has($0, .listJoiner) || ts.is($0, .as) || ts.is($0, .well) }) {
                    if !g.persons.contains(m.person) { g.persons.append(m.person) }
                    g.last = m.lastToken
                    out[out.count - 1] = g
                    continue
                }
                if m.firstToken <= g.last { continue }
            }
            out.append((m.firstToken, m.lastToken, [m.person]))
        }
        return out
    }

    /// Who a fact at token `t` belongs to: the nearest group of names before it
    /// in the same clause, else the first group after it, else the block's subject.
    func owners(_ si: Int, token t: Int, groups gs: [Group], focus: [Int], allowAfter: Bool = true) -> [Int] {
        if gs.isEmpty { return focus }
        let ts = toks(si)
        if let g = gs.last(where: { $0.last < t }) {
            // A semicolon between them starts another clause.
            let between = (g.last + 1)..<t
            // "found A guilty of the murder of B and sentenced him to ...": the pronoun
            // points back past B to the clause's first name.
            if between.contains(where: { ts.has($0, .objectPronoun) }), let first = gs.first, first.last < g.first {
                return first.persons
            }
            if !between.contains(where: { ts.isChar($0, ";") }) { return g.persons }
        }
        if !allowAfter {
            // "(Art. 174 and 405 of the CC) ... includes X": an article before any
            // name is not X's charge; "He was sentenced to ..." is the subject's.
            if (0..<t).contains(where: { ts.has($0, .pronoun) }) { return focus }
            return []
        }
        if let g = gs.first(where: { $0.first > t }) {
            // "On 5 May the court sentenced X": the following name.
            return g.persons
        }
        return gs.last!.persons
    }

    /// Attaches the sentence's facts to people; returns whether it speaks of political prisoners.
    mutating func processFacts(_ si: Int, focus: [Int], groups gs: [Group], dates: [FoundDate], isItemHead: Bool, inheritPP: Bool, previousDate: DateValue?) -> Bool {
        let s = sents[si]
        // Sentences that name nobody speak of the block's subject ("He was sentenced ...").
        if gs.isEmpty { for p in focus { persons[p].sentences.insert(si) } }
        let ts = toks(si)
        var pp = false
        if s.may(.politicalPrisoner) {
            for k in ts.indices where ts[k].kind == .word && ts.has(k, .politicalPrisoner) {
                let w = ts.lower(k)
                if ts.is(k, .political), k + 1 < ts.count, ts.lower(k + 1).hasPrefixB("prisoner") { pp = true; break }
                if w.hasPrefixB("prisoner"), k + 2 < ts.count, ts.is(k + 1, .of), ts.is(k + 2, .conscience) { pp = true; break }
                if w.hasPrefixB("политзаключ") { pp = true; break }
                // "политическими заключёнными", "политических узников", "саяси тұтқындар", "узники совести".
                if k + 1 < ts.count, w.hasPrefixB("политическ") || w == "саяси",
                   ts.lower(k + 1).hasPrefixB("заключ") || ts.lower(k + 1).hasPrefixB("узник") || ts.lower(k + 1).hasPrefixB("тұтқын") { pp = true; break }
                if w.hasPrefixB("узник"), k + 1 < ts.count, ts.lower(k + 1).hasPrefixB("совест") { pp = true; break }
            }
        }
        // "In particular, ..." continues the previous sentence's list.
        if inheritPP, !pp, !ts.isEmpty {
            let first = ts.lower(0)
            let second = ts.count > 1 ? ts.lower(1) : ""
            let opening = first + " " + second
            if ["in particular", "for example", "among them", "these include", "they include", "such as", "for instance"].contains(opening) || first == "including" { pp = true }
        }
        if pp {
            for g in gs { for p in g.persons { persons[p].politicalPrisoner = true } }
            if gs.isEmpty { for p in focus { persons[p].politicalPrisoner = true } }
        }
        if s.hasNumber && s.may(.articleWord) {
            for c in ChargeRecogniser.find(ts, u) {
                for p in owners(si, token: c.tokenIndex, groups: gs, focus: focus, allowAfter: false) {
                    if !persons[p].charges.contains(where: { $0.article == c.charge.article && ($0.part == c.charge.part || c.charge.part == nil) }) {
                        persons[p].charges.removeAll { $0.article == c.charge.article && $0.part == nil }
                        persons[p].charges.append(c.charge)
                    }
                    persons[p].factSentences.insert(si)
                }
            }
        }
        // Event dates: each detention or conviction word takes the nearest date.
        func nearestDate(_ t: Int) -> DateValue? {
            var best: (Int, DateValue)? = nil
            for d in dates {
                guard let v = d.value(defaultYear: nil) else { continue }
                let dist = d.lastToken < t ? t - d.lastToken : d.firstToken - t
                // Prefer a date before the verb ("On 5 May, he was detained") on ties.
                if best == nil || dist < best!.0 { best = (dist, v) }
            }
            return best?.1
        }
        // Every punishment form needs a unit, a fine, a replacement, "life" or "suspended".
        let punishments = (s.hasNumber || s.may(.punishmentGate)) && s.may(.punishmentCue) ? SentenceRecogniser.find(ts, u) : []
        var convictionDate: DateValue? = nil
        var convictionOwners: [Int] = []
        // The condition does not change per token: test it once, not in a `where`.
        for ti in (!dates.isEmpty || previousDate != nil || s.may(.eventAnchor) ? ts.indices : 0..<0) {
            if ts.has(ti, .conviction) || (ts.is(ti, .found) && ti + 1 < ts.count && ts.is(ti + 1, .guilty)) {
                // "faces seven years if convicted": a conviction that has not happened.
                if (max(0, ti - 3)..<ti).contains(where: { ["if", "unless", "could", "would", "may", "might", "если"].contains(ts.lower($0)) }) { continue }
                guard let d = nearestDate(ti) else { continue }
                convictionDate = d
                let ows = punishments.isEmpty ? owners(si, token: ti, groups: gs, focus: focus)
                    : Array(Set(punishments.flatMap { owners(si, token: $0.tokenIndex, groups: gs, focus: focus) }))
                convictionOwners = ows
                for p in ows { persons[p].convicted.append(d); persons[p].factSentences.insert(si) }
            } else if ts.has(ti, .detention) {
                // "held"/"placed"/"detention" only with custody words nearby; not "administrative arrest for N days".
                let w = ts.lower(ti)
                // "под стражей с апреля 2026 года" (in custody since); not "оставил под стражей" (kept in custody).
                if w == "стражей", !(ti + 1 < ts.count && ["с", "со"].contains(ts.lower(ti + 1))) { continue }
                if extractorWords9.contains(w) {
                    let ctx = max(0, ti - 4)..<min(ts.count, ti + 6)
                    guard ctx.contains(where: { ts.has($0, .custodyContext) }) else { continue }
                    if ctx.contains(where: { ts.is($0, .house) }) { continue }
                }
                // "Immediately after that, A and B were detained": the date of the sentence before.
                let follows = extractorWords11.contains(ts.lower(0))
                guard let d = nearestDate(ti) ?? (follows ? previousDate : nil) ?? dateOfEventNamed(si, before: ti) else { continue }
                for p in owners(si, token: ti, groups: gs, focus: focus) { persons[p].detained.append(d); persons[p].factSentences.insert(si) }
            }
        }
        for p in punishments {
            // "In June 2017, X received a five-year suspended sentence": the date goes with it.
            var date0 = convictionDate
            if date0 == nil, !p.isReplacement { date0 = nearestDate(p.tokenIndex) }
            for o in owners(si, token: p.tokenIndex, groups: gs, focus: focus) {
                let date = convictionOwners.contains(o) || convictionDate == nil ? date0 : nil
                if convictionDate == nil, let d = date { persons[o].convicted.append(d) }
                // "... was replaced by imprisonment" takes the person into custody that day.
                if p.sentence.kind == "imprisonment", p.sentence.months == nil, let d = date0 { persons[o].detained.append(d) }
                persons[o].punishments.append((p, isItemHead && focus.contains(o), date))
                persons[o].factSentences.insert(si)
            }
        }
        return pp
    }

    /// "Immediately after the press conference, A and B were detained": the date of
    /// the sentence before that names the same event ("On 14 October 2019, they held a
    /// press conference"), looked for among the last dozen sentences.
    func dateOfEventNamed(_ si: Int, before t: Int) -> DateValue? {
        let ts = toks(si)
        var k = 0
        while k + 2 < t {
            defer { k += 1 }
            guard ts.is(k, .after) || ts.is(k, .following), ts.is(k + 1, .the) || ts.is(k + 1, .this) || ts.is(k + 1, .that),
                  ts[k + 2].kind == .word, !ts[k + 2].isCapitalised else { continue }
            // The event: one or two words ("press conference", "rally").
            var event = [ts[k + 2].id]
            if k + 3 < t, ts[k + 3].kind == .word, !ts[k + 3].isCapitalised { event.append(ts[k + 3].id) }
            for back in stride(from: si - 1, through: max(0, si - 12), by: -1) where !sentDates[back].isEmpty {
                let prev = toks(back)
                guard let at = (0..<max(0, prev.count - event.count + 1)).first(where: { p in event.indices.allSatisfy { prev[p + $0].id == event[$0] } }) else { continue }
                // The dated mention nearest the event's words.
                let dated = sentDates[back].compactMap { d in d.value(defaultYear: nil).map { (abs(d.firstToken - at), $0) } }
                if let best = dated.min(by: { $0.0 < $1.0 }) { return best.1 }
            }
        }
        return nil
    }

    // MARK: - Decisions

    func cueWords(_ p: PersonAcc) -> [(pos: Int, text: String)] {
        p.sentences.union(p.factSentences).map { (sents[$0].range.lowerBound, loweredText($0)) }
    }

    /// The sentence's lower-case text (tokens joined by spaces).
    func loweredText(_ si: Int) -> String { Assembler.joinedLower(toks(si)) }

    /// `AIGAQ_DEBUG=surname` prints the sentences a person's status was decided from.
    static let debugSurname: String? = ProcessInfo.processInfo.environment["AIGAQ_DEBUG"]?.lowercased()

    /// Classes of phrases the status and role decisions look for.
    enum PhraseClass: Int, CaseIterable {
        case abroad, exile, release, notRelease, inAbsentia, serving, houseArrest, custody, detainedBroad, investigation, persecution, prisonTerm
        var phrases: [String] {
            switch self {
            case .abroad: return Assembler.abroadPhrases
            case .release: return Assembler.releasePhrases
            case .notRelease: return Assembler.notRelease
            case .exile: return ["left kazakhstan", "left the country", "forced to leave", "emigrated", "in exile", "granted asylum",
                                 "granted political asylum", "refugee status", "resides in", "residing in", "lives in", "living in"]
            case .inAbsentia: return ["in absentia", "заочно"]
            case .serving: return ["penal colony", "in prison", "serving", "колони"]
            case .houseArrest: return ["house arrest", "домашн"]
            case .custody: return ["pre-trial detention", "pretrial detention", "detention centre", "detention center", "detention facilit", "сизо", "под стражей"]
            case .detainedBroad: return ["pre-trial detention", "pretrial detention", "detention centre", "detention center", "detention facilit", "in custody", "under arrest", "remanded", "сизо", "под стражей", "arrested on suspicion", "was arrested", "were arrested", "was detained", "were detained"]
            case .investigation: return ["criminal case", "charged", "suspicion", "under investigation", "pre-trial investigation", "criminal proceedings", "accused", "indicted", "уголовное дело", "подозрен", "обвиня"]
            case .persecution: return Lexicon.persecutionStems
            case .prisonTerm: return ["prison term", "prison sentence", "years in prison", "years of imprisonment", "years' imprisonment",
                                      "лишения свободы", "лет колонии", "годам колонии"]
            }
        }
    }

    /// Phrases by the first four letters of their first word, so that a
    /// sentence is searched only for phrases whose first word it holds.
    static let phraseIndex: [UInt32: [(PhraseClass, String)]] = {
        var index: [UInt32: [(PhraseClass, String)]] = [:]
        for c in PhraseClass.allCases {
            for phrase in c.phrases {
                let first = phrase.split(separator: " ").first.map(String.init) ?? phrase
                index[prefixKey(first), default: []].append((c, phrase))
            }
        }
        return index
    }()

    /// `phraseIndex` as an array (phrases as bytes), and where each key's phrases are in it.
    static let phraseGroups: [[(PhraseClass, [UInt8])]] = phraseIndex.keys.sorted().map { phraseIndex[$0]!.map { ($0.0, Array($0.1.utf8)) } }
    static let phraseGroupIndex: [UInt32: Int] = Dictionary(uniqueKeysWithValues: phraseIndex.keys.sorted().enumerated().map { ($1, $0) })

    /// Whether a word's first four bytes are those of a phrase's first word (`WordBits.phraseStart`).
    static func startsPhrase(_ w: String) -> Bool { phraseIndex[prefixKey(w)] != nil }

    /// The tokens' lower-case forms joined by spaces, as `joined(separator: " ")` gives, in one allocation.
    static func joinedLower(_ ts: Toks) -> String {
        guard !ts.isEmpty else { return "" }
        var total = ts.count - 1
        for k in ts.indices { total += ts.lex.byteCount(ts[k].id) }
        return String(unsafeUninitializedCapacity: total) { buf in
            var o = 0
            for k in ts.indices {
                if k > 0 { buf[o] = 0x20; o += 1 }
                o += ts.lex.copyBytes(ts[k].id, to: buf.baseAddress! + o)
            }
            return o
        }
    }

    /// `joinedLower` into a reused buffer; returns the length. ASCII words,
    /// numbers and ASCII punctuation are written from the text itself (read in
    /// order), the rest from the vocabulary.
    static func joinLower(_ ts: Toks, _ u: Bytes, into buffer: inout [UInt8]) -> Int {
        guard !ts.isEmpty else { return 0 }
        var total = ts.count - 1
        for k in ts.indices {
            let t = ts[k]
            total += t.isASCII || t.kind == .number ? t.end - t.start : (t.id < 128 ? 1 : ts.lex.byteCount(t.id))
        }
        if buffer.count < total { buffer = [UInt8](repeating: 0, count: total * 2) }
        return buffer.withUnsafeMutableBufferPointer { buf in
            var o = 0
            for k in ts.indices {
                if k > 0 { buf[o] = 0x20; o += 1 }
                let t = ts[k]
                if t.isASCII || t.kind == .number {
                    for j in t.start..<t.end { let c = u[j]; buf[o] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c; o += 1 }
                } else if t.id < 128 {
                    buf[o] = UInt8(t.id); o += 1
                } else {
                    o += ts.lex.copyBytes(t.id, to: buf.baseAddress! + o)
                }
            }
            return o
        }
    }

    /// The first four bytes of a word packed in an integer.
    @inline(__always) static func prefixKey(_ w: String) -> UInt32 {
        var k: UInt32 = 0
        var n = 0
        for b in w.utf8 { k = k << 8 | UInt32(b); n += 1; if n == 4 { break } }
        return k | UInt32(n) << 30
    }

    /// Looks each status phrase up once per sentence that is about someone.
    mutating func computeMasks() {
        sentMask = Array(repeating: 0, count: sents.count)
        var needed = Array(repeating: false, count: sents.count)
        for p in persons { for si in p.sentences { needed[si] = true }; for si in p.factSentences { needed[si] = true } }
        var tried: [Int] = []
        // Which group of phrases (same first four bytes) each word starts, found once per word.
        var groupOfWord = [Int32](repeating: -2, count: lex.count)
        let groups = Assembler.phraseGroups
        // The lower-case text of one sentence at a time, in a reused buffer.
        var buffer = [UInt8](repeating: 0, count: 256)
        for si in sents.indices where needed[si] && sents[si].may(.phraseStart) {
            let ts = toks(si)
            var m: UInt32 = 0
            tried.removeAll(keepingCapacity: true)
            var length = -1
            for k in ts.indices where ts[k].kind == .word && ts.has(k, .phraseStart) {
                let id = Int(ts[k].id)
                if groupOfWord[id] == -2 { groupOfWord[id] = Int32(Assembler.phraseGroupIndex[Assembler.prefixKey(ts.lower(k))] ?? -1) }
                let g = Int(groupOfWord[id])
                guard g >= 0, !tried.contains(g) else { continue }
                tried.append(g)
                if length < 0 { length = Assembler.joinLower(ts, u, into: &buffer) }
                buffer.withUnsafeBufferPointer { text in
                    let hay = UnsafeBufferPointer(rebasing: text[0..<length])
                    for (c, phrase) in groups[g] where m & (1 << UInt32(c.rawValue)) == 0 {
                        if phrase.withUnsafeBufferPointer({ bytesContain(hay, $0) }) { m |= 1 << UInt32(c.rawValue) }
                    }
                }
            }
            sentMask[si] = m
        }
    }

    static let releasePhrases = ["was released", "were released", "been released", "released on parole", "released from prison",
                                 "released from the colony", "early release", "pardoned", "amnestied", "full term",
                                 "освобожден", "освобождён", "вышел на свободу", "was freed", "served his sentence", "served her sentence",
                                 "after serving", "served his term", "served her term"]
    static let notRelease = ["released from pre-trial", "released from custody", "released under", "released on bail", "news was released",
                             "information was released", "video was released", "report was released", "demand", "call for", "calls for",
                             "conditions of early release", "request for early release was"]
    static let abroadPhrases = ["fled", "left kazakhstan", "left the country", "forced to leave", "emigrated", "in exile", "granted asylum",
                                "granted political asylum", "refugee status", "resides in", "residing in", "lives in", "living in", "abroad",
                                "left for", "эмигрир", "покинул", "за рубеж", "политическое убежище"]

    /// The person's situation at the document's time, from the chosen
    /// punishment and the words of the sentences about them.
    func status(_ p: PersonAcc, order: [Int], punishment: FoundPunishment?, convictedOn: DateValue?) -> String {
        /// The position of the last sentence about the person holding a phrase of `c`.
        func has(_ c: PhraseClass) -> Int? {
            var last: Int? = nil
            for si in order where sentMask[si] & (1 << UInt32(c.rawValue)) != 0 {
                if c == .release, sentMask[si] & (1 << UInt32(PhraseClass.notRelease.rawValue)) != 0 { continue }
                last = sents[si].range.lowerBound
            }
            return last
        }
        if let dbg = Assembler.debugSurname, fastContains(p.surname, dbg) {
            for t in cueWords(p) { FileHandle.standardError.write("[\(p.given) \(p.surname)] \(t.pos): \(t.text)\n".data(using: .utf8)!) }
        }
        if isDead(p) { return "deceased" }
        let abroad = has(.abroad)
        let released = has(.release)
        let formerPP = formerPrisonerByMention(p)
        let exile = has(.exile)
        if let pun = punishment {
            // "sentenced to life imprisonment in absentia": said of this punishment, not of another in the sentence.
            if let si = p.factSentences.first(where: { sents[$0].range.contains(pun.start) }),
               case let text = loweredText(si), fastContains(text, "absentia") || fastContains(text, "заочно") { return "abroad" }
            if p.punishments.contains(where: { $0.p.isReplacement && $0.p.sentence.kind == "restricted_freedom" && $0.p.start > pun.start }) { return "restricted_freedom" }
            if p.punishments.contains(where: { $0.p.isReplacement && $0.p.sentence.kind == "suspended" && $0.p.start > pun.start }) { return "suspended_sentence" }
            // Only plain words of exile outweigh a prison sentence ("fled to Kazakhstan" does not).
            if exile != nil, pun.sentence.kind == "imprisonment" || pun.sentence.kind == "life" { return "abroad" }
            // Released in the sentence of the punishment or later ("released on parole after
            // serving half of a two-year sentence").
            let punSentence = order.first(where: { sents[$0].range.contains(pun.start) }).map { sents[$0].range.lowerBound } ?? pun.start
            if let r = released, r >= punSentence { return "released" }
            if formerPP || releasedByMention(p) { return "released" }
            // A prison term that ended before the document was written has been served. Not
            // restricted freedom: reports keep calling such people "sentenced to restricted
            // freedom", and a probation term is often extended.
            if let months = pun.sentence.months, pun.sentence.kind == "imprisonment", let conv = convictedOn, let doc = documentDate {
                let end = conv.year * 12 + (conv.month ?? 12) + months
                if end < doc.year * 12 + (doc.month ?? 1) { return "released" }
            }
            switch pun.sentence.kind {
            case "imprisonment", "life": return "convicted_imprisoned"
            case "restricted_freedom": return "restricted_freedom"
            case "suspended": return "suspended_sentence"
            case "fine": return "fined"
            case "administrative_arrest": return "released"
            default: return "unknown"
            }
        }
        if abroad != nil { return "abroad" }
        if released != nil || formerPP || releasedByMention(p) { return "released" }
        // "sentenced ... to prison terms of 10 to 25 years": convicted, no single length stated.
        if !p.convicted.isEmpty, has(.prisonTerm) != nil { return "convicted_imprisoned" }
        if has(.houseArrest) != nil, has(.custody) == nil { return "house_arrest" }
        if has(.detainedBroad) != nil { return "pretrial_detention" }
        if !p.charges.isEmpty || has(.investigation) != nil {
            return "under_investigation"
        }
        return "unknown"
    }

    /// "former political prisoner X" (said of this person, not of a neighbour in the sentence).
    func formerPrisonerByMention(_ p: PersonAcc) -> Bool {
        for mi in p.mentions {
            let m = mentions[mi]
            let ts = toks(m.sent)
            let before = max(0, m.firstToken - 5)..<m.firstToken
            if let f = before.first(where: { ts.is($0, .former) }), (f..<m.firstToken).contains(where: { ts.lower($0).hasPrefixB("prisoner") }) { return true }
            if before.contains(where: { ts.lower($0).hasPrefixB("бывш") }) && before.contains(where: { ts.lower($0).hasPrefixB("политзаключ") }) { return true }
        }
        return false
    }

    /// "the authorities were forced to release X".
    func releasedByMention(_ p: PersonAcc) -> Bool {
        for mi in p.mentions {
            let m = mentions[mi]
            let ts = toks(m.sent)
            guard m.firstToken >= 1 else { continue }
            guard ts.is(m.firstToken - 1, .release) || ts.is(m.firstToken - 1, .released) || ts.is(m.firstToken - 1, .freed) else { continue }
            let before = ts.lowers(max(0, m.firstToken - 5)..<(m.firstToken - 1))
            if before.contains(where: { $0.hasPrefixB("demand") || $0.hasPrefixB("call") || $0.hasPrefixB("urge") || $0 == "must" || $0 == "should" }) { continue }
            return true
        }
        return false
    }

    /// "killed journalist X", "X died in custody", "the death of X".
    func isDead(_ p: PersonAcc) -> Bool {
        for mi in p.mentions {
            let m = mentions[mi]
            let ts = toks(m.sent)
            if (max(0, m.firstToken - 3)..<m.firstToken).contains(where: { ts.has($0, .killed) }) { return true }
            if m.firstToken >= 2, ts.is(m.firstToken - 1, .of), ts.is(m.firstToken - 2, .death) || ts.is(m.firstToken - 2, .murder) || ts.is(m.firstToken - 2, .killing) { return true }
            let after = (m.lastToken + 1)..<min(ts.count, m.lastToken + 4)
            if after.contains(where: { ts.has($0, .died) }) { return true }
            // "X, a farmer from the south, died in police custody": past an apposition.
            if m.lastToken + 1 < ts.count, ts.isChar(m.lastToken + 1, ","),
               let close = ((m.lastToken + 2)..<min(ts.count, m.lastToken + 14)).first(where: { ts.isChar($0, ",") }),
               ((close + 1)..<min(ts.count, close + 3)).contains(where: { ts.has($0, .died) }) { return true }
            // "leading X, his brother, to his death"
            let tail = (m.lastToken + 1)..<min(ts.count, m.lastToken + 12)
            if let d = tail.first(where: { ts.is($0, .death) }), d > tail.lowerBound, ts.is(d - 1, .his) || ts.is(d - 1, .her),
               !(tail.lowerBound..<d).contains(where: { ts.isChar($0, ".") }) { return true }
            let a = m.lastToken + 1
            if a + 1 < ts.count, ts.is(a, .was), ts.is(a + 1, .killed) || ts.is(a + 1, .murdered) { return true }
            if a + 1 < ts.count, ts.is(a, .passed), ts.is(a + 1, .away) { return true }
        }
        return false
    }

    func role(_ p: PersonAcc) -> String {
        var official = 0, other = 0, persecuted = 0
        for mi in p.mentions {
            switch mentions[mi].cue {
            case .official: official += 1
            case .other: other += 1
            case .persecuted: persecuted += 1
            case nil: break
            }
        }
        // Facts next to a president's name are someone else's.
        if !p.subject, persecuted == 0, official >= 2 { return "official" }
        if p.subject || !p.punishments.isEmpty || !p.charges.isEmpty { return "persecuted" }
        if persecuted > 0 && persecuted * 2 >= official + other { return "persecuted" }
        if official + other > 0 { return official >= other ? "official" : "other" }
        if !p.detained.isEmpty || !p.convicted.isEmpty { return "persecuted" }
        for si in p.sentences where sentMask[si] & (1 << UInt32(PhraseClass.persecution.rawValue)) != 0 {
            return "persecuted"
        }
        return "other"
    }

    func finish() -> [ExtractedPerson] {
        var out: [ExtractedPerson] = []
        for p in persons {
            let bans = p.punishments.filter { $0.p.sentence.kind == "ban" }.flatMap(\.p.sentence.bans)
            let real = p.punishments.filter { $0.p.sentence.kind != "ban" }
            let heads = real.filter { $0.head && !$0.p.isReplacement }
            let candidates = real.filter { !$0.p.isReplacement }
            var chosen = heads.first ?? candidates.max(by: { ($0.date?.sortKey ?? 0) < ($1.date?.sortKey ?? 0) })
            // Equal dates: the first one stated.
            if heads.isEmpty, let c = chosen, c.date == nil {
                chosen = candidates.first { $0.p.sentence.months != nil } ?? candidates.first { $0.p.sentence.kind != "fine" } ?? candidates.first
            }
            let r = role(p)
            var mentionsOut: [NameMention] = []
            var seen = Set<Int>()
            for mi in p.mentions where seen.insert(mentions[mi].start).inserted {
                let m = mentions[mi]
                mentionsOut.append(NameMention(text: Scan.string(u, m.start..<m.end), start: m.start, end: m.end))
            }
            let given = NameRecogniser.display(p.given), surname = NameRecogniser.display(p.surname)
            // The person's sentences in order, for the evidence and the status.
            let order = p.sentences.union(p.factSentences)
            let evidence = order.prefix(12).map { EvidenceSpan(start: sents[$0].range.lowerBound, end: sents[$0].range.upperBound) }
            let convictedOn = chosen?.date ?? p.convicted.max()
            if var c = chosen, !bans.isEmpty {
                for b in bans where !c.p.sentence.bans.contains(b) { c.p.sentence.bans.append(b) }
                chosen = c
            }
            out.append(ExtractedPerson(
                name: given + " " + surname, mentions: mentionsOut, role: r,
                status: r == "persecuted" ? status(p, order: order, punishment: chosen?.p, convictedOn: convictedOn) : "unknown",
                politicalPrisoner: r == "persecuted" && p.politicalPrisoner ? true : nil,
                charges: r == "persecuted" ? p.charges : [],
                sentence: r == "persecuted" ? chosen?.p.sentence : nil,
                detainedOn: r == "persecuted" ? p.detained.min()?.isoString : nil,
                convictedOn: r == "persecuted" ? convictedOn?.isoString : nil,
                listSection: p.listSection, listNumber: p.listNumber, evidence: Array(evidence)))
        }
        return out
    }

    // MARK: - Document facts

    mutating func findDocumentDate() -> DateValue? {
        // A dateline or "Date:" line in the opening; else a title's "as of <date>".
        var asOf: DateValue? = nil
        for si in sents.indices.prefix(12) where sents[si].range.lowerBound < 1500 {
            let ts = toks(si)
            for (n, d) in sentDates[si].enumerated() where d.year != nil {
                guard let v = d.value(defaultYear: nil) else { continue }
                if n == 0, Self.isDateline(ts, d) { return v }
                if asOf == nil, Self.isAsOf(ts, d) { asOf = v }
            }
        }
        if let asOf { return asOf }
        var latest: DateValue? = nil
        for (si, ds) in sentDates.enumerated() where ds.contains(where: { $0.month != nil }) {
            // "will enter into force on 1 March 2020" is not a date the text reports on.
            let ts = toks(si)
            if ts.indices.contains(where: { ts[$0].kind == .word && futureWords.contains(ts.lower($0)) }) { continue }
            for d in ds where d.month != nil {
                if let v = d.value(defaultYear: nil), latest == nil || v > latest! { latest = v }
            }
        }
        if latest != nil { return latest }
        // No full date anywhere ("On March 3, ..."): the year in the title
        // ("COUNTRY 2023 HUMAN RIGHTS REPORT") dates the report.
        for si in sents.indices.prefix(3) where sents[si].range.lowerBound < 500 && blocks[sents[si].block].kind == .heading {
            let ts = toks(si)
            for k in ts.indices { if let y = DateRecogniser.year(ts, k) { datedByTitle = true; return DateValue(year: y, month: nil, day: nil) } }
        }
        return nil
    }

    /// "14.07.2025.", "Date: 14 July 2025", "Almaty, 14 July 2025": only such words
    /// come before the date and nothing after it ("Detained on 14 March 2025" is a fact).
    static func isDateline(_ ts: Toks, _ d: FoundDate) -> Bool {
        guard d.firstToken <= 2 else { return false }
        for k in 0..<d.firstToken {
            if ts[k].kind == .punct || datelineWords.contains(ts.lower(k)) { continue }
            if ts[k].isCapitalised, k + 1 < ts.count, ts.isChar(k + 1, ",") { continue }
            return false
        }
        // The date ends its line or sentence ("2 September 2025 the court ..." is a fact).
        for k in (d.lastToken + 1)..<max(d.lastToken + 1, ts.count) where ts[k].kind != .punct { return false }
        return true
    }

    /// "as of 1 October 2026", "по состоянию на 1 октября 2026 года": the date a list speaks of.
    static func isAsOf(_ ts: Toks, _ d: FoundDate) -> Bool {
        let k = d.firstToken
        func word(_ back: Int) -> String { k - back >= 0 && ts[k - back].kind == .word ? ts.lower(k - back) : "" }
        return (word(2) == "as" && ["of", "at"].contains(word(1)))
            || (word(3) == "по" && word(2) == "состоянию" && word(1) == "на")
            || (word(2) == "станом" && word(1) == "на")
    }

    func detectLanguage() -> String {
        var cyr = 0, lat = 0, kk = 0
        var i = 0
        let limit = min(u.count, 200_000)
        while i < limit {
            let b = u[i]
            if b < 0x80 { if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A { lat += 1 }; i += 1; continue }
            if (b == 0xD0 || b == 0xD1), i + 1 < limit { cyr += 1; if b == 0xD1 && u[i + 1] == 0x96 { kk += 1 } }
            if (b == 0xD2 || b == 0xD3), i + 1 < limit { cyr += 1; kk += 1 }
            i += 1
        }
        if cyr > lat { return kk * 40 > cyr ? "kk" : "ru" }
        return "en"
    }
}

// Word sets of rarely taken paths (the hot ones are `WordBits`).
private let futureWords: Set<String> = ["will", "shall", "scheduled", "upcoming", "planned", "будет", "будут", "состоится",
                                        "планируется", "запланирован", "запланировано"]
private let datelineWords: Set<String> = ["date", "dated", "updated", "published", "as", "of", "at",
                                          "дата", "обновлено", "опубликовано", "по", "состоянию", "на", "күні"]
private let extractorWords3: WordSet = ["-", "is", "are", "was", "were", "(", ",", ":", "has", "had", "'", "who", "remains"]
private let extractorWords9: WordSet = ["held", "placed", "detention", "custody", "imprisoned"]
private let extractorWords11: WordSet = ["immediately", "then", "shortly", "afterwards", "soon", "later"]
