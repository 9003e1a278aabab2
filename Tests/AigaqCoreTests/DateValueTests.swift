import AigaqCore
import Foundation
import Testing

@Suite struct DateValueTests {
    @Test(arguments: ["2023", "2023-11", "2023-11-29", "~2019-06", "~2020"])
    func textFormRoundTrips(_ text: String) throws {
        let value = try #require(DateValue(text))
        #expect(value.description == text)
        let json = try JSONEncoder().encode([value])
        #expect(try JSONDecoder().decode([DateValue].self, from: json) == [value])
    }

    @Test(arguments: ["2023-13", "2023-02-30", "23-01-01", "2023/11/29", "", "~", "2023-1", "abcd"])
    func impossibleOrMalformedDatesAreRejected(_ text: String) {
        #expect(DateValue(text) == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([DateValue].self, from: Data("[\"\(text)\"]".utf8)) }
    }

    @Test func precisionAndRange() throws {
        let month = try #require(DateValue("2024-02"))
        #expect(month.precision == .month)
        #expect(month.sortKey == 20240201)
        #expect(month.latestKey == 20240229)  // leap year
        #expect(DateValue(year: 2024, day: 3) == nil)  // a day without a month
        #expect(try #require(DateValue("2023-11-29")) < month)
    }
}

@Suite struct ListSectionTests {
    @Test(arguments: [
        ("CONVICTED / Cases about the 2022 protests", PersonStatus.convictedImprisoned),
        ("UNDER ARREST IN A PRE-TRIAL DETENTION FACILITY", .pretrialDetention),
        ("Осуждённые", .convictedImprisoned),
        ("Находятся в СИЗО", .pretrialDetention),
        ("Under house arrest", .houseArrest),
    ])
    func sectionHeadingsNameAStatus(_ section: String, _ status: PersonStatus) {
        #expect(ListSection.status(of: section) == status)
    }

    @Test func otherHeadingsNameNone() {
        #expect(ListSection.status(of: "Transnational repression") == nil)
        #expect(ListSection.status(of: nil) == nil)
    }
}

@Suite struct BanKindTests {
    @Test(arguments: [("barred from posting on social networks for a year", "social-networks"),
                      ("запрет заниматься общественной деятельностью", "public-activity"),
                      ("not allowed to lead public associations", "public-associations"),
                      ("may not work as a journalist", "journalism"),
                      ("something unusual", "other")])
    func bansAreClassified(_ text: String, _ kind: String) {
        #expect(BanKind.classify(text) == kind)
    }

    @Test func everyKindHasLabelsInThreeLanguagesAndOtherIsOne() throws {
        let vocabulary = try Vocabulary.bundled()
        #expect(vocabulary.bans.count >= 7)
        for kind in vocabulary.bans {
            #expect(!kind.label.en.isEmpty && !kind.label.ru.isEmpty && kind.label.kk?.isEmpty == false, "\(kind.id)")
        }
        #expect(vocabulary.ban(id: "other") != nil)
        #expect(vocabulary.banKind(of: "ЗАПРЕТ на выезд за рубеж") == "travel")
    }
}

extension DateValueTests {
    @Test func lessPreciseFormsAgreeAndDifferentDaysDoNot() throws {
        let day = try #require(DateValue("2023-11-29"))
        #expect(day.isCompatible(with: try #require(DateValue("2023"))))
        #expect(try #require(DateValue("2023-11")).isCompatible(with: day))
        #expect(!day.isCompatible(with: try #require(DateValue("2023-11-30"))))
        #expect(!day.isCompatible(with: try #require(DateValue("2024"))))
        #expect(DateValue.agree(nil, nil) && !DateValue.agree(day, nil))
    }
}
