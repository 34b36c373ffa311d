import Statistics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Websocket clock skew: local receive stamps against the event times of the capture.
extension Calibrator {
    // MARK: Clock skew

    func skewModel(_ capture: WebSocketCapture) -> (ModelReport, [Figure]) {
        let quantity = "local receive time minus server event time E"
        let messages = capture.messages
        // The earliest local stamp on each line is taken as the receive time.
        let raw = messages.map { Double(($0.naiveLocalMicros.min() ?? 0) - $0.eventTimeMicros) / 1000 }
        guard raw.count >= 2 else {
            return (
                .unfitted(
                    quantity: quantity,
                    unit: "ms",
                    source: "wsCapture",
                    sampleSize: raw.count,
                    verdict: "Cannot estimate: the capture needs at least two messages."
                ), []
            )
        }
        let median = SampleSummary.quantile(sorted: raw.sorted(), 0.5)
        // The stamps carry no zone: take the zone to be the whole quarter hour nearest the median offset.
        let quarterHour = 15.0 * 60 * 1000
        let zone = (median / quarterHour).rounded() * quarterHour
        let skew = raw.map { $0 - zone }
        let eventMinusTrade = messages.map { Double($0.eventTimeMicros - $0.tradeTimeMicros) / 1000 }
        let summary = try? SampleSummary(skew)
        let zoneHours = zone / 3_600_000
        let zoneText =
            zoneHours == 0
            ? "UTC"
            : "UTC\(zoneHours > 0 ? "+" : "−")\(fixed(abs(zoneHours), zoneHours == zoneHours.rounded() ? 0 : 2))"
        var verdict =
            "Caveat: the capture's local stamps are naive wall-clock times with no time zone. Bot4 assumed "
            + "\(zoneText), the whole quarter hour nearest the median offset; if the machine's zone was different, "
            + "every figure below is off by that many whole hours, not by milliseconds. "
        if let s = summary {
            verdict +=
                "Under that assumption the local clock read a median \(format(SampleSummary.quantile(sorted: skew.sorted(), 0.5))) ms "
                + "relative to Binance's event time (range \(format(s.minimum)) to \(format(s.maximum)) ms). "
            verdict +=
                s.maximum < 0
                ? "Every message was stamped before the server sent it, which no network delay can explain: the local "
                    + "clock ran behind Binance's by at least \(format(-s.maximum)) ms."
                : "Offsets mix network latency and clock error; they cannot be separated from one capture."
        }
        // Least-squares drift of the offset over the capture, in ms per second of event time.
        let t = messages.map { Double($0.eventTimeMicros - messages[0].eventTimeMicros) / 1e6 }
        let tMean = t.reduce(0, +) / Double(t.count)
        let sMean = skew.reduce(0, +) / Double(skew.count)
        var sxy = 0.0
        var sxx = 0.0
        for (x, y) in zip(t, skew) {
            sxy += (x - tMean) * (y - sMean)
            sxx += (x - tMean) * (x - tMean)
        }
        let drift = sxx > 0 ? sxy / sxx : 0
        let span = (t.last ?? 0) - (t.first ?? 0)
        if abs(drift * span) > 50 {
            verdict +=
                " The offset drifts by \(format(drift)) ms per second over the \(format(span)) s capture"
                + " (\(format(drift * span)) ms in all): the receiver fell behind (a growing backlog) or its clock"
                + " drifted; either way a simulated venue should model receive delay as time-varying."
        }
        var over = Figure(title: "clock offset per message", xLabel: "message", yLabel: "ms")
        over.curves = [Figure.Curve(label: "local − E", points: skew.enumerated().map { (Double($0), $1) })]
        let report = ModelReport(
            quantity: quantity,
            unit: "ms",
            source: "wsCapture",
            sampleSize: skew.count,
            excluded: nil,
            summary: summary,
            fits: [],
            tests: [],
            chosen: nil,
            verdict: verdict,
            extra: [
                "assumedZoneOffsetHours": zoneHours,
                "offsetDriftMsPerSecond": drift,
                "medianOffsetMs": SampleSummary.quantile(sorted: skew.sorted(), 0.5),
                "medianEventMinusTradeMs": SampleSummary.quantile(sorted: eventMinusTrade.sorted(), 0.5),
            ]
        )
        return (report, [over])
    }
}
