import Foundation
import Testing
@testable import AigaqExtraction

@Suite struct NormaliserTests {
    @Test func bomCRLFAndSpacesAreNormalised() {
        let raw = Data([0xEF, 0xBB, 0xBF]) + Data("One\r\ntwo\rthree\u{00A0}four\u{200B}five".utf8)
        #expect(TextNormaliser.normalise(raw) == "One\ntwo\nthree fourfive")
    }

    @Test func cyrillicHomoglyphsInsideLatinWordsBecomeLatin() {
        // Cyrillic М and а inside otherwise Latin names.
        let text = TextNormaliser.normalise("\u{041C}ukhtar and T\u{0430}tiana")
        #expect(text == "Mukhtar and Tatiana")
        // A Russian word keeps its letters.
        #expect(TextNormaliser.normalise("Москва") == "Москва")
    }

    @Test func invalidUTF8IsReplacedNotFatal() {
        let raw = Data([0x41, 0xFF, 0xC3, 0x28, 0x42, 0xE2, 0x82])
        let text = TextNormaliser.normalise(raw)
        #expect(text.hasPrefix("A\u{FFFD}"))
        #expect(text.contains("B"))
    }

    @Test func offsetsPointAtTheMentionText() throws {
        let (doc, ex) = try Fixture.extract("list_report.txt")
        let bytes = Array(doc.text.utf8)
        for p in ex.persons {
            for m in p.mentions {
                #expect(String(decoding: bytes[m.start..<m.end], as: UTF8.self) == m.text)
            }
        }
    }
}

@Suite struct SegmenterTests {
    @Test func headingsItemsAndRestartingNumbers() throws {
        let (doc, _) = try Fixture.extract("list_report.txt")
        let blocks = withBytes(doc.text) { Segmenter.segment($0) }
        let items = blocks.filter { $0.kind == .listItem }.compactMap(\.number)
        #expect(items == [1, 2, 1, 2])
        let headings = withBytes(doc.text) { u in blocks.filter { $0.kind == .heading }.map { Scan.string(u, $0.start..<$0.end) } }
        #expect(headings.contains("CONVICTED"))
        #expect(headings.contains("In cases related to the spring 2021 rallies"))
    }

    @Test func sentencesDoNotBreakAtAbbreviationsOrInitials() {
        let s = withBytes("He was charged under Art. 174 of the CC. M. Ablyazov was named. Next one.") { u in
            Segmenter.sentences(u, 0, u.count).map { Scan.string(u, $0) }
        }
        #expect(s == ["He was charged under Art. 174 of the CC.", "M. Ablyazov was named.", "Next one."])
    }

    @Test func labelledLinesAreNotHeadings() {
        #expect(withBytes("Charge: ‘false news’ (Article 274 of the CC)") { Segmenter.classify($0, 0, $0.count).kind } == .paragraph)
    }
}
