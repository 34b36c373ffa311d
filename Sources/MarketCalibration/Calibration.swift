import FileSystem
import Foundation

/// The calibration pipeline behind `bot4 calibrate`: read the inputs, fit and test, write the report.
public enum Calibration {
    /// Reads a whole input file, up to `limit` bytes.
    /// - Throws: ``CalibrationInputError`` with code `io` when it cannot be read or is too large.
    public static func read(_ path: String, limit: Int = 1 << 30) throws(CalibrationInputError) -> [UInt8] {
        do {
            return try BoundedFile.read(path, limit: limit)
        } catch {
            throw CalibrationInputError(.io, file: path, error.reason, underlying: error)
        }
    }

    /// Loads the inputs and runs every fit and test; nothing is written.
    /// - Throws: ``CalibrationInputError`` naming the file and line of the first bad input.
    public static func run(
        trades tradesPath: String,
        klines klinesPath: String,
        wsCapture capturePath: String?
    ) throws(CalibrationInputError) -> (CalibrationReport, [String: [Figure]]) {
        let tape = try TradeTape(read(tradesPath), file: tradesPath)
        try requireThree(tape.trades.count, "trades", in: tradesPath)
        let klines = try KlineSeries(read(klinesPath), file: klinesPath)
        try requireThree(klines.klines.count, "klines", in: klinesPath)
        var capture: WebSocketCapture?
        if let capturePath { capture = try WebSocketCapture(read(capturePath), file: capturePath) }
        let outcome = Calibrator(tape: tape, klines: klines, capture: capture).run()
        var inputs: [String: CalibrationReport.Input] = [
            "trades": .init(
                file: tradesPath,
                rows: tape.trades.count,
                start: iso(tape.trades[0].timeMicros),
                end: iso(tape.trades[tape.trades.count - 1].timeMicros)
            ),
            "klines": .init(
                file: klinesPath,
                rows: klines.klines.count,
                start: iso(klines.klines[0].openTimeMicros),
                end: iso(klines.klines[klines.klines.count - 1].openTimeMicros)
            ),
        ]
        if let capture, let capturePath, let first = capture.messages.first, let last = capture.messages.last {
            inputs["wsCapture"] = .init(
                file: capturePath,
                rows: capture.messages.count,
                start: iso(first.eventTimeMicros),
                end: iso(last.eventTimeMicros)
            )
        }
        return (CalibrationReport(inputs: inputs, models: outcome.models), outcome.figures)
    }

    /// Every model needs at least three rows of each required input.
    /// - Throws: ``CalibrationInputError/Code/tooFewRows`` naming the file, what it holds and how many it has.
    private static func requireThree(_ count: Int, _ rows: String, in file: String) throws(CalibrationInputError) {
        guard count >= 3 else {
            throw CalibrationInputError(.tooFewRows, file: file, "need at least 3 \(rows), have \(count)")
        }
    }

    /// Microseconds since the epoch as ISO 8601 UTC with milliseconds.
    static func iso(_ micros: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(micros) / 1e6))
    }
}
