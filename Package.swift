// swift-tools-version:6.2
// The one manifest of Bot4: a supply-chain security toolchain (`seal`) and a trading core (`bot4`).
// Module map and the reasons behind it: DESIGN.md in the project's design notes; each target below says
// what it holds. C libraries sit behind one system-library target each and one thin Swift owner each.

import PackageDescription

/// Settings every target shares: Swift 6 language mode comes from `swiftLanguageModes` below; these add
/// the upcoming features the project opts into everywhere.
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// Wrappers of C libraries import their C module internally only (never re-exported).
let wrapperSwiftSettings: [SwiftSetting] =
    sharedSwiftSettings + [
        .enableUpcomingFeature("InternalImportsByDefault")
    ]

let package = Package(
    name: "Bot4",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "seal", targets: ["seal"]),
        .library(name: "Sodium", targets: ["Sodium"]),
        .library(name: "Digest", targets: ["Digest"]),
        .library(name: "Minisign", targets: ["Minisign"]),
        .executable(name: "bot4", targets: ["bot4"]),
        .library(name: "TradingCore", targets: ["TradingCore"]),
        .library(name: "TradingRuntime", targets: ["TradingRuntime"]),
        .library(name: "Statistics", targets: ["Statistics"]),
        .library(name: "MarketCalibration", targets: ["MarketCalibration"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "TOMLPrecheck", targets: ["TOMLPrecheck"]),
        .library(name: "SBOM", targets: ["SBOM"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Vault", targets: ["Vault"]),
        .library(name: "PQ", targets: ["PQ"]),
        .library(name: "TradingStore", targets: ["TradingStore"]),
        .library(name: "Provenance", targets: ["Provenance"]),
        .library(name: "Release", targets: ["Release"]),
        .library(name: "TradingAPI", targets: ["TradingAPI"]),
        .library(name: "TradingVenue", targets: ["TradingVenue"]),
        .library(name: "TradingService", targets: ["TradingService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Without its default traits: Bot4 configures the server itself and needs no swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: C libraries (system)
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .systemLibrary(
            name: "CLibDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]
        ),
        // prctl(2) wrappers (header only: prctl is variadic, which Swift cannot call).
        .systemLibrary(name: "CProcessControl"),

        // MARK: The one lock type (a pthread mutex, which ThreadSanitizer sees), below every module that shares state
        .target(name: "Locking", swiftSettings: sharedSwiftSettings),

        // MARK: Thin owners of the C libraries
        .target(name: "Sodium", dependencies: ["CSodium", "Locking"], swiftSettings: wrapperSwiftSettings),
        .target(name: "Digest", dependencies: ["COpenSSL"], swiftSettings: wrapperSwiftSettings),
        // The one zip reader: the central directory checked against the file and limits, entries inflated by
        // libdeflate.
        .target(name: "Zip", dependencies: ["CLibDeflate"], swiftSettings: wrapperSwiftSettings),
        .target(
            name: "ProcessHardening",
            dependencies: ["CProcessControl", "Locking"],
            swiftSettings: wrapperSwiftSettings
        ),

        // MARK: Files and configuration input
        .target(name: "FileSystem", swiftSettings: sharedSwiftSettings),
        .target(name: "TOMLPrecheck", swiftSettings: sharedSwiftSettings),
        // The strict JSON parser on its streaming token reader (the one lexer, which Audit's OSV reader streams
        // records with, for speed), its writer (canonical or compact) and the Decodable/Encodable bridges.
        .target(name: "JSON", swiftSettings: sharedSwiftSettings),

        // MARK: Signing
        .target(name: "Minisign", dependencies: ["Sodium", "Digest", "Locking"], swiftSettings: sharedSwiftSettings),

        // MARK: Executables
        .executableTarget(
            name: "seal",
            dependencies: [
                "Minisign", "Sodium", "Digest", "FileSystem", "JSON", "SBOM", "Audit", "Vault", "Provenance",
                "Release", "SecretsExec", "BuildVersion", "CommandMain", "Locking",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Trading: the pure core (money, filters, orders, STP, matching, the order intake), the threaded
        // runtime parts (pools, backpressure, idempotency cache, clocks), statistics and the calibration tool
        .target(name: "TradingCore", dependencies: ["JSON"], swiftSettings: sharedSwiftSettings),
        .target(name: "TradingRuntime", dependencies: ["TradingCore", "Locking"], swiftSettings: sharedSwiftSettings),
        .target(name: "Statistics", swiftSettings: sharedSwiftSettings),
        .target(
            name: "MarketCalibration",
            dependencies: ["Statistics", "FileSystem", "JSON"],
            swiftSettings: sharedSwiftSettings
        ),
        .executableTarget(
            name: "bot4",
            dependencies: [
                "TradingCore", "TradingVenue", "TradingService", "MarketCalibration", "FileSystem", "JSON",
                "BuildVersion", "CommandMain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        // The executables' one entry point: run the root command, usage failures exit 2 (the canonical sheet)
        .target(
            name: "CommandMain",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: SBOM (issue 5)
        .target(
            name: "SBOM",
            dependencies: ["Digest", "JSON", "FileSystem", "Locking"],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Audit (issue 6)
        .target(
            name: "Audit",
            dependencies: [
                "SBOM", "JSON", "Minisign", "Digest", "TOMLPrecheck", "FileSystem",
                .product(name: "TOMLKit", package: "TOMLKit"),
                "Zip",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Vault (issue 4)
        .target(
            name: "Vault",
            dependencies: [
                "Sodium", "TOMLPrecheck", "JSON", "FileSystem", "Locking",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: PostgreSQL through libpq, and the trading store on it (issue 16)
        .target(name: "PQ", dependencies: ["CLibPQ", "Locking"], swiftSettings: wrapperSwiftSettings),
        .target(name: "TradingStore", dependencies: ["PQ", "JSON", "FileSystem"], swiftSettings: sharedSwiftSettings),
        // MARK: Provenance (issue 15): DSSE envelopes, in-toto Statement v1, SLSA Provenance v1
        .target(
            name: "Provenance",
            dependencies: ["Sodium", "Digest", "Minisign", "JSON", "SBOM"],
            swiftSettings: sharedSwiftSettings
        ),
        // MARK: Release flows (issue 13): checksum manifests, choosing a signer (key file or Vault Transit, which
        // lives here so that Vault imports no signing module), the audit gate and SBOMs as calls.
        .target(
            name: "Release",
            dependencies: [
                "Minisign", "Sodium", "Digest", "FileSystem", "JSON", "Vault", "Audit", "SBOM", "Provenance",
                "ProcessHardening",
            ],
            swiftSettings: sharedSwiftSettings
        ),
        // `seal exec`: the child process, secret files, and the supervisor as a pure state machine.
        .target(
            name: "SecretsExec",
            dependencies: ["Vault", "Sodium", "ProcessHardening", "FileSystem", "Locking", "TOMLPrecheck"],
            swiftSettings: sharedSwiftSettings
        ),
        // The `git describe` stamp behind `seal --version` and `bot4 --version`, generated before each build.
        .target(name: "BuildVersion", swiftSettings: sharedSwiftSettings, plugins: ["VersionStamp"]),
        .plugin(name: "VersionStamp", capability: .buildTool()),

        // MARK: The Binance-shaped REST API: request parsing, signatures, order parameters, responses (issue 16)
        .target(
            name: "TradingAPI",
            dependencies: ["TradingCore", "Digest", "Sodium", "JSON"],
            swiftSettings: sharedSwiftSettings
        ),
        // The simulated venue: the durable order flow between the intake and the store, and `bot4 migrate`'s setup
        .target(
            name: "TradingVenue",
            dependencies: ["TradingCore", "TradingStore", "PQ", "FileSystem"],
            swiftSettings: sharedSwiftSettings
        ),

        // The HTTP service: Hummingbird router and handlers over TradingAPI and TradingVenue, `bot4 serve`'s flow
        .target(
            name: "TradingService",
            dependencies: [
                "TradingAPI", "TradingVenue", "TradingStore", "TradingCore", "PQ", "JSON", "Sodium", "FileSystem",
                "Locking",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // Orders/s of the venue on a throwaway cluster (scripts/bench-venue); not a test
        .executableTarget(
            name: "VenueBenchmark",
            dependencies: ["TradingVenue", "TradingStore", "TradingCore", "PQ", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Test support (shipped as a non-test target so every test target shares one copy)
        .target(
            name: "Bot4TestSupport",
            dependencies: ["Locking", "ProcessHardening"],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "SodiumTests", dependencies: ["Sodium"], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "ZipTests", dependencies: ["Zip", "Bot4TestSupport"], swiftSettings: sharedSwiftSettings),
        .testTarget(
            name: "ProcessHardeningTests",
            dependencies: ["ProcessHardening"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "FileSystemTests",
            dependencies: ["FileSystem", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "DigestTests",
            dependencies: ["Digest", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "MinisignTests",
            dependencies: ["Minisign", "Sodium", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SealCLITests",
            dependencies: ["Minisign", "Sodium", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        // Runs the built `bot4` end to end (exit codes, output formats); the logic is tested in the library targets.
        .testTarget(name: "Bot4CLITests", dependencies: ["Bot4TestSupport"], swiftSettings: sharedSwiftSettings),
        .testTarget(
            name: "TradingCoreTests",
            dependencies: ["TradingCore", "JSON", "Bot4TestSupport", .product(name: "BigInt", package: "BigInt")],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "TradingRuntimeTests",
            dependencies: ["TradingRuntime", "TradingCore"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "StatisticsTests",
            dependencies: ["Statistics", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SBOMTests",
            dependencies: ["SBOM", "JSON", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "MarketCalibrationTests",
            dependencies: ["MarketCalibration", "Statistics", "FileSystem", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["Audit", "Digest", "SBOM", "JSON", "Minisign", "Sodium", "Zip", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "ReleaseTests",
            dependencies: [
                "Release", "Minisign", "Sodium", "Digest", "Vault", "Audit", "SBOM", "Provenance", "JSON", "FileSystem",
                "Bot4TestSupport",
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SecretsExecTests",
            dependencies: ["SecretsExec", "Vault", "Sodium", "TOMLPrecheck", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VaultTests",
            dependencies: ["Vault", "JSON", "Sodium", "TOMLPrecheck", "Bot4TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "PQTests",
            dependencies: ["PQ", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "TradingVenueTests",
            dependencies: ["TradingVenue", "TradingStore", "TradingCore", "PQ", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "TradingStoreTests",
            dependencies: ["TradingStore", "PQ", "JSON", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "ProvenanceTests",
            dependencies: ["Provenance", "Minisign", "Sodium", "SBOM", "JSON", "Digest", "Bot4TestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "TradingServiceTests",
            dependencies: [
                "TradingService", "TradingVenue", "TradingStore", "PQ", "Digest", "JSON", "Bot4TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Clients"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "TradingAPITests",
            dependencies: ["TradingAPI", "TradingCore", "Sodium", "Digest"],
            swiftSettings: sharedSwiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
