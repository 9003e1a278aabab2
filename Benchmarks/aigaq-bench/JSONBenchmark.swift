import AigaqCore
import Foundation

/// Where import time goes: encoding records to their stored JSON form.
enum JSONBenchmark {
    static func run(count: Int) async {
        let events = (0..<count).map { i in
            Event(id: Event.ID(rawValue: "e\(i)"), type: "detention", date: DateValue(year: 2012 + i % 13, month: 1 + i % 12, day: 1 + i % 28),
                  place: "Almaty", participants: [EventParticipant(person: Person.ID(rawValue: "p\(i % 1000)"), role: "victim")],
                  citations: [Citation(source: "src-bench", start: i, end: i + 40)])
        }
        for (label, sorted) in [("sorted keys", true), ("encoder order", false)] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = sorted ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
            var bytes = 0
            let (_, seconds) = await measure { for e in events { bytes += (try? encoder.encode(e).count) ?? 0 } }
            print(String(format: "json (%@): %d events in %.2f s = %.0f events/s, %.1f µs each", label, count, seconds,
                         Double(count) / seconds, seconds / Double(count) * 1e6))
        }
    }
}
