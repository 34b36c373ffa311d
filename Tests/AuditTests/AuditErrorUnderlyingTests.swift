import Bot4TestSupport
import Foundation
import JSON
import Minisign
import SBOM
import Testing
import Zip

@testable import Audit

/// An `AuditError` that wraps another failure keeps the original as `underlying` (its type and code), and the
/// text a user reads (`description`) still names the file and says what the cause said.
@Suite struct AuditErrorUnderlyingTests {
    @Test func aMalformedSignatureKeyKeepsTheMinisignError() throws {
        let directory = try AuditRunTests.project("audit-cause-key")
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("snapshot.pub")
        try Data("untrusted comment: no key\nnot base64\n".utf8).write(to: key)
        let policy = directory.appendingPathComponent("audit.toml")
        try Data("[database]\nmax-age = \"none\"\nsignature-key = \"\(key.path)\"\n".utf8).write(to: policy)
        let error = #expect(throws: AuditError.self) {
            try Audit.run(
                AuditRequest(input: directory.path, databasePath: Fixture.path("osv"), policyPath: policy.path)
            )
        }
        #expect(error?.code == .malformedPolicy)
        let cause = try #require(error?.underlying as? MinisignError)
        #expect(cause.code == .malformedPublicKey)
        #expect(error?.description == cause.message)
        #expect(error?.description.contains(key.path) == true)
    }

    @Test func aMalformedInputKeepsTheSBOMError() throws {
        let directory = try AuditRunTests.project("audit-cause-input")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"pins": [ {"identity": "#.utf8).write(to: directory.appendingPathComponent("Package.resolved"))
        let error = #expect(throws: AuditError.self) {
            try Audit.run(AuditRequest(input: directory.path, databasePath: Fixture.path("osv")))
        }
        #expect(error?.code == .malformedInput)
        let cause = try #require(error?.underlying as? SBOMError)
        #expect(cause.code == .malformedJSON)
        #expect(error?.description == cause.description)
        #expect(error?.description.contains("Package.resolved") == true)
    }

    @Test func aDatabaseThatIsNoZipArchiveKeepsTheArchiveError() throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-cause-zip")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("all.zip").path
        try Data("not a zip archive at all".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: AuditError.self) { try AdvisoryDatabase.load(path: path) }
        #expect(error?.code == .databaseUnusable)
        let cause = try #require(error?.underlying as? ZipError)
        #expect(cause.code == .notZip)
        #expect(error?.description == "\(cause)")
        #expect(error?.description.contains(path) == true)
    }

    @Test func aMalformedSnapshotSignatureKeepsTheMinisignError() throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-cause-sig")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("all.zip").path
        try Data("snapshot".utf8).write(to: URL(fileURLWithPath: path))
        try Data("untrusted comment: x\nnot a signature\n".utf8).write(to: URL(fileURLWithPath: path + ".minisig"))
        let key = try SecretKey.generate().publicKey
        let error = #expect(throws: AuditError.self) { try AdvisoryDatabase.load(path: path, publicKey: key) }
        #expect(error?.code == .databaseUnusable)
        let cause = try #require(error?.underlying as? MinisignError)
        #expect(cause.code == .malformedSignature)
        #expect(error?.description == cause.message)
    }

    @Test func aDownloadFromAClosedPortKeepsTheTransportError() async throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-cause-download")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = "http://127.0.0.1:\(LoopbackPort.free())/all.zip"
        let error = await #expect(throws: AuditError.self) {
            try await AdvisoryDownloader.download(
                url,
                to: directory.appendingPathComponent("all.zip").path,
                limit: 1 << 20,
                timeout: .seconds(30)
            )
        }
        #expect(error?.code == .io)
        #expect(error?.message == "\(url): download failed")
        let cause = try #require(error?.underlying)
        #expect(!(cause is AuditError))
        #expect(error?.description == "\(url): download failed: \(cause)")
    }

    @Test func aRegistriesFileThatIsNotJSONKeepsTheSyntaxError() throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-cause-registries")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registries.json").path
        try Data(#"{"registries": {"[default]": "#.utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: AuditError.self) { try RegistryConfiguration.load(path: path) }
        #expect(error?.code == .malformedInput)
        #expect(error?.message == "\(path): not JSON")
        let cause = try #require(error?.underlying as? JSONSyntaxError)
        #expect(cause.line == 1)
        #expect(error?.description == "\(path): not JSON: \(cause)")
    }
}
