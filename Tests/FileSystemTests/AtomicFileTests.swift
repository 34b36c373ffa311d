import Bot4TestSupport
import Foundation
import Testing

@testable import FileSystem

@Suite struct AtomicFileTests {
    let dir: URL
    init() throws { dir = try TestEnvironment.temporaryDirectory("atomic-file") }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    private func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
    }

    @Test func writesReplacesAndSetsTheMode() throws {
        try AtomicFile.write("one", to: path("f"), mode: 0o600)
        try AtomicFile.write("two", to: path("f"), mode: 0o600)
        #expect(try read("f") == "two")
        let mode = try FileManager.default.attributesOfItem(atPath: path("f"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try leftovers().isEmpty)
    }

    @Test func refusesToOverwriteWhenAsked() throws {
        try AtomicFile.write("keep", to: path("f"))
        #expect {
            try AtomicFile.write("lost", to: path("f"), overwrite: false)
        } throws: { error in
            (error as? AtomicFile.WriteError)?.alreadyExists == true
        }
        #expect(try read("f") == "keep")
        #expect(try leftovers().isEmpty)
    }

    @Test func failureNamesThePathAndLeavesNothing() throws {
        let missing = dir.appendingPathComponent("no/such/folder/f").path
        #expect {
            try AtomicFile.write("x", to: missing)
        } throws: { error in
            (error as? AtomicFile.WriteError)?.description.hasPrefix(missing) == true
        }
    }

    @Test func writeAllLeavesEveryDestinationUntouchedWhenOneCannotBeStaged() throws {
        try AtomicFile.write("old a", to: path("a"))
        let unwritable = dir.appendingPathComponent("missing-folder/b").path
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.writeAll([(path("a"), Array("new a".utf8)), (unwritable, Array("new b".utf8))])
        }
        #expect(try read("a") == "old a")
        #expect(try leftovers().isEmpty)
        try AtomicFile.writeAll([(path("a"), Array("new a".utf8)), (path("b"), Array("new b".utf8))])
        #expect(try read("a") == "new a")
        #expect(try read("b") == "new b")
    }
}
