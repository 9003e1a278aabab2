import AigaqPublishing
/// A small HTML writer that escapes by default.
///
/// Tag names, attribute names and raw markup are `StaticString`s: they can
/// only be literals in this program's source, never data. Everything that
/// comes from data (`text`, attribute values) is escaped on the way in. So a
/// value from the database cannot open a tag or an attribute, whatever it holds.
/// (Chosen over a template engine for speed, and because the escaping rule is
/// enforced by the type system rather than by remembering `{{` vs `{{{`.)
struct HTML {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) { bytes.reserveCapacity(capacity) }

    /// Trusted markup: a literal written in this program.
    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text from anywhere, escaped for element content and attribute values.
    mutating func text(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">"): append("&gt;")
            case UInt8(ascii: "\""): append("&quot;")
            case UInt8(ascii: "'"): append("&#39;")
            default: bytes.append(byte)
            }
        }
    }

    mutating func text(_ value: Int) { text(String(value)) }

    /// `<tag a="v" ...>` with escaped values; nil values leave the attribute out.
    mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        raw("<")
        raw(tag)
        for (name, value) in attributes {
            guard let value else { continue }
            raw(" ")
            raw(name)
            raw("=\"")
            text(value)
            raw("\"")
        }
        raw(">")
    }

    mutating func close(_ tag: StaticString) {
        raw("</")
        raw(tag)
        raw(">")
    }

    /// An element holding escaped text, without attributes.
    mutating func element(_ tag: StaticString, _ content: String) {
        open(tag)
        text(content)
        close(tag)
    }

    /// An element holding escaped text.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], _ content: String) {
        open(tag, attributes)
        text(content)
        close(tag)
    }

    /// An element whose content `body` writes.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], body: (inout HTML) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// A link; `href` must come from `URLs` or `safeURL` (never a `javascript:` URL).
    mutating func link(_ href: String, _ content: String, rel: String? = nil) {
        element("a", ["href": href, "rel": rel], content)
    }

    private mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// A URL from data (a source's address): kept only when it is http(s).
    static func safeURL(_ url: String?) -> String? {
        guard let url else { return nil }
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") ? url : nil
    }
}

/// Percent-encoding for query values and path segments built from data.
enum URLEncoding {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func component(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in value.utf8 {
            if unreserved.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%")); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `?a=1&b=2` from ordered pairs, leaving out empty values; "" when none.
    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { key, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return component(key) + "=" + component(value)
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

extension HTML {
    /// A chart and its data table. The one place where markup built outside
    /// this writer enters a page: `ChartFigure` escapes every value it draws.
    mutating func chart(_ chart: Chart, words: ChartWords) {
        bytes.append(contentsOf: Array(ChartFigure.html(chart, words: words).utf8))
    }
}
