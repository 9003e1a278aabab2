import Foundation
import AigaqCore

/// Reads, normalises, segments and extracts one document.
public enum Extractor {
    /// - Parameters:
    ///   - fileName: the name as given; folders are dropped in the output.
    ///   - documentDate: overrides the date found in the text ("2025-07" etc.).
    public static func extract(data: Data, fileName: String, documentDate: String? = nil) throws -> (document: ReadDocument, extraction: DocumentExtraction) {
        let document = try DocumentReader.read(data: data, fileName: fileName)
        let base = (fileName as NSString).lastPathComponent
        var extraction = extract(text: document.text, documentName: base, documentDate: documentDate)
        extraction.sha256 = SHA256Hasher.hex(data)
        return (document, extraction)
    }

    /// Extraction from text that is already normalised (offsets refer to it).
    public static func extract(text: String, documentName: String, documentDate: String? = nil) -> DocumentExtraction {
        let u = Array(text.utf8)
        var assembler = Assembler(u: u)
        var extraction = assembler.run(documentName: documentName, documentDateOverride: documentDate)
        // Names used alone: one word of a full name, and surnames named without one.
        LoneGivenNames.addMentions(to: &extraction.persons, text: u)
        LoneSurnamePersons.add(to: &extraction.persons, text: u)
        return extraction
    }
}

/// One sentence with its tokens and where it sits.
struct Sent {
    var block: Int
    var range: Range<Int>
    var toks: [Token]
    var isFirstOfBlock: Bool
    /// Cheap facts about the tokens, so that recognisers skip sentences that cannot hold their pattern.
    var hasNumber = false
    var capitalised = 0

    init(block: Int, range: Range<Int>, toks: [Token], isFirstOfBlock: Bool) {
        self.block = block; self.range = range; self.toks = toks; self.isFirstOfBlock = isFirstOfBlock
        for k in toks.indices {
            if toks[k].kind == .number { hasNumber = true } else if toks[k].kind == .word && toks[k].isCapitalised { capitalised += 1 }
        }
    }
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
    var sentences: Set<Int> = []
    var factSentences: Set<Int> = []
    var politicalPrisoner = false
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

/// Substring test on UTF-8 bytes (Foundation's `contains` is slow on Linux).
@inline(__always) func fastContains(_ hay: String, _ needle: String) -> Bool {
    var h = hay, n = needle
    return h.withUTF8 { hb in
        n.withUTF8 { nb in
            guard nb.count > 0, hb.count >= nb.count else { return nb.count == 0 }
            // memchr finds candidate first bytes far faster than a byte loop.
            let h0 = hb.baseAddress!, n0 = nb.baseAddress!
            let first = Int32(nb[0])
            var i = 0
            let last = hb.count - nb.count
            while i <= last {
                guard let p = memchr(h0 + i, first, last - i + 1) else { return false }
                let at = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - h0
                if memcmp(h0 + at + 1, n0 + 1, nb.count - 1) == 0 { return true }
                i = at + 1
            }
            return false
        }
    }
}

struct Assembler {
    let u: [UInt8]
    let memo = KeyMemo()
    /// Lower-cased sentence texts, made once.
    var sentText: [String] = []
    var documentDate: DateValue? = nil
    /// Dates of each sentence, found once.
    var sentDates: [[FoundDate]] = []
    /// Which status phrases each sentence holds (bit per `PhraseClass`), for the sentences about someone.
    var sentMask: [UInt32] = []
    var blocks: [Block] = []
    var sents: [Sent] = []
    var persons: [PersonAcc] = []
    var personByKey: [String: Int] = [:]
    var bySurname: [String: [Int]] = [:]
    var mentions: [Mention] = []
    var mentionsBySent: [[Int]] = []
    /// The last sentence naming each person in full, as the sweep goes.
    var lastFullSeen: [Int: Int] = [:]

    init(u: [UInt8]) { self.u = u }

    mutating func run(documentName: String, documentDateOverride: String?) -> DocumentExtraction {
        blocks = Segmenter.segment(u)
        for (bi, b) in blocks.enumerated() {
            for (si, r) in b.sentences.enumerated() {
                sents.append(Sent(block: bi, range: r, toks: Tokenizer.tokens(u, r), isFirstOfBlock: si == 0))
            }
        }
        mentionsBySent = Array(repeating: [], count: sents.count)
        sentText = Array(repeating: "", count: sents.count)
        sentDates = sents.map { $0.hasNumber ? DateRecogniser.find($0.toks) : [] }
        findFullNames()
        let docDate = documentDateOverride.flatMap { DateValue($0) } ?? findDocumentDate()
        documentDate = docDate
        sweep(defaultYear: docDate?.year)
        var counts: [StatedCount] = []
        for s in sents where s.hasNumber { counts.append(contentsOf: CountRecogniser.find(s.toks, u)) }
        computeMasks()
        return DocumentExtraction(document: documentName, sha256: "", language: detectLanguage(),
                                  documentDate: docDate?.isoString, persons: finish(), countsStated: counts)
    }

    // MARK: - Names

    func key(given: String, surname: String) -> String {
        memo.givenKey(given) + "|" + memo.surnameKey(surname)
    }

    mutating func findFullNames() {
        for (si, s) in sents.enumerated() where s.capitalised >= 2 {
            for name in NameRecogniser.find(s.toks) {
                // "Aron Atabek (Aron Edigeyev)": a name in brackets right after another is an alias.
                if name.firstToken >= 2, s.toks[name.firstToken - 1].lower == "(", name.lastToken + 1 < s.toks.count,
                   s.toks[name.lastToken + 1].lower == ")",
                   let prev = mentionsBySent[si].last.map({ mentions[$0] }), prev.full, prev.lastToken == name.firstToken - 2 {
                    addMention(Mention(person: prev.person, sent: si, firstToken: name.firstToken, lastToken: name.lastToken,
                                       start: name.start, end: name.end, full: true, cue: nil))
                    continue
                }
                let k = key(given: name.given, surname: name.surname)
                let pid: Int
                if let existing = personByKey[k] ?? similarPerson(name) { pid = existing; personByKey[k] = existing } else {
                    pid = persons.count
                    persons.append(PersonAcc(given: name.given, surname: name.surname, female: name.female))
                    personByKey[k] = pid
                    bySurname[memo.surnameKey(name.surname), default: []].append(pid)
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

    /// Candidates for a lone word that may be a known surname.
    func surnameCandidates(_ t: Token) -> [Int] {
        guard t.kind == .word, t.isCapitalised, t.lower.hasAtLeastCharacters(3), !Lexicon.notNames.contains(t.lower) else { return [] }
        if let c = bySurname[memo.surnameKey(t.lower)] { return c }
        if t.isCyrillic {
            for v in NameRecogniser.russianSurnameVariants(t.lower) {
                if let c = bySurname[memo.surnameKey(v)] { return c }
            }
        }
        return []
    }

    // MARK: - The sweep: focus, lone surnames, facts

    static let detentionWords: WordSet = ["detained", "arrested", "extradited", "detention", "custody", "apprehended", "imprisoned", "held", "placed", "задержан", "задержана", "задержали", "арестован", "арестована", "арестовали", "стражу", "сизо"]
    static let convictionWords: WordSet = ["sentenced", "convicted", "sentencing", "verdict", "осужден", "осуждена", "осуждён", "приговорил", "приговорен", "приговорён", "приговорена", "приговорили"]

    mutating func sweep(defaultYear: Int?) {
        var focus: [Int] = []
        var focusIsItem = false
        var headings: [Int: String] = [:]
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
                let textOfBlock = Scan.string(u, b.contentStart..<b.end)
                var isHeading = b.kind == .heading
                if b.kind == .listItem, starters.isEmpty, b.number != nil, b.end - b.contentStart < 160,
                   let last = u[b.end - 1] as UInt8?, last != 0x2E, last != 0x3B, last != 0x3A {
                    isHeading = true
                }
                if isHeading && !(starters.count > 0 && isOnlyNames(si)) {
                    let level = b.level ?? (b.number != nil ? 1 : 3)
                    // A lower heading replaces its level and clears deeper ones.
                    headings = headings.filter { $0.key < level }
                    headings[level] = textOfBlock
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
                    headingsSpeakOfPP = headings.values.contains { fastContains($0.lowercased(), "political prisoner") || fastContains($0.lowercased(), "политзаключ") }
                    if headingsSpeakOfPP { listTitlePP = true }
                }
                if headingsSpeakOfPP || (listTitlePP && focusIsItem && b.kind == .listItem) {
                    for p in focus { persons[p].politicalPrisoner = true }
                }
            }
            // Dates: fill in years, remember the latest year for year-less dates.
            var dates = sentDates[si]
            for k in dates.indices {
                if let y = dates[k].year { lastYear = y } else { dates[k].year = lastYear }
            }
            let effective = localFocus ?? focus
            let spokeOfPP = processFacts(si, focus: effective, dates: dates,
                                         isItemHead: focusIsItem && s.isFirstOfBlock && blocks[s.block].kind == .listItem,
                                         inheritPP: previousSentencePP,
                                         previousDate: (s.isFirstOfBlock || si == 0) ? nil : sentDates[si - 1].last?.value(defaultYear: lastYear))
            previousSentencePP = previousSentencePP || spokeOfPP
            // Pronouns in the next sentence of this paragraph refer to whom this one named.
            let gs = groups(si)
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

    /// Whole-line names ("Kenzhebek Abishev and Almat Zhumagulov") make a profile header, not a heading.
    func isOnlyNames(_ si: Int) -> Bool {
        let s = sents[si]
        var covered = Set<Int>()
        for mi in mentionsBySent[si] { for t in mentions[mi].firstToken...mentions[mi].lastToken { covered.insert(t) } }
        for (ti, t) in s.toks.enumerated() where !covered.contains(ti) {
            if !extractorWords1.contains(t.lower) { return false }
        }
        return true
    }

    /// Persons named at the very start of a block and joined by commas or "and".
    func startingGroup(_ si: Int) -> [Int] {
        let ms = mentionsBySent[si].map { mentions[$0] }.sorted { $0.firstToken < $1.firstToken }
        guard let first = ms.first, first.firstToken == 0, first.full else { return [] }
        var group = [first.person]
        var lastTok = first.lastToken
        for m in ms.dropFirst() {
            let between = sents[si].toks[(lastTok + 1)..<m.firstToken].map(\.lower)
            if between.allSatisfy({ extractorWords2.contains($0) }) && !between.isEmpty {
                if !group.contains(m.person) { group.append(m.person) }
                lastTok = m.lastToken
            } else { break }
        }
        // The group must be what the block is about: "Name – ...", "Name is ...", "Name (...)".
        let toks = sents[si].toks
        let next = lastTok + 1 < toks.count ? toks[lastTok + 1].lower : ""
        let ok = next.isEmpty || extractorWords3.contains(next)
            || next.hasSuffixB("ed") || Lexicon.officialCues.contains(next) == false && toks[lastTok + 1].kind == .word && !toks[lastTok + 1].isCapitalised
        // An official named first does not own the block.
        if group.contains(where: { p in mentionsBySent[si].contains(where: { mentions[$0].person == p && mentions[$0].cue == .official }) }) { return [] }
        return ok ? group : []
    }

    mutating func linkLoneSurnames(_ si: Int, focus: [Int]) {
        let s = sents[si]
        guard s.capitalised > 0 else { return }
        var covered = Set<Int>()
        for mi in mentionsBySent[si] {
            for t in mentions[mi].firstToken...mentions[mi].lastToken { covered.insert(t) }
            if mentions[mi].full { lastFullSeen[mentions[mi].person] = si }
        }
        for (ti, t) in s.toks.enumerated() where !covered.contains(ti) {
            let cands = surnameCandidates(t)
            guard !cands.isEmpty else { continue }
            var pick = cands[0]
            if cands.count > 1 {
                if let f = cands.first(where: { focus.contains($0) }) { pick = f }
                else {
                    // The one named in full most recently.
                    var best = -1
                    for c in cands {
                        let lastFull = lastFullSeen[c] ?? -1
                        if lastFull > best { best = lastFull; pick = c }
                    }
                }
            }
            var first = ti
            // "M. Ablyazov": include the initial.
            if ti >= 2, s.toks[ti - 1].lower == ".", s.toks[ti - 2].kind == .word, s.toks[ti - 2].lower.count == 1, s.toks[ti - 2].isCapitalised { first = ti - 2 }
            addMention(Mention(person: pick, sent: si, firstToken: first, lastToken: ti, start: s.toks[first].start, end: t.end, full: false, cue: nil))
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

    mutating func assignCues(_ si: Int) {
        let toks = sents[si].toks
        let ms = mentionsBySent[si].sorted { mentions[$0].firstToken < mentions[$1].firstToken }
        var previousCue: Cue? = nil
        var previousEnd = -10
        for mi in ms {
            let m = mentions[mi]
            var cue: Cue? = nil
            let stopAt = ms.map { mentions[$0] }.filter { $0.lastToken < m.firstToken }.map(\.lastToken).max() ?? -1
            // Backwards from the name, nearest cue wins; other names and barriers stop the search.
            let appositive = m.firstToken > 0 && toks[m.firstToken - 1].lower == ","
            var k = m.firstToken - (appositive ? 2 : 1)
            var steps = 0
            let maxSteps = appositive ? 12 : 4
            while k >= 0, k > stopAt, steps < maxSteps {
                let w = toks[k].lower
                if w == "." || w == ";" || w == "(" || w == ")" || (w == "," && !appositive) { break }
                if w == ":" { if k > 0, toks[k - 1].lower == "photo" || toks[k - 1].lower == "source" { cue = .other }; break }
                if Assembler.cueBarriers.contains(w), !appositive || ["that", "said", "stated", "told", "who", "which", "whom"].contains(w) { break }
                if var c = Assembler.cueOf(w) {
                    if c == .official || c == .other, Assembler.civilSocietyContext(toks, k) { c = .persecuted }
                    cue = c; break
                }
                if appositive && steps > 3 && Assembler.institutionWords.contains(w) { cue = .official; break }
                k -= 1; steps += 1
            }
            // Inside a list of names, the list's cue carries over ("MEPs A, B and C"),
            // even across names the recogniser did not know.
            if cue == nil, stopAt == previousEnd, stopAt >= 0 {
                let between = toks[(stopAt + 1)..<m.firstToken]
                if between.allSatisfy({ extractorWords4.contains($0.lower) || ($0.kind == .word && $0.isCapitalised) || Lexicon.particles.contains($0.lower) }) { cue = previousCue }
            }
            // Apposition after the name: "X, Chairman of the Senate", "X, Y’s wife".
            if cue == nil, m.lastToken + 1 < toks.count, toks[m.lastToken + 1].lower == "," {
                var j = m.lastToken + 2
                var steps2 = 0
                while j < toks.count, steps2 < 5 {
                    let w = toks[j].lower
                    if w == "," || w == "." || w == ";" || w == "(" { break }
                    if var c = Assembler.cueOf(w) {
                        if c == .official || c == .other, Assembler.civilSocietyContext(toks, j) { c = .persecuted }
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
    static func civilSocietyContext(_ toks: [Token], _ k: Int) -> Bool {
        let w = toks[k].lower
        guard extractorWords5.contains(w) else { return false }
        let after = toks[(k + 1)..<min(toks.count, k + 7)]
        if after.contains(where: { civilSocietyWords.contains($0.lower) }) { return true }
        let before = toks[max(0, k - 3)..<k]
        return before.contains(where: { civilSocietyWords.contains($0.lower) })
    }

    static func cueOf(_ w: String) -> Cue? {
        if Lexicon.officialCues.contains(w) {
            switch w {
            case "photo", "photos", "lawyer", "lawyers", "attorney", "advocate", "counsel", "wife", "husband", "banker",
                 "mep", "meps", "rapporteur", "rapporteurs", "adviser", "advisor", "member", "members", "адвокат", "адвоката", "юрист":
                return .other
            default: return .official
            }
        }
        if Lexicon.persecutedCues.contains(w) { return .persecuted }
        return nil
    }

    /// Groups of mentions in a sentence: names joined by commas or "and".
    func groups(_ si: Int) -> [(first: Int, last: Int, persons: [Int])] {
        let toks = sents[si].toks
        // Officials never own a sentence's facts; a lawyer or a wife may (they are persecuted too).
        let ms = mentionsBySent[si].map { mentions[$0] }.filter { $0.cue != .official }.sorted { $0.firstToken < $1.firstToken }
        var out: [(first: Int, last: Int, persons: [Int])] = []
        for m in ms {
            if var g = out.last {
                let between = g.last + 1 < m.firstToken ? toks[(g.last + 1)..<m.firstToken].map(\.lower) : []
                if m.firstToken > g.last, between.allSatisfy({ extractorWords6.contains($0) }) {
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
    func owners(_ si: Int, token t: Int, groups gs: [(first: Int, last: Int, persons: [Int])], focus: [Int], allowAfter: Bool = true) -> [Int] {
        if gs.isEmpty { return focus }
        let toks = sents[si].toks
        if let g = gs.last(where: { $0.last < t }) {
            // A semicolon between them starts another clause.
            let between = toks[(g.last + 1)..<t]
            // "found A guilty of the murder of B and sentenced him to ...": the pronoun
            // points back past B to the clause's first name.
            if between.contains(where: { extractorWords7.contains($0.lower) }), let first = gs.first, first.last < g.first {
                return first.persons
            }
            if !between.contains(where: { $0.lower == ";" }) { return g.persons }
        }
        if !allowAfter {
            // "(Art. 174 and 405 of the CC) ... includes X": an article before any
            // name is not X's charge; "He was sentenced to ..." is the subject's.
            let toks = sents[si].toks[0..<t]
            if toks.contains(where: { extractorWords8.contains($0.lower) }) { return focus }
            return []
        }
        if let g = gs.first(where: { $0.first > t }) {
            // "On 5 May the court sentenced X": the following name.
            return g.persons
        }
        return gs.last!.persons
    }

    /// Attaches the sentence's facts to people; returns whether it speaks of political prisoners.
    mutating func processFacts(_ si: Int, focus: [Int], dates: [FoundDate], isItemHead: Bool, inheritPP: Bool, previousDate: DateValue?) -> Bool {
        let s = sents[si]
        let gs = groups(si)
        // Sentences that name nobody speak of the block's subject ("He was sentenced ...").
        if gs.isEmpty { for p in focus { persons[p].sentences.insert(si) } }
        let toks = s.toks
        var pp = false
        for k in toks.indices where toks[k].kind == .word {
            let w = toks[k].lower
            if w == "political", k + 1 < toks.count, toks[k + 1].lower.hasPrefixB("prisoner") { pp = true; break }
            if w.hasPrefixB("prisoner"), k + 2 < toks.count, toks[k + 1].lower == "of", toks[k + 2].lower == "conscience" { pp = true; break }
            if w.hasPrefixB("политзаключ") { pp = true; break }
        }
        // "In particular, ..." continues the previous sentence's list.
        if inheritPP, !pp, let first = toks.first?.lower {
            let second = toks.count > 1 ? toks[1].lower : ""
            let opening = first + " " + second
            if ["in particular", "for example", "among them", "these include", "they include", "such as", "for instance"].contains(opening) || first == "including" { pp = true }
        }
        if pp {
            for g in gs { for p in g.persons { persons[p].politicalPrisoner = true } }
            if gs.isEmpty { for p in focus { persons[p].politicalPrisoner = true } }
        }
        for c in (s.hasNumber ? ChargeRecogniser.find(s.toks, u) : []) {
            for p in owners(si, token: c.tokenIndex, groups: gs, focus: focus, allowAfter: false) {
                if !persons[p].charges.contains(where: { $0.article == c.charge.article && ($0.part == c.charge.part || c.charge.part == nil) }) {
                    persons[p].charges.removeAll { $0.article == c.charge.article && $0.part == nil }
                    persons[p].charges.append(c.charge)
                }
                persons[p].factSentences.insert(si)
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
        let punishments = SentenceRecogniser.find(s.toks, u)
        var convictionDate: DateValue? = nil
        var convictionOwners: [Int] = []
        // The condition does not change per token: test it once, not in a `where`.
        for ti in (!dates.isEmpty || previousDate != nil ? s.toks.indices : 0..<0) {
            let w = s.toks[ti].lower
            if Assembler.convictionWords.contains(w) || (w == "found" && ti + 1 < s.toks.count && s.toks[ti + 1].lower == "guilty") {
                guard let d = nearestDate(ti) else { continue }
                convictionDate = d
                let ows = punishments.isEmpty ? owners(si, token: ti, groups: gs, focus: focus)
                    : Array(Set(punishments.flatMap { owners(si, token: $0.tokenIndex, groups: gs, focus: focus) }))
                convictionOwners = ows
                for p in ows { persons[p].convicted.append(d); persons[p].factSentences.insert(si) }
            } else if Assembler.detentionWords.contains(w) {
                // "held"/"placed"/"detention" only with custody words nearby; not "administrative arrest for N days".
                if extractorWords9.contains(w) {
                    let ctx = s.toks[max(0, ti - 4)..<min(s.toks.count, ti + 6)].map(\.lower)
                    guard ctx.contains(where: { extractorWords10.contains($0) }) else { continue }
                    if ctx.contains("house") { continue }
                }
                // "Immediately after that, A and B were detained": the date of the sentence before.
                let follows = extractorWords11.contains(s.toks.first?.lower ?? "")
                guard let d = nearestDate(ti) ?? (follows ? previousDate : nil) else { continue }
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

    // MARK: - Decisions

    func cueWords(_ p: PersonAcc) -> [(pos: Int, text: String)] {
        p.sentences.union(p.factSentences).sorted().map { (sents[$0].range.lowerBound, sentText[$0]) }
    }

    /// `AIGAQ_DEBUG=surname` prints the sentences a person's status was decided from.
    static let debugSurname: String? = ProcessInfo.processInfo.environment["AIGAQ_DEBUG"]?.lowercased()

    /// Classes of phrases the status and role decisions look for.
    enum PhraseClass: Int, CaseIterable {
        case abroad, exile, release, notRelease, inAbsentia, serving, houseArrest, custody, detainedBroad, investigation, persecution
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

    /// A 4096-bit filter of `phraseIndex` keys: most words start no phrase,
    /// and a bit test is cheaper than a dictionary lookup.
    static let phraseKeyFilter: [UInt64] = {
        var f = [UInt64](repeating: 0, count: 64)
        for key in phraseIndex.keys { let b = filterBit(key); f[b >> 6] |= 1 << UInt64(b & 63) }
        return f
    }()

    @inline(__always) static func filterBit(_ key: UInt32) -> Int { Int((key &* 2654435761) >> 20) }

    /// The tokens' lower-case forms joined by spaces, as `joined(separator: " ")` gives, in one allocation.
    static func joinedLower(_ toks: [Token]) -> String {
        guard !toks.isEmpty else { return "" }
        var total = toks.count - 1
        for k in toks.indices { total += toks[k].lower.utf8.count }
        return String(unsafeUninitializedCapacity: total) { buf in
            var o = 0
            for k in toks.indices {
                if k > 0 { buf[o] = 0x20; o += 1 }
                var w = toks[k].lower
                w.withUTF8 { p in
                    if p.count > 0 { (buf.baseAddress! + o).update(from: p.baseAddress!, count: p.count) }
                    o += p.count
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
        for si in sents.indices where needed[si] {
            sentText[si] = Assembler.joinedLower(sents[si].toks)
        }
        var tried: [UInt32] = []
        let filter = Assembler.phraseKeyFilter
        for si in sents.indices where needed[si] {
            var m: UInt32 = 0
            let t = sentText[si]
            tried.removeAll(keepingCapacity: true)
            let toks = sents[si].toks
            for k in toks.indices where toks[k].kind == .word {
                let key = Assembler.prefixKey(toks[k].lower)
                let bit = Assembler.filterBit(key)
                guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
                guard let candidates = Assembler.phraseIndex[key], !tried.contains(key) else { continue }
                tried.append(key)
                for (c, phrase) in candidates where m & (1 << UInt32(c.rawValue)) == 0 {
                    if fastContains(t, phrase) { m |= 1 << UInt32(c.rawValue) }
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
    func status(_ p: PersonAcc, punishment: FoundPunishment?, convictedOn: DateValue?) -> String {
        let order = p.sentences.union(p.factSentences).sorted()
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
               fastContains(sentText[si], "absentia") || fastContains(sentText[si], "заочно") { return "abroad" }
            if p.punishments.contains(where: { $0.p.isReplacement && $0.p.sentence.kind == "restricted_freedom" && $0.p.start > pun.start }) { return "restricted_freedom" }
            // Only plain words of exile outweigh a prison sentence ("fled to Kazakhstan" does not).
            if exile != nil, pun.sentence.kind == "imprisonment" || pun.sentence.kind == "life" { return "abroad" }
            if let r = released, r >= pun.start { return "released" }
            if formerPP || releasedByMention(p) { return "released" }
            // A term that ended before the document was written has been served.
            if let months = pun.sentence.months, pun.sentence.kind != "life", let conv = convictedOn, let doc = documentDate {
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
            let toks = sents[m.sent].toks
            let before = toks[max(0, m.firstToken - 5)..<m.firstToken].map(\.lower)
            if let f = before.firstIndex(of: "former"), before[f...].contains(where: { $0.hasPrefixB("prisoner") }) { return true }
            if before.contains(where: { $0.hasPrefixB("бывш") }) && before.contains(where: { $0.hasPrefixB("политзаключ") }) { return true }
        }
        return false
    }

    /// "the authorities were forced to release X".
    func releasedByMention(_ p: PersonAcc) -> Bool {
        for mi in p.mentions {
            let m = mentions[mi]
            let toks = sents[m.sent].toks
            guard m.firstToken >= 1 else { continue }
            let w = toks[m.firstToken - 1].lower
            guard w == "release" || w == "released" || w == "freed" else { continue }
            let before = toks[max(0, m.firstToken - 5)..<(m.firstToken - 1)].map(\.lower)
            if before.contains(where: { $0.hasPrefixB("demand") || $0.hasPrefixB("call") || $0.hasPrefixB("urge") || $0 == "must" || $0 == "should" }) { continue }
            return true
        }
        return false
    }

    /// "killed journalist X", "X died in custody", "the death of X".
    func isDead(_ p: PersonAcc) -> Bool {
        for mi in p.mentions {
            let m = mentions[mi]
            let toks = sents[m.sent].toks
            let before = toks[max(0, m.firstToken - 3)..<m.firstToken].map(\.lower)
            if before.contains(where: { extractorWords12.contains($0) }) { return true }
            if m.firstToken >= 2, toks[m.firstToken - 1].lower == "of", toks[m.firstToken - 2].lower == "death" || toks[m.firstToken - 2].lower == "murder" || toks[m.firstToken - 2].lower == "killing" { return true }
            let after = toks[(m.lastToken + 1)..<min(toks.count, m.lastToken + 4)].map(\.lower)
            if after.contains(where: { extractorWords13.contains($0) }) { return true }
            // "leading X, his brother, to his death"
            let tail = toks[(m.lastToken + 1)..<min(toks.count, m.lastToken + 12)].map(\.lower)
            if let d = tail.firstIndex(of: "death"), d > 0, ["his", "her"].contains(tail[d - 1]), !tail[..<d].contains(".") { return true }
            if after.starts(with: ["was", "killed"]) || after.starts(with: ["was", "murdered"]) || after.starts(with: ["passed", "away"]) { return true }
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
            let evidence = p.factSentences.union(p.sentences).sorted().prefix(12).map { EvidenceSpan(start: sents[$0].range.lowerBound, end: sents[$0].range.upperBound) }
            let convictedOn = chosen?.date ?? p.convicted.max()
            if var c = chosen, !bans.isEmpty {
                for b in bans where !c.p.sentence.bans.contains(b) { c.p.sentence.bans.append(b) }
                chosen = c
            }
            out.append(ExtractedPerson(
                name: given + " " + surname, mentions: mentionsOut, role: r,
                status: r == "persecuted" ? status(p, punishment: chosen?.p, convictedOn: convictedOn) : "unknown",
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

    func findDocumentDate() -> DateValue? {
        // A dateline or "Date:" line in the opening.
        for s in sents.prefix(12) where s.range.lowerBound < 1500 {
            let ds = DateRecogniser.find(s.toks)
            if let d = ds.first, d.year != nil, d.firstToken <= 2, let v = d.value(defaultYear: nil) { return v }
        }
        var latest: DateValue? = nil
        for ds in sentDates {
            for d in ds where d.month != nil {
                if let v = d.value(defaultYear: nil), latest == nil || v > latest! { latest = v }
            }
        }
        return latest
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

// Word sets used in hot loops: a Set lookup hashes once, where an array
// literal compares (slowly, for non-ASCII words) against every element.
private let extractorWords1: WordSet = [",", "and", "и", "&", "(", ")"]
private let extractorWords2: WordSet = [",", "and", "и"]
private let extractorWords3: WordSet = ["-", "is", "are", "was", "were", "(", ",", ":", "has", "had", "'", "who", "remains"]
private let extractorWords4: WordSet = [",", "and", "и"]
private let extractorWords5: WordSet = ["director", "head", "chairman", "chairwoman", "chairperson", "president", "member", "members", "deputy"]
private let extractorWords6: WordSet = [",", "and", "и", "as", "well"]
private let extractorWords7: WordSet = ["him", "her", "them", "его", "её", "ее", "их"]
private let extractorWords8: WordSet = ["he", "she", "they", "him", "her", "them", "он", "она", "они", "его", "её", "их"]
private let extractorWords9: WordSet = ["held", "placed", "detention", "custody", "imprisoned"]
private let extractorWords10: WordSet = ["pre-trial", "pretrial", "custody", "detention", "remand", "arrest", "centre", "center", "facility", "сизо", "стражу", "since"]
private let extractorWords11: WordSet = ["immediately", "then", "shortly", "afterwards", "soon", "later"]
private let extractorWords12: WordSet = ["killed", "murdered", "assassinated", "убил", "убили"]
private let extractorWords13: WordSet = ["died", "скончался", "скончалась", "умер", "умерла", "погиб", "погибла"]
