// swift-tools-version:6.1
// The performance suite (ordo-one/benchmark). Run: `cd Benchmarks && swift package benchmark`.
// Short mode for CI (the gates only): `BOT4_BENCH_SHORT=1 swift package benchmark`.
// Scripts that time Bot4 against peer tools in the same run live in `scripts/`.

import PackageDescription

let benchSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Bot4", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "DigestBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Digest", package: "Bot4"),
                .product(name: "Sodium", package: "Bot4"),
            ],
            path: "Benchmarks/DigestBenchmarks",
            swiftSettings: benchSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StatisticsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Statistics", package: "Bot4"),
                .product(name: "MarketCalibration", package: "Bot4"),
            ],
            path: "Benchmarks/StatisticsBenchmarks",
            swiftSettings: benchSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "AuditBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Audit", package: "Bot4"),
            ],
            path: "Benchmarks/AuditBenchmarks",
            swiftSettings: benchSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TradingCoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TradingCore", package: "Bot4"),
            ],
            path: "Benchmarks/TradingCoreBenchmarks",
            swiftSettings: benchSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TradingCoreIIBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TradingCore", package: "Bot4"),
                .product(name: "TradingRuntime", package: "Bot4"),
            ],
            path: "Benchmarks/TradingCoreIIBenchmarks",
            swiftSettings: benchSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The p99/p99.9 gate over exported HDR histograms (scripts/p999-gate.sh runs it).
        .executableTarget(
            name: "P999Gate",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")],
            path: "Tools/P999Gate",
            swiftSettings: benchSettings
        ),
        // An open-loop fixed-rate load generator for `bot4 serve` (scripts/serve-vs-pgbench.sh runs it).
        .executableTarget(
            name: "OpenLoopLoad",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Digest", package: "Bot4"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "Tools/OpenLoopLoad",
            swiftSettings: benchSettings
        ),
        // The three release digests from one read vs one after another (scripts/artifact-digests.sh).
        .executableTarget(
            name: "ArtifactDigests",
            dependencies: [
                .product(name: "Minisign", package: "Bot4"),
                .product(name: "Digest", package: "Bot4"),
                .product(name: "Sodium", package: "Bot4"),
            ],
            path: "Tools/ArtifactDigests",
            swiftSettings: benchSettings
        ),
        // A fixed workload of the trading core for instruction counts under callgrind (scripts/callgrind-gate.sh).
        .executableTarget(
            name: "TradingCoreIIWorkload",
            dependencies: [
                .product(name: "TradingCore", package: "Bot4"), .product(name: "TradingRuntime", package: "Bot4"),
            ],
            path: "Tools/TradingCoreIIWorkload",
            swiftSettings: benchSettings
        ),
        .executableTarget(
            name: "SBOMBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SBOM", package: "Bot4"),
            ],
            path: "Benchmarks/SBOMBenchmarks",
            swiftSettings: benchSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
