/// A reference to one slot of an object pool, handed out by `acquire()` and given back with `release(_:)`.
///
/// A handle is a 32-bit index, so a struct holding handles instead of class references stays small and keeps
/// no reference counts.
public struct PoolHandle: Hashable, Sendable {
    /// The slot index.
    public let index: Int32

    @usableFromInline init(_ index: Int32) { self.index = index }
}
