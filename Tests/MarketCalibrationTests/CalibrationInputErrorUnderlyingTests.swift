import FileSystem
import Foundation
import MarketCalibration
import Testing

/// A read that fails keeps the system's error as `underlying`; the text a user reads is unchanged.
@Suite struct CalibrationInputErrorUnderlyingTests {
    @Test func aFolderCannotBeReadAndTheCauseIsKept() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calibration-cause-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: CalibrationInputError.self) { try Calibration.read(folder.path) }
        #expect(error?.code == .io)
        let cause = try #require(error?.underlying as? FileReadError)
        #expect(error?.reason == cause.reason)
        #expect(error?.description == "\(folder.path): \(cause.reason)")
    }
}
