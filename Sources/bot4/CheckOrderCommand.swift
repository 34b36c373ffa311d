import ArgumentParser
import FileSystem
import Foundation
import JSON
import TradingCore

/// `bot4 check-order`: validates one order offline against exchangeInfo and prints Binance's verdict.
struct CheckOrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-order",
        abstract: "Check one order against a symbol's exchangeInfo rules, offline, with Binance's verdict.",
        discussion: """
            Prints ACCEPTED, or REJECTED with Binance's code and message (e.g. -1013 Filter failure: \
            PRICE_FILTER). Rules that need context not given (--avg-price, --position) are listed as unchecked.

            Example:
              bot4 check-order --exchange-info exchangeInfo.json --symbol BTCUSDT --side BUY --type LIMIT \\
                --time-in-force GTC --price 25000.00 --quantity 0.001

            Exit codes: 0 accepted; 1 rejected; 2 bad input.
            """
    )

    @Option(name: .customLong("exchange-info"), help: "The exchangeInfo JSON file, as Binance serves it.")
    var exchangeInfo: String
    @Option(help: "The symbol, e.g. BTCUSDT.") var symbol: String
    @Option(help: "BUY or SELL.") var side: String
    @Option(help: "LIMIT, MARKET, LIMIT_MAKER, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT or TAKE_PROFIT_LIMIT.")
    var type: String
    @Option(name: .customLong("time-in-force"), help: "GTC, IOC or FOK.") var timeInForce: String?
    @Option(help: "The limit price.") var price: String?
    @Option(help: "The base quantity.") var quantity: String?
    @Option(name: .customLong("quote-order-qty"), help: "The quote amount (MARKET).") var quoteOrderQty: String?
    @Option(name: .customLong("stop-price"), help: "The trigger price.") var stopPrice: String?
    @Option(name: .customLong("iceberg-qty"), help: "The visible quantity of an iceberg order.")
    var icebergQty: String?
    @Option(name: .customLong("trailing-delta"), help: "The trailing delta in BIPS.") var trailingDelta: Int?
    @Option(name: .customLong("stp-mode"), help: "NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH or DECREMENT.")
    var stpMode: String?
    @Option(name: .customLong("avg-price"), help: "The reference or average price (PERCENT_PRICE, MARKET notional).")
    var avgPrice: String?
    @Option(help: "Base balance (free + locked) plus open BUY quantity, for MAX_POSITION.") var position: String?
    @Option(name: .customLong("open-orders"), help: "Open orders on the symbol.") var openOrders: Int = 0
    @Option(name: .customLong("open-algo-orders"), help: "Open stop/take-profit orders on the symbol.")
    var openAlgoOrders: Int = 0
    @Option(name: .customLong("open-iceberg-orders"), help: "Open iceberg orders on the symbol.")
    var openIcebergOrders: Int = 0
    @Option(help: "text (default) or json.") var format: String = "text"

    func run() throws {
        guard format == "text" || format == "json" else { throw Bot4Exit.badInput("--format must be text or json") }
        guard let side = OrderSide(rawValue: side) else { throw Bot4Exit.badInput("--side must be BUY or SELL") }
        guard let type = OrderType(rawValue: type) else {
            let names = OrderType.allCases.map(\.rawValue).joined(separator: ", ")
            throw Bot4Exit.badInput("--type must be one of \(names)")
        }
        let tif = try timeInForce.map { text in
            guard let value = TimeInForce(rawValue: text) else {
                throw Bot4Exit.badInput("--time-in-force must be GTC, IOC or FOK")
            }
            return value
        }
        let mode = try stpMode.map { text in
            guard let value = STPMode(rawValue: text) else {
                throw Bot4Exit.badInput(
                    "--stp-mode must be one of \(STPMode.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return value
        }
        for (name, count) in [
            ("open-orders", openOrders), ("open-algo-orders", openAlgoOrders),
            ("open-iceberg-orders", openIcebergOrders),
        ] where count < 0 {
            throw Bot4Exit.badInput("--\(name) must not be negative")
        }
        let order = OrderRequest(
            symbol: symbol,
            side: side,
            type: type,
            timeInForce: tif,
            price: try decimal("price", price),
            quantity: try decimal("quantity", quantity),
            quoteOrderQty: try decimal("quote-order-qty", quoteOrderQty),
            stopPrice: try decimal("stop-price", stopPrice),
            icebergQty: try decimal("iceberg-qty", icebergQty),
            trailingDelta: trailingDelta,
            selfTradePreventionMode: mode
        )
        let context = OrderContext(
            averagePrice: try decimal("avg-price", avgPrice),
            position: try decimal("position", position),
            openOrders: openOrders,
            openAlgoOrders: openAlgoOrders,
            openIcebergOrders: openIcebergOrders
        )

        let info = try ExchangeInfo.load(exchangeInfo)
        let verdict: OrderVerdict
        if let symbolInfo = info.symbol(symbol) {
            verdict = OrderValidator(symbol: symbolInfo, exchangeFilters: info.exchangeFilters)
                .validate(order, context: context)
        } else {
            verdict = .rejected(OrderRejection(.badSymbol, "Invalid symbol."))
        }
        print(render(verdict))
        if verdict.rejection != nil { throw Bot4Exit.rejected }
    }

    private func decimal(_ flag: String, _ text: String?) throws -> FixedDecimal? {
        guard let text else { return nil }
        do {
            return try FixedDecimal(text, allowNegative: false)
        } catch {
            throw Bot4Exit.badInput("--\(flag): \(error.message)")
        }
    }

    private func render(_ verdict: OrderVerdict) -> String {
        switch (verdict, format) {
        case (.accepted(let unchecked), "json"):
            return json([
                ("status", .string("ACCEPTED")), ("symbol", .string(symbol)),
                ("unchecked", .array(unchecked.names.map { .string($0) })),
            ])
        case (.accepted(let unchecked), _):
            return unchecked.isEmpty ? "ACCEPTED" : "ACCEPTED (unchecked: \(unchecked.names.joined(separator: ", ")))"
        case (.rejected(let rejection), "json"):
            return json([
                ("status", .string("REJECTED")), ("symbol", .string(symbol)), ("code", .integer(rejection.code.code)),
                ("msg", .string(rejection.message)),
            ])
        case (.rejected(let rejection), _):
            return "REJECTED \(rejection.code.code) \(rejection.message)"
        }
    }

    /// One line of compact JSON, members in the order given.
    private func json(_ members: [(String, JSONValue)]) -> String {
        String(decoding: JSONWriter.compactBytes(.object(members), memberOrder: .asGiven), as: UTF8.self)
    }
}
