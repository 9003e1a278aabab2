@testable import AigaqAccounts
import AigaqSQLite
import AigaqStore
import Foundation
import Testing

/// The account commands and role checks, run as real processes: secrets go
/// in on standard input and come out on standard output, as a user sees them.
/// These use the production bcrypt cost (there is no way to lower it from outside).
@Suite(.serialized) struct AccountCommandTests {
    struct Result { var status: Int32; var out: String; var err: String }

    static func binary() throws -> URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("aigaq"), dir.deletingLastPathComponent().appendingPathComponent("aigaq")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw AccountError.notFound("the aigaq executable next to \(dir.path); build it with swift build")
    }

    let dir: URL
    let db: String
    /// The sample holds a confidential note: every run seals with this key, whatever
    /// key other suites in the same test process have put in the environment, or none.
    let key = MasterKey.generate().base64

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-account-commands-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        db = dir.appendingPathComponent("a.sqlite").path
    }

    @discardableResult
    func aigaq(_ arguments: [String], stdin: String? = nil, token: String? = nil, withKey: Bool = true) throws -> Result {
        let p = Process()
        p.executableURL = try Self.binary()
        p.arguments = arguments + ["--db", db]
        var env = ProcessInfo.processInfo.environment
        env["AIGAQ_TOKEN"] = token
        env["AIGAQ_DB"] = nil
        env[MasterKey.environmentVariable] = withKey ? key : nil
        env[MasterKey.fileEnvironmentVariable] = nil
        p.environment = env
        let input = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = input; p.standardOutput = out; p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data((stdin ?? "").utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static var sample: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/sample.jsonl").path
    }

    /// The database file and its write-ahead log, as bytes.
    func fileBytes() -> Data {
        var bytes = (try? Data(contentsOf: URL(fileURLWithPath: db))) ?? Data()
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: db + "-wal")) { bytes.append(wal) }
        return bytes
    }

    @Test func fromTheFirstAccountToTokensRolesAndRevocation() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = "tulips under the snow 2025"

        // A fresh database is run by its local operator, as before accounts.
        #expect(try aigaq(["init"]).status == 0)
        #expect(try aigaq(["import", Self.sample]).status == 0)

        // The operator adds the first admin; the password comes from standard input only.
        let added = try aigaq(["user", "add", "amina", "--role", "admin", "--password-stdin"], stdin: password + "\n")
        #expect(added.status == 0)
        #expect(!added.out.contains(password) && !added.err.contains(password))
        #expect(fileBytes().range(of: Data(password.utf8)) == nil)

        // From now on, writes and internal reads need a token; public reads do not.
        let refused = try aigaq(["user", "add", "daulet", "--role", "viewer"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("AIGAQ_TOKEN"))
        #expect(try aigaq(["import", Self.sample]).status == 1)
        #expect(try aigaq(["search", "Zhylanbayev"]).status == 1)
        #expect(try aigaq(["stats"]).status == 0)
        #expect(try aigaq(["export", "--format", "jsonl", "--public", "--out", dir.appendingPathComponent("p.jsonl").path]).status == 0)

        // The admin signs in with the password to get a token, printed once on standard output.
        #expect(try aigaq(["token", "create", "--user", "amina", "--role", "admin", "--expires", "1", "--password-stdin"],
                          stdin: "not the password\n").status == 1)
        let created = try aigaq(["token", "create", "--user", "amina", "--role", "admin", "--expires", "1", "--password-stdin"],
                                stdin: password + "\n")
        #expect(created.status == 0)
        let admin = created.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(admin.hasPrefix("aigaq_"))
        #expect(fileBytes().range(of: Data(admin.utf8)) == nil)

        // With it: a reviewer with a generated one-time password, printed once.
        let daulet = try aigaq(["user", "add", "daulet", "--role", "reviewer"], token: admin)
        #expect(daulet.status == 0)
        let oneTime = daulet.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(oneTime.count == 29 && !oneTime.contains("\n"))
        let list = try aigaq(["user", "list"], token: admin)
        #expect(list.out.contains("amina\tadmin") && list.out.contains("daulet\treviewer\tone-time password"))
        #expect(!list.out.contains("bcrypt"))

        // Writes are recorded under the token's user.
        #expect(try aigaq(["import", Self.sample], token: admin).status == 0)
        #expect(fileBytes().range(of: Data("amina (tok_".utf8)) != nil)
        #expect(try aigaq(["audit", "verify"], token: admin).status == 0)

        // The reviewer replaces the one-time password (current, then new), then gets a token.
        let newPassword = "a river in the steppe at dawn"
        #expect(try aigaq(["token", "create", "--user", "daulet", "--role", "reviewer", "--expires", "7", "--password-stdin"],
                          stdin: oneTime + "\n").status == 1)
        #expect(try aigaq(["user", "password", "daulet", "--password-stdin"], stdin: "\(oneTime)\n\(newPassword)\n").status == 0)
        let reviewerToken = try aigaq(["token", "create", "--user", "daulet", "--role", "reviewer", "--expires", "7", "--password-stdin"],
                                      stdin: newPassword + "\n").out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(reviewerToken.hasPrefix("aigaq_"))
        // A role above the user's is refused.
        #expect(try aigaq(["token", "create", "--user", "daulet", "--role", "editor", "--expires", "7"], token: reviewerToken).status == 64)

        // The reviewer may read and review, not import or manage users.
        #expect(try aigaq(["search", "Zhylanbayev"], token: reviewerToken).status == 0)
        #expect(try aigaq(["review", "list"], token: reviewerToken).status == 0)
        let forbidden = try aigaq(["import", Self.sample], token: reviewerToken)
        #expect(forbidden.status == 1)
        #expect(forbidden.err.contains("reviewer role does not allow edit"))
        #expect(try aigaq(["user", "list"], token: reviewerToken).status == 1)

        // Revoking a token stops it; disabling a user stops their tokens.
        let tokens = try aigaq(["token", "list", "--user", "daulet"], token: reviewerToken).out
        let id = try #require(tokens.split(separator: "\t").first.map(String.init))
        #expect(id.hasPrefix("tok_"))
        #expect(try aigaq(["session", "revoke", "--user", "daulet"], token: admin).status == 0)
        #expect(try aigaq(["token", "revoke", id], token: reviewerToken).status == 0)
        #expect(try aigaq(["search", "Zhylanbayev"], token: reviewerToken).status == 1)
        let second = try aigaq(["token", "create", "--user", "daulet", "--role", "viewer", "--expires", "1"], token: admin)
            .out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try aigaq(["search", "Zhylanbayev"], token: second).status == 0)
        #expect(try aigaq(["user", "disable", "daulet"], token: admin).status == 0)
        #expect(try aigaq(["search", "Zhylanbayev"], token: second).status == 1)
        // The last admin stays.
        #expect(try aigaq(["user", "disable", "amina"], token: admin).status == 64)
    }

    @Test func twoFactorEnrolmentPrintsAURIAndThenTokensNeedACode() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = "tulips under the snow 2025"
        #expect(try aigaq(["user", "add", "amina", "--role", "admin", "--password-stdin"], stdin: password + "\n").status == 0)
        let admin = try aigaq(["token", "create", "--user", "amina", "--role", "admin", "--expires", "1", "--password-stdin"],
                              stdin: password + "\n").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let enrolled = try aigaq(["user", "totp", "amina"], token: admin)
        #expect(enrolled.status == 0)
        let uri = enrolled.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(uri.hasPrefix("otpauth://totp/Aigaq:amina?secret="))
        let text = try #require(URLComponents(string: uri)?.queryItems?.first { $0.name == "secret" }?.value)
        let secret = try #require(Base32.decode(text))
        // Given a key, the secret is sealed: not in the file, and no warning.
        #expect(fileBytes().range(of: Data(text.utf8)) == nil)
        #expect(!enrolled.err.contains("in clear"))

        let create = ["token", "create", "--user", "amina", "--role", "viewer", "--expires", "1", "--password-stdin"]
        #expect(try aigaq(create, stdin: password + "\n").status == 1)
        let code = TOTP(secret: secret).code(at: Date())
        #expect(try aigaq(create, stdin: "\(password)\n\(code)\n").status == 0)
        // The same code again is a replay.
        #expect(try aigaq(create, stdin: "\(password)\n\(code)\n").status == 1)
        #expect(try aigaq(["user", "totp", "amina", "--remove"], token: admin).status == 0)
        #expect(try aigaq(create, stdin: password + "\n").status == 0)
    }

    /// Without any key the secret is kept in clear, loudly; the first command
    /// given a key seals it, and logins go on working.
    @Test func aSecretKeptInClearIsSealedWhenTheDatabaseGetsAKey() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = "tulips under the snow 2025"
        #expect(try aigaq(["user", "add", "amina", "--role", "admin", "--password-stdin"], stdin: password + "\n", withKey: false).status == 0)
        let admin = try aigaq(["token", "create", "--user", "amina", "--role", "admin", "--expires", "1", "--password-stdin"],
                              stdin: password + "\n", withKey: false).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let enrolled = try aigaq(["user", "totp", "amina"], token: admin, withKey: false)
        #expect(enrolled.status == 0)
        #expect(enrolled.err.contains("1 accounts keep their TOTP secret in clear"))
        #expect(try aigaq(["key", "status"], withKey: false).out.contains("in clear"))
        let text = try #require(URLComponents(string: enrolled.out.trimmingCharacters(in: .whitespacesAndNewlines))?
            .queryItems?.first { $0.name == "secret" }?.value)
        #expect(fileBytes().range(of: Data(text.utf8)) != nil)

        let status = try aigaq(["key", "status"])
        #expect(status.out.contains("sealing: on, open"))
        #expect(!status.out.contains("in clear"))
        #expect(fileBytes().range(of: Data(text.utf8)) == nil)
        let code = TOTP(secret: try #require(Base32.decode(text))).code(at: Date())
        let create = ["token", "create", "--user", "amina", "--role", "viewer", "--expires", "1", "--password-stdin"]
        #expect(try aigaq(create, stdin: "\(password)\n\(code)\n").status == 0)
    }

    @Test func passwordsAreNeverArgumentsAndBadInputIsAUsageError() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try aigaq(["user", "add", "amina", "--role", "admin", "--password", "secret-in-argv"]).status == 64)
        #expect(try aigaq(["user", "add", "amina", "--role", "superuser"]).status == 64)
        #expect(try aigaq(["user", "password", "amina"]).status == 64)
        #expect(try aigaq(["user", "add", "amina", "--role", "admin", "--password-stdin"], stdin: "").status == 64)
        let weak = try aigaq(["user", "add", "amina", "--role", "admin", "--password-stdin"], stdin: "short\n")
        #expect(weak.status == 64)
        #expect(weak.err.contains("at least 12 characters"))
        #expect(try aigaq(["user", "add", "-bad", "--role", "admin"]).status != 0)
        // Nothing was created by the refused commands.
        #expect(try await SQLiteStore(path: db).users().isEmpty)
    }
}
