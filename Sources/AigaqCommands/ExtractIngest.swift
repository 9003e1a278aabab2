import AigaqCore
import AigaqExtraction
import AigaqStore
import ArgumentParser
import Foundation

/// `aigaq extract --json`'s top-level object (shared/schemas/extraction.md).
struct ExtractionOutput: Encodable {
    var documents: [DocumentExtraction]
    var identities: [IdentityCluster]

    struct IdentityCluster: Encodable {
        var canonical: String
        var forms: [Form]
        struct Form: Encodable, Hashable { var document: String; var form: String }
    }
}

struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read reports and print what was extracted; no database.",
        discussion: """
            Reads text, Markdown, HTML, PDF (with pdftotext) and DOCX, in English or Russian.
            --json prints persons, charges, sentences, dates, statuses, list sections and
            stated counts per document, with UTF-8 byte offsets, and the identities that
            link one person across the files given.

            Example:
              aigaq extract --json reports/*.txt > extracted.json
            """)

    @Flag(help: "Print the JSON of shared/schemas/extraction.md.") var json = false
    @Option(help: "Override the document date (YYYY, YYYY-MM or YYYY-MM-DD).") var documentDate: String?
    @Argument(help: "Report files.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one file.") }
        if let documentDate, DateValue(documentDate) == nil { throw ValidationError("--document-date must be YYYY, YYYY-MM or YYYY-MM-DD") }
    }

    func run() async throws {
        try await runReportingErrors {
            var documents: [DocumentExtraction] = []
            for file in files {
                documents.append(try ReportFile.extract(try ReportFile.read(file), file: file, documentDate: documentDate).extraction)
            }
            let output = ExtractionOutput(documents: documents, identities: try IdentityLinking.clusters(documents))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                FileHandle.standardOutput.write(try encoder.encode(output))
                FileHandle.standardOutput.write(Data("\n".utf8))
                return
            }
            for d in documents {
                print("\(d.document)  \(d.language)  \(d.documentDate ?? "undated")  \(d.persons.count) persons")
                for p in d.persons {
                    let charges = p.charges.map { "\($0.article)\($0.part.map { "(\($0))" } ?? "")" }.joined(separator: ", ")
                    print("  \(p.listNumber.map { "\($0). " } ?? "")\(p.name)  [\(p.role)] \(p.status)\(charges.isEmpty ? "" : "  art. \(charges)")\(p.sentence.map { "  \($0.text)" } ?? "")")
                }
            }
        }
    }
}

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store reports as sources and queue their candidates for review.",
        discussion: """
            Each file is one transaction: its Source (named by the SHA-256 of its bytes, so the
            same bytes twice are one Source) with its text and original bytes, and one candidate
            per person found. --confidential seals all of it (see `aigaq key`).

            Example:
              aigaq ingest --db ./aigaq.sqlite reports/list-2025.txt reports/upr-2024.pdf
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Override the document date (YYYY, YYYY-MM or YYYY-MM-DD).") var documentDate: String?
    @Flag(help: "The reports are confidential (a lawyer's memo, a witness statement): sealed with their candidates; needs the key.")
    var confidential = false
    @Argument(help: "Report files.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one file.") }
    }

    func run() async throws {
        try await runReportingErrors {
            let opened = try await StoreFactory.open(database.location, for: .ingest)
            let store = opened.store
            let progress = Progress(total: files.count, enabled: Console.isTerminal)
            for (index, file) in files.enumerated() {
                progress.show(index, label: (file as NSString).lastPathComponent)
                let data = try ReportFile.read(file)
                let (document, extraction) = try ReportFile.extract(data, file: file, documentDate: documentDate)
                var source = IngestMapping.source(extraction: extraction, document: document, fileName: (file as NSString).lastPathComponent)
                var candidates = IngestMapping.candidates(extraction: extraction, source: source.id)
                if confidential {
                    source.confidentiality = .confidential
                    for i in candidates.indices { candidates[i].confidentiality = .confidential }
                }
                // The original bytes are kept, so that `audit verify` can re-hash them.
                switch try await store.ingest(source: source, original: data, candidates: candidates, actor: opened.actor("cli")) {
                case .inserted(let id):
                    Console.info("\(file): stored as \(id.rawValue) with \(candidates.count) candidates")
                case .existing(let id):
                    Console.info("\(file): already stored as \(id.rawValue); nothing written")
                }
            }
            progress.show(files.count, label: "done")
        }
    }
}

/// Reading a report file with messages that name it.
enum ReportFile {
    static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AigaqError.badInput(file: path, line: nil, reason: "no such file")
        }
        if isDirectory.boolValue { throw AigaqError.badInput(file: path, line: nil, reason: "is a folder, not a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AigaqError.badInput(file: path, line: nil, reason: "cannot be read")
        }
    }

    /// Reads and extracts one report. A document that cannot be read (a damaged
    /// DOCX or PDF) is bad data, exit 65; a missing `pdftotext` is not.
    static func extract(_ data: Data, file path: String, documentDate: String?) throws -> (document: ReadDocument, extraction: DocumentExtraction) {
        do {
            return try Extractor.extract(data: data, fileName: (path as NSString).lastPathComponent, documentDate: documentDate)
        } catch let error as ExtractionError {
            if case .pdftotextMissing = error { throw error }
            throw AigaqError.badInput(file: path, line: nil, reason: error.reason)
        }
    }
}

/// A one-line progress bar on standard error, only on a terminal.
struct Progress {
    let total: Int
    let enabled: Bool
    func show(_ done: Int, label: String) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(label.prefix(40))\u{1B}[K\(done == total ? "\n" : "")".utf8))
    }
}
