import Foundation

/// Given-name knowledge from `name-forms.yaml`: groups of forms that may
/// name the same person (Bota / Botagoz) and common given names, which help
/// tell the given name from the surname.
///
/// The file lives in AigaqCore's bundle; the caller passes its text or URL,
/// so this target needs no resources of its own.
public struct NameForms: Sendable, Hashable {
    /// Given-name key → indices of the variant groups it belongs to
    /// (a short form such as "Sasha" may sit in two groups).
    private var groupsByKey: [String: [Int]] = [:]
    /// The groups as written in the file, for reasons a reviewer reads.
    public private(set) var groups: [[String]] = []
    private var givenKeys: Set<String> = []
    /// Per group, the key of its first form.
    private var groupFirstKeys: [String] = []

    /// No variants, no known given names: names must then match on keys alone.
    public static let empty = NameForms()

    private init() {}

    /// Parses the file's restricted YAML: top-level keys `variants` and
    /// `given`, each a list whose items are `[a, b, c]` or a single name.
    public init(yaml: String) throws {
        var section = ""
        for (number, rawLine) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if !line.hasPrefix(" "), !line.hasPrefix("-"), trimmed.hasSuffix(":") {
                section = String(trimmed.dropLast())
                continue
            }
            guard trimmed.hasPrefix("-") else {
                throw NameFormsError.syntax(line: number + 1, text: trimmed)
            }
            var item = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            if item.hasPrefix("[") {
                guard item.hasSuffix("]") else { throw NameFormsError.syntax(line: number + 1, text: trimmed) }
                item = String(item.dropFirst().dropLast())
            }
            let names = item.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
                .filter { !$0.isEmpty }
            switch section {
            case "variants":
                guard names.count >= 2 else { throw NameFormsError.syntax(line: number + 1, text: trimmed) }
                addGroup(names)
            case "given":
                for name in names { givenKeys.insert(NameKeys.given(name)) }
            default:
                throw NameFormsError.unknownSection(section, line: number + 1)
            }
        }
    }

    /// Reads the file at `url` (the lead passes `Vocabulary.resourceURL(named:)`).
    public init(contentsOf url: URL) throws {
        try self.init(yaml: String(contentsOf: url, encoding: .utf8))
    }

    /// Adds a group in code (tests, or names a reviewer taught the system).
    public mutating func addGroup(_ names: [String]) {
        let index = groups.count
        groups.append(names)
        groupFirstKeys.append(NameKeys.given(names[0]))
        for name in names {
            let key = NameKeys.given(name)
            if key.isEmpty { continue }
            if !(groupsByKey[key]?.contains(index) ?? false) { groupsByKey[key, default: []].append(index) }
            givenKeys.insert(key)
        }
    }

    /// Whether two given-name keys are forms of one name in some group.
    public func areVariants(_ a: String, _ b: String) -> Bool {
        guard a != b, let ga = groupsByKey[a], let gb = groupsByKey[b] else { return false }
        return ga.contains { gb.contains($0) }
    }

    /// Whether `key` has any variant in the file.
    public func hasVariants(_ key: String) -> Bool { groupsByKey[key] != nil }

    /// One key per name group (the group's first form), so that variants
    /// land in the same block; a name outside every group is its own key.
    public func groupKey(_ key: String) -> String {
        guard let first = groupsByKey[key]?.first else { return key }
        return groupFirstKeys[first]
    }

    /// Whether `key` (a given-name key) is a known given name.
    public func isKnownGivenName(_ key: String) -> Bool { givenKeys.contains(key) }
}

public enum NameFormsError: Error, Sendable, Equatable, CustomStringConvertible {
    case syntax(line: Int, text: String)
    case unknownSection(String, line: Int)

    public var description: String {
        switch self {
        case let .syntax(line, text): "name-forms.yaml:\(line): cannot read \"\(text)\""
        case let .unknownSection(name, line): "name-forms.yaml:\(line): unknown section \"\(name)\""
        }
    }
}
