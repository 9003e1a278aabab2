/// A small JSON writer for the hot path of bulk imports, where
/// Foundation's `JSONEncoder` costs about 20 µs a record. Each hand-written
/// form must give exactly the bytes of `AigaqJSON.encoder()` (sorted keys,
/// slashes unescaped); a property test compares the two on random records.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
            case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]]
            default: bytes.append(c)
            }
        }
        bytes.append(0x22)
    }

    mutating func int(_ v: Int) { bytes.append(contentsOf: String(v).utf8) }

    /// Writes `"key":` preceded by a comma unless it is the first member.
    mutating func key(_ k: StaticString, first: inout Bool) {
        if !first { bytes.append(0x2C) }
        first = false
        bytes.append(0x22)
        raw(k)
        raw("\":")
    }

    mutating func citations(_ list: [Citation]) -> Bool {
        // Citations with a confidence fall back to Codable: Double formatting is Foundation's.
        guard list.allSatisfy({ $0.confidence == nil }) else { return false }
        bytes.append(0x5B)
        for (i, c) in list.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            raw("{\"end\":"); int(c.end)
            raw(",\"method\":"); string(c.method)
            raw(",\"source\":"); string(c.source.rawValue)
            raw(",\"start\":"); int(c.start)
            bytes.append(0x7D)
        }
        bytes.append(0x5D)
        return true
    }
}

extension Event {
    /// The stored JSON form, written by hand; nil when a value needs the
    /// general encoder (then use `AigaqJSON.encoder()`).
    public func handWrittenJSON() -> String? {
        var w = JSONWriter()
        var first = true
        w.raw("{")
        if !attributes.isEmpty {
            w.key("attributes", first: &first)
            w.raw("{")
            for (i, k) in attributes.keys.sorted().enumerated() {
                if i > 0 { w.raw(",") }
                w.string(k); w.raw(":"); w.string(attributes[k]!)
            }
            w.raw("}")
        }
        if let caseID { w.key("case", first: &first); w.string(caseID.rawValue) }
        if !citations.isEmpty {
            w.key("citations", first: &first)
            guard w.citations(citations) else { return nil }
        }
        if confidentiality != .public { w.key("confidentiality", first: &first); w.string(confidentiality.rawValue) }
        if let country { w.key("country", first: &first); w.string(country) }
        if let date { w.key("date", first: &first); w.string(date.description) }
        if let endDate { w.key("end_date", first: &first); w.string(endDate.description) }
        w.key("event_type", first: &first); w.string(type)
        w.key("id", first: &first); w.string(id.rawValue)
        if !participants.isEmpty {
            w.key("participants", first: &first)
            w.raw("[")
            for (i, p) in participants.enumerated() {
                if i > 0 { w.raw(",") }
                var f = true
                w.raw("{")
                if p.confidentiality != .public { w.key("confidentiality", first: &f); w.string(p.confidentiality.rawValue) }
                if let o = p.organisation { w.key("organisation", first: &f); w.string(o.rawValue) }
                if let pid = p.person { w.key("person", first: &f); w.string(pid.rawValue) }
                w.key("role", first: &f); w.string(p.role)
                w.raw("}")
            }
            w.raw("]")
        }
        if let place { w.key("place", first: &first); w.string(place) }
        if reviewedForPublication { w.key("reviewed_for_publication", first: &first); w.raw("true") }
        if let summary { w.key("summary", first: &first); w.string(summary) }
        w.key("version", first: &first); w.int(version)
        w.raw("}")
        return w.string
    }
}
