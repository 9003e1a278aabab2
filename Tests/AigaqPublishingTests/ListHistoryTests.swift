import AigaqCore
@testable import AigaqPublishing
import AigaqSQLite
import Testing

@Suite struct ListHistoryTests {
    func history() async throws -> (ListHistory, SQLiteStore) {
        let store = try await Synthetic.store(History.entities)
        return (try await ListHistory.load(list: History.list.id, from: PublicKnowledge(store: store)), store)
    }

    func ids(_ m: ListMembership) -> [String] { m.members.map(\.person.rawValue) }
    func d(_ s: String) -> DateValue { Synthetic.date(s) }

    @Test func onAPublishedListsDateTheMembershipIsThatListLessNonPublicPersons() async throws {
        let (h, _) = try await history()
        let m = h.membership(asOf: d("2024-01-31"))
        #expect(ids(m) == ["p-a", "p-b", "p-c", "p-d"])  // p-g is internal
        #expect(m.countsByStatus == ["convicted_imprisoned": 2, "pretrial_detention": 2])
        #expect(m.members.map(\.number) == [1, 2, 1, 2])
        #expect(m.snapshot?.id == "snap-1")
    }

    @Test func beforeTheFirstListNobodyIsOnIt() async throws {
        let (h, _) = try await history()
        #expect(h.membership(asOf: d("2023-12-31")).members.isEmpty)
    }

    @Test(arguments: [
        ("2024-02-29", ["p-a", "p-b", "p-c", "p-d", "p-e"]),  // E assessed and in detention; F on restricted freedom is not
        ("2024-03-15", ["p-a", "p-b", "p-c", "p-d", "p-e"]),  // "as of 2024-03" counts from the month's last day
        ("2024-03-31", ["p-b", "p-c", "p-d", "p-e"]),         // A released
        ("2024-05-31", ["p-b", "p-c", "p-e"]),                // D amnestied
        ("2024-06-20", ["p-c", "p-e"]),                       // a fact says B was released...
        ("2024-06-30", ["p-b", "p-c", "p-e"]),                // ...but the published list of that day keeps B: frozen
        ("2025-01-01", ["p-b", "p-c", "p-e"]),
    ])
    func membershipOnAnyDateFollowsTheDatedFacts(date: String, expected: [String]) async throws {
        let (h, _) = try await history()
        #expect(ids(h.membership(asOf: d(date))) == expected)
    }

    @Test func aSentenceAfterTheListTurnsPreTrialDetentionIntoPrison() async throws {
        let (h, _) = try await history()
        let c = try #require(h.membership(asOf: d("2024-04-30")).member("p-c"))
        #expect(c.status == .convictedImprisoned)
        #expect(c.listedStatus == .pretrialDetention)
        #expect(c.statusSince == d("2024-04-10"))
        #expect(c.sentence?.months == 60)
        // Still listed under its section and number.
        #expect(c.section == "Pre-trial detention / Rally" && c.number == 1)
    }

    @Test func theDiffNamesAddedReleasedStatusAndSentenceChanges() async throws {
        let (h, _) = try await history()
        let diff = h.diff(from: d("2024-01-31"), to: d("2024-06-20"))
        #expect(diff.added.map(\.person) == ["p-e"])
        #expect(diff.released.map(\.member.person) == ["p-a", "p-b", "p-d"])
        #expect(diff.released.map(\.status) == [.released, .released, .released])
        #expect(diff.released.first { $0.member.person == "p-a" }?.since == d("2024-03"))
        #expect(diff.statusChanged.map(\.person) == ["p-c"])
        #expect(diff.statusChanged.first?.from == .pretrialDetention && diff.statusChanged.first?.to == .convictedImprisoned)
        #expect(diff.sentenceChanged.map(\.person) == ["p-c"])
        #expect(diff.sentenceChanged.first?.from == nil && diff.sentenceChanged.first?.to?.months == 60)

        // Between the two published lists B's sentence was cut on appeal.
        let appeal = h.diff(from: d("2024-06-01"), to: d("2024-06-30"))
        #expect(appeal.sentenceChanged.map(\.person) == ["p-b"])
        #expect(appeal.sentenceChanged.first?.from?.months == 84 && appeal.sentenceChanged.first?.to?.months == 60)
        #expect(appeal.added.isEmpty && appeal.released.isEmpty)
        #expect(h.diff(from: d("2024-06-30"), to: d("2025-06-30")).isEmpty)
    }

    @Test func countsOverTimeFollowEveryChange() async throws {
        let (h, _) = try await history()
        let dates = h.changeDates()
        #expect(dates.first == d("2024-01-31"))
        #expect(dates.last == d("2024-06-30"))
        let counts = h.counts(at: dates)
        let totals = Dictionary(uniqueKeysWithValues: counts.map { ($0.date.description, $0.total) })
        #expect(totals["2024-01-31"] == 4)
        #expect(totals["2024-02-15"] == 5)
        #expect(totals["2024-03"] == 4)
        #expect(totals["2024-05-01"] == 3)
        #expect(totals["2024-06-15"] == 2)
        #expect(totals["2024-06-30"] == 3)
        #expect(counts.allSatisfy { $0.byStatus.values.reduce(0, +) == $0.total })
    }

    @Test func aPublishedSnapshotIsFrozenAgainstLaterFacts() async throws {
        let (h, store) = try await history()
        // Given the membership of 2024-02-29 published as a list
        let snapshot = h.snapshotToPublish(asOf: d("2024-02-29"))
        #expect(snapshot.entries.count == 5)
        #expect(snapshot.entries.first { $0.person == "p-e" }?.section == "Pre-trial detention")
        try await store.apply(delete: [], write: [.listSnapshot(snapshot)], actor: "test")
        // When a fact dated before it is learnt later (D released on 2024-02-20)
        var d = try #require(try await store.person(id: "p-d"))
        d.statuses.append(Fact(.released, asOf: Synthetic.date("2024-02-20"), citations: [Synthetic.cite(0, 10)]))
        try await store.apply(delete: [], write: [.person(d)], actor: "test")
        let again = try await ListHistory.load(list: History.list.id, from: PublicKnowledge(store: store))
        // Then the published list still says what it said, and the day before does not
        #expect(ids(again.membership(asOf: Synthetic.date("2024-02-29"))) == ["p-a", "p-b", "p-c", "p-d", "p-e"])
        #expect(ids(again.membership(asOf: Synthetic.date("2024-02-28"))) == ["p-a", "p-b", "p-c", "p-e"])
    }
}
