import JSON
import Testing
import TradingCore

@testable import TradingAPI

@Suite struct ResponseEncodingTests {
    private static let order = OrderResponse(
        symbol: "BTCUSDT",
        orderId: 28,
        clientOrderId: "6gCrw2kRUAF9CvJDGP16IP",
        transactTime: 1_507_725_176_595,
        price: try! FixedDecimal("0.00000000"),
        origQty: try! FixedDecimal("10.00000000"),
        executedQty: try! FixedDecimal("10.00000000"),
        origQuoteOrderQty: try! FixedDecimal("0.000000"),
        cummulativeQuoteQty: try! FixedDecimal("10.00000000"),
        status: .filled,
        timeInForce: .gtc,
        type: .market,
        side: .sell,
        workingTime: 1_507_725_176_595,
        selfTradePreventionMode: .none,
        fills: [
            OrderFill(
                price: try! FixedDecimal("4000.00000000"),
                quantity: try! FixedDecimal("1.00000000"),
                commission: try! FixedDecimal("4.00000000"),
                commissionAsset: "USDT",
                tradeId: 56
            )
        ]
    )

    private func text(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.compactBytes(value, memberOrder: .asGiven), as: UTF8.self)
    }

    /// ACK: ids and time only, integers as numbers, orderListId -1.
    @Test func ack() {
        #expect(
            text(Self.order.newOrderJSON(.ack))
                == #"{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","#
                + #""transactTime":1507725176595}"#
        )
    }

    /// RESULT adds the state with decimals as strings at their own scale; FULL adds the fills.
    @Test func resultAndFull() {
        let result = Self.order.newOrderJSON(.result)
        #expect(result["price"] == .string("0.00000000"))
        #expect(result["cummulativeQuoteQty"] == .string("10.00000000"))
        #expect(result["status"] == .string("FILLED"))
        #expect(result["workingTime"] == .number("1507725176595"))
        #expect(result["selfTradePreventionMode"] == .string("NONE"))
        #expect(result["fills"] == nil)
        let full = Self.order.newOrderJSON(.full)
        #expect(
            full["fills"]
                == .array([
                    .object([
                        ("price", .string("4000.00000000")), ("qty", .string("1.00000000")),
                        ("commission", .string("4.00000000")), ("commissionAsset", .string("USDT")),
                        ("tradeId", .number("56")),
                    ])
                ])
        )
    }

    /// GET order: no transactTime, plus the query fields.
    @Test func query() {
        let json = Self.order.queryJSON(
            stopPrice: .zero,
            icebergQty: .zero,
            time: 1,
            updateTime: 2,
            isWorking: true
        )
        #expect(json["transactTime"] == nil)
        #expect(json["isWorking"] == .bool(true))
        #expect(json["updateTime"] == .number("2"))
        #expect(json["origQuoteOrderQty"] == .string("0.000000"))
    }

    /// The account: balances as strings, zero balances omitted on request.
    @Test func account() {
        let account = AccountResponse(
            makerCommission: 10,
            takerCommission: 10,
            makerRate: try! FixedDecimal("0.00100000"),
            takerRate: try! FixedDecimal("0.00100000"),
            canTrade: true,
            updateTime: 123,
            balances: [
                .init(asset: "BTC", free: try! FixedDecimal("100.00000000"), locked: .zero),
                .init(asset: "LTC", free: .zero, locked: .zero),
            ],
            uid: 1
        )
        let all = account.json()
        #expect(all["balances"]?.arrayValue?.count == 2)
        #expect(all["balances"]?.arrayValue?.first?["free"] == .string("100.00000000"))
        #expect(all["commissionRates"]?["maker"] == .string("0.00100000"))
        #expect(all["accountType"] == .string("SPOT"))
        #expect(account.json(omitZeroBalances: true)["balances"]?.arrayValue?.count == 1)
    }
}
