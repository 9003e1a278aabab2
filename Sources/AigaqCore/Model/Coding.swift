extension KeyedDecodingContainer {
    /// An absent or null array key decodes as empty: the open data format
    /// leaves out empty lists.
    func array<T: Decodable>(_ key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }

    func confidentiality(_ key: Key) throws -> Confidentiality {
        try decodeIfPresent(Confidentiality.self, forKey: key) ?? .public
    }
}

extension KeyedEncodingContainer {
    mutating func encodeNonEmpty<T: Encodable>(_ value: [T], forKey key: Key) throws {
        if !value.isEmpty { try encode(value, forKey: key) }
    }

    mutating func encodeConfidentiality(_ value: Confidentiality, forKey key: Key) throws {
        if value != .public { try encode(value, forKey: key) }
    }
}
