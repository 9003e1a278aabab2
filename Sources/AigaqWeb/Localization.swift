import AigaqCore
import Foundation
import Yams

/// The interface languages.
public enum Language: String, CaseIterable, Sendable {
    case en, ru, kk

    /// The language of a request: `?lang=` first (a link of the language
    /// switch), then the `lang` cookie (the visitor's last choice), then the
    /// best of `Accept-Language`, else English.
    static func negotiate(query: String?, cookie: String?, acceptLanguage: String?) -> Language {
        if let query, let l = Language(rawValue: query.lowercased()) { return l }
        if let cookie, let l = Language(rawValue: cookie.lowercased()) { return l }
        return fromAcceptLanguage(acceptLanguage) ?? .en
    }

    /// `ru-RU,ru;q=0.9,en;q=0.5` → ru. Entries are ranked by q (default 1).
    static func fromAcceptLanguage(_ header: String?) -> Language? {
        guard let header else { return nil }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first else { continue }
            let primary = tag.lowercased().split(separator: "-").first.map(String.init) ?? ""
            guard let language = Language(rawValue: primary) else { continue }
            var q = 1.0
            for f in fields.dropFirst() where f.hasPrefix("q=") { q = Double(f.dropFirst(2)) ?? 0 }
            if q > 0, q > (best?.1 ?? -1) { best = (language, q) }
        }
        return best?.0
    }

    var nativeName: String {
        switch self {
        case .en: "English"
        case .ru: "Русский"
        case .kk: "Қазақша"
        }
    }
}

/// The interface's words, from `Resources/strings/<language>.yaml` (flat
/// `key: text` tables that translators edit). A key missing in one language
/// falls back to English; a test checks that every table has every key.
public struct Strings: Sendable {
    let tables: [Language: [String: String]]

    static func bundled() throws -> Strings {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "yaml", subdirectory: "strings") else {
                throw AigaqError.database(reason: "the interface strings for \(language.rawValue) are missing from this build")
            }
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let table = try Yams.load(yaml: text) as? [String: Any] else {
                throw AigaqError.badInput(file: url.lastPathComponent, line: nil, reason: "expected a table of key: text")
            }
            tables[language] = table.compactMapValues { $0 as? String ?? ($0 as? Int).map(String.init) }
        }
        return Strings(tables: tables)
    }

    func text(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? tables[.en]?[key] ?? key
    }

    /// A text with `{0}`, `{1}` replaced by the arguments.
    func format(_ key: String, _ language: Language, _ args: String...) -> String {
        var s = text(key, language)
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: a) }
        return s
    }
}

/// What a page needs to speak the visitor's language.
struct Speaker {
    let language: Language
    let strings: Strings
    let vocabulary: Vocabulary

    func callAsFunction(_ key: String) -> String { strings.text(key, language) }
    func format(_ key: String, _ args: String...) -> String {
        var s = strings.text(key, language)
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: a) }
        return s
    }

    // MARK: Data labels from the vocabulary's translations

    func status(_ status: PersonStatus) -> String {
        vocabulary.status(status)?.label.text(for: language.rawValue) ?? status.rawValue
    }

    func eventType(_ id: String) -> String {
        vocabulary.eventType(id: id)?.label.text(for: language.rawValue) ?? id.replacingOccurrences(of: "-", with: " ")
    }

    /// "Article 174 part 1 (KZ-CC-2014): Inciting discord".
    func article(code: String, article: String, part: String?) -> String {
        var s = format("article.number", article)
        if let part { s += " " + format("article.part", part) }
        if let title = articleTitle(code: code, article: article) { s += ": " + title }
        return s
    }

    func articleTitle(code: String, article: String) -> String? {
        vocabulary.article(code: code, number: article)?.title.text(for: language.rawValue)
    }

    func codeName(_ code: String) -> String {
        vocabulary.code(id: code)?.label.text(for: language.rawValue) ?? code
    }

    func criterion(_ id: String) -> (letter: String, label: String, text: String) {
        guard let c = vocabulary.criterion(id: id) else { return ("", id, "") }
        return (c.letter, c.label.text(for: language.rawValue), c.text.text(for: language.rawValue))
    }

    func decision(_ id: String) -> String {
        vocabulary.decision(id: id)?.label.text(for: language.rawValue) ?? id
    }

    func occupation(_ id: String) -> String {
        vocabulary.occupation(id: id)?.label.text(for: language.rawValue) ?? id
    }

    func role(_ id: String) -> String {
        (vocabulary.eventRole(id: id) ?? vocabulary.caseRole(id: id))?.label.text(for: language.rawValue) ?? id
    }

    func verdict(_ v: CriterionAssessment.Verdict) -> String { self("verdict." + v.rawValue) }

    func sentence(_ s: Sentence) -> String {
        var text = self("sentence." + s.kind.rawValue)
        if let months = s.months {
            let years = months / 12, rest = months % 12
            var parts: [String] = []
            if years > 0 { parts.append(format("duration.years", String(years))) }
            if rest > 0 { parts.append(format("duration.months", String(rest))) }
            if !parts.isEmpty { text += ", " + parts.joined(separator: " ") }
        }
        if let regime = s.regime { text += " (" + format("sentence.regime", regime) + ")" }
        if let fine = s.fine { text += ", " + format("sentence.fine", String(Int(fine.amount)), fine.currency) }
        for ban in s.bans {
            let activity = vocabulary.ban(id: ban.activity)?.label.text(for: language.rawValue) ?? ban.activity
            text += "; " + format("sentence.ban", activity)
            if let m = ban.months { text += " (" + format("duration.months", String(m)) + ")" }
        }
        return text
    }
}
