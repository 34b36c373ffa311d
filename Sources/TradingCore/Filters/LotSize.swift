/// LOT_SIZE or MARKET_LOT_SIZE: `minQty <= quantity <= maxQty` and `quantity % stepSize == 0`.
///
/// A zero field disables its rule: MARKET_LOT_SIZE carries `stepSize "0.00000000"` on most symbols.
public struct LotSize: Sendable, Hashable {
    /// The smallest quantity.
    public var minQty: FixedDecimal
    /// The largest quantity, or 0 for none.
    public var maxQty: FixedDecimal
    /// The quantity increment, or 0 for none.
    public var stepSize: FixedDecimal

    /// Creates the filter.
    public init(minQty: FixedDecimal, maxQty: FixedDecimal, stepSize: FixedDecimal) {
        self.minQty = minQty
        self.maxQty = maxQty
        self.stepSize = stepSize
    }

    /// Whether `quantity` passes.
    @inline(__always)
    public func accepts(_ quantity: FixedDecimal) -> Bool {
        if quantity < minQty { return false }
        if !maxQty.isZero && quantity > maxQty { return false }
        return quantity.isMultiple(of: stepSize)
    }
}
