import Tagged

/// A number a source states about many cases at once: "108 refusals of
/// peaceful assemblies in 2024", "283 torture complaints in 2023", "at least
/// 48 political prisoners". Reports cite such figures; the knowledge base keeps
/// them as data, with what was counted (a measure from `measures.yaml`), over
/// which period and where, who counted, and the passage that says so.
///
/// A figure is a claim of its source, not a count Aigaq made: two sources
/// stating the same number are one figure with two citations; different
/// numbers are two figures.
public struct StatedFigure: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<StatedFigure, String>

    /// How exact the source says the number is.
    public enum Qualifier: String, Codable, Sendable, CaseIterable, Hashable {
        case exact
        case atLeast = "at_least"
        case moreThan = "more_than"
        case about
        case atMost = "at_most"
    }

    public var id: ID
    /// Measure id from `measures.yaml` (`assembly-refusals`, `torture-complaints`).
    public var measure: String
    /// The number; for a range ("40–50") the low end, with `upper` the high end.
    public var value: Int
    public var upper: Int?
    public var qualifier: Qualifier
    /// The period counted, as precise as the source: from 2020-07 to 2024-12,
    /// or the year 2024 (from and to equal). A figure "as of" a date has only `to`.
    public var from: DateValue?
    public var to: DateValue?
    /// ISO 3166 alpha-2 of the country counted.
    public var country: String?
    /// A city or locality, when the figure is about one place.
    public var place: String?
    /// Further breakdown: `status`, `topic`, `article`, `of` (for a rank)...
    public var dimensions: [String: String]
    /// Who counted, as the source names them ("NGO Coalition against Torture", "official data").
    public var countedBy: String?
    /// A short description in the reviewer's words.
    public var summary: String?
    public var citations: [Citation]
    public var confidentiality: Confidentiality
    public var version: Int

    public init(id: ID, measure: String, value: Int, upper: Int? = nil, qualifier: Qualifier = .exact,
                from: DateValue? = nil, to: DateValue? = nil, country: String? = "KZ", place: String? = nil,
                dimensions: [String: String] = [:], countedBy: String? = nil, summary: String? = nil,
                citations: [Citation] = [], confidentiality: Confidentiality = .public, version: Int = 1) {
        self.id = id; self.measure = measure; self.value = value; self.upper = upper; self.qualifier = qualifier
        self.from = from; self.to = to; self.country = country; self.place = place; self.dimensions = dimensions
        self.countedBy = countedBy; self.summary = summary; self.citations = citations
        self.confidentiality = confidentiality; self.version = version
    }

    /// The period's last day as yyyymmdd (the latest of `to`, else of `from`), for ordering; 0 when undated.
    public var periodKey: Int { (to ?? from)?.latestKey ?? 0 }

    /// "2024", "2020-07 to 2024-12", "as of 2025-02", or nil.
    public var periodText: String? {
        switch (from, to) {
        case let (f?, t?) where f == t: f.description
        case let (f?, t?): "\(f) to \(t)"
        case let (f?, nil): "since \(f)"
        case let (nil, t?): "as of \(t)"
        case (nil, nil): nil
        }
    }

    /// "at least 686", "40–50", "more than 200".
    public var valueText: String {
        let number = upper.map { "\(StatedFigure.grouped(value))–\(StatedFigure.grouped($0))" } ?? StatedFigure.grouped(value)
        switch qualifier {
        case .exact: return number
        case .atLeast: return "at least \(number)"
        case .moreThan: return "more than \(number)"
        case .about: return "about \(number)"
        case .atMost: return "at most \(number)"
        }
    }

    /// 1273 → "1,273".
    public static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    private enum CodingKeys: String, CodingKey {
        case id, measure, value, upper, qualifier, from, to, country, place, dimensions,
             countedBy = "counted_by", summary, citations, confidentiality, version
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        measure = try c.decode(String.self, forKey: .measure)
        value = try c.decode(Int.self, forKey: .value)
        upper = try c.decodeIfPresent(Int.self, forKey: .upper)
        qualifier = try c.decodeIfPresent(Qualifier.self, forKey: .qualifier) ?? .exact
        from = try c.decodeIfPresent(DateValue.self, forKey: .from)
        to = try c.decodeIfPresent(DateValue.self, forKey: .to)
        country = try c.decodeIfPresent(String.self, forKey: .country)
        place = try c.decodeIfPresent(String.self, forKey: .place)
        dimensions = try c.decodeIfPresent([String: String].self, forKey: .dimensions) ?? [:]
        countedBy = try c.decodeIfPresent(String.self, forKey: .countedBy)
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        citations = try c.array(.citations)
        confidentiality = try c.confidentiality(.confidentiality)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        if let upper, upper < value {
            throw DecodingError.dataCorruptedError(forKey: .upper, in: c,
                debugDescription: "upper (\(upper)) is below value (\(value))")
        }
        if let from, let to, to.latestKey < from.sortKey {
            throw DecodingError.dataCorruptedError(forKey: .to, in: c,
                debugDescription: "the period ends (\(to)) before it starts (\(from))")
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(measure, forKey: .measure)
        try c.encode(value, forKey: .value)
        try c.encodeIfPresent(upper, forKey: .upper)
        if qualifier != .exact { try c.encode(qualifier, forKey: .qualifier) }
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encodeIfPresent(country, forKey: .country)
        try c.encodeIfPresent(place, forKey: .place)
        if !dimensions.isEmpty { try c.encode(dimensions, forKey: .dimensions) }
        try c.encodeIfPresent(countedBy, forKey: .countedBy)
        try c.encodeIfPresent(summary, forKey: .summary)
        try c.encodeNonEmpty(citations, forKey: .citations)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
        try c.encode(version, forKey: .version)
    }
}
