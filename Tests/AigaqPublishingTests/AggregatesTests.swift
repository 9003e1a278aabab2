import AigaqCore
import AigaqPublishing
import AigaqSQLite
import AigaqStore
import Testing

/// The statistics' SQL must count what the public projection publishes.
@Suite struct AggregatesTests {
    /// A random knowledge base in which records and facts are public, internal
    /// or confidential, facts are dated or not, and some events name perpetrators.
    static func randomEntities(seed: UInt64, persons: Int) -> [Entity] {
        var rng = LCG(seed: seed)
        let levels: [Confidentiality] = [.public, .public, .public, .internal, .confidential]
        let statuses: [PersonStatus] = [.convictedImprisoned, .pretrialDetention, .released, .fined, .abroad]
        let regions = ["Almaty", "Mangystau", "Abai", "Zhetysu"]
        let occupations = ["journalist", "blogger", "activist", "lawyer"]
        let dates = [nil, "2019", "2023-07", "2024-02-10", "~2024-02", "2024-02", "2025"]
        var out: [Entity] = []
        for i in 0..<persons {
            func fact<V>(_ v: V) -> Fact<V> {
                let d = dates.randomElement(using: &rng)!
                return Fact(v, asOf: d.flatMap(DateValue.init), citations: [Synthetic.cite(0, 9)],
                            confidentiality: levels.randomElement(using: &rng)!)
            }
            var p = Synthetic.person("p\(i)", "Person \(i)", confidentiality: levels.randomElement(using: &rng)!)
            p.role = i % 7 == 0 ? .official : .persecuted
            p.statuses = (0..<Int.random(in: 0...3, using: &rng)).map { _ in fact(statuses.randomElement(using: &rng)!) }
            p.region = (0..<Int.random(in: 0...2, using: &rng)).map { _ in fact(regions.randomElement(using: &rng)!) }
            p.occupations = (0..<Int.random(in: 0...3, using: &rng)).map { _ in fact(occupations.randomElement(using: &rng)!) }
            out.append(.person(p))
        }
        for i in 0..<(persons / 2) {
            let a = Person.ID(rawValue: "p\(Int.random(in: 0..<persons, using: &rng))")
            let b = Person.ID(rawValue: "p\(Int.random(in: 0..<persons, using: &rng))")
            let articles = ["405", "174", "274", "258"]
            out.append(.case(Case(id: Case.ID(rawValue: "c\(i)"),
                                  charges: [Charge(person: a, article: articles.randomElement(using: &rng)!),
                                            Charge(person: b, article: articles.randomElement(using: &rng)!),
                                            Charge(person: a, article: "405")],
                                  confidentiality: levels.randomElement(using: &rng)!)))
        }
        for i in 0..<persons {
            let year = 2018 + Int.random(in: 0...7, using: &rng)
            var participants = [EventParticipant(person: Person.ID(rawValue: "p\(i)"), role: "victim")]
            if i % 5 == 0 { participants.append(EventParticipant(person: Person.ID(rawValue: "p\((i + 1) % persons)"), role: "perpetrator")) }
            out.append(.event(Event(id: Event.ID(rawValue: "e\(i)"), type: ["detention", "verdict", "fine"][i % 3],
                                    date: i % 11 == 0 ? nil : DateValue(year: year, month: 1 + i % 12),
                                    participants: participants, reviewedForPublication: i % 10 == 0,
                                    confidentiality: levels.randomElement(using: &rng)!)))
        }
        return out
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func sqlCountsWhatTheProjectionPublishes(seed: UInt64) async throws {
        let entities = Self.randomEntities(seed: seed, persons: 120)
        let store = try await Synthetic.store(entities)
        var projected = KnowledgeAggregates.Builder()
        for e in entities { if let p = PublicProjection.project(e) { projected.add(p) } }
        let expected = projected.build()
        #expect(expected.personsByStatus.values.reduce(0, +) > 10, "the sample must exercise the counts")
        #expect(try await store.aggregates(publicOnly: true) == expected)
        #expect(try await KnowledgeAggregates.scan(store, publicOnly: true) == expected)

        var all = KnowledgeAggregates.Builder()
        for e in entities { all.add(e) }
        #expect(try await store.aggregates(publicOnly: false) == all.build())
        #expect(try await store.aggregates(publicOnly: false) != expected)
    }
}

/// Knuth's MMIX linear congruential generator: repeatable random data.
struct LCG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state ^ (state >> 29)
    }
}
