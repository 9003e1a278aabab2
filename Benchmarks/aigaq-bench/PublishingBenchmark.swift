import AigaqCore
import AigaqPublishing
import AigaqSQLite
import AigaqStore
import Foundation

/// `report list` and `stats` on a knowledge base of N persons: the same code
/// the commands run (ListReport + Markdown, Statistics.report), timed after
/// one warm-up run, on a SQLite file.
enum PublishingBenchmark {
    static let articles = ["405", "174", "274", "258", "272", "256", "179", "182", "380", "297", "190", "106"]
    static let regions = ["Almaty", "Astana", "Mangystau", "Aktobe", "Atyrau", "Zhambyl", "Abai", "Karaganda", "Kostanay", "Turkistan"]
    static let occupations = ["activist", "journalist", "blogger", "human-rights-defender", "lawyer", "trade-unionist", "pensioner"]
    static let tactics = ["extradition-request", "interpol-abuse", "surveillance-abroad", "coercion-by-proxy", "slapp-abroad"]
    static let hosts = ["BE", "FR", "LT", "UA", "US", "TR", "DE", "GB"]

    static func run(persons: Int, listSize: Int, runs: Int = 5) async throws {
        // AIGAQ_BENCH_DB keeps the database (and reuses it when it exists), for profiling.
        let kept = ProcessInfo.processInfo.environment["AIGAQ_BENCH_DB"]
        let path = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-publish-bench-\(UUID()).sqlite").path
        let reuse = kept.map { FileManager.default.fileExists(atPath: $0) } ?? false
        defer { if kept == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        print("# publishing benchmark: \(persons) persons, a list of \(listSize), SQLite file \(path)")
        if !reuse {
            // Built, then closed, as `aigaq import` leaves it: the write-ahead log checkpointed.
            let writing = try SQLiteStore(path: path)
            let (records, seconds) = try await measure { try await populate(writing, persons: persons, listSize: listSize) }
            print(String(format: "built the knowledge base: %d records in %.1f s", records, seconds))
        }
        let store = try SQLiteStore(path: path)
        let vocabulary = try Vocabulary.bundled()
        let asOf = DateValue("2025-06-30")!

        var bytes = 0
        let list = try await timed("report list --as-of 2025-06-30 (Markdown)", runs: runs) {
            let doc = try await ListReport.build(store: store, options: .init(asOf: asOf), vocabulary: vocabulary)
            bytes = MarkdownRenderer.render(doc).utf8.count
            return doc.notes.notes.count
        }
        print(String(format: "  report: %.1f MiB of Markdown, %d notes", Double(bytes) / 1_048_576, list))
        _ = try await timed("report list --as-of 2025-06-30 (HTML)", runs: runs) {
            HTMLRenderer.render(try await ListReport.build(store: store, options: .init(asOf: asOf), vocabulary: vocabulary)).utf8.count
        }
        let stats = try await timed("stats --json --as-of 2025-06-30", runs: runs) {
            let report = try await Statistics.report(store: store, asOf: asOf, list: nil, vocabulary: vocabulary)
            return try AigaqJSON.encoder().encode(report).count
        }
        print(String(format: "  stats: %.0f KiB of JSON", Double(stats) / 1024))
        // Where the time of stats goes.
        _ = try await timed("  of which: counts by status, region, occupation, article, year (SQL)", runs: runs) {
            try await store.aggregates(publicOnly: true)
        }
        _ = try await timed("  of which: the list's history loaded and its membership over time", runs: runs) {
            let history = try await ListHistory.load(list: "list-bench", from: PublicKnowledge(store: store))
            return history.counts(at: ListHistory.monthly(history.changeDates(until: asOf))).count
        }
        print(String(format: "peak memory: %.0f MiB", peakMemoryMiB()))
    }

    /// Median and range of `runs` timed runs after one warm-up, in wall-clock
    /// seconds and in CPU seconds of this process (user + system): on a machine
    /// busy with other work, CPU time is what the run itself cost. Returns the last result.
    static func timed<T>(_ name: String, runs: Int, _ body: () async throws -> T) async throws -> T {
        var result = try await body()
        var times: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<runs {
            let before = cpuSeconds()
            let (value, s) = try await measure(body)
            cpu.append(cpuSeconds() - before)
            result = value
            times.append(s)
        }
        times.sort()
        cpu.sort()
        print(String(format: "%@: median %.3f s (min %.3f, max %.3f, %d runs); CPU median %.3f s", name, times[times.count / 2],
                     times.first!, times.last!, runs, cpu[cpu.count / 2]))
        return result
    }

    /// User plus system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Persons with statuses, regions and occupations; one case and two events
    /// each; a list published twice; figures; refused assemblies; transnational repression.
    static func populate(_ store: SQLiteStore, persons: Int, listSize: Int) async throws -> Int {
        var rng = SeededRandom(seed: 7)
        let source = Source(id: "src-bench", sha256: String(repeating: "0f", count: 32), title: "Synthetic monitoring report",
                            publisher: "Benchmark NGO", publishedOn: DateValue("2025-06"))
        func cite(_ i: Int) -> [Citation] { [Citation(source: source.id, start: i % 50_000, end: i % 50_000 + 120)] }
        let listID: PersonList.ID = "list-bench"
        var queue: [Entity] = [.source(source), .list(PersonList(id: listID, name: "Benchmark list of political prisoners"))]
        queue.reserveCapacity(persons * 4 + 10)
        for i in 0..<persons {
            let (given, surname) = SyntheticNames.cyrillic(&rng)
            let latin = SyntheticNames.latin(given) + " " + SyntheticNames.latin(surname)
            let year = 2015 + i % 10
            let onList = i < listSize * 2
            let status: PersonStatus = onList ? (i % 5 == 0 ? .pretrialDetention : .convictedImprisoned)
                : [.released, .fined, .restrictedFreedom, .abroad, .underInvestigation][i % 5]
            var statuses = [Fact(status, asOf: DateValue(year: year, month: 1 + i % 12), citations: cite(i))]
            if onList && i % 40 == 0 { statuses.append(Fact(.released, asOf: DateValue("2025-03"), citations: cite(i + 1))) }
            queue.append(.person(Person(id: Person.ID(rawValue: "p\(i)"),
                                        names: [PersonName(latin, kind: .primary, citations: cite(i)), PersonName(given + " " + surname)],
                                        region: [Fact(regions[i % regions.count], citations: cite(i))],
                                        occupations: [Fact(occupations[i % occupations.count], citations: cite(i))],
                                        statuses: statuses, citations: cite(i))))
        }
        for i in 0..<persons {
            let p = Person.ID(rawValue: "p\(i)")
            let a = articles[Int.random(in: 0..<articles.count, using: &rng)]
            let months = 12 * (2 + i % 9)
            queue.append(.case(Case(id: Case.ID(rawValue: "c\(i)"), participants: [Participant(person: p, role: "defendant")],
                                    charges: [Charge(person: p, article: a, citations: cite(i))],
                                    sentences: [SentenceRecord(person: p, sentence: Sentence(kind: .imprisonment, months: months),
                                                               date: DateValue(year: 2016 + i % 9, month: 1 + i % 12, day: 1 + i % 28), citations: cite(i))],
                                    citations: cite(i))))
        }
        for i in 0..<persons {
            let p = Person.ID(rawValue: "p\(i)")
            for (k, type) in ["detention", "verdict"].enumerated() {
                queue.append(.event(Event(id: Event.ID(rawValue: "e\(i)-\(k)"), type: type,
                                          date: DateValue(year: 2015 + k + i % 9, month: 1 + i % 12, day: 1 + i % 28),
                                          participants: [EventParticipant(person: p, role: "victim")], caseID: Case.ID(rawValue: "c\(i)"),
                                          citations: cite(i))))
            }
        }
        for i in 0..<(persons / 100) {
            let p = Person.ID(rawValue: "p\(persons - 1 - i)")
            queue.append(.event(Event(id: Event.ID(rawValue: "tnr\(i)"), type: "surveillance", date: DateValue(year: 2018 + i % 7),
                                      country: hosts[i % hosts.count], participants: [EventParticipant(person: p, role: "victim")],
                                      attributes: ["tactic": tactics[i % tactics.count]], citations: cite(i))))
            queue.append(.event(Event(id: Event.ID(rawValue: "refused\(i)"), type: "assembly-notice-refused",
                                      date: DateValue(year: 2020 + i % 5, month: 1 + i % 12), place: regions[i % regions.count],
                                      attributes: ["count": "\(1 + i % 4)"], citations: cite(i))))
        }
        for (i, m) in ["assembly-refusals", "torture-complaints", "torture-cases-opened", "torture-cases-in-court", "torture-verdicts",
                       "political-prisoners"].enumerated() {
            for year in 2019...2024 {
                queue.append(.figure(StatedFigure(id: StatedFigure.ID(rawValue: "fig-\(m)-\(year)"), measure: m, value: 1000 / (i + 1) + year % 7,
                                                  from: DateValue(year: year), to: DateValue(year: year), citations: cite(year))))
            }
        }
        // Two published lists: the first half of the list's people at the start
        // of 2024, the second half at the end.
        func entries(_ range: Range<Int>) -> [ListEntry] {
            var convicted = 0, pretrial = 0
            return range.map { i in
                let pre = i % 5 == 0
                if pre { pretrial += 1 } else { convicted += 1 }
                return ListEntry(person: Person.ID(rawValue: "p\(i)"), section: pre ? "Pre-trial detention / Rallies" : "Convicted / Posts",
                                 number: pre ? pretrial : convicted, status: pre ? .pretrialDetention : .convictedImprisoned, citations: cite(i))
            }
        }
        queue.append(.listSnapshot(ListSnapshot(id: "snap-bench-1", list: listID, asOf: DateValue("2024-01-31")!, entries: entries(0..<listSize))))
        queue.append(.listSnapshot(ListSnapshot(id: "snap-bench-2", list: listID, asOf: DateValue("2024-12-31")!,
                                                entries: entries((listSize / 2)..<(listSize + listSize / 2)))))
        var index = 0
        return try await store.importEntities(actor: "bench") {
            defer { index += 1 }
            return index < queue.count ? queue[index] : nil
        }.total
    }
}
