import AigaqCore
import AigaqTestSupport
import Foundation
import HummingbirdTesting
import Testing
@testable import AigaqWeb

@Suite("List filters and sorts from the index's positions")
struct ListSelectionTests {
    /// What the list page did before positions: filter a copy of the rows, then sort it.
    static func reference(_ q: ListQuery, _ rows: [PrisonerRow]) -> [PrisonerRow] {
        var out = rows.filter { row in
            if let status = q.status, row.status != status { return false }
            if let region = q.region, row.region?.lowercased() != region.lowercased() { return false }
            if let article = q.article {
                let parts = article.split(separator: ":", maxSplits: 1).map(String.init)
                guard !parts.isEmpty else { return false }
                let (code, number) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, parts[0])
                if !row.charges.contains(where: { ($0.article == number) && (code == nil || $0.code == code) }) { return false }
            }
            return true
        }
        switch q.sort {
        case .number: break
        case .name: out.sort { $0.name.localizedCompare($1.name) == .orderedAscending }
        case .sentence: out.sort { ($0.sentenceMonths ?? -1) > ($1.sentenceMonths ?? -1) }
        case .region: out.sort { ($0.region ?? "\u{10FFFF}", $0.name) < ($1.region ?? "\u{10FFFF}", $1.name) }
        }
        return out
    }

    /// A list of `count` made-up rows with repeating names, regions, charges and sentences.
    static func index(count: Int) -> ListIndex {
        var rng = SplitMix64(seed: 7)
        let names = ["Aidar Syzdykov", "aidar syzdykov", "Марат Жыланбаев", "Ölkina Alyona", "Bolat Nurgaliyev", "Zhan-Aidar Ospan"]
        let regions: [String?] = ["Almaty", "almaty", "Astana", "Shymkent", nil, "Атырау"]
        let charges = [ChargeKey(code: "KZ-CC-2014", article: "174", part: "2"), ChargeKey(code: "KZ-CC-2014", article: "405", part: nil),
                       ChargeKey(code: "KZ-CC-1997", article: "174", part: nil), ChargeKey(code: "KZ-CC-2014", article: "174-1", part: nil)]
        let rows = (0..<count).map { i in
            PrisonerRow(number: i + 1, section: i < count / 2 ? "Convicted" : "Pre-trial", id: Person.ID(rawValue: "p-\(i)"),
                        name: names[Int.random(in: 0..<names.count, using: &rng)], cyrillic: nil,
                        status: [PersonStatus.convictedImprisoned, .pretrialDetention, .houseArrest][Int.random(in: 0..<3, using: &rng)],
                        charges: charges.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }.sorted(),
                        region: regions[Int.random(in: 0..<regions.count, using: &rng)],
                        sentenceMonths: [nil, 12, 36, 60][Int.random(in: 0..<4, using: &rng)])
        }
        var index = ListIndex(list: PersonList(id: "l", name: "L"), snapshotID: "s", asOf: DateValue("2025-01-01")!,
                              statedCounts: [:], rows: rows, sections: ["Convicted", "Pre-trial"])
        index.computeFacets()
        return index
    }

    @Test("every filter and sort selects the same rows, in the same order, as filtering a copy")
    func sameRowsAsBefore() throws {
        let index = Self.index(count: 600)
        var checked = 0
        for status in [nil, "convicted_imprisoned", "house_arrest"] {
            for region in [nil, "Almaty", "ALMATY", "Атырау", "Nowhere"] {
                for article in [nil, "174", "KZ-CC-2014:174", "KZ-CC-1997:174", "174-1", "999", ":", "KZ-CC-2014:"] {
                    for sort in ListQuery.Sort.allCases {
                        let fields = ["status": status, "region": region, "article": article, "sort": sort.rawValue]
                        let q = try ListQuery { fields[$0] ?? nil }
                        let selected = q.select(index)
                        #expect(selected.map(\.id) == Self.reference(q, index.rows).map(\.id), "\(fields)")
                        #expect(selected.count == selected.positions.count)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 3 * 5 * 8 * 4)
        #expect(try ListQuery { _ in nil }.select(index).count == 600)
    }

    @Test("pages of the bundled list are the same from positions as from a copy")
    func bundledList() async throws {
        let site = PublicSite(store: try await Fixture.demoStore(), vocabulary: try Vocabulary.bundled())
        let index = try #require(try await site.index(list: nil, year: nil))
        for (k, v) in [("sort", "name"), ("sort", "region"), ("sort", "sentence"), ("region", index.regions.first ?? ""),
                       ("article", index.articles.first.map { $0.code + ":" + $0.article } ?? ""), ("status", index.statuses.last?.rawValue ?? "")] {
            let q = try ListQuery { $0 == k ? v : nil }
            #expect(q.select(index).map(\.id) == Self.reference(q, index.rows).map(\.id), "\(k)=\(v)")
        }
    }

    @Test("an article filter of only a colon is an empty list, not a crash")
    func colonArticle() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            for uri in ["/prisoners?article=%3A", "/api/v1/lists/\(try await firstList(client))?article=%3A"] {
                let r = try await client.get(uri)
                #expect(r.status == .ok, "\(uri)")
            }
        }
    }

    private func firstList(_ client: some TestClientProtocol) async throws -> String {
        let lists = try JSONSerialization.jsonObject(with: Data(try await client.get("/api/v1/lists").text.utf8)) as? [String: Any]
        return ((lists?["data"] as? [[String: Any]])?.first?["id"] as? String) ?? "none"
    }
}
