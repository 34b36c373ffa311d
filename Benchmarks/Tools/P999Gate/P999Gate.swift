import Foundation
import Histogram

/// Compares the p99 and p99.9 of exported benchmark histograms with committed thresholds.
///
/// Usage: `P999Gate check|update --results DIR --thresholds FILE [--merge-max]`
///
/// `DIR` holds the files `swift package benchmark --format histogramEncoded` wrote
/// (`<baseline>.<target>.<name>.<metric>.histogram.json`, each an HdrHistogram in JSON). `FILE` is the committed
/// thresholds (see `Thresholds/p999/README.md`): per benchmark, the operations per sample (`divisor`) and per
/// metric the p99 and p99.9 per operation; per metric and percentile a tolerance in percent. `check` exits 1 when a value is
/// above `threshold × (1 + tolerance/100)`, naming each regression, and 2 when an input is missing or malformed;
/// `update` rewrites the thresholds' values from the results and keeps the tolerances; with `--merge-max` it keeps
/// the larger of the old and new value, so that several runs give a threshold that covers their spread.
@main
struct P999Gate {
    struct Thresholds: Codable {
        /// Allowed excess over the threshold in percent, by metric (`wallClock`, `mallocCountTotal`) and percentile.
        var tolerancePercent: [String: [String: Double]]
        /// Allowed excess over the threshold in absolute units per operation, by metric and percentile: for counts
        /// whose threshold is 0 (where a percentage allows nothing), and for the wall-clock tail, where one
        /// preemption of the benchmark thread adds a scheduler quantum to a sample whatever the code does.
        var absoluteSlack: [String: [String: Double]]?
        /// By benchmark name.
        var benchmarks: [String: Entry]
    }

    struct Entry: Codable {
        /// Operations per sample (the benchmark's scaling factor): values are compared per operation.
        var divisor: Double
        /// By metric: percentile ("p99", "p99.9") to the per-operation value.
        var metrics: [String: [String: Double]]
    }

    static let percentiles: [(name: String, value: Double)] = [("p99", 99.0), ("p99.9", 99.9)]

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "compare" {
            compare(arguments)
            return
        }
        guard let mode = arguments.first, ["check", "update"].contains(mode),
            let results = value(of: "--results", in: arguments),
            let thresholdsPath = value(of: "--thresholds", in: arguments)
        else {
            fail(2, "usage: P999Gate check|update --results DIR --thresholds FILE [--merge-max]")
        }
        let mergeMax = arguments.contains("--merge-max")
        let thresholds: Thresholds
        do {
            thresholds = try JSONDecoder().decode(
                Thresholds.self,
                from: Data(contentsOf: URL(filePath: thresholdsPath))
            )
        } catch {
            fail(2, "\(thresholdsPath): not a thresholds file: \(error)")
        }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: results).filter {
                $0.hasSuffix(".histogram.json")
            }
        } catch {
            fail(2, "\(results): cannot list the exported histograms: \(error)")
        }

        var updated = thresholds
        var regressions = 0
        var compared = 0
        for (name, entry) in thresholds.benchmarks.sorted(by: { $0.key < $1.key }) {
            for metric in entry.metrics.keys.sorted() {
                let suffix =
                    ".\(name.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "_")).\(metric).histogram.json"
                guard let file = files.first(where: { $0.hasSuffix(suffix) }) else {
                    fail(
                        2,
                        "\(results): no exported histogram for '\(name)' \(metric) (expected a file ending in \(suffix))"
                    )
                }
                let path = (results as NSString).appendingPathComponent(file)
                let histogram: Histogram<UInt>
                do {
                    histogram = try JSONDecoder().decode(
                        Histogram<UInt>.self,
                        from: Data(contentsOf: URL(filePath: path))
                    )
                } catch {
                    fail(2, "\(path): not an encoded histogram: \(error)")
                }
                for (label, percentile) in percentiles {
                    let tolerance = thresholds.tolerancePercent[metric]?[label] ?? 0
                    let measured = Double(histogram.valueAtPercentile(percentile)) / entry.divisor
                    let rounded = (measured * 100).rounded(.up) / 100
                    let previous = entry.metrics[metric]?[label] ?? 0
                    updated.benchmarks[name]!.metrics[metric]![label] = mergeMax ? max(previous, rounded) : rounded
                    guard mode == "check" else { continue }
                    guard let limit = entry.metrics[metric]?[label] else {
                        fail(2, "\(thresholdsPath): '\(name)' \(metric) has no \(label) threshold")
                    }
                    compared += 1
                    let allowed = limit * (1 + tolerance / 100) + (thresholds.absoluteSlack?[metric]?[label] ?? 0)
                    let verdict = measured <= allowed ? "ok        " : "REGRESSION"
                    if measured > allowed { regressions += 1 }
                    print(
                        "\(verdict) \(name) \(metric) \(label): \(format(measured)) per op"
                            + " (threshold \(format(limit)), allowed \(format(allowed));"
                            + " \(histogram.totalCount) samples)"
                    )
                }
            }
        }
        if mode == "update" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try encoder.encode(updated).write(to: URL(filePath: thresholdsPath), options: .atomic)
            } catch {
                fail(2, "\(thresholdsPath): cannot write: \(error)")
            }
            print("p999-gate: updated \(thresholdsPath) from \(results)")
            return
        }
        if regressions > 0 {
            fail(1, "p999-gate: \(regressions) of \(compared) percentiles regressed beyond their tolerance")
        }
        print("p999-gate: \(compared) percentiles within their thresholds")
    }

    /// `compare --results A --against B --thresholds FILE`: per benchmark of FILE, the wall-clock p50, p99 and
    /// p99.9 per operation of run A and run B and the ratio of the medians (B / A), as a Markdown table.
    static func compare(_ arguments: [String]) {
        guard let first = value(of: "--results", in: arguments), let second = value(of: "--against", in: arguments),
            let thresholdsPath = value(of: "--thresholds", in: arguments),
            let data = try? Data(contentsOf: URL(filePath: thresholdsPath)),
            let thresholds = try? JSONDecoder().decode(Thresholds.self, from: data)
        else {
            fail(2, "usage: P999Gate compare --results DIR --against DIR --thresholds FILE")
        }
        print("| benchmark | A p50 | B p50 | B/A | A p99 | B p99 | A p99.9 | B p99.9 |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for (name, entry) in thresholds.benchmarks.sorted(by: { $0.key < $1.key }) {
            guard let a = histogram(name, "wallClock", in: first), let b = histogram(name, "wallClock", in: second)
            else {
                fail(2, "no wallClock histogram for '\(name)' in both result folders")
            }
            let row = [50.0, 99.0, 99.9].map {
                (Double(a.valueAtPercentile($0)) / entry.divisor, Double(b.valueAtPercentile($0)) / entry.divisor)
            }
            print(
                "| \(name) | \(format(row[0].0)) | \(format(row[0].1)) | \(String(format: "%.2f", row[0].1 / row[0].0))"
                    + " | \(format(row[1].0)) | \(format(row[1].1)) | \(format(row[2].0)) | \(format(row[2].1)) |"
            )
        }
    }

    static func histogram(_ name: String, _ metric: String, in directory: String) -> Histogram<UInt>? {
        let suffix =
            ".\(name.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "_")).\(metric).histogram.json"
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory),
            let file = files.first(where: { $0.hasSuffix(suffix) }),
            let data = try? Data(contentsOf: URL(filePath: (directory as NSString).appendingPathComponent(file)))
        else { return nil }
        return try? JSONDecoder().decode(Histogram<UInt>.self, from: data)
    }

    static func value(of flag: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    static func format(_ value: Double) -> String {
        String(format: value < 10 ? "%.2f" : "%.0f", value)
    }

    static func fail(_ code: Int32, _ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(code)
    }
}
