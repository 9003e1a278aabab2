import Crypto
import Foundation

/// Random secrets and the encodings they travel in.
enum SecureRandom {
    /// `count` bytes from the system's cryptographic generator (getrandom on Linux).
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A 256-bit token, base64url without padding (43 characters).
    static func token() -> String { Base64URL.encode(bytes(32)) }

    /// A public id such as `usr_3f9a0c5e7b21d846`: 64 random bits, not a secret.
    static func id(_ prefix: String) -> String {
        prefix + "_" + bytes(8).map { String(format: "%02x", $0) }.joined()
    }
}

enum Base64URL {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.utf8.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}

/// Tokens are stored as their SHA-256: a stolen database holds no usable token.
enum TokenHash {
    static func hex(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Compares without stopping at the first difference, so that the time taken
/// says nothing about how much of a guess was right.
func constantTimeEqual(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) { difference |= x ^ y }
    return difference == 0
}

/// RFC 4648 base32, the alphabet authenticator apps read.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Without padding, as otpauth:// URIs carry it.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Accepts lower case, spaces and padding; nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        var out = [UInt8]()
        var buffer = 0, bits = 0
        for c in text.uppercased().utf8 where c != 0x20 && c != 0x3D {
            guard let value = alphabet.firstIndex(of: c) else { return nil }
            buffer = ((buffer << 5) | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return out
    }
}
