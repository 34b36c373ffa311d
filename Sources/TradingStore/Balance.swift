/// What an account holds of one asset (decimal strings, as stored).
public struct Balance: Hashable, Sendable {
    /// The asset.
    public let asset: String
    /// Available to trade.
    public let free: String
    /// Held by open orders.
    public let locked: String

    /// Creates a balance.
    public init(asset: String, free: String, locked: String) {
        self.asset = asset
        self.free = free
        self.locked = locked
    }
}
