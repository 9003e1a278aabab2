import Tagged

/// One criterion of a list's definition, judged for one person.
public struct CriterionAssessment: Hashable, Sendable, Codable {
    public enum Verdict: String, Codable, Sendable, CaseIterable { case met, notMet = "not_met", unclear }
    /// Criterion id from `pace-criteria.yaml`.
    public var criterion: String
    public var verdict: Verdict
    public var reasoning: String?
    public var citations: [Citation]

    public init(criterion: String, verdict: Verdict, reasoning: String? = nil, citations: [Citation] = []) {
        self.criterion = criterion; self.verdict = verdict; self.reasoning = reasoning; self.citations = citations
    }
    private enum CodingKeys: String, CodingKey { case criterion, verdict, reasoning, citations }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        criterion = try c.decode(String.self, forKey: .criterion)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        reasoning = try c.decodeIfPresent(String.self, forKey: .reasoning)
        citations = try c.array(.citations)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(criterion, forKey: .criterion)
        try c.encode(verdict, forKey: .verdict)
        try c.encodeIfPresent(reasoning, forKey: .reasoning)
        try c.encodeNonEmpty(citations, forKey: .citations)
    }
}

/// A person judged against a list's criteria (by default PACE Resolution
/// 1900 (2012)), with a decision, an assessor, a date and the version it supersedes.
public struct Assessment: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Assessment, String>
    public enum Decision: String, Codable, Sendable, CaseIterable {
        case politicalPrisoner = "political-prisoner"
        case politicallyPersecuted = "politically-persecuted"
        case notPolitical = "not-political"
        case insufficientInformation = "insufficient-information"
    }

    public var id: ID
    public var person: Person.ID
    public var list: PersonList.ID?
    public var criteria: [CriterionAssessment]
    public var decision: Decision
    public var assessor: String
    public var date: DateValue
    public var supersedes: ID?
    public var citations: [Citation]
    public var confidentiality: Confidentiality

    public init(id: ID, person: Person.ID, list: PersonList.ID? = nil, criteria: [CriterionAssessment] = [],
                decision: Decision, assessor: String, date: DateValue, supersedes: ID? = nil,
                citations: [Citation] = [], confidentiality: Confidentiality = .public) {
        self.id = id; self.person = person; self.list = list; self.criteria = criteria
        self.decision = decision; self.assessor = assessor; self.date = date; self.supersedes = supersedes
        self.citations = citations; self.confidentiality = confidentiality
    }
    private enum CodingKeys: String, CodingKey {
        case id, person, list, criteria, decision, assessor, date, supersedes, citations, confidentiality
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        person = try c.decode(Person.ID.self, forKey: .person)
        list = try c.decodeIfPresent(PersonList.ID.self, forKey: .list)
        criteria = try c.array(.criteria)
        decision = try c.decode(Decision.self, forKey: .decision)
        assessor = try c.decode(String.self, forKey: .assessor)
        date = try c.decode(DateValue.self, forKey: .date)
        supersedes = try c.decodeIfPresent(ID.self, forKey: .supersedes)
        citations = try c.array(.citations)
        confidentiality = try c.confidentiality(.confidentiality)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(person, forKey: .person)
        try c.encodeIfPresent(list, forKey: .list)
        try c.encodeNonEmpty(criteria, forKey: .criteria)
        try c.encode(decision, forKey: .decision)
        try c.encode(assessor, forKey: .assessor)
        try c.encode(date, forKey: .date)
        try c.encodeIfPresent(supersedes, forKey: .supersedes)
        try c.encodeNonEmpty(citations, forKey: .citations)
        try c.encodeConfidentiality(confidentiality, forKey: .confidentiality)
    }
}
