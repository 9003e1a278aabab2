import Foundation
import Tagged

/// A reviewer's decision, kept as a record so that it can be applied again
/// after re-ingest, shown to the next reviewer, and undone without loss.
///
/// Identity decisions (`same`, `not_same`, `unsure`) are about two subjects,
/// persons or candidates. Review decisions (`accept`, `reject`, `merge`) are
/// about one candidate (and, for a merge, the person it went into).
public struct Decision: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Decision, String>
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case same, notSame = "not_same", unsure
        case accept, reject, merge
    }

    public var id: ID
    public var verdict: Verdict
    /// A candidate or person id (candidates by their id, persons by theirs).
    public var subject: String
    /// The other side: a person for `merge`, the second subject for identity verdicts.
    public var object: String?
    public var actor: String
    public var at: Date
    public var reason: String?
    /// Set when the decision was undone; kept for the record.
    public var revokedAt: Date?

    public init(id: ID, verdict: Verdict, subject: String, object: String? = nil, actor: String, at: Date = Date(),
                reason: String? = nil, revokedAt: Date? = nil) {
        self.id = id; self.verdict = verdict; self.subject = subject; self.object = object
        self.actor = actor; self.at = at; self.reason = reason; self.revokedAt = revokedAt
    }

    public var isActive: Bool { revokedAt == nil }

    private enum CodingKeys: String, CodingKey {
        case id, verdict, subject, object, actor, at, reason, revokedAt = "revoked_at"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        subject = try c.decode(String.self, forKey: .subject)
        object = try c.decodeIfPresent(String.self, forKey: .object)
        actor = try c.decode(String.self, forKey: .actor)
        at = try Decision.time(c, .at) ?? Date(timeIntervalSince1970: 0)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        revokedAt = try Decision.time(c, .revokedAt)
        if [.same, .notSame, .unsure, .merge].contains(verdict), object == nil {
            throw DecodingError.dataCorruptedError(forKey: .object, in: c,
                debugDescription: "a \(verdict.rawValue) decision names two subjects (subject and object)")
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(subject, forKey: .subject)
        try c.encodeIfPresent(object, forKey: .object)
        try c.encode(actor, forKey: .actor)
        try c.encode(Decision.format(at), forKey: .at)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(revokedAt.map(Decision.format), forKey: .revokedAt)
    }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
    private static func time(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an ISO 8601 time: \(text)")
        }
        return date
    }
}
