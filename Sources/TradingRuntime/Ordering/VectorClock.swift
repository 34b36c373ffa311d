/// A vector clock: one counter per node, which tells causally ordered events from concurrent ones.
///
/// Event a happened before b exactly when a's clock is ≤ b's in every component and < in one. Nodes are named
/// by strings (a service instance, a venue connection); a missing component counts as 0.
public struct VectorClock: Hashable, Sendable, Codable {
    /// The counters, by node. Zero components are not stored.
    public private(set) var counters: [String: UInt64]

    /// Creates a clock from counters (zero components are dropped).
    public init(_ counters: [String: UInt64] = [:]) {
        self.counters = counters.filter { $0.value != 0 }
    }

    /// The counter of one node (0 if absent).
    public subscript(node: String) -> UInt64 { counters[node] ?? 0 }

    /// Records a local event (or a send) on `node`.
    /// - Returns: the node's new counter.
    @discardableResult
    public mutating func increment(_ node: String) -> UInt64 {
        let value = self[node] &+ 1
        counters[node] = value
        return value
    }

    /// Takes the component-wise maximum with `other` (what a receiver does before incrementing itself).
    public mutating func merge(_ other: VectorClock) {
        counters.merge(other.counters) { Swift.max($0, $1) }
    }

    /// Returns the component-wise maximum of two clocks.
    public func merging(_ other: VectorClock) -> VectorClock {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Records the receipt on `node` of a message stamped `remote`: merge, then increment `node`.
    public mutating func receive(_ remote: VectorClock, on node: String) {
        merge(remote)
        increment(node)
    }

    /// The causal relation between this clock's event and `other`'s.
    public func relation(to other: VectorClock) -> CausalRelation {
        var less = false
        var greater = false
        for (node, value) in counters {
            let theirs = other[node]
            if value < theirs { less = true } else if value > theirs { greater = true }
        }
        for (node, theirs) in other.counters where counters[node] == nil && theirs > 0 {
            less = true
        }
        switch (less, greater) {
        case (false, false): return .equal
        case (true, false): return .before
        case (false, true): return .after
        case (true, true): return .concurrent
        }
    }

    /// Whether this clock's event happened before `other`'s.
    public func happensBefore(_ other: VectorClock) -> Bool { relation(to: other) == .before }

    /// Whether neither event happened before the other.
    public func isConcurrent(with other: VectorClock) -> Bool { relation(to: other) == .concurrent }
}

/// How two vector-clocked events relate.
public enum CausalRelation: Hashable, Sendable {
    /// The first happened before the second.
    case before
    /// The second happened before the first.
    case after
    /// The same clock value: the same event.
    case equal
    /// Neither happened before the other.
    case concurrent
}
