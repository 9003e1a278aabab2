import Foundation

/// A folder of its own under the temporary directory, removed with the value.
public final class TemporaryFolder: Sendable {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-test-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A database file reached behind Aigaq's back, as someone holding the file
/// would: Python's `sqlite3` (Python is on every machine the tests run on).
public enum SQLiteFile {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// Runs `sql` (any number of statements) on the file and commits.
    public static func run(_ path: String, _ sql: String) throws {
        _ = try python("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, sql)
    }

    /// The whole database as SQL (schema and every row): two states compare
    /// equal when their contents do, whatever the file's header says.
    public static func dump(_ path: String) throws -> String {
        try python("import sqlite3,sys; print('\\n'.join(sqlite3.connect(sys.argv[1]).iterdump()))", path)
    }

    private static func python(_ script: String, _ arguments: String...) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(description: "python3 sqlite3 failed on \(arguments.first ?? "")") }
        return String(decoding: data, as: UTF8.self)
    }
}
