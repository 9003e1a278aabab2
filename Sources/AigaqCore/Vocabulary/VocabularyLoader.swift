import Foundation
import Yams

/// Reads a vocabulary folder and checks it. A file is a vocabulary file when it
/// has at least one of the top-level sections below; the loader then rejects
/// unknown fields, missing fields, invalid or duplicate ids (within a file and
/// across files) and references to ids that do not exist.
///
/// | section                      | entries                                  |
/// |------------------------------|------------------------------------------|
/// | `code` + `articles`          | a legal code and its articles            |
/// | `event_types`                | event types (`extends` another type)     |
/// | `statuses`                   | person statuses                          |
/// | `criteria`, `decisions`      | PACE criteria and assessment decisions   |
/// | `tactics`                    | transnational-repression tactics         |
/// | `occupations`                | occupations (`extends` another)          |
/// | `case_roles`, `event_roles`  | roles in cases and in events             |
/// | `measures`                   | what stated figures count                |
/// | `bans`                       | kinds of additional bans                 |
struct VocabularyLoader {
    static let sections: [String] = [
        "code", "articles", "event_types", "statuses", "criteria", "decisions",
        "tactics", "occupations", "case_roles", "event_roles", "measures", "bans",
    ]

    let directory: URL

    // What has been read so far.
    private var codes: [LegalCode] = []
    private var articles: [Article] = []
    private var rawEventTypes: [(entry: YAMLEntry, type: RawEventType)] = []
    private var statuses: [StatusDefinition] = []
    private var criteria: [PACECriterion] = []
    private var decisions: [AssessmentDecisionDefinition] = []
    private var tactics: [(entry: YAMLEntry, tactic: RepressionTactic)] = []
    private var occupations: [(entry: YAMLEntry, occupation: Occupation)] = []
    private var caseRoles: [RoleDefinition] = []
    private var eventRoles: [RoleDefinition] = []
    private var measures: [Measure] = []
    private var bans: [BanKindDefinition] = []
    /// Where each id was first defined, per kind of entry.
    private var seen: [String: [String: String]] = [:]

    init(directory: URL) { self.directory = directory }

    func load() throws(VocabularyError) -> Vocabulary {
        var loader = self
        do {
            return try loader.run()
        } catch let error as VocabularyError {
            throw error
        } catch {
            throw .unreadable(file: directory.lastPathComponent, reason: String(describing: error))
        }
    }

    private mutating func run() throws -> Vocabulary {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { ["yaml", "yml"].contains($0.pathExtension.lowercased()) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw VocabularyError.unreadable(file: directory.path, reason: "the vocabulary folder cannot be listed")
        }
        for url in files { try read(url) }
        let eventTypes = try resolveEventTypes()
        try checkReferences(eventTypes: eventTypes)
        let vocabulary = Vocabulary(
            codes: codes, articles: articles, eventTypes: eventTypes, statuses: statuses,
            criteria: criteria, decisions: decisions, tactics: tactics.map(\.tactic),
            occupations: occupations.map(\.occupation), caseRoles: caseRoles, eventRoles: eventRoles,
            measures: measures, bans: bans)
        for (section, empty) in [
            ("code", codes.isEmpty), ("event_types", eventTypes.isEmpty), ("statuses", statuses.isEmpty),
            ("criteria", criteria.isEmpty), ("decisions", decisions.isEmpty),
        ] where empty {
            throw VocabularyError.missingSection(section: section, directory: directory.lastPathComponent)
        }
        return vocabulary
    }

    // MARK: Files

    private mutating func read(_ url: URL) throws {
        let file = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw VocabularyError.unreadable(file: file, reason: "the file cannot be opened")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw VocabularyError.unreadable(file: file, reason: "the file is not UTF-8 text")
        }
        // Files of other modules (name-forms.yaml) are not parsed at all.
        guard Self.mentionsASection(text) else { return }

        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        } catch {
            throw VocabularyError.syntax(file: file, line: nil, reason: String(describing: error))
        }
        guard let root, let mapping = root.mapping else {
            throw VocabularyError.syntax(file: file, line: root?.mark?.line,
                                         reason: "the file must be a set of sections (for example 'articles:')")
        }
        let top = YAMLEntry(file: file, entry: "the file", mapping: mapping, line: root.mark?.line)
        try top.allowOnly(Set(Self.sections))

        if top.value("code") != nil || top.value("articles") != nil { try readCode(top) }
        for (index, node) in try top.sequence("event_types").enumerated() { try readEventType(node, index, file) }
        for (index, node) in try top.sequence("statuses").enumerated() { try readStatus(node, index, file) }
        for (index, node) in try top.sequence("criteria").enumerated() { try readCriterion(node, index, file) }
        for (index, node) in try top.sequence("decisions").enumerated() { try readDecision(node, index, file) }
        for (index, node) in try top.sequence("tactics").enumerated() { try readTactic(node, index, file) }
        for (index, node) in try top.sequence("occupations").enumerated() { try readOccupation(node, index, file) }
        for (index, node) in try top.sequence("case_roles").enumerated() { try readRole(node, index, file, .case) }
        for (index, node) in try top.sequence("event_roles").enumerated() { try readRole(node, index, file, .event) }
        for (index, node) in try top.sequence("measures").enumerated() { try readMeasure(node, index, file) }
        for (index, node) in try top.sequence("bans").enumerated() { try readBan(node, index, file) }
    }

    static func mentionsASection(_ text: String) -> Bool {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if sections.contains(String(line[..<colon])) { return true }
        }
        return false
    }

    static func syntaxError(_ error: YamlError, file: String) -> VocabularyError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .syntax(file: file, line: mark.line, reason: detail)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .syntax(file: file, line: context.mark.line,
                           reason: "a key appears twice in one entry: \(duplicates.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return .syntax(file: file, line: nil, reason: problem)
        default:
            return .syntax(file: file, line: nil, reason: String(describing: error))
        }
    }

    // MARK: Ids

    /// Non-empty runs of `allowed` characters joined by single `separator`s.
    static func isSegmented(_ text: String, by separator: Character, allowed: (Character) -> Bool) -> Bool {
        let segments = text.split(separator: separator, omittingEmptySubsequences: false)
        return !segments.isEmpty && segments.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed) }
    }
    static func isLowerOrDigit(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }

    /// `hunger-strike`, `kz-cc-380-1`.
    static func isKebab(_ text: String) -> Bool { isSegmented(text, by: "-", allowed: isLowerOrDigit) }
    /// `pretrial_detention`.
    static func isSnake(_ text: String) -> Bool { isSegmented(text, by: "_", allowed: isLowerOrDigit) }
    /// `KZ-CC-2014`: a two-letter country, then upper-case segments.
    static func isCodeID(_ text: String) -> Bool {
        isSegmented(text, by: "-", allowed: { $0.isASCII && ($0.isUppercase || $0.isNumber) })
            && text.split(separator: "-").count >= 2
            && text.split(separator: "-")[0].count == 2 && text.split(separator: "-")[0].allSatisfy(\.isLetter)
    }
    /// `405`, `380-1`.
    static func isArticleNumber(_ text: String) -> Bool {
        isSegmented(text, by: "-", allowed: { $0.isASCII && $0.isNumber })
    }

    /// Reads and checks the entry's `id`, and records it for duplicate detection.
    private mutating func id(of entry: YAMLEntry, kind: String, pattern: (String) -> Bool = VocabularyLoader.isKebab,
                             rule: String = "use lower-case letters, digits and hyphens (kebab-case), e.g. hunger-strike")
        throws -> String
    {
        let id = try entry.string("id")
        guard pattern(id) else {
            throw VocabularyError.invalidID(file: entry.file, line: entry.line(of: "id"), kind: kind, id: id, reason: rule)
        }
        try record(id, kind: kind, entry: entry)
        return id
    }

    private mutating func record(_ id: String, kind: String, entry: YAMLEntry) throws {
        if let first = seen[kind]?[id] {
            throw VocabularyError.duplicateID(file: entry.file, line: entry.line(of: "id"), kind: kind, id: id, firstFile: first)
        }
        seen[kind, default: [:]][id] = entry.file
    }

    // MARK: Entries

    private mutating func readCode(_ top: YAMLEntry) throws {
        guard let codeNode = top.value("code") else {
            throw VocabularyError.missingField(file: top.file, line: top.line, entry: "the file", field: "code")
        }
        let entry = try YAMLEntry(codeNode, file: top.file, entry: "code")
        try entry.allowOnly(["id", "label", "country", "adopted", "id_prefix"])
        let id = try self.id(of: entry, kind: "code", pattern: Self.isCodeID,
                             rule: "use capital letters, digits and hyphens, starting with the country, e.g. KZ-CC-2014")
        let named = entry.named("code \(id)")
        let country = try named.string("country")
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw named.invalid("country", "must be a two-letter country code such as KZ")
        }
        let prefix = try named.string("id_prefix")
        guard prefix.hasSuffix("-"), Self.isKebab(String(prefix.dropLast())) else {
            throw named.invalid("id_prefix", "must be kebab-case and end with a hyphen, e.g. kz-cc-")
        }
        let code = LegalCode(id: id, label: try named.label("label"), country: country,
                             adopted: try named.int("adopted"), idPrefix: prefix)
        codes.append(code)

        for (index, node) in try top.sequence("articles", required: true).enumerated() {
            let article = try YAMLEntry(node, file: top.file, entry: "article #\(index + 1)")
            try article.allowOnly(["id", "article", "title", "dissent", "parts", "note", "freedom"])
            let articleID = try self.id(of: article, kind: "article")
            let named = article.named("article \(articleID)")
            let number = try named.string("article")
            guard Self.isArticleNumber(number) else {
                throw named.invalid("article", "is '\(number)'; write the number as in the code, e.g. \"405\" or \"380-1\"")
            }
            let expected = prefix + number.lowercased()
            guard articleID == expected else {
                throw VocabularyError.invalidID(file: top.file, line: named.line(of: "id"), kind: "article", id: articleID,
                                                reason: "an article \(number) of \(id) must have the id '\(expected)'")
            }
            var parts: [ArticlePart] = []
            var partNumbers: Set<String> = []
            for (partIndex, partNode) in try named.sequence("parts").enumerated() {
                let part = try YAMLEntry(partNode, file: top.file, entry: "article \(articleID), part #\(partIndex + 1)")
                try part.allowOnly(["part", "title"])
                let partNumber = try part.string("part")
                guard partNumbers.insert(partNumber).inserted else {
                    throw part.invalid("part", "repeats part \(partNumber)")
                }
                parts.append(ArticlePart(part: partNumber, title: try part.optionalLabel("title")))
            }
            articles.append(Article(id: articleID, code: id, article: number, title: try named.label("title"),
                                    dissent: try named.bool("dissent"), parts: parts,
                                    note: try named.optionalString("note"),
                                    freedom: try named.choice("freedom", as: Freedom.self)))
        }
    }

    private mutating func readEventType(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "event type #\(index + 1)")
        try entry.allowOnly(["id", "label", "category", "extends", "attributes", "freedom"])
        let id = try self.id(of: entry, kind: "event type")
        let named = entry.named("event type \(id)")
        var attributes: [EventAttribute] = []
        for (attributeIndex, attributeNode) in try named.sequence("attributes").enumerated() {
            let attribute = try YAMLEntry(attributeNode, file: file, entry: "event type \(id), attribute #\(attributeIndex + 1)")
            try attribute.allowOnly(["id", "type", "label"])
            let attributeID = try attribute.string("id")
            guard Self.isKebab(attributeID) else {
                throw VocabularyError.invalidID(file: file, line: attribute.line(of: "id"), kind: "attribute", id: attributeID,
                                                reason: "use lower-case letters, digits and hyphens (kebab-case)")
            }
            let namedAttribute = attribute.named("event type \(id), attribute \(attributeID)")
            guard !attributes.contains(where: { $0.id == attributeID }) else {
                throw VocabularyError.duplicateID(file: file, line: attribute.line(of: "id"),
                                                  kind: "attribute of event type \(id)", id: attributeID, firstFile: file)
            }
            guard let type = try namedAttribute.choice("type", as: EventAttributeType.self) else {
                throw VocabularyError.missingField(file: file, line: namedAttribute.line, entry: namedAttribute.entry, field: "type")
            }
            attributes.append(EventAttribute(id: attributeID, type: type, label: try namedAttribute.label("label")))
        }
        let raw = RawEventType(
            id: id, label: try named.label("label", requireKazakh: true),
            category: try named.choice("category", as: EventCategory.self),
            extends: try named.optionalString("extends"), attributes: attributes,
            freedom: try named.choice("freedom", as: Freedom.self))
        if raw.category == nil && raw.extends == nil {
            throw VocabularyError.missingField(file: file, line: named.line, entry: named.entry, field: "category")
        }
        rawEventTypes.append((named, raw))
    }

    private mutating func readStatus(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "status #\(index + 1)")
        try entry.allowOnly(["id", "label", "deprived_of_liberty"])
        let id = try self.id(of: entry, kind: "status", pattern: Self.isSnake,
                             rule: "use lower-case letters, digits and underscores, e.g. pretrial_detention")
        let named = entry.named("status \(id)")
        statuses.append(StatusDefinition(id: id, label: try named.label("label", requireKazakh: true),
                                         deprivedOfLiberty: try named.bool("deprived_of_liberty")))
    }

    private mutating func readCriterion(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "criterion #\(index + 1)")
        try entry.allowOnly(["id", "letter", "label", "text"])
        let id = try self.id(of: entry, kind: "criterion")
        let named = entry.named("criterion \(id)")
        criteria.append(PACECriterion(id: id, letter: try named.string("letter"), label: try named.label("label"),
                                      text: try named.label("text")))
    }

    private mutating func readDecision(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "decision #\(index + 1)")
        try entry.allowOnly(["id", "label", "text"])
        let id = try self.id(of: entry, kind: "decision")
        let named = entry.named("decision \(id)")
        decisions.append(AssessmentDecisionDefinition(id: id, label: try named.label("label"), text: try named.label("text")))
    }

    private mutating func readTactic(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "tactic #\(index + 1)")
        try entry.allowOnly(["id", "label", "description", "event_type"])
        let id = try self.id(of: entry, kind: "tactic")
        let named = entry.named("tactic \(id)")
        let tactic = RepressionTactic(id: id, label: try named.label("label", requireKazakh: true),
                                      description: try named.label("description"),
                                      eventType: try named.optionalString("event_type"))
        tactics.append((named, tactic))
    }

    private mutating func readOccupation(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "occupation #\(index + 1)")
        try entry.allowOnly(["id", "label", "extends"])
        let id = try self.id(of: entry, kind: "occupation")
        let named = entry.named("occupation \(id)")
        occupations.append((named, Occupation(id: id, label: try named.label("label", requireKazakh: true),
                                              extends: try named.optionalString("extends"))))
    }

    private mutating func readBan(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "ban #\(index + 1)")
        try entry.allowOnly(["id", "label", "words"])
        let id = try self.id(of: entry, kind: "ban")
        let named = entry.named("ban \(id)")
        var words: [String] = []
        for word in try named.sequence("words", required: true) {
            guard let text = word.scalar?.string, !NameFolding.fold(text).isEmpty else {
                throw named.invalid("words", "each word must be a non-empty text")
            }
            words.append(NameFolding.fold(text))
        }
        bans.append(BanKindDefinition(id: id, label: try named.label("label", requireKazakh: true), words: words))
    }

    private mutating func readRole(_ node: Node, _ index: Int, _ file: String, _ context: RoleDefinition.Context) throws {
        let kind = context == .case ? "case role" : "event role"
        let entry = try YAMLEntry(node, file: file, entry: "\(kind) #\(index + 1)")
        try entry.allowOnly(["id", "label"])
        let id = try self.id(of: entry, kind: kind)
        let role = RoleDefinition(id: id, label: try entry.named("\(kind) \(id)").label("label"), context: context)
        if context == .case { caseRoles.append(role) } else { eventRoles.append(role) }
    }

    private mutating func readMeasure(_ node: Node, _ index: Int, _ file: String) throws {
        let entry = try YAMLEntry(node, file: file, entry: "measure #\(index + 1)")
        try entry.allowOnly(["id", "label", "unit", "freedom", "funnel", "step"])
        let id = try self.id(of: entry, kind: "measure")
        let named = entry.named("measure \(id)")
        guard let unit = try named.choice("unit", as: MeasureUnit.self) else {
            throw VocabularyError.missingField(file: file, line: named.line, entry: named.entry, field: "unit")
        }
        let funnel = try named.optionalString("funnel")
        let step = named.value("step") == nil ? nil : try named.int("step")
        if funnel != nil && step == nil {
            throw VocabularyError.missingField(file: file, line: named.line, entry: named.entry, field: "step")
        }
        if let funnel, measures.contains(where: { $0.funnel == funnel && $0.step == step }) {
            throw named.invalid("step", "repeats step \(step ?? 0) of funnel \(funnel)")
        }
        measures.append(Measure(id: id, label: try named.label("label", requireKazakh: true), unit: unit,
                                freedom: try named.choice("freedom", as: Freedom.self), funnel: funnel, step: step))
    }

    // MARK: References

    struct RawEventType {
        var id: String
        var label: LocalizedLabel
        var category: EventCategory?
        var extends: String?
        var attributes: [EventAttribute]
        var freedom: Freedom?
    }

    /// Follows `extends`: a type takes its parent's category, freedom and
    /// attributes unless it gives its own (an attribute with the same id overrides).
    private func resolveEventTypes() throws -> [EventType] {
        let byID = Dictionary(rawEventTypes.map { ($0.type.id, $0) }, uniquingKeysWith: { a, _ in a })
        var resolved: [String: EventType] = [:]

        func resolve(_ id: String, chain: [String]) throws -> EventType {
            if let done = resolved[id] { return done }
            guard let (entry, raw) = byID[id] else { preconditionFailure("checked by the caller") }
            var type = EventType(id: raw.id, label: raw.label, category: raw.category ?? .other,
                                 extends: raw.extends, attributes: raw.attributes, freedom: raw.freedom)
            if let parentID = raw.extends {
                guard byID[parentID] != nil else {
                    throw VocabularyError.unknownReference(file: entry.file, line: entry.line(of: "extends"),
                                                           entry: entry.entry, field: "extends", id: parentID)
                }
                guard !chain.contains(parentID) else {
                    throw VocabularyError.unknownReference(file: entry.file, line: entry.line(of: "extends"), entry: entry.entry,
                                                           field: "extends", id: "\(parentID) (a loop: \((chain + [parentID]).joined(separator: " → ")))")
                }
                let parent = try resolve(parentID, chain: chain + [parentID])
                let own = Set(raw.attributes.map(\.id))
                type.attributes = parent.attributes.filter { !own.contains($0.id) } + raw.attributes
                type.category = raw.category ?? parent.category
                type.freedom = raw.freedom ?? parent.freedom
            }
            resolved[id] = type
            return type
        }
        return try rawEventTypes.map { try resolve($0.type.id, chain: [$0.type.id]) }
    }

    private func checkReferences(eventTypes: [EventType]) throws {
        let eventTypeIDs = Set(eventTypes.map(\.id))
        for (entry, tactic) in tactics {
            if let ref = tactic.eventType, !eventTypeIDs.contains(ref) {
                throw VocabularyError.unknownReference(file: entry.file, line: entry.line(of: "event_type"),
                                                       entry: entry.entry, field: "event_type", id: ref)
            }
        }
        let parents = Dictionary(occupations.map { ($0.occupation.id, $0.occupation.extends) },
                                 uniquingKeysWith: { a, _ in a })
        for (entry, occupation) in occupations {
            var chain = [occupation.id]
            var next = occupation.extends
            while let ref = next {
                guard let grandparent = parents[ref] else {
                    throw VocabularyError.unknownReference(file: entry.file, line: entry.line(of: "extends"),
                                                           entry: entry.entry, field: "extends", id: ref)
                }
                guard !chain.contains(ref) else {
                    throw VocabularyError.unknownReference(file: entry.file, line: entry.line(of: "extends"), entry: entry.entry,
                                                           field: "extends", id: "\(ref) (a loop: \((chain + [ref]).joined(separator: " → ")))")
                }
                chain.append(ref)
                next = grandparent
            }
        }
    }
}
