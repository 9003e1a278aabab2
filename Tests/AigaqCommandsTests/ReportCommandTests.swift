@testable import AigaqCommands
import AigaqCore
import AigaqPublishing
import AigaqSQLite
import Foundation
import Testing

/// `aigaq report` and `aigaq stats` on the bundled dataset (data/kz/).
@Suite struct ReportCommandTests {
    static func demo() async throws -> (TempDir, String) {
        let dir = try TempDir()
        let db = dir.path("demo.sqlite")
        #expect(await run(["init", "--demo", "--db", db]) == 0)
        return (dir, db)
    }

    @Test func theListOf28February2025Has48EntriesNumberedAsTheSourceNumbersThem() async throws {
        let (dir, db) = try await Self.demo()
        let out = dir.path("list.md")
        #expect(await run(["report", "list", "--db", db, "--as-of", "2025-02-28", "--format", "md", "--out", out]) == 0)
        let md = try String(contentsOfFile: out, encoding: .utf8)
        // Entries under the two top sections, in order.
        var section = ""
        var numbers: [String: [Int]] = [:]
        for line in md.split(separator: "\n") {
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
            if let m = line.firstMatch(of: #/^(\d+)\\\. \*\*/#) { numbers[section, default: []].append(Int(m.1)!) }
        }
        #expect(numbers["Convicted"] == Array(1...40))
        #expect(numbers["Pre-trial detention"] == Array(1...8))
        #expect(numbers.values.map(\.count).reduce(0, +) == 48)
        #expect(md.contains("the list counts 48 political prisoners: 40 convicted and serving prison sentences and 8 held in pre-trial detention."))
        #expect(md.contains("The source states at least 48 political prisoners as of February 2025.[^"))
        #expect(md.contains("**Marat Zhylanbayev**"))
        #expect(!md.contains("## Changes since"), "on the list's own date the report is the published list")
    }

    @Test func statsJSONKeepsTheContractAndAddsTheFiguresWithSources() async throws {
        let (dir, db) = try await Self.demo()
        defer { withExtendedLifetime(dir) {} }
        let store = try SQLiteStore(path: db)
        let report = try await Statistics.report(store: store, asOf: DateValue("2025-02-28"), list: nil, vocabulary: try Vocabulary.bundled())
        let json = try JSONSerialization.jsonObject(with: AigaqJSON.encoder().encode(report)) as! [String: Any]
        #expect(json["as_of"] as? String == "2025-02-28")
        #expect(json["list"] as? String == "list-activists-not-extremists")
        #expect(json["political_prisoners"] as? Int == 48)
        #expect(json["by_status"] as? [String: Int] == ["convicted_imprisoned": 40, "pretrial_detention": 8])
        #expect(json["persecuted_persons"] is Int)
        for key in ["membership", "list_over_time", "persons", "figures", "refused_assemblies", "torture_funnel", "transnational_repression", "sources"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(report.membership?.members == 48)
        #expect(report.tortureFunnel.map { $0.figure?.value } == [283, 874, 10, 3])
        #expect(report.tortureFunnel.allSatisfy { $0.figure?.sources.first?.spans.isEmpty == false })
        let stated = report.refusedAssemblies.stated.first { $0.id == "fig-assembly-refusals-2024" }
        #expect(stated?.value == 108 && stated?.sources.first?.title?.hasPrefix("Kazakhstan in 2024") == true)
        #expect(report.transnationalRepression.byCountry["BE"] == 6)
        #expect(report.transnationalRepression.byTactic["coercion-by-proxy"] == 2)
        #expect(report.persons.personsByArticle["KZ-CC-2014 405"] ?? 0 > 10)
        // The JSON decodes back.
        let again = try AigaqJSON.decoder().decode(StatisticsReport.self, from: AigaqJSON.encoder().encode(report))
        #expect(again.headline == report.headline && again.figures == report.figures)
        #expect(await run(["stats", "--db", db, "--json", "--as-of", "2025-02-28"]) == 0)
    }

    @Test func theUpdateAndTheDossierComeOutInEveryTextFormat() async throws {
        let (dir, db) = try await Self.demo()
        let update = dir.path("update.md")
        #expect(await run(["report", "update", "--db", db, "--from", "2025-02-28", "--to", "2025-07-14", "--out", update]) == 0)
        let md = try String(contentsOfFile: update, encoding: .utf8)
        #expect(md.contains("### No longer deprived of liberty\n\n- **Temirlan Ensebek**"))
        #expect(md.contains("Extradition request on 14 April 2025: Dinara Smailova; outcome: detained"))
        #expect(md.contains("Surveillance from 2017 to February 2025: Botagoz Jardemalie."))
        let dossier = dir.path("dossier.html")
        #expect(await run(["report", "dossier", "--db", db, "--person", "Daniyar Khassenov", "--format", "html", "--out", dossier]) == 0)
        let html = try String(contentsOfFile: dossier, encoding: .utf8)
        #expect(html.contains("<h1>Persecution record: Daniyar Khasenov</h1>"))
        #expect(html.contains("Lithuania — Tactic not stated."))
        #expect(html.contains("<figure class=\"chart\" id=\"torture-funnel\">"))
    }

    @Test func usageErrorsExit64() async throws {
        let (dir, db) = try await Self.demo()
        defer { withExtendedLifetime(dir) {} }
        #expect(await run(["report", "list", "--db", db, "--format", "pdf"]) == 64)
        #expect(await run(["report", "update", "--db", db, "--from", "2025-07-14", "--to", "2025-02-28"]) == 64)
        #expect(await run(["report", "list", "--db", db, "--as-of", "28.02.2025"]) == 64)
        #expect(await run(["report", "dossier", "--db", db, "--person", "Nobody Atall"]) == 1)
    }

    @Test func publishingStoresTheListOnceAndFreezesIt() async throws {
        let (dir, db) = try await Self.demo()
        #expect(await run(["report", "list", "--db", db, "--as-of", "2025-07-14", "--publish", "--out", dir.path("a.md")]) == 0)
        let store = try SQLiteStore(path: db)
        let snapshots = try await store.snapshots(of: "list-activists-not-extremists")
        #expect(snapshots.map(\.asOf.description) == ["2025-02-28", "2025-07-14"])
        #expect(snapshots.last?.entries.count == 47)
        #expect(await run(["report", "list", "--db", db, "--as-of", "2025-07-14", "--publish", "--out", dir.path("b.md")]) == 0)
        #expect(try await store.snapshots(of: "list-activists-not-extremists").count == 2)
    }

    @Test func reviewFactsRefusesOffsetsThatDoNotHoldTheNumber() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        let report = try dir.write("report.txt", "Steppe Watch counted 12 refused rallies in 2024 and many fines.\n")
        #expect(await run(["ingest", "--db", db, report]) == 0)
        func facts(_ start: Int, _ end: Int) throws -> String {
            try dir.write("facts-\(start)-\(end).yaml", """
                figures:
                  - id: fig-x
                    measure: assembly-refusals
                    value: 12
                    from: "2024"
                    to: "2024"
                    cite:
                      - {file: report.txt, start: \(start), end: \(end)}
                """)
        }
        #expect(await run(["review", "facts", "--db", db, try facts(40, 63)]) == 65)   // the passage has no 12
        #expect(await run(["review", "facts", "--db", db, try facts(0, 9999)]) == 65)  // beyond the text
        #expect(await run(["review", "facts", "--db", db, try facts(0, 47)]) == 0)
        let figure = try #require(try await SQLiteStore(path: db).figures(measure: "assembly-refusals").first)
        #expect(figure.value == 12 && figure.citations.first?.end == 47)
    }
}
