/// TRAILING_DELTA: bounds on `trailingDelta` (in BIPS) for trailing stop orders.
///
/// "Above" bounds apply to STOP_LOSS[_LIMIT] BUY and TAKE_PROFIT[_LIMIT] SELL; "below" bounds to STOP_LOSS[_LIMIT]
/// SELL and TAKE_PROFIT[_LIMIT] BUY.
public struct TrailingDeltaFilter: Sendable, Hashable {
    /// Smallest delta for the "above" orders.
    public var minTrailingAboveDelta: Int
    /// Largest delta for the "above" orders.
    public var maxTrailingAboveDelta: Int
    /// Smallest delta for the "below" orders.
    public var minTrailingBelowDelta: Int
    /// Largest delta for the "below" orders.
    public var maxTrailingBelowDelta: Int

    /// Creates the filter.
    public init(
        minTrailingAboveDelta: Int,
        maxTrailingAboveDelta: Int,
        minTrailingBelowDelta: Int,
        maxTrailingBelowDelta: Int
    ) {
        self.minTrailingAboveDelta = minTrailingAboveDelta
        self.maxTrailingAboveDelta = maxTrailingAboveDelta
        self.minTrailingBelowDelta = minTrailingBelowDelta
        self.maxTrailingBelowDelta = maxTrailingBelowDelta
    }

    /// Whether `delta` passes for an order of `type` on `side`.
    public func accepts(_ delta: Int, type: OrderType, side: OrderSide) -> Bool {
        let stop = type == .stopLoss || type == .stopLossLimit
        let above = stop ? side == .buy : side == .sell
        let (low, high) =
            above ? (minTrailingAboveDelta, maxTrailingAboveDelta) : (minTrailingBelowDelta, maxTrailingBelowDelta)
        return delta >= low && delta <= high
    }
}
