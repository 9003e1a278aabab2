import AigaqCore
import AigaqSQLite
import Foundation
import Testing

/// `aigaq ingest` run as a real process and killed with SIGKILL mid-way.
@Suite(.serialized) struct IngestCrashTests {
    /// The `aigaq` executable built beside the test bundle.
    static func binary() throws -> URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("aigaq"), dir.deletingLastPathComponent().appendingPathComponent("aigaq")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw AigaqError.notFound(what: "the aigaq executable next to \(dir.path); build it with swift build")
    }

    /// A synthetic report in the style of the lists, in our own words.
    static func report(_ n: Int, entries: Int) -> String {
        let given = ["Erbol", "Aigerim", "Nurlan", "Saule", "Timur", "Dana"]
        let letters = Array("BDKLMNRSTZ")
        var text = "Monitoring bulletin \(n)\n\nCONVICTED\n\n"
        for i in 1...entries {
            // A unique surname of letters only: BAK, DAK, ... from the digits of i.
            let stem = String(String(i * 7 + n).map { letters[Int(String($0))!] })
            text += "\(i). \(given[i % given.count]) \(stem.uppercased())OV – \(3 + i % 5) years’ imprisonment, Article 405 of the CC. Convicted on \(1 + i % 27) March 2024.\n\n"
        }
        return text
    }

    static func ingest(_ aigaq: URL, _ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = aigaq
        p.arguments = arguments
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func killedIngestLeavesWholeFilesOrNothingAndRerunsCleanly() async throws {
        let aigaq = try Self.binary()
        let dir = try TempDir()
        let db = dir.path("crash.sqlite")
        let small = try dir.write("small.txt", Self.report(1, entries: 3))
        let big = try dir.write("big.txt", Self.report(2, entries: 12_000))
        // How many candidates each file gives, from an uninterrupted run elsewhere.
        let reference = dir.path("reference.sqlite")
        #expect(try Self.ingest(aigaq, ["ingest", "--db", reference, small, big]) == 0)
        let referenceStore = try SQLiteStore(path: reference)
        let bigSHA = SHA256Hasher.hex(Array(try Data(contentsOf: URL(fileURLWithPath: big))))
        let expectedBig = try await referenceStore.candidates(source: try #require(try await referenceStore.source(sha256: bigSHA)).id).count
        let expectedAll = try await referenceStore.counts().byType["candidate"] ?? 0
        #expect(expectedBig > 10_000)
        for trial in 0..<3 {
            let p = Process()
            p.executableURL = aigaq
            p.arguments = ["ingest", "--db", db, small, big]
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            // Let it run into the big file (extraction or its write), then kill it hard.
            try await Task.sleep(for: .milliseconds(200 + trial * 600))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // The database opens, is intact, and holds only whole files.
            let store = try SQLiteStore(path: db)
            #expect(try store.integrityCheck() == ["ok"])
            let counts = try await store.counts().byType
            let sources = counts["source"] ?? 0
            #expect(sources <= 2)
            if sources == 0 { #expect(counts["candidate"] == 0) }
            if let s = try await store.source(sha256: bigSHA) {
                #expect(try await store.candidates(source: s.id).count == expectedBig)
            }
            #expect(try await store.verifyAudit().isValid)
        }
        // Run to the end, twice: the second run writes nothing (idempotent).
        for _ in 0..<2 {
            #expect(try Self.ingest(aigaq, ["ingest", "--db", db, small, big]) == 0)
        }
        let counts = try await SQLiteStore(path: db).counts().byType
        #expect(counts["source"] == 2)
        #expect(counts["candidate"] == expectedAll)
    }
}
