/// A self-trade prevention mode (Binance `selfTradePreventionMode`). The taker's mode decides.
///
/// TRANSFER needs trade groups and is not modelled; an exchangeInfo that lists it still parses (the mode is
/// skipped).
public enum STPMode: String, Sendable, Hashable, CaseIterable {
    /// No prevention: the self-trade happens.
    case none = "NONE"
    /// The taker's remaining quantity expires.
    case expireTaker = "EXPIRE_TAKER"
    /// The maker's remaining quantity expires; the taker keeps matching.
    case expireMaker = "EXPIRE_MAKER"
    /// Both remaining quantities expire.
    case expireBoth = "EXPIRE_BOTH"
    /// Both orders' prevented quantity rises by the match; the smaller (or both, if equal) expires.
    case decrement = "DECREMENT"
}
