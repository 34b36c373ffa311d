import Foundation
import JSON
import SBOM

/// The SLSA Provenance v1 predicate (slsa.dev/provenance/v1): how an artifact was built.
///
/// `buildDefinition` names Bot4's build type, the external parameters (the exact build command with its
/// flags, the source repository and commit), and the resolved dependencies (every pin of the
/// `Package.resolved` the build used, as a git URL and commit, plus the toolchain); `runDetails` names the
/// builder and when the build started and finished.
public struct SLSAProvenance: Hashable, Sendable {
    /// The predicate type URI of SLSA Provenance v1.
    public static let predicateType = "https://slsa.dev/provenance/v1"
    /// The build type of a Bot4 release: a SwiftPM static release build of a tagged tree (a URN: it names the
    /// recipe, it is not fetched).
    public static let bot4BuildType = "urn:bot4:build-type:swiftpm-release:v1"

    /// A resource the build used (a SLSA/in-toto ResourceDescriptor).
    public struct ResourceDescriptor: Hashable, Sendable {
        /// A URI for the resource, such as `git+https://github.com/apple/swift-nio@2.81.0`.
        public var uri: String
        /// Algorithm → hex digest, such as `gitCommit` → the pinned revision.
        public var digest: [String: String]
        /// A short name, such as the package identity.
        public var name: String?
        /// Extra facts (`version`, `branch`), written as strings.
        public var annotations: [String: String]

        /// Creates a descriptor.
        public init(
            uri: String,
            digest: [String: String] = [:],
            name: String? = nil,
            annotations: [String: String] = [:]
        ) {
            self.uri = uri
            self.digest = digest
            self.name = name
            self.annotations = annotations
        }

        var jsonValue: JSONValue {
            var members: [(String, JSONValue)] = [("uri", .string(uri))]
            if !digest.isEmpty { members.append(("digest", .object(sortedStrings(digest)))) }
            if let name { members.append(("name", .string(name))) }
            if !annotations.isEmpty { members.append(("annotations", .object(sortedStrings(annotations)))) }
            return .object(members)
        }
    }

    /// The build type URI.
    public var buildType: String
    /// The exact build command, program first, with every flag.
    public var buildCommand: [String]
    /// The source repository's URL (or path), as the builder saw it.
    public var sourceRepository: String
    /// The source commit (full hex).
    public var sourceCommit: String
    /// The release version stamp (`git describe --tags --always`).
    public var version: String
    /// Every pinned package and the toolchain.
    public var resolvedDependencies: [ResourceDescriptor]
    /// The builder's id URI.
    public var builderID: String
    /// When the build started.
    public var startedOn: Date
    /// When the build finished.
    public var finishedOn: Date

    /// Creates a predicate.
    public init(
        buildType: String = SLSAProvenance.bot4BuildType,
        buildCommand: [String],
        sourceRepository: String,
        sourceCommit: String,
        version: String,
        resolvedDependencies: [ResourceDescriptor],
        builderID: String,
        startedOn: Date,
        finishedOn: Date
    ) {
        self.buildType = buildType
        self.buildCommand = buildCommand
        self.sourceRepository = sourceRepository
        self.sourceCommit = sourceCommit
        self.version = version
        self.resolvedDependencies = resolvedDependencies
        self.builderID = builderID
        self.startedOn = startedOn
        self.finishedOn = finishedOn
    }

    /// One descriptor per pin of `resolved` (`git+<location>` with the pinned commit as `gitCommit`, the
    /// version or branch as annotations), followed by `toolchain`.
    public static func dependencies(
        from resolved: PackageResolved,
        toolchain: ResourceDescriptor
    ) -> [ResourceDescriptor] {
        let pins = resolved.pins.sorted { $0.identity < $1.identity }.map { pin in
            var digest: [String: String] = [:]
            if let revision = pin.state.revision { digest["gitCommit"] = revision }
            var annotations: [String: String] = [:]
            if let version = pin.state.version { annotations["version"] = version }
            if let branch = pin.state.branch { annotations["branch"] = branch }
            let scheme = pin.kind == .registry ? "" : "git+"
            return ResourceDescriptor(
                uri: scheme + pin.location,
                digest: digest,
                name: pin.identity,
                annotations: annotations
            )
        }
        return pins + [toolchain]
    }

    /// A descriptor of the Swift toolchain from the first line `swift --version` prints, such as
    /// `Swift version 6.3.1 (swift-6.3.1-RELEASE)`.
    public static func toolchain(versionLine: String) -> ResourceDescriptor {
        let line = versionLine.split(separator: "\n").first.map(String.init) ?? versionLine
        let words = line.split(separator: " ")
        let version = words.firstIndex(of: "version").flatMap { $0 + 1 < words.count ? String(words[$0 + 1]) : nil }
        return ResourceDescriptor(
            uri: "pkg:generic/swift@\(version ?? "unknown")",
            name: "swift",
            annotations: ["versionLine": line]
        )
    }

    /// The predicate as a JSON value.
    public var jsonValue: JSONValue {
        .object([
            (
                "buildDefinition",
                .object([
                    ("buildType", .string(buildType)),
                    (
                        "externalParameters",
                        .object([
                            ("buildCommand", .array(buildCommand.map { .string($0) })),
                            (
                                "source",
                                .object([
                                    ("uri", .string(sourceRepository)),
                                    ("digest", .object([("gitCommit", .string(sourceCommit))])),
                                ])
                            ),
                            ("version", .string(version)),
                        ])
                    ),
                    ("resolvedDependencies", .array(resolvedDependencies.map(\.jsonValue))),
                ])
            ),
            (
                "runDetails",
                .object([
                    ("builder", .object([("id", .string(builderID))])),
                    (
                        "metadata",
                        .object([
                            ("startedOn", .string(Self.timestamp(startedOn))),
                            ("finishedOn", .string(Self.timestamp(finishedOn))),
                        ])
                    ),
                ])
            ),
        ])
    }

    /// An in-toto Statement v1 about `subjects` carrying this predicate.
    public func statement(subjects: [InTotoStatement.Subject]) -> InTotoStatement {
        InTotoStatement(subjects: subjects, predicateType: Self.predicateType, predicate: jsonValue)
    }

    /// RFC 3339 in UTC with whole seconds, as SLSA's examples write timestamps.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}

private func sortedStrings(_ map: [String: String]) -> [(String, JSONValue)] {
    map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
}
