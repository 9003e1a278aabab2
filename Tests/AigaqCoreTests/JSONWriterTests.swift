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

    @Test func confidenceFallsBackToTheEncoder() {
        let e = Event(id: "e", type: "detention", citations: [Citation(source: "s", start: 0, end: 1, confidence: 0.5)])
        #expect(e.handWrittenJSON() == nil)
    }
}
