import AigaqCore
import Foundation

/// A PostgreSQL cluster in a temporary folder on loopback, for tests and
/// benchmarks: `initdb`, then `pg_ctl start` on a free port; for tests with
/// fsync off (a cluster that loses power is thrown away anyway).
///
/// initdb and the server refuse to run as root, so as root they run as the
/// `postgres` user that Debian's package creates. A watcher stops the
/// cluster and removes its folder when the process that started it ends,
/// so that a crashed test run leaves nothing running.
public struct ThrowawayPostgres: Sendable {
    public let folder: String
    public let port: Int
    public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable" }

    /// The folder with `initdb` and `pg_ctl`: `pg_config --bindir`, else the
    /// newest of Debian's versioned folders. Nil when PostgreSQL is not installed.
    public static func binaries() -> String? {
        var candidates: [String] = []
        if let out = try? run("/usr/bin/env", ["pg_config", "--bindir"]) {
            candidates.append(out.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
        candidates += versions.map { "\(debian)/\($0)/bin" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// Starts a cluster; `watching` is the process whose end stops it. Tests
    /// run without fsync; a benchmark asks for `durable` and its `settings`
    /// (`name=value`, as in postgresql.conf).
    public static func start(watching pid: Int32 = ProcessInfo.processInfo.processIdentifier, durable: Bool = false,
                             settings: [String] = []) throws -> ThrowawayPostgres {
        guard let bin = binaries() else {
            throw AigaqError.database(reason: "PostgreSQL's initdb was not found (Debian: apt-get install postgresql)")
        }
        let isRoot = getuid() == 0
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if isRoot { _ = try run("/bin/chown", ["postgres:", folder]) }
        let asOwner: (String, [String]) throws -> String = { tool, args in
            isRoot ? try run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/\(tool)"] + args) : try run("\(bin)/\(tool)", args)
        }
        // C.UTF-8, not C: with C, lower() and to_tsvector leave Cyrillic capitals alone.
        _ = try asOwner("initdb", ["-D", "\(folder)/data", "--locale=C.UTF-8", "-E", "UTF8", "-A", "trust", "-U", "postgres"])
        let fast = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        let extra = settings.map { " -c \($0)" }.joined()
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            do {
                _ = try asOwner("pg_ctl", ["-D", "\(folder)/data", "-l", "\(folder)/server.log", "-w", "-t", "60", "-o",
                                           "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c max_connections=300" + fast + extra,
                                           "start"])
                let cluster = ThrowawayPostgres(folder: folder, port: port)
                try cluster.watch(pid, bin: bin, isRoot: isRoot)
                return cluster
            } catch {
                lastError = error
            }
        }
        throw AigaqError.database(reason: "could not start a throwaway PostgreSQL in \(folder): \(lastError.map { "\($0)" } ?? "")")
    }

    /// The server for tests: `AIGAQ_TEST_POSTGRES` (a URL) when set, else a
    /// throwaway cluster started once per process (stopped when it ends).
    public static func forTests() throws -> String {
        guard let url = testServer.url else {
            throw AigaqError.database(reason: "no PostgreSQL for the tests: \(testServer.problem ?? "")")
        }
        return url
    }

    private static let testServer: (url: String?, problem: String?) = {
        if let url = ProcessInfo.processInfo.environment["AIGAQ_TEST_POSTGRES"], !url.isEmpty {
            return (url.contains("?") ? url : url + "?sslmode=disable", nil)
        }
        do { return (try start().url, nil) } catch { return (nil, "\(error)") }
    }()

    /// Stops the server at once and removes its folder.
    public func stop() {
        guard let bin = ThrowawayPostgres.binaries() else { return }
        let ctl = "\(bin)/pg_ctl -D '\(folder)/data' -m immediate -w stop"
        _ = try? ThrowawayPostgres.run("/bin/sh", ["-c", (getuid() == 0 ? "runuser -u postgres -- " : "") + ctl + " >/dev/null 2>&1; rm -rf '\(folder)'"])
    }

    private func watch(_ pid: Int32, bin: String, isRoot: Bool) throws {
        let ctl = (isRoot ? "runuser -u postgres -- " : "") + "'\(bin)/pg_ctl' -D '\(folder)/data' -m immediate -w stop"
        let watcher = "while kill -0 \(pid) 2>/dev/null; do sleep 1; done; \(ctl) >/dev/null 2>&1; rm -rf '\(folder)'"
        // setsid + nohup + closed descriptors: the watcher outlives us and holds none of our pipes.
        _ = try ThrowawayPostgres.run("/bin/sh", ["-c", "setsid nohup sh -c \"\(watcher)\" </dev/null >/dev/null 2>&1 &"])
    }

    /// Runs a tool and returns its output. posix_spawn and waitpid, with the
    /// output in a file, not Foundation's Process and a pipe: `pg_ctl start`
    /// leaves a server behind that inherits the child's descriptors, and
    /// waiting on Process from a static initialiser was seen to hang.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-pg-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw AigaqError.database(reason: "cannot run \(tool): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // Exited normally with 0: WIFEXITED and WEXITSTATUS, spelled out (macros are not imported).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw AigaqError.database(reason: "\((tool as NSString).lastPathComponent) \(arguments.prefix(3).joined(separator: " ")) failed: \(text.suffix(800))")
        }
        return text
    }
}
