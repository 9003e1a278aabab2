@testable import AigaqCommands
import AigaqCore
import AigaqPostgres
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

/// `aigaq migrate`: SQLite → PostgreSQL → SQLite, losslessly, checked record by record.
@Suite struct MigrateTests {
    /// A URL of a new, empty schema on the test server.
    static func postgresURL() throws -> String {
        try ThrowawayPostgres.forTests() + "&schema=mig_" + UUID().uuidString.prefix(8).lowercased()
    }

    static func export(_ location: String) async throws -> [Entity] {
        try await StoreFactory.closingStores {
            var all: [Entity] = []
            try await StoreFactory.open(location).exportEntities { all.append($0) }
            return all
        }
    }

    @Test func theDemoDatasetAndTheSampleGoToPostgresAndBackUnchanged() async throws {
        // Given the demo dataset and the rich sample (sources with text, candidates, decisions) in SQLite
        let dir = try TempDir()
        let sqlite = dir.path("a.sqlite")
        #expect(await run(["init", "--demo", "--db", sqlite]) == 0)
        #expect(await run(["import", "--db", sqlite, samplePath]) == 0)
        let original = try await Self.export(sqlite)
        // When it is migrated to PostgreSQL and from there to a new SQLite file
        let postgres = try Self.postgresURL()
        #expect(await run(["migrate", "--from", sqlite, "--to", postgres]) == 0)
        let back = dir.path("back.sqlite")
        #expect(await run(["migrate", "--from", postgres, "--to", back]) == 0)
        // Then both copies hold exactly the original records, in the same order
        #expect(try await Self.export(postgres) == original)
        #expect(try await Self.export(back) == original)
        #expect(original.count > 600)
        // And a command reads the PostgreSQL copy as it reads SQLite
        #expect(await run(["search", "--db", postgres, "Жыланбаев"]) == 0)
        #expect(await run(["audit", "verify", "--db", postgres]) == 0)
    }

    @Test func theReportCountsEveryTypeAndTheCopyIsChecked() async throws {
        let dir = try TempDir()
        let sqlite = dir.path("a.sqlite")
        #expect(await run(["import", "--db", sqlite, samplePath]) == 0)
        let postgres = try Self.postgresURL()
        let report = try await StoreFactory.closingStores {
            try await DatabaseCopy.copy(from: StoreFactory.open(sqlite), to: StoreFactory.open(postgres))
        }
        #expect(report.isIdentical)
        #expect(report.source == report.destination)
        #expect(report.source["person"] == 6)
        #expect(report.destinationAudit == AuditVerification(entries: 1, firstBroken: nil, problem: nil))
        #expect(report.text.contains("all \(report.source.values.reduce(0, +)) identical"))
    }

    @Test func aDestinationThatHoldsRecordsIsRefused() async throws {
        let dir = try TempDir()
        let a = dir.path("a.sqlite"), b = dir.path("b.sqlite")
        #expect(await run(["import", "--db", a, samplePath]) == 0)
        #expect(await run(["import", "--db", b, samplePath]) == 0)
        #expect(await run(["migrate", "--from", a, "--to", b]) == 64)
        #expect(await run(["migrate", "--from", dir.path("missing.sqlite"), "--to", b]) == 1)
        #expect(await run(["migrate", "--from", a, "--to", a]) == 64)
    }
}
