import AigaqCore
import AigaqExtraction
import AigaqIdentity
import Foundation

enum ExtractionBenchmark {
    /// Throughput of extraction on one core: the given reports repeated to at least `megabytes`.
    static func run(files: [String], megabytes: Int) async throws {
        var one = Data()
        for f in files { one.append(try Data(contentsOf: URL(fileURLWithPath: f))); one.append(contentsOf: Array("\n\n".utf8)) }
        guard !one.isEmpty else { print("extract: no input files"); return }
        var big = Data()
        while big.count < megabytes * 1_048_576 { big.append(one) }
        // AIGAQ_BENCH_SINGLE_LINE=1: the same text as one line (no line breaks at all).
        if ProcessInfo.processInfo.environment["AIGAQ_BENCH_SINGLE_LINE"] == "1" {
            big = Data(big.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
        }
        let mb = Double(big.count) / 1_048_576
        print(String(format: "# extraction benchmark: %d files repeated to %.1f MiB, one thread", files.count, mb))
        let before = peakMemoryMiB()
        let (result, seconds) = try await measure { try Extractor.extract(data: big, fileName: "big.txt") }
        print(String(format: "extract: %.1f MiB in %.2f s = %.1f MiB/s; %d persons; peak memory %.0f MiB (input %.0f MiB, before %.0f MiB)",
                     mb, seconds, mb / seconds, result.extraction.persons.count, peakMemoryMiB(), mb, before))
    }
}

enum IdentityResolutionBenchmark {
    static func run(mentions: Int) {
        print(IdentityBenchmark.run(mentions: mentions, seed: 42))
    }
}
