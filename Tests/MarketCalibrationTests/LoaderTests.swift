import Foundation
import MarketCalibration
import Testing

/// The CSV and capture loaders on real files, and on bad input: every error names the file and the line.
@Suite struct LoaderTests {
    @Test func realFilesLoad() throws {
        let tape = try TradeTape(try Fixture.bytes("trades.csv"), file: "trades.csv")
        #expect(tape.trades.count == 2001)
        #expect(tape.trades.first?.id == 553_287_559 && tape.trades.last?.id == 553_289_559)
        #expect(tape.trades.first?.timeMicros == 1_610_064_000_278_000)
        let klines = try KlineSeries(try Fixture.bytes("klines-2days.csv"), file: "klines.csv")
        #expect(klines.klines.count == 2880)
        #expect(klines.klines[0].tradeCount == 471 && klines.klines[0].takerBuyVolume == 10610.28)
        let capture = try WebSocketCapture(try Fixture.bytes("ws-capture.csv"), file: "ws.csv")
        #expect(capture.messages.count == 96)
        let first = try #require(capture.messages.first)
        #expect(first.eventTimeMicros == 1_653_172_790_999_000)
        // 2022-05-22 01:39:50.744444 read as UTC.
        #expect(first.naiveLocalMicros.min() == 1_653_183_590_744_444)
    }

    @Test func headerlessSpotFilesAndMicrosecondTimesAreRecognised() throws {
        // data.binance.vision spot trades (7 columns, no header), with 2025-style microsecond times.
        let trades = "1,100.5,0.1,10.05,1735689600000123,true,true\n2,100.6,0.2,20.12,1735689600000456,false,true\n"
        let tape = try TradeTape(Array(trades.utf8), file: "t.csv")
        #expect(tape.trades.map(\.timeMicros) == [1_735_689_600_000_123, 1_735_689_600_000_456])
        let kline =
            "1675209600000,6.949,6.959,6.947,6.957,30020.25,1675209659999,208718.48852,471,10610.28,73780.89351,0\n"
        #expect(try KlineSeries(Array(kline.utf8), file: "k.csv").klines[0].openTimeMicros == 1_675_209_600_000_000)
    }

    static let tradeHeader = "trade_id,price,qty,time_ms,is_buyer_maker\n"
    static let klineHeader =
        "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n"

    /// (file contents, expected code, text the message must contain).
    static let badTrades: [(String, CalibrationInputError.Code, String)] = [
        ("", .emptyFile, "empty"),
        ("\n\n", .emptyFile, "empty"),
        (tradeHeader, .emptyFile, "no trades"),
        ("a,b,c\n", .wrongFormat, ":1: not a trade tape"),
        (
            tradeHeader + "1,100,0.5,1610064000278,true\n2,abc,0.5,1610064000279,true\n", .badField,
            ":3: price is not a number"
        ),
        (tradeHeader + "1,100,nan,1610064000278,true\n", .badField, ":2: qty is not a number"),
        (tradeHeader + "1,100,0x1p3,1610064000278,true\n", .badField, ":2: qty"),
        (tradeHeader + "1,100,0.5,1610064000278,maybe\n", .badField, ":2: is_buyer_maker"),
        (
            tradeHeader + "1,100,0.5,1610064000278,true\n2,100,0.5,1610064000277,true\n", .unsorted,
            ":3: time goes backwards"
        ),
        (tradeHeader + "1,100,0.5,1610064000278\n", .wrongFormat, ":2: 4 fields, want 5"),
        (tradeHeader + "1,-100,0.5,1610064000278,true\n", .badField, ":2: price and qty must be positive"),
    ]

    @Test(arguments: badTrades.indices)
    func badTradeTapesAreRejectedWithFileAndLine(index: Int) {
        let (text, code, needle) = Self.badTrades[index]
        do {
            _ = try TradeTape(Array(text.utf8), file: "tape.csv")
            Issue.record("accepted bad input #\(index)")
        } catch {
            #expect(error.code == code)
            #expect(error.description.hasPrefix("tape.csv"))
            #expect(error.description.contains(needle), "\(error.description)")
        }
    }

    static let badKlines: [(String, CalibrationInputError.Code, String)] = [
        ("open_time,open\n", .wrongFormat, ":1: not a kline header"),
        (
            klineHeader + "1675209600000,6.9,6.9,6.9,6.9,30020.25,1675209659999,2.0,471,10610.28,7.0\n", .wrongFormat,
            ":2: 11 fields"
        ),
        (
            klineHeader + "1675209600000,6.9,6.9,6.9,6.9,30020.25,1675209659999,2.0,x,10610.28,7.0,0\n", .badField,
            ":2: count is not an integer"
        ),
        (
            klineHeader
                + "1675209660000,6.9,6.9,6.9,6.9,3.0,1,2.0,4,1.0,7.0,0\n1675209600000,6.9,6.9,6.9,6.9,3.0,1,2.0,4,1.0,7.0,0\n",
            .unsorted, ":3: open_time"
        ),
        (
            klineHeader + "1675209600000,6.9,6.9,6.9,6.9,3.0,1,2.0,4,5.0,7.0,0\n", .badField,
            ":2: volume, count and taker_buy_volume"
        ),
        (klineHeader, .emptyFile, "no klines"),
        ("\u{FF}\u{FE}", .wrongFormat, "not UTF-8"),
    ]

    @Test(arguments: badKlines.indices)
    func badKlineFilesAreRejectedWithFileAndLine(index: Int) {
        let (text, code, needle) = Self.badKlines[index]
        var bytes = Array(text.utf8)
        if index == Self.badKlines.count - 1 { bytes = [0xFF, 0xFE, 0x00] }
        do {
            _ = try KlineSeries(bytes, file: "k.csv")
            Issue.record("accepted bad input #\(index)")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(needle), "\(error.description)")
        }
    }

    @Test func badCaptureLinesAreRejectedWithFileAndLine() throws {
        let good = try Fixture.head("ws-capture.csv", lines: 1)
        let cases: [(String, CalibrationInputError.Code, String)] = [
            (good + "no separator here\n", .wrongFormat, ":2: not a capture line"),
            (good + "2022-05-22 1:39:50 | {\"E\":1,\"T\":1}\n", .badField, ":2: local stamp"),
            (
                good + "2022-05-22 01:39:50.1 | {\"E\":\"x\",\"T\":1}\n", .badField,
                ":2: the message has no integer event time"
            ),
            (good + "2022-05-22 01:39:50.1 | {not json\n", .wrongFormat, ":2: the message is not a JSON object"),
        ]
        for (text, code, needle) in cases {
            #expect(throws: CalibrationInputError(code, file: "", "")) {
                try WebSocketCapture(Array(text.utf8), file: "ws.csv")
            }
            do {
                _ = try WebSocketCapture(Array(text.utf8), file: "ws.csv")
            } catch {
                #expect(error.description.contains("ws.csv" + needle), "\(error.description)")
            }
        }
    }
}
