import Bot4TestSupport
import Foundation
import MarketCalibration
import Testing

/// The calibration on the real fixtures: scipy as the oracle, the verdicts, degenerate samples.
@Suite struct CalibrationTests {
    static func calibrate() throws -> (CalibrationReport, [String: [Figure]]) {
        try Calibration.run(trades: Fixture.trades, klines: Fixture.klines, wsCapture: Fixture.capture)
    }

    /// Relative tolerance per key (the first matching prefix wins), with the reason.
    static let tolerances: [(prefix: String, relative: Double, absolute: Double)] = [
        // scipy's Nelder–Mead stops near 1e-7 relative; ours is Newton to 1e-13: compare at 1e-5, and the
        // statistics and p-values that depend on the fitted (r, p) at 1e-3.
        ("tradeCountsPerMinute.nbinom", 1e-5, 0), ("tradeCountsPerSecond.nbinom", 1e-5, 0),
        ("tradeCountsPerMinute.chiSquare.negativeBinomial", 1e-3, 0),
        ("tradeCountsPerSecond.chiSquare.negativeBinomial", 1e-3, 0),
        // Python's datetime.timestamp() carries about 1e-7 s of float error.
        ("clockSkew", 0, 1e-3),
        // Beta MLE: scipy's optimiser stops near 1e-10 relative.
        ("takerBuyShare.beta", 1e-8, 0), ("takerBuyShare.ks", 1e-8, 0),
        // Everything else is closed form or a special function: 1e-9.
        ("", 1e-9, 1e-300),
    ]

    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func fitsAndTestsMatchScipyOnTheSameFiles() throws {
        let python = try TestEnvironment.requireTool("python")
        let (report, figures) = try Self.calibrate()
        let dir = try TestEnvironment.temporaryDirectory("calibration")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportWriter.write(report, figures: figures, to: dir.path)
        let result = try ProcessRunner.run(
            python,
            [
                Fixture.scipyCheck, Fixture.trades, Fixture.klines, Fixture.capture,
                dir.appendingPathComponent("calibration.json").path,
            ]
        )
        #expect(result.status == 0, "\(result.err)")
        let values = try JSONDecoder().decode([String: [String: Double]].self, from: result.stdout)
        #expect(values.count >= 40)
        for (key, pair) in values.sorted(by: { $0.key < $1.key }) {
            let tolerance = Self.tolerances.first { key.hasPrefix($0.prefix) }!
            let scipy = pair["scipy"]!
            let ours = pair["ours"]!
            #expect(
                abs(ours - scipy) <= max(tolerance.relative * abs(scipy), tolerance.absolute),
                "\(key): ours \(ours), scipy \(scipy)"
            )
        }
    }

    @Test func verdictsSayWhichModelTheDataSupports() throws {
        let (report, _) = try Self.calibrate()
        let perMinute = try #require(report.models["tradeCountsPerMinute"])
        #expect(perMinute.chosen == "negativeBinomial")
        #expect(perMinute.verdict.hasPrefix("Negative binomial, not Poisson"))
        #expect(perMinute.sampleSize == 2880)
        let perSecond = try #require(report.models["tradeCountsPerSecond"])
        #expect(perSecond.sampleSize == 46)
        #expect(perSecond.fits.contains { $0.distribution == "negativeBinomial" && $0.method == .methodOfMoments })
        let share = try #require(report.models["takerBuyShare"])
        #expect(share.fits.map(\.method) == [.maximumLikelihood, .methodOfMoments])
        #expect(share.fits.allSatisfy { $0.parameters.allSatisfy { $0.standardError > 0 } })
        let skew = try #require(report.models["clockSkew"])
        #expect(skew.verdict.contains("no time zone") && skew.verdict.contains("UTC+3"))
        let returns = try #require(report.models["minuteLogReturns"])
        #expect(returns.summary?.count == 2879)
        #expect(returns.tests.contains { $0.result.name == "jarque-bera" })
        #expect(Set(report.models.keys).count == 8)
        #expect(report.inputs["klines"]?.start == "2023-02-01T00:00:00.000Z")
    }

    @Test func degenerateSamplesGetACannotFitVerdictNotACrash() throws {
        // Three trades in the same millisecond with the same size; klines with constant volume and no taker buys.
        let trades = try Fixture.write(
            "trade_id,price,qty,time_ms,is_buyer_maker\n1,10,0.5,1000,true\n2,10,0.5,1000,true\n3,10,0.5,1000,false\n"
        )
        var klines = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
        klines += "taker_buy_quote_volume,ignore\n"
        for i in 0..<5 { klines += "\(1_675_209_600_000 + i * 60000),7,7,7,7,100,0,700,4,0,0,0\n" }
        let (report, figures) = try Calibration.run(trades: trades, klines: try Fixture.write(klines), wsCapture: nil)
        for name in ["tradeInterArrival", "tradeSizes", "minuteVolumes", "takerBuyShare", "minuteLogReturns"] {
            let model = try #require(report.models[name])
            #expect(model.verdict.hasPrefix("Cannot fit"), "\(name): \(model.verdict)")
            #expect(model.fits.isEmpty && model.chosen == nil)
        }
        // Counts of exactly 4 every minute: no overdispersion, so Poisson, with no finite negative binomial.
        let counts = try #require(report.models["tradeCountsPerMinute"])
        #expect(counts.chosen == "poisson")
        #expect(counts.verdict.contains("no finite fit"))
        #expect(report.models["clockSkew"] == nil)
        // The writer still produces a page and valid JSON for such a report.
        let dir = try TestEnvironment.temporaryDirectory("degenerate")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportWriter.write(report, figures: figures, to: dir.path)
        let json = try Data(contentsOf: dir.appendingPathComponent("calibration.json"))
        #expect(
            (try JSONSerialization.jsonObject(with: json) as? [String: Any])?["format"] as? String == "bot4-calibration"
        )
    }

    @Test func tooShortInputsAreErrorsNamingTheFile() throws {
        let trades = try Fixture.write("trade_id,price,qty,time_ms,is_buyer_maker\n1,10,0.5,1000,true\n")
        #expect(throws: CalibrationInputError(.tooFewRows, file: "", "")) {
            try Calibration.run(trades: trades, klines: Fixture.klines, wsCapture: nil)
        }
        #expect(throws: CalibrationInputError(.io, file: "", "")) {
            try Calibration.run(trades: "/nonexistent/trades.csv", klines: Fixture.klines, wsCapture: nil)
        }
    }
}
