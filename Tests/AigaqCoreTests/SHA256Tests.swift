import AigaqCore
import Foundation
import Testing

@Suite struct SHA256Tests {
    // FIPS 180-4 example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func nistVectors(_ input: String, _ digest: String) {
        #expect(SHA256Hasher.hex(Array(input.utf8)) == digest)
    }

    @Test func millionAsAndChunkedUpdatesAgree() {
        let bytes = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(SHA256Hasher.hex(bytes) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var h = SHA256Hasher()
        for chunk in stride(from: 0, to: bytes.count, by: 777) { h.update(bytes[chunk..<min(chunk + 777, bytes.count)]) }
        #expect(h.finalize().map { String(format: "%02x", $0) }.joined() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
