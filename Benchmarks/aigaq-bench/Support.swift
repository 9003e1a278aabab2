import AigaqCore
import Foundation

/// Wall-clock seconds of `body`.
func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try await body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// Peak resident memory of this process so far, in MiB (getrusage ru_maxrss is KiB on Linux).
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
    return sorted[max(0, index)]
}

/// A small deterministic random generator (SplitMix64), so runs are repeatable.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// Synthetic Kazakh and Russian names, generated in Cyrillic and transliterated,
/// so both scripts and their spelling variants appear.
enum SyntheticNames {
    static let givenStems = ["Ерл", "Нұрл", "Мар", "Айд", "Бер", "Дәу", "Сер", "Асқ", "Ғал", "Жан", "Тим", "Қайр",
                             "Ас", "Ботаг", "Гүлн", "Айгер", "Дин", "Сәул", "Жұлд", "Әсел", "Ербол", "Талғ"]
    static let givenEnds = ["ан", "ат", "ар", "ик", "ет", "ей", "ер", "ия", "ара", "ат", "ес", "ым", "ұр", "ен"]
    static let surnameStems = ["Жылан", "Токберг", "Сейтқали", "Жомарт", "Есим", "Нұрмұхамед", "Бекжан", "Әбіш",
                               "Құрман", "Ораз", "Сыздық", "Хасен", "Мамай", "Ахмет", "Тұрсын", "Қасым", "Ерғали",
                               "Жақып", "Смағұл", "Омар", "Байбол", "Дүйсен", "Қожахмет", "Өтеп"]
    static let surnameEnds = ["ов", "ев", "баев", "бек", "ұлы", "енов", "ин", "ханов", "алиев"]

    static func cyrillic<R: RandomNumberGenerator>(_ r: inout R) -> (given: String, surname: String) {
        (givenStems.randomElement(using: &r)! + givenEnds.randomElement(using: &r)!,
         surnameStems.randomElement(using: &r)! + surnameEnds.randomElement(using: &r)!)
    }

    static func latin(_ cyrillic: String) -> String {
        NameFolding.latin(cyrillic).capitalized
    }
}
