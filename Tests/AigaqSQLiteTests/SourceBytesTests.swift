import AigaqCore
import AigaqSQLite
import AigaqStore
import AigaqTestSupport
import Foundation
import Testing

/// `verifySources` re-hashes the bytes ingest keeps.
@Suite struct SourceBytesTests {
    static let report = Data("Bulletin 7\n\n1. Erbol TESTOV – 5 years, Article 405.\n".utf8)

    static func database() async throws -> (dir: TemporaryFolder, path: String, store: SQLiteStore) {
        let dir = try TemporaryFolder()
        let path = dir.path("bytes.sqlite")
        let store = try SQLiteStore(path: path, masterKey: SealedFieldTests.key)
        let open = Source(id: "src-open", sha256: SHA256Hasher.hex(Array(report)), text: "Bulletin 7", confidentiality: .internal)
        _ = try await store.ingest(source: open, original: report, candidates: [], actor: "t")
        let memo = Data("A lawyer's memo".utf8)
        let sealed = Source(id: "src-memo", sha256: SHA256Hasher.hex(Array(memo)), confidentiality: .confidential)
        _ = try await store.ingest(source: sealed, original: memo, candidates: [], actor: "t")
        // A record imported without bytes, as the open dataset's are.
        var it = [Entity.source(Source(id: "src-dataset", sha256: String(repeating: "c", count: 64)))].makeIterator()
        _ = try await store.importEntities(actor: "t") { it.next() }
        return (dir, path, store)
    }

    @Test func untouchedBytesVerifyAndSourcesWithoutBytesAreNotFailures() async throws {
        let (dir, _, store) = try await Self.database()
        defer { withExtendedLifetime(dir) {} }
        #expect(try await store.verifySources() == SourceVerification(checked: 2, withoutBytes: 1))
        #expect(try await store.sourceBytes(id: "src-open") == Self.report)
    }

    @Test(arguments: [
        ("UPDATE sourceBytes SET bytes = CAST('Bulletin 7 (edited)' AS BLOB) WHERE sourceId = 'src-open'", "src-open: its stored bytes hash to"),
        ("UPDATE sourceBytes SET bytes = substr(bytes, 1, length(bytes) - 1) || x'00' WHERE sourceId = 'src-memo'", "src-memo: its sealed bytes do not open"),
        ("UPDATE sourceBytes SET bytes = (SELECT bytes FROM sourceBytes WHERE sourceId = 'src-open') WHERE sourceId = 'src-memo'", "src-memo"),
    ])
    func tamperedBytesAreNamed(_ sql: String, _ words: String) async throws {
        let (dir, path, store) = try await Self.database()
        defer { withExtendedLifetime(dir) {} }
        try SQLiteFile.run(path, sql)
        let result = try await store.verifySources()
        #expect(!result.isValid)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.contains(words) == true, "\(result.problems)")
    }
}
