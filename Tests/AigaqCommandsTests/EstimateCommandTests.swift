@testable import AigaqCommands
import AigaqCore
import AigaqPublishing
import AigaqSQLite
import Foundation
import Testing

var dogBitesPath: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/capture-history/pittsburgh-dog-bites.csv").path
}

/// A knowledge base of three overlapping lists in the open data format:
/// `counts[h]` persons have history `h` (bit 0 list-a, bit 1 list-b, bit 2 list-c).
func threeListsJSONL(_ counts: [Int]) -> String {
    var lines: [String] = []
    var members: [[String]] = [[], [], []]
    var next = 0
    for (h, count) in counts.enumerated() where h > 0 {
        for _ in 0..<count {
            next += 1
            let id = "p-\(next)"
            lines.append(#"{"type":"person","id":"\#(id)","names":[{"value":"Person \#(next)"}]}"#)
            for list in 0..<3 where h & (1 << list) != 0 { members[list].append(id) }
        }
    }
    for (i, name) in ["list-a", "list-b", "list-c"].enumerated() {
        lines.append(#"{"type":"list","id":"\#(name)","name":"List \#(i)"}"#)
        let entries = members[i].map { #"{"person":"\#($0)","status":"convicted_imprisoned"}"# }.joined(separator: ",")
        lines.append(#"{"type":"list_snapshot","id":"snap-\#(name)","list":"\#(name)","as_of":"2025-01-31","entries":[\#(entries)]}"#)
    }
    return lines.joined(separator: "\n") + "\n"
}

@Suite struct EstimateCommandTests {
    @Test func theBundledDatasetHasOneListSoThereIsNoEstimate() async throws {
        let dir = try TempDir()
        let db = dir.path("demo.sqlite")
        #expect(await run(["init", "--demo", "--db", db]) == 0)
        // Exit 65, and the reason names the lists found and the number needed.
        #expect(await run(["estimate", "--db", db]) == 65)
        let history = try await CaptureHistory.build(store: try SQLiteStore(path: db), asOf: nil, publicOnly: false)
        #expect(history.columns.map(\.id) == ["list-activists-not-extremists"])
        #expect(throws: EstimationError.tooFewLists(found: ["list-activists-not-extremists"], needed: 3)) {
            try MultipleSystemsEstimation.estimate(history.table())
        }
        let message = EstimationError.tooFewLists(found: ["list-activists-not-extremists"], needed: 3).message
        #expect(message.contains("found 1 list") && message.contains("at least 3"))
    }

    @Test func threeListsInTheDatabaseGiveAnEstimate() async throws {
        let dir = try TempDir()
        let db = dir.path("three.sqlite")
        let file = try dir.write("three.jsonl", threeListsJSONL([0, 30, 25, 12, 28, 9, 8, 4]))
        #expect(await run(["import", "--db", db, file]) == 0)
        #expect(await run(["estimate", "--db", db]) == 0)
        #expect(await run(["estimate", "--db", db, "--json", "--criterion", "bic"]) == 0)
        #expect(await run(["estimate", "--db", db, "--interactions", "list-a:list-b"]) == 0)
        #expect(await run(["estimate", "--db", db, "--lists", "list-a,list-b"]) == 65)  // two lists are too few
        #expect(await run(["estimate", "--db", db, "--lists", "list-a,list-x,list-c"]) == 64)
        #expect(await run(["estimate", "--db", db, "--interactions", "list-a:list-a"]) == 64)
        #expect(await run(["estimate", "--db", db, "--as-of", "2024-12-31"]) == 65)  // no snapshot yet
        #expect(await run(["estimate", "--db", db, "--level", "2"]) == 64)
        // The exported capture history estimates the same.
        let csv = dir.path("history.csv")
        #expect(await run(["export", "--db", db, "--format", "capture-history", "--out", csv]) == 0)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.hasPrefix("person,list-a,list-b,list-c\r\n"))
        #expect(text.split(separator: "\r\n").count == 1 + 116)
        #expect(await run(["estimate", "--capture-history", csv]) == 0)
    }

    @Test func theWorkedExampleEstimatesFromItsCSV() async throws {
        #expect(await run(["estimate", "--capture-history", dogBitesPath, "--criterion", "bic"]) == 0)
        #expect(await run(["estimate", "--capture-history", dogBitesPath, "--lists", "hospital,police,animal_control"]) == 0)
    }

    @Test func badCaptureHistoriesAreBadData() async throws {
        let dir = try TempDir()
        let bad = try dir.write("bad.csv", "a,b,c\n1,0,1\n1,1,maybe\n")
        #expect(await run(["estimate", "--capture-history", bad]) == 65)
        #expect(await run(["estimate", "--capture-history", dir.path("missing.csv")]) == 65)
        #expect(await run(["estimate", "--capture-history", dogBitesPath, "--as-of", "2025"]) == 64)
        // More lists than the estimator handles: choose some.
        let wide = try dir.write("wide.csv", (0..<40).map { "l\($0)" }.joined(separator: ",") + "\n"
                                 + (0..<40).map { $0 % 2 == 0 ? "1" : "0" }.joined(separator: ",") + "\n")
        #expect(await run(["estimate", "--capture-history", wide]) == 64)
        #expect(await run(["estimate", "--capture-history", wide, "--lists", "l0,l1,l2"]) == 65)  // one person: no overlaps
    }

    @Test func ftmExportOfTheSampleKeepsThePublicAndLeavesTheRest() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        let all = dir.path("all.ftm.jsonl"), open = dir.path("public.ftm.jsonl")
        #expect(await run(["export", "--db", db, "--format", "ftm", "--out", all]) == 0)
        #expect(await run(["export", "--db", db, "--format", "ftm", "--public", "--out", open]) == 0)
        let everything = try String(contentsOfFile: all, encoding: .utf8)
        let text = try String(contentsOfFile: open, encoding: .utf8)
        #expect(everything.contains("p-zhomartov-daulet"))
        #expect(!text.contains("p-zhomartov-daulet"))   // an internal person and the relation to him
        #expect(!text.contains("not yet reviewed"))     // an unreviewed allegation naming an official
        #expect(!text.contains("Lawyer"))               // notes are never exported
        #expect(text.contains("\"schema\":\"Person\""))
        #expect(text.contains("Gulnar Seitkaliyeva"))
        let entities = try text.split(separator: "\n").map { try JSONDecoder().decode(FtMEntity.self, from: Data($0.utf8)) }
        let ids = Set(entities.map(\.id))
        for entity in entities {
            for key in ["party", "case", "entity", "member", "organization", "person", "relative", "associate",
                        "subject", "object", "document", "involved", "proof"] {
                for reference in entity.properties[key] ?? [] { #expect(ids.contains(reference), "\(reference)") }
            }
        }
    }
}
