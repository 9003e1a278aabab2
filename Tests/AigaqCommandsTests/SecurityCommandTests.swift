import AigaqCore
import AigaqSQLite
import AigaqStore
import AigaqTestSupport
import Foundation
import Testing

/// `aigaq key`, `backup`, `restore` and `audit verify`, run as a user runs
/// them: the real executable, with the key in its environment or not.
@Suite(.serialized) struct SecurityCommandTests {
    struct Setup {
        let aigaq: URL
        let dir: TempDir
        let db: String
        let keyFile: String
        var withKey: [String: String] { ["AIGAQ_KEY_FILE": keyFile] }

        func run(_ arguments: [String], key: Bool = true) throws -> Subprocess.Result {
            try Subprocess.run(aigaq, arguments, environment: key ? withKey : [:])
        }
    }

    /// A keyed database with the sample (it holds a confidential note) imported.
    static func setup() throws -> Setup {
        let dir = try TempDir()
        let s = Setup(aigaq: try IngestCrashTests.binary(), dir: dir, db: dir.path("live.sqlite"), keyFile: dir.path("aigaq.key"))
        #expect(try s.run(["key", "generate", "--out", s.keyFile], key: false).status == 0)
        #expect(try s.run(["init", "--db", s.db]).status == 0)
        #expect(try s.run(["import", "--db", s.db, samplePath]).status == 0)
        return s
    }

    static func export(_ s: Setup, _ db: String) throws -> String {
        let r = try s.run(["export", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func keysAreMadeUsedAndNeededAsDocumented() throws {
        let s = try Self.setup()
        let attributes = try FileManager.default.attributesOfItem(atPath: s.keyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try s.run(["key", "status", "--db", s.db]).stdout.contains("sealing: on, open"))
        #expect(!(try Data(contentsOf: URL(fileURLWithPath: s.db)).contains(Data("Lawyer's phone".utf8))))

        // Without the key: it runs, says what is sealed, shows none of it, writes none of it.
        let status = try s.run(["key", "status", "--db", s.db], key: false)
        #expect(status.stdout.contains("locked"))
        #expect(status.stdout.contains("sealed: 1 values in 1 records"))
        let full = try s.run(["export", "--db", s.db], key: false)
        #expect(full.status == 1)
        #expect(full.stderr.contains("cannot be exported without the key"))
        let open = try s.run(["export", "--db", s.db, "--public"], key: false)
        #expect(open.status == 0)
        #expect(!open.stdout.contains("Lawyer"))
        let show = try s.run(["person", "show", "--db", s.db, "p-tokbergenov-erlan"], key: false)
        #expect(show.status == 0)
        #expect(show.stderr.contains("1 sealed values of this person are not shown"))
        let again = try s.run(["import", "--db", s.db, samplePath], key: false)
        #expect(again.status == 1)
        #expect(again.stderr.contains("AIGAQ_KEY"))

        // With the wrong key: a clear error.
        let wrong = s.dir.path("wrong.key")
        #expect(try s.run(["key", "generate", "--out", wrong], key: false).status == 0)
        let refused = try Subprocess.run(s.aigaq, ["stats", "--db", s.db], environment: ["AIGAQ_KEY_FILE": wrong])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not this database's key"))

        // A new database without a key refuses confidential values, and `key init` fixes that.
        let plain = s.dir.path("plain.sqlite")
        #expect(try s.run(["init", "--db", plain], key: false).status == 0)
        let noKey = try s.run(["import", "--db", plain, samplePath], key: false)
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("aigaq key init"))
        #expect(try s.run(["key", "init", "--db", plain]).status == 0)
        #expect(try s.run(["import", "--db", plain, samplePath]).status == 0)
    }

    @Test func rotationKeepsEveryRecordAndMovesToTheNewKey() throws {
        let s = try Self.setup()
        let before = try Self.export(s, s.db)
        let newKey = s.dir.path("new.key")
        #expect(try s.run(["key", "generate", "--out", newKey], key: false).status == 0)
        let rotated = try s.run(["key", "rotate", "--db", s.db, "--new-key-file", newKey])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(try s.run(["stats", "--db", s.db]).status == 1)
        let after = try Subprocess.run(s.aigaq, ["export", "--db", s.db], environment: ["AIGAQ_KEY_FILE": newKey])
        #expect(after.stdout == before)
        #expect(try Subprocess.run(s.aigaq, ["audit", "verify", "--db", s.db], environment: ["AIGAQ_KEY_FILE": newKey]).status == 0)
    }

    @Test func backupAndRestoreRoundTrip() throws {
        let s = try Self.setup()
        let backup = s.dir.path("backup.sqlite")
        let made = try s.run(["backup", "--db", s.db, backup])
        #expect(made.status == 0, "\(made.stderr)")
        // Sealed values stay sealed in the backup.
        #expect(!(try Data(contentsOf: URL(fileURLWithPath: backup)).contains(Data("Lawyer's phone".utf8))))
        #expect(try s.run(["backup", "--db", s.db, backup]).status == 64)
        // Restored into a new database, it is the same knowledge base.
        let copy = s.dir.path("copy.sqlite")
        let restored = try s.run(["restore", "--db", copy, backup])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Self.export(s, copy) == Self.export(s, s.db))
        let verify = try s.run(["audit", "verify", "--db", copy])
        #expect(verify.status == 0)
        // Restored over the live database after a change, it undoes the change.
        let before = try Self.export(s, s.db)
        let extra = try s.dir.write("extra.jsonl", #"{"type":"person","id":"p-extra","names":[{"value":"Extra Person"}]}"# + "\n")
        #expect(try s.run(["import", "--db", s.db, extra]).status == 0)
        #expect(try s.run(["restore", "--db", s.db, backup]).status == 0)
        #expect(try Self.export(s, s.db) == before)
    }

    @Test(arguments: [
        ("UPDATE auditEntry SET actor = 'intruder' WHERE seq = 1", "audit chain broken at entry 1"),
        ("DELETE FROM auditEntry WHERE seq = 1", "audit chain broken"),
        ("UPDATE sourceBytes SET bytes = CAST('forged' AS BLOB)", "stored bytes hash to"),
    ])
    func aTamperedBackupIsRefusedAndTheLiveDatabaseLeftAlone(_ sql: String, _ words: String) throws {
        let s = try Self.setup()
        let report = try s.dir.write("report.txt", "Bulletin 9\n\n1. Aigerim TESTOVA – 4 years, Article 405.\n")
        #expect(try s.run(["ingest", "--db", s.db, report]).status == 0)
        let backup = s.dir.path("backup.sqlite")
        #expect(try s.run(["backup", "--db", s.db, backup]).status == 0)
        try SQLiteFile.run(backup, sql)
        let liveBefore = try SQLiteFile.dump(s.db)
        let exportBefore = try Self.export(s, s.db)
        let r = try s.run(["restore", "--db", s.db, backup])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("refused"))
        #expect(r.stderr.contains(words), "\(r.stderr)")
        #expect(try Self.export(s, s.db) == exportBefore)
        // Every table, row for row (the file's header changes whenever a program opens it).
        #expect(try SQLiteFile.dump(s.db) == liveBefore)
    }

    @Test func aDamagedBackupIsRefused() throws {
        let s = try Self.setup()
        let backup = s.dir.path("backup.sqlite")
        #expect(try s.run(["backup", "--db", s.db, backup]).status == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        // Pages torn in the middle, as a failing disk or an interrupted copy leaves them.
        for i in stride(from: bytes.count / 3, to: bytes.count / 3 + 4096, by: 7) { bytes[i] ^= 0x5A }
        try bytes.write(to: URL(fileURLWithPath: backup))
        let exportBefore = try Self.export(s, s.db)
        let r = try s.run(["restore", "--db", s.db, backup])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("refused"))
        #expect(try Self.export(s, s.db) == exportBefore)
    }

    @Test func auditVerifyReHashesIngestedReports() throws {
        let s = try Self.setup()
        let report = try s.dir.write("report.txt", "Bulletin 9\n\n1. Aigerim TESTOVA – 4 years, Article 405.\n")
        let memo = try s.dir.write("memo.txt", "Memo of the defence: the client Aigerim TESTOVA was beaten on 3 May 2024.\n")
        #expect(try s.run(["ingest", "--db", s.db, report]).status == 0)
        #expect(try s.run(["ingest", "--db", s.db, "--confidential", memo]).status == 0)
        let ok = try s.run(["audit", "verify", "--db", s.db])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("sources: 2 re-hashed and unchanged, 2 without stored bytes"), "\(ok.stdout)")
        #expect(try s.run(["audit", "verify", "--db", s.db], key: false).stdout.contains("1 sealed (need the key to re-hash)"))
        #expect(!(try Data(contentsOf: URL(fileURLWithPath: s.db)).contains(Data("beaten".utf8))))
        try SQLiteFile.run(s.db, "UPDATE sourceBytes SET bytes = CAST('Bulletin 9 (forged)' AS BLOB) WHERE sealed = 0")
        let bad = try s.run(["audit", "verify", "--db", s.db])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("its stored bytes hash to"))
    }
}

