/// A court's sentence. Hand-written JSON form:
/// `{"kind":"imprisonment","months":84,"regime":"medium","bans":[...],"fine":{...},"text":"7 years"}`;
/// an unknown `kind` is a decoding error.
public struct Sentence: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable, Hashable {
        case imprisonment
        case restrictedFreedom = "restricted_freedom"
        case suspended
        case fine
        case administrativeArrest = "administrative_arrest"
        case life
        case compulsoryTreatment = "compulsory_treatment"
        case correctionalLabour = "correctional_labour"
        case communityService = "community_service"
    }

    /// An additional ban, such as on "civic activity" or on using social networks.
    public struct Ban: Hashable, Sendable, Codable {
        public var activity: String
        public var months: Int?
        public init(activity: String, months: Int?) { self.activity = activity; self.months = months }
    }

    public struct Fine: Hashable, Sendable, Codable {
        public var amount: Double
        public var currency: String
        public init(amount: Double, currency: String) { self.amount = amount; self.currency = currency }
    }

    public var kind: Kind
    /// Length in whole months (years × 12, rounded); nil when the source gives none.
    public var months: Int?
    /// Prison regime ("general", "medium", "maximum", "special", "colony-settlement").
    public var regime: String?
    public var bans: [Ban]
    public var fine: Fine?
    /// The words of the source, for reviewers.
    public var text: String?

    public init(kind: Kind, months: Int? = nil, regime: String? = nil, bans: [Ban] = [],
                fine: Fine? = nil, text: String? = nil) {
        self.kind = kind; self.months = months; self.regime = regime
        self.bans = bans; self.fine = fine; self.text = text
    }

    private enum CodingKeys: String, CodingKey { case kind, months, regime, bans, fine, text }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        months = try c.decodeIfPresent(Int.self, forKey: .months)
        regime = try c.decodeIfPresent(String.self, forKey: .regime)
        bans = try c.decodeIfPresent([Ban].self, forKey: .bans) ?? []
        fine = try c.decodeIfPresent(Fine.self, forKey: .fine)
        text = try c.decodeIfPresent(String.self, forKey: .text)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(months, forKey: .months)
        try c.encodeIfPresent(regime, forKey: .regime)
        if !bans.isEmpty { try c.encode(bans, forKey: .bans) }
        try c.encodeIfPresent(fine, forKey: .fine)
        try c.encodeIfPresent(text, forKey: .text)
    }
}
