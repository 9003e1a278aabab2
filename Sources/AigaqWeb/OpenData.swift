import AigaqCore
import AigaqPublishing
import Foundation
import Hummingbird

/// Downloads of the public projection, streamed page by page.
enum OpenData {
    static func jsonl(_ web: Web) -> Response {
        stream("application/x-ndjson; charset=utf-8", "aigaq-public.jsonl") { write in
            let encoder = AigaqJSON.encoder()
            try await web.site.forEachPublicPage { page in
                var buffer = ByteBuffer()
                for e in page {
                    buffer.writeBytes(try encoder.encode(e))
                    buffer.writeInteger(UInt8(ascii: "\n"))
                }
                try await write(buffer)
            }
        }
    }

    static func personsCSV(_ web: Web) -> Response {
        stream("text/csv; charset=utf-8", "persons.csv") { write in
            var first = true
            try await web.site.forEachPublicPage(types: ["person"]) { page in
                let persons = page.compactMap { if case .person(let p) = $0 { p } else { nil } }
                try await write(ByteBuffer(string: body(CSVExport.persons(persons), keepHeader: first)))
                first = false
            }
            if first { try await write(ByteBuffer(string: CSVExport.persons([]))) }
        }
    }

    static func chargesCSV(_ web: Web) -> Response {
        stream("text/csv; charset=utf-8", "charges.csv") { write in
            var first = true
            try await web.site.forEachPublicPage(types: ["case"]) { page in
                let cases = page.compactMap { if case .case(let c) = $0 { c } else { nil } }
                try await write(ByteBuffer(string: body(CSVExport.charges(cases: cases), keepHeader: first)))
                first = false
            }
            if first { try await write(ByteBuffer(string: CSVExport.charges(cases: []))) }
        }
    }

    /// The CSV without its header line, for every page after the first.
    private static func body(_ csv: String, keepHeader: Bool) -> String {
        guard !keepHeader, let r = csv.range(of: "\r\n") else { return csv }
        return String(csv[r.upperBound...])
    }

    private static func stream(_ type: String, _ name: String,
                               _ produce: @escaping @Sendable (_ write: (ByteBuffer) async throws -> Void) async throws -> Void) -> Response {
        Response(status: .ok,
                 headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-cache"],
                 body: ResponseBody { writer in
                     try await produce { try await writer.write($0) }
                     try await writer.finish(nil)
                 })
    }
}
