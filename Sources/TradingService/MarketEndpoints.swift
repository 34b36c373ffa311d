import Hummingbird
import JSON
import TradingAPI
import TradingCore

/// The public endpoints (security NONE): `ping`, `time`, `exchangeInfo`, `depth`, `avgPrice`.
struct MarketEndpoints: Sendable {
    let desk: TradingDesk

    /// `GET /api/v3/ping`: `{}`.
    func ping(_ request: Request) async throws -> Response {
        let call = try await BinanceCall.read(request)
        try call.reader.finish()
        return BinanceResponse.json(.object([]))
    }

    /// `GET /api/v3/time`: `{"serverTime":…}` in ms.
    func time(_ request: Request) async throws -> Response {
        let call = try await BinanceCall.read(request)
        try call.reader.finish()
        return BinanceResponse.json(.object([("serverTime", .number(String(TradingDesk.nowMicros() / 1_000)))]))
    }

    /// `GET /api/v3/exchangeInfo`: the configured exchangeInfo with the current `serverTime`, optionally
    /// only `symbol` or the JSON array `symbols`.
    func exchangeInfo(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let symbol = try call.reader.optional("symbol")
        let symbols = try call.reader.optional("symbols")
        try call.reader.finish()
        var wanted: [String]?
        if let symbol {
            guard symbols == nil else { throw BinanceAPIError.parameterNotRequired("symbols") }
            wanted = [symbol]
        } else if let symbols {
            guard case .array(let items)? = try? JSONParser.parse(Array(symbols.utf8)), !items.isEmpty else {
                throw BinanceAPIError.mandatoryParameter("symbols")
            }
            wanted = try items.map { item throws(BinanceAPIError) in
                guard case .string(let name) = item else { throw BinanceAPIError.mandatoryParameter("symbols") }
                return name
            }
        }
        for name in wanted ?? [] { _ = try desk.symbol(name) }
        guard case .object(let members) = desk.configuration.exchangeInfoJSON else {
            throw BinanceAPIError.unknown
        }
        let now = JSONValue.number(String(TradingDesk.nowMicros() / 1_000))
        let body = members.map { member -> (String, JSONValue) in
            switch member.0 {
            case "serverTime": return (member.0, now)
            case "symbols":
                guard let wanted, case .array(let all) = member.1 else { return member }
                return (member.0, .array(wanted.compactMap { name in all.first { Self.name(of: $0) == name } }))
            default: return member
            }
        }
        return BinanceResponse.json(.object(body))
    }

    /// `GET /api/v3/depth`: the book's price levels, best first, `limit` of each side (default 100, at most
    /// 5,000); `lastUpdateId` is the last event of the symbol's log that the book includes. The book is
    /// brought up to the events other instances committed before it is read (``TradingDesk/currentState(_:)``).
    func depth(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let info = try desk.symbol(try call.reader.required("symbol"))
        let limit = try call.reader.optionalLong("limit") ?? 100
        try call.reader.finish()
        guard (1...5_000).contains(limit) else { throw BinanceAPIError.invalidParameter("limit") }
        let state = try await desk.currentState(info)
        func levels(_ side: OrderSide) -> JSONValue {
            .array(
                state.book.depth(side).prefix(Int(limit)).map { level in
                    .array([.string(level.price.description), .string(level.quantity.description)])
                }
            )
        }
        return BinanceResponse.json(
            .object([
                ("lastUpdateId", .number(String(state.lastSequence))), ("bids", levels(.buy)),
                ("asks", levels(.sell)),
            ])
        )
    }

    /// `GET /api/v3/avgPrice`: `{"mins":…,"price":…,"closeTime":…}`, the average the filters use now
    /// (``AveragePrice``), on the state caught up with the log; `closeTime` is the last trade's time in ms (0
    /// before any). A symbol with no trade and no reference price has none: `-1013` in Binance's error shape (Binance
    /// itself always has one).
    func averagePrice(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let info = try desk.symbol(try call.reader.required("symbol"))
        try call.reader.finish()
        let average = try await desk.currentState(info).averagePrice
        guard let price = average.price(atMicros: TradingDesk.nowMicros()) else {
            throw BinanceAPIError(
                code: -1013,
                message: "No average price for \(info.symbol): no trade and no reference price."
            )
        }
        // At 8 digits, as Binance answers (a reference price may have been written with fewer).
        let shown = (try? price.rounded(scale: AveragePrice.scale, rounding: .toNearestOrAwayFromZero)) ?? price
        return BinanceResponse.json(
            .object([
                ("mins", .number(String(average.minutes))), ("price", .string(shown.description)),
                ("closeTime", .number(String(average.lastTradeMicros / 1_000))),
            ])
        )
    }

    private static func name(of symbol: JSONValue) -> String? {
        guard case .object(let fields) = symbol, case .string(let name)? = fields.first(where: { $0.0 == "symbol" })?.1
        else { return nil }
        return name
    }
}
