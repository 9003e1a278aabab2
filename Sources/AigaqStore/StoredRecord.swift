import AigaqCore
import Foundation

/// Records are stored whole as their JSON form, beside the `type` tag of
/// their table; this reads one back, for every backend.
public enum StoredRecord {
    public static func decode(type: String, json: String, decoder: JSONDecoder = AigaqJSON.decoder()) throws -> Entity {
        let data = Data(json.utf8)
        switch type {
        case "source": return .source(try decoder.decode(Source.self, from: data))
        case "organisation": return .organisation(try decoder.decode(Organisation.self, from: data))
        case "person": return .person(try decoder.decode(Person.self, from: data))
        case "case": return .case(try decoder.decode(Case.self, from: data))
        case "event": return .event(try decoder.decode(Event.self, from: data))
        case "figure": return .figure(try decoder.decode(StatedFigure.self, from: data))
        case "list": return .list(try decoder.decode(PersonList.self, from: data))
        case "list_snapshot": return .listSnapshot(try decoder.decode(ListSnapshot.self, from: data))
        case "assessment": return .assessment(try decoder.decode(Assessment.self, from: data))
        case "candidate": return .candidate(try decoder.decode(Candidate.self, from: data))
        case "decision": return .decision(try decoder.decode(Decision.self, from: data))
        default: throw AigaqError.database(reason: "unknown stored record type \(type)")
        }
    }
}
