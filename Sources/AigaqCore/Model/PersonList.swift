import Tagged

/// A named list, such as an organisation's list of political prisoners.
/// (`List` would clash with SwiftUI-style names and reads badly in code.)
public struct PersonList: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<PersonList, String>

    public var id: ID
    public var name: String
    /// Who keeps it.
    public var organisation: Organisation.ID?
    /// Criteria set id, `pace-1900` by default.
    public var criteria: String
    public var description: String?
    public var confidentiality: Confidentiality

    public init(id: ID, name: String, organisation: Organisation.ID? = nil, criteria: String = "pace-1900",
                description: String? = nil, confidentiality: Confidentiality = .public) {
        self.id = id; self.name = name; self.organisation = organisation; self.criteria = criteria
        self.description = description; self.confidentiality = confidentiality
    }
    private enum CodingKeys: String, CodingKey { case id, name, organisation, criteria, description, confidentiality }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        organisation = try c.decodeIfPresent(Organisation.ID.self, forKey: .organisation)
        criteria = try c.decodeIfPresent(String.self, forKey: .criteria) ?? "pace-1900"
        description = try c.decodeIfPresent(String.self, forKey: .description)
        confidentiality = try c.confidentiality(.confidentiality)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(organisation, forKey: .organisation)
        try c.encode(criteria, forKey: .criteria)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
    }
}

/// One line of a list as of a date.
public struct ListEntry: Hashable, Sendable, Codable {
    public var person: Person.ID
    /// "CONVICTED / Cases about the 2022 protests".
    public var section: String?
    /// The number the source gives the person.
    public var number: Int?
    public var status: PersonStatus
    public var citations: [Citation]

    public init(person: Person.ID, section: String? = nil, number: Int? = nil, status: PersonStatus,
                citations: [Citation] = []) {
        self.person = person; self.section = section; self.number = number; self.status = status
        self.citations = citations
    }
    private enum CodingKeys: String, CodingKey { case person, section, number, status, citations }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        person = try c.decode(Person.ID.self, forKey: .person)
        section = try c.decodeIfPresent(String.self, forKey: .section)
        number = try c.decodeIfPresent(Int.self, forKey: .number)
        status = try c.decode(PersonStatus.self, forKey: .status)
        citations = try c.array(.citations)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(person, forKey: .person)
        try c.encodeIfPresent(section, forKey: .section)
        try c.encodeIfPresent(number, forKey: .number)
        try c.encode(status, forKey: .status)
        try c.encodeNonEmpty(citations, forKey: .citations)
    }
}

/// A list's membership as of a date. A published snapshot is frozen and citable.
public struct ListSnapshot: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<ListSnapshot, String>

    public var id: ID
    public var list: PersonList.ID
    public var asOf: DateValue
    public var published: Bool
    public var entries: [ListEntry]
    /// Counts the source itself states ("at least 48"), by status id or "total".
    public var statedCounts: [String: Int]
    public var citations: [Citation]

    public init(id: ID, list: PersonList.ID, asOf: DateValue, published: Bool = true, entries: [ListEntry] = [],
                statedCounts: [String: Int] = [:], citations: [Citation] = []) {
        self.id = id; self.list = list; self.asOf = asOf; self.published = published; self.entries = entries
        self.statedCounts = statedCounts; self.citations = citations
    }
    private enum CodingKeys: String, CodingKey {
        case id, list, asOf = "as_of", published, entries, statedCounts = "stated_counts", citations
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        list = try c.decode(PersonList.ID.self, forKey: .list)
        asOf = try c.decode(DateValue.self, forKey: .asOf)
        published = try c.decodeIfPresent(Bool.self, forKey: .published) ?? true
        entries = try c.array(.entries)
        statedCounts = try c.decodeIfPresent([String: Int].self, forKey: .statedCounts) ?? [:]
        citations = try c.array(.citations)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(list, forKey: .list)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(published, forKey: .published)
        try c.encodeNonEmpty(entries, forKey: .entries)
        if !statedCounts.isEmpty { try c.encode(statedCounts, forKey: .statedCounts) }
        try c.encodeNonEmpty(citations, forKey: .citations)
    }
}
