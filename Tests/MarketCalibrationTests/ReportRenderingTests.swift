import Bot4TestSupport
import Foundation
import MarketCalibration
import Testing

/// The report page in a real browser: Debian's headless Chromium loads it without console errors and the
/// plots are in the rendered DOM.
@Suite struct ReportRenderingTests {
    @Test func pageIsSelfContained() throws {
        let (report, figures) = try CalibrationTests.calibrate()
        let html = ReportWriter.html(report, figures: figures)
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == svgCount(html))
        #expect(!html.contains("https://"))
        #expect(!html.contains("src="))
        #expect(svgCount(html) >= 15)
    }

    /// Each inline SVG declares its namespace once (the only "http://" allowed on the page).
    func svgCount(_ html: String) -> Int { html.components(separatedBy: "<svg ").count - 1 }

    @Test(.enabled(if: TestEnvironment.canRun("chromium")))
    func chromiumRendersThePlotsWithoutConsoleErrors() throws {
        let chromium = try TestEnvironment.requireTool("chromium")
        let (report, figures) = try CalibrationTests.calibrate()
        let dir = try TestEnvironment.temporaryDirectory("report")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportWriter.write(report, figures: figures, to: dir.path)
        let page = dir.appendingPathComponent("report.html").path
        let result = try ProcessRunner.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", "file://\(page)",
            ]
        )
        #expect(result.status == 0, "\(result.err.suffix(2000))")
        let console = result.err.split(separator: "\n").filter { $0.contains("CONSOLE") }
        #expect(console.isEmpty, "console output: \(console)")
        let dom = result.out
        // Every model's section and its plots survived parsing: histogram + Q–Q, frequencies + counts over time.
        for id in [
            "tradeInterArrival-plot1", "tradeInterArrival-plot2", "tradeSizes-plot1", "tradeSizes-plot2",
            "tradeCountsPerMinute-plot1", "tradeCountsPerMinute-plot2", "tradeCountsPerSecond-plot2",
            "minuteVolumes-plot1", "takerBuyShare-plot1", "takerBuyShare-plot2", "minuteLogReturns-plot2",
            "clockSkew-plot1",
        ] {
            #expect(dom.contains("id=\"\(id)\""), "missing plot \(id)")
        }
        #expect(dom.components(separatedBy: "class=\"bar\"").count > 100)
        #expect(dom.components(separatedBy: "class=\"point\"").count > 500)
        #expect(dom.contains("<polyline class=\"curve\""))
        #expect(dom.contains("Negative binomial, not Poisson"))
    }
}
