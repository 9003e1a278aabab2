/// A dictionary with a bound on its size: when an insert would pass the
/// bound, the oldest entries go first (first in, first out). Every cache the
/// server keeps is one of these, so no visitor can grow its memory without
/// limit. Not thread-safe: keep it inside a `Mutex`.
struct BoundedCache<Key: Hashable, Value> {
    /// Most entries (`cost` 1 each) or most total cost (`cost` given per insert).
    let capacity: Int
    private var map: [Key: (value: Value, cost: Int, serial: Int)] = [:]
    /// Insertion order: (key, serial). A record whose serial is not the entry's
    /// current one is stale (the key was inserted again) and is skipped.
    private var order: [(key: Key, serial: Int)] = []
    private var head = 0
    private var serial = 0
    private(set) var totalCost = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { map.count }

    subscript(key: Key) -> Value? { map[key]?.value }

    /// Stores `value`, evicting the oldest entries while the total cost would
    /// pass `capacity`. A value costing more than the whole capacity is not stored.
    mutating func insert(_ value: Value, for key: Key, cost: Int = 1) {
        guard cost <= capacity else { return }
        if let old = map.removeValue(forKey: key) { totalCost -= old.cost }
        while totalCost + cost > capacity, evictOldest() {}
        serial &+= 1
        map[key] = (value, cost, serial)
        order.append((key, serial))
        totalCost += cost
        compactIfSparse()
    }

    mutating func removeValue(forKey key: Key) {
        if let old = map.removeValue(forKey: key) { totalCost -= old.cost }
    }

    mutating func removeAll() {
        map = [:]; order = []; head = 0; totalCost = 0
    }

    /// Removes the oldest live entry; false when there is none.
    private mutating func evictOldest() -> Bool {
        while head < order.count {
            let (key, s) = order[head]
            head += 1
            if let e = map[key], e.serial == s {
                map.removeValue(forKey: key)
                totalCost -= e.cost
                return true
            }
        }
        return false
    }

    /// Drops consumed and stale records once they are most of `order` (amortised O(1) per insert).
    private mutating func compactIfSparse() {
        guard order.count > 2 * map.count + 64 else { return }
        order = order[head...].filter { map[$0.key]?.serial == $0.serial }
        head = 0
    }
}
