import AigaqCore
import Foundation
import Testing

@Suite struct JSONWriterTests {
    /// Random events, including hostile strings, must give exactly the Codable bytes.
    @Test func handWrittenEventFormIsTheCodableForm() throws {
        var rng = SystemRandomNumberGenerator()
        let strings = ["", "Almaty", "Алматы \"центр\"", "back\\slash / slash", "tab\tnew\nline\r", "\u{01}\u{1F}", "ё ӘҒҚ 😀", "a,b:c{}[]"]
        func s() -> String { strings.randomElement(using: &rng)! }
        for i in 0..<1_000 {
            let e = Event(
                id: Event.ID(rawValue: "e-\(i)-\(s())"), type: ["detention", "hunger-strike", s()].randomElement()!,
                date: Bool.random() ? DateValue(year: 2000 + i % 25, month: i % 3 == 0 ? nil : 1 + i % 12, approximate: i % 5 == 0) : nil,
                endDate: i % 7 == 0 ? DateValue(year: 2024) : nil, place: Bool.random() ? s() : nil, country: Bool.random() ? "KZ" : nil,
                participants: (0..<Int.random(in: 0...3)).map { _ in
                    EventParticipant(person: Bool.random() ? Person.ID(rawValue: s() + "p") : nil,
                                     organisation: Bool.random() ? nil : Organisation.ID(rawValue: "o" + s()),
                                     role: s(), confidentiality: Confidentiality.allCases.randomElement()!)
                },
                caseID: Bool.random() ? Case.ID(rawValue: s() + "c") : nil,
                attributes: Bool.random() ? [:] : [s(): s(), "count": "\(i)"], summary: Bool.random() ? s() : nil,
                reviewedForPublication: Bool.random(),
                citations: (0..<Int.random(in: 0...2)).map { _ in Citation(source: Source.ID(rawValue: s() + "s"), start: i, end: i + 9, method: s()) },
                confidentiality: Confidentiality.allCases.randomElement()!, version: 1 + i % 3)
            let expected = String(decoding: try AigaqJSON.encoder().encode(e), as: UTF8.self)
            #expect(e.handWrittenJSON() == expected)
        }
    }

    @Test func handWrittenPersonFormIsTheCodableForm() throws {
        var rng = SystemRandomNumberGenerator()
        let strings = ["", "Almaty", "Алматы \"центр\"", "back\\slash / slash", "tab\tnew\nline", "\u{01}", "ё ӘҒҚ 😀"]
        func s() -> String { strings.randomElement(using: &rng)! }
        func cites() -> [Citation] { (0..<Int.random(in: 0...2)).map { i in Citation(source: Source.ID(rawValue: s() + "s"), start: i, end: i + 3, method: s()) } }
        func conf() -> Confidentiality { Confidentiality.allCases.randomElement()! }
        func date() -> DateValue? { Bool.random() ? DateValue(year: 1990 + Int.random(in: 0...35), month: Bool.random() ? 1 + Int.random(in: 0...11) : nil) : nil }
        for i in 0..<1_000 {
            let p = Person(
                id: Person.ID(rawValue: "p\(i)\(s())"),
                names: (1...Int.random(in: 1...3)).map { _ in PersonName(s() + "Name", kind: PersonName.Kind.allCases.randomElement()!, citations: cites()) },
                role: PersonRole.allCases.randomElement()!,
                birthYear: Bool.random() ? [Fact(1950 + i % 50, asOf: date(), citations: cites(), confidentiality: conf())] : [],
                gender: Bool.random() ? s() : nil, region: Bool.random() ? [Fact(s())] : [], city: Bool.random() ? [Fact(s(), citations: cites())] : [],
                occupations: Bool.random() ? [Fact("activist"), Fact(s(), confidentiality: conf())] : [],
                statuses: Bool.random() ? [Fact(PersonStatus.allCases.randomElement()!, asOf: date(), citations: cites())] : [],
                detention: Bool.random() ? [Fact(s(), asOf: date())] : [],
                relations: Bool.random() ? [Relation(kind: s(), person: Person.ID(rawValue: s() + "r"), citations: cites(), confidentiality: conf())] : [],
                memberships: Bool.random() ? [Membership(organisation: Organisation.ID(rawValue: s() + "o"), role: Bool.random() ? s() : nil,
                                                         from: date(), until: date(), citations: cites())] : [],
                notes: Bool.random() ? [Fact(s(), confidentiality: .confidential)] : [], citations: cites(), confidentiality: conf(), version: 1 + i % 4)
            let expected = String(decoding: try AigaqJSON.encoder().encode(p), as: UTF8.self)
            #expect(p.handWrittenJSON() == expected)
        }
    }

    @Test func confidenceFallsBackToTheEncoder() {
        let e = Event(id: "e", type: "detention", citations: [Citation(source: "s", start: 0, end: 1, confidence: 0.5)])
        #expect(e.handWrittenJSON() == nil)
    }
}
