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
            abstract: "Check the audit chain and re-hash the sources' stored bytes; exit 1 if either fails.",
            discussion: """
                Names the first broken entry of the chain (edited, deleted or reordered), and every source
                whose stored bytes no longer hash to its recorded SHA-256. Sources stored without bytes
                (imported records, the open dataset) are counted, not failed.

                Example:
                  aigaq audit verify --db ./aigaq.sqlite
                """)
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runReportingErrors {
                let store = try await StoreFactory.open(database.location, for: .readInternal).store
                let result = try await store.verifyAudit()
                let sources = try await store.verifySources()
                if json {
                    // The chain's fields as before, with the sources beside them.
                    struct Report: Encodable {
                        var audit: AuditVerification
                        var sources: SourceVerification
                        enum Key: CodingKey { case sources }
                        func encode(to encoder: any Encoder) throws {
                            try audit.encode(to: encoder)
                            var c = encoder.container(keyedBy: Key.self)
                            try c.encode(sources, forKey: .sources)
                        }
                    }
                    print(String(decoding: try AigaqJSON.encoder().encode(Report(audit: result, sources: sources)), as: UTF8.self))
                }
                for problem in sources.problems { Console.info("source bytes changed: \(problem)") }
                if let broken = result.firstBroken {
                    Console.info("audit chain broken at entry \(broken): \(result.problem ?? "")")
                    throw ExitCode(1)
                }
                if !sources.isValid { throw ExitCode(1) }
                if !json {
                    print("audit chain valid: \(result.entries) entries")
                    var line = "sources: \(sources.checked) re-hashed and unchanged, \(sources.withoutBytes) without stored bytes"
                    if sources.sealedUnchecked > 0 { line += ", \(sources.sealedUnchecked) sealed (need the key to re-hash)" }
                    print(line)
                }
            }
        }
    }
}
