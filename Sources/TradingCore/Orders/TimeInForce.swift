/// How long an order stays working.
public enum TimeInForce: String, Sendable, Hashable, CaseIterable {
    /// Good till canceled: the rest goes on the book.
    case gtc = "GTC"
    /// Immediate or cancel: fill what can be filled now, expire the rest.
    case ioc = "IOC"
    /// Fill or kill: fill the whole quantity now or expire without trading.
    case fok = "FOK"
}
