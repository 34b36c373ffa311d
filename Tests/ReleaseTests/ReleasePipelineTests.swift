import Bot4TestSupport
import Foundation
import JSON
import Minisign
import Release
import Testing

/// `seal release` on a fixture package, end to end, checked by peers that share no code with it: stock
/// `minisign -V`, `sha256sum -c`/`sha512sum -c`, securesystemslib and in-toto, cyclonedx-python-lib and
/// spdx-tools. Serialized: each test builds the fixture's two static executables.
@Suite(.serialized) struct ReleasePipelineTests {
    /// Verifies the envelope with the Ed25519 key (hex, argv[2]) and keyid (argv[3]); validates both SBOMs
    /// in the bundle folder (argv[1]); prints the statement's subjects and resolved dependencies.
    static let peerScript = """
        import json, sys, os
        from securesystemslib.dsse import Envelope
        from securesystemslib.signer import SSlibKey
        from google.protobuf import json_format
        from in_toto_attestation.v1 import statement_pb2
        from in_toto_attestation.v1.statement import Statement
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
        from spdx_tools.spdx.parser.parse_anything import parse_file
        from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
        folder = sys.argv[1]
        key = SSlibKey(keyid=sys.argv[3], keytype="ed25519", scheme="ed25519", keyval={"public": sys.argv[2]})
        lines = open(os.path.join(folder, "provenance.intoto.jsonl")).read().splitlines()
        envelope = Envelope.from_dict(json.loads(lines[0]))
        envelope.verify([key], 1)
        message = json_format.Parse(envelope.payload, statement_pb2.Statement())
        Statement.copy_from_pb(message).validate()
        error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(os.path.join(folder, "fixture.cdx.json")).read())
        assert error is None, error
        problems = validate_full_spdx_document(parse_file(os.path.join(folder, "fixture.spdx.json")))
        assert not problems, problems
        statement = json.loads(envelope.payload)
        print(json.dumps(sorted(s["name"] for s in statement["subject"])))
        print(json.dumps([d.get("uri") for d in statement["predicate"]["buildDefinition"]["resolvedDependencies"]]))
        print(json.dumps(statement["predicate"]["buildDefinition"]["externalParameters"]["buildCommand"]))
        """

    @Test func anEphemeralReleaseVerifiesWithStockToolsAndPeers() throws {
        let package = try FixturePackage.make("release-pipeline-ephemeral")
        defer { package.remove() }
        let released = try package.seal(["release"])
        #expect(released.status == 0, "\(released.out)\(released.err)")
        #expect(released.err.contains("release: build: alpha "))
        #expect(released.err.contains("release: self-verification: 0 problems"))
        #expect(try package.distEntries() == ["v0.1.0"])

        let bundle = package.bundle
        let names = try FileManager.default.contentsOfDirectory(atPath: bundle.path).sorted()
        let signed = names.filter { !$0.hasSuffix(".minisig") }
        #expect(
            signed == [
                "SHA256SUMS", "SHA512SUMS", "alpha", "audit.json", "audit.md", "beta", "fixture.cdx.json",
                "fixture.pub", "fixture.spdx.json", "provenance.intoto.jsonl",
            ]
        )
        let minisign = try TestEnvironment.requireTool("minisign")
        for name in signed {
            let checked = try ProcessRunner.run(minisign, ["-V", "-p", "fixture.pub", "-m", name], directory: bundle)
            #expect(checked.status == 0, "minisign -V \(name): \(checked.err)")
            #expect(checked.out.contains("Trusted comment: fixture v0.1.0 \(name) ephemeral key"), "\(checked.out)")
        }
        for (tool, manifest) in [("sha256sum", "SHA256SUMS"), ("sha512sum", "SHA512SUMS")] {
            let checked = try ProcessRunner.run(
                try TestEnvironment.requireTool(tool),
                ["-c", "--strict", manifest],
                directory: bundle
            )
            #expect(checked.status == 0, "\(tool): \(checked.err)")
        }
        let elf = try Data(contentsOf: bundle.appendingPathComponent("alpha"))
        #expect(elf.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]))
        let sections = try ProcessRunner.run(
            try TestEnvironment.requireTool("readelf"),
            ["-S", bundle.appendingPathComponent("alpha").path]
        )
        #expect(
            !sections.out.contains(".swift_modhash") && !sections.out.contains(".symtab")
                && !sections.out.contains(".note.gnu.build-id")
        )

        let key = try PublicKey(
            fileContents: Array(try Data(contentsOf: bundle.appendingPathComponent("fixture.pub"))),
            source: "fixture.pub"
        )
        let hex = key.key.map { String(format: "%02x", $0) }.joined()
        let peers = try ProcessRunner.run(
            try TestEnvironment.requireTool("python"),
            ["-c", Self.peerScript, bundle.path, hex, key.keyID.padded]
        )
        #expect(peers.status == 0, "\(peers.err)")
        let lines = peers.out.split(separator: "\n").map(String.init)
        #expect(lines.first == #"["alpha", "audit.json", "audit.md", "beta", "fixture.cdx.json", "fixture.spdx.json"]"#)
        #expect(lines.dropFirst().first?.contains("pkg:generic/swift@") == true)
        // The recorded command names the build folder the release used and the checkout only as `$PWD`.
        let command = try JSONDecoder().decode([String].self, from: Data((lines.dropFirst(2).first ?? "").utf8))
        #expect(command.starts(with: ["swift", "build", "--scratch-path", package.scratchPath]), "\(command)")
        #expect(command.contains("-ffile-prefix-map=$PWD=."), "\(command)")
        #expect(!command.dropFirst(4).contains { $0.contains(package.path) }, "\(command)")

        let verified = try package.seal(["verify-release", bundle.path, "-p", bundle.path + "/fixture.pub"])
        #expect(verified.status == 0, "\(verified.out)\(verified.err)")
        let again = try package.seal(["release"])
        #expect(again.status == 2)
        #expect(again.err.contains("already exists"))
    }

    @Test func aRefusingGateLeavesNoBundle() throws {
        let package = try FixturePackage.make("release-pipeline-refused", acceptRuntime: false)
        defer { package.remove() }
        let refused = try package.seal(["release"])
        #expect(refused.status == 17, "\(refused.err)")
        #expect(refused.err.contains("swift-runtime is not audited"))
        #expect(refused.err.contains("the audit gate refused the release"))
        #expect(try package.distEntries() == [])
    }

    /// The database is checked before anything else: a stale one stops `seal release` with exit 3 and a
    /// message naming max-age, before a staging folder, a build or a signature exists.
    @Test func aStaleAdvisoryDatabaseStopsTheReleaseBeforeAnythingIsBuilt() throws {
        let package = try FixturePackage.make("release-pipeline-stale")
        defer { package.remove() }
        let policy = package.directory.appendingPathComponent("policy/audit.toml")
        let text = try String(contentsOf: policy, encoding: .utf8)
        #expect(text.contains(#"max-age = "none""#))
        try Data(text.replacingOccurrences(of: #"max-age = "none""#, with: #"max-age = "P30D""#).utf8).write(to: policy)
        let stale = try package.seal(["release", "--as-of", "2030-01-01"])
        #expect(stale.status == 3, "\(stale.out)\(stale.err)")
        #expect(stale.err.contains("older than max-age P30D"), "\(stale.err)")
        #expect(!stale.err.contains("release: build"))
        #expect(!FileManager.default.fileExists(atPath: package.directory.appendingPathComponent("release").path))
        #expect(!FileManager.default.fileExists(atPath: package.directory.appendingPathComponent(".build").path))
        let everything = FileManager.default.enumerator(atPath: package.path)?.allObjects as? [String] ?? []
        #expect(!everything.contains { $0.hasSuffix(".minisig") || $0.hasSuffix(".jsonl") || $0.contains(".staging-") })
    }

    /// A sealed bundle changed before its self-verification (one byte appended to a signed executable through
    /// the request's seam) fails that verification, and nothing is released: `release/dist` is empty, its
    /// staging folder included. `seal release` exits 1 with a message naming the file and saying so.
    @Test func aSealedBundleThatFailsItsOwnVerificationIsNeverReleased() async throws {
        let package = try FixturePackage.make("release-pipeline-self-check")
        defer { package.remove() }
        let request = ReleasePipeline.Request(
            packageDirectory: package.path,
            policyPath: package.path + "/policy/audit.toml",
            scratchPath: package.scratchPath,
            toolVersion: "test",
            afterSealing: { staging in
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: staging + "/alpha"))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data([0x00]))
            }
        )
        let outcome = try await ReleasePipeline(request).run()
        guard case .selfVerificationFailed(let verdict) = outcome else {
            Issue.record("expected a failed self-verification, got \(outcome)")
            return
        }
        #expect(verdict.has(.badSignature, "alpha"), "\(verdict.problems)")
        #expect(verdict.has(.digestMismatch, "alpha", saying: "SHA256SUMS"), "\(verdict.problems)")
        #expect(!verdict.problems.contains { $0.file != "alpha" }, "\(verdict.problems)")
        #expect(try package.distEntries() == [])

        let summary = ReleaseSummary(outcome)
        #expect(summary.exitCode == 1)
        let message = try #require(summary.message)
        #expect(message.hasPrefix("the staged bundle did not verify: "), "\(message)")
        #expect(message.contains(" in alpha; "), "\(message)")
        #expect(message.hasSuffix("nothing was released"), "\(message)")
        #expect(summary.standardOutput.contains("bad-signature: alpha: "), "\(summary.standardOutput)")
        #expect(summary.report.isEmpty)
    }

    @Test func aFailedBuildLeavesNoBundleAndExitsThree() throws {
        let package = try FixturePackage.make("release-pipeline-broken")
        defer { package.remove() }
        try Data("let x: Int = \"not an int\"\n".utf8).write(
            to: package.directory.appendingPathComponent("Sources/beta/main.swift")
        )
        let failed = try package.seal(["release"])
        #expect(failed.status == 3, "\(failed.err)")
        #expect(failed.err.contains("swift build") || failed.err.contains("swift"))
        #expect(try package.distEntries() == [])
    }

    @Test func anEncryptedKeyFileSignsWithoutTheEphemeralMarkAndAWrongPasswordLeavesNothing() throws {
        let package = try FixturePackage.make("release-pipeline-keyfile")
        defer { package.remove() }
        let keys = try TestEnvironment.temporaryDirectory("release-pipeline-keys")
        defer { try? FileManager.default.removeItem(at: keys) }
        let password = keys.appendingPathComponent("password").path
        try Data("correct horse\n".utf8).write(to: URL(fileURLWithPath: password))
        let pub = keys.appendingPathComponent("release.pub").path
        let sec = keys.appendingPathComponent("release.key").path
        let made = try package.seal([
            "keygen", "-p", pub, "-s", sec, "--password-file", password, "--kdf", "interactive",
        ])
        #expect(made.status == 0, "\(made.err)")

        let wrong = keys.appendingPathComponent("wrong").path
        try Data("battery staple\n".utf8).write(to: URL(fileURLWithPath: wrong))
        let refused = try package.seal(["release", "-s", sec, "--password-file", wrong])
        #expect(refused.status == 2, "\(refused.err)")
        // The password is checked before the first step: nothing was built.
        #expect(!refused.err.contains("release: "), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: package.scratchPath))
        #expect(try package.distEntries() == [])

        let released = try package.seal(["release", "-s", sec, "--password-file", password, "--version", "1.0.0"])
        #expect(released.status == 0, "\(released.err)")
        let bundle = package.directory.appendingPathComponent("release/dist/1.0.0")
        #expect(!FileManager.default.fileExists(atPath: bundle.path + "/fixture.pub"))
        let checked = try ProcessRunner.run(
            try TestEnvironment.requireTool("minisign"),
            ["-V", "-p", pub, "-m", bundle.path + "/alpha"]
        )
        #expect(checked.status == 0)
        #expect(checked.out.contains("Trusted comment: fixture 1.0.0 alpha\n"))
        let report = try package.seal(["verify-release", bundle.path, "-p", pub, "--format", "json"])
        #expect(report.status == 0)
        #expect(try JSONParser.parse(Array(report.stdout))["verified"] == .bool(true))
    }
}
