import Audit
import Benchmark
import Foundation

/// Loading and matching an advisory database vs. Foundation's JSONSerialization merely parsing the same
/// records (goal: the audit takes at most twice as long). The database is built from the real records of the
/// committed snapshot (policy/advisories): 100,000 records (10,000 with BOT4_BENCH_SHORT=1), each a real
/// record with a new id and, for most, a new package name, so the index holds as many packages as a real
/// ecosystem dump. Matching is against Bot4's resolved dependencies (Package.resolved) and its three Debian
/// libraries. The ratio is the median of the first benchmark over the median of the second.
let benchmarks: @Sendable () -> Void = {
    let short = ProcessInfo.processInfo.environment["BOT4_BENCH_SHORT"] != nil
    let count = short ? 10_000 : 100_000
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let corpus = AuditCorpus.build(root: root, count: count)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .one,
        maxDuration: .seconds(short ? 5 : 60),
        maxIterations: short ? 3 : 9
    )
    Benchmark("Audit load+match \(count) OSV records", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var records: [OSVRecord] = []
            records.reserveCapacity(corpus.records.count)
            for (index, bytes) in corpus.records.enumerated() {
                if let record = try? OSVParser.parse(bytes, source: "record-\(index)") { records.append(record) }
            }
            let database = AdvisoryDatabase(records: records)
            let report = Auditor(database: database, policy: AuditPolicy()).audit(corpus.input)
            blackHole(report)
        }
    }
    Benchmark("JSONSerialization parse \(count) OSV records", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for bytes in corpus.records {
                blackHole(try? JSONSerialization.jsonObject(with: bytes))
            }
        }
    }
}

/// The benchmark's records and the packages they are matched against.
struct AuditCorpus: Sendable {
    let records: [Data]
    let input: AuditInput

    static func build(root: URL, count: Int) -> AuditCorpus {
        let folder = root.appendingPathComponent("policy/advisories")
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") && $0 != "snapshot.json" }.sorted()
        precondition(!files.isEmpty, "no records under \(folder.path)")
        let templates: [[String: Any]] = files.compactMap {
            let data = FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) ?? Data()
            return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        }
        var records: [Data] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            var record = templates[index % templates.count]
            let id = record["id"] as? String ?? "X"
            record["id"] = "\(id)-\(index)"
            if var affected = record["affected"] as? [[String: Any]] {
                for position in affected.indices {
                    guard var package = affected[position]["package"] as? [String: Any] else { continue }
                    // Every 100th record keeps its real package (and so can match); the others name a new one.
                    if index % 100 != 0 {
                        let name = package["name"] as? String ?? ""
                        package["name"] = name + "-\(index)"
                    }
                    affected[position]["package"] = package
                }
                record["affected"] = affected
            }
            records.append((try? JSONSerialization.data(withJSONObject: record)) ?? Data())
        }
        var resolved = root.appendingPathComponent("Package.resolved").path
        if !FileManager.default.fileExists(atPath: resolved) {
            resolved = root.appendingPathComponent("Benchmarks/Package.resolved").path
        }
        var input =
            (try? AuditInput.load(path: resolved))
            ?? AuditInput(packages: [], scannedFile: resolved, hasLicenseData: false)
        input.packages += [
            AuditedPackage(ecosystem: .debian12, name: "openssl", displayName: "libssl3", version: "3.0.18-1~deb12u2"),
            AuditedPackage(
                ecosystem: .debian12,
                name: "postgresql-15",
                displayName: "libpq5",
                version: "15.20-0+deb12u1"
            ),
            AuditedPackage(ecosystem: .debian12, name: "libsodium", displayName: "libsodium23", version: "1.0.18-1"),
        ]
        return AuditCorpus(records: records, input: input)
    }
}
