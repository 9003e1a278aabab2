import Foundation

/// A date as precise as the source supports: a year, a month or a day, and
/// whether the source says "about".
///
/// JSON form (hand-written, stable): a string `"2023"`, `"2023-11"` or
/// `"2023-11-29"`, prefixed with `"~"` when approximate (`"~2019-06"`).
public struct DateValue: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public enum Precision: String, Codable, Sendable, Comparable {
        case year, month, day
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .year ? 0 : self == .month ? 1 : 2 }
    }

    public let year: Int
    public let month: Int?
    public let day: Int?
    public var approximate: Bool

    public var precision: Precision { day != nil ? .day : month != nil ? .month : .year }

    /// Returns nil for impossible dates (month 13, 31 April, day without month).
    public init?(year: Int, month: Int? = nil, day: Int? = nil, approximate: Bool = false) {
        guard (1000...2999).contains(year) else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        if let day {
            guard let month, day >= 1, day <= DateValue.daysIn(month: month, year: year) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
        self.approximate = approximate
    }

    /// Parses the JSON form. Returns nil for anything else.
    public init?(_ text: String) {
        var body = Substring(text)
        var approx = false
        if body.hasPrefix("~") { approx = true; body = body.dropFirst() }
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
              parts[0].count == 4, let y = Int(parts[0]) else { return nil }
        var m: Int?
        var d: Int?
        if parts.count >= 2 { guard parts[1].count == 2, let v = Int(parts[1]) else { return nil }; m = v }
        if parts.count == 3 { guard parts[2].count == 2, let v = Int(parts[2]) else { return nil }; d = v }
        self.init(year: y, month: m, day: d, approximate: approx)
    }

    public var description: String {
        // Written by hand: String(format:) costs more than the rest of an event's JSON.
        var s: [UInt8] = []
        s.reserveCapacity(11)
        if approximate { s.append(UInt8(ascii: "~")) }
        func digits(_ v: Int, _ width: Int) {
            var d = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var v = v
            for i in stride(from: width - 1, through: 0, by: -1) { d[i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10 }
            s += d
        }
        digits(year, 4)
        if let month { s.append(UInt8(ascii: "-")); digits(month, 2) }
        if let day { s.append(UInt8(ascii: "-")); digits(day, 2) }
        return String(decoding: s, as: UTF8.self)
    }

    /// The form without the "approximately" mark, as the extraction schema writes it.
    public var isoString: String {
        var copy = self
        copy.approximate = false
        return copy.description
    }

    /// The first day the value could mean, for ordering and "as of" queries.
    public var earliest: (year: Int, month: Int, day: Int) { (year, month ?? 1, day ?? 1) }
    /// The last day the value could mean.
    public var latest: (year: Int, month: Int, day: Int) {
        let m = month ?? 12
        return (year, m, day ?? DateValue.daysIn(month: m, year: year))
    }

    /// True when one value is a less precise form of the other (2023, 2023-11 and
    /// 2023-11-29 agree; 2023-11-29 and 2023-11-30 do not).
    public func isCompatible(with other: DateValue) -> Bool {
        let (a, b) = precision <= other.precision ? (self, other) : (other, self)
        return a.sortKey <= b.sortKey && b.latestKey <= a.latestKey
    }

    /// Two optional dates agree when both are absent or they are compatible.
    public static func agree(_ a: DateValue?, _ b: DateValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): x.isCompatible(with: y)
        default: false
        }
    }

    /// Sortable integer yyyymmdd of ``earliest``.
    public var sortKey: Int { earliest.year * 10_000 + earliest.month * 100 + earliest.day }
    /// Sortable integer yyyymmdd of ``latest``.
    public var latestKey: Int { latest.year * 10_000 + latest.month * 100 + latest.day }

    public static func < (a: DateValue, b: DateValue) -> Bool {
        (a.sortKey, a.precision) < (b.sortKey, b.precision)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = DateValue(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "not a date value (YYYY, YYYY-MM or YYYY-MM-DD, optional ~): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
