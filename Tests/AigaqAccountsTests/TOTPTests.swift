@testable import AigaqAccounts
import Foundation
import Testing

@Suite struct TOTPTests {
    // RFC 6238, Appendix B: the seeds are the ASCII digits repeated to the
    // hash's block-friendly length (20, 32 and 64 bytes), 8 digits, 30 s steps.
    static let seeds: [TOTP.Algorithm: String] = [
        .sha1: "12345678901234567890",
        .sha256: "12345678901234567890123456789012",
        .sha512: "1234567890123456789012345678901234567890123456789012345678901234",
    ]

    static let vectors: [(time: Int64, algorithm: TOTP.Algorithm, code: String)] = [
        (59, .sha1, "94287082"), (59, .sha256, "46119246"), (59, .sha512, "90693936"),
        (1111111109, .sha1, "07081804"), (1111111109, .sha256, "68084774"), (1111111109, .sha512, "25091201"),
        (1111111111, .sha1, "14050471"), (1111111111, .sha256, "67062674"), (1111111111, .sha512, "99943326"),
        (1234567890, .sha1, "89005924"), (1234567890, .sha256, "91819424"), (1234567890, .sha512, "93441116"),
        (2000000000, .sha1, "69279037"), (2000000000, .sha256, "90698825"), (2000000000, .sha512, "38618901"),
        (20000000000, .sha1, "65353130"), (20000000000, .sha256, "77737706"), (20000000000, .sha512, "47863826"),
    ]

    @Test(arguments: vectors.indices)
    func rfc6238AppendixB(_ i: Int) throws {
        let v = Self.vectors[i]
        let totp = TOTP(secret: Array(try #require(Self.seeds[v.algorithm]).utf8), algorithm: v.algorithm, digits: 8)
        let date = Date(timeIntervalSince1970: TimeInterval(v.time))
        #expect(totp.code(at: date) == v.code)
        #expect(totp.match(v.code, at: date, drift: 0) == v.time / 30)
    }

    @Test func rfc4226AppendixDHOTPValues() {
        let hotp = TOTP(secret: Array("12345678901234567890".utf8))
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        #expect((0..<10).map { hotp.code(step: Int64($0)) } == expected)
    }

    @Test func oneStepOfDriftEitherSideIsAcceptedAndTwoAreNot() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_750_000_015)
        let step = totp.step(at: now)
        #expect(totp.match(totp.code(step: step), at: now) == step)
        #expect(totp.match(totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.match(totp.code(step: step + 1), at: now) == step + 1)
        #expect(totp.match(totp.code(step: step - 2), at: now) == nil)
        #expect(totp.match(totp.code(step: step + 2), at: now) == nil)
    }

    @Test(arguments: ["", "12345", "1234567", "12345a", "１２３４５６"])
    func malformedCodesNeverMatch(_ code: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.match(code, at: Date(timeIntervalSince1970: 59)) == nil)
    }

    @Test func aCodeWithASpaceInTheMiddleIsRead() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_750_000_015)
        let code = totp.code(at: now)
        #expect(totp.match(String(code.prefix(3)) + " " + String(code.suffix(3)), at: now) != nil)
    }

    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
                      ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func base32MatchesRFC4648(_ text: String, _ encoded: String) {
        #expect(Base32.encode(Array(text.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(text.utf8))
        #expect(Base32.decode(encoded.lowercased() + "======") == Array(text.utf8))
    }

    @Test func base32RoundTripsRandomSecretsAndRefusesOtherLetters() {
        for n in [1, 10, 20, 32, 64] {
            let bytes = SecureRandom.bytes(n)
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
        #expect(Base32.decode("MZXW1") == nil)
    }

    @Test func theProvisioningURIHasWhatAuthenticatorsRead() throws {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let uri = totp.provisioningURI(account: "amina.k")
        #expect(uri == "otpauth://totp/Aigaq:amina.k?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Aigaq&algorithm=SHA1&digits=6&period=30")
        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth")
        #expect(components.queryItems?.first { $0.name == "secret" }?.value.flatMap(Base32.decode) == totp.secret)
    }

    @Test func randomSecretsAre160Bits() {
        let a = TOTP.random(), b = TOTP.random()
        #expect(a.secret.count == 20)
        #expect(a.secret != b.secret)
    }
}
