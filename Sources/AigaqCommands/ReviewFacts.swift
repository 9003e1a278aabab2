import AigaqCore
import AigaqStore
import ArgumentParser
import Foundation
import Yams

/// Figures and events a reviewer read in the reports and keeps in a file
/// (`data/kz/facts.yaml`), so that a rebuilt dataset has them again. Passages
/// are named by report file and byte offsets: the file holds no report text.
struct FactsFile: Decodable {
    struct Cite: Decodable { var file: String; var start: Int; var end: Int }
    struct Participant: Decodable { var person: String; var role: String }
    struct FigureEntry: Decodable {
        var id: String, measure: String, value: Int, upper: Int?, qualifier: StatedFigure.Qualifier?
        var from: String?, to: String?, place: String?, country: String?, dimensions: [String: String]?
        var countedBy: String?, summary: String?, cite: [Cite]
        enum CodingKeys: String, CodingKey {
            case id, measure, value, upper, qualifier, from, to, place, country, dimensions, countedBy = "counted_by", summary, cite
        }
    }
    struct EventEntry: Decodable {
        var id: String, type: String, date: String?, endDate: String?, place: String?, country: String?
        var attributes: [String: String]?, participants: [Participant]?, summary: String?, cite: [Cite]
        enum CodingKeys: String, CodingKey {
            case id, type, date, endDate = "end_date", place, country, attributes, participants, summary, cite
        }
    }
    var figures: [FigureEntry]?
    var events: [EventEntry]?
}

extension ReviewCommand {
    struct Facts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record figures and events a reviewer read in ingested reports (a facts file), each cited by offsets.",
            discussion: """
                Every passage must lie inside its report's text, and a figure's number must stand in
                one of its passages (as digits or in words), so that offsets that drift are caught.
                All records are written in one transaction; records with the same ids are replaced.

                Example:
                  aigaq review facts data/kz/facts.yaml
                """)
        @OptionGroup var options: ReviewCommand.Options
        @Argument(help: "The facts file (YAML).") var file: String

        func run() async throws {
            try await runReportingErrors {
                let facts = try readYAML(FactsFile.self, from: file, kind: "facts file")
                let vocabulary = try VocabularyAccess.bundled().vocabulary
                // Figures and events are records a reviewer enters: an editor's work.
                let opened = try await StoreFactory.open(options.database.location, for: .edit)
                let store = opened.store
                var sources: [String: Source] = [:]
                try await store.exportEntities { if case .source(let s) = $0, let name = s.fileName { sources[name] = s } }

                func bad(_ id: String, _ reason: String) -> AigaqError { .badInput(file: file, line: nil, reason: "\(id): \(reason)") }
                func date(_ id: String, _ text: String?) throws -> DateValue? {
                    guard let text else { return nil }
                    guard let d = DateValue(text) else { throw bad(id, "not a date: \(text)") }
                    return d
                }
                /// Citations of the passages, with their bytes for checks.
                func cite(_ id: String, _ cites: [FactsFile.Cite]) throws -> [(Citation, Substring.UTF8View)] {
                    guard !cites.isEmpty else { throw bad(id, "cites no passage") }
                    return try cites.map { c in
                        guard let source = sources[c.file], let body = source.text else { throw bad(id, "report \(c.file) was not ingested") }
                        let bytes = body.utf8
                        guard c.start >= 0, c.start < c.end, c.end <= bytes.count else {
                            throw bad(id, "passage [\(c.start), \(c.end)) lies outside \(c.file) (\(bytes.count) bytes)")
                        }
                        let slice = Substring(body).utf8.dropFirst(c.start).prefix(c.end - c.start)
                        return (Citation(source: source.id, start: c.start, end: c.end), slice)
                    }
                }

                var records: [Entity] = []
                for f in facts.figures ?? [] {
                    let cited = try cite(f.id, f.cite)
                    guard cited.contains(where: { NumberMention.appears(f.value, in: String(decoding: $0.1, as: UTF8.self)) }) else {
                        throw bad(f.id, "the number \(f.value) stands in none of its passages; check the offsets")
                    }
                    records.append(.figure(StatedFigure(
                        id: StatedFigure.ID(rawValue: f.id), measure: f.measure, value: f.value, upper: f.upper,
                        qualifier: f.qualifier ?? .exact, from: try date(f.id, f.from), to: try date(f.id, f.to),
                        country: f.country ?? "KZ", place: f.place, dimensions: f.dimensions ?? [:], countedBy: f.countedBy,
                        summary: f.summary, citations: cited.map(\.0))))
                }
                for e in facts.events ?? [] {
                    let cited = try cite(e.id, e.cite)
                    if let tactic = e.attributes?["tactic"], vocabulary.tactic(id: tactic) == nil {
                        throw bad(e.id, "unknown tactic \"\(tactic)\" (tnr-tactics.yaml)")
                    }
                    var participants: [EventParticipant] = []
                    for p in e.participants ?? [] {
                        guard try await store.person(id: Person.ID(rawValue: p.person)) != nil else { throw bad(e.id, "no person \(p.person)") }
                        participants.append(EventParticipant(person: Person.ID(rawValue: p.person), role: p.role))
                    }
                    records.append(.event(Event(
                        id: Event.ID(rawValue: e.id), type: e.type, date: try date(e.id, e.date), endDate: try date(e.id, e.endDate),
                        place: e.place, country: e.country, participants: participants, attributes: e.attributes ?? [:],
                        summary: e.summary, citations: cited.map(\.0))))
                }
                for r in records {
                    if let problem = EntityValidation.problem(with: r, vocabulary: vocabulary) { throw bad(r.id, problem) }
                }
                try await store.apply(delete: [], write: records, actor: opened.actor(options.actorName))
                print("recorded \(facts.figures?.count ?? 0) figures and \(facts.events?.count ?? 0) events from \(file)")
            }
        }
    }
}

/// A YAML file decoded as `type`; unreadable or malformed is bad input (exit 65).
func readYAML<T: Decodable>(_ type: T.Type, from file: String, kind: String) throws -> T {
    let text: String
    do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
        throw AigaqError.badInput(file: file, line: nil, reason: "cannot be read")
    }
    do { return try YAMLDecoder().decode(T.self, from: text) } catch {
        throw AigaqError.badInput(file: file, line: nil, reason: "not a \(kind): \(error)")
    }
}

/// Whether a passage states a number: as digits (with or without thousands
/// separators) or, up to twenty and for round tens, in words.
enum NumberMention {
    static let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    static let tens = [30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"]

    static func appears(_ value: Int, in passage: String) -> Bool {
        let text = passage.lowercased()
        let plain = String(value)
        let grouped = StatedFigure.grouped(value)
        for form in Set([plain, grouped, grouped.replacingOccurrences(of: ",", with: " ")]) where contains(number: form, in: text) {
            return true
        }
        let word = value <= 20 && value >= 0 ? words[value] : tens[value]
        return word.map { w in text.split { !$0.isLetter }.contains { $0 == w } } ?? false
    }

    /// `form` as a whole number: not inside a longer run of digits.
    static func contains(number form: String, in text: String) -> Bool {
        var search = text[...]
        while let r = search.range(of: form) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : " "
            if !before.isNumber && !after.isNumber { return true }
            search = search[r.upperBound...]
        }
        return false
    }
}
