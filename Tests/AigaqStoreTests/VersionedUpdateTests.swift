import AigaqCore
import AigaqStore
import Foundation
import Testing

/// Optimistic concurrency: an edit names the version it was based on.
@Suite struct VersionedUpdateTests {
    static func person(_ version: Int = 1, city: String? = nil) -> Entity {
        .person(Person(id: "p-1", names: [PersonName("Aigerim Nurlanova", kind: .primary)],
                       city: city.map { [Fact($0)] } ?? [], version: version))
    }

    @Test(arguments: Backend.available)
    func anEditRaisesTheVersion(_ backend: Backend) async throws {
        try await backend.withStore([Self.person()]) { store async throws in
            let stored = try await store.update(Self.person(city: "Almaty"), expectedVersion: 1, actor: "editor")
            #expect(stored.version == 2)
            let read = try #require(try await store.person(id: "p-1"))
            #expect(read.version == 2)
            #expect(read.city.current() == "Almaty")
            #expect(try await store.verifyAudit().isValid)
            #expect(try await store.auditEntries(after: 0, limit: 5).last?.action == "edit")
        }
    }

    @Test(arguments: Backend.available)
    func aStaleEditIsRefusedAndWritesNothing(_ backend: Backend) async throws {
        try await backend.withStore([Self.person()]) { store async throws in
            _ = try await store.update(Self.person(city: "Almaty"), expectedVersion: 1, actor: "first")
            await #expect(throws: AigaqError.staleEdit(entity: "person p-1", expected: 1, found: 2)) {
                _ = try await store.update(Self.person(city: "Shymkent"), expectedVersion: 1, actor: "second")
            }
            #expect(try await store.person(id: "p-1")?.city.current() == "Almaty")
        }
    }

    @Test(arguments: Backend.available)
    func missingAndUnversionedRecordsAreRefused(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            await #expect(throws: AigaqError.notFound(what: "person p-1")) {
                _ = try await store.update(Self.person(), expectedVersion: 1, actor: "editor")
            }
            await #expect(throws: AigaqError.self) {
                _ = try await store.update(.list(PersonList(id: "l", name: "L")), expectedVersion: 1, actor: "editor")
            }
        }
    }

    /// Eight writers add one occupation each, retrying on a stale edit, while
    /// eight readers read and search: every addition survives and the chain holds.
    @Test(arguments: Backend.available)
    func concurrentEditorsLoseNoUpdate(_ backend: Backend) async throws {
        // A file for SQLite (WAL: readers beside the writer); a schema for PostgreSQL.
        let opened = try await backend.open(file: true)
        let store = opened.store
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
                    for _ in 0..<20 {
                        let p = try await store.person(id: "p-1")
                        #expect(p?.names.first?.value == "Aigerim Nurlanova")
                        #expect(try await store.search("Nurlanova", limit: 5).map(\.id) == ["p-1"])
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try #require(try await store.person(id: "p-1"))
        let audit = try await store.verifyAudit()
        let entries = try await store.auditEntries(after: 0, limit: 100)
        await opened.close()
        #expect(Set(final.occupations.map(\.value)) == Set((0..<8).map { "occupation-\($0)" }))
        #expect(final.version == 9)
        #expect(audit == AuditVerification(entries: 9, firstBroken: nil, problem: nil))
        #expect(entries.filter { $0.action == "edit" }.count == 8)
    }
}
