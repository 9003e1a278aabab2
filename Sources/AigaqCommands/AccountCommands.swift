import AigaqAccounts
import AigaqCore
import AigaqStore
import ArgumentParser
import Foundation

extension Role: ExpressibleByArgument {}

/// Opens the store and the accounts service, with who runs the command.
private func accountsContext(_ location: String, for permission: Permission?) async throws -> (AccountService, Principal?) {
    let store = try StoreFactory.open(location)
    let principal = try await CommandAuthority.principal(for: permission, store: store)
    return (CommandAuthority.service(try CommandAuthority.accounts(store)), principal)
}

/// Reports like every command, with refused input (a weak password, a bad
/// name, a role above the ceiling) as a usage error (exit 64).
private func runAccountCommand(_ body: () async throws -> Void) async throws {
    try await runReportingErrors {
        do {
            try await body()
        } catch let error as AccountError {
            switch error {
            case .weakPassword, .invalid: throw AigaqError.usage(error.message)
            case .notFound(let what): throw AigaqError.notFound(what: what)
            default: throw error
            }
        }
    }
}

/// The principal of a command that must be signed in.
private func signedIn(_ principal: Principal?) throws -> Principal {
    guard let principal else { throw AccountError.notSignedIn }
    return principal
}

private func printJSON(_ value: some Encodable) throws {
    let encoder = AigaqJSON.encoder()
    encoder.outputFormatting.insert(.prettyPrinted)
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// What `user list` shows: never a hash or a secret.
private struct UserListing: Encodable {
    var username: String
    var role: String
    var disabled: Bool
    var totp: Bool
    var mustChangePassword: Bool
    var created: Date

    init(_ u: User) {
        username = u.username; role = u.role.rawValue; disabled = u.disabled; totp = u.totpSecret != nil
        mustChangePassword = u.mustChangePassword; created = u.created
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts: add, list, disable, passwords, two-factor enrolment.",
        discussion: """
            On a database without accounts the local operator may add the first one;
            after that these commands need AIGAQ_TOKEN with the admin role (or, for
            `password` and `totp`, the account's own token). Passwords are read from
            standard input, never from arguments.

            Examples:
              aigaq user add amina --role admin --password-stdin < password.txt
              aigaq user add daulet --role reviewer
              aigaq user list
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, SetRole.self, Password.self, TOTPEnrol.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; without --password-stdin a one-time password is printed once.",
            discussion: "Example:\n  aigaq user add daulet --role reviewer")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Username: letters a-z, digits, '.', '_' or '-'.") var name: String
        @Option(help: "admin, editor, reviewer or viewer.") var role: Role
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            try await runAccountCommand {
                let password = passwordStdin ? try SecretInput.lines().first : nil
                if passwordStdin && password == nil { throw AigaqError.usage("no password on standard input") }
                let (service, principal) = try await accountsContext(database.location, for: .manageUsers)
                let (user, oneTime) = try await service.addUser(username: name, role: role, password: password, by: try signedIn(principal))
                Console.info("added \(user.username) (\(user.role.rawValue))")
                if let oneTime {
                    Console.info("one-time password (shown once; it must be changed at the first login):")
                    print(oneTime)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.", discussion: "Example:\n  aigaq user list --json")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: .manageUsers)
                let users = try await service.users(by: try signedIn(principal)).map(UserListing.init)
                if json { try printJSON(users); return }
                if users.isEmpty { Console.info("no accounts: the local operator runs this database") }
                for u in users {
                    let flags = [u.disabled ? "disabled" : nil, u.totp ? "totp" : nil, u.mustChangePassword ? "one-time password" : nil]
                        .compactMap { $0 }
                    print("\(u.username)\t\(u.role)\t\(flags.joined(separator: ", "))")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: its sessions end and its tokens stop working.",
            discussion: "Example:\n  aigaq user disable daulet")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: .manageUsers)
                try await service.disableUser(username: name, by: try signedIn(principal))
                Console.info("disabled \(name)")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.", discussion: "Example:\n  aigaq user enable daulet")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: .manageUsers)
                try await service.enableUser(username: name, by: try signedIn(principal))
                Console.info("enabled \(name)")
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "Change an account's role.", discussion: "Example:\n  aigaq user role daulet --role editor")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String
        @Option(help: "admin, editor, reviewer or viewer.") var role: Role

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: .manageUsers)
                try await service.setRole(username: name, role: role, by: try signedIn(principal))
                Console.info("\(name) is now \(role.rawValue)")
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a password, read from standard input; every session of the account ends.",
            discussion: """
                With AIGAQ_TOKEN (an admin's), standard input holds the new password, which the
                account must change at its next login. Without it, the account changes its own
                password: standard input holds the current password, the new one, and (with
                two-factor) a code, one a line; this is also how a one-time password is replaced.

                Examples:
                  aigaq user password daulet --password-stdin < new.txt
                  printf '%s\\n%s\\n' "$OLD" "$NEW" | aigaq user password daulet --password-stdin
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String
        @Flag(help: "Read the password(s) from standard input (required).") var passwordStdin = false

        func validate() throws {
            if !passwordStdin { throw ValidationError("passwords are read from standard input: add --password-stdin") }
        }

        func run() async throws {
            try await runAccountCommand {
                let lines = try SecretInput.lines()
                let store = try StoreFactory.open(database.location)
                let service = CommandAuthority.service(try CommandAuthority.accounts(store))
                let hasToken = !(ProcessInfo.processInfo.environment[CommandAuthority.tokenVariable] ?? "").isEmpty
                if hasToken {
                    guard let new = lines.first else { throw AigaqError.usage("no password on standard input") }
                    let principal = try signedIn(try await CommandAuthority.principal(for: nil, store: store))
                    try await service.setPassword(username: name, password: new, by: principal)
                } else {
                    guard lines.count >= 2 else { throw AigaqError.usage("standard input must hold the current password, then the new one") }
                    let principal = try await service.authenticate(username: name, password: lines[0], code: lines.count > 2 ? lines[2] : nil)
                    try await service.setPassword(username: name, password: lines[1], by: principal)
                }
                Console.info("password of \(name) changed; its sessions have ended")
            }
        }
    }

    struct TOTPEnrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "totp",
            abstract: "Enrol a two-factor (TOTP) secret and print its otpauth:// URI once.",
            discussion: """
                Give the URI to the account's authenticator app (for example as a QR code:
                qrencode -t ansiutf8). From then on, logins ask for a code. --remove removes it.

                Examples:
                  aigaq user totp amina
                  aigaq user totp amina --remove
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String
        @Flag(help: "Remove the second factor instead.") var remove = false

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: nil)
                if remove {
                    try await service.removeTOTP(username: name, by: try signedIn(principal))
                    Console.info("removed the second factor of \(name)")
                    return
                }
                let enrolment = try await service.enrolTOTP(username: name, by: try signedIn(principal))
                Console.info("enrolled a TOTP secret for \(name); give this URI to the authenticator app (shown once):")
                print(enrolment.uri)
                if let warning = try await ClearSecrets.warning(service.store) { Console.info(warning) }
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API tokens for scripts, the JSON API and AIGAQ_TOKEN.",
        discussion: """
            A token has a role (never above its user's or its creator's) and an expiry. It is
            printed once and stored only as its SHA-256.

            Examples:
              aigaq token create --user amina --role admin --expires 30 --password-stdin < password.txt
              AIGAQ_TOKEN=aigaq_… aigaq token create --user daulet --role reviewer --expires 7
              aigaq token revoke tok_3f9a0c5e7b21d846
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once.",
            discussion: """
                Signed in by AIGAQ_TOKEN (the user's own, or an admin's for anyone), or with
                --password-stdin by the user's password (and, with two-factor, a code on the next line).

                Example:
                  aigaq token create --user amina --role editor --expires 30 --password-stdin < password.txt
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Whose token.") var user: String
        @Option(help: "admin, editor, reviewer or viewer.") var role: Role
        @Option(help: "Days until it expires (1 to 365).") var expires: Int
        @Option(help: "A note saying what it is for.") var label: String?
        @Flag(help: "Sign in as --user with the password on standard input.") var passwordStdin = false

        func run() async throws {
            try await runAccountCommand {
                let store = try StoreFactory.open(database.location)
                let service = CommandAuthority.service(try CommandAuthority.accounts(store))
                let principal: Principal
                if passwordStdin {
                    let lines = try SecretInput.lines()
                    guard let password = lines.first else { throw AigaqError.usage("no password on standard input") }
                    principal = try await service.authenticate(username: user, password: password, code: lines.count > 1 ? lines[1] : nil)
                } else {
                    principal = try signedIn(try await CommandAuthority.principal(for: nil, store: store))
                }
                let created = try await service.createToken(for: user, role: role, days: expires, label: label, by: principal)
                Console.info("token \(created.record.id) for \(user) (\(role.rawValue)), expires \(ISO8601DateFormatter().string(from: created.record.expires)); shown once:")
                print(created.token)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).", discussion: "Example:\n  aigaq token list --user daulet")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this user's (default: every user's, for admins).") var user: String?

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: nil)
                let f = ISO8601DateFormatter()
                for t in try await service.tokens(of: user, by: try signedIn(principal)) {
                    let state = t.revoked.map { "revoked \(f.string(from: $0))" } ?? "expires \(f.string(from: t.expires))"
                    print("\(t.id)\t\(t.role.rawValue)\t\(state)\t\(t.label ?? "")")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token.", discussion: "Example:\n  aigaq token revoke tok_3f9a0c5e7b21d846")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The token's id (tok_…).") var id: String

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: nil)
                try await service.revokeToken(id: id, by: try signedIn(principal))
                Console.info("revoked \(id)")
            }
        }
    }
}

struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Web sessions.",
        discussion: "Example:\n  aigaq session revoke --user daulet",
        subcommands: [Revoke.self])

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End every session of an account (its own token, or an admin's).",
            discussion: "Example:\n  aigaq session revoke --user daulet")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Whose sessions.") var user: String

        func run() async throws {
            try await runAccountCommand {
                let (service, principal) = try await accountsContext(database.location, for: nil)
                let n = try await service.revokeSessions(username: user, by: try signedIn(principal))
                Console.info("ended \(n) session\(n == 1 ? "" : "s") of \(user)")
            }
        }
    }
}

/// TOTP secrets kept in clear: a database without a data key keeps them
/// `plain:` rather than refuse a second factor (docs/SECURITY.md), and says so
/// loudly wherever it matters (`user totp`, `key status`, `serve`).
enum ClearSecrets {
    static func warning(_ accounts: any AccountStore) async throws -> String? {
        let clear = try await accounts.users().filter { $0.totpSecret.map { !AccountSecrets.isSealed($0) } ?? false }.count
        guard clear > 0 else { return nil }
        return "warning: \(clear) accounts keep their TOTP secret in clear (this database has no data key): "
            + "make a key (aigaq key generate), set AIGAQ_KEY or AIGAQ_KEY_FILE and run `aigaq key init` to seal them"
    }
}
