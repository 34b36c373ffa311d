import Hummingbird
import JSON
import PQ
import TradingAPI
import TradingCore
import TradingStore
import TradingVenue

/// The order endpoints (security TRADE and USER_DATA): new order, test order, query, cancel, open orders.
struct OrderEndpoints: Sendable {
    let desk: TradingDesk

    /// `POST /api/v3/order` (and `/api/v3/order/test` with `isTest`): answered once the order is durable.
    func newOrder(_ request: Request, isTest: Bool) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let parameters = try NewOrderParameters(reading: &call.reader, isTest: isTest)
        try call.reader.finish()
        let info = try desk.symbol(parameters.request.symbol)
        let (timestamp, recvWindow) = try call.timing()
        let venue = try await desk.openVenue(info)
        // A test order is checked here, on a state caught up with the log; a real one is decided by the venue,
        // which catches up under the symbol's lock and counts the open orders and the average price itself.
        if isTest {
            let state = try await desk.currentState(info)
            let context = OrderContext(
                averagePrice: state.averagePrice.price(atMicros: TradingDesk.nowMicros()),
                requiresAveragePrice: true,
                openOrders: state.ledger.openOrders(of: account)
            )
            if let rejection = venue.intake.validator.validate(parameters.request, context: context).rejection {
                throw BinanceAPIError(rejection)
            }
            return BinanceResponse.json(.object([]))
        }
        let orderCounts = try desk.admitOrder(account: account)
        let order = VenueOrder(
            request: parameters.request,
            account: account,
            timestamp: timestamp,
            recvWindow: recvWindow,
            clientOrderId: parameters.newClientOrderId
        )
        let verdict: VenueVerdict
        do {
            verdict = try await venue.submit(order)
        } catch {
            desk.metrics.order("unknown")
            throw BinanceAPIError.executionStatusUnknown
        }
        switch verdict {
        case .rejected(let rejection):
            desk.metrics.order("rejected")
            throw BinanceAPIError(rejection)
        case .accepted(let orderId, let clientOrderId, let status, let events):
            desk.metrics.order("accepted")
            let response = try OrderResponse(
                accepted: parameters.request,
                orderId: orderId,
                clientOrderId: clientOrderId,
                status: status,
                events: events,
                symbol: info,
                transactTime: TradingDesk.nowMicros() / 1_000
            )
            var answer = BinanceResponse.json(response.newOrderJSON(parameters.responseType))
            BinanceResponse.add(orderCounts, to: &answer)
            return answer
        }
    }

    /// `GET /api/v3/order`: one order of the account by `orderId` or `origClientOrderId` (-2013 if none).
    func queryOrder(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let info = try desk.symbol(try call.reader.required("symbol"))
        let lookup = try OrderLookup(reading: &call.reader)
        try call.reader.finish()
        guard let record = try await find(lookup, account: account, symbol: info.symbol) else {
            throw BinanceAPIError.noSuchOrder
        }
        return BinanceResponse.json(try OrderResponse(record: record, symbol: info).queryJSON(record))
    }

    /// `DELETE /api/v3/order`: cancels one open order of the account (-2011 if it is not open).
    func cancelOrder(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let info = try desk.symbol(try call.reader.required("symbol"))
        let lookup = try OrderLookup(reading: &call.reader)
        let cancelId = try call.reader.optional("newClientOrderId")
        try call.reader.finish()
        guard let record = try await find(lookup, account: account, symbol: info.symbol) else {
            throw BinanceAPIError.unknownOrderSent
        }
        let venue = try await desk.openVenue(info)
        return BinanceResponse.json(try await cancel(record, cancelId: cancelId, account: account, on: venue, info))
    }

    /// `GET /api/v3/openOrders`: the account's open orders, on one symbol or all.
    func openOrders(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let symbol = try call.reader.optional("symbol").map { name throws(BinanceAPIError) in try desk.symbol(name) }
        try call.reader.finish()
        let records = try await read { db in
            try Orders.open(accountID: Int64(account), symbol: symbol?.symbol, on: db)
        }
        let orders = try records.map { record throws(BinanceAPIError) -> JSONValue in
            try OrderResponse(record: record, symbol: try desk.symbol(record.symbol)).queryJSON(record)
        }
        return BinanceResponse.json(.array(orders))
    }

    /// `DELETE /api/v3/openOrders`: cancels every open order of the account on the symbol; with none open,
    /// -2011 as for a single unknown order.
    func cancelOpenOrders(_ request: Request) async throws -> Response {
        var call = try await BinanceCall.read(request)
        let account = try desk.authenticate(apiKey: call.apiKey, reader: &call.reader)
        let info = try desk.symbol(try call.reader.required("symbol"))
        try call.reader.finish()
        let records = try await read { db in try Orders.open(accountID: Int64(account), symbol: info.symbol, on: db) }
        guard !records.isEmpty else { throw BinanceAPIError.unknownOrderSent }
        let venue = try await desk.openVenue(info)
        let reports = try await withThrowingTaskGroup(of: (Int, JSONValue?).self) { group in
            for (index, record) in records.enumerated() {
                group.addTask {
                    do {
                        return (index, try await cancel(record, cancelId: nil, account: account, on: venue, info))
                    } catch let error as BinanceAPIError where error.code == -2011 {
                        return (index, nil)  // it ended between the read and the cancel
                    }
                }
            }
            var reports = [JSONValue?](repeating: nil, count: records.count)
            for try await (index, report) in group { reports[index] = report }
            return reports.compactMap { $0 }
        }
        return BinanceResponse.json(.array(reports))
    }

    private func cancel(
        _ record: OrderRecord,
        cancelId: String?,
        account: UInt64,
        on venue: SymbolVenue,
        _ info: SymbolInfo
    ) async throws(BinanceAPIError) -> JSONValue {
        let verdict: VenueVerdict
        do {
            verdict = try await venue.cancel(
                VenueCancel(orderId: UInt64(record.id), account: account, cancelClientOrderId: cancelId)
            )
        } catch {
            throw .executionStatusUnknown
        }
        switch verdict {
        case .rejected(let rejection):
            throw BinanceAPIError(rejection)
        case .accepted(_, let clientOrderId, let status, _):
            var response = try OrderResponse(record: record, symbol: info)
            response.clientOrderId = clientOrderId
            response.status = status
            response.transactTime = TradingDesk.nowMicros() / 1_000
            return response.cancelJSON(origClientOrderId: record.clientOrderID)
        }
    }

    private func find(
        _ lookup: OrderLookup,
        account: UInt64,
        symbol: String
    ) async throws(BinanceAPIError)
        -> OrderRecord?
    {
        let record = try await read { db in
            switch lookup {
            case .id(let id, _): try Orders.find(accountID: Int64(account), symbol: symbol, id: id, on: db)
            case .clientId(let id):
                try Orders.find(accountID: Int64(account), symbol: symbol, clientOrderID: id, on: db)
            }
        }
        // Both ids sent: the order is found by id and its client id must match, as Binance does.
        if case .id = lookup, let clientId = lookup.clientOrderId, record?.clientOrderID != clientId { return nil }
        return record
    }

    /// A read in a transaction; a database that cannot answer is -1007 with a 503.
    func read<Result: Sendable>(
        _ body: @escaping @Sendable (isolated PQConnection) throws -> Result
    ) async throws(BinanceAPIError) -> Result {
        do {
            return try await desk.pool.transaction(body)
        } catch {
            throw .executionStatusUnknown
        }
    }
}

/// How a request names an existing order: `orderId` (with `origClientOrderId` checked against it if both are
/// sent), or `origClientOrderId`.
enum OrderLookup {
    case id(Int64, clientId: String?)
    case clientId(String)

    /// Reads `orderId` and `origClientOrderId`: -1102 when neither was sent.
    init(reading reader: inout ParameterReader) throws(BinanceAPIError) {
        let id = try reader.optionalLong("orderId")
        let clientId = try reader.optional("origClientOrderId")
        if let id {
            self = .id(id, clientId: clientId)
        } else if let clientId {
            self = .clientId(clientId)
        } else {
            throw BinanceAPIError(
                code: -1102,
                message: "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"
            )
        }
    }

    /// The client id sent, if any.
    var clientOrderId: String? {
        switch self {
        case .id(_, let clientId): clientId
        case .clientId(let clientId): clientId
        }
    }
}

extension BinanceAPIError {
    /// The intake's or the venue's refusal, with a 400.
    init(_ rejection: OrderRejection) {
        self.init(code: rejection.code.code, message: rejection.message)
    }
}
