import Bot4TestSupport
import Foundation
import Testing

/// The built `bot4 calibrate`: exit codes, what it prints, no partial report on error, and reports identical
/// across processes. The fits themselves are `CalibrationTests`' (library calls).
@Suite struct CalibrateCLITests {
    static let inputs = ["--trades", Bot4CLI.trades, "--klines", Bot4CLI.klines, "--ws-capture", Bot4CLI.capture]

    @Test func writesBothFilesAndExitsZero() throws {
        let dir = try TestEnvironment.temporaryDirectory("calibrate-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out/nested").path
        let result = try Bot4CLI.run(["calibrate"] + Self.inputs + ["--out", out])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("tradeCountsPerMinute: negativeBinomial"))
        #expect(result.out.contains("wrote \(out)/calibration.json and \(out)/report.html"))
        let json = try Data(contentsOf: URL(fileURLWithPath: out + "/calibration.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    /// Two processes (two hash seeds) write byte-identical reports from the same inputs.
    @Test func reportsAreReproducibleAcrossRuns() throws {
        let dir = try TestEnvironment.temporaryDirectory("calibrate-repro")
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [Data] = []
        for run in ["a", "b"] {
            let out = dir.appendingPathComponent(run).path
            let result = try Bot4CLI.run(["calibrate"] + Self.inputs + ["--out", out])
            #expect(result.status == 0, "\(result.err)")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out + "/calibration.json")))
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out + "/report.html")))
        }
        #expect(outputs[0] == outputs[2], "calibration.json differs between runs")
        #expect(outputs[1] == outputs[3], "report.html differs between runs")
    }

    @Test func badInputExitsTwoNamingFileAndLineAndWritesNothing() throws {
        let dir = try TestEnvironment.temporaryDirectory("calibrate-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try String(contentsOfFile: Bot4CLI.klines, encoding: .utf8)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).prefix(10)
        let bad = dir.appendingPathComponent("bad.csv")
        try Data((lines.joined(separator: "\n") + "\n").replacingOccurrences(of: ",471,", with: ",4x1,").utf8)
            .write(to: bad)
        let out = dir.appendingPathComponent("out").path
        let result = try Bot4CLI.run(["calibrate", "--trades", Bot4CLI.trades, "--klines", bad.path, "--out", out])
        #expect(result.status == 2)
        #expect(result.err.contains("\(bad.path):2: count is not an integer: \"4x1\""), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unreadableInputExitsThree() throws {
        let dir = try TestEnvironment.temporaryDirectory("calibrate-io")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Bot4CLI.run(
            ["calibrate", "--trades", "/nonexistent/t.csv", "--klines", Bot4CLI.klines, "--out", dir.path]
        )
        #expect(result.status == 3)
        #expect(result.err.contains("/nonexistent/t.csv: cannot open"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func missingOptionIsAUsageError() throws {
        let result = try Bot4CLI.run(["calibrate", "--trades", Bot4CLI.trades])
        // The sheet's exit code for bad input (bot4 maps ArgumentParser's usage failures to it).
        #expect(result.status == 2)
        #expect(result.err.contains("--klines"))
    }
}
