import AigaqCore
@testable import AigaqPublishing
import AigaqSQLite
import Foundation
import Testing

/// A knowledge base with three lists of political prisoners that overlap,
/// one of them internal, one person internal, and an older snapshot.
func threeListStore() async throws -> (SQLiteStore, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-ch-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let store = try SQLiteStore(path: folder.appendingPathComponent("kb.sqlite").path)
    var records: [Entity] = []
    for i in 1...6 {
        records.append(.person(Person(id: .init(rawValue: "p\(i)"), names: [PersonName("Person \(i)", kind: .primary)],
                                      confidentiality: i == 6 ? .internal : .public)))
    }
    records += [.list(PersonList(id: "a", name: "List A")), .list(PersonList(id: "b", name: "List B")),
                .list(PersonList(id: "c", name: "List C")), .list(PersonList(id: "d", name: "List D", confidentiality: .internal))]
    func snapshot(_ id: String, _ list: String, _ date: String, _ persons: [Int]) -> Entity {
        .listSnapshot(ListSnapshot(id: .init(rawValue: id), list: .init(rawValue: list), asOf: DateValue(date)!,
                                   entries: persons.map { ListEntry(person: .init(rawValue: "p\($0)"), status: .convictedImprisoned) }))
    }
    records += [snapshot("a1", "a", "2024-06", [1]), snapshot("a2", "a", "2025-02", [1, 2, 3, 6]),
                snapshot("b1", "b", "2025-01", [2, 3, 4]), snapshot("c1", "c", "2025-02-20", [3, 5]),
                snapshot("d1", "d", "2025-02", [1, 5])]
    var iterator = records.makeIterator()
    _ = try await store.importEntities(actor: "test") { iterator.next() }
    return (store, folder)
}

@Suite struct CaptureHistoryTests {
    @Test func oneRowPerPersonOneColumnPerList() async throws {
        let (store, folder) = try await threeListStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try await CaptureHistory.build(store: store, asOf: nil, publicOnly: false)
        #expect(history.columns.map(\.id) == ["a", "b", "c", "d"])
        #expect(history.columns.map(\.snapshot) == ["a2", "b1", "c1", "d1"])
        #expect(history.csv() == """
            person,a,b,c,d\r
            p1,1,0,0,1\r
            p2,1,1,0,0\r
            p3,1,1,1,0\r
            p4,0,1,0,0\r
            p5,0,0,1,1\r
            p6,1,0,0,0\r

            """)
        let table = history.table(columns: [0, 1, 2])
        #expect(table.observed == 6)
        #expect(table.counts[0b011] == 1)  // p2: on a and b
        #expect(table.counts[0b111] == 1)  // p3
        #expect(table.counts[0b001] == 2)  // p1 and p6: on a only
    }

    @Test func aDateChoosesEachListsSnapshotThen() async throws {
        let (store, folder) = try await threeListStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try await CaptureHistory.build(store: store, asOf: DateValue("2025-01-31"), publicOnly: false)
        // List a is its 2024 snapshot; c and d had none yet.
        #expect(history.columns.map(\.id) == ["a", "b"])
        #expect(history.columns.map(\.snapshot) == ["a1", "b1"])
        #expect(history.rows.map(\.person) == ["p1", "p2", "p3", "p4"])
    }

    @Test func thePublicHistoryLeavesOutInternalListsAndPersons() async throws {
        let (store, folder) = try await threeListStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try await CaptureHistory.build(store: store, asOf: nil, publicOnly: true)
        #expect(history.columns.map(\.id) == ["a", "b", "c"])
        #expect(!history.rows.contains { $0.person == "p6" })
        #expect(!history.csv().contains("p6"))
        #expect(!history.csv().contains(",d"))
    }

    @Test func namedListsComeInTheOrderAsked() async throws {
        let (store, folder) = try await threeListStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try await CaptureHistory.build(store: store, asOf: nil, lists: ["c", "a"], publicOnly: false)
        #expect(history.columns.map(\.id) == ["c", "a"])
        await #expect(throws: AigaqError.self) {
            try await CaptureHistory.build(store: store, asOf: nil, lists: ["zzz"], publicOnly: false)
        }
    }

    @Test func theCSVReadsBackAsTheSameHistory() async throws {
        let (store, folder) = try await threeListStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try await CaptureHistory.build(store: store, asOf: nil, publicOnly: false)
        let read = try CaptureHistory.parse(history.csv(), file: "h.csv")
        #expect(read.columns.map(\.id) == history.columns.map(\.id))
        #expect(read.rows == history.rows)
        #expect(read.table() == history.table())
    }

    @Test func aTableOfCountsReadsAsTheWorkedExample() throws {
        let url = repositoryRoot.appendingPathComponent("examples/capture-history/pittsburgh-dog-bites.csv")
        let history = try CaptureHistory.parse(try String(contentsOf: url, encoding: .utf8), file: url.path)
        let table = history.table()
        #expect(table.lists == ["animal_control", "hospital", "police"])
        #expect(table.counts == dogBites.counts)
        // Written back, it keeps its counts.
        #expect(try CaptureHistory.parse(history.csv(), file: "x").table() == table)
    }

    @Test(arguments: [
        ("person,a,b\r\np1,1,2\r\n", 2, "holds \"2\""),
        ("person,a,b\np1,1,0\np2,1\n", 3, "2 fields"),
        ("person,a,b\np1,1,0\np1,0,1\n", 3, "two rows"),
        ("a,b,count\n1,0,x\n", 2, "whole number"),
        ("a,b,count\n1,0,-3\n", 2, "whole number"),
        ("person\np1\n", 1, "no list column"),
        ("a,a\n1,0\n", 1, "same name"),
        ("person,\"a\nb\",c\n\"p1\",1,\"0\n", 3, "not closed"),
    ])
    func badFilesNameTheLine(_ text: String, _ line: Int, _ words: String) {
        #expect { try CaptureHistory.parse(text, file: "bad.csv") } throws: { error in
            guard case let AigaqError.badInput(file, l, reason) = error else { return false }
            return file == "bad.csv" && l == line && reason.contains(words)
        }
    }

    @Test func quotedFieldsAndBareColumnsAreRead() throws {
        let read = try CaptureHistory.parse("\"list, one\",\"two\"\n1,0\n\n0,1\n1,1\n", file: "q.csv")
        #expect(read.columns.map(\.id) == ["list, one", "two"])
        #expect(read.rows.map(\.captured) == [[true, false], [false, true], [true, true]])
        #expect(read.rows.allSatisfy { $0.person == nil })
    }
}
