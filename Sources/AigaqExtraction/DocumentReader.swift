import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ZIPFoundation

/// Chooses a reader by extension (then by sniffing the bytes) and returns
/// normalised text. Readers never trust their input: bad bytes give text or a
/// clear ``ExtractionError``, never a crash.
public enum DocumentReader {
    public static func read(data: Data, fileName: String) throws -> ReadDocument {
        let ext = (fileName as NSString).pathExtension.lowercased()
        switch ext {
        case "pdf":
            return ReadDocument(text: try PDFReader.read(data: data, fileName: fileName), mediaType: "application/pdf")
        case "docx":
            return ReadDocument(text: try DOCXReader.read(data: data, fileName: fileName),
                                mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        case "html", "htm", "xhtml":
            return ReadDocument(text: HTMLReader.read(data), mediaType: "text/html")
        case "md", "markdown":
            return ReadDocument(text: TextNormaliser.normalise(data), mediaType: "text/markdown")
        case "txt", "text", "":
            break
        default:
            break
        }
        // Sniff: a PDF or DOCX under another name, or HTML saved as .txt.
        if data.starts(with: Array("%PDF-".utf8)) {
            return ReadDocument(text: try PDFReader.read(data: data, fileName: fileName), mediaType: "application/pdf")
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return ReadDocument(text: try DOCXReader.read(data: data, fileName: fileName),
                                mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        if looksLikeHTML(data) { return ReadDocument(text: HTMLReader.read(data), mediaType: "text/html") }
        return ReadDocument(text: TextNormaliser.normalise(data), mediaType: "text/plain")
    }

    static func looksLikeHTML(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        let trimmed = head.drop(while: { $0.isWhitespace })
        return trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html")
    }
}

// MARK: - HTML

/// A tag scanner, not a parser: no tree is built, so nesting depth costs
/// nothing and broken markup cannot throw.
enum HTMLReader {
    static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "hr",
        "main", "nav", "aside", "figure", "figcaption", "title", "td", "th", "caption", "address",
    ]
    static let skipTags: Set<String> = ["script", "style", "noscript", "template", "svg", "head"]

    static func read(_ data: Data) -> String {
        let text = TextNormaliser.normalise(data)
        return TextNormaliser.normalise(render(Array(text.utf8)))
    }

    static func render(_ b: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(b.count / 2)
        var i = 0
        let n = b.count
        var pendingSpace = false
        func newline() {
            while out.last == 0x20 { out.removeLast() }
            if out.last != 0x0A { out.append(0x0A) }
            pendingSpace = false
        }
        while i < n {
            let c = b[i]
            if c == 0x3C { // <
                // Comment
                if i + 3 < n, b[i + 1] == 0x21, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                    i = find(b, Array("-->".utf8), from: i + 4).map { $0 + 3 } ?? n
                    continue
                }
                guard let close = b[(i + 1)...].firstIndex(of: 0x3E) else { i = n; break }
                var j = i + 1
                var closing = false
                if j < close, b[j] == 0x2F { closing = true; j += 1 }
                var name = [UInt8]()
                while j < close, (b[j] | 0x20) >= 0x61 && (b[j] | 0x20) <= 0x7A || (b[j] >= 0x30 && b[j] <= 0x39) {
                    name.append(b[j] | 0x20); j += 1
                }
                let tag = String(decoding: name, as: UTF8.self)
                i = close + 1
                if !closing, skipTags.contains(tag), b[close - 1] != 0x2F {
                    // Skip to the matching end tag (case-insensitive), or to the end.
                    let end = Array("</\(tag)".utf8)
                    i = findCaseInsensitive(b, end, from: i) ?? n
                    if i < n { i = (b[i...].firstIndex(of: 0x3E) ?? (n - 1)) + 1 }
                    continue
                }
                if blockTags.contains(tag) {
                    newline()
                    if tag == "li" && !closing { out.append(contentsOf: Array("• ".utf8)) }
                } else if !tag.isEmpty {
                    pendingSpace = pendingSpace || false
                }
                continue
            }
            if c == 0x26 { // &
                if let (scalars, len) = entity(b, at: i) {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    for s in scalars { TextNormaliser.appendUTF8(s, to: &out) }
                    i += len
                    continue
                }
            }
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D {
                if let last = out.last, last != 0x0A, last != 0x20 { pendingSpace = true }
                i += 1
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func find(_ b: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, b.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= b.count {
            if b[i] == needle[0] {
                var k = 1
                while k < needle.count, b[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func findCaseInsensitive(_ b: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard b.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= b.count {
            var k = 0
            while k < needle.count, (b[i + k] | 0x20) == (needle[k] | 0x20) { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return nil
    }

    static let named: [String: [UInt32]] = [
        "amp": [0x26], "lt": [0x3C], "gt": [0x3E], "quot": [0x22], "apos": [0x27], "nbsp": [0x20],
        "mdash": [0x2014], "ndash": [0x2013], "laquo": [0xAB], "raquo": [0xBB], "rsquo": [0x2019],
        "lsquo": [0x2018], "ldquo": [0x201C], "rdquo": [0x201D], "hellip": [0x2026], "bull": [0x2022],
        "middot": [0xB7], "copy": [0xA9], "shy": [], "zwnj": [], "zwj": [], "thinsp": [0x20], "ensp": [0x20],
        "emsp": [0x20], "numero": [0x2116], "laquo;": [0xAB],
    ]

    /// Decodes one entity at `i`; nil when it is not one (a bare `&` stays).
    static func entity(_ b: [UInt8], at i: Int) -> ([UInt32], Int)? {
        var j = i + 1
        let limit = min(b.count, i + 12)
        while j < limit, b[j] != 0x3B { j += 1 }
        guard j < limit, b[j] == 0x3B, j > i + 1 else { return nil }
        let body = String(decoding: b[(i + 1)..<j], as: UTF8.self)
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") { value = UInt32(digits.dropFirst(), radix: 16) }
            else { value = UInt32(digits) }
            guard let v = value else { return nil }
            let ok = v > 0 && v <= 0x10FFFF && !(0xD800...0xDFFF).contains(v)
            return ([ok ? v : 0xFFFD], j - i + 1)
        }
        if let scalars = named[body.lowercased()] { return (scalars, j - i + 1) }
        return nil
    }
}

// MARK: - DOCX

/// Paragraphs of `word/document.xml`, one per line.
enum DOCXReader {
    static func read(data: Data, fileName: String) throws -> String {
        // ZIPFoundation's in-memory archive traps (rather than throws) when
        // an offset points past the end of the data, and leaks the data when
        // it finds no readable end-of-central-directory record (it throws
        // without closing its in-memory file); found by fuzzing. It sees
        // only sound ones: the bytes stay in memory, never in a temporary file.
        if let problem = zipOffsetProblem(Array(data)) {
            throw ExtractionError.corruptDOCX(file: fileName, detail: "it is not a sound ZIP archive (\(problem))")
        }
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ExtractionError.corruptDOCX(file: fileName, detail: "it is not a ZIP archive (\(error))")
        }
        guard let entry = archive["word/document.xml"] else {
            throw ExtractionError.corruptDOCX(file: fileName, detail: "the archive has no word/document.xml")
        }
        var xml = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                xml.append(chunk)
                // A decompression bomb must not take the machine down.
                if xml.count > 512 * 1024 * 1024 { throw ExtractionError.corruptDOCX(file: fileName, detail: "document.xml is larger than 512 MB") }
            }
        } catch let e as ExtractionError {
            throw e
        } catch {
            throw ExtractionError.corruptDOCX(file: fileName, detail: "word/document.xml cannot be decompressed (\(error))")
        }
        return TextNormaliser.normalise(paragraphs(Array(xml)))
    }

    /// Why the archive's directory points outside the data, or nil when every
    /// offset it gives (central directory, local headers) lies inside it.
    static func zipOffsetProblem(_ b: [UInt8]) -> String? {
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        // The end-of-central-directory record: 22 bytes and a comment of up to 64 KiB.
        guard b.count >= 22 else { return "too short" }
        var eocd = b.count - 22
        let lowest = max(0, b.count - 22 - 0xFFFF)
        while eocd >= lowest, u32(eocd) != 0x0605_4B50 { eocd -= 1 }
        // Without one ZIPFoundation throws too, but leaks the whole document
        // doing so (its in-memory file is never closed; found by libFuzzer).
        guard eocd >= lowest else { return "it has no end-of-central-directory record" }
        // ZIPFoundation reads the archive comment with the record, and leaks
        // the document too when the comment runs past the end (libFuzzer, LSan).
        guard eocd + 22 + u16(eocd + 20) <= b.count else { return "its archive comment runs past the end" }
        let entries = u16(eocd + 10)
        let size = u32(eocd + 12)
        var at = u32(eocd + 16)
        guard entries != 0xFFFF, size != 0xFFFF_FFFF, at != 0xFFFF_FFFF else { return "ZIP64 archives are not read" }
        guard at + size <= eocd else { return "the central directory lies past its end" }
        for _ in 0..<entries {
            guard at + 46 <= eocd, u32(at) == 0x0201_4B50 else { return "a central directory entry is damaged" }
            let local = u32(at + 42)
            guard local + 30 <= b.count, u32(local) == 0x0403_4B50 else { return "an entry's header lies past the end" }
            at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32)
        }
        return nil
    }

    /// Text runs (`w:t`) joined, `w:p` ends a line, `w:tab` and `w:br` keep words apart.
    static func paragraphs(_ b: [UInt8]) -> String {
        var out = [UInt8]()
        var i = 0
        let n = b.count
        var inText = false
        while i < n {
            let c = b[i]
            if c == 0x3C {
                guard let close = b[(i + 1)...].firstIndex(of: 0x3E) else { break }
                let tag = String(decoding: b[(i + 1)..<close], as: UTF8.self)
                let name = tag.split(whereSeparator: { $0 == " " || $0 == "/" }).first.map(String.init) ?? ""
                if tag.hasPrefix("/") {
                    if tag == "/w:t" { inText = false }
                    if tag == "/w:p" { out.append(0x0A) }
                } else if name == "w:t" {
                    inText = !tag.hasSuffix("/")
                } else if name == "w:tab" {
                    out.append(0x20)
                } else if name == "w:br" || name == "w:cr" {
                    out.append(0x0A)
                }
                i = close + 1
                continue
            }
            if inText {
                if c == 0x26, let (scalars, len) = HTMLReader.entity(b, at: i) {
                    for s in scalars { TextNormaliser.appendUTF8(s, to: &out) }
                    i += len
                    continue
                }
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - PDF

/// PDF through poppler's `pdftotext`, then lines reflowed into paragraphs.
enum PDFReader {
    static let timeoutSeconds: Double = 120

    static func read(data: Data, fileName: String) throws -> String {
        // The header may follow a little junk, but must be in the first KiB.
        guard let _ = data.prefix(1024).range(of: Data("%PDF-".utf8)) else {
            throw ExtractionError.notAPDF(file: fileName)
        }
        guard let tool = findTool("pdftotext") else { throw ExtractionError.pdftotextMissing(file: fileName) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-pdf-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.pdf")
        let output = dir.appendingPathComponent("out.txt")
        do { try data.write(to: input) } catch {
            throw ExtractionError.pdfConversionFailed(file: fileName, detail: "cannot write a temporary file: \(error)")
        }
        let process = Process()
        process.executableURL = tool
        process.arguments = ["-enc", "UTF-8", "-nopgbrk", input.path, output.path]
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw ExtractionError.pdfConversionFailed(file: fileName, detail: "cannot start pdftotext: \(error)")
        }
        // A hostile PDF must not hang the caller: kill the converter after a while.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { _ = kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + PDFReader.timeoutSeconds, execute: watchdog)
        let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if process.terminationReason == .uncaughtSignal {
            throw ExtractionError.pdfConversionFailed(file: fileName, detail: "pdftotext did not finish within \(Int(PDFReader.timeoutSeconds)) seconds")
        }
        guard process.terminationStatus == 0, let text = try? Data(contentsOf: output) else {
            let detail = String(decoding: errData.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ExtractionError.pdfConversionFailed(file: fileName, detail: detail.isEmpty ? "exit status \(process.terminationStatus)" : detail)
        }
        return reflow(TextNormaliser.normalise(text))
    }

    static func findTool(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// pdftotext breaks lines where the page did; join lines of one paragraph
    /// so that the segmenter sees sentences whole. A blank line, a list
    /// marker or a line ending a sentence keeps its break.
    static func reflow(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previous: Substring? = nil
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else {
                if previous != nil { out += "\n" }
                out += "\n"; previous = nil
                continue
            }
            if let prev = previous {
                let endsSentence = prev.last.map { ".:;!?".contains($0) } ?? true
                let startsItem = Segmenter.listMarker(in: Substring(line)) != nil
                if !endsSentence && !startsItem {
                    if prev.hasSuffix("-"), line.first?.isLowercase == true { out.removeLast() } else { out += " " }
                    out += line
                    previous = Substring(line)
                    continue
                }
                out += "\n"
            }
            out += line
            previous = Substring(line)
        }
        return out
    }
}
