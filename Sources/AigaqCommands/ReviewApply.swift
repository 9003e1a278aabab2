import AigaqCore
import AigaqReview
import AigaqStore
import ArgumentParser
import Foundation
import Yams

/// A reviewer's decisions kept in a file, so that a dataset can be rebuilt
/// from its reports when the extractor improves. Candidates are named by
/// their file and name, not by id: ids change when extraction does.
struct DecisionFile: Decodable {
    struct SourceInfo: Decodable {
        var file: String
        var title: String?
        var publisher: String?
        var publishedOn: String?
        var url: String?
        var reliability: String?
        var list: ListInfo?
        enum CodingKeys: String, CodingKey { case file, title, publisher, publishedOn = "published_on", url, reliability, list }
    }
    struct ListInfo: Decodable {
        var id: String
        var name: String
        var asOf: String
        enum CodingKeys: String, CodingKey { case id, name, asOf = "as_of" }
    }
    struct Ref: Decodable, CustomStringConvertible {
        var file: String
        var name: String
        var description: String { "\(name) in \(file)" }
    }
    struct Pair: Decodable { var a: Ref; var b: Ref; var reason: String }
    struct Rejection: Decodable { var file: String; var name: String; var reason: String }
    /// A reviewer's label for list sections whose heading starts with `startsWith`.
    struct SectionLabel: Decodable {
        var startsWith: String
        var label: String
        enum CodingKeys: String, CodingKey { case startsWith = "starts_with", label }
    }

    var sources: [SourceInfo]?
    var reject: [Rejection]?
    var same: [Pair]?
    var notSame: [Pair]?
    var minScore: Double?
    var sectionLabels: [SectionLabel]?
    enum CodingKeys: String, CodingKey {
        case sources, reject, same, notSame = "not_same", minScore = "min_score", sectionLabels = "section_labels"
    }
}

extension ReviewCommand {
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a file of reviewer decisions (sources' data, rejections, same / not same), then accept the rest.",
            discussion: """
                Used to rebuild a dataset from its reports: ingest, then apply. See data/kz/decisions.yaml.

                Example:
                  aigaq review apply data/kz/decisions.yaml
                """)
        @OptionGroup var options: ReviewCommand.Options
        @Argument(help: "The decisions file (YAML).") var file: String

        func run() async throws {
            try await runReportingErrors {
                let decisions = try readYAML(DecisionFile.self, from: file, kind: "decisions file")
                let store = try await StoreFactory.open(options.database.location, for: .review).store
                var service = try ReviewCommand.service(store: store)

                // Sources: bibliographic data, and which list their numbered entries are.
                var byFile: [String: Source] = [:]
                var lists: [Source.ID: (PersonList, DateValue)] = [:]
                var exported: [Source] = []
                try await store.exportEntities { if case .source(let s) = $0 { exported.append(s) } }
                for info in decisions.sources ?? [] {
                    guard var s = exported.first(where: { $0.fileName == info.file }) else {
                        throw AigaqError.badInput(file: file, line: nil, reason: "source \(info.file) was not ingested")
                    }
                    s.title = info.title ?? s.title
                    s.publisher = info.publisher ?? s.publisher
                    if let d = info.publishedOn { s.publishedOn = try date(d) }
                    s.url = info.url ?? s.url
                    s.reliability = info.reliability ?? s.reliability
                    s.confidentiality = .public
                    try await store.apply(delete: [], write: [.source(s)], actor: options.actor)
                    if let l = info.list {
                        lists[s.id] = (PersonList(id: PersonList.ID(rawValue: l.id), name: l.name), try date(l.asOf))
                    }
                    byFile[info.file] = s
                }
                for s in exported where byFile[s.fileName ?? ""] == nil { byFile[s.fileName ?? s.id.rawValue] = s }
                let fixed = lists
                service.listFor = { source in fixed[source.id] ?? ReviewService.defaultList(source) }
                let labels = (decisions.sectionLabels ?? []).map { (NameFolding.fold($0.startsWith), $0.label) }
                service.sectionLabel = { section in
                    let folded = NameFolding.fold(section)
                    return labels.first { folded.hasPrefix($0.0) }?.1 ?? section
                }

                func candidate(_ ref: DecisionFile.Ref) async throws -> Candidate {
                    guard let source = byFile[ref.file] else {
                        throw AigaqError.badInput(file: file, line: nil, reason: "no source \(ref.file)")
                    }
                    let key = NameFolding.searchKey(ref.name)
                    let all = try await store.candidates(source: source.id)
                    guard let c = all.first(where: { NameFolding.searchKey($0.payload.name) == key })
                        ?? all.first(where: { $0.payload.mentions.contains { NameFolding.searchKey($0.text ?? "") == key } }) else {
                        throw AigaqError.badInput(file: file, line: nil, reason: "no candidate \(ref)")
                    }
                    return c
                }

                var missing: [String] = []
                for r in decisions.reject ?? [] {
                    do {
                        let c = try await candidate(.init(file: r.file, name: r.name))
                        if c.state == .pending { try await service.reject(c.id, actor: options.actor, reason: r.reason) }
                    } catch AigaqError.badInput(_, _, let reason) { missing.append(reason) }
                }
                for p in decisions.notSame ?? [] {
                    do {
                        let a = try await candidate(p.a), b = try await candidate(p.b)
                        try await service.decide(.notSame, a.id.rawValue, b.id.rawValue, actor: options.actor, reason: p.reason)
                    } catch AigaqError.badInput(_, _, let reason) { missing.append(reason) }
                }
                // "Same" pairs: accept the first, merge the second into it.
                for p in decisions.same ?? [] {
                    do {
                        let a = try await candidate(p.a)
                        let b = try await candidate(p.b)
                        let person: Person.ID
                        if let existing = a.person { person = existing } else {
                            person = try await service.accept(a.id, actor: options.actor, asNewPerson: true, reason: p.reason)
                        }
                        if b.state == .pending { try await service.merge(b.id, into: person, actor: options.actor, reason: p.reason) }
                    } catch AigaqError.badInput(_, _, let reason) { missing.append(reason) }
                }
                let r = try await service.acceptAll(minScore: decisions.minScore ?? 0.85, actor: options.actor)
                print("applied \(file): accepted \(r.accepted) as new persons, merged \(r.merged), left \(r.leftPending) for review")
                // A decision that no longer finds its candidate is worth a look, not a failure:
                // the extractor changed. Say so.
                for m in missing { Console.info("warning: \(m)") }
            }
        }

        func date(_ text: String) throws -> DateValue {
            guard let d = DateValue(text) else { throw AigaqError.badInput(file: file, line: nil, reason: "not a date: \(text)") }
            return d
        }
    }
}
