import Bot4TestSupport
import Foundation
import Testing

/// The `bot4 calibrate` executable: exit codes, messages, and no partial report on error.
@Suite struct CalibrateCommandTests {
    static var bot4: String { TestEnvironment.product("bot4") }

    @Test func writesBothFilesAndExitsZero() throws {
        let dir = try TestEnvironment.temporaryDirectory("calibrate-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out/nested").path
        let result = try ProcessRunner.run(
            Self.bot4,
            [
                "calibrate", "--trades", Fixture.trades, "--klines", Fixture.klines, "--ws-capture", Fixture.capture,
                "--out", out,
            ]
        )
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("tradeCountsPerMinute: negativeBinomial"))
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
            let result = try ProcessRunner.run(
                Self.bot4,
                ["calibrate", "--trades", Fixture.trades, "--klines", Fixture.klines, "--ws-capture", Fixture.capture]
                    + ["--out", out]
            )
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
        var klines = try Fixture.head("klines-2days.csv", lines: 10)
        klines = klines.replacingOccurrences(of: ",471,", with: ",4x1,")
        let bad = dir.appendingPathComponent("bad.csv")
        try Data(klines.utf8).write(to: bad)
        let out = dir.appendingPathComponent("out").path
        let result = try ProcessRunner.run(
            Self.bot4,
            ["calibrate", "--trades", Fixture.trades, "--klines", bad.path, "--out", out]
        )
        #expect(result.status == 2)
        #expect(result.err.contains("\(bad.path):2: count is not an integer: \"4x1\""), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unreadableInputExitsThree() throws {
        let dir = try TestEnvironment.temporaryDirectory("calibrate-io")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ProcessRunner.run(
            Self.bot4,
            ["calibrate", "--trades", "/nonexistent/t.csv", "--klines", Fixture.klines, "--out", dir.path]
        )
        #expect(result.status == 3)
        #expect(result.err.contains("/nonexistent/t.csv: cannot open"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func missingOptionIsAUsageError() throws {
        let result = try ProcessRunner.run(Self.bot4, ["calibrate", "--trades", Fixture.trades])
        // The sheet's exit code for bad input (bot4 maps ArgumentParser's usage failures to it).
        #expect(result.status == 2)
        #expect(result.err.contains("--klines"))
    }
}
