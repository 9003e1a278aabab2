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
        let cpu0 = cpuSeconds()
        let (result, seconds) = try await measure { try Extractor.extract(data: big, fileName: "big.txt") }
        let cpu = cpuSeconds() - cpu0
        // CPU seconds as well as wall time: on a shared machine the wall clock
        // counts other people's builds; the extractor uses one thread.
        print(String(format: "extract: %.1f MiB in %.2f s wall = %.1f MiB/s (%.1f MB/s); CPU %.2f s = %.1f MiB/s (%.1f MB/s); %d persons; peak memory %.0f MiB (input %.0f MiB, before %.0f MiB)",
                     mb, seconds, mb / seconds, Double(big.count) / 1e6 / seconds, cpu, mb / cpu, Double(big.count) / 1e6 / cpu,
                     result.extraction.persons.count, peakMemoryMiB(), mb, before))
        // AIGAQ_BENCH_DUMP=FILE: the extraction as JSON, to check that a speed change kept the output.
        if let dump = ProcessInfo.processInfo.environment["AIGAQ_BENCH_DUMP"], !dump.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(result.extraction).write(to: URL(fileURLWithPath: dump))
        }
    }

    /// CPU time of this process (user and system), in seconds.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

enum IdentityResolutionBenchmark {
    static func run(mentions: Int) {
        print(IdentityBenchmark.run(mentions: mentions, seed: 42))
    }
}
