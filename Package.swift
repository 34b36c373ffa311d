// swift-tools-version:6.1
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
        .library(name: "MarketCalibration", targets: ["MarketCalibration"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "SBOM", targets: ["SBOM"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Vault", targets: ["Vault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
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
        // prctl(2) wrappers (header only: prctl is variadic, which Swift cannot call).
        .systemLibrary(name: "CProcessControl"),

        // MARK: Thin owners of the C libraries
        .target(name: "Sodium", dependencies: ["CSodium"], swiftSettings: wrapperSwiftSettings),
        .target(name: "Digest", dependencies: ["COpenSSL"], swiftSettings: wrapperSwiftSettings),
        .target(
            name: "ProcessHardening",
            dependencies: ["CProcessControl"],
            swiftSettings: wrapperSwiftSettings
        ),

        // MARK: Files and configuration input
        .target(name: "FileSystem", swiftSettings: sharedSwiftSettings),
        .target(name: "TOMLPrecheck", swiftSettings: sharedSwiftSettings),
        // The one strict JSON parser and canonical writer that SBOM, Vault and seal read and write JSON with.
        .target(name: "JSON", swiftSettings: sharedSwiftSettings),

        // MARK: Signing
        .target(name: "Minisign", dependencies: ["Sodium", "Digest"], swiftSettings: sharedSwiftSettings),

        // MARK: Executables
        .executableTarget(
            name: "seal",
            dependencies: [
                "Minisign", "Sodium", "Digest", "FileSystem", "JSON", "SBOM", "Audit", "Vault", "ProcessHardening",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Trading core (money, filters, orders, matching, ordering, statistics) and its calibration tool
        .target(name: "TradingCore", swiftSettings: sharedSwiftSettings),
        .target(
            name: "MarketCalibration",
            dependencies: ["TradingCore", "FileSystem"],
            swiftSettings: sharedSwiftSettings
        ),
        .executableTarget(
            name: "bot4",
            dependencies: [
                "TradingCore", "MarketCalibration", "FileSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: SBOM (issue 5)
        .target(name: "SBOM", dependencies: ["Digest", "JSON"], swiftSettings: sharedSwiftSettings),

        // MARK: Audit (issue 6)
        .target(
            name: "Audit",
            dependencies: [
                "SBOM", "JSON", "Minisign", "Digest", "TOMLPrecheck",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Vault (issue 4)
        .target(
            name: "Vault",
            dependencies: [
                "Sodium", "Minisign", "TOMLPrecheck", "JSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: sharedSwiftSettings
        ),

        // MARK: Test support (shipped as a non-test target so every test target shares one copy)
        .target(name: "Bot4TestSupport", swiftSettings: sharedSwiftSettings),

        // MARK: Tests
        .testTarget(name: "SodiumTests", dependencies: ["Sodium"], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: sharedSwiftSettings),
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
        .testTarget(
            name: "TradingCoreTests",
            dependencies: ["TradingCore", "Bot4TestSupport", .product(name: "BigInt", package: "BigInt")],
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
            dependencies: ["MarketCalibration", "TradingCore", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["Audit", "SBOM", "Minisign", "Sodium", "Bot4TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VaultTests",
            dependencies: ["Vault", "Sodium", "Minisign", "Bot4TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
