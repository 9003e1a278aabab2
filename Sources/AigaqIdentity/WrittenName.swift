import Foundation
import AigaqCore

/// One way to read a written name: which words are the given names, the
/// surname and the patronymic.
///
/// A class with constant fields: every candidate pair reads the readings of
/// both records, and copying a struct of eight strings per read was the
/// largest cost of scoring.
public final class NameReading: Sendable, Hashable {
    /// Given-name keys, the first one first.
    public let given: [String]
    /// First letters of given names written as initials ("M. Ablyazov").
    public let initials: [Character]
    /// Surname key with its gender (`khrapunova`); empty when not written.
    public let surname: String
    /// Surname key without feminine or case ending (`khrapunov`).
    public let stem: String
    /// Patronymic key; empty when not written.
    public let patronymic: String
    /// The words as written, for reasons.
    public let givenText: String
    public let surnameText: String
    /// Written in Cyrillic: Russian case endings are possible.
    public let cyrillic: Bool

    init(given: [String], initials: [Character], surname: String, stem: String, patronymic: String,
         givenText: String, surnameText: String, cyrillic: Bool) {
        self.given = given
        self.initials = initials
        self.surname = surname
        self.stem = stem
        self.patronymic = patronymic
        self.givenText = givenText
        self.surnameText = surnameText
        self.cyrillic = cyrillic
    }

    /// A given name, or at least its initial, and a surname.
    public var hasSurname: Bool { !surname.isEmpty }
    public var hasGivenName: Bool { !given.isEmpty }
    public var isFull: Bool { hasSurname && hasGivenName }
    public var firstInitial: Character? { given.first?.first ?? initials.first }

    /// Equal when the keys are equal: two spellings of one reading are one reading.
    public static func == (a: NameReading, b: NameReading) -> Bool {
        a.given == b.given && a.initials == b.initials && a.surname == b.surname && a.patronymic == b.patronymic
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(given)
        hasher.combine(initials)
        hasher.combine(surname)
        hasher.combine(patronymic)
    }
}

/// The analysis of one written form of a person's name.
///
/// Words may come in any order (Marat Zhylanbayev, ZHYLANBAYEV Marat,
/// Жыланбаев Марат Кайратович). The surname is the word in capitals, else
/// the word before a trailing patronymic, else the word that ends like a
/// surname and is not a known given name; when nothing tells, both orders
/// are kept as readings and matching takes the better one.
public struct WrittenName: Sendable, Hashable {
    public var text: String
    public var readings: [NameReading]
    /// The key of a name written as one word ("Sadykov", "Aidos"): it may be
    /// a surname or a given name.
    public var loneWord: String?

    public init(_ text: String, nameForms: NameForms, cache: KeyCache? = nil) {
        self.text = text
        self.readings = []
        self.loneWord = nil
        let tokens = WrittenName.tokens(text, cache: cache)
        var core: [Token] = []
        var initials: [Character] = []
        var initialsText: [String] = []
        var patronymics: [(index: Int, token: Token)] = []
        var pendingParticle: Token?
        for token in tokens {
            if token.isInitial {
                if let first = token.key.first { initials.append(first); initialsText.append(token.text) }
                continue
            }
            if NameKeys.particles.contains(token.key), !token.isCaps {
                pendingParticle = pendingParticle.map { $0.joined(token) } ?? token
                continue
            }
            var t = token
            if let particle = pendingParticle { t = particle.joined(token); pendingParticle = nil }
            if NameKeys.isPatronymic(t.key) {
                patronymics.append((core.count, t))
                continue
            }
            core.append(t)
        }
        if let particle = pendingParticle { core.append(particle) }
        // "-vich" is also a surname (Paraskevich): a patronymic needs a given
        // name and a surname beside it.
        if !patronymics.isEmpty, core.count < 2 {
            for p in patronymics.reversed() { core.insert(p.token, at: min(p.index, core.count)) }
            patronymics.removeAll()
        }
        // A Kazakh patronymic (-uly, -kyzy) only beside two other names.
        if patronymics.isEmpty, core.count >= 3, let last = core.last, NameKeys.isKazakhPatronymic(last.key) {
            patronymics.append((core.count - 1, last))
            core.removeLast()
        }
        let cyrillic = tokens.contains { $0.cyrillic }
        let patronymic = patronymics.first?.token.key ?? ""

        func reading(given: [Token], surname: Token?) -> NameReading {
            let surnameKey = surname.map { NameKeys.surname(fromWordKey: $0.key) } ?? ""
            return NameReading(
                given: given.map(\.key), initials: initials,
                surname: surnameKey, stem: NameKeys.stem(ofSurname: surnameKey),
                patronymic: patronymic,
                givenText: given.isEmpty ? initialsText.joined(separator: " ") : given.map(\.text).joined(separator: " "),
                surnameText: surname?.text ?? "", cyrillic: cyrillic)
        }

        switch core.count {
        case 0:
            return
        case 1:
            if !initials.isEmpty {
                readings = [reading(given: [], surname: core[0])]
            } else if !patronymic.isEmpty {
                readings = [reading(given: core, surname: nil)]
            } else {
                loneWord = core[0].key
            }
            return
        default:
            break
        }

        // Where is the surname?
        let capsIndices = core.indices.filter { core[$0].isCaps }
        var surnameIndex: Int?
        var ambiguous = false
        if capsIndices.count == 1 {
            surnameIndex = capsIndices[0]
        } else if let p = patronymics.first?.index {
            // Surname Given Patronymic, or Given Patronymic Surname.
            surnameIndex = p >= core.count ? 0 : core.count - 1
        } else {
            func lean(_ t: Token) -> Int {
                (NameKeys.looksLikeSurname(t.key) ? 1 : 0) - (nameForms.isKnownGivenName(t.key) ? 1 : 0)
            }
            let first = lean(core[0]), last = lean(core[core.count - 1])
            if first > last { surnameIndex = 0 } else {
                surnameIndex = core.count - 1
                ambiguous = first == last && core.count == 2
            }
        }
        let s = surnameIndex ?? core.count - 1
        var given = core
        let surname = given.remove(at: s)
        readings = [reading(given: given, surname: surname)]
        if ambiguous {
            readings.append(reading(given: [core[1]], surname: core[0]))
        }
    }

    // MARK: - Words

    struct Token: Sendable {
        var text: String
        var key: String
        var isInitial: Bool
        var isCaps: Bool
        var cyrillic: Bool

        func joined(_ other: Token) -> Token {
            Token(text: text + " " + other.text, key: key + other.key, isInitial: false,
                  isCaps: other.isCaps, cyrillic: cyrillic || other.cyrillic)
        }
    }

    static func tokens(_ text: String, cache: KeyCache?) -> [Token] {
        var out: [Token] = []
        // Words are runs of letters, digits, dots, hyphens and apostrophes.
        var word = String.UnicodeScalarView()
        var letters = 0, upper = 0, cyrillicLetters = 0, hasDot = false
        func flush() {
            defer { word = String.UnicodeScalarView(); letters = 0; upper = 0; cyrillicLetters = 0; hasDot = false }
            guard letters > 0 else { return }
            let cyrillic = cyrillicLetters * 2 > letters
            // "M.", "М.К." or a single letter: initials.
            if letters == 1 || (hasDot && letters <= 3 && upper == letters) {
                for scalar in word where scalar.properties.isAlphabetic {
                    let letter = String(scalar)
                    let key = cache?.key(letter) ?? NameKeys.word(letter)
                    out.append(Token(text: letter + ".", key: key, isInitial: true, isCaps: false, cyrillic: cyrillic))
                }
                return
            }
            var text = String(word)
            while let last = text.unicodeScalars.last, last == "." || last == "-" || last == "'" || last == "’" { text.unicodeScalars.removeLast() }
            while let first = text.unicodeScalars.first, first == "." || first == "-" || first == "'" || first == "’" { text.unicodeScalars.removeFirst() }
            let key = cache?.key(text) ?? NameKeys.word(text)
            if key.isEmpty { return }
            out.append(Token(text: text, key: key, isInitial: false, isCaps: letters >= 2 && upper == letters, cyrillic: cyrillic))
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let isLetter: Bool
            if v < 0x80 {
                isLetter = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                if isLetter, v <= 0x5A { upper += 1 }
            } else {
                isLetter = scalar.properties.isAlphabetic
                if isLetter, scalar.properties.isUppercase { upper += 1 }
                if isLetter, (0x0400...0x04FF).contains(v) { cyrillicLetters += 1 }
            }
            if isLetter {
                letters += 1
                word.append(scalar)
            } else if (v >= 0x30 && v <= 0x39) || scalar == "-" || scalar == "'" || scalar == "’" {
                word.append(scalar)
            } else if scalar == "." {
                hasDot = true
                word.append(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                word.append(scalar)  // a combining accent stays with its letter
            } else {
                flush()
            }
        }
        flush()
        return out
    }
}

/// Memoised word keys: reports and benchmarks repeat the same words, and
/// folding is the costly part of analysing a name. Not thread-safe; one per task.
public final class KeyCache {
    private var keys: [String: String] = [:]
    public init() {}

    public func key(_ word: String) -> String {
        // The byte-level key is cheaper than hashing the word for a lookup.
        if let k = FastKey.key(word) { return NameKeys.finish(k) }
        if let k = keys[word] { return k }
        let k = NameKeys.word(word)
        keys[word] = k
        return k
    }
}
