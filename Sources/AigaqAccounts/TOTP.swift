import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226), as
/// authenticator apps compute them.
public struct TOTP: Sendable, Hashable {
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512"
    }

    public var secret: [UInt8]
    public var algorithm: Algorithm
    public var digits: Int
    /// Seconds per time step.
    public var period: Int
    /// The Unix time at which step 0 begins (T0).
    public var epoch: Int64

    public init(secret: [UInt8], algorithm: Algorithm = .sha1, digits: Int = 6, period: Int = 30, epoch: Int64 = 0) {
        self.secret = secret; self.algorithm = algorithm; self.digits = digits; self.period = period; self.epoch = epoch
    }

    /// A new random secret of 160 bits (the length RFC 4226 recommends for SHA-1).
    public static func random() -> TOTP { TOTP(secret: SecureRandom.bytes(20)) }

    /// The time step that contains `date`.
    public func step(at date: Date) -> Int64 {
        let seconds = Int64(floor(date.timeIntervalSince1970)) - epoch
        return seconds >= 0 ? seconds / Int64(period) : (seconds - Int64(period) + 1) / Int64(period)
    }

    public func code(at date: Date) -> String { code(step: step(at: date)) }

    /// HOTP of the step counter: dynamic truncation of the HMAC, then the low `digits` decimal digits.
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] = switch algorithm {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus = modulus &* 10 }
        let value = digits >= 10 ? binary : binary % modulus
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The step whose code `code` is, within `drift` steps of `date`, or nil.
    /// Every step in the window is computed and compared in constant time, so
    /// the time taken does not say which one (if any) matched.
    public func match(_ code: String, at date: Date, drift: Int = 1) -> Int64? {
        let given = Array(code.filter { !$0.isWhitespace }.utf8)
        guard given.count == digits, given.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let now = step(at: date)
        var matched: Int64?
        for delta in -Int64(drift)...Int64(drift) {
            let step = now + delta
            if constantTimeEqual(Array(self.code(step: step).utf8), given), matched == nil { matched = step }
        }
        return matched
    }

    /// The `otpauth://` URI an authenticator app reads (usually as a QR code).
    public func provisioningURI(account: String, issuer: String = "Aigaq") -> String {
        var label = CharacterSet.urlPathAllowed
        label.remove(charactersIn: ":/?#@")
        let escapedIssuer = issuer.addingPercentEncoding(withAllowedCharacters: label) ?? issuer
        let escapedAccount = account.addingPercentEncoding(withAllowedCharacters: label) ?? account
        var query = CharacterSet.urlQueryAllowed
        query.remove(charactersIn: "&=+")
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: query) ?? issuer
        return "otpauth://totp/\(escapedIssuer):\(escapedAccount)?secret=\(Base32.encode(secret))"
            + "&issuer=\(issuerParameter)&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(period)"
    }
}
