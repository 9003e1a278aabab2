import Foundation

/// One line of the open data format (JSON Lines): any record, tagged by `"type"`.
///
/// The form is the record's own JSON object with a `"type"` key added:
/// `{"type":"person","id":"p-...","names":[...],...}`.
public enum Entity: Hashable, Sendable, Codable {
    case source(Source)
    case organisation(Organisation)
    case person(Person)
    case `case`(Case)
    case event(Event)
    /// A number a source states (refusals, complaints, prisoners), with its period.
    case figure(StatedFigure)
    case assessment(Assessment)
    case list(PersonList)
    case listSnapshot(ListSnapshot)
    case candidate(Candidate)
    case decision(Decision)

    /// The `type` tags, in dependency order: an import can reference only
    /// what an earlier type defines, and exports write in this order.
    public static let typeOrder = ["source", "organisation", "person", "case", "event", "figure", "list",
                                   "list_snapshot", "assessment", "candidate", "decision"]

    public var typeName: String {
        switch self {
        case .source: "source"
        case .organisation: "organisation"
        case .person: "person"
        case .case: "case"
        case .event: "event"
        case .figure: "figure"
        case .assessment: "assessment"
        case .list: "list"
        case .listSnapshot: "list_snapshot"
        case .candidate: "candidate"
        case .decision: "decision"
        }
    }

    public var id: String {
        switch self {
        case .source(let x): x.id.rawValue
        case .organisation(let x): x.id.rawValue
        case .person(let x): x.id.rawValue
        case .case(let x): x.id.rawValue
        case .event(let x): x.id.rawValue
        case .figure(let x): x.id.rawValue
        case .assessment(let x): x.id.rawValue
        case .list(let x): x.id.rawValue
        case .listSnapshot(let x): x.id.rawValue
        case .candidate(let x): x.id.rawValue
        case .decision(let x): x.id.rawValue
        }
    }

    public var confidentiality: Confidentiality {
        switch self {
        case .source(let x): x.confidentiality
        case .organisation(let x): x.confidentiality
        case .person(let x): x.confidentiality
        case .case(let x): x.confidentiality
        case .event(let x): x.confidentiality
        case .figure(let x): x.confidentiality
        case .assessment(let x): x.confidentiality
        case .list(let x): x.confidentiality
        case .listSnapshot: .public
        case .candidate(let x): x.confidentiality
        case .decision: .internal
        }
    }

    /// The optimistic-concurrency version of records that are edited by hand
    /// (persons, organisations, cases, events); nil for the others.
    public var version: Int? {
        switch self {
        case .organisation(let x): x.version
        case .person(let x): x.version
        case .case(let x): x.version
        case .event(let x): x.version
        default: nil
        }
    }

    /// The same record with its version set; records without a version are unchanged.
    public func withVersion(_ version: Int) -> Entity {
        switch self {
        case .organisation(var x): x.version = version; return .organisation(x)
        case .person(var x): x.version = version; return .person(x)
        case .case(var x): x.version = version; return .case(x)
        case .event(var x): x.version = version; return .event(x)
        default: return self
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TypeKey.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "source": self = .source(try Source(from: decoder))
        case "organisation": self = .organisation(try Organisation(from: decoder))
        case "person": self = .person(try Person(from: decoder))
        case "case": self = .case(try Case(from: decoder))
        case "event": self = .event(try Event(from: decoder))
        case "figure": self = .figure(try StatedFigure(from: decoder))
        case "assessment": self = .assessment(try Assessment(from: decoder))
        case "list": self = .list(try PersonList(from: decoder))
        case "list_snapshot": self = .listSnapshot(try ListSnapshot(from: decoder))
        case "candidate": self = .candidate(try Candidate(from: decoder))
        case "decision": self = .decision(try Decision(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c,
                debugDescription: "unknown type \"\(type)\"; expected one of \(Entity.typeOrder.joined(separator: ", "))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: TypeKey.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case .source(let x): try x.encode(to: encoder)
        case .organisation(let x): try x.encode(to: encoder)
        case .person(let x): try x.encode(to: encoder)
        case .case(let x): try x.encode(to: encoder)
        case .event(let x): try x.encode(to: encoder)
        case .figure(let x): try x.encode(to: encoder)
        case .assessment(let x): try x.encode(to: encoder)
        case .list(let x): try x.encode(to: encoder)
        case .listSnapshot(let x): try x.encode(to: encoder)
        case .candidate(let x): try x.encode(to: encoder)
        case .decision(let x): try x.encode(to: encoder)
        }
    }
}

/// The JSON settings of every stored or exported form: sorted keys, so the
/// same record always gives the same bytes (diffable exports, stable hashes).
public enum AigaqJSON {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
    public static func decoder() -> JSONDecoder { JSONDecoder() }
}
