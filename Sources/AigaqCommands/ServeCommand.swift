import AigaqAccounts
import AigaqCore
import AigaqStore
import AigaqWeb
import ArgumentParser
import Foundation
import Hummingbird
#if canImport(Glibc)
import Glibc

/// glibc's mallopt (malloc.h is not in the Glibc module); M_ARENA_MAX is -8 there.
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web application: the public site, the JSON API and the workspace.",
        discussion: """
            --demo builds a fresh SQLite database from the bundled open dataset in a new
            temporary folder (or at --db, which must not exist yet), adds an admin whose
            password it prints, puts a synthetic demo report in the review queue, and serves it.

            Examples:
              aigaq serve --demo
              aigaq serve --db ./aigaq.sqlite --host 0.0.0.0 --port 8080 --behind-tls
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Build a fresh database from the bundled dataset and serve it.") var demo = false
    @Flag(help: "The site is only reached over TLS (a proxy in front): send Strict-Transport-Security.") var behindTls = false
    @Option(help: ArgumentHelp("Seconds a public page may still be served after another process's write made it stale, while it is rebuilt (0: never).",
                               valueName: "seconds"))
    var maxStale: Double = 10

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard maxStale >= 0, maxStale <= 3600 else { throw ValidationError("--max-stale must be between 0 and 3600 seconds") }
    }

    func run() async throws {
        Self.limitMallocArenas()
        try await runReportingErrors {
            let location: String
            if demo {
                location = try Self.demoLocation(database.db)
                let store = try StoreFactory.open(location)
                let summary = try await DemoDataset.load(into: store, vocabulary: try VocabularyAccess.bundled(), actor: "serve --demo")
                Console.info("demo database at \(location): \(summary.total) records from the bundled dataset")
                // An administrator for the demo; the password is shown once, here.
                let accounts = CommandAuthority.service(try CommandAuthority.accounts(store))
                let (_, password) = try await accounts.addUser(username: "admin", role: .admin, password: nil, mustChangePassword: false,
                                                               by: .localOperator("serve --demo"))
                Console.info("one-time password for admin: \(password ?? "")")
                let queued = try await DemoReport.ingest(into: store, actor: "serve --demo")
                Console.info("review queue: \(queued) candidates from a synthetic demo report (sign in at /login)")
            } else {
                location = database.location
            }
            let store = try StoreFactory.open(location)
            let accounts = (store as? any AccountStore).map(CommandAuthority.service)
            if let accounts, let warning = try await ClearSecrets.warning(accounts.store) { Console.info(warning) }
            let configuration = WebConfiguration(host: host, port: port, behindTLS: behindTls,
                                                 maxStale: .milliseconds(Int((maxStale * 1000).rounded())))
            let app = try buildApplication(store: store, configuration: configuration, accounts: accounts)
            Console.info("serving http://\(host):\(port)/ (Ctrl-C stops)")
            try await app.runService()
        }
    }

    /// glibc gives a thread that meets contention its own malloc arena (up to
    /// eight per core), and each arena keeps what was freed in it: a server
    /// whose event loops and tasks move between threads ends up holding many
    /// half-empty arenas. Two keep the resident memory down without costing
    /// throughput (docs/benchmarks.md, "Server memory"). MALLOC_ARENA_MAX,
    /// when set, wins.
    static func limitMallocArenas() {
        #if canImport(Glibc)
        if getenv("MALLOC_ARENA_MAX") == nil { _ = glibcMallopt(-8, 2) }
        #endif
    }

    /// A new database file: at `requested` if given (it must not exist), else in a new temporary folder.
    static func demoLocation(_ requested: String?) throws -> String {
        if let requested {
            guard !FileManager.default.fileExists(atPath: requested) else {
                throw AigaqError.usage("--demo builds a fresh database, but \(requested) exists; remove it or give another --db")
            }
            return requested
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("aigaq.sqlite").path
    }
}
