import AigaqCore
import ArgumentParser
import Foundation

/// The `aigaq` command line. Commands are thin: they parse, open the store
/// and call the library targets, which hold the logic.
public struct AigaqCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aigaq",
        abstract: "Aigaq: a source-attributed knowledge base of political persecution.",
        discussion: """
            Reports go in (extract, ingest), reviewed facts are kept with their sources,
            and lists, statistics and open data come out.

            Examples:
              aigaq init
              aigaq import examples/sample.jsonl
              aigaq stats --as-of 2025-02-28
              aigaq search Жыланбаев
            """,
        version: "0.1.0",
        subcommands: [Init.self, Import.self, Export.self, Search.self, PersonCommand.self, Stats.self, ReportCommand.self, ReviewCommand.self, AuditCommand.self, Extract.self, Ingest.self,
                      KeyCommand.self, Backup.self, Restore.self,
                      Serve.self,
                      Migrate.self,
                      UserCommand.self, TokenCommand.self, SessionCommand.self,
                      Estimate.self,
                      ]
    )

    public init() {}
}

/// Options every database command takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database: a SQLite file path or a postgres:// URL (default: $AIGAQ_DB, else ./aigaq.sqlite).", valueName: "url"))
    var db: String?

    var location: String {
        db ?? ProcessInfo.processInfo.environment["AIGAQ_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./aigaq.sqlite"
    }
}

/// Runs a command body, turning known errors into a message on standard
/// error and the exit codes of the command-line contract (64 usage, 65 data, 1 other).
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        // Database connections the command opened close before it exits.
        try await StoreFactory.closingStores(body)
    } catch let error as AigaqError {
        FileHandle.standardError.write(Data("aigaq: \(error.message)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as ExitCode {
        throw error
    } catch let error as any LocalizedError where error.errorDescription != nil {
        FileHandle.standardError.write(Data("aigaq: \(error.errorDescription!)\n".utf8))
        throw ExitCode(1)
    }
}

/// Standard error, for progress and logs; standard output is for results.
enum Console {
    static func info(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    static var isTerminal: Bool { isatty(2) != 0 }
}
