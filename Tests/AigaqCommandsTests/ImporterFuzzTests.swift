@testable import AigaqCommands
import AigaqCore
import AigaqSQLite
import AigaqTestSupport
import Foundation
import Testing

/// Property-based fuzzing of the JSON Lines importer and the search query
/// parser, bounded for `swift test` (`AIGAQ_FUZZ_ITERATIONS` raises it; the
/// libFuzzer harness in Fuzz/ runs the same properties unbounded).
@Suite struct ImporterFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["AIGAQ_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 400

    /// Valid lines: the sample's and random knowledge bases'.
    static func seedLines() throws -> [String] {
        var lines = try String(contentsOfFile: samplePath, encoding: .utf8).split(separator: "\n").map(String.init)
        let encoder = AigaqJSON.encoder()
        for i in 0..<3 {
            for e in KnowledgeBaseGenerator.make(seed: 99, index: i).entities {
                lines.append(String(decoding: try encoder.encode(e), as: UTF8.self))
            }
        }
        return lines
    }

    static func mutate(_ line: String, _ rng: inout SplitMix64, others: [String]) -> String {
        var b = Array(line.utf8)
        let junk = ["\"", "\\", "{", "}", "[", "]", ",", ":", "null", "1e309", "-0", "99999999999999999999", "\u{0}", "\\u0000",
                    "\\ud800", "ё", "\"confidentiality\":\"confidential\"", "\"type\":\"person\"", "\"aigaq_sealed\":\"v1.1.AAAA\"", "  "]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let n = b.count
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where n > 0: b[Int.random(in: 0..<n, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 1 where n > 1: b.removeSubrange(Int.random(in: 0..<n, using: &rng)..<n)
            case 2 where n > 1:
                let a = Int.random(in: 0..<n, using: &rng)
                b.removeSubrange(a..<min(n, a + Int.random(in: 1...20, using: &rng)))
            case 3:
                let o = Array(others[Int.random(in: 0..<others.count, using: &rng)].utf8)
                let a = Int.random(in: 0..<max(1, o.count), using: &rng)
                b.insert(contentsOf: o[min(a, o.count)..<min(o.count, a + 40)], at: Int.random(in: 0...n, using: &rng))
            default:
                b.insert(contentsOf: Array(junk[Int.random(in: 0..<junk.count, using: &rng)].utf8), at: Int.random(in: 0...n, using: &rng))
            }
        }
        return String(decoding: b, as: UTF8.self)
    }

    @Test func mutatedImportsSucceedOrChangeNothingWithALineNumber() async throws {
        let lines = try Self.seedLines()
        let vocabulary = try VocabularyAccess.bundled().vocabulary
        let store = try SQLiteStore()
        var rng = SplitMix64(seed: 0x1A7)
        var failures = 0
        for i in 0..<Self.iterations {
            // A few valid lines, one of them mutated: the import must name that line or take all.
            let count = Int.random(in: 1...5, using: &rng)
            var file = (0..<count).map { _ in lines[Int.random(in: 0..<lines.count, using: &rng)] }
            let bad = Int.random(in: 0..<count, using: &rng)
            file[bad] = Self.mutate(file[bad], &rng, others: lines)
            var reader = JSONLReader(data: Data(file.joined(separator: "\n").utf8), file: "fuzz.jsonl")
            reader.validate = { EntityValidation.problem(with: $0, vocabulary: vocabulary) }
            let before = try await store.counts()
            let entries = try await store.verifyAudit().entries
            do {
                _ = try await store.importEntities(actor: "fuzz") { try reader.next() }
            } catch let error as AigaqError {
                failures += 1
                #expect(!error.message.isEmpty)
                if case .badInput(file: "fuzz.jsonl", line: let line?, reason: _) = error {
                    #expect(line >= 1 && line <= count, "iteration \(i)")
                }
                #expect(try await store.counts() == before, "iteration \(i): a failed import changed the database")
                #expect(try await store.verifyAudit().entries == entries)
            }
        }
        // Most mutations break a line; some leave it valid. Both happened.
        #expect(failures > Self.iterations / 4)
        #expect(failures < Self.iterations)
        #expect(try await store.verifyAudit().isValid)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func noQueryIsEverReadAsSearchSyntax() async throws {
        let store = try SQLiteStore()
        var it = try Self.seedLines().compactMap { try? AigaqJSON.decoder().decode(Entity.self, from: Data($0.utf8)) }
            .filter { if case .candidate = $0 { false } else if case .decision = $0 { false } else { true } }.makeIterator()
        _ = try await store.importEntities(actor: "t") { it.next() }
        let pieces = ["\"", "'", "*", "^", ":", "(", ")", "{", "}", "-", "+", "NEAR", "NEAR/3", "AND", "OR", "NOT", "col:", "personName",
                      "Жыланбаев", "zhyl", "ё", "\u{301}", "\u{0}", "\u{FFFD}", "🙂", " ", "\t", "\n", "\\", ";", "--", "/*", "%", "_",
                      "a", "Tokbergenov", "erlan", "1", "٣", "ǅ", "ﬁ", "\u{200B}"]
        var rng = SplitMix64(seed: 0x5EA7C4)
        for i in 0..<(Self.iterations * 5) {
            let query = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
            do {
                _ = try await store.search(query, limit: 5)
                _ = try await store.persons(named: query, limit: 5)
            } catch {
                Issue.record("query \(query.debugDescription) (iteration \(i)) failed: \(error)")
            }
        }
        #expect(try await store.search("Tokbergenov", limit: 5).contains { $0.id == "p-tokbergenov-erlan" })
    }
}
