import Dispatch
import Foundation

/// Work on large inputs split across the machine's cores. Used where a province-sized input makes
/// a single pass the longest part of a command (reading 20,000 villages, laying out 60,000 rows);
/// small inputs run in one piece on the calling thread.
public enum Parallel {
    /// The pieces a large input is split into by default: one per core the process may use
    /// (results do not depend on it; tests compare every count of pieces with one piece).
    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Splits `0..<count` into at most `maxPieces` contiguous ranges of at least `minimum`
    /// elements, runs `body` on each concurrently, and returns the results in range order.
    /// `body` must only read shared state.
    public static func map<T>(count: Int, minimum: Int, maxPieces: Int = Parallel.cores, _ body: (Range<Int>) -> T) -> [T] {
        let pieces = max(1, min(maxPieces, count / max(1, minimum)))
        if pieces == 1 { return [body(0..<count)] }
        var results = [T?](repeating: nil, count: pieces)
        results.withUnsafeMutableBufferPointer { out in
            let slots = out
            DispatchQueue.concurrentPerform(iterations: pieces) { k in
                slots[k] = body((count * k / pieces)..<(count * (k + 1) / pieces))
            }
        }
        return results.compactMap { $0 }
    }

    /// `(0..<count).map(element)`, made in pieces at once (each element written in place once).
    public static func array<T>(count: Int, minimum: Int, maxPieces: Int = Parallel.cores, _ element: (Int) -> T) -> [T] {
        let pieces = max(1, min(maxPieces, count / max(1, minimum)))
        if pieces == 1 { return (0..<count).map(element) }
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            DispatchQueue.concurrentPerform(iterations: pieces) { k in
                for i in (count * k / pieces)..<(count * (k + 1) / pieces) { (base + i).initialize(to: element(i)) }
            }
            initialized = count
        }
    }

    /// Runs `a` and `b` at once and returns both results.
    public static func both<A, B>(_ a: () -> A, _ b: () -> B) -> (A, B) {
        var first: A?, second: B?
        withUnsafeMutablePointer(to: &first) { p in
            withUnsafeMutablePointer(to: &second) { q in
                let (pa, pb) = (p, q)
                DispatchQueue.concurrentPerform(iterations: 2) { k in
                    if k == 0 { pa.pointee = a() } else { pb.pointee = b() }
                }
            }
        }
        guard let first, let second else { preconditionFailure("concurrentPerform ran both") }
        return (first, second)
    }

    /// Lets go of `value` on another thread: a large tree of small objects takes about as long to
    /// free as to build, and nothing waits for it.
    public static func releaseInBackground<T>(_ value: T) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
    }

    private final class Box<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
