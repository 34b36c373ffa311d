import Bot4TestSupport
import Foundation
import SBOM
import Testing

/// An `SBOMError` that wraps another failure keeps the original as `underlying`; the text a user reads is the
/// message, then what the cause says.
@Suite struct SBOMErrorUnderlyingTests {
    @Test func aToolThatCannotStartKeepsFoundationsError() throws {
        let directory = try TestEnvironment.temporaryDirectory("sbom-cause-tool")
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no-such-tool").path
        let error = #expect(throws: SBOMError.self) { try ToolRunner().run(missing, ["--version"]) }
        #expect(error?.code == .toolFailed)
        #expect(error?.message == "\(missing) --version: cannot start")
        let cause = try #require(error?.underlying as? NSError)
        #expect(cause.domain == NSCocoaErrorDomain)
        #expect(error?.description == "\(missing) --version: cannot start: \(cause.localizedDescription)")
    }

    @Test func aSwiftErrorReadsAsItsOwnDescription() {
        let cause = SBOMError(.malformedJSON, "Package.resolved:1:2: unexpected end")
        let error = SBOMError(.malformedResolved, "reading the pins", underlying: cause)
        #expect(error.description == "reading the pins: Package.resolved:1:2: unexpected end")
        #expect(SBOMError(.io, "", underlying: cause).description == cause.description)
        #expect(error == SBOMError(.malformedResolved, "other"))
    }
}
