/// A persecuted person's situation at a point in time. The raw values are the
/// extraction schema's and the open data format's; labels live in the vocabulary.
public enum PersonStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case convictedImprisoned = "convicted_imprisoned"
    case pretrialDetention = "pretrial_detention"
    case houseArrest = "house_arrest"
    case restrictedFreedom = "restricted_freedom"
    case suspendedSentence = "suspended_sentence"
    case fined
    case underInvestigation = "under_investigation"
    case released
    case abroad
    case deceased
    case unknown

    /// Deprived of liberty at the time: what a political-prisoner count counts.
    public var isDeprivedOfLiberty: Bool {
        self == .convictedImprisoned || self == .pretrialDetention || self == .houseArrest
    }
}

/// The role a person plays in a document or an event.
public enum PersonRole: String, Codable, Sendable, CaseIterable, Hashable {
    case persecuted, official, other
}

/// Who may see a record or a field.
public enum Confidentiality: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    /// Published on the site, in open data and in public reports.
    case `public`
    /// Seen by logged-in users of the organisation; never published.
    case `internal`
    /// Sealed at rest; seen only by users whose role allows it, with the key.
    case confidential

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    private var rank: Int { self == .public ? 0 : self == .internal ? 1 : 2 }
}
