import AigaqCore
import AigaqSQLite
import AigaqStore
import AigaqTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

/// The leak property on the web site: for a thousand random knowledge bases
/// with secrets in every non-public place (`KnowledgeBaseGenerator`), each
/// in a real SQLite store served by the real router, no answer to a visitor
/// without login contains a secret, in its body or its headers. The visitor
/// asks for every public address of `schemas/cli.md` ("Web addresses"):
/// every person and source the knowledge base has (public or not), every
/// list, searches for secrets, their prefixes and hidden persons' names, and
/// then follows what the answers lead to (links, filter choices, API cursors),
/// so that a page added later is crawled without changing this test.
///
/// `AIGAQ_LEAK_KBS` sets how many knowledge bases (1,000 by default),
/// `AIGAQ_LEAK_SEED` which ones.
@Suite struct WebLeakPropertyTests {
    /// Answers per knowledge base: the seeds and what they lead to.
    static let crawlLimit = 400
    /// A whole crawl (about 280 answers, over a second in a debug build on a
    /// loaded machine) for one knowledge base in this many; the others get the
    /// addresses that show the most records at once (`coreAddresses`).
    /// `AIGAQ_LEAK_WEB_FULL_EVERY=1` crawls them all.
    static var fullCrawlEvery: Int {
        max(1, ProcessInfo.processInfo.environment["AIGAQ_LEAK_WEB_FULL_EVERY"].flatMap { Int($0) } ?? 25)
    }

    /// One finding: a leak, a hidden record that answered, or a public one that did not.
    struct Finding: CustomStringConvertible {
        var kb: GeneratedKnowledgeBase
        var address: String
        var what: String
        var description: String {
            "\(address): \(what) (knowledge base \(kb.index) of seed \(kb.seed); rebuild it with "
                + "KnowledgeBaseGenerator.make(seed: \(kb.seed), index: \(kb.index)))"
        }
    }

    struct Tally {
        var knowledgeBases = 0
        var answers = 0
        var publicMarkersSeen = 0
        var publicPersonPages = 0
        var servedWithoutKey = 0
        var byLanguage: [Language: Int] = [:]
        var findings: [Finding] = []
    }

    @Test func noPublicAddressLeaksASecret() async throws {
        let folder = try TemporaryFolder()
        let key = MasterKey.generate()
        let count = LeakCheck.knowledgeBases
        var tally = Tally()
        for index in 0..<count {
            let kb = KnowledgeBaseGenerator.make(seed: LeakCheck.seed, index: index)
            try await Self.check(kb, key: key, folder: folder, into: &tally)
        }
        #expect(tally.findings.isEmpty, "\(tally.findings.count) findings, the first: \(tally.findings.prefix(5).map(\.description).joined(separator: "\n"))")
        #expect(tally.knowledgeBases == count)
        // The visitor really saw the public side: a check of empty pages would prove nothing.
        #expect(tally.publicPersonPages > count / Self.fullCrawlEvery, "\(tally.publicPersonPages) public person pages")
        #expect(tally.publicMarkersSeen > count * 20, "\(tally.publicMarkersSeen) public markers seen")
        #expect(tally.servedWithoutKey >= count / 8)
        #expect(tally.byLanguage.count == min(count, Language.allCases.count))
        print("web leak property: \(tally.knowledgeBases) knowledge bases of seed \(LeakCheck.seed), \(tally.answers) answers, "
              + "\(tally.publicMarkersSeen) public markers seen, \(tally.servedWithoutKey) served without the key")
    }

    /// Serves `kb` and checks every answer a visitor without login can get.
    static func check(_ kb: GeneratedKnowledgeBase, key: MasterKey, folder: TemporaryFolder, into tally: inout Tally) async throws {
        let (store, withoutKey) = try await store(kb, key: key, folder: folder)
        // One language per knowledge base, in turn (every page has all three).
        let language = Language.allCases[kb.index % Language.allCases.count]
        let app = Application(router: try buildRouter(store: store, configuration: WebConfiguration(port: 18640)))
        let full = kb.index % fullCrawlEvery == 0
        let answers = try await app.test(.router) { client in
            if full {
                // The language switch's links are the same pages again: left to the knowledge bases of that language.
                try await crawl(client, start: addresses(kb), limit: crawlLimit, headers: [.acceptLanguage: language.rawValue],
                                follow: { !$0.contains("lang=") })
            } else {
                try await crawl(client, start: coreAddresses(kb), limit: crawlLimit, headers: [.acceptLanguage: language.rawValue],
                                follow: { $0.hasPrefix("/api/") })
            }
        }
        tally.knowledgeBases += 1
        tally.answers += answers.count
        tally.byLanguage[language, default: 0] += 1
        if withoutKey { tally.servedWithoutKey += 1 }
        func finding(_ address: String, _ what: String) { tally.findings.append(Finding(kb: kb, address: address, what: what)) }

        for (address, r) in answers {
            if r.status.code >= 500 { finding(address, "answered \(r.status.code): \(r.text.prefix(200))") }
            let headers = r.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            let text = withoutEchoes(headers + "\n" + r.text, of: address)
            let found = LeakCheck.check(text, kb)
            tally.publicMarkersSeen += found.publicSeen
            for leak in found.leaks {
                finding(address, "leaked \(leak.marker): …\(leak.excerpt)…")
            }
        }
        // What is not public is not found; what is, is there.
        for case .person(let p) in kb.entities where full {
            for address in ["/persons/" + p.id.rawValue, "/api/v1/persons/" + p.id.rawValue] {
                guard let r = answers[address] else { finding(address, "not fetched"); continue }
                if p.confidentiality != .public {
                    if r.status != .notFound { finding(address, "a \(p.confidentiality) person answered \(r.status.code)") }
                } else if r.status != .ok || !r.text.contains(p.names[0].value) {
                    finding(address, "a public person answered \(r.status.code) without their name")
                } else {
                    tally.publicPersonPages += 1
                }
            }
        }
        // A search for a secret finds nothing: a hit, even on a public record,
        // would tell the searcher where the secret is written.
        for (address, r) in answers where address.hasPrefix("/api/v1/search?q=") {
            let q = PageContext.parseQuery(String(address.split(separator: "?")[1])).first { $0.0 == "q" }?.1 ?? ""
            guard q.lowercased().hasPrefix(KnowledgeBaseGenerator.secretPrefix), !q.contains(" ") else { continue }
            let hits = (try? JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])?["data"] as? [Any]
            if hits?.isEmpty != true { finding(address, "a search for a secret answered \(r.status.code) with \(hits?.count ?? -1) hits") }
        }
        // Counts leak too: how many persons are hidden is itself a secret.
        let publicPersecuted = kb.entities.filter { if case .person(let p) = $0 { p.confidentiality == .public && p.role == .persecuted } else { false } }.count
        for (address, r) in answers where address.hasPrefix("/api/v1/stats") && r.status == .ok {
            let counted = (try? JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])?["persecuted_persons"] as? Int
            if counted.map({ $0 > publicPersecuted }) ?? true {
                finding(address, "counts \(counted.map(String.init) ?? "no") persecuted persons of \(publicPersecuted) public ones")
            }
        }
        for case .source(let s) in kb.entities where full && s.confidentiality != .public {
            for address in ["/sources/" + s.id.rawValue, "/api/v1/sources/" + s.id.rawValue] where answers[address]?.status != .notFound {
                finding(address, "a \(s.confidentiality) source answered \(answers[address]?.status.code ?? 0)")
            }
        }
    }

    /// The knowledge base in a real SQLite store: in memory with the key
    /// for most, and for every eighth a file written with the key and served
    /// without it (sealed values are then there but cannot be opened).
    static func store(_ kb: GeneratedKnowledgeBase, key: MasterKey, folder: TemporaryFolder) async throws -> (SQLiteStore, withoutKey: Bool) {
        guard kb.index % 8 == 7 else {
            let store = try SQLiteStore(masterKey: key)
            try await kb.importInto(store)
            return (store, false)
        }
        let path = folder.path("kb\(kb.index).sqlite")
        try await kb.importInto(try SQLiteStore(path: path, masterKey: key))
        return (try SQLiteStore(path: path), true)
    }

    /// Every public address for `kb`: the fixed ones, every person, source
    /// and list it has, and searches for what must not be found (each secret,
    /// prefixes of secrets, the names of hidden persons) and for public names.
    static func addresses(_ kb: GeneratedKnowledgeBase) -> [String] {
        var persons: [String] = [], sources: [String] = [], lists: [String] = []
        var searches = [mixedCase(KnowledgeBaseGenerator.secretPrefix)]
        for e in kb.entities {
            switch e {
            case .person(let p):
                persons.append(p.id.rawValue)
                if p.confidentiality != .public { searches += p.names.map { mixedCase($0.value) } }
                else { searches.append(mixedCase(p.names[0].value)) }
            case .source(let s): sources.append(s.id.rawValue)
            case .list(let l): lists.append(l.id.rawValue)
            default: break
            }
        }
        searches += kb.secrets.map(mixedCase)
        if let first = kb.secrets.first { searches.append(mixedCase(String(first.prefix(KnowledgeBaseGenerator.secretPrefix.count + 3)))) }
        return publicAddresses(persons: persons, sources: sources, lists: lists, searches: searches)
    }

    /// The addresses that show the most of a knowledge base in few answers:
    /// the API's listings by pages of two (every cursor followed), the open
    /// data, the feed, the home page and the list, one person's page and
    /// another's API document (public or not, in turn), and two searches for
    /// secrets (in turn, and the name of a hidden person when there is one).
    static func coreAddresses(_ kb: GeneratedKnowledgeBase) -> [String] {
        var out = ["/", "/prisoners", "/feed.atom", "/data/aigaq-public.jsonl", "/api/v1/lists",
                   "/api/v1/persons?limit=2", "/api/v1/events?limit=2", "/api/v1/sources?limit=2"]
        let persons = kb.entities.compactMap { if case .person(let p) = $0 { p } else { nil } }
        if !persons.isEmpty {
            out.append("/persons/" + persons[kb.index % persons.count].id.rawValue)
            out.append("/api/v1/persons/" + persons[(kb.index + 1) % persons.count].id.rawValue)
        }
        let hidden = persons.filter { $0.confidentiality != .public }.flatMap(\.names).map(\.value)
        if !kb.secrets.isEmpty {
            out.append("/search?q=" + URLEncoding.component(mixedCase(kb.secrets[kb.index % kb.secrets.count])))
        }
        if let name = hidden.first ?? kb.secrets.last {
            out.append("/api/v1/search?q=" + URLEncoding.component(mixedCase(name)))
        }
        return out
    }

    /// "zqsecret" as "ZqSeCrEt": the search still finds it (search folds
    /// case), and the echo of the query on the page can be told from a stored
    /// value, which is all lower case (or all upper case, were a page to shout it).
    static func mixedCase(_ s: String) -> String {
        String(s.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })
    }

    /// `text` without what the visitor typed in `address` (a search query,
    /// the id of a page that was not found): the echo of a word that contains
    /// a marker is removed where it stands whole (not where it starts a longer
    /// marker); the rest of the answer is still checked.
    static func withoutEchoes(_ text: String, of address: String) -> String {
        let words = address.split(whereSeparator: { "/?&=".contains($0) })
            .map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            .flatMap { $0.split(separator: " ").map(String.init) }
            .filter { w in [KnowledgeBaseGenerator.secretPrefix, KnowledgeBaseGenerator.publicPrefix].contains { w.lowercased().contains($0) } }
        guard !words.isEmpty else { return text }
        var out = text
        for word in words.sorted(by: { $0.count > $1.count }) {
            var result = ""
            var rest = out[...]
            while let r = rest.range(of: word) {
                let after = rest[r.upperBound...].first
                let whole = !(after.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false)
                result += rest[..<r.lowerBound]
                if !whole { result += rest[r] }
                rest = rest[r.upperBound...]
            }
            out = result + rest
        }
        return out
    }
}
