import Bot4TestSupport
import Foundation
import Testing

@testable import FileSystem

@Suite struct BoundedFileTests {
    let dir: URL
    init() throws { dir = try TestEnvironment.temporaryDirectory("bounded-file") }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func failure(_ path: String, limit: Int) -> FileReadError? {
        do {
            _ = try BoundedFile.read(path, limit: limit)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsAFileUpToAndIncludingTheLimit() throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = try file("exact", bytes)
        #expect(try BoundedFile.read(path, limit: bytes.count) == bytes)
        #expect(try BoundedFile.read(path, limit: 1 << 20) == bytes)
        #expect(try BoundedFile.read(try file("empty", []), limit: 0) == [])
    }

    @Test func oneBytePastTheLimitNamesThePathAndTheLimit() throws {
        let path = try file("big", [UInt8](repeating: 7, count: 4097))
        let error = try #require(failure(path, limit: 4096))
        #expect(error.code == .tooLarge)
        #expect(error.path == path && error.limit == 4096)
        #expect(error.description == "\(path): larger than 4096 bytes (the limit)")
    }

    @Test func aStreamIsCutAtTheLimitNotReadToTheEnd() throws {
        // /dev/zero never ends: only the limit stops the read.
        let error = try #require(failure("/dev/zero", limit: 100_000))
        #expect(error.code == .tooLarge)
        #expect(try BoundedFile.read("/dev/null", limit: 10) == [])
    }

    @Test func aMissingFileAndAFolderAreRefusedByName() throws {
        let missing = dir.appendingPathComponent("absent").path
        let error = try #require(failure(missing, limit: 10))
        #expect(error.code == .cannotOpen)
        #expect(error.description == "\(missing): cannot open: No such file or directory")
        let folder = try #require(failure(dir.path, limit: 10))
        #expect(folder.code == .notAFile)
        #expect(folder.description == "\(dir.path): not a file")
    }
}
