import Bot4TestSupport
import Foundation
import MarketCalibration

/// The real market-data fixtures (provenance: `Fixtures/SOURCES.md`) and helpers to run the calibration.
enum Fixture {
    static func url(_ name: String) -> URL {
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        return Bundle.module.url(forResource: "Fixtures/\(base)", withExtension: ext)!
    }
    static var trades: String { url("trades.csv").path }
    static var klines: String { url("klines-2days.csv").path }
    static var capture: String { url("ws-capture.csv").path }
    static var scipyCheck: String { url("calibration_scipy_check.py").path }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    /// Writes `text` to a new file in a fresh temporary folder and returns its path.
    static func write(_ text: String, name: String = "input.csv") throws -> String {
        let dir = try TestEnvironment.temporaryDirectory("calibration-input")
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The first `lines` lines of a fixture.
    static func head(_ name: String, lines: Int) throws -> String {
        let text = String(decoding: try bytes(name), as: UTF8.self)
        // Split on any line end ("\r\n" is a single Character in Swift).
        let all = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        return all.prefix(lines).joined(separator: "\n") + "\n"
    }
}
