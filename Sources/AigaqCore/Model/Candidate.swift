import Foundation
import Tagged

/// A span of a source's normalised text, in UTF-8 bytes, with the words it covers.
public struct TextSpan: Hashable, Sendable, Codable {
    public var start: Int
    public var end: Int
    public var text: String?
    public init(start: Int, end: Int, text: String? = nil) { self.start = start; self.end = end; self.text = text }
}

/// What the extractor read about one person in one document, before review.
public struct CandidatePayload: Hashable, Sendable, Codable {
    public struct ChargeRef: Hashable, Sendable, Codable {
        public var code: String
        public var article: String
        public var part: String?
        public init(code: String, article: String, part: String?) { self.code = code; self.article = article; self.part = part }
    }

    public var name: String
    public var mentions: [TextSpan]
    public var role: PersonRole
    public var status: PersonStatus
    public var politicalPrisoner: Bool?
    public var charges: [ChargeRef]
    public var sentence: Sentence?
    public var detainedOn: DateValue?
    public var convictedOn: DateValue?
    public var listSection: String?
    public var listNumber: Int?
    public var evidence: [TextSpan]

    public init(name: String, mentions: [TextSpan] = [], role: PersonRole = .persecuted, status: PersonStatus = .unknown,
                politicalPrisoner: Bool? = nil, charges: [ChargeRef] = [], sentence: Sentence? = nil,
                detainedOn: DateValue? = nil, convictedOn: DateValue? = nil, listSection: String? = nil,
                listNumber: Int? = nil, evidence: [TextSpan] = []) {
        self.name = name; self.mentions = mentions; self.role = role; self.status = status
        self.politicalPrisoner = politicalPrisoner; self.charges = charges; self.sentence = sentence
        self.detainedOn = detainedOn; self.convictedOn = convictedOn; self.listSection = listSection
        self.listNumber = listNumber; self.evidence = evidence
    }

    private enum CodingKeys: String, CodingKey {
        case name, mentions, role, status, politicalPrisoner = "political_prisoner", charges, sentence,
             detainedOn = "detained_on", convictedOn = "convicted_on", listSection = "list_section",
             listNumber = "list_number", evidence
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        mentions = try c.array(.mentions)
        role = try c.decodeIfPresent(PersonRole.self, forKey: .role) ?? .persecuted
        status = try c.decodeIfPresent(PersonStatus.self, forKey: .status) ?? .unknown
        politicalPrisoner = try c.decodeIfPresent(Bool.self, forKey: .politicalPrisoner)
        charges = try c.array(.charges)
        sentence = try c.decodeIfPresent(Sentence.self, forKey: .sentence)
        detainedOn = try c.decodeIfPresent(DateValue.self, forKey: .detainedOn)
        convictedOn = try c.decodeIfPresent(DateValue.self, forKey: .convictedOn)
        listSection = try c.decodeIfPresent(String.self, forKey: .listSection)
        listNumber = try c.decodeIfPresent(Int.self, forKey: .listNumber)
        evidence = try c.array(.evidence)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeNonEmpty(mentions, forKey: .mentions)
        try c.encode(role, forKey: .role)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(politicalPrisoner, forKey: .politicalPrisoner)
        try c.encodeNonEmpty(charges, forKey: .charges)
        try c.encodeIfPresent(sentence, forKey: .sentence)
        try c.encodeIfPresent(detainedOn, forKey: .detainedOn)
        try c.encodeIfPresent(convictedOn, forKey: .convictedOn)
        try c.encodeIfPresent(listSection, forKey: .listSection)
        try c.encodeIfPresent(listNumber, forKey: .listNumber)
        try c.encodeNonEmpty(evidence, forKey: .evidence)
    }
}

/// An extracted record waiting for review, with the resolver's suggestion.
public struct Candidate: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Candidate, String>
    public enum State: String, Codable, Sendable, CaseIterable { case pending, accepted, merged, rejected }

    public struct Suggestion: Hashable, Sendable, Codable {
        public var person: Person.ID
        public var score: Double
        public var reasons: [String]
        public init(person: Person.ID, score: Double, reasons: [String]) {
            self.person = person; self.score = score; self.reasons = reasons
        }
    }

    public var id: ID
    public var source: Source.ID
    public var payload: CandidatePayload
    public var suggestion: Suggestion?
    public var state: State
    /// The person the candidate became or was merged into.
    public var person: Person.ID?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var confidentiality: Confidentiality

    public init(id: ID, source: Source.ID, payload: CandidatePayload, suggestion: Suggestion? = nil,
                state: State = .pending, person: Person.ID? = nil, decidedBy: String? = nil,
                decidedAt: Date? = nil, confidentiality: Confidentiality = .internal) {
        self.id = id; self.source = source; self.payload = payload; self.suggestion = suggestion
        self.state = state; self.person = person; self.decidedBy = decidedBy; self.decidedAt = decidedAt
        self.confidentiality = confidentiality
    }

    private enum CodingKeys: String, CodingKey {
        case id, source, payload, suggestion, state, person, decidedBy = "decided_by", decidedAt = "decided_at",
             confidentiality
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        source = try c.decode(Source.ID.self, forKey: .source)
        payload = try c.decode(CandidatePayload.self, forKey: .payload)
        suggestion = try c.decodeIfPresent(Suggestion.self, forKey: .suggestion)
        state = try c.decodeIfPresent(State.self, forKey: .state) ?? .pending
        person = try c.decodeIfPresent(Person.ID.self, forKey: .person)
        decidedBy = try c.decodeIfPresent(String.self, forKey: .decidedBy)
        if let text = try c.decodeIfPresent(String.self, forKey: .decidedAt) {
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(forKey: .decidedAt, in: c,
                    debugDescription: "decided_at must be an ISO 8601 time such as 2025-03-01T10:00:00Z")
            }
            decidedAt = date
        } else {
            decidedAt = nil
        }
        // Candidates are unreviewed: internal unless stated otherwise.
        confidentiality = try c.decodeIfPresent(Confidentiality.self, forKey: .confidentiality) ?? .internal
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(source, forKey: .source)
        try c.encode(payload, forKey: .payload)
        try c.encodeIfPresent(suggestion, forKey: .suggestion)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(person, forKey: .person)
        try c.encodeIfPresent(decidedBy, forKey: .decidedBy)
        if let decidedAt { try c.encode(ISO8601DateFormatter().string(from: decidedAt), forKey: .decidedAt) }
        try c.encode(confidentiality, forKey: .confidentiality)
    }
}
