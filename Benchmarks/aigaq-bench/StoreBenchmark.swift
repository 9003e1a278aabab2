import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation

enum StoreBenchmark {
    static let eventTypes = ["detention", "pre-trial-detention", "charge", "trial-start", "verdict", "appeal-decision",
                             "transfer", "hunger-strike", "torture-allegation", "release", "search", "fine"]
    static let cities = ["Almaty", "Astana", "Shymkent", "Aktobe", "Atyrau", "Zhanaozen", "Oral", "Taraz", "Semey", "Kostanay"]

    static func run(persons: Int, events: Int) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-bench-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        print("# store benchmark: \(persons) persons, \(events) events, SQLite file \(path)")

        var rng = SeededRandom(seed: 42)
        var queryNames: [String] = []
        let store = try SQLiteStore(path: path)
        // Names are made before the clock starts: the benchmark times the import, not the generator.
        let names: [(latin: String, cyrillic: String)] = (0..<persons).map { _ in
            let (given, surname) = SyntheticNames.cyrillic(&rng)
            return (SyntheticNames.latin(given) + " " + SyntheticNames.latin(surname), given + " " + surname)
        }

        // Import: persons first (events refer to them), then events, in one transaction,
        // through the same store API `aigaq import` uses.
        var made = 0
        var eventCount = 0
        let total = persons + events
        let (summary, seconds) = try await measure {
            try await store.importEntities(actor: "bench") { () -> Entity? in
                guard made < total else { return nil }
                defer { made += 1 }
                if made < persons {
                    let (latin, cyrillic) = names[made]
                    if made % 100 == 0 { queryNames.append(made % 200 == 0 ? latin : cyrillic) }
                    return .person(Person(id: Person.ID(rawValue: "p\(made)"),
                                          names: [PersonName(latin, kind: .primary), PersonName(cyrillic)],
                                          statuses: [Fact(.convictedImprisoned, asOf: DateValue(year: 2024, month: 1 + made % 12))]))
                }
                let i = made - persons
                eventCount = i + 1
                let person = Person.ID(rawValue: "p\(Int.random(in: 0..<persons, using: &rng))")
                return .event(Event(id: Event.ID(rawValue: "e\(i)"), type: eventTypes[i % eventTypes.count],
                                    date: DateValue(year: 2012 + i % 13, month: 1 + i % 12, day: 1 + i % 28),
                                    place: cities[i % cities.count],
                                    participants: [EventParticipant(person: person, role: "victim")],
                                    citations: [Citation(source: "src-bench", start: i, end: i + 40)]))
            }
        }
        let records = summary.total
        // Rows written: person + 2 personName + 2 name FTS, event + participant + event FTS.
        let rows = persons * 5 + eventCount * 3
        print(String(format: "import: %d records in %.2f s = %.0f records/s (%.0f table rows/s incl. index rows)",
                     records, seconds, Double(records) / seconds, Double(rows) / seconds))
        print(String(format: "import peak memory: %.0f MiB", peakMemoryMiB()))
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(String(format: "database size: %.0f MiB", Double(size) / 1_048_576))

        // Search: 1,000 queries drawn from the stored names: full Latin names, full
        // Cyrillic names and prefixes of surnames in both scripts.
        var queries: [String] = []
        for (i, name) in queryNames.prefix(1000).enumerated() {
            let words = name.split(separator: " ")
            switch i % 4 {
            case 0, 1: queries.append(name)
            default: queries.append(String(words.last!.prefix(5)))
            }
        }
        var latencies: [Double] = []
        var hits = 0
        for q in queries {
            let (found, s) = try await measure { try await store.search(q, limit: 20) }
            latencies.append(s * 1000)
            hits += found.isEmpty ? 0 : 1
        }
        latencies.sort()
        print(String(format: "search: %d queries, %d with hits; p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                     queries.count, hits, percentile(latencies, 0.5), percentile(latencies, 0.95),
                     percentile(latencies, 0.99), latencies.last ?? .nan))
        print(String(format: "peak memory (import + search): %.0f MiB", peakMemoryMiB()))
    }
}
