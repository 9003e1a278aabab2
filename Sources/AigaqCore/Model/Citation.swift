import Tagged

/// Where a fact comes from: a Source and a byte span `[start, end)` of its
/// normalised text. Every fact in the knowledge base carries at least one.
public struct Citation: Hashable, Sendable, Codable {
    public var source: Source.ID
    public var start: Int
    public var end: Int
    /// `manual`, or `extract@<version>` for a reviewed extraction.
    public var method: String
    /// 0...1; nil for manual citations.
    public var confidence: Double?

    public init(source: Source.ID, start: Int, end: Int, method: String = "manual", confidence: Double? = nil) {
        self.source = source; self.start = start; self.end = end
        self.method = method; self.confidence = confidence
    }

    private enum CodingKeys: String, CodingKey { case source, start, end, method, confidence }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(Source.ID.self, forKey: .source)
        start = try c.decode(Int.self, forKey: .start)
        end = try c.decode(Int.self, forKey: .end)
        method = try c.decodeIfPresent(String.self, forKey: .method) ?? "manual"
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence)
        guard start >= 0, end >= start else {
            throw DecodingError.dataCorruptedError(forKey: .end, in: c,
                debugDescription: "citation span [\(start), \(end)) is not a valid range")
        }
    }
}

/// A value with its provenance: a dated, cited, possibly confidential fact.
/// Conflicting values from different sources are kept side by side as
/// several `Fact`s; views pick by date and show the conflict.
public struct Fact<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public var value: Value
    /// The date the fact describes (a status "as of"), when it has one.
    public var asOf: DateValue?
    public var citations: [Citation]
    public var confidentiality: Confidentiality

    public init(_ value: Value, asOf: DateValue? = nil, citations: [Citation] = [],
                confidentiality: Confidentiality = .public) {
        self.value = value; self.asOf = asOf; self.citations = citations
        self.confidentiality = confidentiality
    }

    private enum CodingKeys: String, CodingKey { case value, asOf = "as_of", citations, confidentiality }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(Value.self, forKey: .value)
        asOf = try c.decodeIfPresent(DateValue.self, forKey: .asOf)
        citations = try c.decodeIfPresent([Citation].self, forKey: .citations) ?? []
        confidentiality = try c.decodeIfPresent(Confidentiality.self, forKey: .confidentiality) ?? .public
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encodeIfPresent(asOf, forKey: .asOf)
        if !citations.isEmpty { try c.encode(citations, forKey: .citations) }
        if confidentiality != .public { try c.encode(confidentiality, forKey: .confidentiality) }
    }
}

extension Array {
    /// The value current at the latest date; undated facts count as oldest.
    public func current<V>() -> V? where Element == Fact<V> {
        self.max { ($0.asOf?.sortKey ?? 0) < ($1.asOf?.sortKey ?? 0) }?.value
    }

    /// True when the facts disagree: a conflict for a reviewer.
    public func isConflicting<V>() -> Bool where Element == Fact<V> {
        Set(self.map(\.value)).count > 1
    }
}
