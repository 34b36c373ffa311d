import Bot4TestSupport
import Foundation
import SBOM
import Testing

@Suite struct LicenseDetectorTests {
    static let files = (try? FileManager.default.contentsOfDirectory(atPath: Fixture.path("licenses")).sorted()) ?? []

    @Test func detectsRealLicenseFiles() throws {
        #expect(Self.files.count >= 10)
        var found: [String: String] = [:]
        for file in Self.files {
            let text = try String(contentsOfFile: Fixture.path("licenses/\(file)"), encoding: .utf8)
            if let match = LicenseDetector.shared.match(text: text) { found[file] = match.expression }
        }
        #expect(found["pointfreeco_swift-custom-dump-LICENSE"] == "MIT")
        #expect(found["kylef_PathKit-LICENSE"] == "BSD-2-Clause")
        #expect(found["apple_swift-numerics-LICENSE.txt"] == "Apache-2.0 WITH Swift-exception")
        #expect(found["apple_swift-nio-LICENSE.txt"] == "Apache-2.0")
        #expect(found.count >= Self.files.count - 2, "only \(found.count) of \(Self.files.count): \(found)")
    }

    @Test func unsureMeansNoAssertion() throws {
        let mit = try String(
            contentsOfFile: Fixture.path("licenses/pointfreeco_swift-custom-dump-LICENSE"),
            encoding: .utf8
        )
        let altered =
            mit
            + "\nThe Software shall be used for Good, not Evil. Commercial redistribution requires a separate fee.\n"
        #expect(LicenseDetector.shared.match(text: altered) == nil)
        #expect(LicenseDetector.shared.match(text: "All rights reserved. No licence is granted.") == nil)
        #expect(LicenseDetector.shared.match(text: "") == nil)
    }

    /// Debian's licensecheck, an independent detector, names the same licence for every file Bot4 matches.
    @Test(.enabled(if: TestEnvironment.canRun("licensecheck")))
    func agreesWithLicensecheck() throws {
        let licensecheck = try TestEnvironment.requireTool("licensecheck")
        let paths = Self.files.map { Fixture.path("licenses/\($0)") }
        let output = try ProcessRunner.run(licensecheck, ["--check", ".*", "--shortname-scheme=spdx"] + paths).out
        var theirs: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let colon = line.range(of: ": ") else { continue }
            let file = String(line[..<colon.lowerBound].split(separator: "/").last!)
            theirs[file] = line[colon.upperBound...].replacingOccurrences(of: "*No copyright* ", with: "")
        }
        var compared = 0
        for file in Self.files {
            let text = try String(contentsOfFile: Fixture.path("licenses/\(file)"), encoding: .utf8)
            guard let ours = LicenseDetector.shared.match(text: text)?.expression else { continue }
            let base = ours.components(separatedBy: " WITH ")[0]
            #expect(theirs[file] == base, "\(file): Bot4 \(ours), licensecheck \(theirs[file] ?? "nothing")")
            compared += 1
        }
        #expect(compared >= 10)
    }

    @Test func readsACheckoutFolder() throws {
        let dir = try TestEnvironment.temporaryDirectory("licenses")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(
            atPath: Fixture.path("licenses/kylef_PathKit-LICENSE"),
            toPath: dir.appendingPathComponent("LICENSE").path
        )
        try "Some notice".write(to: dir.appendingPathComponent("NOTICE.txt"), atomically: true, encoding: .utf8)
        let (licenses, file) = LicenseDetector.shared.licenses(inFolder: dir.path)
        #expect(licenses.map(\.expression) == ["BSD-2-Clause"])
        #expect(licenses.first?.acknowledgement == .concluded)
        #expect(file == "LICENSE")
    }
}
