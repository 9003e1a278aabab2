import Foundation
import Testing
@testable import AigaqExtraction

@Suite struct NameRecogniserTests {
    func names(_ text: String) -> [String] {
        withTokens(text) { t, _ in NameRecogniser.find(t).map { NameRecogniser.display($0.given) + " " + NameRecogniser.display($0.surname) } }
    }

    @Test(arguments: [
        ("Activist Marat ZHANGIROV was detained.", ["Marat Zhangirov"]),
        ("Zhan-Aidar Kemelbekov spoke.", ["Zhan-Aidar Kemelbekov"]),
        ("Viktor and Ilyas Tarasenko left.", ["Viktor Tarasenko", "Ilyas Tarasenko"]),
        ("MEP Viola von Hartmann-Lenz wrote.", ["Viola von Hartmann-Lenz"]),
        ("Суд арестовал Нурлана Жаксылыкова.", ["Нурлан Жаксылыков"]),
        ("Жаксылыкова Айгуль осудили.", ["Айгуль Жаксылыкова"]),
        ("The European Parliament and Democratic Choice met.", []),
    ])
    func recognises(_ text: String, _ expected: [String]) {
        #expect(names(text) == expected)
    }

    @Test func possessiveIsNotPartOfTheName() {
        withTokens("Marat Zhangirov’s lawyer") { t, u in
            // The apostrophe is its own token (its ASCII stand-in in `lower`), the name stays whole.
            #expect(t.lowers(0..<4) == ["marat", "zhangirov", "'", "s"])
            #expect(t[2].text(u) == "’")
        }
        #expect(names("Marat Zhangirov’s lawyer said") == ["Marat Zhangirov"])
    }
}

@Suite struct ChargeRecogniserTests {
    func charges(_ text: String) -> [String] {
        withTokens(text) { t, u in
            ChargeRecogniser.find(t, u).map { "\($0.charge.code) \($0.charge.article)" + ($0.charge.part.map { "/" + $0 } ?? "") }
        }
    }

    @Test(arguments: [
        ("under Article 405 of the Criminal Code", ["KZ-CC-2014 405"]),
        ("(Art. 174 of the CC)", ["KZ-CC-2014 174"]),
        ("(part 2 Art. 405 of the CC)", ["KZ-CC-2014 405/2"]),
        ("(part 2, Art. 256 of the CC)", ["KZ-CC-2014 256/2"]),
        ("(Article 106, section 2 of the CC)", ["KZ-CC-2014 106/2"]),
        ("under Articles 269 and 272", ["KZ-CC-2014 269", "KZ-CC-2014 272"]),
        ("Article 380-1 of the Criminal Code", ["KZ-CC-2014 380-1"]),
        ("по ч. 2 ст. 405 УК РК", ["KZ-CC-2014 405/2"]),
        ("по статье 272, части 3", ["KZ-CC-2014 272/3"]),
        ("under Article 488 of the Code of Administrative Offences", ["KZ-CAO 488"]),
        ("the numbers refer to the Criminal Code of 1997: Art. 164 of the CC", ["KZ-CC-1997 164"]),
        ("Article 12 of the Law on Mass Media", []),
        ("charged with organising mass riots", []),
    ])
    func recognises(_ text: String, _ expected: [String]) {
        #expect(charges(text) == expected)
    }
}

@Suite struct SentenceRecogniserTests {
    func first(_ text: String) -> ExtractedSentence? {
        withTokens(text) { t, u in SentenceRecogniser.find(t, u).first?.sentence }
    }

    @Test(arguments: [
        ("7 years’ imprisonment", "imprisonment", 84),
        ("sentenced to 4.5 years in prison", "imprisonment", 54),
        ("five years of restricted freedom", "restricted_freedom", 60),
        ("one year of restriction of liberty", "restricted_freedom", 12),
        ("one year and four months of restraint of liberty", "restricted_freedom", 16),
        ("a 7 1/2 year jail term", "imprisonment", 90),
        ("sentenced to 7,5 years in prison", "imprisonment", 90),
        ("five and a half years in prison", "imprisonment", 66),
        ("a six months suspended sentence", "suspended", 6),
        ("received a five-year suspended sentence", "suspended", 60),
        ("he was arrested for 20 days", "administrative_arrest", 1),
        ("приговорил к пяти годам лишения свободы", "imprisonment", 60),
        ("два года ограничения свободы", "restricted_freedom", 24),
        ("received a two-and-a-half-year suspended sentence", "suspended", 30),
        ("приговорена к двум с половиной годам лишения свободы", "imprisonment", 30),
        ("приговорён к трём годам ограничения свободы", "restricted_freedom", 36),
        ("наказан четырьмя годами лишения свободы", "imprisonment", 48),
    ])
    func lengthsAndKinds(_ text: String, _ kind: String, _ months: Int) throws {
        let s = try #require(first(text))
        #expect(s.kind == kind)
        #expect(s.months == months)
    }

    @Test func fineAndLifeHaveNoLength() throws {
        let fine = try #require(first("the court sentenced him to a fine of 500,000 tenge"))
        #expect(fine.kind == "fine" && fine.months == nil)
        let life = try #require(first("sentenced to life imprisonment in absentia"))
        #expect(life.kind == "life" && life.months == nil)
    }

    @Test func bansAttachToTheSentenceAndTimeServedIsNotOne() throws {
        let s = try #require(first("sentenced to one year of restriction of freedom and banned from using social networks for two years"))
        #expect(s.months == 12)
        #expect(s.bans.first?.months == 24)
        #expect(s.bans.first?.activity == "using social networks")
        #expect(first("He has been in prison for more than 10 years.") == nil)
        #expect(first("The prosecutor asked for 5 years in prison.") == nil)
    }

    @Test func banActivityLeavesOutTheVerbAndItsObject() throws {
        let before = try #require(first("The judge gave her four years of restricted freedom and banned her from posting online for three years."))
        #expect(before.bans.first?.activity == "posting online")
        #expect(before.bans.first?.months == 36)
        let after = try #require(first("He received five years in prison and a 2-year ban on journalism."))
        #expect(after.bans.first?.activity == "journalism")
        let ru = try #require(first("приговорён к 3 годам ограничения свободы с запретом на занятие общественной деятельностью на 2 года"))
        #expect(ru.bans.first?.activity.contains("общественной деятельностью") == true)
        #expect(ru.bans.first?.activity.hasPrefix("запрет") == false)
    }

    @Test func regime() throws {
        let s = try #require(first("8 years in a strict regime colony"))
        #expect(s.regime == "maximum")
    }
}

@Suite struct DateRecogniserTests {
    func dates(_ text: String, year: Int? = nil) -> [String] {
        withTokens(text) { t, _ in DateRecogniser.find(t).compactMap { $0.value(defaultYear: year)?.isoString } }
    }

    @Test(arguments: [
        ("Convicted on 29 November 2023.", ["2023-11-29"]),
        ("On October 24 2018 the court", ["2018-10-24"]),
        ("on 26 June, 2018, he", ["2018-06-26"]),
        ("Sentenced on 10.02.2023.", ["2023-02-10"]),
        ("in November 2018 a court", ["2018-11"]),
        ("In 2021, he", ["2021"]),
        ("29 ноября 2023 года", ["2023-11-29"]),
        ("в ноябре 2023 года", ["2023-11"]),
        ("It may happen in 500 cases", []),
    ])
    func forms(_ text: String, _ expected: [String]) {
        #expect(dates(text) == expected)
    }

    @Test func yearlessDateTakesContextYearAndNoDayIsInvented() {
        #expect(dates("On 5 July he was detained.", year: 2019) == ["2019-07-05"])
        #expect(dates("On 5 July he was detained.") == [])
        #expect(dates("in March 2020") == ["2020-03"])
    }
}

@Suite struct CountRecogniserTests {
    @Test func statedCounts() {
        let ex = extract("There are at least 48 political prisoners in the country. In 2024 the authorities issued 686 refusals to hold protests.")
        #expect(ex.countsStated.map(\.number) == [48, 686])
        #expect(ex.countsStated.first?.what.hasPrefix("political prisoners") == true)
    }
}
