import AigaqCore
import AigaqPublishing
import AigaqStore
import ArgumentParser
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import records in the open data format (JSON Lines) in one transaction.",
        discussion: """
            Every line is one record (source, organisation, person, case, event, list,
            list_snapshot, assessment, candidate); see docs/data-format.md. A record whose
            id exists replaces it. Any bad line stops the import and leaves the database
            unchanged (exit 65, with the file and line).

            Example:
              aigaq import --db ./aigaq.sqlite data/kz/aigaq.jsonl
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The .jsonl file to import.") var file: String

    func run() async throws {
        try await runReportingErrors {
            let vocabulary = try VocabularyAccess.bundled()
            var reader = try JSONLReader(path: file)
            reader.validate = { EntityValidation.problem(with: $0, vocabulary: vocabulary.vocabulary) }
            let opened = try await StoreFactory.open(database.location, for: .edit)
            let store = opened.store
            let summary: ImportSummary
            do {
                summary = try await store.importEntities(actor: opened.actor("cli")) { try reader.next() }
            } catch AigaqError.badInput(file: "import", line: _, let reason) {
                // The store cannot know the line; the reader can.
                throw AigaqError.badInput(file: file, line: reader.line, reason: reason)
            }
            let parts = summary.written.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            Console.info("imported \(summary.total) records from \(file): \(parts.joined(separator: ", "))")
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the knowledge base as JSON Lines, CSV, FollowTheMoney entities or a capture history.",
        discussion: """
            jsonl writes every record (the lossless open data format) to --out or standard output.
            csv writes persons.csv and charges.csv into the folder --out.
            ftm writes FollowTheMoney entities (JSON Lines) for Aleph and the OpenSanctions
            tools; see docs/followthemoney.md.
            capture-history writes one row per person and one 0/1 column per list (each
            list's snapshot on or before --as-of), the input of `aigaq estimate`.
            --public keeps only what may be published (public records and facts).

            Examples:
              aigaq export --format jsonl --out backup.jsonl
              aigaq export --format csv --public --out open-data/
              aigaq export --format ftm --public --out aigaq-ftm.jsonl
              aigaq export --format capture-history --as-of 2025-02-28 --out lists.csv
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv, ftm, captureHistory = "capture-history" }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "jsonl, csv, ftm or capture-history.") var format: Format = .jsonl
    @Option(help: "Output file (jsonl) or folder (csv); standard output for jsonl when absent.") var out: String?
    @Flag(help: "Apply the public projection: nothing internal or confidential.") var `public` = false
    @Flag(help: "Leave the sources' text out (for a dataset that must not hold copied report text).") var withoutSourceText = false
    @Option(help: ArgumentHelp("capture-history: each list's latest snapshot on or before this date.", valueName: "date")) var asOf: String?

    func validate() throws {
        if format == .csv && out == nil { throw ValidationError("--format csv needs --out FOLDER") }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try await StoreFactory.open(database.location, for: self.public ? .readPublic : .readInternal).store
            if !self.public {
                // A full export is lossless or nothing: without the key sealed values would be missing.
                let sealing = try await store.sealingStatus()
                if sealing.key == .locked && sealing.sealedValues > 0 {
                    throw AigaqError.permissionDenied("\(sealing.sealedValues) sealed values cannot be exported without the key: "
                        + "set AIGAQ_KEY or AIGAQ_KEY_FILE, or export only what is public with --public")
                }
            }
            let options = OpenDataExport.Options(public: self.public, withoutSourceText: withoutSourceText)
            switch format {
            case .jsonl:
                let sink = try OutputSink(path: out)
                let count = try await OpenDataExport.jsonl(from: store, options) { try sink.write($0) }
                try sink.close()
                Console.info("exported \(count) records")
            case .csv:
                let folder = URL(fileURLWithPath: out!)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let files = try await OpenDataExport.csv(from: store, options)
                try files.persons.write(to: folder.appendingPathComponent("persons.csv"), atomically: true, encoding: .utf8)
                try files.charges.write(to: folder.appendingPathComponent("charges.csv"), atomically: true, encoding: .utf8)
                Console.info("wrote persons.csv (\(files.personCount) rows) and charges.csv to \(folder.path)")
            case .ftm:
                try await exportFtM(store: store, project: try await OpenDataExport.projector(store, options))
            case .captureHistory:
                try await exportCaptureHistory(store: store)
            }
        }
    }
}

/// A file or standard output, written in large blocks.
final class OutputSink {
    private let handle: FileHandle
    private var buffer = Data()
    private let path: String?

    init(path: String?) throws {
        self.path = path
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw AigaqError.usage("cannot write \(path)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } else {
            handle = FileHandle.standardOutput
        }
    }

    func write(_ data: Data) throws {
        buffer.append(data)
        if buffer.count > 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        if path != nil { try handle.close() }
    }
}
