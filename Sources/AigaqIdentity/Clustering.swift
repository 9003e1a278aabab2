import AigaqCore
import Foundation

/// The outcome of resolving a set of records.
public struct IdentityResolution: Sendable {
    /// Clusters of record ids, one per person, in the order of their first record.
    public var clusters: [[String]]
    /// "Same" decisions that could not be applied because they contradict a
    /// "not same" decision (possibly through other "same" decisions).
    public var conflictingDecisions: [IdentityDecision]
    /// Candidate pairs scored (the blocking's output).
    public var pairsCompared: Int
    /// Seconds per phase, for the benchmark.
    public var phases: [(name: String, seconds: Double)] = []
}

extension IdentityResolver {
    /// Clusters of record ids; see ``resolve(_:decisions:)``.
    public func cluster(_ records: [ResolutionRecord], decisions: [IdentityDecision] = []) -> [[String]] {
        resolve(records, decisions: decisions).clusters
    }

    /// Resolves records into persons.
    ///
    /// 1. Decisions: "same" joins (in time order; the latest decision on a
    ///    pair wins), "not same" forbids, "unsure" keeps the pair from an
    ///    automatic merge.
    /// 2. Blocking: records meet only when they share a surname stem, or a
    ///    surname within one edit plus the given name's initial; large blocks
    ///    are compared through a window sorted by given name.
    /// 3. Scored pairs are merged best first; a pair in conflict (two given
    ///    names under one surname, a relative, a birth year) becomes a
    ///    cannot-link that no later merge may cross, transitively.
    /// 4. Fragments: a lone surname or given name joins the one person of its
    ///    report it fits; a lone surname absent from its report joins the one
    ///    person in all records with that surname, if there is exactly one.
    public func resolve(_ records: [ResolutionRecord], decisions: [IdentityDecision] = []) -> IdentityResolution {
        let clock = ContinuousClock()
        let start = clock.now
        let forms = nameForms
        let profiles = Parallel.chunks(count: records.count) { range in
            let cache = KeyCache()
            return records[range].map { RecordProfile($0, nameForms: forms, cache: cache) }
        }
        let analysed = (clock.now - start).seconds
        var result = resolve(records: records, profiles: profiles, decisions: decisions)
        result.phases.insert(("analyse names", analysed), at: 0)
        return result
    }

    func resolve(records: [ResolutionRecord], profiles: [RecordProfile], decisions: [IdentityDecision]) -> IdentityResolution {
        let clock = ContinuousClock()
        var mark = clock.now
        var phases: [(name: String, seconds: Double)] = []
        func phase(_ name: String) {
            let now = clock.now
            phases.append((name, (now - mark).seconds))
            mark = now
        }
        let n = records.count
        var index: [String: Int] = [:]
        if !decisions.isEmpty {
            index.reserveCapacity(n)
            for (i, r) in records.enumerated() where index[r.id] == nil { index[r.id] = i }
        }

        var sets = DisjointSets(count: n)

        // 1. Decisions, the latest per pair.
        var latest: [PairKey: IdentityDecision] = [:]
        for d in decisions.sorted(by: { ($0.when, $0.a, $0.b) < ($1.when, $1.a, $1.b) }) {
            guard let i = index[d.a], let j = index[d.b], i != j else { continue }
            latest[PairKey(i, j)] = d
        }
        var noAuto: Set<PairKey> = []
        for (key, d) in latest {
            switch d.verdict {
            case .notSame: sets.addCannotLink(key.low, key.high)
            case .unsure: noAuto.insert(key)
            case .same: break
            }
        }
        var conflicting: [IdentityDecision] = []
        for (key, d) in latest.sorted(by: { ($0.value.when, $0.key.low, $0.key.high) < ($1.value.when, $1.key.low, $1.key.high) })
        where d.verdict == .same {
            if !sets.union(key.low, key.high) { conflicting.append(d) }
        }

        phase("decisions")
        // 2. Blocking and scoring.
        let blocks = Blocking(profiles: profiles, nameForms: nameForms, blockLimit: blockLimit, window: window)
        phase("block keys")
        let pairs = blocks.candidatePairs()
        phase("candidate pairs")
        // Scored in parallel: an edge to merge, or a conflict (score -1) to forbid.
        let outcomes: [Edge] = Parallel.chunks(count: pairs.count, minimumChunk: 16_384) { range in
            var out: [Edge] = []
            for pair in pairs[range] {
                let i = Int(pair >> 32), j = Int(pair & 0xFFFF_FFFF)
                let e = evaluate(profiles[i], profiles[j], explain: false)
                if e.conflict {
                    out.append(Edge(score: -1, i: Int32(i), j: Int32(j)))
                    continue
                }
                guard verdict(e) == .same else { continue }
                if e.needsUniqueSurname, !blocks.surnameIsUniqueInDocuments(i, j) { continue }
                out.append(Edge(score: Float(e.score), i: Int32(i), j: Int32(j)))
            }
            return out
        }
        var edges: [Edge] = []
        for o in outcomes {
            if o.score < 0 { sets.addCannotLink(Int(o.i), Int(o.j)) } else if !noAuto.contains(PairKey(Int(o.i), Int(o.j))) { edges.append(o) }
        }
        phase("score pairs")
        // 3. Best first; ties in input order, so the result does not depend on hashing.
        edges.sort { ($0.score, -$0.i, -$0.j) > ($1.score, -$1.i, -$1.j) }
        for edge in edges { _ = sets.union(Int(edge.i), Int(edge.j)) }

        phase("merge")
        // 4. Fragments.
        attachFragments(profiles: profiles, sets: &sets, noAuto: noAuto)
        phase("fragments")

        var byRoot: [Int: Int] = [:]
        var clusters: [[String]] = []
        for i in 0..<n {
            let root = sets.find(i)
            if let c = byRoot[root] { clusters[c].append(records[i].id) } else {
                byRoot[root] = clusters.count
                clusters.append([records[i].id])
            }
        }
        phase("clusters")
        return IdentityResolution(clusters: clusters, conflictingDecisions: conflicting, pairsCompared: pairs.count, phases: phases)
    }

    private func attachFragments(profiles: [RecordProfile], sets: inout DisjointSets, noAuto: Set<PairKey>) {
        let fragments = profiles.indices.filter { profiles[$0].isFragment }
        guard !fragments.isEmpty else { return }
        var byDocument: [String: [Int]] = [:]
        for (i, p) in profiles.enumerated() where !p.isFragment { byDocument[p.document, default: []].append(i) }

        /// The one cluster among `candidates`, or nil when none or several.
        func single(_ candidates: [Int], _ sets: inout DisjointSets) -> Int? {
            var root: Int?
            for c in candidates {
                let r = sets.find(c)
                if root == nil { root = r } else if root != r { return nil }
            }
            return root
        }
        /// How closely fragment `f` fits a full record: 3 by the surname as
        /// written, a given name or an initial with the surname; 2 by the
        /// surname stem (a declined or feminine form); 1 within one letter.
        func fit(_ f: RecordProfile, surnames: [String], stems: [String], _ full: RecordProfile) -> Int {
            var best = 0
            for r in full.readings {
                if surnames.contains(r.surname) { return 3 }
                if let given = r.given.first, f.loneWords.contains(given)
                    || f.loneWordsWithVariants.contains(where: { nameForms.areVariants(given, $0) }) { return 3 }
                if f.readings.contains(where: { $0.surname == r.surname && $0.firstInitial == r.firstInitial }) { return 3 }
                if stems.contains(r.stem) || f.readings.contains(where: { $0.stem == r.stem && $0.firstInitial == r.firstInitial }) {
                    best = max(best, 2)
                } else if best == 0, r.stem.utf8.count >= 6, stems.contains(where: {
                    $0.utf8.count >= 6 && abs($0.utf8.count - r.stem.utf8.count) <= 1 && $0.utf8.first == r.stem.utf8.first
                        && Distance.withinOneEdit($0, r.stem)
                }) {
                    best = 1
                }
            }
            return best
        }

        var unattached: [Int] = []
        for f in fragments {
            let p = profiles[f]
            let surnames = p.loneWords.map { NameKeys.surname(fromWordKey: $0) }
            let stems = surnames.map { NameKeys.stem(ofSurname: $0) }
            let fits = (byDocument[p.document] ?? []).map { ($0, fit(p, surnames: surnames, stems: stems, profiles[$0])) }
            // The closest level that has any candidate decides; several people there is ambiguity.
            guard let level = fits.map(\.1).max(), level > 0 else {
                unattached.append(f)
                continue
            }
            let candidates = fits.filter { $0.1 == level }.map(\.0)
            if let root = single(candidates, &sets), !candidates.contains(where: { noAuto.contains(PairKey(f, $0)) }) {
                _ = sets.union(f, root)
            }
        }
        guard !unattached.isEmpty else { return }

        // Across documents: a lone surname (not a given name) with exactly one
        // person behind it; the surname as written first, then its stem.
        var wantedSurname: [String: [Int]] = [:], wantedStem: [String: [Int]] = [:]
        for f in unattached {
            for w in profiles[f].loneWords where NameKeys.looksLikeSurname(w) && !nameForms.isKnownGivenName(w) {
                let key = NameKeys.surname(fromWordKey: w)
                wantedSurname[key, default: []].append(f)
                wantedStem[NameKeys.stem(ofSurname: key), default: []].append(f)
            }
        }
        guard !wantedSurname.isEmpty else { return }
        var holdersSurname: [String: [Int]] = [:], holdersStem: [String: [Int]] = [:]
        for (i, p) in profiles.enumerated() where !p.isFragment {
            for r in p.readings where r.isFull {
                if wantedSurname[r.surname] != nil, holdersSurname[r.surname]?.last != i { holdersSurname[r.surname, default: []].append(i) }
                if wantedStem[r.stem] != nil, holdersStem[r.stem]?.last != i { holdersStem[r.stem, default: []].append(i) }
            }
        }
        var done: Set<Int> = []
        for (key, lone) in wantedSurname.sorted(by: { $0.key < $1.key }) {
            let pending = lone.filter { !done.contains($0) }
            guard !pending.isEmpty else { continue }
            if let full = holdersSurname[key] {
                done.formUnion(pending)
                guard let root = single(full, &sets) else { continue }
                for f in pending { _ = sets.union(f, root) }
            }
        }
        for (key, lone) in wantedStem.sorted(by: { $0.key < $1.key }) {
            let pending = lone.filter { !done.contains($0) }
            guard !pending.isEmpty, let full = holdersStem[key] else { continue }
            done.formUnion(pending)
            guard let root = single(full, &sets) else { continue }
            for f in pending { _ = sets.union(f, root) }
        }
        // Nobody has the full name: the lone mentions of one surname are taken as one person.
        for (_, lone) in wantedSurname.sorted(by: { $0.key < $1.key }) {
            let pending = lone.filter { !done.contains($0) }
            for f in pending.dropFirst() { _ = sets.union(f, pending[0]) }
            done.formUnion(pending)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

struct Edge: Sendable {
    var score: Float
    var i: Int32
    var j: Int32
}

/// An unordered pair of record indices.
struct PairKey: Hashable {
    let low: Int, high: Int
    init(_ a: Int, _ b: Int) { (low, high) = a < b ? (a, b) : (b, a) }
}

/// Union-find with cannot-links: a union that would put two records with a
/// cannot-link between them in one set is refused.
struct DisjointSets {
    private var parent: [Int32]
    private var size: [Int32]
    /// Per root: the records its members must never join.
    private var cannot: [[Int32]]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
        cannot = [[Int32]](repeating: [], count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var root = x
        while Int(parent[root]) != root { root = Int(parent[root]) }
        var y = x
        while Int(parent[y]) != root { let next = Int(parent[y]); parent[y] = Int32(root); y = next }
        return root
    }

    mutating func addCannotLink(_ a: Int, _ b: Int) {
        cannot[find(a)].append(Int32(b))
        cannot[find(b)].append(Int32(a))
    }

    /// Joins the sets of `a` and `b`; false when a cannot-link forbids it.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        var ra = find(a), rb = find(b)
        if ra == rb { return true }
        // Both sides hold the link, so checking the shorter list suffices.
        let (short, other) = cannot[ra].count <= cannot[rb].count ? (ra, rb) : (rb, ra)
        for x in cannot[short] where find(Int(x)) == other { return false }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
        if !cannot[rb].isEmpty {
            cannot[ra].append(contentsOf: cannot[rb])
            cannot[rb] = []
        }
        return true
    }
}

extension IdentityResolver {
    /// The name to show for a cluster: the full name most records give,
    /// preferring Latin and normal capitalisation, then the longer.
    public static func canonicalName(of records: [ResolutionRecord]) -> String {
        var counts: [String: Int] = [:]
        for r in records where r.name.split(separator: " ").count >= 2 { counts[r.name, default: 0] += 1 }
        if counts.isEmpty { for r in records { counts[r.name, default: 0] += 1 } }
        func rank(_ name: String) -> (Int, Int, Int, Int) {
            let latin = name.unicodeScalars.allSatisfy { !(0x0400...0x04FF).contains($0.value) } ? 1 : 0
            let normalCase = name != name.uppercased() ? 1 : 0
            return (counts[name] ?? 0, latin, normalCase, name.count)
        }
        return counts.keys.max { a, b in
            let ra = rank(a), rb = rank(b)
            return ra != rb ? ra < rb : a > b
        } ?? records.first?.name ?? ""
    }
}
