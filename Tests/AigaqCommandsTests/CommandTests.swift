@testable import AigaqCommands
import AigaqCore
import AigaqSQLite
import AigaqStore
import ArgumentParser
import Foundation
import Testing

/// The key the in-process commands of these tests seal with (the sample
/// holds a confidential note); tests of running without a key start the
/// executable with an environment of their own (`Subprocess`).
let testMasterKey: String = {
    let key = MasterKey.generate().base64
    setenv(MasterKey.environmentVariable, key, 1)
    return key
}()

/// Runs the command line as a user would, in-process, and reports the exit code.
func run(_ arguments: [String]) async -> Int32 {
    _ = testMasterKey
    do {
        var command = try AigaqCommand.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
        return 0
    } catch {
        return AigaqCommand.exitCode(for: error).rawValue
    }
}

final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-test-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name); try Data(text.utf8).write(to: URL(fileURLWithPath: p)); return p
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

var samplePath: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/sample.jsonl").path
}

@Suite struct CommandTests {
    @Test func initImportStatsWorkOnTheSample() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["init", "--db", db]) == 0)
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        #expect(await run(["stats", "--db", db, "--json"]) == 0)
        let store = try SQLiteStore(path: db)
        #expect(try await store.counts().byType["person"] == 6)
    }

    @Test func importExportRoundTripIsLossless() async throws {
        // Given the rich sample imported into a fresh database
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        // When it is exported and imported into a second database and exported again
        let first = dir.path("first.jsonl")
        #expect(await run(["export", "--db", db, "--format", "jsonl", "--out", first]) == 0)
        let db2 = dir.path("b.sqlite")
        #expect(await run(["import", "--db", db2, first]) == 0)
        let second = dir.path("second.jsonl")
        #expect(await run(["export", "--db", db2, "--format", "jsonl", "--out", second]) == 0)
        // Then both exports are the same bytes, and hold the same records as the sample
        let a = try String(contentsOfFile: first, encoding: .utf8)
        #expect(a == (try String(contentsOfFile: second, encoding: .utf8)))
        let decode = { (text: String) in
            try Set(text.split(separator: "\n").map { try AigaqJSON.decoder().decode(Entity.self, from: Data($0.utf8)) })
        }
        #expect(try decode(a) == decode(try String(contentsOfFile: samplePath, encoding: .utf8)))
    }

    @Test func publicExportLeavesOutWhatIsNotPublic() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        let out = dir.path("public.jsonl")
        #expect(await run(["export", "--db", db, "--public", "--out", out]) == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!text.contains("Lawyer's phone"))          // a confidential note
        #expect(!text.contains("p-zhomartov-daulet"))      // an internal person and the internal relation to him
        #expect(!text.contains("not yet reviewed"))        // an allegation against an official, unreviewed
        #expect(!text.contains("\"candidate\""))           // candidates are unreviewed
        #expect(text.contains("Gulnar Seitkaliyeva"))
    }

    @Test func csvExportWritesPersonsAndCharges() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        #expect(await run(["export", "--db", db, "--format", "csv", "--out", dir.path("csv")]) == 0)
        let persons = try String(contentsOfFile: dir.path("csv/persons.csv"), encoding: .utf8)
        let charges = try String(contentsOfFile: dir.path("csv/charges.csv"), encoding: .utf8)
        #expect(persons.split(separator: "\r\n").count == 7)
        #expect(charges.contains("case-tokbergenov-2024,p-tokbergenov-erlan,KZ-CC-2014,274,2,2024-03-12"))
        #expect(await run(["export", "--db", db, "--format", "csv"]) == 64)  // needs --out
    }

    static let good = #"{"type":"person","id":"p-ok","names":[{"value":"Good Person"}]}"#

    @Test(arguments: [
        ("malformed JSON", good + "\n{\"type\":\"person\",\"id\":"),
        ("unknown type", good + "\n{\"type\":\"planet\",\"id\":\"x\"}"),
        ("unknown event type", good + "\n{\"type\":\"event\",\"id\":\"e\",\"event_type\":\"teleportation\"}"),
        ("unknown article", good + "\n{\"type\":\"case\",\"id\":\"c\",\"charges\":[{\"person\":\"p-ok\",\"code\":\"KZ-CC-2014\",\"article\":\"9999\"}]}"),
        ("unknown code", good + "\n{\"type\":\"case\",\"id\":\"c\",\"charges\":[{\"person\":\"p-ok\",\"code\":\"XX-CC\",\"article\":\"405\"}]}"),
        ("unknown occupation", good + "\n{\"type\":\"person\",\"id\":\"p2\",\"names\":[{\"value\":\"X\"}],\"occupations\":[{\"value\":\"astronaut-king\"}]}"),
        ("dangling reference", good + "\n{\"type\":\"case\",\"id\":\"c\",\"charges\":[{\"person\":\"p-nobody\",\"article\":\"405\"}]}"),
        ("bad date", good + "\n{\"type\":\"event\",\"id\":\"e\",\"event_type\":\"detention\",\"date\":\"2024-02-30\"}"),
    ])
    func badLinesExit65AndChangeNothing(_ name: String, _ content: String) async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        let before = try await SQLiteStore(path: db).counts()
        let file = try dir.write("bad.jsonl", content)
        #expect(await run(["import", "--db", db, file]) == 65, "\(name)")
        #expect(try await SQLiteStore(path: db).counts() == before, "\(name)")
        #expect(try await SQLiteStore(path: db).person(id: "p-ok") == nil, "\(name)")
    }

    @Test func badLineMessageNamesFileAndLine() throws {
        let dir = try TempDir()
        let file = try dir.write("bad.jsonl", Self.good + "\n\n{\"type\":\"event\",\"id\":\"e\",\"event_type\":\"teleportation\"}\n")
        var reader = try JSONLReader(path: file)
        let vocabulary = try VocabularyAccess.bundled()
        reader.validate = { EntityValidation.problem(with: $0, vocabulary: vocabulary.vocabulary) }
        #expect(try reader.next() != nil)
        #expect { _ = try reader.next() } throws: { error in
            guard case let AigaqError.badInput(f, line, reason) = error else { return false }
            return f == file && line == 3 && reason.contains("teleportation")
        }
    }

    @Test func invalidUTF8IsBadInput() async throws {
        let dir = try TempDir()
        let file = dir.path("bad.jsonl")
        try Data(Self.good.utf8 + [0x0A] + [0x7B, 0xFF, 0xFE, 0x7D, 0x0A]).write(to: URL(fileURLWithPath: file))
        var reader = try JSONLReader(path: file)
        _ = try reader.next()
        #expect(throws: AigaqError.badInput(file: file, line: 2, reason: "not valid UTF-8")) { try reader.next() }
        #expect(await run(["import", "--db", dir.path("a.sqlite"), file]) == 65)
    }

    @Test func missingFileIsBadInput() async throws {
        let dir = try TempDir()
        #expect(await run(["import", "--db", dir.path("a.sqlite"), dir.path("nope.jsonl")]) == 65)
        // extract: see ExtractCommandTests
    }

    @Test func lockedDatabaseIsAClearErrorAndChangesNothing() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        let file = try dir.write("ok.jsonl", Self.good)
        // Another program holds the write lock (a real second process).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.read()  # hold the lock until the test closes our input
            """, db]
        let pipe = Pipe()
        let input = Pipe()
        holder.standardOutput = pipe
        holder.standardInput = input
        try holder.run()
        defer { try? input.fileHandleForWriting.close(); holder.waitUntilExit() }
        #expect(String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("locked"))
        // The import waits for the lock, then gives up with a clear error and writes nothing.
        #expect(await run(["import", "--db", db, file]) == 65)
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(try await SQLiteStore(path: db).person(id: "p-ok") == nil)
    }

    @Test func usageErrorsExit64() async {
        #expect(await run(["search"]) == 64)
        #expect(await run(["stats", "--as-of", "yesterday"]) == 64)
        #expect(await run(["no-such-command"]) == 64)
    }

    @Test func searchAndPersonShowFindAcrossScripts() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        #expect(await run(["search", "--db", db, "Сейткалиева"]) == 0)
        #expect(await run(["person", "show", "--db", db, "Есимов"]) == 0)
        #expect(await run(["person", "show", "--db", db, "p-tokbergenov-erlan", "--json"]) == 0)
        #expect(await run(["person", "show", "--db", db, "Nobody Atall"]) == 1)
        let store = try SQLiteStore(path: db)
        let found = try await PersonDossier.find("Gulnar SEITKALIYEVA", in: store)
        #expect(found.id == "p-seitkaliyeva-gulnar")
        let dossier = try await PersonDossier.load(found, from: store)
        #expect(dossier.cases.map(\.id) == ["case-seitkaliyeva-2024"])
        #expect(dossier.text(vocabulary: try VocabularyAccess.bundled()).contains("Article 405"))
    }

    @Test func statsCountTheLatestSnapshotAsOfADate() async throws {
        let dir = try TempDir()
        let db = dir.path("a.sqlite")
        #expect(await run(["import", "--db", db, samplePath]) == 0)
        let store = try SQLiteStore(path: db)
        let now = try await AigaqPublishingShim.headline(store, "2025-02-28")
        #expect(now.politicalPrisoners == 3)
        #expect(now.byStatus == ["convicted_imprisoned": 2, "pretrial_detention": 1])
        #expect(now.persecutedPersons == 4)
        let before = try await AigaqPublishingShim.headline(store, "2024-12-31")
        #expect(before.politicalPrisoners == 1)
    }

    @Test func everyCommandHasHelpWithAnExample() {
        for command in AigaqCommand.configuration.subcommands {
            let help = command.helpMessage()
            let nested = command.configuration.subcommands
            if nested.isEmpty {
                #expect(help.contains("aigaq "), "\(command) help has no example")
            } else {
                for sub in nested { #expect(sub.helpMessage().contains("aigaq "), "\(sub) help has no example") }
            }
        }
        #expect(AigaqCommand.helpMessage().contains("import"))
    }
}
