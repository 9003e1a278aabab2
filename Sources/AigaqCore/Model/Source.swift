import Tagged

/// A document: the bytes' SHA-256, the extracted text and what is known of it.
/// Never edited; a new version is a new Source.
public struct Source: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<Source, String>

    public var id: ID
    /// Hex SHA-256 of the original bytes; the same bytes twice are one Source.
    public var sha256: String
    public var fileName: String?
    public var title: String?
    public var publisher: String?
    public var publishedOn: DateValue?
    public var url: String?
    /// "en", "ru", "kk".
    public var language: String?
    public var mediaType: String?
    /// A grade such as "A" (established NGO, primary documentation) to "E".
    public var reliability: String?
    /// The normalised text that citations' byte offsets point into. The open
    /// dataset leaves it out (it must not hold copied report text).
    public var text: String?
    public var confidentiality: Confidentiality

    public init(id: ID, sha256: String, fileName: String? = nil, title: String? = nil,
                publisher: String? = nil, publishedOn: DateValue? = nil, url: String? = nil,
                language: String? = nil, mediaType: String? = nil, reliability: String? = nil,
                text: String? = nil, confidentiality: Confidentiality = .public) {
        self.id = id; self.sha256 = sha256; self.fileName = fileName; self.title = title
        self.publisher = publisher; self.publishedOn = publishedOn; self.url = url
        self.language = language; self.mediaType = mediaType; self.reliability = reliability
        self.text = text; self.confidentiality = confidentiality
    }

    private enum CodingKeys: String, CodingKey {
        case id, sha256, fileName = "file_name", title, publisher, publishedOn = "published_on", url,
             language, mediaType = "media_type", reliability, text, confidentiality
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ID.self, forKey: .id)
        sha256 = try c.decode(String.self, forKey: .sha256)
        fileName = try c.decodeIfPresent(String.self, forKey: .fileName)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        publisher = try c.decodeIfPresent(String.self, forKey: .publisher)
        publishedOn = try c.decodeIfPresent(DateValue.self, forKey: .publishedOn)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        mediaType = try c.decodeIfPresent(String.self, forKey: .mediaType)
        reliability = try c.decodeIfPresent(String.self, forKey: .reliability)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        confidentiality = try c.decodeIfPresent(Confidentiality.self, forKey: .confidentiality) ?? .public
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else {
            throw DecodingError.dataCorruptedError(forKey: .sha256, in: c,
                debugDescription: "sha256 must be 64 hexadecimal digits")
        }
    }
}
