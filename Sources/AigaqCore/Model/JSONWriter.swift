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

extension JSONWriter {
    mutating func facts<V>(_ list: [Fact<V>], value: (inout JSONWriter, V) -> Void) -> Bool {
        raw("[")
        for (i, f) in list.enumerated() {
            if i > 0 { raw(",") }
            var first = true
            raw("{")
            if let asOf = f.asOf { key("as_of", first: &first); string(asOf.description) }
            if !f.citations.isEmpty {
                key("citations", first: &first)
                guard citations(f.citations) else { return false }
            }
            if f.confidentiality != .public { key("confidentiality", first: &first); string(f.confidentiality.rawValue) }
            key("value", first: &first); value(&self, f.value)
            raw("}")
        }
        raw("]")
        return true
    }
}

extension Person {
    /// The stored JSON form, written by hand (see `Event.handWrittenJSON`);
    /// nil when a value needs the general encoder.
    public func handWrittenJSON() -> String? {
        var w = JSONWriter(capacity: 512)
        var first = true
        let str: (inout JSONWriter, String) -> Void = { $0.string($1) }
        w.raw("{")
        if !birthYear.isEmpty { w.key("birth_year", first: &first); guard w.facts(birthYear, value: { $0.int($1) }) else { return nil } }
        if !citations.isEmpty { w.key("citations", first: &first); guard w.citations(citations) else { return nil } }
        if !city.isEmpty { w.key("city", first: &first); guard w.facts(city, value: str) else { return nil } }
        if confidentiality != .public { w.key("confidentiality", first: &first); w.string(confidentiality.rawValue) }
        if !detention.isEmpty { w.key("detention", first: &first); guard w.facts(detention, value: str) else { return nil } }
        if let gender { w.key("gender", first: &first); w.string(gender) }
        w.key("id", first: &first); w.string(id.rawValue)
        if !memberships.isEmpty {
            w.key("memberships", first: &first)
            w.raw("[")
            for (i, m) in memberships.enumerated() {
                if i > 0 { w.raw(",") }
                var f = true
                w.raw("{")
                if !m.citations.isEmpty { w.key("citations", first: &f); guard w.citations(m.citations) else { return nil } }
                if let from = m.from { w.key("from", first: &f); w.string(from.description) }
                w.key("organisation", first: &f); w.string(m.organisation.rawValue)
                if let role = m.role { w.key("role", first: &f); w.string(role) }
                if let until = m.until { w.key("until", first: &f); w.string(until.description) }
                w.raw("}")
            }
            w.raw("]")
        }
        w.key("names", first: &first)
        w.raw("[")
        for (i, n) in names.enumerated() {
            if i > 0 { w.raw(",") }
            var f = true
            w.raw("{")
            if !n.citations.isEmpty { w.key("citations", first: &f); guard w.citations(n.citations) else { return nil } }
            w.key("kind", first: &f); w.string(n.kind.rawValue)
            w.key("script", first: &f); w.string(n.script.rawValue)
            w.key("value", first: &f); w.string(n.value)
            w.raw("}")
        }
        w.raw("]")
        if !notes.isEmpty { w.key("notes", first: &first); guard w.facts(notes, value: str) else { return nil } }
        if !occupations.isEmpty { w.key("occupations", first: &first); guard w.facts(occupations, value: str) else { return nil } }
        if !region.isEmpty { w.key("region", first: &first); guard w.facts(region, value: str) else { return nil } }
        if !relations.isEmpty {
            w.key("relations", first: &first)
            w.raw("[")
            for (i, r) in relations.enumerated() {
                if i > 0 { w.raw(",") }
                var f = true
                w.raw("{")
                if !r.citations.isEmpty { w.key("citations", first: &f); guard w.citations(r.citations) else { return nil } }
                if r.confidentiality != .public { w.key("confidentiality", first: &f); w.string(r.confidentiality.rawValue) }
                w.key("kind", first: &f); w.string(r.kind)
                w.key("person", first: &f); w.string(r.person.rawValue)
                w.raw("}")
            }
            w.raw("]")
        }
        w.key("role", first: &first); w.string(role.rawValue)
        if !statuses.isEmpty { w.key("statuses", first: &first); guard w.facts(statuses, value: { $0.string($1.rawValue) }) else { return nil } }
        w.key("version", first: &first); w.int(version)
        w.raw("}")
        return w.string
    }
}
