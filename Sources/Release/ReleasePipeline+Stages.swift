import Audit
import FileSystem
import Foundation
import Minisign
import Provenance
import SBOM

extension ReleasePipeline {
    /// The steps between the source and a verified staging folder.
    func stages(source: SourceInfo, directory: String, staging: String, started: Date) async throws -> Outcome {
        let manifest = try SwiftPMManifest.parse(
            try runner.run(request.swift, ["package", "--package-path", directory, "dump-package"])
        )
        let name = manifest.name.lowercased()
        let executables = manifest.products.filter { $0.type == "executable" }.map(\.name).sorted()
        guard !executables.isEmpty else {
            throw ReleaseError(.badInput, "\(directory): the package has no executable product to release")
        }
        let scratch = request.scratchPath ?? Self.defaultScratchPath(packageName: name)
        let sizes = try await timed("build", summary: Self.sizeSummary) {
            try build(executables, directory: directory, scratchPath: scratch, into: staging)
        }
        let binaries = executables.map { staging + "/" + $0 }
        let sbom = try await timed("SBOMs", summary: Self.sbomSummary(name)) {
            let bom = try SBOMGenerator(runner: runner, swift: request.swift).generate(
                SBOMGenerator.Request(
                    packagePath: directory,
                    rootVersion: source.version,
                    binaries: binaries,
                    timestamp: try SBOMGenerator.timestamp(
                        sourceDateEpoch: request.environment["SOURCE_DATE_EPOCH"] ?? source.commitTime
                    ),
                    tool: BillOfMaterials.Tool(vendor: "Bot4", name: "seal", version: request.toolVersion)
                )
            )
            let cycloneDX = try CycloneDXWriter(specVersion: "1.6").bytes(bom)
            try AtomicFile.write(cycloneDX, to: "\(staging)/\(name).cdx.json")
            try AtomicFile.write(SPDXWriter().bytes(bom), to: "\(staging)/\(name).spdx.json")
            return cycloneDX
        }
        let gate = try await timed("audit gate", summary: Self.gateSummary) {
            // The report names the SBOM by its name in the bundle, not the staging folder's path, so that it
            // is the same wherever and whenever the release is built.
            let gate = try AuditGate.check(
                AuditRequest(
                    input: "\(name).cdx.json",
                    inputContents: sbom,
                    policyPath: request.policyPath,
                    now: request.asOf ?? Date()
                )
            )
            try AtomicFile.write(ReportRenderer.render(gate.report, format: .markdown), to: staging + "/audit.md")
            try AtomicFile.write(ReportRenderer.render(gate.report, format: .json), to: staging + "/audit.json")
            return gate
        }
        guard gate.passes else { return .refused(gate.report) }
        let publicKey = try await timed("provenance, checksums, signatures") {
            try await sign(source: source, name: name, scratchPath: scratch, staging: staging, started: started)
        }
        try request.afterSealing?(staging)
        let verdict = try await timed("self-verification", summary: Self.verdictSummary) {
            try ReleaseVerification.verify(.init(directory: staging, publicKey: publicKey))
        }
        guard verdict.isVerified else { return .selfVerificationFailed(verdict) }
        return .released(directory: staging, verdict: verdict, executableSizes: sizes)
    }

    /// Builds each executable in `scratchPath` and copies it into `staging` stripped, without `.swift_modhash`.
    func build(
        _ executables: [String],
        directory: String,
        scratchPath: String,
        into staging: String
    ) throws -> [String: Int] {
        let flags =
            ["build", "--package-path", directory]
            + Self.buildFlags(packageDirectory: directory, scratchPath: scratchPath)
        for product in executables { _ = try runner.run(request.swift, flags + ["--product", product]) }
        let binPath = String(decoding: try runner.run(request.swift, flags + ["--show-bin-path"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var sizes: [String: Int] = [:]
        for product in executables {
            let target = staging + "/" + product
            _ = try runner.run(
                "objcopy",
                ["--strip-all", "--remove-section", ".swift_modhash", binPath + "/" + product, target]
            )
            var info = stat()
            guard stat(target, &info) == 0 else {
                throw ReleaseError(
                    .io,
                    "\(target): cannot read the built executable: \(String(cString: strerror(errno)))"
                )
            }
            sizes[product] = Int(info.st_size)
        }
        return sizes
    }

    /// Signs the staged artifacts with the release key or an ephemeral one; returns the public key.
    func sign(
        source: SourceInfo,
        name: String,
        scratchPath: String,
        staging: String,
        started: Date
    ) async throws -> PublicKey {
        let ephemeral = request.signingKey == nil
        let version = source.version
        let resolvedPath = request.packageDirectory + "/Package.resolved"
        let resolved = access(resolvedPath, F_OK) == 0 ? try PackageResolved.read(path: resolvedPath) : nil
        let toolchain = SLSAProvenance.toolchain(versionLine: source.toolchain)
        let predicate = SLSAProvenance(
            buildCommand: Self.recordedBuildCommand(swift: request.swift, scratchPath: scratchPath),
            sourceRepository: source.repository,
            sourceCommit: source.commit,
            version: version,
            resolvedDependencies: resolved.map { SLSAProvenance.dependencies(from: $0, toolchain: toolchain) }
                ?? [toolchain],
            builderID: "urn:bot4:builder:seal-release:\(request.toolVersion)",
            startedOn: started,
            finishedOn: Date()
        )
        let sealing = BundleSealing.Request(
            directory: staging,
            statement: { predicate.statement(subjects: $0) },
            trustedComment: { file in
                "\(name) \(version) \(file)" + (ephemeral ? " \(ReleaseBundle.ephemeralMarker) key" : "")
            }
        )
        guard let key = request.signingKey else {
            let secret = try SecretKey.generate()
            try AtomicFile.write(secret.publicKey.fileContents(), to: "\(staging)/\(name).pub")
            try await BundleSealing.seal(sealing, signer: KeyFileSigner(secretKey: secret))
            return secret.publicKey
        }
        return try await key.withSigner(environment: request.environment) { signer in
            try await BundleSealing.seal(sealing, signer: signer)
            return try await signer.publicKey
        }
    }

    static func databaseSummary(_ database: AdvisoryDatabase) -> String {
        let taken = database.snapshotDate.map { "taken \($0.ISO8601Format())" } ?? "undated"
        let signature = database.signatureVerified ? "signature verified" : "signature not checked"
        let index = database.readThroughPackageIndex ? ", package index checked" : ""
        return "\(database.recordCount) records, \(taken), \(signature)\(index)"
    }

    static func sbomSummary(_ name: String) -> ([UInt8]) -> String {
        { _ in "\(name).cdx.json (CycloneDX 1.6), \(name).spdx.json (SPDX 2.3)" }
    }

    static func gateSummary(_ gate: AuditGate) -> String { ReportRenderer.summaryLine(gate.report) }

    static func verdictSummary(_ verdict: ReleaseVerdict) -> String { "\(verdict.problems.count) problems" }

    static func sizeSummary(_ sizes: [String: Int]) -> String {
        sizes.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1f", Double($0.value) / 1_048_576)) MiB" }
            .joined(separator: ", ")
    }
}
