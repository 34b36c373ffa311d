import ArgumentParser
import FileSystem
import Foundation
import JSON
import Release
import SBOM

/// `seal sbom`: bill of materials of a SwiftPM package (and what its binaries link), and `seal sbom check`.
struct SBOMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "Write a CycloneDX or SPDX bill of materials of a SwiftPM package, or check one.",
        subcommands: [SBOMGenerateCommand.self, SBOMCheckCommand.self],
        defaultSubcommand: SBOMGenerateCommand.self
    )

    /// The version `seal` writes into the tool metadata of its SBOMs.
    static let toolVersion = "0.1.0"

    /// Runs `body` under ``SealExit/mapping(_:)`` (``SBOMError``: bad input 2, environment 3).
    static func mapping(_ body: () throws -> Void) async throws {
        try await SealExit.mapping { try body() }
    }
}

/// `seal sbom [DIR]`.
struct SBOMGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the SBOM of the SwiftPM package in DIR (the default command of `seal sbom`).",
        discussion: """
            Reads `swift package show-dependencies` and `dump-package` (the graph, test scope, system libraries, \
            binary targets), Package.resolved (exact pins), and the licence files of the checkouts (offline, \
            NOASSERTION when unsure). With --binary, adds each ELF binary's SHA-256/SHA-512 and the Debian \
            packages (exact versions) and Swift toolchain libraries it links.

            Output is deterministic: sorted, timestamp from SOURCE_DATE_EPOCH (else now), serial number and SPDX \
            namespace derived from the content. Two runs on the same input give identical bytes.

            Examples:
              seal sbom --output sbom.cdx.json
              SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) seal sbom . --format spdx --output sbom.spdx.json
              seal sbom --binary .build/release/seal --root-version 1.2.0 --output seal.cdx.json

            Exit codes: 0 written; 2 bad input (malformed Package.resolved, ELF or flag); 3 the environment \
            failed (swift package failed, a checkout or file is missing or unreadable).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case cyclonedx, spdx
    }

    @Argument(help: "The package folder (with Package.swift).")
    var directory: String = "."

    @Option(name: .long, help: "cyclonedx (default) or spdx (SPDX 2.3).")
    var format: Format = .cyclonedx

    @Option(name: .long, help: "CycloneDX version: 1.5, 1.6 (default) or 1.7.")
    var specVersion: String = "1.6"

    @Option(name: .long, help: "An ELF binary built from the package (repeatable).")
    var binary: [String] = []

    @Option(name: .long, help: "Write here (atomically) instead of standard output.")
    var output: String?

    @Option(name: .long, help: "The root package's version.")
    var rootVersion: String?

    @Option(name: .long, help: "Author of the SBOM data, an organisation or person (repeatable).")
    var author: [String] = []

    @Option(name: .long, help: "The supplier of the root package.")
    var supplier: String?

    @Flag(name: .long, help: "Do not read licence files.")
    var noLicenses = false

    @Flag(name: .long, help: "Print the time spent in swift package and in seal itself on standard error.")
    var timings = false

    func run() async throws {
        try await SBOMCommand.mapping {
            let started = DispatchTime.now().uptimeNanoseconds
            let timestamp = try SBOMGenerator.timestamp(
                sourceDateEpoch: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"]
            )
            let generator = SBOMGenerator()
            let sbomFormat: SBOMFormat = format == .spdx ? .spdx : .cycloneDX(specVersion: specVersion)
            let bytes = try sbomFormat.generate(
                SBOMGenerator.Request(
                    packagePath: directory,
                    rootVersion: rootVersion,
                    binaries: binary,
                    authors: author,
                    supplier: supplier,
                    timestamp: timestamp,
                    tool: BillOfMaterials.Tool(vendor: "Bot4", name: "seal", version: SBOMCommand.toolVersion),
                    detectLicenses: !noLicenses
                ),
                with: generator
            )
            if let output {
                try AtomicFile.write(bytes, to: output)
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
            if timings {
                let total = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                let tools = generator.runner.secondsInTools
                let line = String(
                    format:
                        "seal sbom: %.3f s total, %.3f s in swift package and other tools, %.3f s in seal (%.2fx)\n",
                    total,
                    tools,
                    total - tools,
                    tools > 0 ? (total - tools) / tools : 0
                )
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }
}

/// `seal sbom check FILE`.
struct SBOMCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Score a CycloneDX or SPDX JSON SBOM against the NTIA, CISA and BSI TR-03183-2 element lists.",
        discussion: """
            Prints, per profile and element, how many components have it and which lack it.

            Exit codes: 0 every selected profile is fully covered; 1 an element is missing somewhere; 2 the file \
            is not a readable CycloneDX/SPDX JSON document; 3 it cannot be read.
            """
    )

    @Argument(help: "The SBOM (CycloneDX 1.2–1.7 or SPDX 2.2/2.3 JSON).")
    var file: String

    @Option(name: .long, help: "ntia, cisa, bsi or all (default: all).")
    var profile: String = "all"

    @Option(name: .long, help: "Report format: text or json.")
    var format: ReportFormat = .text

    func run() async throws {
        var failed = false
        try await SBOMCommand.mapping {
            let profiles: [SBOMQualityCheck.Profile]
            if profile == "all" {
                profiles = SBOMQualityCheck.Profile.allCases
            } else if let one = SBOMQualityCheck.Profile.allCases.first(where: { $0.rawValue == profile }) {
                profiles = [one]
            } else {
                throw CLIError.usage("--profile must be ntia, cisa, bsi or all, not \(profile)")
            }
            let bom = try SBOMDocumentReader.read(path: file)
            let check = SBOMQualityCheck(bom, profiles: profiles)
            failed = profiles.contains { !check.passed($0) }
            if format == .json {
                let elements: [JSONValue] = check.elements.map { e in
                    .object([
                        ("profile", .string(e.profile.rawValue)), ("element", .string(e.name)),
                        ("covered", .integer(e.covered)), ("total", .integer(e.total)),
                        ("missing", .array(e.missing.map { .string($0) })),
                    ])
                }
                let passed: [(String, JSONValue)] = profiles.map { ($0.rawValue, .bool(check.passed($0))) }
                print(
                    JSONWriter.string(.object([("passed", .object(passed)), ("elements", .array(elements))])),
                    terminator: ""
                )
            } else {
                for profile in profiles {
                    print("\(profile.rawValue.uppercased()): \(check.passed(profile) ? "complete" : "incomplete")")
                    for e in check.elements where e.profile == profile {
                        let mark = e.passed ? "ok  " : "MISS"
                        var line = "  \(mark) \(e.name): \(e.covered)/\(e.total)"
                        if !e.missing.isEmpty {
                            line += " — missing: " + e.missing.prefix(8).joined(separator: ", ")
                            if e.missing.count > 8 { line += " and \(e.missing.count - 8) more" }
                        }
                        print(line)
                    }
                }
            }
        }
        if failed { throw SealExit.negative }
    }
}
