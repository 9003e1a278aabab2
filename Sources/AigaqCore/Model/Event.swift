import Tagged

/// Someone's part in an event: victim, perpetrator, witness, intervening party.
public struct EventParticipant: Hashable, Sendable, Codable {
    public var person: Person.ID?
    public var organisation: Organisation.ID?
    public var role: String
    public var confidentiality: Confidentiality

    public init(person: Person.ID? = nil, organisation: Organisation.ID? = nil, role: String,
                confidentiality: Confidentiality = .public) {
        self.person = person; self.organisation = organisation; self.role = role
        self.confidentiality = confidentiality
    }
    private enum CodingKeys: String, CodingKey { case person, organisation, role, confidentiality }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        person = try c.decodeIfPresent(Person.ID.self, forKey: .person)
        organisation = try c.decodeIfPresent(Organisation.ID.self, forKey: .organisation)
        role = try c.decode(String.self, forKey: .role)
        confidentiality = try c.confidentiality(.confidentiality)
        guard person != nil || organisation != nil else {
            throw DecodingError.dataCorruptedError(forKey: .role, in: c,
                debugDescription: "an event participant names a person or an organisation")
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(person, forKey: .person)
        try c.encodeIfPresent(organisation, forKey: .organisation)
        try c.encode(role, forKey: .role)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
    }
}

/// A typed happening: a detention, a verdict, a hunger strike, an extradition
/// request, a refused assembly notice. Types and their attributes come from
/// `event-types.yaml`.
public struct Event: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Event, String>

    public var id: ID
    /// Event type id from the vocabulary.
    public var type: String
    public var date: DateValue?
    public var endDate: DateValue?
    public var place: String?
    /// ISO 3166 alpha-2, where it happened (a host country for transnational repression).
    public var country: String?
    public var participants: [EventParticipant]
    public var caseID: Case.ID?
    /// Typed attributes declared by the event type (count, article, tactic...), as strings.
    public var attributes: [String: String]
    /// A short description in the reviewer's words.
    public var summary: String?
    /// Allegations against named officials are published only once a reviewer sets this.
    public var reviewedForPublication: Bool
    public var citations: [Citation]
    public var confidentiality: Confidentiality
    public var version: Int

    public init(id: ID, type: String, date: DateValue? = nil, endDate: DateValue? = nil, place: String? = nil,
                country: String? = nil, participants: [EventParticipant] = [], caseID: Case.ID? = nil,
                attributes: [String: String] = [:], summary: String? = nil, reviewedForPublication: Bool = false,
                citations: [Citation] = [], confidentiality: Confidentiality = .public, version: Int = 1) {
        self.id = id; self.type = type; self.date = date; self.endDate = endDate; self.place = place
        self.country = country; self.participants = participants; self.caseID = caseID
        self.attributes = attributes; self.summary = summary
        self.reviewedForPublication = reviewedForPublication; self.citations = citations
        self.confidentiality = confidentiality; self.version = version
    }

    private enum CodingKeys: String, CodingKey {
        case id, type = "event_type", date, endDate = "end_date", place, country, participants,
             caseID = "case", attributes, summary, reviewedForPublication = "reviewed_for_publication",
             citations, confidentiality, version
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        type = try c.decode(String.self, forKey: .type)
        date = try c.decodeIfPresent(DateValue.self, forKey: .date)
        endDate = try c.decodeIfPresent(DateValue.self, forKey: .endDate)
        place = try c.decodeIfPresent(String.self, forKey: .place)
        country = try c.decodeIfPresent(String.self, forKey: .country)
        participants = try c.array(.participants)
        caseID = try c.decodeIfPresent(Case.ID.self, forKey: .caseID)
        attributes = try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        reviewedForPublication = try c.decodeIfPresent(Bool.self, forKey: .reviewedForPublication) ?? false
        citations = try c.array(.citations)
        confidentiality = try c.confidentiality(.confidentiality)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(date, forKey: .date)
        try c.encodeIfPresent(endDate, forKey: .endDate)
        try c.encodeIfPresent(place, forKey: .place)
        try c.encodeIfPresent(country, forKey: .country)
        try c.encodeNonEmpty(participants, forKey: .participants)
        try c.encodeIfPresent(caseID, forKey: .caseID)
        if !attributes.isEmpty { try c.encode(attributes, forKey: .attributes) }
        try c.encodeIfPresent(summary, forKey: .summary)
        if reviewedForPublication { try c.encode(true, forKey: .reviewedForPublication) }
        try c.encodeNonEmpty(citations, forKey: .citations)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
        try c.encode(version, forKey: .version)
    }
}
