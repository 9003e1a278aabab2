import AigaqCore
import AigaqStore
import ArgumentParser
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The tamper-evident audit trail of every write.",
        subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit chain; exit 1 and name the first broken entry if it fails.",
            discussion: "Example:\n  aigaq audit verify --db ./aigaq.sqlite")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runReportingErrors {
                let result = try await StoreFactory.open(database.location, for: .readInternal).store.verifyAudit()
                if json { print(String(decoding: try AigaqJSON.encoder().encode(result), as: UTF8.self)) }
                if let broken = result.firstBroken {
                    Console.info("audit chain broken at entry \(broken): \(result.problem ?? "")")
                    throw ExitCode(1)
                }
                if !json { print("audit chain valid: \(result.entries) entries") }
            }
        }
    }
}
