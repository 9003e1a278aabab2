import AigaqAccounts
import AigaqCore
import AigaqExtraction
import AigaqReview
import AigaqStore
import Foundation
import Hummingbird
import Synchronization

/// Upload jobs: a report is read, extracted, stored with its candidates and
/// given the resolver's suggestions in the background, while its page
/// (`/workspace/jobs/{id}`) refreshes itself and shows the step it is at.
/// Jobs live in memory: a restart forgets them, never their results.
final class IngestJobs: Sendable {
    enum Step: String, CaseIterable, Sendable { case received, reading, extracting, storing, suggesting, done, failed }

    struct Job: Sendable {
        var id: String
        var owner: String
        var fileName: String
        var bytes: Int
        var step: Step = .received
        var started = Date()
        var finished: Date?
        var source: Source.ID?
        var candidates = 0
        var suggested = 0
        var alreadyStored = false
        var error: String?
        var isFinished: Bool { step == .done || step == .failed }
    }

    private let jobs = Mutex<[String: Job]>([:])

    func add(_ job: Job) {
        jobs.withLock { all in
            // Keep the last 200 jobs.
            if all.count >= 200, let oldest = all.values.filter(\.isFinished).min(by: { $0.started < $1.started }) { all[oldest.id] = nil }
            all[job.id] = job
        }
    }

    func update(_ id: String, _ change: (inout Job) -> Void) { jobs.withLock { if var j = $0[id] { change(&j); $0[id] = j } } }
    func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }
    func recent(owner: String?) -> [Job] {
        jobs.withLock { all in all.values.filter { owner == nil || $0.owner == owner }.sorted { $0.started > $1.started } }
    }
}

/// What may be uploaded: by extension, and the bytes must agree with it.
enum UploadPolicy {
    static let extensions = ["txt", "md", "markdown", "html", "htm", "pdf", "docx"]

    /// nil when acceptable, else why not.
    static func problem(fileName: String, bytes: ArraySlice<UInt8>) -> String? {
        let ext = (fileName as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            return "“.\(ext)” files are not accepted; upload text, Markdown, HTML, PDF or DOCX"
        }
        switch ext {
        case "pdf":
            if !bytes.starts(with: Array("%PDF-".utf8)) { return "the file is named .pdf but is not a PDF" }
        case "docx":
            if !bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "the file is named .docx but is not a DOCX (ZIP) file" }
        default:
            if bytes.contains(0) || String(validating: bytes, as: UTF8.self) == nil {
                return "the file is named .\(ext) but is not UTF-8 text"
            }
        }
        return nil
    }

    /// The last path component, without control characters, at most 200 characters.
    static func cleanName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? raw
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return String(clean.prefix(200))
    }
}

enum IngestPages {
    static func add(to router: Router<WebContext>, _ ws: Workspace) {
        router.get("/workspace/ingest") { request, _ in try await ws.page(request, .ingest) { try await form(ws, $0) } }
        router.post("/workspace/ingest") { request, _ in try await upload(ws, request) }
        router.get("/workspace/jobs/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await ws.page(request, .ingest) { w in
                guard let job = ws.jobs.job(id), job.owner == w.principal.username || w.may(.manageUsers) else {
                    throw WebError.notFound(w.speaker("ws.job.one"))
                }
                return jobPage(job, w, ws)
            }
        }
    }

    static func form(_ ws: Workspace, _ w: WorkspaceRequest, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let s = w.speaker
        let jobs = ws.jobs.recent(owner: w.may(.manageUsers) ? nil : w.principal.username).prefix(20)
        let limit = String(format: "%.1f", Double(ws.configuration.maxUploadBytes) / 1_048_576)
        let bytes = WorkspaceLayout.page(s("ws.ingest.title"), w, .ingest, error: error) { h in
            h.element("h1", s("ws.ingest.title"))
            h.element("p", ["class": "lead"], s.format("ws.ingest.lead", limit))
            h.open("form", ["class": "stack upload", "method": "post", "action": "/workspace/ingest", "enctype": "multipart/form-data"])
            WorkspaceLayout.csrf(&h, w)
            h.element("label", ["for": "f-file"], s("ws.ingest.file"))
            h.open("input", ["id": "f-file", "name": "file", "type": "file", "required": "required",
                             "accept": UploadPolicy.extensions.map { "." + $0 }.joined(separator: ",")])
            WorkspaceLayout.field(&h, s("ws.ingest.date"), name: "document_date", value: nil, hint: s("ws.ingest.date_hint"))
            WorkspaceLayout.field(&h, s("source.publisher"), name: "publisher", value: nil, hint: s("ws.ingest.publisher_hint"))
            WorkspaceLayout.field(&h, s("ws.ingest.source_title"), name: "title", value: nil)
            h.element("p", body: { $0.element("button", ["type": "submit"], s("ws.ingest.submit")) })
            h.close("form")
            if !jobs.isEmpty {
                h.element("h2", s("ws.ingest.recent"))
                h.raw("<ul class=\"jobs\">")
                for j in jobs {
                    h.raw("<li>")
                    h.link("/workspace/jobs/" + j.id, j.fileName)
                    h.text(" · " + s("ws.job.step." + j.step.rawValue))
                    h.raw("</li>")
                }
                h.raw("</ul>")
            }
        }
        return Workspace.html(bytes, w, status: status)
    }

    static func jobPage(_ job: IngestJobs.Job, _ w: WorkspaceRequest, _ ws: Workspace) -> Response {
        let s = w.speaker
        let bytes = Layout.page(s.format("ws.job.title", job.fileName), s, w.context, bodyClass: "workspace", head: { h in
            // Progress without JavaScript: the page reloads itself until the job ends.
            if !job.isFinished { h.raw("<meta http-equiv=\"refresh\" content=\"1\">") }
        }) { h in
            h.open("p", ["class": "crumbs"]); h.link("/workspace/ingest", s("ws.ingest.title")); h.close("p")
            h.element("h1", s.format("ws.job.title", job.fileName))
            h.open("ol", ["class": "steps", "aria-live": "polite"])
            let order: [IngestJobs.Step] = [.received, .reading, .extracting, .storing, .suggesting, .done]
            let at = order.firstIndex(of: job.step) ?? order.count
            for (i, step) in order.enumerated() {
                let state = job.step == .failed ? (i < at ? "done" : "") : i < at ? "done" : i == at ? "current" : ""
                h.open("li", ["class": state.isEmpty ? nil : state, "aria-current": state == "current" ? "step" : nil])
                var label = s("ws.job.step." + step.rawValue)
                if step == .suggesting && job.candidates > 0 { label += " (\(job.suggested)/\(job.candidates))" }
                h.text(label)
                h.close("li")
            }
            h.close("ol")
            if job.step == .failed {
                h.element("p", ["class": "flash error", "role": "alert"], s("ws.job.failed") + " " + (job.error ?? ""))
            }
            if job.step == .done, let source = job.source {
                h.open("p", ["class": "flash", "role": "status"])
                h.text(job.alreadyStored ? s("ws.job.already") + " " : s.format("ws.job.done", String(job.candidates)) + " ")
                h.link("/workspace/queue" + URLEncoding.query([("source", source.rawValue)]), s("ws.job.to_queue"))
                h.close("p")
            }
            h.element("p", ["class": "note"], s.format("ws.job.size", String(job.bytes)))
        }
        return Workspace.html(bytes, w)
    }

    /// The upload: limits and types checked before anything is stored; the
    /// work then runs in the background and the job page shows it.
    static func upload(_ ws: Workspace, _ request: Request) async throws -> Response {
        guard let caller = try await ws.caller(request) else { throw WebError(account: .notSignedIn) }
        do { try authorize(caller.principal, .ingest) } catch { throw WebError(account: error) }
        guard let boundary = Multipart.boundary(request.headers[.contentType]) else {
            throw WebError(status: .unsupportedMediaType, code: "unsupported", message: "send the upload form (multipart/form-data)")
        }
        let limit = ws.configuration.maxUploadBytes
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit + 64 * 1024)
        } catch {
            throw WebError(status: .contentTooLarge, code: "too_large", message: "the upload is larger than \(limit) bytes")
        }
        let parts: Multipart
        do { parts = try Multipart(body: Array(buffer: body), boundary: boundary) } catch {
            throw WebError.badRequest("the upload could not be read; send it again")
        }
        if !caller.byAPIToken && !CSRF.verify(parts.field("csrf"), for: caller.sessionToken) { throw WebError.csrf() }
        let language = PublicRoutes.language(request)
        let w = WorkspaceRequest(request: request, caller: caller, speaker: ws.web.speaker(language),
                                 context: PageContext(request: request, language: language))
        guard let file = parts.file("file"), let rawName = file.fileName, !rawName.isEmpty else {
            return try await form(ws, w, error: w.speaker("ws.ingest.no_file"), status: .unprocessableContent)
        }
        let name = UploadPolicy.cleanName(rawName)
        if file.body.count > limit {
            return try await form(ws, w, error: w.speaker.format("ws.ingest.too_large", String(limit)), status: .contentTooLarge)
        }
        if file.body.isEmpty { return try await form(ws, w, error: w.speaker("ws.ingest.empty"), status: .unprocessableContent) }
        if let problem = UploadPolicy.problem(fileName: name, bytes: file.body) {
            return try await form(ws, w, error: problem, status: .unsupportedMediaType)
        }
        let documentDate = parts.field("document_date")?.nonEmpty
        if let documentDate, DateValue(documentDate) == nil {
            return try await form(ws, w, error: w.speaker("ws.field.date_hint"), status: .unprocessableContent)
        }
        let publisher = parts.field("publisher")?.nonEmpty.map { String($0.prefix(300)) }
        let title = parts.field("title")?.nonEmpty.map { String($0.prefix(300)) }
        let id = "job-" + String(UUID().uuidString.lowercased().prefix(12))
        ws.jobs.add(IngestJobs.Job(id: id, owner: caller.principal.username, fileName: name, bytes: file.body.count))
        let data = Data(file.body)
        let actor = caller.principal.auditName
        Task.detached {
            await run(ws, job: id, data: data, fileName: name, documentDate: documentDate, publisher: publisher, title: title, actor: actor)
        }
        return Workspace.redirect("/workspace/jobs/" + id)
    }

    /// Reads, extracts, stores and suggests, updating the job at each step.
    static func run(_ ws: Workspace, job id: String, data: Data, fileName: String, documentDate: String?, publisher: String?,
                    title: String?, actor: String) async {
        let jobs = ws.jobs
        do {
            jobs.update(id) { $0.step = .reading }
            let document = try DocumentReader.read(data: data, fileName: fileName)
            jobs.update(id) { $0.step = .extracting }
            var extraction = Extractor.extract(text: document.text, documentName: fileName, documentDate: documentDate)
            extraction.sha256 = SHA256Hasher.hex(data)
            jobs.update(id) { $0.step = .storing; $0.candidates = extraction.persons.count }
            var source = IngestMapping.source(extraction: extraction, document: document, fileName: fileName)
            source.publisher = publisher ?? source.publisher
            source.title = title ?? source.title
            let candidates = IngestMapping.candidates(extraction: extraction, source: source.id)
            switch try await ws.store.ingest(source: source, candidates: candidates, actor: actor) {
            case .existing(let existing):
                jobs.update(id) { $0.source = existing; $0.alreadyStored = true; $0.step = .done; $0.finished = Date() }
                return
            case .inserted(let sid):
                jobs.update(id) { $0.source = sid; $0.step = .suggesting }
            }
            let service = try await ws.review()
            var updated: [Entity] = []
            for (i, var c) in try await ws.store.candidates(source: source.id).enumerated() where c.state == .pending {
                c.suggestion = try await service.suggest(c)
                updated.append(.candidate(c))
                jobs.update(id) { $0.suggested = i + 1 }
            }
            try await ws.store.apply(delete: [], write: updated, actor: "resolver")
            ws.changed()
            jobs.update(id) { $0.step = .done; $0.finished = Date() }
        } catch {
            let message = (error as? any LocalizedError)?.errorDescription ?? (error as? AigaqError)?.message ?? "the report could not be read"
            jobs.update(id) { $0.step = .failed; $0.error = message; $0.finished = Date() }
        }
    }
}
