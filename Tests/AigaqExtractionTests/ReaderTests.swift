import Foundation
import Testing
@testable import AigaqExtraction

@Suite struct ReaderTests {
    @Test func htmlDropsScriptsKeepsBlocksAndDecodesEntities() throws {
        let doc = try DocumentReader.read(data: try Fixture.data("page.html"), fileName: "page.html")
        #expect(doc.mediaType == "text/html")
        #expect(!doc.text.contains("Fakeov"))
        #expect(!doc.text.contains("color"))
        #expect(doc.text.contains("• Erasyl TOKTAROV – 6 years’ imprisonment"))
        #expect(doc.text.contains("imaginary & careful"))
        let ex = try Extractor.extract(data: try Fixture.data("page.html"), fileName: "page.html").extraction
        #expect(ex.person("Erasyl Toktarov")?.sentence?.months == 72)
    }

    @Test func deeplyNestedHTMLIsReadQuickly() throws {
        let depth = 50_000
        let html = String(repeating: "<div><span>", count: depth) + "Aset Nurlanov was detained." + String(repeating: "</span></div>", count: depth)
        let doc = try DocumentReader.read(data: Data(html.utf8), fileName: "deep.htm")
        #expect(doc.text.contains("Aset Nurlanov was detained."))
    }

    @Test func unterminatedTagsAndEntitiesDoNotCrash() throws {
        for html in ["<p>text <b", "<script>never closed", "&#xFFFFFFFF; &#55296; &bogus; &", "<!-- open comment", "<<<>>>"] {
            _ = try DocumentReader.read(data: Data(html.utf8), fileName: "x.html")
        }
    }

    @Test func markdownAndPlainText() throws {
        let doc = try DocumentReader.read(data: Data("# Title\r\nText".utf8), fileName: "a.md")
        #expect(doc.text == "# Title\nText")
        #expect(doc.mediaType == "text/markdown")
    }

    @Test func aPDFThatIsNotAPDFIsAClearError() {
        #expect(throws: ExtractionError.notAPDF(file: "fake.pdf")) {
            try DocumentReader.read(data: Data("hello, not a pdf".utf8), fileName: "fake.pdf")
        }
        let message = ExtractionError.notAPDF(file: "fake.pdf").localizedDescription
        #expect(message.contains("fake.pdf") && message.contains("not a PDF"))
    }

    @Test func brokenPDFIsAnErrorNamingTheToolOrTheFile() {
        // A PDF header with garbage: either pdftotext is missing (the message
        // names it and poppler-utils) or it fails to convert.
        do {
            _ = try DocumentReader.read(data: Data("%PDF-1.4\ngarbage".utf8), fileName: "broken.pdf")
            Issue.record("expected an error")
        } catch let e as ExtractionError {
            switch e {
            case .pdftotextMissing(let f):
                #expect(f == "broken.pdf")
                #expect(e.localizedDescription.contains("pdftotext") && e.localizedDescription.contains("poppler-utils"))
            case .pdfConversionFailed(let f, _):
                #expect(f == "broken.pdf")
            default:
                Issue.record("unexpected \(e)")
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func docxParagraphsBecomeLines() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>\
        <w:p><w:r><w:t>Erasyl TOKTAROV – 6 years’ </w:t></w:r><w:r><w:t xml:space="preserve">imprisonment &amp; more.</w:t></w:r></w:p>\
        <w:p><w:r><w:t>Second</w:t><w:tab/><w:t>line</w:t></w:r></w:p></w:body></w:document>
        """
        let docx = try makeStoredZip(["word/document.xml": Data(xml.utf8)])
        let doc = try DocumentReader.read(data: docx, fileName: "a.docx")
        #expect(doc.text == "Erasyl TOKTAROV – 6 years’ imprisonment & more.\nSecond line\n")
    }

    @Test func corruptDOCXIsAClearError() throws {
        #expect(throws: ExtractionError.self) { try DocumentReader.read(data: Data("PK\u{3}\u{4}garbage".utf8), fileName: "bad.docx") }
        let noBody = try makeStoredZip(["other.xml": Data("x".utf8)])
        do {
            _ = try DocumentReader.read(data: noBody, fileName: "empty.docx")
            Issue.record("expected an error")
        } catch let e as ExtractionError {
            #expect(e.localizedDescription.contains("empty.docx"))
            #expect(e.localizedDescription.contains("word/document.xml"))
        }
    }
}

/// A ZIP archive with stored (uncompressed) entries, written by hand so the
/// tests need nothing but Foundation.
func makeStoredZip(_ files: [String: Data]) throws -> Data {
    func crc32(_ d: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in d { c ^= UInt32(b); for _ in 0..<8 { c = (c >> 1) ^ (0xEDB8_8320 & (0 &- (c & 1))) } }
        return ~c
    }
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff)] }
    func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }
    var out = [UInt8](), central = [UInt8]()
    for (name, body) in files.sorted(by: { $0.key < $1.key }) {
        let n = Array(name.utf8), crc = crc32(body), offset = UInt32(out.count)
        out += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
        out += le32(UInt32(body.count)) + le32(UInt32(body.count)) + le16(n.count) + le16(0) + n + [UInt8](body)
        central += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
        central += le32(UInt32(body.count)) + le32(UInt32(body.count)) + le16(n.count) + le16(0) + le16(0) + le16(0) + le16(0)
        central += le32(0) + le32(offset) + n
    }
    let cdOffset = UInt32(out.count)
    out += central
    out += le32(0x0605_4b50) + le16(0) + le16(0) + le16(files.count) + le16(files.count) + le32(UInt32(central.count)) + le32(cdOffset) + le16(0)
    return Data(out)
}

/// Regressions found by fuzzing (MutationFuzzTests): each was a trap.
@Suite struct FuzzRegressionTests {
    static func docx() throws -> [UInt8] {
        let xml = "<w:document><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>"
        return [UInt8](try makeStoredZip(["word/document.xml": Data(xml.utf8)]))
    }

    /// A ZIP whose central directory, or an entry's local header, is said to
    /// lie past the end of the data: ZIPFoundation's in-memory reader trapped
    /// on the out-of-range read; now it is a clear error.
    @Test(arguments: [16, 42])
    func zipOffsetsPastTheEndAreAClearError(field: Int) throws {
        var zip = try Self.docx()
        let eocd = zip.count - 22
        let cd = Int(zip[eocd + 16]) | Int(zip[eocd + 17]) << 8
        let at = field == 16 ? eocd + 16 : cd + 42
        zip[at] = 0xF0
        zip[at + 1] = 0xFF
        #expect { _ = try DocumentReader.read(data: Data(zip), fileName: "torn.docx") } throws: { error in
            (error as? ExtractionError)?.localizedDescription.contains("torn.docx") == true
        }
        // The untouched archive still reads.
        #expect(try DocumentReader.read(data: Data(try Self.docx()), fileName: "a.docx").text.contains("Hello"))
    }
}

extension FuzzRegressionTests {
    /// ZIPFoundation refuses a ZIP without an end-of-central-directory record,
    /// but leaks the whole document doing so (LeakSanitizer under libFuzzer):
    /// such data must not reach it.
    @Test func aZipWithoutItsDirectoryNeverReachesZIPFoundation() throws {
        let zip = try Self.docx()
        let torn = Array(zip.prefix(zip.count - 22)) + Array(repeating: 0, count: 22)
        #expect(DOCXReader.zipOffsetProblem(torn) == "it has no end-of-central-directory record")
        #expect(DOCXReader.zipOffsetProblem(zip) == nil)
        #expect(throws: ExtractionError.self) { try DocumentReader.read(data: Data(torn), fileName: "torn.docx") }
    }
}

extension FuzzRegressionTests {
    /// The end-of-central-directory record of `zip` (stored, no comment) with
    /// a comment length of 65 and `trailing` bytes after it, fewer than said.
    static func commentPastTheEnd(_ zip: [UInt8], trailing: Int) -> [UInt8] {
        var torn = zip
        torn[torn.count - 2] = 65
        return torn + Array(repeating: 0, count: trailing)
    }

    /// The shapes libFuzzer's LeakSanitizer found (11 leaked in-memory files
    /// in a 661 s run): a record whose comment runs past the end of the data.
    /// ZIPFoundation then finds no readable record and throws without
    /// closing its in-memory file, leaking the document. They must not reach it.
    @Test(arguments: [0, 41, 64])
    func aCommentPastTheEndNeverReachesZIPFoundation(trailing: Int) throws {
        let torn = Self.commentPastTheEnd(try Self.docx(), trailing: trailing)
        #expect(DOCXReader.zipOffsetProblem(torn) == "its archive comment runs past the end")
        #expect { _ = try DocumentReader.read(data: Data(torn), fileName: "comment.docx") } throws: { error in
            (error as? ExtractionError)?.localizedDescription.contains("comment.docx") == true
        }
        // An archive whose comment is all there still reads.
        let whole = Self.commentPastTheEnd(try Self.docx(), trailing: 65)
        #expect(DOCXReader.zipOffsetProblem(whole) == nil)
        #expect(try DocumentReader.read(data: Data(whole), fileName: "a.docx").text.contains("Hello"))
    }
}
