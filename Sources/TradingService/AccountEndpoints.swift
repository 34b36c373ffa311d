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

    /// `GET /api/v3/myTrades`: the account's trades on a symbol, oldest first, optionally of one `orderId`,
    /// at most `limit` (default 500, at most 1,000). `startTime`, `endTime` and `fromId` are not read yet, so
    /// a request with them is refused (-1104) rather than answered unfiltered.
    func myTrades(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let info = try desk.symbol(try call.reader.required("symbol"))
        let orderId = try call.reader.optionalLong("orderId")
        let limit = try call.reader.optionalLong("limit") ?? 500
        try call.reader.finish()
        guard (1...1_000).contains(limit) else { throw BinanceAPIError.invalidParameter("limit") }
        let fills = try await orders.read { db in
            try Fills.list(accountID: Int64(account), symbol: info.symbol, orderID: orderId, limit: Int(limit), on: db)
        }
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
