import Foundation

/// A small `multipart/form-data` reader (RFC 7578) for the upload form: the
/// whole body is already in memory and bounded by the upload limit.
struct Multipart {
    struct Part {
        var name: String
        var fileName: String?
        var contentType: String?
        var body: ArraySlice<UInt8>
    }

    var parts: [Part]

    func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.fileName != nil } }

    /// The boundary of a `multipart/form-data` content type, or nil.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let b = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (1...70).contains(b.utf8.count) ? b : nil
            }
        }
        return nil
    }

    enum Failure: Error { case malformed(String) }

    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Part] = []
        guard var i = Self.find(delimiter, in: body, from: 0) else { throw Failure.malformed("no boundary in the body") }
        i += delimiter.count
        while parts.count < 50 {
            // "--" after a delimiter ends the body.
            if i + 1 < body.count, body[i] == UInt8(ascii: "-"), body[i + 1] == UInt8(ascii: "-") { break }
            guard let lineEnd = Self.find([13, 10], in: body, from: i) else { throw Failure.malformed("a part has no headers") }
            let headerStart = lineEnd + 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: headerStart) else { throw Failure.malformed("a part's headers do not end") }
            let headers = String(decoding: body[headerStart..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([13, 10] + delimiter, in: body, from: contentStart) else { throw Failure.malformed("a part does not end") }
            var name: String?, fileName: String?, contentType: String?
            for line in headers.components(separatedBy: "\r\n") {
                let kv = line.split(separator: ":", maxSplits: 1)
                guard kv.count == 2 else { continue }
                let key = kv[0].trimmingCharacters(in: .whitespaces).lowercased(), value = String(kv[1])
                if key == "content-disposition" {
                    name = Self.parameter("name", in: value)
                    fileName = Self.parameter("filename", in: value)
                } else if key == "content-type" {
                    contentType = value.trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { throw Failure.malformed("a part has no name") }
            parts.append(Part(name: name, fileName: fileName, contentType: contentType, body: body[contentStart..<next]))
            i = next + 2 + delimiter.count
        }
        self.parts = parts
    }

    /// `name="value"` in a header (quoted or not); backslash escapes are kept simple.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, kv[0].lowercased() == key else { continue }
            var v = kv[1]
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
