import AigaqCore
import AigaqStore

/// The headline counts of a list as of a date: what `aigaq stats` prints and
/// the home page shows. JSON keys are the command line's contract.
public struct HeadlineStats: Hashable, Sendable, Codable {
    public var asOf: String?
    public var list: String?
    public var listName: String?
    /// The snapshot the counts come from, and its date.
    public var snapshot: String?
    public var snapshotDate: String?
    public var politicalPrisoners: Int
    public var byStatus: [String: Int]
    /// Counts the list's source states itself, for comparison.
    public var statedCounts: [String: Int]
    /// Persons documented as persecuted, on a list or not.
    public var persecutedPersons: Int

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", list, listName = "list_name", snapshot, snapshotDate = "snapshot_date",
             politicalPrisoners = "political_prisoners", byStatus = "by_status", statedCounts = "stated_counts",
             persecutedPersons = "persecuted_persons"
    }
}

public enum Statistics {
    /// Public persecuted persons with a public status: the count the public
    /// projection allows (a count of every person would tell how many are hidden).
    public static func persecutedPersons(store: some KnowledgeStore) async throws -> Int {
        try await store.aggregates(publicOnly: true).personsByStatus.values.reduce(0, +)
    }

    /// Headline counts from the latest snapshot of `list` on or before `asOf`.
    /// Without a list, the list with the most recent such snapshot is used.
    public static func headline(store: some KnowledgeStore, asOf: DateValue?, list: PersonList.ID?) async throws -> HeadlineStats {
        // `stats` is open to anyone and the web shows it: public lists, their
        // published snapshots and public persons only (through PublicKnowledge).
        let knowledge = PublicKnowledge(store: store)
        let lists = try await knowledge.lists()
        var chosen: (PersonList, ListSnapshot)?
        let candidates = list.map { id in lists.filter { $0.id == id } } ?? lists
        if let list, candidates.isEmpty { throw AigaqError.notFound(what: "list \(list.rawValue)") }
        for l in candidates {
            let onTime = try await knowledge.snapshots(of: l.id).filter { asOf == nil || $0.asOf.sortKey <= asOf!.latestKey }
            guard let snap = onTime.max(by: { $0.asOf.latestKey < $1.asOf.latestKey }) else { continue }
            if chosen == nil || snap.asOf.latestKey > chosen!.1.asOf.latestKey { chosen = (l, snap) }
        }
        let persecuted = try await persecutedPersons(store: store)
        guard let (l, snap) = chosen else {
            return HeadlineStats(asOf: asOf?.description, list: list?.rawValue, politicalPrisoners: 0, byStatus: [:],
                                 statedCounts: [:], persecutedPersons: persecuted)
        }
        var byStatus: [String: Int] = [:]
        for entry in snap.entries { byStatus[entry.status.rawValue, default: 0] += 1 }
        return HeadlineStats(asOf: (asOf ?? snap.asOf).description, list: l.id.rawValue, listName: l.name,
                             snapshot: snap.id.rawValue, snapshotDate: snap.asOf.description,
                             politicalPrisoners: snap.entries.count, byStatus: byStatus,
                             statedCounts: snap.statedCounts, persecutedPersons: persecuted)
    }
}
