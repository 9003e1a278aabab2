import AigaqCore
@testable import AigaqPublishing
import Foundation
import Testing

/// The FollowTheMoney schemata the export writes, as FtM 4.11 defines them
/// (properties including inherited ones, written out by hand from the model's
/// YAML): enough to check names, types, required properties and the range of
/// every entity reference without the Python library. `scripts/check-ftm`
/// runs the same checks with the real model.
enum FtMModel {
    /// Property type: "entity:<Range>" for references.
    typealias Schema = (parents: [String], required: [String], properties: [String: String])

    static let interval: [String: String] = [
        "startDate": "date", "endDate": "date", "date": "date", "summary": "text", "description": "text",
        "recordId": "string", "sourceUrl": "url", "proof": "entity:Document", "publisher": "string",
        "publisherUrl": "url", "modifiedAt": "date", "retrievedAt": "date",
    ]
    static let interest = interval.merging(["role": "string", "status": "string"]) { a, _ in a }
    static let thing: [String: String] = [
        "name": "name", "summary": "text", "description": "text", "country": "country", "alias": "name",
        "previousName": "name", "weakAlias": "name", "sourceUrl": "url", "publisher": "string",
        "publisherUrl": "url", "wikidataId": "identifier", "keywords": "string", "topics": "topic",
        "address": "address", "program": "string", "notes": "text", "proof": "entity:Document",
        "modifiedAt": "date", "retrievedAt": "date",
    ]
    static let legalEntity = thing.merging([
        "email": "email", "phone": "phone", "website": "url", "legalForm": "string", "incorporationDate": "date",
        "dissolutionDate": "date", "status": "string", "sector": "string", "classification": "string",
        "registrationNumber": "identifier", "idNumber": "identifier", "jurisdiction": "country",
        "mainCountry": "country", "parent": "entity:LegalEntity",
    ]) { a, _ in a }

    static let schemata: [String: Schema] = [
        "Document": (["Thing"], ["fileName"], thing.merging([
            "fileName": "string", "title": "string", "author": "string", "mimeType": "mimetype",
            "language": "language", "date": "date", "publishedAt": "date", "authoredAt": "date",
        ]) { a, _ in a }),
        "Organization": (["LegalEntity", "Thing"], ["name"], legalEntity.merging(["abbreviation": "string"]) { a, _ in a }),
        "PublicBody": (["Organization", "LegalEntity", "Thing"], ["name"], legalEntity.merging(["abbreviation": "string"]) { a, _ in a }),
        "Person": (["LegalEntity", "Thing"], ["name"], legalEntity.merging([
            "firstName": "string", "lastName": "string", "birthDate": "date", "deathDate": "date",
            "gender": "gender", "nationality": "country", "citizenship": "country", "position": "string",
            "profession": "string", "political": "string",
        ]) { a, _ in a }),
        "CourtCase": (["Thing"], ["name"], thing.merging([
            "category": "string", "type": "string", "status": "string", "caseNumber": "identifier",
            "court": "string", "fileDate": "date", "closeDate": "date",
        ]) { a, _ in a }),
        "CourtCaseParty": (["Interest", "Interval"], ["party", "case"],
                           interest.merging(["party": "entity:Thing", "case": "entity:CourtCase"]) { a, _ in a }),
        "Sanction": (["Interval"], ["entity"], interval.merging([
            "entity": "entity:Thing", "authority": "string", "authorityId": "identifier", "program": "string",
            "provisions": "string", "status": "string", "duration": "number", "reason": "text",
            "country": "country", "listingDate": "date",
        ]) { a, _ in a }),
        "Membership": (["Interest", "Interval"], ["member", "organization"],
                       interest.merging(["member": "entity:LegalEntity", "organization": "entity:Organization"]) { a, _ in a }),
        "Family": (["Interval"], ["person", "relative"],
                   interval.merging(["person": "entity:Person", "relative": "entity:Person", "relationship": "string"]) { a, _ in a }),
        "Associate": (["Interval"], ["person", "associate"],
                      interval.merging(["person": "entity:Person", "associate": "entity:Person", "relationship": "string"]) { a, _ in a }),
        "UnknownLink": (["Interest", "Interval"], ["subject", "object"],
                        interest.merging(["subject": "entity:Thing", "object": "entity:Thing"]) { a, _ in a }),
        "Event": (["Interval", "Thing"], ["name"], thing.merging(interval) { a, _ in a }.merging([
            "location": "address", "involved": "entity:LegalEntity", "organizer": "entity:LegalEntity",
        ]) { a, _ in a }),
        "Documentation": (["Interest", "Interval"], ["document", "entity"],
                          interest.merging(["document": "entity:Document", "entity": "entity:Thing"]) { a, _ in a }),
    ]

    static let topics: Set<String> = ["role.journo", "role.act", "role.lawyer", "role.pol", "role.civil", "pol.party",
                                      "gov", "gov.judicial"]

    static func isA(_ schema: String, _ range: String) -> Bool {
        schema == range || (schemata[schema]?.parents.contains(range) ?? false)
    }

    /// Every problem of `entities` against the model; empty when all is well.
    static func problems(_ entities: [FtMEntity]) -> [String] {
        var problems: [String] = []
        let byID = Dictionary(entities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        if byID.count != entities.count { problems.append("ids are not unique") }
        for e in entities {
            guard let schema = schemata[e.schema] else { problems.append("\(e.id): unknown schema \(e.schema)"); continue }
            for name in schema.required where (e.properties[name] ?? []).isEmpty {
                problems.append("\(e.id): \(e.schema) lacks \(name)")
            }
            for (name, values) in e.properties {
                guard let type = schema.properties[name] else { problems.append("\(e.id): \(e.schema) has no \(name)"); continue }
                if values.isEmpty { problems.append("\(e.id): \(name) is empty") }
                for value in values {
                    if let problem = check(value, type, byID) { problems.append("\(e.id): \(name) \(problem)") }
                }
            }
        }
        return problems
    }

    static func check(_ value: String, _ type: String, _ byID: [String: FtMEntity]) -> String? {
        func matches(_ pattern: String) -> Bool { value.range(of: pattern, options: .regularExpression) != nil }
        if type.hasPrefix("entity:") {
            let range = String(type.dropFirst("entity:".count))
            guard let target = byID[value] else { return "\(value) does not resolve" }
            return isA(target.schema, range) ? nil : "\(value) is a \(target.schema), not a \(range)"
        }
        switch type {
        case "date": return matches(#"^\d{4}(-\d{2}(-\d{2})?)?$"#) ? nil : "\(value) is not a date"
        case "country": return matches("^[a-z]{2}$") ? nil : "\(value) is not a country code"
        case "language": return matches("^[a-z]{3}$") ? nil : "\(value) is not an ISO 639-3 code"
        case "gender": return ["male", "female", "other"].contains(value) ? nil : "\(value) is not a gender"
        case "number": return Double(value) != nil ? nil : "\(value) is not a number"
        case "topic": return topics.contains(value) ? nil : "\(value) is not a topic"
        case "url": return matches("^https?://") ? nil : "\(value) is not a URL"
        case "mimetype": return matches("^[a-z]+/[a-z0-9.+-]+$") ? nil : "\(value) is not a MIME type"
        default: return nil
        }
    }
}

var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

func sampleRecords() throws -> [Entity] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/sample.jsonl"), encoding: .utf8)
    return try text.split(separator: "\n").map { try AigaqJSON.decoder().decode(Entity.self, from: Data($0.utf8)) }
}

@Suite struct FtMExportTests {
    let vocabulary = try? Vocabulary.bundled()

    @Test func theSampleGivesValidEntitiesWhoseReferencesResolve() throws {
        let entities = FtMExport(vocabulary: vocabulary).entities(from: try sampleRecords())
        #expect(FtMModel.problems(entities) == [])
        let schemata = Set(entities.map(\.schema))
        #expect(schemata.isSuperset(of: ["Document", "Person", "Organization", "PublicBody", "CourtCase",
                                         "CourtCaseParty", "Sanction", "Family", "Event", "Documentation", "UnknownLink"]))
        // The restricted-freedom sentence and its two-year ban are two sanctions on Tokbergenov.
        let sanctions = entities.filter { $0.schema == "Sanction" && $0.properties["entity"] == ["aigaq-person-p-tokbergenov-erlan"] }
        #expect(sanctions.count == 2)
        #expect(sanctions.contains { $0.properties["provisions"] == ["Restricted freedom, 48 months"] && $0.properties["duration"] == ["48"] })
        #expect(sanctions.contains { $0.properties["provisions"]?.first?.hasPrefix("Ban:") == true })
        // Being on a list is documented by the list's source.
        let listed = entities.filter { $0.schema == "Documentation" }
        #expect(listed.count == 3)
        #expect(listed.allSatisfy { $0.properties["document"] == ["aigaq-source-src-sample-list-2025"] })
    }

    @Test func everyLineIsAnFtMEntityInJSON() throws {
        let data = try FtMExport.jsonLines(FtMExport(vocabulary: vocabulary).entities(from: try sampleRecords()))
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["id", "schema", "properties"])
            let properties = try #require(object["properties"] as? [String: [String]])
            #expect(!properties.isEmpty)
        }
    }

    @Test func idsAreStableAcrossRunsAndInputOrder() throws {
        let records = try sampleRecords()
        let a = FtMExport(vocabulary: vocabulary).entities(from: records)
        let b = FtMExport(vocabulary: vocabulary).entities(from: records.reversed())
        #expect(a == b)
        #expect(a.contains { $0.id == "aigaq-person-p-seitkaliyeva-gulnar" })
        #expect(a.allSatisfy { $0.id.hasPrefix("aigaq-") })
    }

    @Test func aPublicExportHoldsNothingThatIsNotPublic() throws {
        let records = SecretFixture.records()
        let everything = String(decoding: try FtMExport.jsonLines(FtMExport(vocabulary: vocabulary).entities(from: records)), as: UTF8.self)
        // The fixture does put its markers where an export without --public would write them.
        #expect(everything.contains("SECRET"))
        let projection = PublicProjection(entities: records)
        let projected = FtMExport(vocabulary: vocabulary).entities(from: records.compactMap(projection.project))
        let text = String(decoding: try FtMExport.jsonLines(projected), as: UTF8.self)
        for marker in SecretFixture.markers {
            #expect(!text.contains(marker), "\(marker) leaked into the public FtM export")
        }
        #expect(FtMModel.problems(projected) == [])
        // Non-public facts of a public person are left out (the birth year holds no marker).
        let person = try #require(projected.first { $0.id == "aigaq-person-p-public" })
        #expect(Set(person.properties.keys) == ["name", "proof"])
        #expect(person.properties["proof"] == ["aigaq-source-src-public"])
        // What is public is still there.
        #expect(text.contains("Public Person"))
        #expect(text.contains("aigaq-case-case-public"))
    }
}

/// Records with a marker in every place that is not public: whole records
/// that are internal or confidential, and non-public facts, relations and
/// participants of public records.
enum SecretFixture {
    static let markers = ["SECRET", "p-secret", "org-secret", "src-secret", "case-secret", "ev-secret", "list-secret"]

    static func records() -> [Entity] {
        let hash = String(repeating: "ab", count: 32)
        let secretCite = [Citation(source: "src-secret", start: 0, end: 5)]
        let publicCite = [Citation(source: "src-public", start: 0, end: 5)]
        let secretSource = Source(id: "src-secret", sha256: hash, title: "SECRET source", confidentiality: .internal)
        let publicSource = Source(id: "src-public", sha256: String(repeating: "cd", count: 32), title: "Open report")
        let secretOrg = Organisation(id: "org-secret", name: "SECRET colony", kind: .penalFacility, confidentiality: .confidential)
        let publicPerson = Person(
            id: "p-public", names: [PersonName("Public Person", kind: .primary, citations: publicCite + secretCite)],
            birthYear: [Fact(1999, confidentiality: .internal)],
            region: [Fact("SECRET region", confidentiality: .internal)],
            city: [Fact("SECRET city", confidentiality: .confidential)],
            occupations: [Fact("journalist", confidentiality: .internal)],
            statuses: [Fact(.convictedImprisoned, citations: secretCite, confidentiality: .internal)],
            detention: [Fact("org-secret", confidentiality: .internal)],
            relations: [Relation(kind: "brother", person: "p-secret"),
                        Relation(kind: "SECRET-colleague", person: "p-public-2", confidentiality: .internal)],
            memberships: [Membership(organisation: "org-secret", role: "SECRET member")],
            notes: [Fact("SECRET lawyer's phone", confidentiality: .confidential)],
            citations: publicCite)
        let otherPublic = Person(id: "p-public-2", names: [PersonName("Second Public", kind: .primary)])
        let secretPerson = Person(id: "p-secret", names: [PersonName("SECRET Person", kind: .primary)], confidentiality: .internal)
        let publicCase = Case(
            id: "case-public", court: "org-secret",
            participants: [Participant(person: "p-public", role: "defendant"),
                           Participant(person: "p-secret", role: "witness"),
                           Participant(person: "p-public-2", role: "SECRET-informant", confidentiality: .internal)],
            charges: [Charge(person: "p-public", article: "405", part: "2", citations: publicCite),
                      Charge(person: "p-secret", article: "174")],
            sentences: [SentenceRecord(person: "p-secret", sentence: Sentence(kind: .imprisonment, months: 11))])
        let secretCase = Case(id: "case-secret", number: "SECRET-123",
                              participants: [Participant(person: "p-public", role: "defendant")],
                              confidentiality: .internal)
        let publicEvent = Event(id: "ev-public", type: "detention",
                                participants: [EventParticipant(person: "p-public", role: "victim"),
                                               EventParticipant(person: "p-secret", role: "victim"),
                                               EventParticipant(person: "p-public-2", role: "witness", confidentiality: .internal)],
                                caseID: "case-secret", summary: "Detained.")
        let secretEvent = Event(id: "ev-secret", type: "search", summary: "SECRET search", confidentiality: .confidential)
        let allegation = Event(id: "ev-secret-allegation", type: "torture-allegation",
                               participants: [EventParticipant(person: "p-public", role: "victim"),
                                              EventParticipant(person: "p-public-2", role: "perpetrator")],
                               summary: "SECRET allegation, unreviewed")
        let publicList = PersonList(id: "list-public", name: "Open list")
        let secretList = PersonList(id: "list-secret", name: "SECRET list", confidentiality: .internal)
        let publicSnapshot = ListSnapshot(id: "snap-public", list: "list-public", asOf: DateValue("2025-01-01")!,
                                          entries: [ListEntry(person: "p-public", status: .convictedImprisoned, citations: publicCite),
                                                    ListEntry(person: "p-secret", section: "SECRET section", status: .pretrialDetention, citations: publicCite)])
        let secretSnapshot = ListSnapshot(id: "snap-secret", list: "list-secret", asOf: DateValue("2025-01-01")!,
                                          entries: [ListEntry(person: "p-public", section: "SECRET watch", status: .unknown, citations: publicCite)])
        return [.source(secretSource), .source(publicSource), .organisation(secretOrg), .person(publicPerson),
                .person(otherPublic), .person(secretPerson), .case(publicCase), .case(secretCase),
                .event(publicEvent), .event(secretEvent), .event(allegation), .list(publicList), .list(secretList),
                .listSnapshot(publicSnapshot), .listSnapshot(secretSnapshot)]
    }
}
