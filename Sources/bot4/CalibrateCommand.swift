import ArgumentParser
import FileSystem
import Foundation
import MarketCalibration

/// `bot4 calibrate`: fits order-flow models to real Binance data and writes `calibration.json` and `report.html`.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit order-flow models to Binance data; write calibration.json and report.html.",
        discussion: """
            Fits trade arrivals (exponential inter-arrival times; Poisson against negative binomial counts with \
            a dispersion test), trade sizes and minute volumes (LogNormal), the taker-buy share per minute (Beta, \
            maximum likelihood and moments), one-minute log returns (summary and tails) and, with --ws-capture, \
            the clock offset of a websocket capture. Every fit has standard errors; every model has goodness-of-fit \
            tests with p-values and a plain-language verdict. Format: docs/calibration-format.md.

            Example:
              bot4 calibrate --trades BTCUSDT-trades.csv --klines LINKUSDT-1m.csv --ws-capture ws.csv --out calib

            Exit codes: 0 the report was written (models that cannot be fitted say so in it); 2 bad input (the \
            message names the file and line); 3 a file cannot be read or the report cannot be written; 64 a \
            missing or malformed option.
            """
    )

    @Option(name: .long, help: "Trade tape CSV (trade_id,price,qty,time_ms,is_buyer_maker, or a Binance trades file).")
    var trades: String

    @Option(name: .long, help: "Binance 1-minute kline CSV (12 columns, with or without the header row).")
    var klines: String

    @Option(name: .customLong("ws-capture"), help: "Websocket trade capture with local receive stamps.")
    var wsCapture: String?

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String

    func run() async throws {
        let report: CalibrationReport
        let figures: [String: [Figure]]
        do {
            (report, figures) = try Calibration.run(trades: trades, klines: klines, wsCapture: wsCapture)
        } catch {
            Self.fail(error.description)
            throw error.code == .io ? ExitCode(3) : ExitCode(2)
        }
        do {
            try ReportWriter.write(report, figures: figures, to: out)
        } catch {
            Self.fail("cannot write the report to \(out): \(error)")
            throw ExitCode(3)
        }
        for name in report.models.keys.sorted() {
            guard let model = report.models[name] else { continue }
            print("\(name): \(model.chosen ?? "no model") (n = \(model.sampleSize))")
        }
        print("wrote \(out)/calibration.json and \(out)/report.html")
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data("bot4 calibrate: \(message)\n".utf8))
    }
}
