import Foundation
import TradingCore
import TradingVenue

/// BTCUSDT's entry of Binance's exchangeInfo of 2023-09-08 (the committed fixture), the rules the tape is
/// replayed under.
private let rules: OrderIntake = {
    let json = #"""
        {
         "timezone": "UTC",
         "serverTime": 1694185561976,
         "rateLimits": [
          {
           "rateLimitType": "REQUEST_WEIGHT",
           "interval": "MINUTE",
           "intervalNum": 1,
           "limit": 6000
          },
          {
           "rateLimitType": "ORDERS",
           "interval": "SECOND",
           "intervalNum": 10,
           "limit": 50
          },
          {
           "rateLimitType": "ORDERS",
           "interval": "DAY",
           "intervalNum": 1,
           "limit": 160000
          },
          {
           "rateLimitType": "RAW_REQUESTS",
           "interval": "MINUTE",
           "intervalNum": 5,
           "limit": 61000
          }
         ],
         "exchangeFilters": [],
         "symbols": [
          {
           "symbol": "BTCUSDT",
           "status": "TRADING",
           "baseAsset": "BTC",
           "baseAssetPrecision": 8,
           "quoteAsset": "USDT",
           "quotePrecision": 8,
           "quoteAssetPrecision": 8,
           "baseCommissionPrecision": 8,
           "quoteCommissionPrecision": 8,
           "orderTypes": [
            "LIMIT",
            "LIMIT_MAKER",
            "MARKET",
            "STOP_LOSS_LIMIT",
            "TAKE_PROFIT_LIMIT"
           ],
           "icebergAllowed": true,
           "ocoAllowed": true,
           "quoteOrderQtyMarketAllowed": true,
           "allowTrailingStop": true,
           "cancelReplaceAllowed": true,
           "isSpotTradingAllowed": true,
           "isMarginTradingAllowed": true,
           "filters": [
            {
             "filterType": "PRICE_FILTER",
             "minPrice": "0.01000000",
             "maxPrice": "1000000.00000000",
             "tickSize": "0.01000000"
            },
            {
             "filterType": "LOT_SIZE",
             "minQty": "0.00001000",
             "maxQty": "9000.00000000",
             "stepSize": "0.00001000"
            },
            {
             "filterType": "ICEBERG_PARTS",
             "limit": 10
            },
            {
             "filterType": "MARKET_LOT_SIZE",
             "minQty": "0.00000000",
             "maxQty": "168.82682004",
             "stepSize": "0.00000000"
            },
            {
             "filterType": "TRAILING_DELTA",
             "minTrailingAboveDelta": 10,
             "maxTrailingAboveDelta": 2000,
             "minTrailingBelowDelta": 10,
             "maxTrailingBelowDelta": 2000
            },
            {
             "filterType": "PERCENT_PRICE_BY_SIDE",
             "bidMultiplierUp": "5",
             "bidMultiplierDown": "0.2",
             "askMultiplierUp": "5",
             "askMultiplierDown": "0.2",
             "avgPriceMins": 5
            },
            {
             "filterType": "NOTIONAL",
             "minNotional": "5.00000000",
             "applyMinToMarket": true,
             "maxNotional": "9000000.00000000",
             "applyMaxToMarket": false,
             "avgPriceMins": 5
            },
            {
             "filterType": "MAX_NUM_ORDERS",
             "maxNumOrders": 200
            },
            {
             "filterType": "MAX_NUM_ALGO_ORDERS",
             "maxNumAlgoOrders": 5
            }
           ],
           "permissions": [
            "SPOT",
            "MARGIN",
            "TRD_GRP_004",
            "TRD_GRP_005",
            "TRD_GRP_006",
            "TRD_GRP_009",
            "TRD_GRP_010",
            "TRD_GRP_011",
            "TRD_GRP_012",
            "TRD_GRP_013",
            "TRD_GRP_014"
           ],
           "defaultSelfTradePreventionMode": "NONE",
           "allowedSelfTradePreventionModes": [
            "NONE",
            "EXPIRE_TAKER",
            "EXPIRE_MAKER",
            "EXPIRE_BOTH"
           ]
          }
         ]
        }
        """#
    let info = try! ExchangeInfo.parse(Data(json.utf8))
    return OrderIntake(symbol: info.symbol("BTCUSDT")!)
}()

/// Feeds arbitrary bytes to the trade tape reader of `bot4 replay` (`TradeTape.load`) and replays what it
/// accepts through BTCUSDT's rules (`TapeReplay.run`). Errors are expected; a crash, a trap or an ASan report
/// is a bug. An accepted tape has a trade per data line with times within `TradeTape.maximumTimeMs`, and its
/// replay decides two orders per trade it does not skip, each accepted or refused with a reason.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTradeTape(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data, count <= 64 << 10 else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    guard let tape = try? TradeTape.load(text) else { return 0 }
    precondition(tape.allSatisfy { (0...TradeTape.maximumTimeMs).contains($0.timeMs) }, "accepted a time out of range")
    precondition(tape.allSatisfy { !$0.price.isNegative && !$0.quantity.isNegative }, "accepted a negative trade")
    let report = TapeReplay.run(tape, intake: rules)
    precondition(report.orders == 2 * (tape.count - report.skippedTrades), "an order was not decided")
    precondition(report.accepted + report.rejections.values.reduce(0, +) == report.orders, "a verdict is missing")
    precondition(report.fills <= report.accepted, "more fills than accepted orders")
    return 0
}
