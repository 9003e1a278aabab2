import Foundation
import Testing

/// `aigaq extract` on damaged documents: a clear error and exit 65, never a trap.
@Suite struct ExtractCommandTests {
    /// An empty ZIP's end-of-central-directory record, saying its comment is
    /// 65 bytes long, followed by `trailing` bytes: the shape that leaked
    /// inside ZIPFoundation (docs/SECURITY.md, Fuzzing).
    static func commentPastTheEnd(trailing: Int) -> Data {
        Data([0x50, 0x4B, 0x05, 0x06] + Array(repeating: 0, count: 16) + [65, 0] + Array(repeating: 0, count: trailing))
    }

    @Test func malformedDOCXIsBadData() async throws {
        let dir = try TempDir()
        for (name, data) in [("comment.docx", Self.commentPastTheEnd(trailing: 0)), ("short.docx", Self.commentPastTheEnd(trailing: 41)),
                             ("nodirectory.docx", Data(repeating: 0, count: 64)), ("empty.docx", Data())] {
            let file = dir.path(name)
            try data.write(to: URL(fileURLWithPath: file))
            #expect(await run(["extract", file]) == 65, "\(name)")
        }
    }
}
