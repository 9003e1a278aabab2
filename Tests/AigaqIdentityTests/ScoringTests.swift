import AigaqCore
@testable import AigaqIdentity
import Testing

@Suite struct ScoringTests {
    @Test func sameSurnameDifferentGivenNamesAndArticlesAreDifferentPeople() {
        let a = record("a", "d1", "Aidar Syzdykov", articles: ["297"])
        let b = record("b", "d2", "Fazylzhan Syzdykov", articles: ["272"])
        let s = resolver.score(a, b)
        #expect(s.verdict == .notSame)
        #expect(s.isConflict)
        #expect(s.reasons.contains("same surname key (Syzdykov)"))
        #expect(s.reasons.contains("given names differ: Aidar vs Fazylzhan"))
        #expect(s.reasons.contains("different articles 297 vs 272"))
        #expect(s.explanation.hasSuffix("→ different people"))
    }

    @Test func spellingVariantsAcrossScriptsAreTheSamePerson() {
        for (x, y) in [("Nurlan Zhaulibaev", "Nurlan Zhauylbaev"), ("Nurlan Zhaulibaev", "Нурлан Жаулибаев"),
                       ("Temirlan ENSEBEK", "Temirlan Yensebek"), ("Bota Jardemalie", "Botagoz Jardemalie"),
                       ("Жаулибаев Нурлан", "Nurlan Zhaulibaev"), ("Leyla Khrapunov", "Leila Khrapunova"),
                       ("Людмила Козловская", "Lyudmyla Kozlovska"), ("Ботагоз Жардемали", "Botagoz Jardemalie"),
                       ("Наталья Садыкова", "Nataliya Sadykova"), ("Ильяс Храпунов", "Ilyas Khrapunov")] {
            let s = resolver.score(record("a", "d1", x), record("b", "d2", y))
            #expect(s.verdict == .same, "\(x) / \(y): \(s.explanation)")
        }
    }

    @Test func reasonsNameTheRule() {
        let typo = resolver.score(record("a", "d1", "Nurlan Zhaulibaev"), record("b", "d2", "Nurlan Zhauylbaev"))
        #expect(typo.reasons.contains("surnames differ by one or two letters: Zhaulibaev vs Zhauylbaev"))
        let short = resolver.score(record("a", "d1", "Bota Jardemalie"), record("b", "d2", "Botagoz Jardemalie"))
        #expect(short.reasons.contains("given names are forms of one name: Bota / Botagoz"))
        let ending = resolver.score(record("a", "d1", "Leyla Khrapunov"), record("b", "d2", "Leyla Khrapunova"))
        #expect(ending.reasons.contains("surnames differ only by ending: Khrapunov vs Khrapunova"))
        let context = resolver.score(record("a", "d1", "Serik Omarov", articles: ["405"], sentenceMonths: 12),
                                     record("b", "d2", "Serik Omarov", articles: ["405"], sentenceMonths: 12))
        #expect(context.reasons.contains("shared article 405"))
        #expect(context.reasons.contains("same sentence (12 months)"))
        #expect(context.score > resolver.score(record("a", "d1", "Serik Omarov"), record("b", "d2", "Serik Omarov")).score)
    }

    @Test func spousesWithOvAndOvaAreNotMerged() {
        let s = resolver.score(record("a", "d1", "Aidos Sadykov"), record("b", "d2", "Nataliya Sadykova"))
        #expect(s.verdict == .notSame)
        #expect(s.reasons.contains("relatives share surnames"))
    }

    @Test func similarSurnamesWithDifferentGivenNamesAreDifferentPeople() {
        for (x, y) in [("Amin Eleusinov", "Timur Eleusizov"), ("Daniyar Khasenov", "Sabyrzhan Kasenov"),
                       ("Barlyk Mendygaziyev", "Kalyk Mendygazyev"), ("Azat Ibrayev", "Askar Ibraev"),
                       ("Aset Abishev", "Aset Nurzhaubay"), ("Marat Zhylanbayev", "Marat Danebayev")] {
            #expect(resolver.score(record("a", "d1", x), record("b", "d2", y)).verdict == .notSame, "\(x) / \(y)")
        }
    }

    @Test func aNamedRelativeIsNeverTheSamePerson() {
        let a = record("a", "d1", "Erlan Tasbolatov", relatives: ["Aigul Tasbolatova"])
        let b = record("b", "d2", "Erlan Tasbolatov")
        #expect(resolver.score(a, b).verdict == .same)
        let father = record("c", "d1", "Erlan Tasbolatov", relatives: ["Erlan Tasbolatov"])
        let s = resolver.score(father, b)
        #expect(s.verdict == .notSame)
        #expect(s.reasons.contains("one is named as a relative of the other"))
    }

    @Test func birthYearsAndPatronymicsVeto() {
        let born = resolver.score(record("a", "d1", "Serik Omarov", birthYear: 1960), record("b", "d2", "Serik Omarov", birthYear: 1985))
        #expect(born.verdict == .notSame)
        #expect(born.reasons.contains("born 1960 vs 1985"))
        let fathers = resolver.score(record("a", "d1", "Омаров Серик Ахметович"), record("b", "d2", "Омаров Серик Болатович"))
        #expect(fathers.verdict == .notSame)
        #expect(fathers.reasons.contains("different patronymics"))
    }

    @Test func aWrongGivenNameIsOutweighedByAMatchingRecord() {
        let a = record("a", "d1", "Timur Kenzhetayev", dates: ["2023-06"], sentenceMonths: 36)
        let b = record("b", "d2", "Marat Kenzhetayev", dates: ["2023-06"], sentenceMonths: 36)
        let s = resolver.score(a, b)
        #expect(s.verdict == .same, "\(s.explanation)")
        #expect(s.reasons.contains { $0.contains("probably a wrong given name") })
        // ... but not within one report, which names two people.
        #expect(resolver.score(a, record("c", "d1", "Marat Kenzhetayev", dates: ["2023-06"], sentenceMonths: 36)).verdict == .notSame)
    }

    @Test func initialsAndLoneSurnamesAreUnsureOnTheirOwn() {
        let initial = resolver.score(record("a", "d1", "M. Ablyazov"), record("b", "d2", "Mukhtar Ablyazov"))
        #expect(initial.verdict == .same)
        #expect(initial.reasons.contains("initial agrees: M. / Mukhtar"))
        let lone = resolver.score(record("a", "d1", "Ablyazov"), record("b", "d2", "Mukhtar Ablyazov"))
        #expect(lone.verdict == .unsure)
    }

    @Test func bestMatchSkipsDifferentPeople() throws {
        let me = record("x", "d9", "Aidar Syzdykov", articles: ["297"])
        let candidates = [record("a", "d1", "Fazylzhan Syzdykov"), record("b", "d2", "Aidar Syzdykov"), record("c", "d3", "Aidos Sadykov")]
        let best = try #require(resolver.bestMatch(for: me, among: candidates))
        #expect(best.id == "b")
        #expect(resolver.bestMatch(for: me, among: [candidates[0]]) == nil)
    }

    @Test func cyrillicCaseEndingsOnGivenNames() {
        let s = resolver.score(record("a", "d1", "Жаулибаева Нурлана"), record("b", "d2", "Nurlan Zhaulibaev"))
        #expect(s.verdict == .same, "\(s.explanation)")
    }
}

@Suite struct GivenNameVariantTests {
    @Test func aVowelSpelledTwoWaysInALongGivenNameIsTheSameName() {
        #expect(resolver.score(record("a", "d1", "Iskander Omarov"), record("b", "d2", "Iskandar Omarov")).verdict == .same)
    }

    @Test func givenNamesThatDifferInAConsonantAreTwoPeople() {
        #expect(resolver.score(record("a", "d1", "Zhanat Sultanbek"), record("b", "d2", "Zhanar Sultanbek")).verdict == .notSame)
    }

    @Test func aCommonArticleAndSentenceWithoutASharedDateDoNotOverrideTheGivenName() {
        let a = record("a", "d1", "Azat Omarov", articles: ["405"], dates: ["2018-06-19"], sentenceMonths: 12)
        let b = record("b", "d2", "Askar Omarov", articles: ["405"], dates: ["2020-01-22"], sentenceMonths: 12)
        #expect(resolver.score(a, b).verdict == .notSame)
    }

    @Test func anInitialPrefersTheSurnameOfTheSameGender() {
        let initial = record("x", "d1", "M. Omarov")
        #expect(resolver.score(initial, record("a", "d2", "Murat Omarov")).verdict == .same)
        #expect(resolver.score(initial, record("b", "d3", "Madina Omarova")).verdict == .unsure)
    }
}

@Suite struct RelativeNamingTests {
    @Test func aRelativeNamedBySurnameAloneDoesNotMakeThePersonHisOwnRelative() {
        let a = record("a", "d1", "Aidos Sadykov", relatives: ["Sadykova", "Nataliya Sadykova"])
        #expect(resolver.score(a, record("b", "d2", "Aidos Sadykov")).verdict == .same)
        #expect(resolver.score(a, record("c", "d2", "Nataliya Sadykova")).verdict == .notSame)
    }
}
