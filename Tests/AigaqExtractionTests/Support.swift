import Foundation
import Testing
@testable import AigaqExtraction

enum Fixture {
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    static func extract(_ name: String) throws -> (ReadDocument, DocumentExtraction) {
        let r = try Extractor.extract(data: try data(name), fileName: name)
        return (r.document, r.extraction)
    }
}

/// Extraction of a short text written inline.
func extract(_ text: String, date: String? = nil) -> DocumentExtraction {
    Extractor.extract(text: TextNormaliser.normalise(text), documentName: "inline.txt", documentDate: date)
}

extension DocumentExtraction {
    func person(_ name: String) -> ExtractedPerson? { persons.first { $0.name == name } }
    var persecuted: [String] { persons.filter { $0.role == "persecuted" }.map(\.name).sorted() }
}

/// Runs `body` over the tokens of one sentence (with their vocabulary) and its bytes.
func withTokens<R>(_ text: String, _ body: (Toks, Bytes) throws -> R) rethrows -> R {
    try TokenizedText(TextNormaliser.normalise(text)).with(body)
}

/// Runs `body` over the bytes of `text`, in place.
func withBytes<R>(_ text: String, _ body: (Bytes) throws -> R) rethrows -> R {
    try Array(text.utf8).withUnsafeBufferPointer(body)
}

/// A deterministic generator so that fuzz tests repeat.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
