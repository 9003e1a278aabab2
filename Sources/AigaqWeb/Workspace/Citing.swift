import AigaqCore
import AigaqStore
import Foundation

/// Every change in the workspace is cited: a span of a stored source
/// (`src-…` and bytes `start-end`), or a manual citation with a note. A note
/// becomes a small internal Source of its own (its text is the note, with who
/// wrote it and when), so a manual citation is a citation like any other:
/// it points at stored, hashed words.
enum Citing {
    struct Parsed {
        var citation: Citation
        /// A note to store first, when the citation is manual.
        var noteSource: Source?
    }

    /// The citation a form gives (`cite_source` + `cite_span`, or `cite_note`).
    static func parse(_ form: FormData, actor: String, store: any KnowledgeStore, now: Date = Date()) async throws -> Parsed {
        if let note = form.value("cite_note") {
            let text = "Note by \(actor), \(ISO8601DateFormatter().string(from: now)):\n\(String(note.prefix(10_000)))"
            let sha = SHA256Hasher.hex(Data(text.utf8))
            let source = Source(id: Source.ID(rawValue: "src-note-" + sha.prefix(16)), sha256: sha, fileName: nil,
                                title: "Note: " + String(note.prefix(80)), publisher: actor, language: nil, mediaType: "text/plain",
                                text: text, confidentiality: .internal)
            return Parsed(citation: Citation(source: source.id, start: 0, end: text.utf8.count, method: "manual"), noteSource: source)
        }
        guard let sid = form.value("cite_source") else {
            throw AigaqError.usage("cite the change: a source and the bytes of the passage, or a note")
        }
        guard let source = try await store.source(id: Source.ID(rawValue: sid)) else { throw AigaqError.usage("there is no source \(sid)") }
        let length = source.text?.utf8.count
        var range = 0..<(length ?? 0)
        if let span = form.value("cite_span") {
            let ends = span.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard ends.count == 2, let a = ends[0], let b = ends[1], a >= 0, b > a else {
                throw AigaqError.usage("the passage is given as bytes START-END, such as 120-260")
            }
            if let length, b > length { throw AigaqError.usage("the passage \(a)-\(b) goes past the end of \(sid) (\(length) bytes)") }
            range = a..<b
        } else if length == nil {
            throw AigaqError.usage("\(sid) keeps no text here; give the bytes of the passage")
        }
        return Parsed(citation: Citation(source: source.id, start: range.lowerBound, end: range.upperBound, method: "manual"), noteSource: nil)
    }

    /// Stores the note source, if any (before the edit that cites it).
    static func store(_ parsed: Parsed, store: any KnowledgeStore, actor: String) async throws {
        guard let note = parsed.noteSource else { return }
        if try await store.source(id: note.id) != nil { return }
        try await store.apply(delete: [], write: [.source(note)], actor: actor)
    }

    /// The citation fields of an edit form; `values` keeps what was typed.
    static func fields(_ h: inout HTML, _ s: Speaker, prefix: String, sources: [Source], values: FormData?) {
        h.open("fieldset", ["class": "cite"])
        h.element("legend", s("ws.cite.legend"))
        h.element("p", ["class": "hint"], s("ws.cite.hint"))
        let listID = prefix + "-sources"
        h.element("label", ["for": prefix + "-cite-source"], s("ws.cite.source"))
        h.open("input", ["id": prefix + "-cite-source", "name": "cite_source", "type": "text", "list": listID, "value": values?["cite_source"]])
        h.open("datalist", ["id": listID])
        for src in sources { h.element("option", ["value": src.id.rawValue], src.title ?? src.id.rawValue) }
        h.close("datalist")
        WorkspaceLayout.field(&h, s("ws.cite.span"), name: "cite_span", value: values?["cite_span"], id: prefix + "-cite-span",
                              hint: s("ws.cite.span_hint"))
        WorkspaceLayout.textarea(&h, s("ws.cite.note"), name: "cite_note", value: values?["cite_note"], id: prefix + "-cite-note", rows: 2)
        h.close("fieldset")
    }

    /// Links to the cited passages.
    static func links(_ h: inout HTML, _ citations: [Citation]) {
        guard !citations.isEmpty else { return }
        h.open("span", ["class": "cites"])
        for c in citations.prefix(6) {
            h.raw(" ")
            h.element("a", ["href": "/workspace/sources/" + URLEncoding.component(c.source.rawValue) + "?spans=\(c.start)-\(c.end)",
                            "title": c.method], "[\(c.source.rawValue.dropPrefix("src-").prefix(10))@\(c.start)]")
        }
        if citations.count > 6 { h.text(" +\(citations.count - 6)") }
        h.close("span")
    }
}
