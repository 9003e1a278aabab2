import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
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
            var second = try await client.get(try #require(again.location), as: editor)
            for _ in 0..<100 where !second.text.contains("class=\"flash\"") {
                try await Task.sleep(for: .milliseconds(50))
                second = try await client.get(try #require(again.location), as: editor)
            }
            #expect(second.text.contains("were added before"))
        }
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
