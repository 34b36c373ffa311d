/// Real trades in the `trade_id,price,qty,time_ms,is_buyer_maker` CSV form of the project's market data,
/// parsed exactly (decimal strings to ``FixedDecimal``); used to derive order flow for replays and benchmarks.
public enum TradeTape {
    /// One trade.
    public struct Trade: Sendable, Hashable {
        /// The trade id.
        public var id: Int64
        /// The price.
        public var price: FixedDecimal
        /// The base quantity.
        public var quantity: FixedDecimal
        /// The trade time in milliseconds since the epoch.
        public var timeMs: Int64
        /// Whether the buyer was the maker (the taker sold).
        public var isBuyerMaker: Bool
    }

    /// The latest trade time a tape may hold (2286-11-20, ms): in µs it still fits an `Int64` with room to spare.
    public static let maximumTimeMs: Int64 = 9_999_999_999_999

    /// Parses the CSV text (header line first); errors name the line and field.
    public static func load(_ text: String) throws(DecimalError) -> [Trade] {
        var trades: [Trade] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 5, let id = Int64(fields[0]), let time = Int64(fields[3]),
                fields[4] == "true" || fields[4] == "false"
            else {
                throw DecimalError(
                    .invalidCharacter,
                    "line \(number + 1): expected trade_id,price,qty,time_ms,is_buyer_maker"
                )
            }
            guard (0...maximumTimeMs).contains(time) else {
                throw DecimalError(
                    .invalidCharacter,
                    "line \(number + 1): time_ms \(time) is not a time from 1970 to 2286"
                )
            }
            do {
                trades.append(
                    Trade(
                        id: id,
                        price: try FixedDecimal(fields[1], allowNegative: false),
                        quantity: try FixedDecimal(fields[2], allowNegative: false),
                        timeMs: time,
                        isBuyerMaker: fields[4] == "true"
                    )
                )
            } catch {
                throw DecimalError(error.code, "line \(number + 1)", underlying: error)
            }
        }
        return trades
    }
}
