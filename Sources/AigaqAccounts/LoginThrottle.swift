import AigaqStore
import Foundation

/// Exponential back-off after repeated failed logins. A key (an account or
/// an address) has `freeFailures` failures for free; after that each further
/// failure doubles the wait before the next try, from `baseDelay` up to
/// `maxDelay`. A key with no failure for `forgetAfter` starts again from zero.
///
/// The wait is capped rather than a lockout so that an attacker who knows a
/// username can slow its owner down for at most `maxDelay`, never lock them out.
public struct ThrottlePolicy: Sendable, Hashable {
    public var freeFailures: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    public var forgetAfter: TimeInterval

    public init(freeFailures: Int, baseDelay: TimeInterval, maxDelay: TimeInterval, forgetAfter: TimeInterval) {
        self.freeFailures = freeFailures; self.baseDelay = baseDelay; self.maxDelay = maxDelay; self.forgetAfter = forgetAfter
    }

    /// Per account: 5 free failures, then 1 s, 2 s, 4 s … up to 15 minutes.
    public static let account = ThrottlePolicy(freeFailures: 5, baseDelay: 1, maxDelay: 900, forgetAfter: 3600)
    /// Per address: more free failures (an office behind one address), same back-off.
    public static let address = ThrottlePolicy(freeFailures: 20, baseDelay: 1, maxDelay: 900, forgetAfter: 3600)

    /// How long after the last failure the next try must wait, after `failures` failures.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeFailures else { return 0 }
        let exponent = min(failures - freeFailures, 30)
        return min(baseDelay * pow(2, Double(exponent)), maxDelay)
    }

    /// Seconds still to wait at `now`, or 0.
    public func wait(_ record: LoginThrottleRecord?, now: Date) -> TimeInterval {
        guard let record else { return 0 }
        let since = now.timeIntervalSince(record.lastFailure)
        if since >= forgetAfter { return 0 }
        return max(0, delay(afterFailures: record.failures) - since)
    }
}

/// The keys a login attempt is counted against.
enum ThrottleKey {
    static func account(_ username: String) -> String { "account:" + username }

    /// IPv6 addresses count by their /64: one machine usually has the whole prefix.
    static func address(_ address: String) -> String {
        let trimmed = address.trimmingCharacters(in: .whitespaces).lowercased()
        guard trimmed.contains(":") else { return "address:" + trimmed }
        return "address:" + ipv6Prefix64(trimmed) + "::/64"
    }

    /// The first four groups of an IPv6 address, with `::` expanded.
    static func ipv6Prefix64(_ text: String) -> String {
        let address = text.split(separator: "%").first.map(String.init) ?? text
        let halves = address.components(separatedBy: "::")
        let head = halves[0].split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        let tail = halves.count > 1 ? halves[1].split(separator: ":", omittingEmptySubsequences: true).map(String.init) : []
        let missing = max(0, 8 - head.count - tail.count)
        let groups = head + Array(repeating: "0", count: halves.count > 1 ? missing : 0) + tail
        return groups.prefix(4).map { g in
            let s = g.drop { $0 == "0" }
            return s.isEmpty ? "0" : String(s)
        }.joined(separator: ":")
    }
}
