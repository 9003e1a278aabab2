import AigaqCore

/// Which person a user means by an id or a name.
public enum PersonLookup {
    /// The person with the id, else the one person the name matches (or the
    /// one whose name folds to the same key); several is a usage error that
    /// lists them, none is not found.
    public static func choose(_ query: String, byID: Person?, matches: [Person]) throws -> Person {
        if let byID { return byID }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty { throw AigaqError.notFound(what: "person \"\(query)\"") }
        let key = NameFolding.searchKey(query)
        let exact = matches.filter { p in p.names.contains { NameFolding.searchKey($0.value) == key } }
        if exact.count == 1 { return exact[0] }
        let list = matches.map { "  \($0.id.rawValue)  \($0.displayName)" }.joined(separator: "\n")
        throw AigaqError.usage("several persons match \"\(query)\"; give an id:\n\(list)")
    }
}
