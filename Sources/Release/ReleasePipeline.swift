import Audit
import Foundation
import Minisign
import SBOM

/// `seal release` as one call: static reproducible builds of every executable of a package, its SBOMs, the
/// audit gate, provenance, checksums and signatures, built in a staging folder that becomes
/// `release/dist/V/` only once it is complete and has verified itself.
///
/// A failure at any step removes the staging folder: no bundle that looks complete is ever left behind.
public struct ReleasePipeline: Sendable {
    /// What to release.
    public struct Request: Sendable {
        /// The package folder (a git checkout).
        public var packageDirectory: String
        /// The bundle's version; nil: `git describe --tags --always`, as the binaries' stamp.
        public var version: String?
        /// The release key; nil: an ephemeral key, whose public half goes into the bundle and whose use every
        /// trusted comment states.
        public var signingKey: SigningKey?
        /// The day the audit gate is evaluated at (database age, ignore expiry); nil: now.
        public var asOf: Date?
        /// The folder bundles go into; nil: `release/dist` in the package.
        public var outputRoot: String?
        /// The audit policy; nil: the built-in defaults.
        public var policyPath: String?
        /// The environment (`SOURCE_DATE_EPOCH`, `VAULT_*`).
        public var environment: [String: String]
        /// The `swift` executable.
        public var swift: String
        /// The folder the release builds in (`swift build --scratch-path`); nil: the fixed
        /// `defaultScratchPath(packageName:)`, the same wherever the checkout is.
        public var scratchPath: String?
        /// The version of `seal` that makes the release, named in the SBOMs.
        public var toolVersion: String
        /// Called with the staging folder once the bundle is sealed (built, audited, attested, checksummed and
        /// signed), before it verifies itself: a seam for tests that change a sealed file to show that such a
        /// bundle is never released. nil in `seal release`.
        public var afterSealing: (@Sendable (_ staging: String) throws -> Void)?

        /// A request.
        public init(
            packageDirectory: String,
            version: String? = nil,
            signingKey: SigningKey? = nil,
            asOf: Date? = nil,
            outputRoot: String? = nil,
            policyPath: String? = nil,
            environment: [String: String] = [:],
            swift: String = "swift",
            scratchPath: String? = nil,
            toolVersion: String,
            afterSealing: (@Sendable (_ staging: String) throws -> Void)? = nil
        ) {
            self.packageDirectory = packageDirectory
            self.version = version
            self.signingKey = signingKey
            self.asOf = asOf
            self.outputRoot = outputRoot
            self.policyPath = policyPath
            self.environment = environment
            self.swift = swift
            self.scratchPath = scratchPath
            self.toolVersion = toolVersion
            self.afterSealing = afterSealing
        }
    }

    /// How a release ended: a verdict, not an error.
    public enum Outcome: Sendable {
        /// The bundle is complete, verified, and in place.
        case released(directory: String, verdict: ReleaseVerdict, executableSizes: [String: Int])
        /// The audit gate refused: nothing was signed and no bundle was left.
        case refused(AuditReport)
        /// The staged bundle did not verify with the signing key (its problems are the verdict's): it was
        /// removed, and nothing was released.
        case selfVerificationFailed(ReleaseVerdict)
    }

    /// The flags of every build of the package in `packageDirectory`: a build folder outside the checkout, at
    /// `scratchPath`; release, static standard library, no debug-info paths, no GNU build-id (the toolchain
    /// notes' reproducible recipe; `.swift_modhash` is removed when the binary is copied); and the package
    /// folder written as `.` in the C and C++ file names compiled into the binaries (`__FILE__` in assertions,
    /// lambda names).
    ///
    /// Both serve one end: two builds of one commit in two folders give the same bytes. The C flag covers the
    /// package's own C code; dependencies are checked out under the scratch folder, whose path is fixed, because
    /// Swift code compiled in the Swift 5 language mode writes its file's absolute path (`#file`) into the
    /// binary and swiftc has no flag that rewrites it (`-file-prefix-map` maps debug and index paths only).
    /// `scripts/release` and `scripts/reproduce` build `seal` with the same flags.
    public static func buildFlags(packageDirectory: String, scratchPath: String) -> [String] {
        [
            "--scratch-path", scratchPath,
            "-c", "release", "--static-swift-stdlib", "-Xswiftc", "-gnone", "-Xlinker", "--build-id=none",
            "-Xcc", "-ffile-prefix-map=\(packageDirectory)=.",
        ]
    }

    /// The build folder of a release of the package named `packageName` (lowercased): a fixed path,
    /// `/tmp/seal-release-NAME`, so that a rebuild in another checkout compiles the same paths.
    public static func defaultScratchPath(packageName: String) -> String {
        "/tmp/seal-release-" + packageName.lowercased()
    }

    /// The build command as the provenance records it: run in the package folder, which `$PWD` stands for,
    /// so that the statement does not depend on where the checkout was; the scratch folder is named as it is,
    /// since a rebuild needs the same one.
    public static func recordedBuildCommand(swift: String, scratchPath: String) -> [String] {
        [swift, "build"] + buildFlags(packageDirectory: "$PWD", scratchPath: scratchPath)
    }

    let request: Request
    let progress: @Sendable (ReleaseProgress) -> Void
    let runner = ToolRunner()

    /// A pipeline for `request` reporting to `progress`.
    public init(_ request: Request, progress: @escaping @Sendable (ReleaseProgress) -> Void = { _ in }) {
        self.request = request
        self.progress = progress
    }

    /// Runs every step. The advisory database comes first: a database that is missing, badly signed or older
    /// than the policy's `max-age` stops the release before a staging folder exists or anything is built.
    /// - Throws: ``ReleaseError`` (a bundle of that version exists, the staging folder cannot be made or
    ///   renamed), ``AuditError`` (an unusable or too-old database, a malformed policy), `SBOMError` (a build
    ///   or tool failed), the key's errors; the staging folder is gone whatever is thrown.
    public func run() async throws -> Outcome {
        let started = Date()
        let directory = URL(fileURLWithPath: request.packageDirectory).standardizedFileURL.path
        _ = try await timed("advisory database", summary: Self.databaseSummary) {
            try Audit.checkDatabase(AuditRequest(policyPath: request.policyPath, now: request.asOf ?? Date()))
        }
        let source = try await timed("source", summary: SourceInfo.summary) {
            try SourceInfo.read(directory, runner: runner, version: request.version, swift: request.swift)
        }
        let outputRoot = request.outputRoot ?? directory + "/release/dist"
        let final = outputRoot + "/" + source.version
        guard access(final, F_OK) != 0 else {
            throw ReleaseError(.badInput, "\(final): a bundle of version \(source.version) already exists")
        }
        let staging = try Self.makeStaging(in: outputRoot, version: source.version)
        do {
            let outcome = try await stages(source: source, directory: directory, staging: staging, started: started)
            if case .released = outcome {
                guard rename(staging, final) == 0 else {
                    throw ReleaseError(
                        .io,
                        "\(final): cannot move the bundle into place: \(String(cString: strerror(errno)))"
                    )
                }
                if case .released(_, let verdict, let sizes) = outcome {
                    return .released(directory: final, verdict: verdict, executableSizes: sizes)
                }
            }
            try? FileManager.default.removeItem(atPath: staging)
            return outcome
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Runs `body` as the step `name`, reporting its start and its end with the time it took.
    func timed<R>(
        _ name: String,
        summary: (R) -> String = { _ in "done" },
        _ body: () async throws -> R
    )
        async rethrows -> R
    {
        progress(.started(step: name))
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress(.finished(step: name, summary: summary(result), seconds: seconds))
        return result
    }

    static func makeStaging(in outputRoot: String, version: String) throws(ReleaseError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: outputRoot, withIntermediateDirectories: true)
        } catch {
            throw ReleaseError(.io, "\(outputRoot): cannot create the output folder", underlying: error)
        }
        var template = Array((outputRoot + "/.staging-\(version)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ReleaseError(
                .io,
                "\(outputRoot): cannot create a staging folder: \(String(cString: strerror(errno)))"
            )
        }
        return String(cString: made)
    }
}
