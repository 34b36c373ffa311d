import TradingCore

/// The parameters of `GET /api/v3/myTrades`, read and checked as Binance documents them (`rest-api.md`,
/// "Account trade list"): `symbol` with at most one of Binance's supported combinations of `orderId`,
/// `startTime`, `endTime` and `fromId`, and `limit`.
///
/// The supported combinations are exactly: `symbol`; `symbol` + `orderId`; `symbol` + `startTime`;
/// `symbol` + `endTime`; `symbol` + `fromId`; `symbol` + `startTime` + `endTime`; `symbol` + `orderId` +
/// `fromId`. Any other is -1128. `startTime` and `endTime` more than 24 hours apart are -1127. Both may be sent
/// in milliseconds or microseconds (told apart by magnitude, as for `timestamp`: see ``BinanceTimestamp``).
///
/// What the answer holds (``direction``): with `fromId`, the trades with an id of at least `fromId`, oldest
/// first, at most `limit`; without it, the *most recent* `limit` trades that match ("Otherwise most recent
/// trades are returned"), still listed oldest first.
public struct TradeListQuery: Hashable, Sendable {
    /// Which end of the matching trades an answer is cut from.
    public enum Direction: Hashable, Sendable {
        /// The trades with an id of at least `fromId`, the oldest `limit` of them.
        case fromID(Int64)
        /// The newest `limit` matching trades.
        case mostRecent
    }

    /// Binance's default `limit`.
    public static let defaultLimit = 500
    /// Binance's largest `limit`.
    public static let maximumLimit = 1_000
    /// The widest window between `startTime` and `endTime`, in hours.
    public static let maximumWindowHours = 24

    /// The symbol, as sent (the caller resolves it against the exchange's symbols).
    public let symbol: String
    /// Only the trades of this order.
    public let orderID: Int64?
    /// Only trades at or after this time.
    public let startTime: BinanceTimestamp?
    /// Only trades at or before this time.
    public let endTime: BinanceTimestamp?
    /// Only trades with an id of at least this.
    public let fromID: Int64?
    /// The most trades in the answer, 1 to 1,000.
    public let limit: Int

    /// Checks a query's parameters.
    /// - Throws: -1128 for a combination of `orderId`, `startTime`, `endTime` and `fromId` Binance does not
    ///   support; -1127 for a window longer than 24 hours; -1130 for a `limit` outside 1...1,000.
    public init(
        symbol: String,
        orderID: Int64? = nil,
        startTime: BinanceTimestamp? = nil,
        endTime: BinanceTimestamp? = nil,
        fromID: Int64? = nil,
        limit: Int = TradeListQuery.defaultLimit
    ) throws(BinanceAPIError) {
        let sent = (orderID != nil, startTime != nil, endTime != nil, fromID != nil)
        switch sent {
        case (false, false, false, false), (true, false, false, false), (false, true, false, false),
            (false, false, true, false), (false, false, false, true), (false, true, true, false),
            (true, false, false, true):
            break
        default:
            throw .optionalParametersBadCombination
        }
        if let startTime, let endTime,
            endTime.microseconds - startTime.microseconds > Int64(Self.maximumWindowHours) * 3_600_000_000
        {
            throw .moreThanHours(Self.maximumWindowHours)
        }
        guard (1...Self.maximumLimit).contains(limit) else { throw .invalidParameter("limit") }
        self.symbol = symbol
        self.orderID = orderID
        self.startTime = startTime
        self.endTime = endTime
        self.fromID = fromID
        self.limit = limit
    }

    /// Reads `symbol`, `orderId`, `startTime`, `endTime`, `fromId` and `limit` from `reader`, then checks them
    /// as ``init(symbol:orderID:startTime:endTime:fromID:limit:)`` does.
    /// - Throws: -1102 for a missing `symbol`; -1105 for an empty optional parameter; -1100 for a number that
    ///   is not 1 to 20 digits; -1108 beyond a LONG; then the combination, window and limit checks.
    public init(reading reader: inout ParameterReader) throws(BinanceAPIError) {
        let symbol = try reader.required("symbol")
        let orderID = try reader.optionalLong("orderId")
        let startTime = try reader.optionalLong("startTime").map(Self.timestamp)
        let endTime = try reader.optionalLong("endTime").map(Self.timestamp)
        let fromID = try reader.optionalLong("fromId")
        let limit = try reader.optionalLong("limit")
        let checkedLimit: Int
        if let limit {
            guard let value = Int(exactly: limit), (1...Self.maximumLimit).contains(value) else {
                throw .invalidParameter("limit")
            }
            checkedLimit = value
        } else {
            checkedLimit = Self.defaultLimit
        }
        try self.init(
            symbol: symbol,
            orderID: orderID,
            startTime: startTime,
            endTime: endTime,
            fromID: fromID,
            limit: checkedLimit
        )
    }

    /// Which end of the matching trades the answer is cut from.
    public var direction: Direction { fromID.map(Direction.fromID) ?? .mostRecent }

    /// The earliest trade time (ms) inside the window: a trade's time is a whole millisecond, so a
    /// microsecond `startTime` is rounded up.
    public var earliestMilliseconds: Int64? {
        startTime.map { start in
            let (whole, rest) = start.microseconds.quotientAndRemainder(dividingBy: 1_000)
            return rest > 0 ? whole + 1 : whole
        }
    }

    /// The latest trade time (ms) inside the window: a microsecond `endTime` is rounded down.
    public var latestMilliseconds: Int64? { endTime.map { $0.microseconds / 1_000 } }

    /// A LONG read as a time: ≥ 10^15 is microseconds, else milliseconds (never negative: a LONG has no sign).
    private static func timestamp(_ raw: Int64) -> BinanceTimestamp {
        BinanceTimestamp(raw: raw) ?? BinanceTimestamp(milliseconds: 0)
    }
}
