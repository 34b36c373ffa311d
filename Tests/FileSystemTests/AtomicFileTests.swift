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

    /// The file type of `path` (not following a final symbolic link).
    private func type(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func aFIFOIsWrittenThroughNotReplaced() throws {
        let fifo = path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        // A reader on the other end, as `seal … --output /dev/stdout | consumer` has.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, path("received")]
        try reader.run()
        try AtomicFile.write("through the pipe", to: fifo)
        // A replaced FIFO would leave the reader waiting for a writer forever: give it 10 s.
        let deadline = Date().addingTimeInterval(10)
        while reader.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if reader.isRunning { reader.terminate() }
        reader.waitUntilExit()
        #expect(try read("received") == "through the pipe")
        #expect(type(fifo) == S_IFIFO)
        #expect(try leftovers().isEmpty)
    }

    @Test func devNullStaysACharacterDevice() throws {
        // Renaming a temporary file over /dev/null (as root) replaced the device by a plain file.
        try AtomicFile.write("discarded", to: "/dev/null")
        try AtomicFile.writeAll([("/dev/null", Array("discarded".utf8)), (path("kept"), Array("kept".utf8))])
        let isDevice = type("/dev/null") == S_IFCHR
        if !isDevice, getuid() == 0 {
            // Repair the machine before failing.
            unlink("/dev/null")
            mknod("/dev/null", S_IFCHR | 0o666, dev_t((1 << 8) | 3))  // major 1, minor 3
            chmod("/dev/null", 0o666)  // mknod applies the umask
        }
        #expect(isDevice, "/dev/null was replaced")
        #expect(try read("kept") == "kept")
        let devLeftovers = try FileManager.default.contentsOfDirectory(atPath: "/dev").filter { $0.contains(".tmp-") }
        #expect(devLeftovers.isEmpty)
    }

    @Test func aSymbolicLinkStaysALinkAndItsTargetIsReplaced() throws {
        try AtomicFile.write("old", to: path("target"))
        #expect(symlink(path("target"), path("link")) == 0)
        try AtomicFile.write("new", to: path("link"))
        #expect(type(path("link")) == S_IFLNK)
        #expect(try read("target") == "new")
        #expect(try leftovers().isEmpty)
    }

    @Test func aFolderIsRefusedNamingIt() throws {
        #expect {
            try AtomicFile.write("x", to: dir.path)
        } throws: { error in
            (error as? AtomicFile.WriteError)?.path == dir.path
        }
    }
}
