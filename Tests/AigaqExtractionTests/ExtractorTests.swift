import Foundation
import Testing
@testable import AigaqExtraction

@Suite struct ListExtractionTests {
    @Test func numberedListGivesSectionNumberAndFacts() throws {
        let (_, ex) = try Fixture.extract("list_report.txt")
        #expect(ex.persecuted == ["Daulet Orynbasarov", "Erasyl Toktarov", "Gaukhar Nurmaganbetova", "Zhan-Aidar Bektasov"])
        let t = try #require(ex.person("Erasyl Toktarov"))
        #expect(t.listNumber == 1)
        #expect(t.listSection == "CONVICTED / In cases related to the spring 2021 rallies")
        #expect(t.charges == [ExtractedCharge(code: "KZ-CC-2014", article: "405", part: nil)])
        #expect(t.sentence?.months == 72)
        #expect(t.convictedOn == "2022-03-12")
        #expect(t.detainedOn == "2021-10-03")
        #expect(t.status == "convicted_imprisoned")
        #expect(t.politicalPrisoner == true)
        let g = try #require(ex.person("Gaukhar Nurmaganbetova"))
        #expect(g.sentence?.kind == "restricted_freedom")
        #expect(g.sentence?.bans.first?.months == 36)
        #expect(g.charges.first?.part == "2")
        #expect(g.status == "restricted_freedom")
        // Numbering restarts under a new subheading.
        let b = try #require(ex.person("Zhan-Aidar Bektasov"))
        #expect(b.listNumber == 1)
        #expect(b.listSection == "CONVICTED / In cases of online posts")
        #expect(Set(b.charges.map(\.article)) == ["269", "272"])
        #expect(b.sentence?.months == 54)
        let d = try #require(ex.person("Daulet Orynbasarov"))
        #expect(d.status == "pretrial_detention")
        #expect(d.detainedOn == "2023-06-14")
        #expect(d.listSection == "UNDER ARREST")
    }

    @Test func documentDateLanguageAndCounts() throws {
        let (_, ex) = try Fixture.extract("list_report.txt")
        #expect(ex.documentDate == "2024-03-03")
        #expect(ex.language == "en")
        #expect(ex.countsStated.contains { $0.number == 3 })
        #expect(ex.sha256.count == 64)
    }
}

@Suite struct ProfileExtractionTests {
    @Test func factsBelongToTheProfileSubjectNotTheNearestName() throws {
        let (_, ex) = try Fixture.extract("profiles_report.txt")
        let a = try #require(ex.person("Arman Seitkali"))
        #expect(a.role == "persecuted")
        #expect(a.sentence?.months == 66)
        #expect(a.convictedOn == "2020-08-17")
        #expect(a.charges.map(\.article) == ["274"])
        let judge = try #require(ex.person("Bolat Zhaksybekov"))
        #expect(judge.role == "official")
        #expect(judge.sentence == nil)
    }

    @Test func twoSubjectsShareTheChargeAndGetTheirOwnSentence() throws {
        let (_, ex) = try Fixture.extract("profiles_report.txt")
        let s = try #require(ex.person("Saule Kenzhebayeva"))
        let d = try #require(ex.person("Askar Dosmukhamedov"))
        #expect(s.charges == [ExtractedCharge(code: "KZ-CC-2014", article: "405", part: "2")])
        #expect(d.charges == s.charges)
        #expect(s.sentence?.months == 12 && s.sentence?.kind == "restricted_freedom")
        #expect(d.sentence?.months == 90 && d.sentence?.kind == "imprisonment")
        #expect(s.convictedOn == "2019-12-02" && d.convictedOn == "2019-12-02")
    }

    @Test func officialsAndOthersAreNotPersecuted() throws {
        let (_, ex) = try Fixture.extract("profiles_report.txt")
        #expect(ex.person("Nurgul Amanova")?.role == "other")
        #expect(ex.person("Kairat Omarov")?.role == "official")
        #expect(ex.person("Timur Abenov")?.status == "abroad")
    }
}

@Suite struct RussianExtractionTests {
    @Test func caseEndingsChargesAndSentence() throws {
        let (_, ex) = try Fixture.extract("news_ru.txt")
        #expect(ex.language == "ru")
        let p = try #require(ex.person("Нурлан Жаксылыков"))
        #expect(p.role == "persecuted")
        #expect(p.charges == [ExtractedCharge(code: "KZ-CC-2014", article: "405", part: "2")])
        #expect(p.sentence?.months == 60)
        #expect(p.convictedOn == "2023-11-05")
        #expect(ex.person("Айгуль Садыкова")?.role == "other")
    }
}

@Suite struct JSONContractTests {
    @Test func keysAreSnakeCaseWithExplicitNulls() throws {
        let ex = extract("Profiles\nAset Nurlanov – a blogger.\nHe is under investigation.")
        let json = String(decoding: try JSONEncoder().encode(ex), as: UTF8.self)
        for key in ["\"document_date\"", "\"counts_stated\"", "\"political_prisoner\":null", "\"sentence\":null",
                    "\"detained_on\":null", "\"convicted_on\":null", "\"list_section\":null", "\"list_number\":null"] {
            #expect(json.contains(key), "missing \(key)")
        }
        let back = try JSONDecoder().decode(DocumentExtraction.self, from: Data(json.utf8))
        #expect(back.persons.map(\.name) == ex.persons.map(\.name))
    }
}

@Suite struct DocumentDateAndListTitleTests {
    @Test func aFactInTheOpeningIsNotADateline() {
        let ex = extract("""
            Political prisoners of the northern region as of 1 October 2026

            1. Bolat Serikov, a teacher. Detained on 14 March 2025. Sentenced on 2 September 2025 to 6 years in prison under Article 405.
            """)
        #expect(ex.documentDate == "2026-10-01")
        let dated = extract("""
            Astana, 3 May 2026

            Detained on 14 March 2025, Bolat Serikov was sentenced to 6 years in prison.
            """)
        #expect(dated.documentDate == "2026-05-03")
        // No dateline and no "as of": the latest date the text reports on.
        let plain = extract("Detained on 14 March 2025, Bolat Serikov was sentenced on 2 September 2025 to 6 years in prison.")
        #expect(plain.documentDate == "2025-09-02")
        // A date the text looks forward to is not one it reports on.
        let ahead = extract("Bolat Serikov was sentenced on 2 September 2025 to 6 years in prison. The new law will take effect on 1 March 2027.")
        #expect(ahead.documentDate == "2025-09-02")
    }

    @Test func aRussianListOfPoliticalPrisoners() throws {
        let (_, ex) = try Fixture.extract("russian_list.txt")
        #expect(ex.language == "ru")
        #expect(ex.documentDate == "2026-10-01")
        #expect(ex.persecuted == ["Асет Мухтарулы", "Гульмира Нуртазина", "Ержан Толеубаев"])
        for p in ex.persons where p.role == "persecuted" { #expect(p.politicalPrisoner == true, "\(p.name)") }
        let t = try #require(ex.person("Ержан Толеубаев"))
        #expect(t.listNumber == 1 && t.sentence?.months == 72 && t.charges.first?.part == "2")
        #expect(t.detainedOn == "2025-03-14" && t.convictedOn == "2025-09-02")
        let n = try #require(ex.person("Гульмира Нуртазина"))
        #expect(n.status == "restricted_freedom" && n.sentence?.bans.first?.months == 36)
        #expect(ex.person("Асет Мухтарулы")?.status == "pretrial_detention")
    }

    @Test func russianFinesAndCustodySince() {
        let ex = extract("""
            Суд приговорил активиста Нурлана Жумабаева к пяти годам лишения свободы по ч.2 ст.174 УК. Он находится под стражей с апреля 2026 года.

            Журналистку Дану Абенову оштрафовали на 300 МРП по статье 456-2 КоАП.

            Суд оставил под стражей Ерлана Бекова. Его задержали 5 мая 2026 года.
            """)
        let z = ex.person("Нурлан Жумабаев")
        #expect(z?.detainedOn == "2026-04" && z?.sentence?.months == 60)
        #expect(ex.person("Дана Абенова")?.status == "fined")
        #expect(ex.person("Ерлан Беков")?.detainedOn == "2026-05-05")
        let verdict = extract("Марат Сейтжанов осуждён на 7 лет колонии строгого режима по ст. 405 ч. 2 УК. Приговор вынесен 15 июня 2026 года.")
        let m = verdict.person("Марат Сейтжанов")
        #expect(m?.convictedOn == "2026-06-15" && m?.sentence?.regime == "maximum" && m?.charges.first?.part == "2")
    }

    @Test func politicalPrisonersInRussianProse() {
        let ex = extract("Правозащитники признали Бауыржана Сейткалиева политическим заключённым. Суд приговорил его к 5 годам лишения свободы.")
        #expect(ex.persons.first { $0.role == "persecuted" }?.politicalPrisoner == true)
    }
}
