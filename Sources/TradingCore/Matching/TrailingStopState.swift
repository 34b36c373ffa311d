/// Where a trailing stop order stands (Binance `faqs/trailing-stop-faq.md`).
public struct TrailingStopState: Sendable, Hashable {
    /// Whether the order tracks prices: from submission without a `stopPrice`, else from the first trade that
    /// meets the `stopPrice` condition (the activation).
    public var isTracking: Bool
    /// The highest (SELL) or lowest (BUY) trade price since tracking began; `nil` before the first one.
    public var extremePrice: FixedDecimal?
    /// The trade price at or beyond which the order triggers: the extreme times `1 - delta/10000` (SELL) or
    /// `1 + delta/10000` (BUY), exact at four more digits than the price scale.
    public var triggerPrice: FixedDecimal?
    /// Whether the order has triggered and been sent to the book.
    public var isTriggered: Bool
}
