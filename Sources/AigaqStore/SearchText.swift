import AigaqCore

/// The text each backend indexes for full-text search, made here so that
/// SQLite (FTS5) and PostgreSQL (tsvector) index the same words and Latin
/// and Cyrillic queries meet in both.
public enum SearchText {
    /// The words a name is found by: folded (script kept, ё→е) and its
    /// transliterated search keys, so Latin and Cyrillic queries both meet it.
    public static func nameKeys(_ value: String) -> String { nameWords(value).joined(separator: " ") }

    /// ``nameKeys(_:)`` as a list of words (the web's in-memory name index keeps these).
    public static func nameWords(_ value: String) -> [String] {
        var words = NameFolding.words(NameFolding.fold(value))
        for key in NameFolding.searchKeys(value) where !words.contains(key) { words.append(key) }
        return words
    }

    /// A source's title and text, folded.
    public static func source(_ s: Source) -> String {
        NameFolding.fold([s.title, s.text].compactMap { $0 }.joined(separator: "\n"))
    }

    /// An event's type (as words), place, country and summary, folded.
    public static func event(_ e: Event) -> String {
        let type = String(e.type.map { $0 == "-" ? " " : $0 })
        return NameFolding.fold([type, e.place, e.country, e.summary].compactMap { $0 }.joined(separator: " "))
    }

    /// The query syntax of one full-text engine: how a word is quoted (and
    /// marked as a prefix), and how alternatives and requirements are joined.
    public struct QuerySyntax: Sendable {
        public var term: @Sendable (_ word: String, _ prefix: Bool) -> String
        public var or: String
        public var and: String
        public init(term: @escaping @Sendable (String, Bool) -> String, or: String, and: String) {
            self.term = term; self.or = or; self.and = and
        }
    }

    /// A name query: each query word (at most 8) must match, by its folded
    /// form or its search key, as a whole word or (with `prefix`) as the start
    /// of one. Nil when the query has no words.
    public static func names(_ query: String, prefix: Bool, _ syntax: QuerySyntax) -> String? {
        let words = nameQuery(query)
        guard !words.isEmpty else { return nil }
        return words.map { forms in
            forms.count == 1 ? syntax.term(forms[0], prefix) : "(" + forms.map { syntax.term($0, prefix) }.joined(separator: syntax.or) + ")"
        }.joined(separator: syntax.and)
    }

    /// The words of a name query (at most 8), each with the forms it may
    /// match: its folded form and, when different, its search key.
    public static func nameQuery(_ query: String) -> [[String]] {
        NameFolding.words(NameFolding.fold(query)).prefix(8).map { word in
            let key = NameFolding.searchKey(word)
            return key != word && !key.isEmpty ? [word, key] : [word]
        }
    }

    /// A free-text query: each folded word (at most 12) must match as a prefix.
    public static func words(_ query: String, _ syntax: QuerySyntax) -> String? {
        let words = NameFolding.words(NameFolding.fold(query)).prefix(12)
        guard !words.isEmpty else { return nil }
        return words.map { syntax.term($0, true) }.joined(separator: syntax.and)
    }
}
