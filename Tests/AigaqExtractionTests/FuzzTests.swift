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
