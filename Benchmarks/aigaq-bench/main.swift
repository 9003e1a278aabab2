// Benchmarks for Aigaq. Not part of `swift test`: run with
//   swift run -c release aigaq-bench store [persons] [events]
//   swift run -c release aigaq-bench publish [persons] [list size]
// and copy the figures into docs/benchmarks.md.
import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let command = arguments.first ?? "help"

switch command {
case "store":
    let numbers = arguments.dropFirst().prefix { Int($0) != nil }.compactMap { Int($0) }
    let env = ProcessInfo.processInfo.environment
    let only = env["AIGAQ_BENCH_BACKENDS"].map { Set($0.split(separator: ",").map(String.init)) } ?? ["sqlite", "postgres"]
    try await StoreBenchmark.run(persons: numbers.first ?? 100_000, events: numbers.dropFirst().first ?? 1_000_000,
                                 postgres: env["AIGAQ_BENCH_POSTGRES"], backends: only)
case "json":
    await JSONBenchmark.run(count: arguments.dropFirst().first.flatMap(Int.init) ?? 200_000)
case "extract":
    let mb = Int(ProcessInfo.processInfo.environment["AIGAQ_BENCH_MB"] ?? "") ?? 32
    try await ExtractionBenchmark.run(files: Array(arguments.dropFirst()), megabytes: mb)
case "publish":
    let persons = arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
    let list = arguments.dropFirst(2).first.flatMap(Int.init) ?? 1_000
    try await PublishingBenchmark.run(persons: persons, listSize: list)
case "identity":
    IdentityResolutionBenchmark.run(mentions: arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000)
default:
    print("""
        usage: aigaq-bench store [PERSONS=100000] [EVENTS=1000000]
                                                  (SQLite, then PostgreSQL: AIGAQ_BENCH_POSTGRES=URL, else a
                                                   throwaway cluster; AIGAQ_BENCH_BACKENDS=sqlite,postgres)
               aigaq-bench json [COUNT=200000]
               aigaq-bench extract FILE...        (AIGAQ_BENCH_MB=32: repeat the files to this size;
                                                   AIGAQ_BENCH_SINGLE_LINE=1: as one line)
               aigaq-bench identity [MENTIONS=1000000]
               aigaq-bench publish [PERSONS=100000] [LIST=1000]  (report list and stats)
        """)
}
