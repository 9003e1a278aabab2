import Foundation

/// Splits work over the cores: resolving a million mentions is mostly
/// folding names and scoring pairs, both independent per item.
enum Parallel {
    /// `transform` applied to consecutive chunks of `count` items, results in order.
    static func chunks<R: Sendable>(count: Int, minimumChunk: Int = 4_096, _ transform: @Sendable (Range<Int>) -> [R]) -> [R] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard cores > 1, count >= minimumChunk * 2 else { return transform(0..<count) }
        let pieces = min(cores * 4, max(1, count / minimumChunk))
        let results = Results<R>(pieces)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let lo = count * piece / pieces, hi = count * (piece + 1) / pieces
            results.set(piece, transform(lo..<hi))
        }
        return results.joined()
    }

    /// Per-chunk results written from several threads; each slot once.
    private final class Results<R: Sendable>: @unchecked Sendable {
        private var slots: [[R]]
        private let lock = NSLock()
        init(_ n: Int) { slots = Array(repeating: [], count: n) }
        func set(_ i: Int, _ value: [R]) { lock.lock(); slots[i] = value; lock.unlock() }
        func joined() -> [R] { slots.flatMap { $0 } }
    }
}
