import JSON
import TradingCore

/// The body of `GET /api/v3/account`, with Binance's field names and types.
public struct AccountResponse: Sendable, Hashable {
    /// One asset's balance.
    public struct Balance: Sendable, Hashable {
        /// The asset, e.g. `BTC`.
        public var asset: String
        /// Available.
        public var free: FixedDecimal
        /// Held by open orders.
        public var locked: FixedDecimal

        /// Creates a balance.
        public init(asset: String, free: FixedDecimal, locked: FixedDecimal) {
            self.asset = asset
            self.free = free
            self.locked = locked
        }
    }

    /// Maker commission in basis points (Binance's legacy integer field).
    public var makerCommission: Int
    /// Taker commission in basis points.
    public var takerCommission: Int
    /// The commission rates as fractions (`"0.00100000"`).
    public var makerRate: FixedDecimal
    /// The taker rate.
    public var takerRate: FixedDecimal
    /// Whether the account may trade.
    public var canTrade: Bool
    /// Last change, ms.
    public var updateTime: Int64
    /// The balances.
    public var balances: [Balance]
    /// The account's user id.
    public var uid: UInt64

    /// Creates a response.
    public init(
        makerCommission: Int,
        takerCommission: Int,
        makerRate: FixedDecimal,
        takerRate: FixedDecimal,
        canTrade: Bool,
        updateTime: Int64,
        balances: [Balance],
        uid: UInt64
    ) {
        self.makerCommission = makerCommission
        self.takerCommission = takerCommission
        self.makerRate = makerRate
        self.takerRate = takerRate
        self.canTrade = canTrade
        self.updateTime = updateTime
        self.balances = balances
        self.uid = uid
    }

    /// The JSON body; `omitZeroBalances` drops assets with nothing free or locked.
    public func json(omitZeroBalances: Bool = false) -> JSONValue {
        let zero = FixedDecimal.zero
        let shown = omitZeroBalances ? balances.filter { !$0.free.isZero || !$0.locked.isZero } : balances
        return .object([
            ("makerCommission", .integer(makerCommission)), ("takerCommission", .integer(takerCommission)),
            ("buyerCommission", .integer(0)), ("sellerCommission", .integer(0)),
            (
                "commissionRates",
                .object([
                    ("maker", .decimal(makerRate)), ("taker", .decimal(takerRate)), ("buyer", .decimal(zero)),
                    ("seller", .decimal(zero)),
                ])
            ),
            ("canTrade", .bool(canTrade)), ("canWithdraw", .bool(false)), ("canDeposit", .bool(false)),
            ("brokered", .bool(false)), ("requireSelfTradePrevention", .bool(false)), ("preventSor", .bool(false)),
            ("updateTime", .int64(updateTime)), ("accountType", .string("SPOT")),
            (
                "balances",
                .array(
                    shown.map {
                        .object([
                            ("asset", .string($0.asset)), ("free", .decimal($0.free)), ("locked", .decimal($0.locked)),
                        ])
                    }
                )
            ),
            ("permissions", .array([.string("SPOT")])), ("uid", .uint64(uid)),
        ])
    }
}
