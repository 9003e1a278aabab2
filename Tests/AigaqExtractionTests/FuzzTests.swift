import Foundation
import Testing
@testable import AigaqExtraction

/// Bad input gives output or a clear error, never a crash or a hang.
@Suite struct FuzzTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomBytesNeverCrash(seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        let count = Int.random(in: 0...60_000, using: &rng)
        let bytes = Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
        for name in ["r.txt", "r.html", "r.md", "r"] {
            let r = try Extractor.extract(data: bytes, fileName: name)
            #expect(r.extraction.document == name)
            checkOffsets(r.document.text, r.extraction)
        }
    }

    @Test func reportLikeNoiseNeverCrashes() throws {
        // Fragments of the genre shuffled with junk: names, articles, numbers, dates.
        let pieces = ["1. ", "Marat ", "ZHANGIROV ", "– ", "7 ", "years’ ", "imprisonment ", "under ", "Article ", "405 ",
                      "of the ", "Criminal Code", ". ", "Convicted on ", "29 ", "November ", "2023", "\n", "part ", "2 ",
                      "Art. ", "(", ")", "he ", "was ", "sentenced ", "to ", "and ", ", ", "ч. ", "ст. ", "Нурлана ",
                      "Жаксылыкова ", "лет ", "\u{FFFD}", "\u{0}", "•", "– ", "five-year ", "1/2 ", "President ", "# "]
        var rng = SplitMix(state: 42)
        var text = ""
        for _ in 0..<15_000 { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
        let r = try Extractor.extract(data: Data(text.utf8), fileName: "noise.txt")
        checkOffsets(r.document.text, r.extraction)
    }

    @Test func invalidUTF8Everywhere() throws {
        var bytes = [UInt8]()
        for i in 0..<20_000 { bytes.append(contentsOf: i % 3 == 0 ? [0xC3] : (i % 3 == 1 ? [0xE2, 0x82] : Array("Aset Nurlanov ".utf8))) }
        let r = try Extractor.extract(data: Data(bytes), fileName: "bad.txt")
        #expect(r.document.text.contains("\u{FFFD}"))
        checkOffsets(r.document.text, r.extraction)
    }

    /// 5 MB on one line (the 100 MB case runs in the benchmark, not in `swift test`).
    @Test(.timeLimit(.minutes(2)))
    func largeSingleLine() throws {
        let sentence = "On 5 May 2020 activist Aset Nurlanov was sentenced to 5 years in prison under Article 405 of the Criminal Code. "
        let text = String(repeating: sentence, count: 5_000_000 / sentence.utf8.count)
        let r = try Extractor.extract(data: Data(text.utf8), fileName: "line.txt")
        let p = try #require(r.extraction.person("Aset Nurlanov"))
        #expect(p.sentence?.months == 60)
        #expect(p.charges.map(\.article) == ["405"])
    }

    func checkOffsets(_ text: String, _ ex: DocumentExtraction) {
        let n = text.utf8.count
        for p in ex.persons {
            for m in p.mentions { #expect(m.start >= 0 && m.start <= m.end && m.end <= n) }
            for e in p.evidence { #expect(e.start >= 0 && e.start <= e.end && e.end <= n) }
        }
    }
}

/// Mutation fuzzing of every reader and recogniser, seeded with the
/// synthetic fixtures: a bounded run inside `swift test` (the libFuzzer
/// harness in Fuzz/ runs the same property for as long as one likes).
@Suite struct MutationFuzzTests {
    /// Iterations per test; `AIGAQ_FUZZ_ITERATIONS` raises it for a longer run.
    static let iterations = ProcessInfo.processInfo.environment["AIGAQ_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300

    static func seeds() throws -> [(name: String, data: Data)] {
        var seeds: [(String, Data)] = []
        for name in ["list_report.txt", "news_ru.txt", "page.html", "profiles_report.txt"] {
            let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
            seeds.append((name, try Data(contentsOf: url)))
        }
        let xml = "<w:document><w:body><w:p><w:r><w:t>1. Aset NURLANOV – 5 years, Article 405 of the CC.</w:t></w:r></w:p></w:body></w:document>"
        seeds.append(("a.docx", try makeStoredZip(["word/document.xml": Data(xml.utf8)])))
        seeds.append(("a.md", Data("# Convicted\n\n1. **Dana Testova** – 3 years under *Article 174*.\n".utf8)))
        return seeds
    }

    /// One random edit: flip, insert, delete, duplicate or splice bytes, or
    /// put in the characters the recognisers key on.
    static func mutate(_ data: inout Data, _ rng: inout SplitMix, seeds: [Data]) {
        let tokens = ["405", "ч.", "Article ", " years", "–", "\u{0}", "\u{FFFD}", "<", "&amp;", "&#", "\n\n", "1.", "PK\u{3}\u{4}",
                      "2024", "31 February", "\u{301}", "ё", "Ж", " ", "(", ")", "%", "**", "]]>", "\r"]
        let n = data.count
        switch Int.random(in: 0..<7, using: &rng) {
        case 0 where n > 0:
            data[Int.random(in: 0..<n, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
        case 1:
            data.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...n, using: &rng))
        case 2 where n > 1:
            let a = Int.random(in: 0..<n, using: &rng)
            data.removeSubrange(a..<min(n, a + Int.random(in: 1...64, using: &rng)))
        case 3 where n > 1:
            let a = Int.random(in: 0..<n, using: &rng)
            let piece = data[a..<min(n, a + Int.random(in: 1...256, using: &rng))]
            data.insert(contentsOf: piece, at: Int.random(in: 0...n, using: &rng))
        case 4:
            let other = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            guard !other.isEmpty else { return }
            let a = Int.random(in: 0..<other.count, using: &rng)
            data.insert(contentsOf: other[a..<min(other.count, a + 200)], at: Int.random(in: 0...n, using: &rng))
        default:
            data.insert(contentsOf: Data(tokens[Int.random(in: 0..<tokens.count, using: &rng)].utf8), at: Int.random(in: 0...n, using: &rng))
        }
    }

    @Test func mutatedReportsGiveOutputOrAClearError() throws {
        let seeds = try Self.seeds()
        var rng = SplitMix(state: 0xA16A)
        for i in 0..<Self.iterations {
            let seed = seeds[i % seeds.count]
            var data = seed.data
            for _ in 0..<Int.random(in: 1...8, using: &rng) { Self.mutate(&data, &rng, seeds: seeds.map(\.data)) }
            do {
                let r = try Extractor.extract(data: data, fileName: seed.name)
                let n = r.document.text.utf8.count
                for p in r.extraction.persons {
                    let spans = p.mentions.map { ($0.start, $0.end) } + p.evidence.map { ($0.start, $0.end) }
                    for (start, end) in spans {
                        #expect(start >= 0 && start <= end && end <= n, "iteration \(i) of \(seed.name)")
                    }
                }
            } catch let error as ExtractionError {
                #expect(!error.localizedDescription.isEmpty)
            }
        }
    }
}
