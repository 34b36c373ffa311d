import Foundation

/// A small SwiftPM package with two executables (`alpha`, `beta`) in a git checkout tagged `v0.1.0`, for
/// running `seal release` from inside `swift test`: it builds in its own `.build`, never this package's (whose
/// lock `swift test` holds). Its policy audits against the audit tests' OSV folder.
public struct FixturePackage: Sendable {
    /// The package folder.
    public let directory: URL
    /// The package folder's path.
    public var path: String { directory.path }
    /// Where `seal release` puts the bundle of the tagged version.
    public var bundle: URL { directory.appendingPathComponent("release/dist/v0.1.0") }

    /// Makes the package; `acceptRuntime` false leaves the Swift runtime unaudited, which the policy denies.
    public static func make(_ label: String, acceptRuntime: Bool = true) throws -> FixturePackage {
        let directory = try TestEnvironment.temporaryDirectory(label)
        let osv = TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures/osv").path
        var policy = """
            [database]
            path = "\(osv)"
            max-age = "none"
            signature-key = "none"

            """
        if acceptRuntime {
            policy += """
                [advisories]
                accept-unaudited = [{ package = "swift-runtime", reason = "the toolchain's runtime" }]

                """
        }
        let files = [
            "Package.swift": """
            // swift-tools-version:6.0
            import PackageDescription

            let package = Package(
                name: "Fixture",
                products: [
                    .executable(name: "alpha", targets: ["alpha"]),
                    .executable(name: "beta", targets: ["beta"]),
                ],
                targets: [.executableTarget(name: "alpha"), .executableTarget(name: "beta")]
            )

            """,
            "Sources/alpha/main.swift": "print(\"alpha\")\n",
            "Sources/beta/main.swift": "print(\"beta\")\n",
            "policy/audit.toml": policy,
            ".gitignore": ".build/\nrelease/dist/\n",
        ]
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
        let git = try TestEnvironment.requireTool("git")
        let identity = ["-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid"]
        for arguments in [
            ["init", "-q"], identity + ["add", "-A"], identity + ["commit", "-qm", "fixture"], ["tag", "v0.1.0"],
        ] {
            let result = try ProcessRunner.run(git, arguments, directory: directory)
            guard result.status == 0 else { throw FixtureError(message: "git \(arguments): \(result.err)") }
        }
        return FixturePackage(directory: directory)
    }

    /// The build folder its releases use: its own `.build`, not the shared default of every package named
    /// `Fixture`, so that tests running at once do not share one.
    public var scratchPath: String { path + "/.build" }

    /// Runs the built `seal` in the package folder (`seal release` with the package's own `scratchPath`).
    public func seal(
        _ arguments: [String],
        input: String? = nil,
        environment: [String: String] = [:]
    ) throws -> ProcessResult {
        try ProcessRunner.run(
            TestEnvironment.product("seal"),
            arguments.first == "release" ? arguments + ["--scratch-path", scratchPath] : arguments,
            input: input.map { Data($0.utf8) },
            directory: directory,
            environment: environment
        )
    }

    /// The entries of `release/dist`, staging folders included.
    public func distEntries() throws -> [String] {
        let dist = directory.appendingPathComponent("release/dist").path
        guard FileManager.default.fileExists(atPath: dist) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dist).sorted()
    }

    /// Deletes the package folder.
    public func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A fixture could not be made (the message says which command failed).
public struct FixtureError: Error, CustomStringConvertible {
    /// What failed.
    public let message: String
    /// The message.
    public var description: String { message }
}
