import Tagged

/// One count of an indictment: a code, an article and its part.
public struct Charge: Hashable, Sendable, Codable {
    /// The defendant charged.
    public var person: Person.ID
    /// Code id from the vocabulary: `KZ-CC-2014`, `KZ-CC-1997`, `KZ-CAO`.
    public var code: String
    /// "405", "380-1".
    public var article: String
    public var part: String?
    public var date: DateValue?
    public var citations: [Citation]

    public init(person: Person.ID, code: String = "KZ-CC-2014", article: String, part: String? = nil,
                date: DateValue? = nil, citations: [Citation] = []) {
        self.person = person; self.code = code; self.article = article; self.part = part
        self.date = date; self.citations = citations
    }

    private enum CodingKeys: String, CodingKey { case person, code, article, part, date, citations }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        person = try c.decode(Person.ID.self, forKey: .person)
        code = try c.decodeIfPresent(String.self, forKey: .code) ?? "KZ-CC-2014"
        article = try c.decode(String.self, forKey: .article)
        part = try c.decodeIfPresent(String.self, forKey: .part)
        date = try c.decodeIfPresent(DateValue.self, forKey: .date)
        citations = try c.array(.citations)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(person, forKey: .person)
        try c.encode(code, forKey: .code)
        try c.encode(article, forKey: .article)
        try c.encodeIfPresent(part, forKey: .part)
        try c.encodeIfPresent(date, forKey: .date)
        try c.encodeNonEmpty(citations, forKey: .citations)
    }
}

/// A sentence handed to one defendant in a case, with its date and source.
public struct SentenceRecord: Hashable, Sendable, Codable {
    public var person: Person.ID
    public var sentence: Sentence
    public var date: DateValue?
    /// First instance, appeal, cassation.
    public var instance: String?
    public var citations: [Citation]

    public init(person: Person.ID, sentence: Sentence, date: DateValue? = nil, instance: String? = nil,
                citations: [Citation] = []) {
        self.person = person; self.sentence = sentence; self.date = date; self.instance = instance
        self.citations = citations
    }

    private enum CodingKeys: String, CodingKey { case person, sentence, date, instance, citations }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        person = try c.decode(Person.ID.self, forKey: .person)
        sentence = try c.decode(Sentence.self, forKey: .sentence)
        date = try c.decodeIfPresent(DateValue.self, forKey: .date)
        instance = try c.decodeIfPresent(String.self, forKey: .instance)
        citations = try c.array(.citations)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(person, forKey: .person)
        try c.encode(sentence, forKey: .sentence)
        try c.encodeIfPresent(date, forKey: .date)
        try c.encodeIfPresent(instance, forKey: .instance)
        try c.encodeNonEmpty(citations, forKey: .citations)
    }
}

/// A person's part in a case: defendant, witness, judge... (roles.yaml).
public struct Participant: Hashable, Sendable, Codable {
    public var person: Person.ID
    public var role: String
    public var confidentiality: Confidentiality

    public init(person: Person.ID, role: String, confidentiality: Confidentiality = .public) {
        self.person = person; self.role = role; self.confidentiality = confidentiality
    }
    private enum CodingKeys: String, CodingKey { case person, role, confidentiality }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        person = try c.decode(Person.ID.self, forKey: .person)
        role = try c.decode(String.self, forKey: .role)
        confidentiality = try c.confidentiality(.confidentiality)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(person, forKey: .person)
        try c.encode(role, forKey: .role)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
    }
}

/// A proceeding: criminal, administrative, civil, extradition, asylum,
/// mutual legal assistance.
public struct Case: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Case, String>
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case criminal, administrative, civil, extradition, asylum
        case mutualLegalAssistance = "mutual_legal_assistance"
    }

    public var id: ID
    public var kind: Kind
    /// ISO 3166 alpha-2 of the jurisdiction.
    public var jurisdiction: String?
    public var number: String?
    public var court: Organisation.ID?
    public var participants: [Participant]
    public var charges: [Charge]
    public var sentences: [SentenceRecord]
    /// Trial facts: closed hearing, anonymous witnesses, jury.
    public var closedTrial: Bool?
    public var anonymousWitnesses: Bool?
    public var jury: Bool?
    public var citations: [Citation]
    public var confidentiality: Confidentiality
    public var version: Int

    public init(id: ID, kind: Kind = .criminal, jurisdiction: String? = "KZ", number: String? = nil,
                court: Organisation.ID? = nil, participants: [Participant] = [], charges: [Charge] = [],
                sentences: [SentenceRecord] = [], closedTrial: Bool? = nil, anonymousWitnesses: Bool? = nil,
                jury: Bool? = nil, citations: [Citation] = [], confidentiality: Confidentiality = .public,
                version: Int = 1) {
        self.id = id; self.kind = kind; self.jurisdiction = jurisdiction; self.number = number
        self.court = court; self.participants = participants; self.charges = charges
        self.sentences = sentences; self.closedTrial = closedTrial
        self.anonymousWitnesses = anonymousWitnesses; self.jury = jury; self.citations = citations
        self.confidentiality = confidentiality; self.version = version
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, jurisdiction, number, court, participants, charges, sentences,
             closedTrial = "closed_trial", anonymousWitnesses = "anonymous_witnesses", jury,
             citations, confidentiality, version
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .criminal
        jurisdiction = try c.decodeIfPresent(String.self, forKey: .jurisdiction)
        number = try c.decodeIfPresent(String.self, forKey: .number)
        court = try c.decodeIfPresent(Organisation.ID.self, forKey: .court)
        participants = try c.array(.participants)
        charges = try c.array(.charges)
        sentences = try c.array(.sentences)
        closedTrial = try c.decodeIfPresent(Bool.self, forKey: .closedTrial)
        anonymousWitnesses = try c.decodeIfPresent(Bool.self, forKey: .anonymousWitnesses)
        jury = try c.decodeIfPresent(Bool.self, forKey: .jury)
        citations = try c.array(.citations)
        confidentiality = try c.confidentiality(.confidentiality)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(jurisdiction, forKey: .jurisdiction)
        try c.encodeIfPresent(number, forKey: .number)
        try c.encodeIfPresent(court, forKey: .court)
        try c.encodeNonEmpty(participants, forKey: .participants)
        try c.encodeNonEmpty(charges, forKey: .charges)
        try c.encodeNonEmpty(sentences, forKey: .sentences)
        try c.encodeIfPresent(closedTrial, forKey: .closedTrial)
        try c.encodeIfPresent(anonymousWitnesses, forKey: .anonymousWitnesses)
        try c.encodeIfPresent(jury, forKey: .jury)
        try c.encodeNonEmpty(citations, forKey: .citations)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
        try c.encode(version, forKey: .version)
    }
}
