import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation
@testable import AigaqWeb

/// A multipart/form-data body with a file and fields.
func multipart(file: (name: String, bytes: [UInt8])?, fields: [(String, String)], boundary: String = "XyZ-boundary-42") -> (ByteBuffer, HTTPFields) {
    var body: [UInt8] = []
    func add(_ s: String) { body += Array(s.utf8) }
    for (k, v) in fields {
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n")
    }
    if let file {
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body += file.bytes
        add("\r\n")
    }
    add("--\(boundary)--\r\n")
    return (ByteBuffer(bytes: body), [.contentType: "multipart/form-data; boundary=\(boundary)"])
}

@Suite("Uploads and escaping")
struct UploadAndEscapeTests {
    func upload(_ client: some TestClientProtocol, _ browser: Browser, name: String, bytes: [UInt8], csrf: String? = nil,
                fields: [(String, String)] = []) async throws -> TestResponse {
        let (body, headers) = multipart(file: (name, bytes), fields: [("csrf", csrf ?? browser.csrf)] + fields)
        var h = headers
        for f in browser.cookie { h.append(f) }
        return try await client.execute(uri: "/workspace/ingest", method: .post, headers: h, body: body)
    }

    @Test("an upload is read in the background; its page refreshes itself until the candidates are in the queue")
    func uploadReport() async throws {
        let f = try await WorkspaceFixture()
        let report = """
            Eastern Steppe Observers
            Date: 2 February 2025
            POLITICAL PRISONERS
            CONVICTED
            1. Yerlan OMAROV – 3 years in prison under Article 405 of the Criminal Code. Convicted on 9 January 2025.
            """
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            let form = try await client.get("/workspace/ingest", as: editor)
            #expect(form.status == .ok)
            #expect(form.text.contains("enctype=\"multipart/form-data\""))
            let r = try await upload(client, editor, name: "observers.txt", bytes: Array(report.utf8), fields: [("publisher", "Eastern Steppe Observers")])
            #expect(r.status == .seeOther)
            let job = try #require(r.location)
            #expect(job.hasPrefix("/workspace/jobs/job-"))
            var page = try await client.get(job, as: editor)
            for _ in 0..<100 where !page.text.contains("class=\"flash\"") {
                #expect(page.text.contains("<meta http-equiv=\"refresh\" content=\"1\">"))
                try await Task.sleep(for: .milliseconds(50))
                page = try await client.get(job, as: editor)
            }
            #expect(page.text.contains("1 candidates are in the queue."))
            #expect(!page.text.contains("http-equiv=\"refresh\""))
            let queue = try await client.get("/workspace/queue", as: editor)
            #expect(queue.text.contains("Yerlan Omarov"))
            // Another uploader's job is not shown to a reviewer.
            #expect(try await client.get(job, as: f.session(.reviewer)).status == .forbidden)
            // The same bytes again store nothing new.
            let again = try await upload(client, editor, name: "copy.txt", bytes: Array(report.utf8))
            let second = try await finished(client, editor, job: try #require(again.location))
            #expect(second.text.contains("were added before"))
        }
    }

    /// The job page once the job has ended (it refreshes itself until then).
    func finished(_ client: some TestClientProtocol, _ browser: Browser, job: String) async throws -> TestResponse {
        var page = try await client.get(job, as: browser)
        for _ in 0..<300 where !page.text.contains("class=\"flash") {
            try await Task.sleep(for: .milliseconds(50))
            page = try await client.get(job, as: browser)
        }
        return page
    }

    @Test("HTML, DOCX and PDF uploads are read into candidates like text")
    func uploadFormats() async throws {
        let f = try await WorkspaceFixture()
        // Three invented entries, one per format.
        let html = """
            <!doctype html><html><head><title>Valley Watch</title><script>var x = 1;</script></head><body>
            <h1>Valley Watch</h1><p>Date: 3 March 2025</p><h2>CONVICTED</h2>
            <p>1. Daulet ISKAKOV &ndash; 4 years in prison under Article 405 of the Criminal Code. Convicted on 5 February 2025.</p>
            </body></html>
            """
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:r><w:t>River Town Monitor</w:t></w:r></w:p><w:p><w:r><w:t>Date: 4 March 2025</w:t></w:r></w:p>
            <w:p><w:r><w:t>CONVICTED</w:t></w:r></w:p>
            <w:p><w:r><w:t>1. Gulnara SEITOVA – 2 years of restriction of freedom under Article 274 of the Criminal Code.</w:t></w:r></w:p>
            </w:body></w:document>
            """
        let pdf = Self.pdf(lines: ["Hill Country Defenders", "Date: 5 March 2025", "CONVICTED",
                                   "1. Bolat ZHAKSYBEKOV - 5 years in prison under Article 405 of the Criminal Code."])
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            for (name, bytes, person) in [("valley.html", Array(html.utf8), "Daulet Iskakov"),
                                          ("river.docx", try Self.docx(["word/document.xml": Data(xml.utf8)]), "Gulnara Seitova"),
                                          ("hills.pdf", pdf, "Bolat Zhaksybekov")] {
                let r = try await upload(client, editor, name: name, bytes: bytes)
                #expect(r.status == .seeOther, "\(name)")
                let page = try await finished(client, editor, job: try #require(r.location))
                #expect(page.text.contains("1 candidates are in the queue."), "\(name): \(page.text.prefix(3000))")
                let queue = try await client.get("/workspace/queue", as: editor)
                #expect(queue.text.contains(person), "\(name)")
            }
            // The HTML's script is dropped, never shown or run.
            #expect(!(try await client.get("/workspace/queue", as: editor)).text.contains("var x = 1"))
        }
    }

    /// A DOCX (a ZIP) with the given entries.
    static func docx(_ files: [String: Data]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, body) in files.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(body.count)) { position, size in
                body.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(try #require(archive.data))
    }

    /// A one-page PDF with `lines` in Helvetica (ASCII only), its cross-reference table computed.
    static func pdf(lines: [String]) -> [UInt8] {
        let text = lines.enumerated().map { i, line in
            (i == 0 ? "72 760 Td " : "0 -16 Td ") + "(" + line.replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)") + ") Tj"
        }.joined(separator: "\n")
        let stream = "BT /F1 11 Tf\n" + text + "\nET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(repeating: "0", count: 10 - String(o).count) + String(o) + " 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }

    @Test("uploads are limited in size and type, and need the CSRF token")
    func uploadLimits() async throws {
        let f = try await WorkspaceFixture(configuration: WebConfiguration(port: 18102, maxUploadBytes: 4096))
        try await f.app.test(.router) { client in
            let editor = try await f.session(.editor)
            let big = try await upload(client, editor, name: "big.txt", bytes: Array(repeating: UInt8(ascii: "a"), count: 5000))
            #expect(big.status == .contentTooLarge)
            let exe = try await upload(client, editor, name: "tool.exe", bytes: [0x4D, 0x5A, 0x90, 0x00])
            #expect(exe.status == .unsupportedMediaType)
            #expect(exe.text.contains("are not accepted"))
            let fakePDF = try await upload(client, editor, name: "report.pdf", bytes: Array("just text".utf8))
            #expect(fakePDF.status == .unsupportedMediaType)
            let fakeDOCX = try await upload(client, editor, name: "report.docx", bytes: Array("just text".utf8))
            #expect(fakeDOCX.status == .unsupportedMediaType)
            let binary = try await upload(client, editor, name: "report.txt", bytes: [0x66, 0x00, 0xFF, 0xFE])
            #expect(binary.status == .unsupportedMediaType)
            let empty = try await upload(client, editor, name: "empty.md", bytes: [])
            #expect(empty.status == .unprocessableContent)
            let forged = try await upload(client, editor, name: "ok.txt", bytes: Array("Some text".utf8), csrf: "forged")
            #expect(forged.status == .forbidden)
            let reviewer = try await f.session(.reviewer)
            #expect(try await upload(client, reviewer, name: "ok.txt", bytes: Array("Some text".utf8)).status == .forbidden)
            let notMultipart = try await client.post("/workspace/ingest", as: editor, [("file", "x")])
            #expect(notMultipart.status == .unsupportedMediaType)
            #expect(try await f.store.counts().byType["source"] == 6)
        }
    }

    @Test("HTML and script in candidates, uploads and edits are escaped on every workspace page")
    func escaping() async throws {
        let attack = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'"
        let report = """
            Watch <b>Group</b> \(attack)
            Date: 1 March 2024
            CONVICTED
            1. Timur BAKHYTULY – 6 years in prison under Article 405 of the Criminal Code.
            """
        let f = try await WorkspaceFixture(report: report)
        var c = try #require(try await f.candidates().first)
        c.payload.name = attack
        c.payload.listSection = attack
        c.suggestion = Candidate.Suggestion(person: Person.ID(rawValue: "p-zhylanbayev-marat"), score: 0.5, reasons: [attack])
        try await f.store.apply(delete: [], write: [.candidate(c)], actor: "test")
        let stored = c
        try await f.app.test(.router) { client in
            let c = stored
            let admin = try await f.session(.admin)
            let p = try #require(try await f.store.person(id: Person.ID(rawValue: EditingTests.person)))
            let edit = try await client.post("/workspace/persons/\(EditingTests.person)/facts", as: admin,
                                             [("form_id", "add-fact"), ("version", String(p.version)), ("field", "region"), ("value", attack),
                                              ("cite_note", attack)])
            #expect(edit.status == .seeOther)
            let stale = try await client.post("/workspace/persons/\(EditingTests.person)/facts", as: admin,
                                              [("form_id", "add-fact"), ("version", String(p.version)), ("field", "city"), ("value", attack),
                                               ("cite_note", attack)])
            #expect(stale.status == .conflict)
            let bad = try await client.post("/workspace/candidates/\(c.id.rawValue)/correct", as: admin,
                                            [("name", attack), ("charges", attack)])
            #expect(bad.status == .unprocessableContent)
            var pages = [stale, bad]
            for path in ["/workspace/queue", "/workspace/candidates/" + c.id.rawValue, "/workspace/sources/" + f.source.rawValue,
                         "/workspace/sources/" + f.source.rawValue + "?candidate=" + c.id.rawValue,
                         "/workspace/persons/" + EditingTests.person, "/workspace/records?q=" + URLEncoding.component(attack),
                         "/workspace/candidates/\(c.id.rawValue)?q=" + URLEncoding.component(attack), "/persons/" + EditingTests.person] {
                let r = try await client.get(path, as: admin)
                #expect(r.status == .ok, "\(path)")
                pages.append(r)
            }
            for r in pages {
                #expect(!r.text.contains("<script>alert"), "\(r.text.prefix(200))")
                #expect(!r.text.contains("<img src=x"))
                #expect(!r.text.contains("<b>Group"))
            }
            #expect(pages.contains { $0.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") })
        }
    }
}
