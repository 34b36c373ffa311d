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
