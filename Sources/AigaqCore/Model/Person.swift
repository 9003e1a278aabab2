import Tagged

/// One way a person's name is written.
public struct PersonName: Hashable, Sendable, Codable {
    public enum Script: String, Codable, Sendable, CaseIterable { case latin, cyrillic, other }
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The form the organisation publishes under.
        case primary
        /// A spelling seen in a source.
        case variant
        /// A former or birth name, a pen name, a short form.
        case alias
    }

    public var value: String
    public var script: Script
    public var kind: Kind
    public var citations: [Citation]

    public init(_ value: String, kind: Kind = .variant, script: Script? = nil, citations: [Citation] = []) {
        self.value = value
        self.kind = kind
        self.script = script ?? PersonName.script(of: value)
        self.citations = citations
    }

    /// Cyrillic when any letter is Cyrillic, Latin when all letters are ASCII Latin or accented Latin.
    public static func script(of text: String) -> Script {
        var sawLatin = false
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            if (0x0400...0x04FF).contains(scalar.value) { return .cyrillic }
            if scalar.value < 0x0250 { sawLatin = true } else { return .other }
        }
        return sawLatin ? .latin : .other
    }

    private enum CodingKeys: String, CodingKey { case value, script, kind, citations }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(String.self, forKey: .value)
        script = try c.decodeIfPresent(Script.self, forKey: .script) ?? PersonName.script(of: value)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .variant
        citations = try c.array(.citations)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(script, forKey: .script)
        try c.encode(kind, forKey: .kind)
        try c.encodeNonEmpty(citations, forKey: .citations)
    }
}

/// A tie between two persons (brother, wife, colleague): the basis of
/// documenting "coercion by proxy".
public struct Relation: Hashable, Sendable, Codable {
    public var kind: String
    public var person: Person.ID
    public var citations: [Citation]
    public var confidentiality: Confidentiality

    public init(kind: String, person: Person.ID, citations: [Citation] = [], confidentiality: Confidentiality = .public) {
        self.kind = kind; self.person = person; self.citations = citations; self.confidentiality = confidentiality
    }

    private enum CodingKeys: String, CodingKey { case kind, person, citations, confidentiality }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(String.self, forKey: .kind)
        person = try c.decode(Person.ID.self, forKey: .person)
        citations = try c.array(.citations)
        confidentiality = try c.confidentiality(.confidentiality)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(person, forKey: .person)
        try c.encodeNonEmpty(citations, forKey: .citations)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
    }
}

/// Membership of an organisation (a party, a movement), with dates.
public struct Membership: Hashable, Sendable, Codable {
    public var organisation: Organisation.ID
    public var role: String?
    public var from: DateValue?
    public var until: DateValue?
    public var citations: [Citation]

    public init(organisation: Organisation.ID, role: String? = nil, from: DateValue? = nil,
                until: DateValue? = nil, citations: [Citation] = []) {
        self.organisation = organisation; self.role = role; self.from = from; self.until = until
        self.citations = citations
    }

    private enum CodingKeys: String, CodingKey { case organisation, role, from, until, citations }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        organisation = try c.decode(Organisation.ID.self, forKey: .organisation)
        role = try c.decodeIfPresent(String.self, forKey: .role)
        from = try c.decodeIfPresent(DateValue.self, forKey: .from)
        until = try c.decodeIfPresent(DateValue.self, forKey: .until)
        citations = try c.array(.citations)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(organisation, forKey: .organisation)
        try c.encodeIfPresent(role, forKey: .role)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(until, forKey: .until)
        try c.encodeNonEmpty(citations, forKey: .citations)
    }
}

/// A person the knowledge base documents: persecuted, official or other.
public struct Person: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Person, String>

    public var id: ID
    public var names: [PersonName]
    public var role: PersonRole
    public var birthYear: [Fact<Int>]
    public var gender: String?
    public var region: [Fact<String>]
    public var city: [Fact<String>]
    /// Vocabulary ids from `occupations.yaml`.
    public var occupations: [Fact<String>]
    /// Dated statuses; the latest is the current one, disagreements are conflicts.
    public var statuses: [Fact<PersonStatus>]
    /// Place of detention (a penal facility), dated.
    public var detention: [Fact<String>]
    public var relations: [Relation]
    public var memberships: [Membership]
    /// Sensitive free-text facts (lawyers' notes, medical information,
    /// contacts); normally `confidential`, sealed at rest.
    public var notes: [Fact<String>]
    public var citations: [Citation]
    public var confidentiality: Confidentiality
    /// Optimistic-concurrency version, raised by each edit.
    public var version: Int

    public init(id: ID, names: [PersonName], role: PersonRole = .persecuted, birthYear: [Fact<Int>] = [],
                gender: String? = nil, region: [Fact<String>] = [], city: [Fact<String>] = [],
                occupations: [Fact<String>] = [], statuses: [Fact<PersonStatus>] = [],
                detention: [Fact<String>] = [], relations: [Relation] = [], memberships: [Membership] = [],
                notes: [Fact<String>] = [], citations: [Citation] = [],
                confidentiality: Confidentiality = .public, version: Int = 1) {
        self.id = id; self.names = names; self.role = role; self.birthYear = birthYear; self.gender = gender
        self.region = region; self.city = city; self.occupations = occupations; self.statuses = statuses
        self.detention = detention; self.relations = relations; self.memberships = memberships
        self.notes = notes; self.citations = citations; self.confidentiality = confidentiality
        self.version = version
    }

    /// The primary Latin name, else the first name.
    public var displayName: String {
        (names.first { $0.kind == .primary && $0.script == .latin }
            ?? names.first { $0.kind == .primary } ?? names.first)?.value ?? id.rawValue
    }

    /// The first Cyrillic form, if any.
    public var cyrillicName: String? { names.first { $0.script == .cyrillic }?.value }

    private enum CodingKeys: String, CodingKey {
        case id, names, role, birthYear = "birth_year", gender, region, city, occupations, statuses,
             detention, relations, memberships, notes, citations, confidentiality, version
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        names = try c.array(.names)
        guard !names.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .names, in: c, debugDescription: "a person needs at least one name")
        }
        role = try c.decodeIfPresent(PersonRole.self, forKey: .role) ?? .persecuted
        birthYear = try c.array(.birthYear)
        gender = try c.decodeIfPresent(String.self, forKey: .gender)
        region = try c.array(.region)
        city = try c.array(.city)
        occupations = try c.array(.occupations)
        statuses = try c.array(.statuses)
        detention = try c.array(.detention)
        relations = try c.array(.relations)
        memberships = try c.array(.memberships)
        notes = try c.array(.notes)
        citations = try c.array(.citations)
        confidentiality = try c.confidentiality(.confidentiality)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(names, forKey: .names)
        try c.encode(role, forKey: .role)
        try c.encodeNonEmpty(birthYear, forKey: .birthYear)
        try c.encodeIfPresent(gender, forKey: .gender)
        try c.encodeNonEmpty(region, forKey: .region)
        try c.encodeNonEmpty(city, forKey: .city)
        try c.encodeNonEmpty(occupations, forKey: .occupations)
        try c.encodeNonEmpty(statuses, forKey: .statuses)
        try c.encodeNonEmpty(detention, forKey: .detention)
        try c.encodeNonEmpty(relations, forKey: .relations)
        try c.encodeNonEmpty(memberships, forKey: .memberships)
        try c.encodeNonEmpty(notes, forKey: .notes)
        try c.encodeNonEmpty(citations, forKey: .citations)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
        try c.encode(version, forKey: .version)
    }
}
