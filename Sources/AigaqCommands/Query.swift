import AigaqCore
import AigaqPublishing
import AigaqStore
import ArgumentParser
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or migrate the database.",
        discussion: """
            Safe to run on an existing database: it only applies migrations it lacks.
            --demo also loads the bundled open dataset (data/kz/), built from five reports.
            When AIGAQ_KEY or AIGAQ_KEY_FILE is set, a database without a data key gets one,
            so that confidential values are stored sealed (any command does this; see `aigaq key`).

            Examples:
              aigaq init --db ./aigaq.sqlite
              aigaq init --demo --db ./demo.sqlite
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Also load the bundled open dataset.") var demo = false

    func run() async throws {
        try await runReportingErrors {
            let vocabulary = try VocabularyAccess.bundled()
            let opened = try await StoreFactory.open(database.location, for: .administer)
            let store = opened.store
                        // Opened with a key, a new database has a data key already: say so.
            let sealing = try await store.sealingStatus()
            if sealing.key == .open, let fingerprint = sealing.masterFingerprint {
                Console.info("sealing on: confidential values are sealed under the key with fingerprint \(fingerprint)")
            } else if sealing.clearConfidentialRecords > 0 {
                Console.info("warning: \(sealing.clearConfidentialRecords) records hold confidential values in clear; run `aigaq key init` with the key set")
            }
            if demo {
                let summary = try await DemoDataset.load(into: store, vocabulary: vocabulary, actor: opened.actor("init --demo"))
                Console.info("loaded the bundled dataset: \(summary.total) records")
            }
            let counts = try await store.counts()
            Console.info("database ready at \(database.location) (\(counts.byType.values.reduce(0, +)) records)")
        }
    }
}

/// The bundled open dataset (data/kz), as `init --demo` and `serve --demo` load it.
enum DemoDataset {
    static func load(into store: any KnowledgeStore, vocabulary: VocabularyAccess, actor: String) async throws -> ImportSummary {
        guard let url = Bundle.module.url(forResource: "aigaq", withExtension: "jsonl", subdirectory: "dataset") else {
            throw AigaqError.database(reason: "the bundled dataset is missing from this build")
        }
        var reader = try JSONLReader(path: url.path)
        reader.validate = { EntityValidation.problem(with: $0, vocabulary: vocabulary.vocabulary) }
        return try await store.importEntities(actor: actor) { try reader.next() }
    }
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Full-text search over persons, events and sources, in Latin or Cyrillic.",
        discussion: """
            Every word must match, as a prefix; names match across scripts and spellings.

            Examples:
              aigaq search Zhylanbayev
              aigaq search --json "жылан"
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Most hits per kind.") var limit = 20
    @Argument(help: "Words to look for.") var query: [String]

    func validate() throws {
        if query.joined().trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("Give something to search for.")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try await StoreFactory.open(database.location, for: .readInternal).store
            let hits = try await store.search(query.joined(separator: " "), limit: limit)
            if json {
                print(try String(decoding: AigaqJSON.encoder().encode(hits), as: UTF8.self))
                return
            }
            if hits.isEmpty { Console.info("nothing found"); return }
            for hit in hits {
                let snippet = hit.snippet.map { "  \($0.replacingOccurrences(of: "\n", with: " "))" } ?? ""
                print("\(hit.kind.rawValue)\t\(hit.id)\t\(hit.title)\(snippet)")
            }
        }
    }
}

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Headline counts: political prisoners by status, persecuted persons.",
        discussion: """
            Counts come from the latest snapshot of the list on or before --as-of.

            Examples:
              aigaq stats
              aigaq stats --json --as-of 2025-02-28
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Date (YYYY, YYYY-MM or YYYY-MM-DD).") var asOf: String?
    @Option(help: "List id (default: the list with the latest snapshot).") var list: String?

    func validate() throws {
        if let asOf, DateValue(asOf) == nil { throw ValidationError("--as-of must be YYYY, YYYY-MM or YYYY-MM-DD") }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try await StoreFactory.open(database.location, for: .readPublic).store
            let stats = try await Statistics.headline(store: store, asOf: asOf.flatMap(DateValue.init),
                                                      list: list.map(PersonList.ID.init(rawValue:)))
            if json {
                let encoder = AigaqJSON.encoder()
                encoder.outputFormatting.insert(.prettyPrinted)
                print(String(decoding: try encoder.encode(stats), as: UTF8.self))
                return
            }
            print("List:                \(stats.listName ?? stats.list ?? "none")")
            if let date = stats.snapshotDate { print("Snapshot of:         \(date)") }
            print("Political prisoners: \(stats.politicalPrisoners)")
            for (status, n) in stats.byStatus.sorted(by: { $0.value > $1.value }) {
                print("  \(status.replacingOccurrences(of: "_", with: " ")): \(n)")
            }
            print("Persecuted persons:  \(stats.persecutedPersons)")
        }
    }
}
