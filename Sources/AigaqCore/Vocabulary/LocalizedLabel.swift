/// A short text in the languages of the web interface: English and Russian
/// always, Kazakh where the vocabulary gives it.
public struct LocalizedLabel: Codable, Hashable, Sendable {
    public var en: String
    public var ru: String
    public var kk: String?

    public init(en: String, ru: String, kk: String? = nil) {
        self.en = en; self.ru = ru; self.kk = kk
    }

    /// The text in `language` ("en", "ru", "kk", or a locale such as "ru-KZ"),
    /// falling back to English when that language is missing.
    public func text(for language: String) -> String {
        let code = language.lowercased().prefix { $0.isLetter }
        switch code {
        case "ru": return ru
        case "kk": return kk ?? en
        default: return en
        }
    }
}
