import Foundation
import Synchronization

/// The public site's clock: a generation is a period in which the store is
/// known not to have changed. A write noticed in the store (another process)
/// starts a new generation softly: values of earlier ones may still be served
/// for `maxStale` after they were superseded, while they are rebuilt in the
/// background. A write by this process starts one hard: nothing older is
/// served again (the reviewer sees their own change at once).
final class Generations: Sendable {
    /// What a cache needs to judge an entry, read once per lookup.
    struct Snapshot: Sendable {
        var current: Int
        /// The oldest generation whose values may still be served (raised by a hard start).
        var floor: Int
        /// When each recent generation began (older ones are pruned: their predecessors are too stale).
        var began: [Int: ContinuousClock.Instant]
        var maxStale: Duration
        var now: ContinuousClock.Instant

        /// Whether a value made from generation `data` may be served now:
        /// it is current, or it was superseded less than `maxStale` ago.
        func servable(_ data: Int) -> Bool {
            if data >= current { return true }
            guard data >= floor, let superseded = began[data + 1] else { return false }
            return now - superseded < maxStale
        }
    }

    private struct State {
        var current = 0
        var floor = 0
        var began: [Int: ContinuousClock.Instant] = [0: .now]
    }

    let maxStale: Duration
    private let state = Mutex(State())

    init(maxStale: Duration) { self.maxStale = maxStale }

    var current: Int { state.withLock { $0.current } }

    func snapshot() -> Snapshot {
        let now = ContinuousClock.now
        return state.withLock { Snapshot(current: $0.current, floor: $0.floor, began: $0.began, maxStale: maxStale, now: now) }
    }

    /// Starts a new generation; `hard` makes every earlier value unservable.
    func advance(hard: Bool) {
        let now = ContinuousClock.now
        state.withLock { s in
            s.current += 1
            s.began[s.current] = now
            if hard { s.floor = s.current }
            // A generation that began more than maxStale ago makes all before it unservable.
            s.began = s.began.filter { $0.key == s.current || now - $0.value < maxStale + .seconds(1) }
        }
    }
}

/// What a build reads from other revalidating caches: the oldest generation
/// among them, so that a page built from a stale index counts as that stale.
final class BuildTrace: Sendable {
    @TaskLocal static var current: BuildTrace?

    /// Values older than this are not accepted inside the build (a strict rebuild); nil: any servable one.
    let minimum: Int?
    private let oldest: Mutex<Int>

    init(generation: Int, strict: Bool) {
        minimum = strict ? generation : nil
        oldest = Mutex(generation)
    }

    func note(_ generation: Int) { oldest.withLock { $0 = min($0, generation) } }
    var data: Int { oldest.withLock { $0 } }
}

/// Values by key, each built once per generation and served stale while
/// rebuilt: a lookup whose entry is from an earlier generation still within
/// `Generations.maxStale` gets that entry at once, and one background task
/// per key builds the new value (concurrent lookups share it). A lookup with
/// nothing servable waits for that one build. Bounded like `BoundedCache`.
final class RevalidatingCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    struct Entry: Sendable {
        var value: Value
        /// The oldest generation of what the value was made from.
        var data: Int
        /// The generation in which its build started.
        var built: Int
        var finished: ContinuousClock.Instant
    }

    private struct Flight {
        var task: Task<Entry, any Error>
        var generation: Int
        var strict: Bool
        var id: Int
    }

    private struct State {
        var entries: BoundedCache<Key, Entry>
        var flights: [Key: Flight] = [:]
        var serial = 0
        var builds = 0
    }

    let generations: Generations
    private let cost: @Sendable (Key, Value) -> Int
    private let state: Mutex<State>

    /// `cost` of an entry against `capacity` (1 each by default).
    init(generations: Generations, capacity: Int, cost: @escaping @Sendable (Key, Value) -> Int = { _, _ in 1 }) {
        self.generations = generations
        self.cost = cost
        state = Mutex(State(entries: BoundedCache(capacity: capacity)))
    }

    /// Builds started so far (for tests).
    var builds: Int { state.withLock { $0.builds } }
    /// Total cost of the entries held (for tests and the page budget).
    var totalCost: Int { state.withLock { $0.entries.totalCost } }

    func removeAll() { state.withLock { $0.entries.removeAll() } }

    func removeValue(forKey key: Key) { state.withLock { $0.entries.removeValue(forKey: key) } }

    /// The value for `key`: fresh, or stale within the bound (a rebuild then
    /// runs in the background), or else built now by one shared task.
    func value(_ key: Key, build: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let trace = BuildTrace.current
        let arrival = generations.current
        // Inside a strict build only values at least as new as it are taken; a
        // visitor takes any servable value, or one as new as their arrival.
        var required = trace?.minimum
        func acceptable(_ e: Entry, _ clock: Generations.Snapshot) -> Bool {
            if let required { return e.data >= required }
            return e.data >= arrival || clock.servable(e.data)
        }
        while true {
            let clock = generations.snapshot()
            let g = clock.current
            let decision = state.withLock { s -> Decision in
                let entry = s.entries[key]
                let usable = entry.map { acceptable($0, clock) } ?? false
                // A new value is wanted once per generation, and at most once a second while made from stale parts.
                let wanted = entry.map { e in e.data < g && (e.built < g || clock.now - e.finished >= .seconds(1)) } ?? true
                var flight = s.flights[key]
                if let f = flight, f.generation < clock.floor || required.map({ !(f.strict && f.generation >= $0) }) == true {
                    flight = nil
                }
                if flight == nil && (wanted || !usable) {
                    flight = start(key, generation: g, strict: required != nil, in: &s, build: build)
                }
                if let entry, usable { return .serve(entry) }
                return .wait(flight!.task)
            }
            let entry: Entry
            switch decision {
            case .serve(let e): entry = e
            case .wait(let task): entry = try await task.value
            }
            if acceptable(entry, generations.snapshot()) {
                trace?.note(entry.data)
                return entry.value
            }
            // Built from parts that became too stale meanwhile: once more, from parts as new as this lookup.
            required = required ?? arrival
        }
    }

    private enum Decision {
        case serve(Entry)
        case wait(Task<Entry, any Error>)
    }

    /// Starts the one build of `key` for generation `generation`, in its own task
    /// (not the request's: a visitor who leaves does not cancel it).
    private func start(_ key: Key, generation: Int, strict: Bool, in s: inout State,
                       build: @escaping @Sendable () async throws -> Value) -> Flight {
        s.serial += 1
        s.builds += 1
        let id = s.serial
        let task = Task { [self] () async throws -> Entry in
            let trace = BuildTrace(generation: generation, strict: strict)
            do {
                let value = try await BuildTrace.$current.withValue(trace) { try await build() }
                let entry = Entry(value: value, data: trace.data, built: generation, finished: .now)
                finish(key, id: id, entry: entry)
                return entry
            } catch {
                finish(key, id: id, entry: nil)
                throw error
            }
        }
        let flight = Flight(task: task, generation: generation, strict: strict, id: id)
        s.flights[key] = flight
        return flight
    }

    private func finish(_ key: Key, id: Int, entry: Entry?) {
        let floor = generations.snapshot().floor
        state.withLock { s in
            if s.flights[key]?.id == id { s.flights[key] = nil }
            guard let entry, entry.data >= floor else { return }
            if let old = s.entries[key], old.data > entry.data { return }
            s.entries.insert(entry, for: key, cost: cost(key, entry.value))
        }
    }
}
