import Foundation

/// The errors a user may see. `message` is safe to show: it says what was
/// wrong and where, never internal detail.
public enum AigaqError: Error, LocalizedError, Equatable, Sendable {
    /// Bad input data (exit 65): a file and, where known, a line.
    case badInput(file: String, line: Int?, reason: String)
    /// Something asked for does not exist.
    case notFound(what: String)
    /// The database is in use or cannot be opened.
    case database(reason: String)
    /// Another program holds the database's write lock (exit 65: nothing was changed).
    case locked(path: String)
    /// An edit based on an old version of a record (optimistic concurrency).
    case staleEdit(entity: String, expected: Int, found: Int)
    /// A usage error (exit 64).
    case usage(String)
    case permissionDenied(String)

    public var message: String {
        switch self {
        case let .badInput(file, line, reason):
            if let line { return "\(file):\(line): \(reason)" }
            return "\(file): \(reason)"
        case let .notFound(what): return "not found: \(what)"
        case let .database(reason): return "database: \(reason)"
        case let .locked(path): return "\(path) is locked by another program; nothing was changed, try again when it has finished"
        case let .staleEdit(entity, expected, found):
            return "\(entity) was changed by someone else (you edited version \(expected), it is now \(found)); reload and edit again"
        case let .usage(text): return text
        case let .permissionDenied(text): return "permission denied: \(text)"
        }
    }

    public var errorDescription: String? { message }

    /// The exit code the command line uses (sysexits: 64 usage, 65 data).
    public var exitCode: Int32 {
        switch self {
        case .badInput, .locked: 65
        case .usage: 64
        default: 1
        }
    }
}
