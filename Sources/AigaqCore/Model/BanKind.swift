/// The activity an additional ban forbids, as a short category: the reviewed
/// knowledge base keeps facts, not the report's wording (the citation points
/// to the wording).
public enum BanKind {
    /// Checked in order; the first whose words occur in the text wins.
    static let kinds: [(id: String, words: [String])] = [
        ("social-networks", ["social network", "social media", "internet", "соцсет", "социальн сет", "интернет"]),
        ("journalism", ["journalis", "media", "журналист", "сми"]),
        ("public-associations", ["public association", "association", "общественн объединен", "объединени"]),
        ("public-activity", ["public activit", "civil society", "civic", "social and political", "political activit",
                             "общественн", "политическ"]),
        ("travel", ["leave the country", "leaving the country", "travel", "выезд"]),
        ("positions", ["position", "office", "должност"]),
    ]

    /// A category id such as `social-networks`, or `other`.
    public static func classify(_ text: String) -> String {
        let folded = NameFolding.fold(text)
        return kinds.first { $0.words.contains { folded.contains($0) } }?.id ?? "other"
    }
}
