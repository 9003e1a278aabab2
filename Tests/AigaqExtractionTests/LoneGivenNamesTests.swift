@testable import AigaqExtraction
import Testing

@Suite struct LoneGivenNamesTests {
    static func person(_ name: String, at start: Int) -> ExtractedPerson {
        ExtractedPerson(name: name, mentions: [NameMention(text: name, start: start, end: start + name.utf8.count)])
    }

    @Test func aLoneGivenNameJoinsTheOnePersonWhoHasIt() {
        let text = "Daulet Kemelov, a blogger, fled in 2023. Months later Daulet was attacked. Asel Kemelova spoke."
        var persons = [Self.person("Daulet Kemelov", at: 0), Self.person("Asel Kemelova", at: 74)]
        LoneGivenNames.addMentions(to: &persons, text: Array(text.utf8))
        #expect(persons[0].mentions.map(\.text) == ["Daulet Kemelov", "Daulet"])
        let m = persons[0].mentions[1]
        #expect(String(decoding: Array(text.utf8)[m.start..<m.end], as: UTF8.self) == "Daulet")
        #expect(persons[1].mentions.count == 1)
    }

    @Test func aLoneSurnameJoinsToo() {
        let text = "Investigator Pavel Grinets questioned her. Later Grinets threatened the witness."
        var persons = [Self.person("Pavel Grinets", at: 13)]
        LoneGivenNames.addMentions(to: &persons, text: Array(text.utf8))
        #expect(persons[0].mentions.map(\.text) == ["Pavel Grinets", "Grinets"])
    }

    @Test func aSharedOrLongerNameIsLeftAlone() {
        // Two persons called Daulet, and a third Daulet with a surname nobody extracted.
        let text = "Daulet Kemelov and Daulet Sarsenov were detained. Daulet wrote. Daulet Omarov was not."
        var persons = [Self.person("Daulet Kemelov", at: 0), Self.person("Daulet Sarsenov", at: 19)]
        LoneGivenNames.addMentions(to: &persons, text: Array(text.utf8))
        #expect(persons.allSatisfy { $0.mentions.count == 1 })
        var one = [Self.person("Daulet Kemelov", at: 0)]
        LoneGivenNames.addMentions(to: &one, text: Array("Daulet Kemelov met Daulet Omarov. Dauletbek came.".utf8))
        #expect(one[0].mentions.count == 1)
    }
}

@Suite struct LoneSurnamePersonsTests {
    @Test func aSurnameUsedAloneTwiceBecomesAnOtherPerson() {
        let text = "President Bekmurzayev signed the law. Critics of Bekmurzayev were fined. Aigul Samatova was detained."
        var persons = [LoneGivenNamesTests.person("Aigul Samatova", at: 73)]
        LoneSurnamePersons.add(to: &persons, text: Array(text.utf8))
        #expect(persons.count == 2)
        #expect(persons[1].name == "Bekmurzayev")
        #expect(persons[1].role == "other")
        #expect(persons[1].mentions.count == 2)
    }

    @Test func onceOrInsideAFullNameIsNotEnough() {
        let text = "Bekmurzayev spoke. Aigul Samatova was detained; Samatova appealed. Nurlan Tulegenov Tulegenov"
        var persons = [LoneGivenNamesTests.person("Aigul Samatova", at: 19)]
        LoneSurnamePersons.add(to: &persons, text: Array(text.utf8))
        // Bekmurzayev: once; Samatova: a known person's name; "Nurlan Tulegenov": part of a full name.
        #expect(persons.count == 1)
    }
}
