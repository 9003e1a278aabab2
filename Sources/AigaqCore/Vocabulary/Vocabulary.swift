import Foundation
import Yams

/// Everything the program knows as data: legal codes and their articles, event
/// types, statuses, the PACE criteria and decisions, repression tactics,
/// occupations and roles. Loaded from `Resources/vocabulary/*.yaml` and
/// validated at start-up; see `VocabularyLoader` for the rules.
public struct Vocabulary: Sendable {
    public let codes: [LegalCode]
    public let articles: [Article]
    public let eventTypes: [EventType]
    public let statuses: [StatusDefinition]
    public let criteria: [PACECriterion]
    public let decisions: [AssessmentDecisionDefinition]
    public let tactics: [RepressionTactic]
    public let occupations: [Occupation]
    public let caseRoles: [RoleDefinition]
    public let eventRoles: [RoleDefinition]
    /// What stated figures count (`measures.yaml`).
    public let measures: [Measure]
    /// Kinds of additional bans, in the order they are tried (`bans.yaml`).
    public let bans: [BanKindDefinition]

    private let codesByID: [String: LegalCode]
    private let articlesByID: [String: Article]
    private let articlesByCodeAndNumber: [String: [String: Article]]
    private let eventTypesByID: [String: EventType]
    private let statusesByID: [String: StatusDefinition]
    private let criteriaByID: [String: PACECriterion]
    private let decisionsByID: [String: AssessmentDecisionDefinition]
    private let tacticsByID: [String: RepressionTactic]
    private let occupationsByID: [String: Occupation]
    private let caseRolesByID: [String: RoleDefinition]
    private let eventRolesByID: [String: RoleDefinition]
    private let measuresByID: [String: Measure]
    private let bansByID: [String: BanKindDefinition]

    public init(codes: [LegalCode], articles: [Article], eventTypes: [EventType], statuses: [StatusDefinition],
                criteria: [PACECriterion], decisions: [AssessmentDecisionDefinition], tactics: [RepressionTactic],
                occupations: [Occupation], caseRoles: [RoleDefinition], eventRoles: [RoleDefinition],
                measures: [Measure] = [], bans: [BanKindDefinition] = []) {
        self.codes = codes; self.articles = articles; self.eventTypes = eventTypes; self.statuses = statuses
        self.criteria = criteria; self.decisions = decisions; self.tactics = tactics
        self.occupations = occupations; self.caseRoles = caseRoles; self.eventRoles = eventRoles
        self.measures = measures
        self.bans = bans
        codesByID = Self.index(codes)
        articlesByID = Self.index(articles)
        articlesByCodeAndNumber = Dictionary(grouping: articles, by: \.code)
            .mapValues { Dictionary($0.map { (Self.normalise($0.article), $0) }, uniquingKeysWith: { a, _ in a }) }
        eventTypesByID = Self.index(eventTypes)
        statusesByID = Self.index(statuses)
        criteriaByID = Self.index(criteria)
        decisionsByID = Self.index(decisions)
        tacticsByID = Self.index(tactics)
        occupationsByID = Self.index(occupations)
        caseRolesByID = Self.index(caseRoles)
        eventRolesByID = Self.index(eventRoles)
        measuresByID = Self.index(measures)
        bansByID = Self.index(bans)
    }

    // MARK: Lookups

    public func code(id: String) -> LegalCode? { codesByID[id] }

    /// The article `number` ("405", "380-1", "380.1") of the code `code`
    /// (`KZ-CC-2014`, `KZ-CC-1997`, `KZ-CAO`).
    public func article(code: String, number: String) -> Article? {
        articlesByCodeAndNumber[code]?[Self.normalise(number)]
    }

    /// An article by its permanent id (`kz-cc-405`).
    public func article(id: String) -> Article? { articlesByID[id] }

    /// The articles of one code, in file order.
    public func articles(code: String) -> [Article] { articles.filter { $0.code == code } }

    public func eventType(id: String) -> EventType? { eventTypesByID[id] }
    public func status(id: String) -> StatusDefinition? { statusesByID[id] }
    public func status(_ status: PersonStatus) -> StatusDefinition? { statusesByID[status.rawValue] }
    public func criterion(id: String) -> PACECriterion? { criteriaByID[id] }
    public func decision(id: String) -> AssessmentDecisionDefinition? { decisionsByID[id] }
    public func tactic(id: String) -> RepressionTactic? { tacticsByID[id] }
    public func occupation(id: String) -> Occupation? { occupationsByID[id] }
    public func ban(id: String) -> BanKindDefinition? { bansByID[id] }

    /// The kind of ban a report's wording names: the first kind (file order)
    /// one of whose words occurs in the folded text, or `other`.
    public func banKind(of text: String) -> String {
        let folded = NameFolding.fold(text)
        return bans.first { $0.words.contains { folded.contains($0) } }?.id ?? "other"
    }
    public func caseRole(id: String) -> RoleDefinition? { caseRolesByID[id] }
    public func eventRole(id: String) -> RoleDefinition? { eventRolesByID[id] }
    public func measure(id: String) -> Measure? { measuresByID[id] }
    /// The measures of one funnel, first step first.
    public func funnel(_ id: String) -> [Measure] {
        measures.filter { $0.funnel == id }.sorted { ($0.step ?? 0) < ($1.step ?? 0) }
    }

    // MARK: Loading

    /// Loads and validates every vocabulary file in `directory`. Files without
    /// any vocabulary section (such as `name-forms.yaml`) are left to their owners.
    public static func load(from directory: URL) throws(VocabularyError) -> Vocabulary {
        try VocabularyLoader(directory: directory).load()
    }

    /// The vocabulary bundled with the program, loaded once and shared.
    public static func bundled() throws(VocabularyError) -> Vocabulary {
        try bundledResult.get()
    }

    private static let bundledResult: Result<Vocabulary, VocabularyError> = {
        guard let directory = bundledDirectory else {
            return .failure(.unreadable(file: "vocabulary", reason: "the bundled vocabulary folder is missing"))
        }
        do throws(VocabularyError) { return .success(try load(from: directory)) } catch { return .failure(error) }
    }()

    /// The bundled `vocabulary` folder.
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "vocabulary", withExtension: nil)
    }

    /// Another file of the bundled vocabulary folder (`name-forms.yaml`), or nil.
    public static func resourceURL(named name: String) -> URL? {
        guard let url = bundledDirectory?.appendingPathComponent(name),
              FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    // MARK: Helpers

    private static func index<T: Identifiable>(_ items: [T]) -> [String: T] where T.ID == String {
        Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// "380.1", " 380-1 " and "380-1" are the same article number.
    static func normalise(_ number: String) -> String {
        number.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: ".", with: "-")
    }
}
