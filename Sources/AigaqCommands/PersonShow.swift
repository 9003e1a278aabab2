import AigaqCore
import AigaqPublishing
import AigaqStore
import ArgumentParser
import Foundation

struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Look at one person.",
        subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One person: names, status, charges, sentence, timeline and sources.",
            discussion: """
                The argument is a person id or a name in any script or spelling;
                a name that fits several persons lists them instead.

                Examples:
                  aigaq person show p-zhylanbayev-marat
                  aigaq person show "Жыланбаев"
                """)

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false
        @Argument(help: "Person id or name.") var person: String

        func run() async throws {
            try await runReportingErrors {
                let store = try await StoreFactory.open(database.location, for: .readInternal).store
                let found = try await PersonDossier.find(person, in: store)
                let dossier = try await PersonDossier.load(found, from: store)
                let hidden = try await store.hiddenSealedValues(type: "person", id: found.id.rawValue)
                if hidden > 0 { Console.info("\(hidden) sealed values of this person are not shown: set AIGAQ_KEY to read them") }
                if json {
                    let encoder = AigaqJSON.encoder()
                    encoder.outputFormatting.insert(.prettyPrinted)
                    print(String(decoding: try encoder.encode(dossier), as: UTF8.self))
                } else {
                    print(try dossier.text(vocabulary: VocabularyAccess.bundled()))
                }
            }
        }
    }
}

/// A person with everything the knowledge base links to them.
struct PersonDossier: Encodable {
    var person: Person
    var cases: [Case]
    var events: [Event]
    var sources: [SourceSummary]

    struct SourceSummary: Encodable {
        var id: String
        var title: String?
        var publisher: String?
        var publishedOn: DateValue?
        var sha256: String
        enum CodingKeys: String, CodingKey { case id, title, publisher, publishedOn = "published_on", sha256 }
    }

    /// By id first, then by name; several persons by that name is a usage error listing them.
    static func find(_ query: String, in store: some KnowledgeStore) async throws -> Person {
        if let p = try await store.person(id: Person.ID(rawValue: query)) { return p }
        if try await store.hiddenSealedValues(type: "person", id: query) > 0 {
            throw AigaqError.permissionDenied("person \(query) is sealed: set AIGAQ_KEY or AIGAQ_KEY_FILE to read it")
        }
        return try PersonLookup.choose(query, byID: nil, matches: try await store.persons(named: query, limit: 10))
    }

    static func load(_ person: Person, from store: some KnowledgeStore) async throws -> PersonDossier {
        let cases = try await store.cases(involving: person.id)
        let events = try await store.events(involving: person.id)
        var sourceIDs: [Source.ID] = []
        func note(_ citations: [Citation]) { for c in citations where !sourceIDs.contains(c.source) { sourceIDs.append(c.source) } }
        note(person.citations)
        person.names.forEach { note($0.citations) }
        person.statuses.forEach { note($0.citations) }
        for c in cases { note(c.citations); c.charges.forEach { note($0.citations) }; c.sentences.forEach { note($0.citations) } }
        events.forEach { note($0.citations) }
        var sources: [SourceSummary] = []
        for id in sourceIDs {
            if let s = try await store.source(id: id) {
                sources.append(SourceSummary(id: s.id.rawValue, title: s.title, publisher: s.publisher,
                                             publishedOn: s.publishedOn, sha256: s.sha256))
            }
        }
        return PersonDossier(person: person, cases: cases, events: events, sources: sources)
    }

    func text(vocabulary: VocabularyAccess) -> String {
        var lines: [String] = []
        lines.append(person.displayName)
        let others = person.names.map(\.value).filter { $0 != person.displayName }
        if !others.isEmpty { lines.append("  also: \(others.joined(separator: ", "))") }
        lines.append("  id: \(person.id.rawValue)")
        if let status = person.statuses.max(by: { ($0.asOf?.sortKey ?? 0) < ($1.asOf?.sortKey ?? 0) }) {
            let conflict = person.statuses.isConflicting() ? "  (sources disagree)" : ""
            lines.append("  status: \(vocabulary.statusLabel(status.value.rawValue))\(status.asOf.map { " as of \($0)" } ?? "")\(conflict)")
        }
        if let place: String = person.detention.current() { lines.append("  held at: \(place)") }
        for c in cases {
            for charge in c.charges where charge.person == person.id {
                let part = charge.part.map { "part \($0) of " } ?? ""
                let title = vocabulary.articleTitle(code: charge.code, article: charge.article).map { ": \($0)" } ?? ""
                lines.append("  charge: \(part)Article \(charge.article) (\(charge.code))\(title)")
            }
            for s in c.sentences where s.person == person.id {
                let length = s.sentence.months.map { Self.describe(months: $0) } ?? ""
                lines.append("  sentence: \(s.sentence.kind.rawValue.replacingOccurrences(of: "_", with: " ")) \(length)\(s.date.map { " on \($0)" } ?? "")")
            }
        }
        if !events.isEmpty {
            lines.append("  timeline:")
            for e in events {
                lines.append("    \(e.date?.description ?? "undated")  \(vocabulary.eventLabel(e.type))\(e.place.map { ", \($0)" } ?? "")\(e.summary.map { ": \($0)" } ?? "")")
            }
        }
        if !sources.isEmpty {
            lines.append("  sources:")
            for s in sources {
                lines.append("    \(s.title ?? s.id)\(s.publisher.map { ", \($0)" } ?? "")\(s.publishedOn.map { ", \($0)" } ?? "")  sha256:\(s.sha256.prefix(12))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(months: Int) -> String {
        let years = months / 12, rest = months % 12
        switch (years, rest) {
        case (0, _): return "\(rest) months"
        case (_, 0): return "\(years) years"
        default: return "\(years) years \(rest) months"
        }
    }
}
