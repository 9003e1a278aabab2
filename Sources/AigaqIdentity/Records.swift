import AigaqCore
import Foundation

/// One person as one document presents them: the input of resolution.
///
/// Within a document the extractor gives one record per person with all the
/// forms it found; resolution merges records across documents (and repairs
/// the extractor's misses within one, such as "Aidos" left on its own).
public struct ResolutionRecord: Sendable, Hashable, Codable {
    public var id: String
    public var document: String
    /// Given name + surname as the extractor normalised it.
    public var name: String
    /// Every surface form in the document ("Marat ZHYLANBAYEV", "Zhylanbayev").
    public var forms: [String]
    public var role: PersonRole
    /// Criminal Code articles ("405", "380-1").
    public var articles: [String]
    public var birthYear: Int?
    public var city: String?
    public var organisations: [String]
    /// Dates the document gives for this person (detention, verdict, ...).
    public var dates: [DateValue]
    /// Names of relatives the document gives (a wife, a brother): never the same person.
    public var relatives: [String]
    public var sentenceMonths: Int?
    public var caseNumbers: [String]
    public var status: PersonStatus?

    public init(
        id: String, document: String, name: String, forms: [String] = [], role: PersonRole = .persecuted,
        articles: [String] = [], birthYear: Int? = nil, city: String? = nil, organisations: [String] = [],
        dates: [DateValue] = [], relatives: [String] = [], sentenceMonths: Int? = nil,
        caseNumbers: [String] = [], status: PersonStatus? = nil
    ) {
        self.id = id
        self.document = document
        self.name = name
        self.forms = forms
        self.role = role
        self.articles = articles
        self.birthYear = birthYear
        self.city = city
        self.organisations = organisations
        self.dates = dates
        self.relatives = relatives
        self.sentenceMonths = sentenceMonths
        self.caseNumbers = caseNumbers
        self.status = status
    }

    /// The name and the forms, without repeats, name first.
    public var allForms: [String] {
        // A handful of forms: a linear scan beats hashing (Cyrillic text hashes slowly).
        var out: [String] = []
        out.reserveCapacity(forms.count + 1)
        for f in [name] + forms where !f.isEmpty && !out.contains(f) { out.append(f) }
        return out
    }
}

/// What a reviewer (or the resolver) concluded about two records.
public enum IdentityVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    case same
    case notSame = "not_same"
    case unsure
}

/// A reviewer's decision about two records, stored by the lead and applied
/// on every resolution: "same" joins, "not same" forbids any merge that
/// would put the two in one cluster, even through others; "unsure" keeps the
/// resolver from merging that pair on its own. Removing a decision undoes it.
public struct IdentityDecision: Sendable, Hashable, Codable {
    public var a: String
    public var b: String
    public var verdict: IdentityVerdict
    public var who: String
    public var when: Date
    public var why: String

    public init(a: String, b: String, verdict: IdentityVerdict, who: String, when: Date, why: String) {
        self.a = a
        self.b = b
        self.verdict = verdict
        self.who = who
        self.when = when
        self.why = why
    }
}

/// The resolver's opinion of two records, with the reasons a reviewer reads.
public struct PairScore: Sendable, Hashable {
    /// 0 (surely two people) ... 1 (surely one).
    public var score: Double
    public var reasons: [String]
    public var verdict: IdentityVerdict
    /// "Not the same" for a reason no similarity can outweigh (two given
    /// names under one surname, a named relative, two birth years).
    public var isConflict: Bool

    public init(score: Double, reasons: [String], verdict: IdentityVerdict, isConflict: Bool = false) {
        self.score = score
        self.reasons = reasons
        self.verdict = verdict
        self.isConflict = isConflict
    }

    /// The reasons in one line: "same surname key; given names differ: ... → different people".
    public var explanation: String {
        let conclusion = switch verdict {
        case .same: "the same person"
        case .notSame: "different people"
        case .unsure: "unsure"
        }
        return reasons.joined(separator: "; ") + " → " + conclusion
    }
}
