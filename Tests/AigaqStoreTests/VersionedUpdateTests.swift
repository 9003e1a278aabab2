import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

/// Optimistic concurrency: an edit names the version it was based on.
@Suite struct VersionedUpdateTests {
    static func person(_ version: Int = 1, city: String? = nil) -> Entity {
        .person(Person(id: "p-1", names: [PersonName("Aigerim Nurlanova", kind: .primary)],
                       city: city.map { [Fact($0)] } ?? [], version: version))
    }

    @Test func anEditRaisesTheVersion() async throws {
        let store = try await SQLiteStoreTests.store(with: [Self.person()])
        let stored = try await store.update(Self.person(city: "Almaty"), expectedVersion: 1, actor: "editor")
        #expect(stored.version == 2)
        let read = try #require(try await store.person(id: "p-1"))
        #expect(read.version == 2)
        #expect(read.city.current() == "Almaty")
        #expect(try await store.verifyAudit().isValid)
    }

    @Test func aStaleEditIsRefusedAndWritesNothing() async throws {
        let store = try await SQLiteStoreTests.store(with: [Self.person()])
        _ = try await store.update(Self.person(city: "Almaty"), expectedVersion: 1, actor: "first")
        await #expect(throws: AigaqError.staleEdit(entity: "person p-1", expected: 1, found: 2)) {
            _ = try await store.update(Self.person(city: "Shymkent"), expectedVersion: 1, actor: "second")
        }
        #expect(try await store.person(id: "p-1")?.city.current() == "Almaty")
    }

    @Test func missingAndUnversionedRecordsAreRefused() async throws {
        let store = try await SQLiteStoreTests.store(with: [])
        await #expect(throws: AigaqError.notFound(what: "person p-1")) {
            _ = try await store.update(Self.person(), expectedVersion: 1, actor: "editor")
        }
        await #expect(throws: AigaqError.self) {
            _ = try await store.update(.list(PersonList(id: "l", name: "L")), expectedVersion: 1, actor: "editor")
        }
    }

    /// Eight writers add one occupation each, retrying on a stale edit, while
    /// eight readers read: every addition survives and the chain holds.
    @Test func concurrentEditorsLoseNoUpdate() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-\(UUID()).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let store = try SQLiteStore(path: path)
        var seed = [Self.person()].makeIterator()
        _ = try await store.importEntities(actor: "test") { seed.next() }

        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    while true {
                        guard var p = try await store.person(id: "p-1") else { throw AigaqError.notFound(what: "p-1") }
                        let base = p.version
                        p.occupations.append(Fact("occupation-\(writer)"))
                        do {
                            _ = try await store.update(.person(p), expectedVersion: base, actor: "writer-\(writer)")
                            return
                        } catch AigaqError.staleEdit {
                            continue
                        }
                    }
                }
            }
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<20 { _ = try await store.person(id: "p-1") }
                }
            }
            try await group.waitForAll()
        }
        let final = try #require(try await store.person(id: "p-1"))
        #expect(Set(final.occupations.map(\.value)) == Set((0..<8).map { "occupation-\($0)" }))
        #expect(final.version == 9)
        #expect(try await store.verifyAudit().isValid)
    }
}
