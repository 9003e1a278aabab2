import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A synthetic workload for the resolver, for the benchmark executable
/// (never part of `swift test`).
///
/// Persons get Kazakh/Russian names built from syllables, in families that
/// share a surname (a wife's is feminine). Each mention is one record in a
/// document, written the way reports write names: romanised in varying ways
/// (zh/j/dzh, kh/h, -yev/-ev, y/i, q/k, doubled letters, Ye/E), in Cyrillic,
/// with the surname in capitals or first, as a short form of the given name,
/// an initial, a lone surname, or with a typo.
public enum IdentityBenchmark {
    /// Generates `mentions` records, resolves them, and reports the time,
    /// pairs compared per mention, pairwise precision/recall against the
    /// generator's truth, and the peak resident memory.
    public static func run(mentions: Int, seed: UInt64) -> String {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (records, truth) = makeRecords(mentions: mentions, seed: seed)
        let t1 = clock.now
        let resolver = IdentityResolver(nameForms: benchmarkNameForms)
        let cpu0 = cpuSeconds()
        let resolution = resolver.resolve(records)
        let cpu = cpuSeconds() - cpu0
        let t2 = clock.now
        let quality = pairwise(resolution.clusters, records: records, truth: truth)
        func seconds(_ d: Duration) -> String { String(format: "%.2f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
        return """
        identity benchmark: \(records.count) mentions, \(truth.max().map { $0 + 1 } ?? 0) persons, seed \(seed)
          generate:          \(seconds(t1 - t0))
          resolve:           \(seconds(t2 - t1)) wall, \(String(format: "%.2f s", cpu)) CPU (all threads)
          pairs compared:    \(resolution.pairsCompared) (\(String(format: "%.2f", Double(resolution.pairsCompared) / Double(max(1, records.count)))) per mention)
          clusters:          \(resolution.clusters.count)
          pairwise P/R/F1:   \(String(format: "%.3f / %.3f / %.3f", quality.p, quality.r, quality.f1))
          peak RSS:          \(peakResidentMegabytes()) MB
          phases:            \(resolution.phases.map { "\($0.name) " + String(format: "%.2f s", $0.seconds) }.joined(separator: ", "))
        """
    }

    /// User plus system time of this process so far, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    /// Peak resident set size of this process, in megabytes.
    public static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return Int(usage.ru_maxrss) / 1024
        #else
        return Int(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }

    // MARK: - Generator

    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
        /// Skewed towards small indices, as name frequencies are.
        mutating func skewed(_ n: Int) -> Int { let u = Double(next() >> 11) / Double(1 << 53); return min(n - 1, Int(u * u * Double(n))) }
    }

    static let syllables = ["жа", "ну", "ра", "ке", "са", "ды", "кы", "ба", "ма", "та", "ер", "ай", "бе", "ко", "ха",
                            "ти", "ле", "му", "ши", "ас", "ал", "ка", "зы", "ту", "да", "ел", "ыл", "уб", "ес", "от",
                            "шы", "қо", "ғы", "ин", "ом", "жу", "ну", "су", "тө", "қа", "ғи", "рыс", "бол", "тар", "мен",
                            "дос", "құл", "жан", "нұр", "сей", "тіл", "ел", "ам", "ақ", "ер", "үр", "қан", "жол"]
    static let suffixes = ["баев", "беков", "ов", "ев", "ин", "ұлы", "бай", "галиев", "ханов"]
    static let maleGiven = ["Марат", "Тимур", "Айдар", "Нурлан", "Ерлан", "Серик", "Канат", "Кайрат", "Асхат", "Бауыржан",
                            "Жанат", "Дархан", "Ерболат", "Мухтар", "Азамат", "Дмитрий", "Александр", "Сергей",
                            "Евгений", "Владимир", "Арман", "Аскар", "Данияр", "Дулат", "Ерхан", "Куаныш",
                            "Бекжан", "Ғалым", "Дәурен", "Жандос", "Ислам", "Қуат", "Мейрам", "Нұржан", "Олжас", "Рустем",
                            "Самат", "Талғат", "Ұлан", "Шыңғыс", "Әділ", "Ілияс", "Игорь", "Олег", "Павел", "Роман"]
    static let femaleGiven = ["Ботагоз", "Айгерим", "Гульнара", "Жанна", "Наталья", "Асель", "Динара", "Сауле",
                              "Татьяна", "Алия", "Мадина", "Жазира", "Нургуль", "Елена",
                              "Ақмарал", "Балжан", "Гүлмира", "Дана", "Ерке", "Зарина", "Камила", "Ләззат", "Меруерт", "Назгүл",
                              "Ольга", "Раушан", "Светлана", "Тоғжан", "Ұлболсын", "Шолпан"]
    static let shortForms: [String: String] = ["Ботагоз": "Бота", "Александр": "Саша", "Дмитрий": "Дима",
                                               "Владимир": "Володя", "Наталья": "Наташа", "Евгений": "Женя",
                                               "Татьяна": "Таня", "Сергей": "Серёжа", "Елена": "Лена"]

    static var benchmarkNameForms: NameForms {
        var forms = NameForms.empty
        for (full, short) in shortForms.sorted(by: { $0.key < $1.key }) { forms.addGroup([full, short]) }
        return forms
    }

    struct Person { var given: String; var surname: String; var female: Bool }

    static func makeRecords(mentions: Int, seed: UInt64) -> ([ResolutionRecord], [Int]) {
        var rng = SplitMix64(state: seed)
        var persons: [Person] = []
        let personCount = max(1, mentions / 4)
        var roots: [String] = []
        // Surnames are mostly rare, as in reports: unrelated persons share one by chance only.
        for _ in 0..<max(50, personCount) {
            var root = ""
            for _ in 0..<(rng.chance(0.7) ? 3 : 4) { root += syllables[rng.below(syllables.count)] }
            roots.append(root)
        }
        while persons.count < personCount {
            // A family: one surname, one to three members with different given names.
            let root = roots[rng.below(roots.count)]
            let suffix = suffixes[rng.below(suffixes.count)]
            var used: Set<String> = []
            for _ in 0..<(1 + rng.below(3)) {
                let female = rng.chance(0.35)
                let given = female ? femaleGiven[rng.skewed(femaleGiven.count)] : maleGiven[rng.skewed(maleGiven.count)]
                if !used.insert(given).inserted { continue }
                var surname = root.prefix(1).uppercased() + root.dropFirst() + suffix
                if female, suffix.hasSuffix("ов") || suffix.hasSuffix("ев") || suffix.hasSuffix("ин") { surname += "а" }
                persons.append(Person(given: given, surname: surname, female: female))
            }
        }
        var records: [ResolutionRecord] = []
        var truth: [Int] = []
        records.reserveCapacity(mentions)
        truth.reserveCapacity(mentions)
        let documents = max(1, mentions / 25)
        for k in 0..<mentions {
            let p = rng.skewed(persons.count)
            let person = persons[p]
            let form = render(person, &rng)
            records.append(ResolutionRecord(id: "m\(k)", document: "d\(rng.below(documents))", name: form, forms: [form]))
            truth.append(p)
        }
        return (records, truth)
    }

    static func render(_ person: Person, _ rng: inout SplitMix64) -> String {
        var given = person.given
        if let short = shortForms[given], rng.chance(0.15) { given = short }
        let cyrillic = rng.chance(0.2)
        var surname = cyrillic ? person.surname : romanise(person.surname, &rng)
        if !cyrillic { given = romanise(given, &rng) }
        if rng.chance(0.03) { surname = typo(surname, &rng) }
        switch rng.below(100) {
        case 0..<8: return surname
        case 8..<12: return "\(given.prefix(1)). \(surname)"
        case 12..<22: return "\(surname.uppercased()) \(given)"
        case 22..<30: return "\(given) \(surname.uppercased())"
        case 30..<45 where cyrillic: return "\(surname) \(given)"
        default: return "\(given) \(surname)"
        }
    }

    /// Romanises Cyrillic the ways reports do, choosing per letter.
    static func romanise(_ text: String, _ rng: inout SplitMix64) -> String {
        var out = ""
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            let lower = Character(ch.lowercased())
            let upper = ch != lower
            var piece: String
            switch lower {
            case "ж": piece = ["zh", "zh", "j", "dzh"][rng.below(4)]
            case "х": piece = rng.chance(0.8) ? "kh" : "h"
            case "қ": piece = rng.chance(0.8) ? "k" : "q"
            case "ғ", "г": piece = "g"
            case "ы": piece = rng.chance(0.8) ? "y" : "i"
            case "й": piece = rng.chance(0.7) ? "y" : "i"
            case "е": piece = (i == 0 || "аеиоуыұ".contains(chars[i - 1])) ? (rng.chance(0.6) ? "ye" : "e") : "e"
            case "ё": piece = "yo"
            case "с" where i > 0 && i + 1 < chars.count && "аеиоу".contains(chars[i - 1]) && "аеиоу".contains(chars[i + 1]):
                piece = rng.chance(0.2) ? "ss" : "s"
            default: piece = String(NameKeysTable.latin[lower] ?? String(lower))
            }
            if lower == "е", i > 0, chars[i - 1] == "и" || chars[i - 1] == "а", rng.chance(0.5) { piece = "ye" }
            out += upper ? piece.prefix(1).uppercased() + piece.dropFirst() : piece
        }
        return out
    }

    static func typo(_ word: String, _ rng: inout SplitMix64) -> String {
        var chars = Array(word)
        guard chars.count > 4 else { return word }
        let k = 1 + rng.below(chars.count - 3)
        chars.swapAt(k, k + 1)
        return String(chars)
    }

    static func pairwise(_ clusters: [[String]], records: [ResolutionRecord], truth: [Int]) -> (p: Double, r: Double, f1: Double) {
        var position: [String: Int] = [:]
        for (i, r) in records.enumerated() { position[r.id] = i }
        func pairs(_ n: Int) -> Double { Double(n) * Double(n - 1) / 2 }
        var predicted = 0.0, correct = 0.0
        for c in clusters {
            predicted += pairs(c.count)
            var counts: [Int: Int] = [:]
            for id in c { counts[truth[position[id]!], default: 0] += 1 }
            for v in counts.values { correct += pairs(v) }
        }
        var sizes: [Int: Int] = [:]
        for t in truth { sizes[t, default: 0] += 1 }
        let actual = sizes.values.reduce(0.0) { $0 + pairs($1) }
        let p = predicted > 0 ? correct / predicted : 1, r = actual > 0 ? correct / actual : 1
        return (p, r, p + r > 0 ? 2 * p * r / (p + r) : 0)
    }
}

/// Plain Russian/Kazakh romanisation for the generator's other letters.
enum NameKeysTable {
    static let latin: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "д": "d", "з": "z", "и": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ң": "n", "ө": "o", "ұ": "u",
        "ү": "u", "һ": "h", "і": "i",
    ]
}
