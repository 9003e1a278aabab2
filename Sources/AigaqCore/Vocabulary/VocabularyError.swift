import Foundation

/// A vocabulary file that cannot be used. Every case names the file and, where
/// known, the line and the entry, so that whoever edited the data can fix it.
public enum VocabularyError: Error, LocalizedError, Equatable, Sendable {
    /// The vocabulary folder or a file in it cannot be read.
    case unreadable(file: String, reason: String)
    /// The file is not valid YAML.
    case syntax(file: String, line: Int?, reason: String)
    /// An entry lacks a field it must have.
    case missingField(file: String, line: Int?, entry: String, field: String)
    /// A field has a value of the wrong kind or outside the allowed set.
    case invalidValue(file: String, line: Int?, entry: String, field: String, reason: String)
    /// A key that the vocabulary does not know (often a typo).
    case unknownKey(file: String, line: Int?, entry: String, key: String)
    /// An id that does not follow the rules for its kind.
    case invalidID(file: String, line: Int?, kind: String, id: String, reason: String)
    /// The same id twice, in one file or across files.
    case duplicateID(file: String, line: Int?, kind: String, id: String, firstFile: String)
    /// `extends` or another reference names an id that does not exist (or loops).
    case unknownReference(file: String, line: Int?, entry: String, field: String, id: String)
    /// No file in the folder provides a section the program needs.
    case missingSection(section: String, directory: String)

    /// The file the problem is in (the folder for a missing section).
    public var file: String {
        switch self {
        case let .unreadable(file, _), let .syntax(file, _, _), let .missingField(file, _, _, _),
             let .invalidValue(file, _, _, _, _), let .unknownKey(file, _, _, _), let .invalidID(file, _, _, _, _),
             let .duplicateID(file, _, _, _, _), let .unknownReference(file, _, _, _, _):
            return file
        case let .missingSection(_, directory):
            return directory
        }
    }

    /// The line in `file`, where known.
    public var line: Int? {
        switch self {
        case let .syntax(_, line, _), let .missingField(_, line, _, _), let .invalidValue(_, line, _, _, _),
             let .unknownKey(_, line, _, _), let .invalidID(_, line, _, _, _), let .duplicateID(_, line, _, _, _),
             let .unknownReference(_, line, _, _, _):
            return line
        case .unreadable, .missingSection:
            return nil
        }
    }

    /// What is wrong, without the file and line.
    public var reason: String {
        switch self {
        case let .unreadable(_, reason): return "cannot be read: \(reason)"
        case let .syntax(_, _, reason): return "not valid YAML: \(reason)"
        case let .missingField(_, _, entry, field): return "\(entry): missing required field '\(field)'"
        case let .invalidValue(_, _, entry, field, reason): return "\(entry): field '\(field)' \(reason)"
        case let .unknownKey(_, _, entry, key): return "\(entry): unknown field '\(key)' (a typo?)"
        case let .invalidID(_, _, kind, id, reason): return "\(kind) id '\(id)' is invalid: \(reason)"
        case let .duplicateID(file, _, kind, id, firstFile):
            return firstFile == file
                ? "\(kind) id '\(id)' is defined twice in this file"
                : "\(kind) id '\(id)' is already defined in \(firstFile)"
        case let .unknownReference(_, _, entry, field, id): return "\(entry): '\(field)' names '\(id)', which does not exist"
        case let .missingSection(section, _): return "no vocabulary file defines '\(section)'"
        }
    }

    /// `file:line: reason`, safe to show to users.
    public var message: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }

    public var errorDescription: String? { message }

    /// The same problem as the program-wide error (exit code 65 on the command line).
    public var aigaqError: AigaqError { .badInput(file: file, line: line, reason: reason) }
}
