@testable import AigaqCommands
import AigaqCore
import AigaqPublishing
import AigaqSQLite
import Foundation
import Testing

/// The bundled open dataset (data/kz/), built from five reports by scripts/build-dataset.
@Suite struct DatasetTests {
    @Test func theBundledDatasetGivesThe2025ListsCounts() async throws {
        let dir = try TempDir()
        let db = dir.path("demo.sqlite")
        #expect(await run(["init", "--demo", "--db", db]) == 0)
        let store = try SQLiteStore(path: db)
        let stats = try await Statistics.headline(store: store, asOf: DateValue("2025-02-28"), list: nil)
        #expect(stats.list == "list-activists-not-extremists")
        #expect(stats.politicalPrisoners == 48)
        #expect(stats.byStatus == ["convicted_imprisoned": 40, "pretrial_detention": 8])
        // Numbered as the source numbers them: 1–40 convicted, 1–8 in pre-trial detention.
        let snapshot = try #require(try await store.snapshot(of: "list-activists-not-extremists", asOf: DateValue("2025-02-28")))
        let convicted = snapshot.entries.filter { $0.status == .convictedImprisoned }.compactMap(\.number).sorted()
        let pretrial = snapshot.entries.filter { $0.status == .pretrialDetention }.compactMap(\.number).sorted()
        #expect(convicted == Array(1...40))
        #expect(pretrial == Array(1...8))
    }

    @Test func everyFactInTheDatasetIsCitedAndNoReportTextIsIncluded() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/AigaqCommands/Resources/dataset/aigaq.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        var sources: Set<String> = []
        for line in lines {
            let entity = try AigaqJSON.decoder().decode(Entity.self, from: Data(line.utf8))
            switch entity {
            case .source(let s):
                #expect(s.text == nil, "source text must not be in the dataset")
                #expect(s.sha256.count == 64)
                sources.insert(s.id.rawValue)
            case .person(let p):
                #expect(!p.citations.isEmpty, "\(p.id.rawValue) has no citation")
                #expect(p.citations.allSatisfy { sources.contains($0.source.rawValue) })
            case .case(let c):
                #expect(c.charges.allSatisfy { !$0.citations.isEmpty })
            case .candidate, .decision:
                Issue.record("internal records must not be in the public dataset")
            default: break
            }
        }
        #expect(sources.count == 5)
    }
}
