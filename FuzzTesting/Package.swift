// swift-tools-version:6.1
// libFuzzer targets, one per parser of outside input. Build and run with `scripts/fuzz` (recipe and traps:
// the toolchain notes): `swift build -c debug --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address`.
// Each target's seed corpus of real samples is in `Corpus/<Target>/`; crashers found go to `FailCases/`.

import PackageDescription

let fuzzSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "FuzzTesting",
    dependencies: [
        .package(name: "Bot4", path: "../")
    ],
    targets: [
        .executableTarget(
            name: "FuzzMinisign",
            dependencies: [.product(name: "Minisign", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzCalibrationLoaders",
            dependencies: [.product(name: "MarketCalibration", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzOSV",
            dependencies: [.product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzAptLists",
            dependencies: [.product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzAuditPolicy",
            dependencies: [.product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzDecimal",
            dependencies: [.product(name: "TradingCore", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzExchangeInfo",
            dependencies: [.product(name: "TradingCore", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzBookEvent",
            dependencies: [.product(name: "TradingCore", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzTradeTape",
            dependencies: [
                .product(name: "TradingCore", package: "Bot4"), .product(name: "TradingVenue", package: "Bot4"),
            ],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzRateLimitHeader",
            dependencies: [.product(name: "TradingRuntime", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzPackageResolved",
            dependencies: [.product(name: "SBOM", package: "Bot4"), .product(name: "JSON", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzELF",
            dependencies: [.product(name: "SBOM", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzDebianCopyright",
            dependencies: [.product(name: "SBOM", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzVaultJSON",
            dependencies: [.product(name: "Vault", package: "Bot4"), .product(name: "JSON", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzBinanceRequest",
            dependencies: [.product(name: "TradingAPI", package: "Bot4"), .product(name: "Sodium", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzSecretsPolicy",
            dependencies: [.product(name: "Vault", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzDSSEEnvelope",
            dependencies: [.product(name: "Provenance", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzChecksumManifest",
            dependencies: [.product(name: "Release", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzInTotoStatement",
            dependencies: [.product(name: "Provenance", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzOSVExport",
            dependencies: [.product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzSBOMDocument",
            dependencies: [.product(name: "SBOM", package: "Bot4"), .product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzVEX",
            dependencies: [.product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzSnapshotManifest",
            dependencies: [.product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzZipArchive",
            dependencies: [.product(name: "Audit", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzVaultText",
            dependencies: [.product(name: "Vault", package: "Bot4"), .product(name: "TOMLPrecheck", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzSwiftPMOutput",
            dependencies: [.product(name: "SBOM", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzLicenseDetector",
            dependencies: [.product(name: "SBOM", package: "Bot4")],
            swiftSettings: fuzzSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
