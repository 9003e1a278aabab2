import AigaqCore
import Foundation
@testable import AigaqIdentity
import Testing

@Suite struct ClusteringTests {
    @Test func mergesVariantsAcrossDocumentsButNotRelatives() {
        let records = [
            record("1", "d1", "Nurlan Zhaulibaev", forms: ["Nurlan Zhaulibaev", "Zhaulibaev"]),
            record("2", "d2", "Nurlan Zhauylbaev"),
            record("3", "d3", "Нурлан Жаулибаев"),
            record("4", "d2", "Saltanat Zhaulibaeva", forms: ["Saltanat Zhaulibaeva"]),
            record("5", "d3", "Erlan Zhaulibaev"),
        ]
        let clusters = resolver.cluster(records)
        #expect(clusterSets(clusters) == [["1", "2", "3"], ["4"], ["5"]])
    }

    @Test func aLoneSurnameJoinsTheOnlyPersonOfItsReport() {
        let records = [
            record("1", "d1", "Aidos Sadykov"),
            record("2", "d1", "Sadykov"),
            record("3", "d1", "Aidos"),
            record("4", "d1", "Nataliya Sadykova"),
        ]
        #expect(clusterSets(resolver.cluster(records)) == [["1", "2", "3"], ["4"]])
    }

    @Test func anAmbiguousLoneSurnameStaysAlone() {
        let records = [
            record("1", "d1", "Aset Abishev"),
            record("2", "d1", "Kenzhebek Abishev"),
            record("3", "d1", "Abishev"),
        ]
        #expect(clusterSets(resolver.cluster(records)) == [["1"], ["2"], ["3"]])
    }

    @Test func aLoneSurnameInAnotherReportJoinsTheOnlyPersonWithThatSurname() {
        let records = [
            record("1", "d1", "Kasym-Jomart Tokayev"),
            record("2", "d2", "Kassym-Zhomart Tokayev"),
            record("3", "d3", "Tokayev"),
            record("4", "d4", "Syzdykov"),
            record("5", "d1", "Aidar Syzdykov"),
            record("6", "d2", "Fazylzhan Syzdykov"),
        ]
        let clusters = resolver.cluster(records)
        #expect(together("1", "2", "3", in: clusters))
        #expect(clusterSets(clusters).contains(["4"]))
        #expect(!together("5", "6", in: clusters))
    }

    @Test func withinOneReportTwoFullNamesStayTwoPeople() {
        let records = [record("1", "d1", "Barlyk Mendygazyev"), record("2", "d1", "Kalyk Mendygazyev"),
                       record("3", "d2", "Barlyk Mendygaziyev")]
        #expect(clusterSets(resolver.cluster(records)) == [["1", "3"], ["2"]])
    }

    @Test func notSameDecisionSplitsAndIsTransitive() {
        let records = [record("a", "d1", "Serik Omarov"), record("b", "d2", "Serik Omarov"), record("c", "d3", "Serik Omarov")]
        #expect(clusterSets(resolver.cluster(records)) == [["a", "b", "c"]])
        // a and c are two people: c may join b or stand alone, never a.
        let split = resolver.cluster(records, decisions: [decision("a", "c", .notSame)])
        #expect(!together("a", "c", in: split))
        #expect(split.count == 2)
    }

    @Test func sameDecisionsMergeTransitively() {
        let records = [record("a", "d1", "Aron Atabek"), record("b", "d2", "Aron Edigeyev"), record("c", "d3", "A. Edigeyev"),
                       record("d", "d4", "Арон Атабек")]
        let auto = resolver.cluster(records)
        #expect(!together("a", "b", in: auto))
        let merged = resolver.cluster(records, decisions: [decision("a", "b", .same), decision("b", "c", .same)])
        #expect(together("a", "b", "c", "d", in: merged))
    }

    @Test func removingADecisionUndoesTheMerge() {
        let records = [record("a", "d1", "Aron Atabek"), record("b", "d2", "Aron Edigeyev")]
        let decisions = [decision("a", "b", .same)]
        #expect(resolver.cluster(records, decisions: decisions).count == 1)
        #expect(clusterSets(resolver.cluster(records, decisions: [])) == [["a"], ["b"]])
        // Undoing an automatic merge: a "not same" decision, removed again, restores it.
        let twins = [record("x", "d1", "Serik Omarov"), record("y", "d2", "Serik Omarov")]
        #expect(resolver.cluster(twins, decisions: [decision("x", "y", .notSame)]).count == 2)
        #expect(resolver.cluster(twins).count == 1)
    }

    @Test func theLatestDecisionOnAPairWins() {
        let records = [record("a", "d1", "Aron Atabek"), record("b", "d2", "Aron Edigeyev")]
        let merged = [decision("a", "b", .notSame, at: 0), decision("b", "a", .same, at: 60)]
        #expect(resolver.cluster(records, decisions: merged).count == 1)
        let split = [decision("a", "b", .same, at: 0), decision("a", "b", .notSame, at: 60)]
        #expect(resolver.cluster(records, decisions: split).count == 2)
    }

    @Test func aSameDecisionAgainstANotSameIsReportedNotApplied() {
        let records = [record("a", "d1", "Aron Atabek"), record("b", "d2", "Aron Edigeyev"), record("c", "d3", "Aron Atabekov")]
        let decisions = [decision("a", "c", .notSame, at: 0), decision("a", "b", .same, at: 1), decision("b", "c", .same, at: 2)]
        let result = resolver.resolve(records, decisions: decisions)
        #expect(!together("a", "c", in: result.clusters))
        #expect(result.conflictingDecisions.count == 1)
        #expect(result.conflictingDecisions.first?.b == "c")
    }

    @Test func unsureKeepsThePairFromAnAutomaticMerge() {
        let records = [record("a", "d1", "Serik Omarov"), record("b", "d2", "Serik Omarov")]
        #expect(resolver.cluster(records, decisions: [decision("a", "b", .unsure)]).count == 2)
    }

    @Test func aWrongGivenNameMergesOnlyWhenTheSurnameIsUniqueInBothReports() {
        let a = record("a", "d1", "Timur Kenzhetayev", dates: ["2023-06"], sentenceMonths: 36)
        let b = record("b", "d2", "Marat Kenzhetayev", dates: ["2023-06"], sentenceMonths: 36)
        #expect(resolver.cluster([a, b]).count == 1)
        let brother = record("c", "d2", "Timur Kenzhetayev")
        let clusters = resolver.cluster([a, b, brother])
        #expect(together("a", "c", in: clusters))
        #expect(!together("a", "b", in: clusters))
    }

    @Test func canonicalNamePrefersTheCommonLatinFullName() {
        let records = [record("1", "d1", "Botagoz Jardemalie"), record("2", "d2", "Botagoz Jardemalie"),
                       record("3", "d3", "Ботагоз Жардемали"), record("4", "d4", "Jardemalie")]
        #expect(IdentityResolver.canonicalName(of: records) == "Botagoz Jardemalie")
    }
}

@Suite struct BlockingTests {
    @Test func deletionNeighbourhoodCoversOneEdit() {
        let a = Set(Blocking.deletionNeighbourhood("zhaulibaev")), b = Set(Blocking.deletionNeighbourhood("zhauilbaev"))
        #expect(!a.isDisjoint(with: b))
        #expect(Blocking.deletionNeighbourhood("omar") == ["omar"])
    }

    @Test func unrelatedNamesAreNotCompared() {
        let records = [record("1", "d1", "Serik Omarov"), record("2", "d2", "Aigerim Tleuzhan"),
                       record("3", "d3", "Daniyar Khasenov"), record("4", "d4", "Serik Omarov")]
        #expect(resolver.resolve(records).pairsCompared == 1)
    }

    @Test func largeBlocksAreComparedThroughAWindow() {
        // 400 people sharing one surname: all pairs would be 79,800.
        // Names that differ in consonants only: no two are variants of one name.
        let letters = Array("bdfglmnprstv")
        let given = (0..<400).map { "Given\(letters[$0 % 12])o\(letters[$0 / 12 % 12])o\(letters[$0 / 144])" }
        let records = given.enumerated().map { record("\($0.offset)", "d\($0.offset)", "\($0.element) Omarov") }
        let result = resolver.resolve(records)
        #expect(result.pairsCompared <= records.count * resolver.window)
        #expect(result.clusters.count == 400)
    }

    @Test func benchmarkRunsAndReports() {
        let report = IdentityBenchmark.run(mentions: 2_000, seed: 7)
        #expect(report.contains("pairs compared"))
        #expect(report.contains("peak RSS"))
    }
}

@Suite struct ResolvedIdentityTests {
    @Test func identitiesListEveryFormOncePerDocument() throws {
        let records = [
            record("1", "a.txt", "Temirlan Yensebek", forms: ["Temirlan ENSEBEK", "Yensebek"]),
            record("2", "b.txt", "Temirlan Yensebek", forms: ["Temirlan Yensebek"]),
        ]
        let identities = resolver.identities(records)
        let one = try #require(identities.first)
        #expect(identities.count == 1)
        #expect(one.canonical == "Temirlan Yensebek")
        #expect(one.forms.map(\.form) == ["Temirlan Yensebek", "Temirlan ENSEBEK", "Yensebek", "Temirlan Yensebek"])
        #expect(one.recordIDs == ["1", "2"])
        let json = String(decoding: try JSONEncoder().encode(one), as: UTF8.self)
        #expect(!json.contains("recordIDs"))
    }
}

@Suite struct DeclinedFragmentTests {
    @Test func aDeclinedLoneSurnameJoinsItsPersonInTheReport() {
        let records = [record("1", "d1", "Марат Жыланбаев"), record("2", "d1", "Жыланбаеву"), record("3", "d1", "Айдар Сыздыков")]
        #expect(together("1", "2", in: resolver.cluster(records)))
    }

    @Test func theSurnameAsWrittenBeatsTheStem() {
        // "Sadykov" is Aidos's form; the stem would also fit his wife.
        let records = [record("1", "d1", "Aidos Sadykov"), record("2", "d1", "Nataliya Sadykova"), record("3", "d1", "Sadykova")]
        let clusters = resolver.cluster(records)
        #expect(together("2", "3", in: clusters))
        #expect(!together("1", "3", in: clusters))
    }

    @Test func aDeclinedLoneSurnameInAnotherReportJoinsByItsStem() {
        let records = [record("1", "d1", "Марат Жыланбаев"), record("2", "d2", "Жыланбаева"), record("3", "d3", "Zhylanbayev")]
        #expect(together("1", "2", "3", in: resolver.cluster(records)))
    }

    @Test func lonelySurnamesWithoutAFullNameFormOnePerson() {
        let records = [record("1", "d1", "Tasbolatov"), record("2", "d2", "TASBOLATOV"), record("3", "d3", "Aigerim")]
        #expect(clusterSets(resolver.cluster(records)) == [["1", "2"], ["3"]])
    }

    @Test func aLoneSurnameWithATypoJoinsTheOnlyCloseName() {
        let records = [record("1", "d1", "Duman Mukhametkarim"), record("2", "d1", "Mukhamedkarim")]
        #expect(together("1", "2", in: resolver.cluster(records)))
    }
}

@Suite struct StoredDecisionTests {
    @Test func storedIdentityDecisionsConvertAndRevokedOnesDoNot() throws {
        let stored = Decision(id: .init(rawValue: "d1"), verdict: .notSame, subject: "a", object: "b", actor: "ana", at: day, reason: "brothers")
        let d = try #require(IdentityDecision(stored))
        #expect(d.verdict == .notSame && d.a == "a" && d.b == "b" && d.who == "ana" && d.why == "brothers")
        var revoked = stored
        revoked.revokedAt = day
        #expect(IdentityDecision(revoked) == nil)
        #expect(IdentityDecision(Decision(id: .init(rawValue: "d2"), verdict: .accept, subject: "c", actor: "ana")) == nil)
    }

    @Test func relativesAcrossReportsKeepTheirOwnClusters() {
        let records = [
            record("a0", "000", "Aidar Syzdykov", forms: ["Aidar SYZDYKOV"], articles: ["297"], dates: ["2024-05-16", "2024-09-27"], sentenceMonths: 60),
            record("f0", "000", "Fazylzhan Syzdykov", forms: ["Fazylzhan SYZDYKOV"], articles: ["272"]),
            record("f1", "001", "Fazylzhan Sydykov"),
            record("a3", "003", "Aidar Syzdykov", forms: ["Syzdykov"], articles: ["297"], dates: ["2024-09"], sentenceMonths: 60),
            record("a4", "004", "Aidar Syzdykov"),
        ]
        #expect(clusterSets(resolver.cluster(records)) == [["a0", "a3", "a4"], ["f0", "f1"]])
    }
}

@Suite struct EdgeCaseTests {
    @Test func emptyAndNamelessInputs() {
        #expect(resolver.cluster([]).isEmpty)
        let records = [record("1", "d1", ""), record("2", "d1", "—"), record("3", "d2", "M.")]
        #expect(resolver.cluster(records).count == 3)
        #expect(resolver.score(records[0], records[1]).verdict == .notSame)
    }
}
