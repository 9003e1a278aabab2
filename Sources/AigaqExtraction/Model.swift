import Foundation

/// A document after reading and normalisation. Every offset the extractor
/// reports is a UTF-8 byte offset into `text`.
public struct ReadDocument: Sendable {
    public let text: String
    public let mediaType: String

    public init(text: String, mediaType: String) {
        self.text = text
        self.mediaType = mediaType
    }
}

/// A byte span `[start, end)` in the normalised text.
public struct EvidenceSpan: Codable, Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) { self.start = start; self.end = end }
}

/// One surface form of a person's name and where it stands.
public struct NameMention: Codable, Sendable, Hashable {
    public var text: String
    public var start: Int
    public var end: Int
    public init(text: String, start: Int, end: Int) { self.text = text; self.start = start; self.end = end }
}

/// A criminal or administrative charge: code, article ("380-1") and part.
public struct ExtractedCharge: Codable, Sendable, Hashable {
    public var code: String
    public var article: String
    public var part: String?

    public init(code: String, article: String, part: String?) {
        self.code = code; self.article = article; self.part = part
    }

    private enum CodingKeys: String, CodingKey { case code, article, part }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(article, forKey: .article)
        try c.encode(part, forKey: .part) // explicit null: the schema shows it
    }
}

/// The punishment as the schema writes it: kind, months (null when the text
/// gives no length) and the words of the source. Regime and bans are extras
/// for reviewers; scorers ignore them.
public struct ExtractedSentence: Codable, Sendable, Hashable {
    public var kind: String
    public var months: Int?
    public var text: String
    public var regime: String?
    public var bans: [Ban]

    public struct Ban: Codable, Sendable, Hashable {
        public var activity: String
        public var months: Int?
    }

    public init(kind: String, months: Int?, text: String, regime: String? = nil, bans: [Ban] = []) {
        self.kind = kind; self.months = months; self.text = text; self.regime = regime; self.bans = bans
    }

    private enum CodingKeys: String, CodingKey { case kind, months, text, regime, bans }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(String.self, forKey: .kind)
        months = try c.decodeIfPresent(Int.self, forKey: .months)
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        regime = try c.decodeIfPresent(String.self, forKey: .regime)
        bans = try c.decodeIfPresent([Ban].self, forKey: .bans) ?? []
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(months, forKey: .months)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(regime, forKey: .regime)
        if !bans.isEmpty { try c.encode(bans, forKey: .bans) }
    }
}

/// One candidate person record of one document (see shared/schemas/extraction.md).
public struct ExtractedPerson: Codable, Sendable, Hashable {
    public var name: String
    public var mentions: [NameMention]
    public var role: String
    public var status: String
    public var politicalPrisoner: Bool?
    public var charges: [ExtractedCharge]
    public var sentence: ExtractedSentence?
    public var detainedOn: String?
    public var convictedOn: String?
    public var listSection: String?
    public var listNumber: Int?
    public var evidence: [EvidenceSpan]

    public init(name: String, mentions: [NameMention] = [], role: String = "persecuted", status: String = "unknown",
                politicalPrisoner: Bool? = nil, charges: [ExtractedCharge] = [], sentence: ExtractedSentence? = nil,
                detainedOn: String? = nil, convictedOn: String? = nil, listSection: String? = nil,
                listNumber: Int? = nil, evidence: [EvidenceSpan] = []) {
        self.name = name; self.mentions = mentions; self.role = role; self.status = status
        self.politicalPrisoner = politicalPrisoner; self.charges = charges; self.sentence = sentence
        self.detainedOn = detainedOn; self.convictedOn = convictedOn; self.listSection = listSection
        self.listNumber = listNumber; self.evidence = evidence
    }

    private enum CodingKeys: String, CodingKey {
        case name, mentions, role, status, charges, sentence, evidence
        case politicalPrisoner = "political_prisoner"
        case detainedOn = "detained_on"
        case convictedOn = "convicted_on"
        case listSection = "list_section"
        case listNumber = "list_number"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        mentions = try c.decodeIfPresent([NameMention].self, forKey: .mentions) ?? []
        role = try c.decodeIfPresent(String.self, forKey: .role) ?? "persecuted"
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "unknown"
        politicalPrisoner = try c.decodeIfPresent(Bool.self, forKey: .politicalPrisoner)
        charges = try c.decodeIfPresent([ExtractedCharge].self, forKey: .charges) ?? []
        sentence = try c.decodeIfPresent(ExtractedSentence.self, forKey: .sentence)
        detainedOn = try c.decodeIfPresent(String.self, forKey: .detainedOn)
        convictedOn = try c.decodeIfPresent(String.self, forKey: .convictedOn)
        listSection = try c.decodeIfPresent(String.self, forKey: .listSection)
        listNumber = try c.decodeIfPresent(Int.self, forKey: .listNumber)
        evidence = try c.decodeIfPresent([EvidenceSpan].self, forKey: .evidence) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(mentions, forKey: .mentions)
        try c.encode(role, forKey: .role)
        try c.encode(status, forKey: .status)
        try c.encode(politicalPrisoner, forKey: .politicalPrisoner)
        try c.encode(charges, forKey: .charges)
        try c.encode(sentence, forKey: .sentence)
        try c.encode(detainedOn, forKey: .detainedOn)
        try c.encode(convictedOn, forKey: .convictedOn)
        try c.encode(listSection, forKey: .listSection)
        try c.encode(listNumber, forKey: .listNumber)
        try c.encode(evidence, forKey: .evidence)
    }
}

/// A number the text states about the whole situation ("at least 48 political prisoners").
public struct StatedCount: Codable, Sendable, Hashable {
    public var what: String
    public var number: Int
    public var start: Int
    public var end: Int
    public init(what: String, number: Int, start: Int, end: Int) {
        self.what = what; self.number = number; self.start = start; self.end = end
    }
}

/// The per-document object of the extraction schema.
public struct DocumentExtraction: Codable, Sendable {
    public var document: String
    public var sha256: String
    public var language: String
    public var documentDate: String?
    public var persons: [ExtractedPerson]
    public var countsStated: [StatedCount]

    public init(document: String, sha256: String, language: String, documentDate: String?,
                persons: [ExtractedPerson], countsStated: [StatedCount]) {
        self.document = document; self.sha256 = sha256; self.language = language
        self.documentDate = documentDate; self.persons = persons; self.countsStated = countsStated
    }

    private enum CodingKeys: String, CodingKey {
        case document, sha256, language, persons
        case documentDate = "document_date"
        case countsStated = "counts_stated"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        document = try c.decode(String.self, forKey: .document)
        sha256 = try c.decodeIfPresent(String.self, forKey: .sha256) ?? ""
        language = try c.decodeIfPresent(String.self, forKey: .language) ?? "en"
        documentDate = try c.decodeIfPresent(String.self, forKey: .documentDate)
        persons = try c.decodeIfPresent([ExtractedPerson].self, forKey: .persons) ?? []
        countsStated = try c.decodeIfPresent([StatedCount].self, forKey: .countsStated) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(document, forKey: .document)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(language, forKey: .language)
        try c.encode(documentDate, forKey: .documentDate)
        try c.encode(persons, forKey: .persons)
        try c.encode(countsStated, forKey: .countsStated)
    }
}

/// What can go wrong while reading a document. Every message names the file.
public enum ExtractionError: Error, LocalizedError, Equatable {
    case pdftotextMissing(file: String)
    case notAPDF(file: String)
    case pdfConversionFailed(file: String, detail: String)
    case corruptDOCX(file: String, detail: String)
    case unsupportedFormat(file: String, detail: String)

    public var errorDescription: String? {
        switch self {
        case .pdftotextMissing(let f):
            return "\(f): reading PDF needs the `pdftotext` program from poppler-utils (Debian: apt-get install poppler-utils), and it was not found on PATH."
        case .notAPDF(let f):
            return "\(f): the file is named .pdf but is not a PDF (it does not start with %PDF-)."
        case .pdfConversionFailed(let f, let d):
            return "\(f): pdftotext could not convert the PDF: \(d)"
        case .corruptDOCX(let f, let d):
            return "\(f): not a readable DOCX file: \(d)"
        case .unsupportedFormat(let f, let d):
            return "\(f): unsupported format: \(d)"
        }
    }

    /// The message without the file name in front (for callers that name the file themselves).
    public var reason: String {
        let text = errorDescription ?? ""
        switch self {
        case .pdftotextMissing(let f), .notAPDF(let f), .pdfConversionFailed(let f, _), .corruptDOCX(let f, _), .unsupportedFormat(let f, _):
            return text.hasPrefix(f + ": ") ? String(text.dropFirst(f.count + 2)) : text
        }
    }
}
