/// A JSON document as a tree that keeps every string and number exactly as
/// written (raw bytes), so that a record's stored form can be rewritten
/// (parts sealed or opened) without re-encoding what is left alone.
///
/// It is a parser for stored records, which an attacker with the file may
/// have altered: bad input throws, deep nesting is refused, nothing traps.
indirect enum JSONNode: Equatable {
    /// Keys and string values keep their raw lexeme, quotes included.
    case object([(key: [UInt8], value: JSONNode)])
    case array([JSONNode])
    case string([UInt8])
    /// Numbers, true, false, null.
    case literal([UInt8])

    static func == (a: JSONNode, b: JSONNode) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): x == y
        case let (.string(x), .string(y)), let (.literal(x), .literal(y)): x == y
        default: false
        }
    }

    struct ParseError: Error { var offset: Int; var reason: String }

    static let maximumDepth = 256

    static func parse(_ bytes: [UInt8]) throws -> JSONNode {
        var p = Parser(bytes: bytes)
        p.skipSpace()
        let node = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw ParseError(offset: p.i, reason: "text after the value") }
        return node
    }

    /// Compact JSON.
    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (n, m) in members.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                out += m.key
                out.append(UInt8(ascii: ":"))
                m.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let raw), .literal(let raw):
            out += raw
        }
    }

    /// The value of member `name` of an object.
    func member(_ name: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        let key = JSONNode.quoted(name)
        return members.first { $0.key == key || JSONNode.decode($0.key) == name }?.value
    }

    /// The text of a string node.
    var stringValue: String? {
        guard case .string(let raw) = self else { return nil }
        return JSONNode.decode(raw)
    }

    /// A string node for `text` (which must need no escaping beyond quotes and backslashes).
    static func text(_ text: String) -> JSONNode { .string(quoted(text)) }

    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
            case 0..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// The text of a raw string lexeme (quotes included), or nil when it is not one.
    static func decode(_ raw: [UInt8]) -> String? {
        guard raw.count >= 2, raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\"") else { return nil }
        let body = raw[1..<(raw.count - 1)]
        guard body.contains(UInt8(ascii: "\\")) else { return String(validating: body, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var bytes: [UInt8] = []
        func flush() -> Bool {
            guard !bytes.isEmpty else { return true }
            guard let s = String(validating: bytes, as: UTF8.self) else { return false }
            scalars.append(contentsOf: s.unicodeScalars)
            bytes.removeAll()
            return true
        }
        var i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            guard b == UInt8(ascii: "\\") else { bytes.append(b); i += 1; continue }
            guard flush(), i + 1 < body.endIndex else { return nil }
            let e = body[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                guard let hi = hex4(body, i) else { return nil }
                i += 4
                if (0xD800..<0xDC00).contains(hi) {
                    guard i + 6 <= body.endIndex, body[i] == UInt8(ascii: "\\"), body[i + 1] == UInt8(ascii: "u"),
                          let lo = hex4(body, i + 2), (0xDC00..<0xE000).contains(lo) else { return nil }
                    i += 6
                    guard let s = Unicode.Scalar(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)) else { return nil }
                    scalars.append(s)
                } else {
                    guard let s = Unicode.Scalar(hi) else { return nil }
                    scalars.append(s)
                }
            default: return nil
            }
        }
        guard flush() else { return nil }
        return String(scalars)
    }

    private static func hex4(_ body: ArraySlice<UInt8>, _ i: Int) -> UInt32? {
        guard i + 4 <= body.endIndex else { return nil }
        var v: UInt32 = 0
        for b in body[i..<(i + 4)] {
            guard let d = hexDigit(b) else { return nil }
            v = v << 4 | d
        }
        return v
    }

    private static func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        func fail(_ reason: String) -> ParseError { ParseError(offset: i, reason: reason) }

        mutating func value(depth: Int) throws -> JSONNode {
            guard depth < JSONNode.maximumDepth else { throw fail("nested too deeply") }
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(key: [UInt8], value: JSONNode)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSONNode] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            default:
                let start = i
                while i < bytes.count, !JSONNode.isDelimiter(bytes[i]) { i += 1 }
                let raw = Array(bytes[start..<i])
                guard JSONNode.isLiteral(raw) else { i = start; throw fail("not a JSON value") }
                return .literal(raw)
            }
        }

        /// A raw string lexeme, quotes included; escapes are checked, not decoded.
        mutating func string() throws -> [UInt8] {
            let start = i
            i += 1
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return Array(bytes[start..<i]) }
                if b < 0x20 { throw fail("control character in a string") }
                i += b == UInt8(ascii: "\\") ? 2 : 1
            }
            throw fail("unterminated string")
        }
    }

    static func isDelimiter(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    static func isLiteral(_ raw: [UInt8]) -> Bool {
        if raw == Array("true".utf8) || raw == Array("false".utf8) || raw == Array("null".utf8) { return true }
        // A number: -?digits(.digits)?([eE][+-]?digits)?
        var i = 0
        func digits() -> Bool {
            let s = i
            while i < raw.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(raw[i]) { i += 1 }
            return i > s
        }
        if i < raw.count, raw[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() else { return false }
        if i < raw.count, raw[i] == UInt8(ascii: ".") { i += 1; guard digits() else { return false } }
        if i < raw.count, raw[i] == UInt8(ascii: "e") || raw[i] == UInt8(ascii: "E") {
            i += 1
            if i < raw.count, raw[i] == UInt8(ascii: "+") || raw[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() else { return false }
        }
        return i == raw.count
    }
}
