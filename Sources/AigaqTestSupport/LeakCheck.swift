import AigaqCore
import AigaqStore
import Foundation

/// One secret found in a public output.
public struct Leak: Sendable, CustomStringConvertible {
    public var seed: UInt64
    public var index: Int
    public var marker: String
    /// The output around the marker.
    public var excerpt: String

    public var description: String {
        "knowledge base \(index) of seed \(seed) leaked \(marker): …\(excerpt)… "
            + "(rebuild it with KnowledgeBaseGenerator.make(seed: \(seed), index: \(index)))"
    }
}

public struct LeakReport: Sendable {
    public var knowledgeBases = 0
    public var secretsPlanted = 0
    /// Public markers found in the outputs: a check that finds nothing of
    /// the public either is not looking at a real output.
    public var publicMarkersSeen = 0
    public var outputBytes = 0
    public var leaks: [Leak] = []
}

/// The leak property: for many random knowledge bases, an output that is
/// meant to be public contains none of the secrets planted in them.
///
/// Any public output can be checked by passing how it is made from a
/// knowledge base: `export --public`, a web page, an API response, a report,
/// a feed.
///
/// ```swift
/// let report = try await LeakCheck.run { kb in
///     let store = try SQLiteStore()
///     try await kb.importInto(store)
///     return try await renderPersonPages(store)
/// }
/// #expect(report.leaks.isEmpty, "\(report.leaks.first!)")
/// ```
public enum LeakCheck {
    /// The seed of every run: fixed, so that CI is repeatable; set
    /// `AIGAQ_LEAK_SEED` to explore others.
    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["AIGAQ_LEAK_SEED"].flatMap { UInt64($0) } ?? 20_250_228
    }

    /// How many knowledge bases a property test builds: 1,000 in CI; set
    /// `AIGAQ_LEAK_KBS` for a longer run.
    public static var knowledgeBases: Int {
        ProcessInfo.processInfo.environment["AIGAQ_LEAK_KBS"].flatMap { Int($0) } ?? 1000
    }

    public static func run(knowledgeBases count: Int = 1000, seed: UInt64 = LeakCheck.seed,
                           output: (GeneratedKnowledgeBase) async throws -> String) async throws -> LeakReport {
        var report = LeakReport()
        for index in 0..<count {
            let kb = KnowledgeBaseGenerator.make(seed: seed, index: index)
            let text = try await output(kb)
            report.knowledgeBases += 1
            report.secretsPlanted += kb.secrets.count
            report.outputBytes += text.utf8.count
            let found = check(text, kb)
            report.leaks += found.leaks
            report.publicMarkersSeen += found.publicSeen
        }
        return report
    }

    /// The secrets of `kb` in `output`, and how many of its public markers it shows.
    public static func check(_ output: String, _ kb: GeneratedKnowledgeBase) -> (leaks: [Leak], publicSeen: Int) {
        // Markers are lower-case; an output may have upper-cased them.
        let text = output.lowercased()
        let found = MarkerScan.markers(in: Data(text.utf8))
        var leaks: [Leak] = []
        let secrets = Set(kb.secrets)
        for marker in kb.secrets where found.contains(marker) {
            leaks.append(Leak(seed: kb.seed, index: kb.index, marker: marker, excerpt: excerpt(text, marker)))
        }
        // A secret prefix without a known secret is a mangled secret: still a leak.
        if leaks.isEmpty, let mangled = found.first(where: { $0.hasPrefix(KnowledgeBaseGenerator.secretPrefix) && !secrets.contains($0) }) {
            leaks.append(Leak(seed: kb.seed, index: kb.index, marker: mangled, excerpt: excerpt(text, mangled)))
        }
        return (leaks, kb.publicMarkers.filter(found.contains).count)
    }

    private static func excerpt(_ text: String, _ marker: String) -> String {
        guard let range = text.range(of: marker) else { return marker }
        let lower = text.index(range.lowerBound, offsetBy: -60, limitedBy: text.startIndex) ?? text.startIndex
        let upper = text.index(range.upperBound, offsetBy: 60, limitedBy: text.endIndex) ?? text.endIndex
        return String(text[lower..<upper])
    }
}

/// Finds markers in bytes in one pass: every run that starts with a marker
/// prefix, and each of its prefixes (a marker may run on into letters that
/// follow it, in a binary file or a folded index).
public enum MarkerScan {
    public static func markers(in bytes: Data) -> Set<String> {
        let prefixes = [KnowledgeBaseGenerator.secretPrefix, KnowledgeBaseGenerator.publicPrefix].map { Array($0.utf8) }
        let length = prefixes[0].count
        var found: Set<String> = []
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i + length <= b.count {
                guard b[i] == 0x7A /* z */, prefixes.contains(where: { p in (1..<length).allSatisfy { b[i + $0] == p[$0] } }) else {
                    i += 1
                    continue
                }
                var j = i + length
                while j < b.count, j - i < 48, (b[j] >= 0x30 && b[j] <= 0x39) || (b[j] >= 0x61 && b[j] <= 0x7A) { j += 1 }
                let run = Array(UnsafeBufferPointer(rebasing: b[i..<j]))
                for end in length...run.count { found.insert(String(decoding: run[..<end], as: UTF8.self)) }
                i = j
            }
        }
        return found
    }
}

extension GeneratedKnowledgeBase {
    /// Imports every record into `store` in one transaction.
    public func importInto(_ store: some KnowledgeStore, actor: String = "leak-test") async throws {
        var iterator = entities.makeIterator()
        _ = try await store.importEntities(actor: actor) { iterator.next() }
    }
}

