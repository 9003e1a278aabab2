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
        abstract: "Headline counts and statistics: political prisoners, counts by status, article, region, occupation and year, stated figures.",
        discussion: """
            The headline counts come from the latest snapshot of the list on or before --as-of.
            The rest is computed from the public records only: the list's membership on the date
            (from dated facts), its size over time, counts by status, article, region, occupation
            and year, the figures sources state (refused assemblies, the torture funnel), and
            transnational repression by host country and tactic, each figure with its sources.
            --charts DIR writes the charts as SVG files and an HTML page with their tables.

            Examples:
              aigaq stats
              aigaq stats --json --as-of 2025-02-28
              aigaq stats --charts charts/
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Date (YYYY, YYYY-MM or YYYY-MM-DD).") var asOf: String?
    @Option(help: "List id (default: the list with the latest snapshot).") var list: String?
    @Option(help: "Write the charts (SVG) and an HTML page of them into this folder.") var charts: String?

    func validate() throws {
        if let asOf, DateValue(asOf) == nil { throw ValidationError("--as-of must be YYYY, YYYY-MM or YYYY-MM-DD") }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try await StoreFactory.open(database.location, for: .readPublic).store
            let vocabulary = try VocabularyAccess.bundled().vocabulary
            let report = try await Statistics.report(store: store, asOf: asOf.flatMap(DateValue.init),
                                                     list: list.map(PersonList.ID.init(rawValue:)), vocabulary: vocabulary)
            if let charts { try writeCharts(StatisticsCharts.all(report, vocabulary: vocabulary), to: charts) }
            if json {
                let encoder = AigaqJSON.encoder()
                encoder.outputFormatting.insert(.prettyPrinted)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            print(StatsText.render(report, vocabulary: vocabulary))
        }
    }

    func writeCharts(_ charts: [Chart], to folder: String) throws {
        let dir = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Statistics</title><style>body{font-family:\"DejaVu Sans\",Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}\n\(ChartFigure.css)</style></head><body><h1>Statistics</h1>\n"
        for chart in charts {
            try Data(chart.svg().utf8).write(to: dir.appendingPathComponent("\(chart.id).svg"))
            page += ChartFigure.html(chart) + "\n"
        }
        try Data((page + "</body></html>\n").utf8).write(to: dir.appendingPathComponent("index.html"))
        Console.info("wrote \(charts.count) charts to \(folder)")
    }
}

/// The statistics for a terminal.
enum StatsText {
    static func render(_ r: StatisticsReport, vocabulary: Vocabulary) -> String {
        let stats = r.headline
        var lines: [String] = []
        lines.append("List:                \(stats.listName ?? stats.list ?? "none")")
        if let date = stats.snapshotDate { lines.append("Snapshot of:         \(date)") }
        lines.append("Political prisoners: \(stats.politicalPrisoners)")
        for (status, n) in stats.byStatus.sorted(by: { $0.value > $1.value }) {
            lines.append("  \(status.replacingOccurrences(of: "_", with: " ")): \(n)")
        }
        lines.append("Persecuted persons:  \(stats.persecutedPersons)")
        if let m = r.membership {
            lines.append("")
            lines.append("On the list as of \(m.asOf), from dated facts: \(m.members) (" + m.byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ") + ")")
            if m.snapshotDate != m.asOf {
                lines.append("  since the list of \(m.snapshotDate ?? "?"): \(m.added.count) added, \(m.released.count) released, \(m.statusChanged.count) status changed, \(m.sentenceChanged.count) sentence changed")
            }
        }
        func top(_ title: String, _ counts: [String: Int], label: (String) -> String = { $0 }) {
            guard !counts.isEmpty else { return }
            lines.append("")
            lines.append(title)
            for (k, n) in counts.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).prefix(8) { lines.append("  \(label(k)): \(n)") }
        }
        top("Public persons by current status:", r.persons.personsByStatus) { vocabulary.status(id: $0)?.label.text(for: "en") ?? $0 }
        top("Persons charged, by article:", r.persons.personsByArticle)
        top("Persons by region:", r.persons.personsByRegion)
        top("Persons by occupation:", r.persons.personsByOccupation)
        if !r.persons.eventsByYear.isEmpty {
            lines.append("")
            lines.append("Events by year:")
            for (year, types) in r.persons.eventsByYear.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(year): " + types.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
        if !r.figures.isEmpty {
            lines.append("")
            lines.append("Figures stated by sources:")
            for f in r.figures {
                let source = f.sources.first.map { " [\($0.publisher ?? $0.title ?? $0.source)]" } ?? ""
                lines.append("  \(f.label): \(f.text)\(f.period.map { " (\($0))" } ?? "")\(f.place.map { ", \($0)" } ?? "")\(source)")
            }
        }
        if r.tortureFunnel.contains(where: { $0.figure != nil }) {
            lines.append("")
            lines.append("Torture complaints and what became of them:")
            for s in r.tortureFunnel {
                lines.append("  \(s.step). \(s.label): " + (s.figure.map { "\($0.text)\($0.period.map { " (\($0))" } ?? "")" } ?? "not stated"))
            }
        }
        let tnr = r.transnationalRepression
        if !tnr.incidents.isEmpty {
            lines.append("")
            lines.append("Transnational repression: \(tnr.incidents.count) incidents")
            let names = Dictionary(tnr.incidents.map { ($0.hostCountry, $0.hostCountryName) }, uniquingKeysWith: { a, _ in a })
            let tactics = Dictionary(tnr.incidents.map { ($0.tactic, $0.tacticLabel) }, uniquingKeysWith: { a, _ in a })
            lines.append("  by host country: " + tnr.byCountry.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\(names[$0.key] ?? $0.key) \($0.value)" }.joined(separator: ", "))
            lines.append("  by tactic: " + tnr.byTactic.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\(tactics[$0.key] ?? $0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
