/// The activity an additional ban forbids, as a short category: the reviewed
/// knowledge base keeps facts, not the report's wording (the citation points
/// to the wording). The kinds and their words are data: `vocabulary/bans.yaml`.
public enum BanKind {
    /// A category id such as `social-networks`, or `other`.
    public static func classify(_ text: String, vocabulary: Vocabulary? = nil) -> String {
        guard let vocabulary = vocabulary ?? (try? Vocabulary.bundled()) else { return "other" }
        return vocabulary.banKind(of: text)
    }
}
