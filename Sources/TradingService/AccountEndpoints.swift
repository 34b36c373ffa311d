import Hummingbird
import JSON
import TradingAPI
import TradingCore
import TradingStore

/// The account endpoints (security USER_DATA): `account` and `myTrades`.
struct AccountEndpoints: Sendable {
    let desk: TradingDesk
    let orders: OrderEndpoints

    /// `GET /api/v3/account`: the balances (commission is zero in the simulated venue).
    func account(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let omitZero = try call.reader.optional("omitZeroBalances")
        try call.reader.finish()
        guard omitZero == nil || omitZero == "true" || omitZero == "false" else {
            throw BinanceAPIError.invalidParameter("omitZeroBalances")
        }
        let balances = try await orders.read { db in try Accounts.balances(accountID: Int64(account), on: db) }
        let response = AccountResponse(
            makerCommission: 0,
            takerCommission: 0,
            makerRate: .zero,
            takerRate: .zero,
            canTrade: true,
            updateTime: TradingDesk.nowMicros() / 1_000,
            balances: try balances.map { balance throws(BinanceAPIError) in
                AccountResponse.Balance(
                    asset: balance.asset,
                    free: try OrderResponse.decimal(balance.free),
                    locked: try OrderResponse.decimal(balance.locked)
                )
            },
            uid: account
        )
        return BinanceResponse.json(response.json(omitZeroBalances: omitZero == "true"))
    }

    /// `GET /api/v3/myTrades`: the account's trades on a symbol, oldest first, in Binance's supported
    /// combinations of `orderId`, `startTime`, `endTime` and `fromId` (``TradeListQuery``): from `fromId` on,
    /// or else the most recent `limit` (default 500, at most 1,000) that match.
    func myTrades(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let query = try TradeListQuery(reading: &call.reader)
        try call.reader.finish()
        let info = try desk.symbol(query.symbol)
        let selection = FillQuery(
            accountID: Int64(account),
            symbol: info.symbol,
            orderID: query.orderID,
            fromID: query.fromID,
            earliestMilliseconds: query.earliestMilliseconds,
            latestMilliseconds: query.latestMilliseconds,
            limit: query.limit
        )
        let fills = try await orders.read { db in try Fills.list(selection, on: db) }
        let trades = fills.map { fill -> JSONValue in
            .object([
                ("symbol", .string(fill.symbol)), ("id", .number(String(fill.id))),
                ("orderId", .number(String(fill.orderID))), ("orderListId", .number("-1")),
                ("price", .string(fill.price)), ("qty", .string(fill.quantity)),
                ("quoteQty", .string(fill.quoteQuantity)), ("commission", .string(fill.commission)),
                ("commissionAsset", .string(fill.commissionAsset)), ("time", .number(String(fill.timeMilliseconds))),
                ("isBuyer", .bool(fill.isBuyer)), ("isMaker", .bool(fill.isMaker)), ("isBestMatch", .bool(true)),
            ])
        }
        return BinanceResponse.json(.array(trades))
    }
}
