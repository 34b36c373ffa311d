import MarketCalibration

/// Feeds arbitrary bytes to the three calibration loaders (trade tape CSV, kline CSV, websocket capture).
/// Errors are expected; a crash, a trap or an ASan report is a bug. What a loader accepts must satisfy the
/// invariants the calibration relies on: times in order, positive prices, taker-buy volume within volume.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCalibrationLoaders(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    if let tape = try? TradeTape(bytes, file: "fuzz") {
        precondition(!tape.trades.isEmpty, "an accepted tape has trades")
        for (a, b) in zip(tape.trades, tape.trades.dropFirst()) {
            precondition(a.timeMicros <= b.timeMicros, "accepted tape goes backwards")
        }
        precondition(tape.trades.allSatisfy { $0.price > 0 && $0.quantity > 0 }, "accepted a non-positive trade")
    }
    if let series = try? KlineSeries(bytes, file: "fuzz") {
        for (a, b) in zip(series.klines, series.klines.dropFirst()) {
            precondition(a.openTimeMicros < b.openTimeMicros, "accepted klines out of order")
        }
        precondition(series.klines.allSatisfy { $0.volume >= 0 && $0.tradeCount >= 0 }, "accepted a negative kline")
    }
    _ = try? WebSocketCapture(bytes, file: "fuzz")
    return 0
}
