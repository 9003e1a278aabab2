import AigaqCore
import AigaqStore
@testable import AigaqSQLite
import Foundation
import GRDB
import Testing

/// Persons stored before `v5-statistics` get their facet rows from the
/// migration; persons written after get them from the writer. Both must agree.
@Suite struct StatisticsMigrationTests {
    static func persons() -> [Person] {
        let c = [Citation(source: "src-t", start: 0, end: 4)]
        func fact<V>(_ v: V, _ d: String?, _ conf: Confidentiality = .public) -> Fact<V> {
            Fact(v, asOf: d.flatMap(DateValue.init), citations: c, confidentiality: conf)
        }
        return [
            Person(id: "p1", names: [PersonName("One")], region: [fact("Almaty", nil), fact("Abai", "2020")],
                   occupations: [fact("blogger", nil), fact("blogger", "2021"), fact("lawyer", nil, .internal)],
                   statuses: [fact(.released, "2024-02"), fact(.convictedImprisoned, "~2024-02"), fact(.fined, "2025", .confidential)]),
            Person(id: "p2", names: [PersonName("Two")], statuses: [fact(.pretrialDetention, nil), fact(.abroad, "2019-03-01")]),
            Person(id: "p3", names: [PersonName("Three")], region: [fact("Mangystau", "2023-07", .internal)],
                   statuses: [fact(.convictedImprisoned, "2023"), fact(.released, "2023-01-01")], confidentiality: .internal),
            Person(id: "p4", names: [PersonName("Four")]),
        ]
    }

    static func facets(_ db: Database) throws -> Set<String> {
        Set(try Row.fetchAll(db, sql: "SELECT personId, facet, value, public FROM personFacet").map { r in
            "\(r[0] as String) \(r[1] as String) \(r[2] as String) \(r[3] as Int)"
        })
    }

    @Test func theMigrationAndTheWriterGiveTheSameFacets() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v4-figures")
        // Given persons stored by an older version (whole JSON, no facet rows)
        try queue.write { db in
            for p in Self.persons() {
                let json = String(decoding: try AigaqJSON.encoder().encode(p), as: UTF8.self)
                try db.execute(sql: "INSERT INTO person(id, displayName, role, confidentiality, version, json) VALUES (?,?,?,?,?,?)",
                               arguments: [p.id.rawValue, p.displayName, p.role.rawValue, p.confidentiality.rawValue, p.version, json])
            }
        }
        // and an event with attributes
        let event = Event(id: "e1", type: "surveillance", attributes: ["tactic": "surveillance-abroad", "method": "a drone"])
        try queue.write { db in
            try db.execute(sql: "INSERT INTO event(id, type, confidentiality, searchText, json) VALUES (?,?,?,?,?)",
                           arguments: ["e1", "surveillance", "public", "",
                                       String(decoding: try AigaqJSON.encoder().encode(event), as: UTF8.self)])
        }
        // When the migration runs, and then the same records are written again
        try Migrations.migrator.migrate(queue)
        let migrated = try queue.read(Self.facets)
        let attributes = try queue.read { db in try Row.fetchAll(db, sql: "SELECT name, value FROM eventAttribute ORDER BY name").map { "\($0[0] as String)=\($0[1] as String)" } }
        #expect(attributes == ["method=a drone", "tactic=surveillance-abroad"])
        try queue.write { db in
            let writer = RecordWriter(db: db, codec: SealingCodec(state: .open(Sealer.newDataKey(version: 1))))
            for p in Self.persons() { try writer.write(.person(p)) }
            try writer.write(.event(event))
        }
        let written = try queue.read(Self.facets)
        #expect(try queue.read { db in try Row.fetchAll(db, sql: "SELECT name, value FROM eventAttribute ORDER BY name").map { "\($0[0] as String)=\($0[1] as String)" } } == attributes)
        // Then both hold the same rows
        #expect(migrated == written)
        #expect(written.contains("p1 status released 0"), "all facts but the confidential (sealed) 2025 one: of two facts of one month, the first")
        #expect(written.contains("p1 status released 1"), "public facts: of two facts of one month, the first, as Array.current() picks")
        #expect(written.contains("p1 region Abai 1") && written.contains("p1 occupation blogger 1"))
        #expect(!written.contains("p1 occupation lawyer 1") && written.contains("p1 occupation lawyer 0"))
        #expect(written.contains("p2 status abroad 0"))
        #expect(!written.contains { $0.hasPrefix("p4 ") })
    }
}
