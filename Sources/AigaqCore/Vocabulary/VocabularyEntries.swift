/// The entries of the vocabulary files (`Resources/vocabulary/*.yaml`). They are
/// data: adding an article or an event type is an edit of a YAML file only.

/// A legal code: the 2014 and 1997 Criminal Codes, the Code of Administrative Offences.
public struct LegalCode: Codable, Hashable, Sendable, Identifiable {
    /// `KZ-CC-2014`, `KZ-CC-1997`, `KZ-CAO`.
    public var id: String
    public var label: LocalizedLabel
    /// ISO 3166 alpha-2.
    public var country: String
    /// The year the code was adopted.
    public var adopted: Int
    /// What every article id of this code starts with (`kz-cc-`).
    public var idPrefix: String

    public init(id: String, label: LocalizedLabel, country: String, adopted: Int, idPrefix: String) {
        self.id = id; self.label = label; self.country = country; self.adopted = adopted; self.idPrefix = idPrefix
    }
    private enum CodingKeys: String, CodingKey { case id, label, country, adopted, idPrefix = "id_prefix" }
}

/// A part of an article ("part 2 of Article 405").
public struct ArticlePart: Codable, Hashable, Sendable {
    public var part: String
    public var title: LocalizedLabel?

    public init(part: String, title: LocalizedLabel? = nil) { self.part = part; self.title = title }
}

/// An article of a legal code.
public struct Article: Codable, Hashable, Sendable, Identifiable {
    /// Permanent id: the code's prefix and the number (`kz-cc-405`, `kz-cc-380-1`).
    public var id: String
    /// The code's id (`KZ-CC-2014`).
    public var code: String
    /// The number as the code writes it (`405`, `380-1`).
    public var article: String
    /// The official title in English and Russian.
    public var title: LocalizedLabel
    /// Among the articles used against dissent.
    public var dissent: Bool
    public var parts: [ArticlePart]
    public var note: String?
    /// The freedom chiefly punished when the article is used against dissent
    /// (Article 405, an extremist organisation: association), for reports by freedom.
    public var freedom: Freedom?

    public init(id: String, code: String, article: String, title: LocalizedLabel, dissent: Bool,
                parts: [ArticlePart] = [], note: String? = nil, freedom: Freedom? = nil) {
        self.id = id; self.code = code; self.article = article; self.title = title; self.dissent = dissent
        self.parts = parts; self.note = note; self.freedom = freedom
    }
}

/// The kind of value an event attribute holds.
public enum EventAttributeType: String, Codable, Hashable, Sendable, CaseIterable {
    case string, int, date, article, country, money, person, organisation
}

/// A typed fact recorded with an event (the article of a charge, the days of a hunger strike).
public struct EventAttribute: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var type: EventAttributeType
    public var label: LocalizedLabel

    public init(id: String, type: EventAttributeType, label: LocalizedLabel) {
        self.id = id; self.type = type; self.label = label
    }
}

/// The broad group an event type belongs to.
public enum EventCategory: String, Codable, Hashable, Sendable, CaseIterable {
    case deprivationOfLiberty = "deprivation-of-liberty"
    case proceedings
    case illTreatment = "ill-treatment"
    case financial, transnational, assembly, association, expression, intervention, other
}

/// A fundamental freedom chiefly at stake in an event.
public enum Freedom: String, Codable, Hashable, Sendable, CaseIterable {
    case association, assembly, expression
}

/// A kind of event (detention, verdict, Interpol notice...). `attributes`
/// includes those inherited through `extends`, parent's first.
public struct EventType: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var label: LocalizedLabel
    public var category: EventCategory
    public var extends: String?
    public var attributes: [EventAttribute]
    public var freedom: Freedom?

    public init(id: String, label: LocalizedLabel, category: EventCategory, extends: String? = nil,
                attributes: [EventAttribute] = [], freedom: Freedom? = nil) {
        self.id = id; self.label = label; self.category = category; self.extends = extends
        self.attributes = attributes; self.freedom = freedom
    }

    public func attribute(id: String) -> EventAttribute? { attributes.first { $0.id == id } }
}

/// The labels of a person status (`PersonStatus`).
public struct StatusDefinition: Codable, Hashable, Sendable, Identifiable {
    /// The raw value of `PersonStatus` (`convicted_imprisoned`).
    public var id: String
    public var label: LocalizedLabel
    public var deprivedOfLiberty: Bool

    public init(id: String, label: LocalizedLabel, deprivedOfLiberty: Bool) {
        self.id = id; self.label = label; self.deprivedOfLiberty = deprivedOfLiberty
    }
    private enum CodingKeys: String, CodingKey { case id, label, deprivedOfLiberty = "deprived_of_liberty" }
}

/// One of the five criteria of PACE Resolution 1900 (2012), in our own words.
public struct PACECriterion: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    /// The letter the resolution gives it (`a` to `e`).
    public var letter: String
    public var label: LocalizedLabel
    public var text: LocalizedLabel

    public init(id: String, letter: String, label: LocalizedLabel, text: LocalizedLabel) {
        self.id = id; self.letter = letter; self.label = label; self.text = text
    }
}

/// A decision an assessment may reach (`Assessment.Decision`).
public struct AssessmentDecisionDefinition: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var label: LocalizedLabel
    public var text: LocalizedLabel

    public init(id: String, label: LocalizedLabel, text: LocalizedLabel) {
        self.id = id; self.label = label; self.text = text
    }
}

/// A tactic of transnational repression.
public struct RepressionTactic: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var label: LocalizedLabel
    public var description: LocalizedLabel
    /// The event type that records it, if any.
    public var eventType: String?

    public init(id: String, label: LocalizedLabel, description: LocalizedLabel, eventType: String? = nil) {
        self.id = id; self.label = label; self.description = description; self.eventType = eventType
    }
    private enum CodingKeys: String, CodingKey { case id, label, description, eventType = "event_type" }
}

/// A kind of additional ban (`bans.yaml`): what it forbids, and the word
/// beginnings that show it in a report's wording.
public struct BanKindDefinition: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var label: LocalizedLabel
    /// Folded (`NameFolding.fold`) word beginnings, in any language.
    public var words: [String]

    public init(id: String, label: LocalizedLabel, words: [String]) {
        self.id = id; self.label = label; self.words = words
    }
}

/// An occupation or public role of a person.
public struct Occupation: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var label: LocalizedLabel
    /// A broader occupation this one belongs to.
    public var extends: String?

    public init(id: String, label: LocalizedLabel, extends: String? = nil) {
        self.id = id; self.label = label; self.extends = extends
    }
}

/// A role in a case (defendant, judge...) or in an event (victim, perpetrator...).
public struct RoleDefinition: Codable, Hashable, Sendable, Identifiable {
    public enum Context: String, Codable, Hashable, Sendable { case `case`, event }

    public var id: String
    public var label: LocalizedLabel
    public var context: Context

    public init(id: String, label: LocalizedLabel, context: Context) {
        self.id = id; self.label = label; self.context = context
    }
}

/// What a unit of a stated figure counts.
public enum MeasureUnit: String, Codable, Hashable, Sendable, CaseIterable {
    case persons, events, cases, complaints, places, percent, rank
}

/// Something sources count: refusals of assemblies, torture complaints,
/// political prisoners. Stated figures (`StatedFigure`) name one.
public struct Measure: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var label: LocalizedLabel
    public var unit: MeasureUnit
    /// The freedom chiefly at stake, for reports by freedom.
    public var freedom: Freedom?
    /// A chain of measures read as a funnel (`torture-impunity`), and this measure's step in it (1 first).
    public var funnel: String?
    public var step: Int?

    public init(id: String, label: LocalizedLabel, unit: MeasureUnit, freedom: Freedom? = nil,
                funnel: String? = nil, step: Int? = nil) {
        self.id = id; self.label = label; self.unit = unit; self.freedom = freedom; self.funnel = funnel; self.step = step
    }
}
