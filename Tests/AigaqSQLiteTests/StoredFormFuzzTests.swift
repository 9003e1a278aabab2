import AigaqCore
@testable import AigaqStore
import AigaqTestSupport
import Foundation
import Testing

// The sealed-field behaviour (both backends) is in Tests/AigaqStoreTests/SealedFieldBehaviourTests.swift.

/// The stored-form parser reads what an attacker with the file may have
/// written: it must refuse, never trap.
@Suite struct StoredFormFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["AIGAQ_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2000

    @Test func jsonTreesRoundTripAndBadTextIsRefused() throws {
        let codec = SealingCodec(state: .open(Sealer.newDataKey(version: 1)))
        let locked = SealingCodec(state: .locked(masterFingerprint: "00"))
        var seeds: [String] = []
        for e in KnowledgeBaseGenerator.make(seed: 5, index: 0).entities {
            let json = String(decoding: try AigaqJSON.encoder().encode(e), as: UTF8.self)
            seeds.append(json)
            seeds.append(try codec.seal(json: json, type: e.typeName, id: e.id).stored)
        }
        var rng = SplitMix64(seed: 0x7EE)
        let pieces = ["{", "}", "[", "]", "\"", "\\", "\\u", "\\ud83d", ":", ",", "1", "-", "e", "true", "nul", " ", "\u{0}", "ё", "\"aigaq_sealed\":"]
        var parsed = 0
        for i in 0..<Self.iterations {
            var b = Array(seeds[i % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !b.isEmpty {
                let at = Int.random(in: 0..<b.count, using: &rng)
                if Bool.random(using: &rng) { b[at] = UInt8.random(in: 0...255, using: &rng) }
                else { b.insert(contentsOf: Array(pieces[Int.random(in: 0..<pieces.count, using: &rng)].utf8), at: at) }
            }
            if let node = try? JSONNode.parse(b) {
                parsed += 1
                #expect(try JSONNode.parse(node.serialized()) == node)
            }
            let text = String(decoding: b, as: UTF8.self)
            for c in [codec, locked] {
                do { _ = try c.open(stored: text, type: "person", id: "p-1") } catch { #expect(error is AigaqError) }
            }
        }
        #expect(parsed > 0)
        // Deep nesting is refused, not a stack overflow.
        #expect(throws: JSONNode.ParseError.self) { try JSONNode.parse(Array(String(repeating: "[", count: 100_000).utf8)) }
    }
}
