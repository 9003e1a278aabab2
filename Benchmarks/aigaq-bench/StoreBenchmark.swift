import AigaqCore
import AigaqPostgres
import AigaqSQLite
import AigaqStore
import Foundation

enum StoreBenchmark {
    static let eventTypes = ["detention", "pre-trial-detention", "charge", "trial-start", "verdict", "appeal-decision",
                             "transfer", "hunger-strike", "torture-allegation", "release", "search", "fine"]
    static let cities = ["Almaty", "Astana", "Shymkent", "Aktobe", "Atyrau", "Zhanaozen", "Oral", "Taraz", "Semey", "Kostanay"]

    /// The same import and searches on SQLite and then on PostgreSQL (`postgres`, a URL;
    /// nil: a throwaway cluster on loopback, durable settings), in one run.
    static func run(persons: Int, events: Int, postgres: String?, backends: Set<String>) async throws {
        print("# store benchmark: \(persons) persons, \(events) events")
        // Names are made before the clock starts: the benchmark times the import, not the generator.
        var rng = SeededRandom(seed: 42)
        let names: [(latin: String, cyrillic: String)] = (0..<persons).map { _ in
            let (given, surname) = SyntheticNames.cyrillic(&rng)
            return (SyntheticNames.latin(given) + " " + SyntheticNames.latin(surname), given + " " + surname)
        }
        // 1,000 queries drawn from the stored names: full Latin names, full Cyrillic
        // names and prefixes of surnames in both scripts.
        var queries: [String] = []
        for (i, made) in stride(from: 0, to: persons, by: 100).prefix(1000).enumerated() {
            let name = made % 200 == 0 ? names[made].latin : names[made].cyrillic
            switch i % 4 {
            case 0, 1: queries.append(name)
            default: queries.append(String(name.split(separator: " ").last!.prefix(5)))
            }
        }
        var rates: [String: Double] = [:]
        if backends.contains("sqlite") {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-bench-\(UUID()).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            print("\n## SQLite file \(path)")
            rates["sqlite"] = try await benchmark(store: SQLiteStore(path: path), names: names, events: events, queries: queries) {
                (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            }
        }
        if backends.contains("postgres") {
            var cluster: ThrowawayPostgres?
            let url: String
            if let postgres {
                url = postgres
            } else {
                // Durable (fsync on) and sized as a small server would be: the figures are for production settings.
                let started = try ThrowawayPostgres.start(durable: true, settings: ["shared_buffers=1GB", "max_wal_size=4GB", "work_mem=64MB",
                                                                     "maintenance_work_mem=512MB"])
                cluster = started
                url = started.url
            }
            defer { cluster?.stop() }
            let schema = "bench_" + UUID().uuidString.prefix(8).lowercased()
            let store = try PostgresStore(url: url + (url.contains("?") ? "&" : "?") + "schema=\(schema)")
            print("\n## PostgreSQL \(store.location.display)\(cluster == nil ? "" : " (throwaway cluster on loopback)")")
            rates["postgres"] = try await benchmark(store: store, names: names, events: events, queries: queries) {
                (try? await store.diskSize()) ?? 0
            }
            try? await store.dropSchema()
            await store.shutdown()
        }
        if let s = rates["sqlite"], let p = rates["postgres"] {
            print(String(format: "\nPostgreSQL import rate / SQLite import rate: %.2f", p / s))
        }
    }

    /// Imports, then searches; returns the import rate in records per second.
    static func benchmark(store: any KnowledgeStore, names: [(latin: String, cyrillic: String)], events: Int, queries: [String],
                        size: () async -> Int) async throws -> Double {
        let persons = names.count
        var rng = SeededRandom(seed: 7)
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
        // Rows written: person + 2 personName + 2 name index rows, event + participant + event index row.
        let rows = persons * 5 + eventCount * 3
        print(String(format: "import: %d records in %.2f s = %.0f records/s (%.0f table rows/s incl. index rows)",
                     records, seconds, Double(records) / seconds, Double(rows) / seconds))
        print(String(format: "import peak memory (this process): %.0f MiB", peakMemoryMiB()))
        print(String(format: "database size: %.0f MiB", Double(await size()) / 1_048_576))

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
        print(String(format: "peak memory (this process, import + search): %.0f MiB", peakMemoryMiB()))
        return Double(records) / seconds
    }
}
