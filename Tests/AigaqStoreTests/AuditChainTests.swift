import AigaqCore
import AigaqStore
import Foundation
import Testing

@Suite struct AuditChainTests {
    /// Three audited writes.
    static func threeWrites(_ store: any KnowledgeStore) async throws {
        for i in 1...3 {
            var once = [Entity.person(Person(id: Person.ID(rawValue: "p\(i)"), names: [PersonName("Person \(i)")]))].makeIterator()
            _ = try await store.importEntities(actor: "editor\(i)") { once.next() }
        }
    }

    @Test(arguments: Backend.available)
    func everyWriteIsChainedAndVerifies(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            try await Self.threeWrites(store)
            #expect(try await store.verifyAudit() == AuditVerification(entries: 3, firstBroken: nil, problem: nil))
            let entries = try await store.auditEntries(after: 0, limit: 10)
            #expect(entries.map(\.actor) == ["editor1", "editor2", "editor3"])
            #expect(entries.map(\.entities) == ["person:p1", "person:p2", "person:p3"])
            #expect(try await store.auditEntries(after: 2, limit: 10).map(\.seq) == [3])
        }
    }

    static let tampering: [(sql: String, broken: Int, words: String)] = [
        ("UPDATE auditEntry SET actor = 'someone-else' WHERE seq = 2", 2, "edited"),
        ("DELETE FROM auditEntry WHERE seq = 2", 3, "missing"),
        ("UPDATE auditEntry SET seq = 10 WHERE seq = 1; UPDATE auditEntry SET seq = 1 WHERE seq = 2; UPDATE auditEntry SET seq = 2 WHERE seq = 10", 1, "does not follow"),
        ("UPDATE auditEntry SET changeHash = '00' WHERE seq = 3", 3, "edited"),
    ]

    @Test(arguments: Backend.available)
    func tamperingIsFoundAndTheFirstBrokenEntryNamed(_ backend: Backend) async throws {
        for (sql, broken, words) in Self.tampering {
            let opened = try await backend.open(file: true)
            try await Self.threeWrites(opened.store)
            try await opened.tamper(backend.auditSQL(sql))
            let result = try await opened.store.verifyAudit()
            await opened.close()
            #expect(result.firstBroken == broken, "\(sql)")
            #expect(result.problem?.contains(words) == true, "\(sql)")
        }
    }

    @Test(arguments: Backend.available)
    func aFailedImportLeavesNoAuditEntry(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            var bad = [Entity.case(Case(id: "c", charges: [Charge(person: "nobody", article: "405")]))].makeIterator()
            _ = try? await store.importEntities(actor: "x") { bad.next() }
            #expect(try await store.verifyAudit().entries == 0)
        }
    }

    /// The chain is computed by shared code: the same writes give the same
    /// change hashes and entity lists on every backend, and each entry's hash
    /// recomputes from its fields.
    @Test func theSameWritesHashTheSameOnEveryBackend() async throws {
        var chains: [[AuditEntry]] = []
        for backend in Backend.available {
            try await backend.withStore { store async throws in
                try await Self.threeWrites(store)
                try await StoreBehaviourTests.importing(store, StoreBehaviourTests.sample(), actor: "import")
                try await store.apply(delete: [EntityRef(type: "person", id: "p2")], write: [], actor: "remover")
                chains.append(try await store.auditEntries(after: 0, limit: 100))
            }
        }
        let reference = try #require(chains.first)
        #expect(reference.count == 5)
        for chain in chains.dropFirst() {
            #expect(chain.map(\.changeHash) == reference.map(\.changeHash))
            #expect(chain.map(\.entities) == reference.map(\.entities))
            #expect(chain.map(\.actor) == reference.map(\.actor))
        }
        for chain in chains {
            for e in chain {
                #expect(e.hash == AuditChain.hash(seq: e.seq, at: e.at, actor: e.actor, action: e.action, entities: e.entities,
                                                  changeHash: e.changeHash, previousHash: e.previousHash))
            }
        }
    }
}
