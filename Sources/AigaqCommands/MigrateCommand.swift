import AigaqCore
import AigaqPostgres
import AigaqStore
import ArgumentParser
import Foundation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a knowledge base into another, empty database, and check the copy record by record.",
        discussion: """
            Either side is a SQLite file or a postgres:// URL. The records are exported in the
            open data format to a temporary file, imported into the destination in one
            transaction (all or nothing), then both databases are read back and compared
            record by record. The report names every record that differs; exit 1 if any does.
            The destination must be empty; its audit trail starts with one entry for the copy.

            Examples:
              aigaq migrate --from ./aigaq.sqlite --to postgres://aigaq@db.internal/aigaq
              aigaq migrate --from postgres://aigaq@db.internal/aigaq --to ./copy.sqlite
            """)

    @Option(help: ArgumentHelp("The database to copy: a SQLite file or a postgres:// URL.", valueName: "url")) var from: String
    @Option(help: ArgumentHelp("The empty database to copy into.", valueName: "url")) var to: String
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        if from == to { throw ValidationError("--from and --to are the same database") }
    }

    func run() async throws {
        try await runReportingErrors {
            if !PostgresLocation.isPostgresURL(from) && !FileManager.default.fileExists(atPath: from) {
                throw AigaqError.notFound(what: "database \(from)")
            }
            let report = try await DatabaseCopy.copy(from: StoreFactory.open(from), to: StoreFactory.open(to)) { Console.info($0) }
            if json {
                print(String(decoding: try AigaqJSON.encoder().encode(report), as: UTF8.self))
            } else {
                print(report.text)
            }
            if !report.isIdentical { throw ExitCode(1) }
        }
    }
}

/// Copies every record of one store into another, then compares them.
enum DatabaseCopy {
    struct Report: Codable, Equatable {
        /// Records by type in the source, and in the destination after the copy.
        var source: [String: Int]
        var destination: [String: Int]
        /// `type:id` of records that differ or are missing (at most 100 named).
        var differences: [String]
        var differenceCount: Int
        var sourceAudit: AuditVerification
        var destinationAudit: AuditVerification

        var isIdentical: Bool { differenceCount == 0 && source == destination && destinationAudit.isValid }

        var text: String {
            var lines = ["type            source  copied"]
            for type in Entity.typeOrder {
                let a = source[type, default: 0], b = destination[type, default: 0]
                lines.append(type.padding(toLength: 14, withPad: " ", startingAt: 0)
                             + String(format: "%8d %7d", a, b) + (a == b ? "" : "  DIFFERENT"))
            }
            if differenceCount == 0 {
                lines.append("compared record by record: all \(source.values.reduce(0, +)) identical")
            } else {
                lines.append("compared record by record: \(differenceCount) differ: " + differences.prefix(20).joined(separator: ", ")
                             + (differenceCount > 20 ? ", …" : ""))
            }
            lines.append("audit chain of the source: " + (sourceAudit.isValid ? "valid, \(sourceAudit.entries) entries"
                                                          : "BROKEN at entry \(sourceAudit.firstBroken ?? 0)"))
            lines.append("audit chain of the copy: " + (destinationAudit.isValid ? "valid, \(destinationAudit.entries) entries"
                                                        : "BROKEN at entry \(destinationAudit.firstBroken ?? 0)"))
            return lines.joined(separator: "\n")
        }
    }

    static func copy(from source: any KnowledgeStore, to destination: any KnowledgeStore,
                     progress: (String) -> Void = { _ in }) async throws -> Report {
        let existing = try await destination.counts().byType.values.reduce(0, +)
        guard existing == 0 else {
            throw AigaqError.usage("the destination already holds \(existing) records; migrate copies into an empty database only")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-migrate-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("export.jsonl").path

        // 1. Export, in the open data format.
        var counts: [String: Int] = [:]
        let sink = try OutputSink(path: file)
        let encoder = AigaqJSON.encoder()
        try await source.exportEntities { entity in
            try sink.write(encoder.encode(entity))
            try sink.write(Data([0x0A]))
            counts[entity.typeName, default: 0] += 1
        }
        try sink.close()
        progress("exported \(counts.values.reduce(0, +)) records")

        // 2. Import, in one transaction.
        var reader = try JSONLReader(path: file)
        let summary = try await destination.importEntities(actor: "migrate") { try reader.next() }
        progress("imported \(summary.total) records")

        // 3. Compare: the destination exports in the order it was written, which is the source's order.
        var expected = try JSONLReader(path: file)
        var copied: [String: Int] = [:]
        var differences: [String] = []
        var differenceCount = 0
        func differ(_ what: String) {
            differenceCount += 1
            if differences.count < 100 { differences.append(what) }
        }
        try await destination.exportEntities { entity in
            copied[entity.typeName, default: 0] += 1
            let original = try expected.next()
            if original != entity {
                differ("\(entity.typeName):\(entity.id)")
                if let original, original.id != entity.id { differ("\(original.typeName):\(original.id)") }
            }
        }
        while let missing = try expected.next() { differ("\(missing.typeName):\(missing.id) (missing)") }
        progress("compared \(copied.values.reduce(0, +)) records")
        return Report(source: counts, destination: copied, differences: differences, differenceCount: differenceCount,
                      sourceAudit: try await source.verifyAudit(), destinationAudit: try await destination.verifyAudit())
    }
}
