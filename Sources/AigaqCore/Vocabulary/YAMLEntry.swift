import Foundation
import Yams

/// One YAML mapping read as a vocabulary entry. Every error it throws names the
/// file, the line and the entry, so that a non-programmer can find the mistake.
struct YAMLEntry {
    let file: String
    /// How errors name the entry: `article kz-cc-405`, `event type #3`.
    let entry: String
    let mapping: Node.Mapping
    let line: Int?

    init(_ node: Node, file: String, entry: String) throws {
        guard let mapping = node.mapping else {
            throw VocabularyError.invalidValue(file: file, line: node.mark?.line, entry: entry, field: "(entry)",
                                               reason: "must be a set of fields (key: value)")
        }
        self.file = file; self.entry = entry; self.mapping = mapping; self.line = node.mark?.line
    }

    init(file: String, entry: String, mapping: Node.Mapping, line: Int?) {
        self.file = file; self.entry = entry; self.mapping = mapping; self.line = line
    }

    /// The same entry, named by its id once that is known.
    func named(_ entry: String) -> YAMLEntry { YAMLEntry(file: file, entry: entry, mapping: mapping, line: line) }

    func line(of key: String) -> Int? { mapping[key]?.mark?.line ?? line }

    /// The value of `key`, or nil when absent or null (`~`, `null` or nothing).
    func value(_ key: String) -> Node? {
        guard let node = mapping[key] else { return nil }
        if let scalar = node.scalar, scalar.style == .plain,
           ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return node
    }

    /// The loader composes with `Resolver.basic` (every scalar is text), which
    /// is several times faster than resolving tags by regular expressions; the
    /// few booleans and numbers are read here, from unquoted scalars only.
    static func plain(_ node: Node) -> String? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        return scalar.string
    }

    /// Fails on any key outside `allowed` (a typo must not pass silently) and
    /// on a key given twice (only one of the two values would be read).
    func allowOnly(_ allowed: Set<String>) throws {
        var seen: Set<String> = []
        for (key, _) in mapping {
            let name = key.string ?? "?"
            if !allowed.contains(name) {
                throw VocabularyError.unknownKey(file: file, line: key.mark?.line ?? line, entry: entry, key: name)
            }
            if !seen.insert(name).inserted {
                throw VocabularyError.invalidValue(file: file, line: key.mark?.line ?? line, entry: entry, field: name,
                                                   reason: "is given twice")
            }
        }
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else {
            throw VocabularyError.missingField(file: file, line: line, entry: entry, field: key)
        }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let node = value(key) else { return nil }
        guard let scalar = node.scalar else {
            throw invalid(key, "must be a single text value")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw invalid(key, "is empty") }
        return text
    }

    func bool(_ key: String) throws -> Bool {
        guard let node = value(key) else {
            throw VocabularyError.missingField(file: file, line: line, entry: entry, field: key)
        }
        let value: Bool? = switch Self.plain(node)?.lowercased() {
        case "true", "yes": true
        case "false", "no": false
        default: nil
        }
        guard let value else { throw invalid(key, "must be true or false") }
        return value
    }

    func int(_ key: String) throws -> Int {
        guard let node = value(key) else {
            throw VocabularyError.missingField(file: file, line: line, entry: entry, field: key)
        }
        guard let value = Self.plain(node).flatMap({ Int($0) }) else { throw invalid(key, "must be a whole number") }
        return value
    }

    /// A value from a fixed set (an enum's raw values).
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let raw = try optionalString(key) else { return nil }
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw invalid(key, "is '\(raw)'; it must be one of: \(allowed)")
        }
        return value
    }

    /// A `{en, ru, kk}` label; `kk` may be required.
    func label(_ key: String, requireKazakh: Bool = false) throws -> LocalizedLabel {
        guard let label = try optionalLabel(key, requireKazakh: requireKazakh) else {
            throw VocabularyError.missingField(file: file, line: line, entry: entry, field: key)
        }
        return label
    }

    func optionalLabel(_ key: String, requireKazakh: Bool = false) throws -> LocalizedLabel? {
        guard let node = value(key) else { return nil }
        let sub = try YAMLEntry(node, file: file, entry: "\(entry), \(key)")
        try sub.allowOnly(["en", "ru", "kk"])
        let en = try sub.string("en"), ru = try sub.string("ru")
        let kk = requireKazakh ? try sub.string("kk") : try sub.optionalString("kk")
        return LocalizedLabel(en: en, ru: ru, kk: kk)
    }

    /// A list under `key` (empty when absent unless `required`).
    func sequence(_ key: String, required: Bool = false) throws -> [Node] {
        guard let node = value(key) else {
            if required { throw VocabularyError.missingField(file: file, line: line, entry: entry, field: key) }
            return []
        }
        guard let sequence = node.sequence else { throw invalid(key, "must be a list (lines starting with '-')") }
        return Array(sequence)
    }

    func invalid(_ key: String, _ reason: String) -> VocabularyError {
        .invalidValue(file: file, line: line(of: key), entry: entry, field: key, reason: reason)
    }
}
