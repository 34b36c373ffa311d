import JSON
import TradingAPI
import TradingCore
import TradingStore
import TradingVenue

extension OrderResponse {
    /// The answer to an accepted new order: its state after matching and its fills, from the events that
    /// were committed for it.
    init(
        accepted request: OrderRequest,
        orderId: UInt64,
        clientOrderId: String,
        status: OrderStatus,
        events: [BookEvent],
        symbol: SymbolInfo,
        transactTime: Int64
    ) throws(BinanceAPIError) {
        var executed = FixedDecimal.zero
        var quote = LedgerAmount.zero
        var fills: [OrderFill] = []
        let commissionAsset = request.side == .buy ? symbol.baseAsset : symbol.quoteAsset
        for case .reported(let report) in events where report.orderId == orderId {
            executed = report.executedQuantity
            guard report.executionType == .trade else { continue }
            quote = quote + LedgerAmount(report.lastPrice, times: report.lastQuantity)
            fills.append(
                OrderFill(
                    price: report.lastPrice,
                    quantity: report.lastQuantity,
                    commission: .zero,
                    commissionAsset: commissionAsset,
                    tradeId: report.tradeId ?? 0
                )
            )
        }
        self.init(
            symbol: symbol.symbol,
            orderId: orderId,
            clientOrderId: clientOrderId,
            transactTime: transactTime,
            price: request.price ?? .zero,
            origQty: request.quantity ?? .zero,
            executedQty: executed,
            origQuoteOrderQty: request.quoteOrderQty ?? .zero,
            cummulativeQuoteQty: try Self.decimal(quote.description),
            status: status,
            timeInForce: request.timeInForce ?? .gtc,
            type: request.type,
            side: request.side,
            workingTime: transactTime,
            selfTradePreventionMode: request.selfTradePreventionMode ?? symbol.defaultSelfTradePreventionMode,
            fills: fills
        )
    }

    /// An order as the store holds it. An order stored without a quote order quantity or an STP mode (one
    /// placed without them, or before the store kept them) shows zero and the symbol's default mode.
    init(record: OrderRecord, symbol: SymbolInfo) throws(BinanceAPIError) {
        guard let status = OrderStatus(rawValue: record.status), let side = OrderSide(rawValue: record.side),
            let type = OrderType(rawValue: record.type)
        else { throw .unknown }
        let timeInForce = try record.timeInForce.map { text throws(BinanceAPIError) in
            guard let value = TimeInForce(rawValue: text) else { throw .unknown }
            return value
        }
        let mode = try record.selfTradePreventionMode.map { text throws(BinanceAPIError) in
            guard let value = STPMode(rawValue: text) else { throw .unknown }
            return value
        }
        self.init(
            symbol: record.symbol,
            orderId: UInt64(record.id),
            clientOrderId: record.clientOrderID,
            transactTime: record.createdMilliseconds,
            price: try record.price.map(Self.decimal) ?? .zero,
            origQty: try Self.decimal(record.originalQuantity),
            executedQty: try Self.decimal(record.executedQuantity),
            origQuoteOrderQty: try record.quoteOrderQuantity.map(Self.decimal) ?? .zero,
            cummulativeQuoteQty: try Self.decimal(record.cumulativeQuoteQuantity),
            status: status,
            timeInForce: timeInForce ?? .gtc,
            type: type,
            side: side,
            workingTime: record.createdMilliseconds,
            selfTradePreventionMode: mode ?? symbol.defaultSelfTradePreventionMode
        )
    }

    /// `GET /api/v3/order`'s body for a stored order (its stop price and iceberg quantity zero when it has
    /// none).
    func queryJSON(_ record: OrderRecord) throws(BinanceAPIError) -> JSONValue {
        queryJSON(
            stopPrice: try record.stopPrice.map(Self.decimal) ?? .zero,
            icebergQty: try record.icebergQuantity.map(Self.decimal) ?? .zero,
            time: record.createdMilliseconds,
            updateTime: record.updatedMilliseconds,
            isWorking: true
        )
    }

    /// A stored decimal; the store writes only what it validated, so a failure is the service's fault.
    static func decimal(_ text: String) throws(BinanceAPIError) -> FixedDecimal {
        do {
            return try FixedDecimal(text)
        } catch {
            throw .unknown
        }
    }
}
