import Bot4TestSupport
import Foundation
import Testing

@testable import FileSystem

/// What a crash, a concurrent `exec` or a failing rename can leave behind.
@Suite struct AtomicFileCrashSafetyTests {
    let dir: URL
    init() throws { dir = try TestEnvironment.temporaryDirectory("atomic-file-crash") }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    private func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    private func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    @Test func theTemporaryFileIsCloseOnExec() throws {
        let (fd, temp) = try AtomicFile.openTemporary(in: dir.path, name: "f", for: path("f"))
        defer {
            close(fd)
            unlink(temp)
        }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        #expect(temp.hasPrefix(path(".f.tmp-")))
    }

    /// A rename that fails after others succeeded: `chattr +i` makes the second destination immutable, so
    /// its rename fails with EPERM after the first file was already replaced.
    @Test(.enabled(if: TestEnvironment.canRun("chattr")))
    func aRenameFailingHalfWayPutsTheOldFilesBack() throws {
        let chattr = try TestEnvironment.requireTool("chattr")
        try AtomicFile.write("old a", to: path("a"))
        try AtomicFile.write("old b", to: path("b"))
        let lock = try ProcessRunner.run(chattr, ["+i", path("b")])
        try #require(lock.status == 0, "chattr +i failed: \(lock.err)")
        defer { _ = try? ProcessRunner.run(chattr, ["-i", path("b")]) }

        #expect {
            try AtomicFile.writeAll([
                (path("a"), Array("new a".utf8)), (path("b"), Array("new b".utf8)), (path("c"), Array("new c".utf8)),
            ])
        } throws: { error in
            (error as? AtomicFile.WriteError)?.path == path("b")
        }
        #expect(try read("a") == "old a")
        #expect(try read("b") == "old b")
        #expect(try entries() == ["a", "b"], "no new file, no temporary file, no backup left")
    }

    @Test func writeAllReplacesEveryFileAndLeavesNoBackup() throws {
        try AtomicFile.write("old a", to: path("a"))
        try AtomicFile.writeAll([(path("a"), Array("new a".utf8)), (path("b"), Array("new b".utf8))])
        #expect(try read("a") == "new a")
        #expect(try read("b") == "new b")
        #expect(try entries() == ["a", "b"])
    }
}
