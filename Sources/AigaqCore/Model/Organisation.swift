import Tagged

/// A party, movement, NGO, media outlet, company, state body, court or penal facility.
public struct Organisation: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Organisation, String>
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case party, movement, ngo, media, company, stateBody = "state_body", court
        case penalFacility = "penal_facility", international, other
    }

    public var id: ID
    public var name: String
    public var otherNames: [String]
    public var kind: Kind
    /// ISO 3166 alpha-2.
    public var country: String?
    /// A facility's postal address, for letters to prisoners.
    public var address: String?
    public var citations: [Citation]
    public var confidentiality: Confidentiality
    public var version: Int

    public init(id: ID, name: String, otherNames: [String] = [], kind: Kind, country: String? = nil,
                address: String? = nil, citations: [Citation] = [], confidentiality: Confidentiality = .public,
                version: Int = 1) {
        self.id = id; self.name = name; self.otherNames = otherNames; self.kind = kind; self.country = country
        self.address = address; self.citations = citations; self.confidentiality = confidentiality
        self.version = version
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, otherNames = "other_names", kind, country, address, citations, confidentiality, version
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        otherNames = try c.array(.otherNames)
        kind = try c.decode(Kind.self, forKey: .kind)
        country = try c.decodeIfPresent(String.self, forKey: .country)
        address = try c.decodeIfPresent(String.self, forKey: .address)
        citations = try c.array(.citations)
        confidentiality = try c.confidentiality(.confidentiality)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encodeNonEmpty(otherNames, forKey: .otherNames)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(country, forKey: .country)
        try c.encodeIfPresent(address, forKey: .address)
        try c.encodeNonEmpty(citations, forKey: .citations)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
        try c.encode(version, forKey: .version)
    }
}
