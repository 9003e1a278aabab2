import AigaqCore
import AigaqPublishing
import AigaqStore
import ArgumentParser
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Publications: the list of political prisoners, an asylum dossier, a periodic update.",
        discussion: """
            Reports are built from the public projection only (nothing internal or
            confidential; persons whose record is not public are left out), and every
            statement has a footnote to its source: title, publisher, date, SHA-256 and the
            byte offsets of the passage. PDF is the HTML printed by headless Chromium.

            Examples:
              aigaq report list --as-of 2025-02-28 --format md --out list.md
              aigaq report dossier --person "Daniyar Khasenov" --format pdf --out dossier.pdf
              aigaq report update --from 2025-02-28 --to 2025-07-14 --format html --out update.html
            """,
        subcommands: [List.self, Dossier.self, Update.self])

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, pdf }

    struct Output: ParsableArguments {
        @Option(help: "md, html or pdf.") var format: Format = .md
        @Option(help: "Output file (standard output for md and html when absent; pdf needs it). With md, charts are written beside it as SVG.")
        var out: String?

        func validate() throws {
            if format == .pdf && out == nil { throw ValidationError("--format pdf needs --out FILE.pdf") }
        }

        func write(_ doc: ReportDocument) throws {
            switch format {
            case .md:
                guard let out else { print(MarkdownRenderer.render(doc), terminator: ""); return }
                let url = URL(fileURLWithPath: out)
                let base = url.deletingPathExtension().lastPathComponent
                let text = try MarkdownRenderer.render(doc) { chart in
                    let name = "\(base)-\(chart.id).svg"
                    try Data(chart.svg().utf8).write(to: url.deletingLastPathComponent().appendingPathComponent(name))
                    return name
                }
                try Data(text.utf8).write(to: url)
            case .html:
                let html = HTMLRenderer.render(doc)
                guard let out else { print(html, terminator: ""); return }
                try Data(html.utf8).write(to: URL(fileURLWithPath: out))
            case .pdf:
                try PDFPrinter.print(html: HTMLRenderer.render(doc), to: URL(fileURLWithPath: out!))
            }
            if let out { Console.info("wrote \(out) (\(doc.notes.notes.count) source notes)") }
        }
    }

    static func date(_ text: String?, _ option: String) throws -> DateValue? {
        guard let text else { return nil }
        guard let d = DateValue(text) else { throw ValidationError("\(option) must be YYYY, YYYY-MM or YYYY-MM-DD") }
        return d
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The numbered list of political prisoners as of a date, with headline counts, criteria and notes.",
            discussion: """
                Membership on the date starts from the latest published list on or before it and
                follows the dated facts since (releases, sentences, status changes). --publish stores
                that membership as a published, frozen snapshot of the list.

                Examples:
                  aigaq report list --as-of 2025-02-28
                  aigaq report list --as-of 2025-07-14 --format pdf --out list.pdf
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Date (YYYY, YYYY-MM or YYYY-MM-DD); default: the latest published list.") var asOf: String?
        @Option(help: "List id (default: the public list with the latest snapshot).") var list: String?
        @Flag(help: "Also store the membership as a published (frozen) snapshot of the list.") var publish = false
        @OptionGroup var output: Output

        func validate() throws { _ = try ReportCommand.date(asOf, "--as-of") }

        func run() async throws {
            try await runReportingErrors {
                // Reports read the public projection only; publishing a list writes a snapshot.
                let opened = try await StoreFactory.open(database.location, for: publish ? .edit : .readPublic)
                let store = opened.store
                let vocabulary = try VocabularyAccess.bundled().vocabulary
                let listID = list.map(PersonList.ID.init(rawValue:))
                var date = try ReportCommand.date(asOf, "--as-of")
                if date == nil { date = try await latestPublished(store, list: listID) }
                let doc = try await ListReport.build(store: store, options: .init(asOf: date!, list: listID), vocabulary: vocabulary)
                try output.write(doc)
                if publish { try await ReportCommand.publish(store: store, list: listID, asOf: date!, actor: opened.actor("report list --publish")) }
            }
        }

        func latestPublished(_ store: some KnowledgeStore, list: PersonList.ID?) async throws -> DateValue {
            let knowledge = PublicKnowledge(store: store)
            var latest: DateValue?
            for l in try await knowledge.lists() where list == nil || l.id == list {
                if let s = try await knowledge.snapshots(of: l.id).last, latest == nil || s.asOf.latestKey > latest!.latestKey { latest = s.asOf }
            }
            guard let latest else { throw AigaqError.notFound(what: "a published public list; give --as-of") }
            return latest
        }
    }

    /// Stores the membership on `asOf` as a published snapshot, unless one of that date exists (published lists are frozen).
    static func publish(store: some KnowledgeStore, list: PersonList.ID?, asOf: DateValue, actor: String) async throws {
        let knowledge = PublicKnowledge(store: store)
        let listID = try await ListReport.chooseList(knowledge, requested: list, asOf: asOf)
        let history = try await ListHistory.load(list: listID, from: knowledge)
        if let existing = history.snapshots.first(where: { $0.asOf.latestKey == asOf.latestKey }) {
            Console.info("the list as of \(asOf) is already published as \(existing.id.rawValue); published lists are frozen")
            return
        }
        let snapshot = history.snapshotToPublish(asOf: asOf)
        try await store.apply(delete: [], write: [.listSnapshot(snapshot)], actor: actor)
        Console.info("published \(snapshot.id.rawValue): \(snapshot.entries.count) persons as of \(asOf)")
    }

    struct Dossier: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One person's persecution record with the country context, for an asylum case.",
            discussion: """
                Examples:
                  aigaq report dossier --person p-khassenov-daniyar
                  aigaq report dossier --person "Хасенов" --format pdf --out dossier.pdf
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Person id or name (any script or spelling).") var person: String
        @Option(help: "Draw the record up to this date (default: everything known).") var asOf: String?
        @OptionGroup var output: Output

        func validate() throws { _ = try ReportCommand.date(asOf, "--as-of") }

        func run() async throws {
            try await runReportingErrors {
                let store = try await StoreFactory.open(database.location, for: .readPublic).store
                let doc = try await DossierReport.build(store: store, options: .init(person: person, asOf: ReportCommand.date(asOf, "--as-of")),
                                                        vocabulary: VocabularyAccess.bundled().vocabulary)
                try output.write(doc)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What happened in a period: the list's changes, then association, assembly, expression and transnational repression.",
            discussion: """
                Example:
                  aigaq report update --from 2025-02-28 --to 2025-07-14 --format md --out update.md
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "First day of the period.") var from: String
        @Option(help: "Last day of the period.") var to: String
        @Option(help: "List id (default: the public list with the latest snapshot).") var list: String?
        @OptionGroup var output: Output

        func validate() throws {
            let a = try ReportCommand.date(from, "--from")!, b = try ReportCommand.date(to, "--to")!
            if a.sortKey > b.latestKey { throw ValidationError("--from must not be after --to") }
        }

        func run() async throws {
            try await runReportingErrors {
                let store = try await StoreFactory.open(database.location, for: .readPublic).store
                let options = UpdateReport.Options(from: try ReportCommand.date(from, "--from")!, to: try ReportCommand.date(to, "--to")!,
                                                   list: list.map(PersonList.ID.init(rawValue:)))
                let doc = try await UpdateReport.build(store: store, options: options, vocabulary: VocabularyAccess.bundled().vocabulary)
                try output.write(doc)
            }
        }
    }
}

