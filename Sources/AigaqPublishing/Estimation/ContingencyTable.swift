/// The overlap of `k` lists: how many persons have each capture history.
///
/// A history is a bit mask: bit `i` is set when the person is on list `i`.
/// Cell 0 (on no list) is the one multiple-systems estimation estimates, so
/// it is always 0 here.
public struct ContingencyTable: Hashable, Sendable {
    /// The lists' names, in bit order.
    public let lists: [String]
    /// `counts[h]` for `h` in `0..<2^k`; `counts[0] == 0`.
    public let counts: [Int]

    /// - Parameter counts: one count per history `1..<2^k` (index 0 is ignored
    ///   and stored as 0 when the array has `2^k` elements).
    public init(lists: [String], counts: [Int]) {
        precondition(lists.count < 31, "too many lists for a contingency table")
        let cells = 1 << lists.count
        precondition(counts.count == cells, "a table of \(lists.count) lists has \(cells) cells")
        precondition(counts.allSatisfy { $0 >= 0 })
        self.lists = lists
        var c = counts
        c[0] = 0
        self.counts = c
    }

    /// Counts persons by history; a history on no list is ignored.
    public init(lists: [String], histories: [[Bool]]) {
        var counts = [Int](repeating: 0, count: 1 << lists.count)
        for h in histories {
            precondition(h.count == lists.count)
            counts[Self.mask(h)] += 1
        }
        self.init(lists: lists, counts: counts)
    }

    public var listCount: Int { lists.count }
    public var cellCount: Int { 1 << lists.count }
    /// Persons on at least one list.
    public var observed: Int { counts.reduce(0, +) }

    /// Persons on list `i`.
    public func size(ofList i: Int) -> Int {
        counts.indices.filter { $0 & (1 << i) != 0 }.reduce(0) { $0 + counts[$1] }
    }

    /// The history as the lists' 0/1 flags, in list order: `"101"` for lists 1 and 3.
    public func label(ofCell h: Int) -> String {
        String((0..<listCount).map { h & (1 << $0) != 0 ? "1" : "0" })
    }

    static func mask(_ history: [Bool]) -> Int {
        history.enumerated().reduce(0) { $0 | ($1.element ? 1 << $1.offset : 0) }
    }

    /// The table of a subset of the lists, in the given order; histories that
    /// touch none of them fall into the unknown cell and drop out.
    public func restricted(to chosen: [Int]) -> ContingencyTable {
        var counts = [Int](repeating: 0, count: 1 << chosen.count)
        for h in 1..<cellCount where self.counts[h] > 0 {
            var m = 0
            for (bit, list) in chosen.enumerated() where h & (1 << list) != 0 { m |= 1 << bit }
            counts[m] += self.counts[h]
        }
        return ContingencyTable(lists: chosen.map { lists[$0] }, counts: counts)
    }
}

/// A hierarchical log-linear model of a `k`-list table: the main effect of
/// every list plus chosen two-way interactions. An interaction between two
/// lists lets being on one make being on the other more (or less) likely:
/// the dependence the independence model would mistake for a small population.
public struct LogLinearModel: Hashable, Sendable {
    public struct Pair: Hashable, Sendable, Comparable {
        public let first: Int
        public let second: Int
        public init(_ a: Int, _ b: Int) {
            precondition(a != b)
            first = min(a, b); second = max(a, b)
        }
        public static func < (l: Pair, r: Pair) -> Bool { (l.first, l.second) < (r.first, r.second) }
    }

    public let lists: Int
    public let interactions: [Pair]

    public init(lists: Int, interactions: [Pair] = []) {
        self.lists = lists
        self.interactions = Array(Set(interactions)).sorted()
        precondition(self.interactions.allSatisfy { $0.second < lists })
    }

    /// Intercept, one main effect per list, one column per interaction.
    public var parameterCount: Int { 1 + lists + interactions.count }

    /// Every pair of lists.
    public static func allPairs(lists: Int) -> [Pair] {
        (0..<lists).flatMap { a in ((a + 1)..<lists).map { Pair(a, $0) } }
    }

    /// "A + B + C + A×B" with the lists' names.
    public func label(names: [String]) -> String {
        let mains = names.joined(separator: " + ")
        let pairs = interactions.map { "\(names[$0.first])×\(names[$0.second])" }
        return ([mains] + pairs).joined(separator: " + ")
    }

    /// The design over the observed cells `1..<2^k` (rows in that order), or
    /// over every cell `0..<2^k` when `includingUnknown`.
    func design(includingUnknown: Bool) -> Design {
        let first = includingUnknown ? 0 : 1
        let cells = 1 << lists
        let p = parameterCount
        var values: [Double] = []
        values.reserveCapacity((cells - first) * p)
        for h in first..<cells {
            values.append(1)
            for i in 0..<lists { values.append(h & (1 << i) != 0 ? 1 : 0) }
            for pair in interactions {
                values.append(h & (1 << pair.first) != 0 && h & (1 << pair.second) != 0 ? 1 : 0)
            }
        }
        return Design(rows: cells - first, columns: p, values: values)
    }
}
