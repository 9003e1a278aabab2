import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation

/// How the command line decides who runs a command and what they may do
/// (docs/SECURITY.md, "Accounts and sessions"):
///
/// - A database with no accounts is run by its local operator: whoever can
///   open the file may do everything, as before accounts existed.
/// - Once it has an account, a command that needs more than `read-public`
///   needs `AIGAQ_TOKEN`: an API token whose role allows it. The token's user
///   is the actor recorded in the audit chain and on decisions.
enum CommandAuthority {
    static let tokenVariable = "AIGAQ_TOKEN"

    /// Who runs this command, once checked for `permission` (nil: any signed-in
    /// account). nil for an anonymous public read.
    static func principal(for permission: Permission?, store: any KnowledgeStore) async throws -> Principal? {
        guard let accounts = store as? any AccountStore, try await accounts.userCount() > 0 else {
            return .localOperator(ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator")
        }
        guard let token = ProcessInfo.processInfo.environment[tokenVariable], !token.isEmpty else {
            if let permission, PermissionMatrix.allows(nil, permission) { return nil }
            let what = permission.map { "a role that allows \($0.rawValue)" } ?? "an account"
            throw AigaqError.permissionDenied("""
                this database has accounts: set \(tokenVariable) to an API token with \(what) \
                (aigaq token create --user NAME --role ROLE --expires DAYS --password-stdin)
                """)
        }
        guard let principal = try await service(accounts).principal(forAPIToken: token) else {
            throw AigaqError.permissionDenied("\(tokenVariable) is not a valid token (unknown, expired or revoked, or its user is disabled)")
        }
        if let permission { try authorize(principal, permission) }
        return principal
    }

    /// The accounts service of a store, at the production password cost.
    static func service(_ store: any AccountStore) -> AccountService { AccountService(store: store) }

    static func accounts(_ store: any KnowledgeStore) throws -> any AccountStore {
        guard let accounts = store as? any AccountStore else {
            throw AigaqError.database(reason: "this database does not keep accounts")
        }
        return accounts
    }
}

/// A store opened for a command, with who runs it.
struct AuthorizedStore {
    let store: any KnowledgeStore
    /// nil: an anonymous public read.
    let principal: Principal?

    /// The actor to record: the account when the database has accounts, else
    /// what the command names (`cli`, `--actor`), as before accounts.
    func actor(_ fallback: String) -> String {
        guard let principal, principal.channel != .localOperator else { return fallback }
        return principal.auditName
    }
}

extension StoreFactory {
    /// Opens the store and checks that whoever runs the command may do `permission`.
    static func open(_ location: String, for permission: Permission) async throws -> AuthorizedStore {
        let store = try open(location)
        return AuthorizedStore(store: store, principal: try await CommandAuthority.principal(for: permission, store: store))
    }
}

/// Secrets read from standard input, one a line, never from arguments (which
/// other users see in `ps`) and never echoed.
enum SecretInput {
    static func lines() throws -> [String] {
        if isatty(0) != 0 { Console.info("reading from standard input (end with Ctrl-D)") }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            .filter { !$0.isEmpty }
    }
}
