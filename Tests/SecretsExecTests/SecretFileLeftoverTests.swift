import Bot4TestSupport
import Foundation
import SecretsExec
import Sodium
import Testing
import Vault

/// The ownership records of `[files]` secrets, driven through the public calls on a real folder: which
/// leftovers the next start removes and which it leaves alone.
@Suite struct SecretFileLeftoverTests {
    /// A secret file written as `seal exec` writes it, in a fresh folder; returns its path and its record's.
    static func written() throws -> (path: String, record: String, folder: URL) {
        let folder = try TestEnvironment.temporaryDirectory("secret-file")
        let path = folder.appendingPathComponent("key").path
        try SecretFile.write(
            path,
            try SecureBytes(copying: Array("value-not-printed".utf8)),
            reference: try SecretReference("secret/bot4/api#key")
        )
        return (path, folder.appendingPathComponent(".key.seal-exec").path, folder)
    }

    /// The record's text with its `pid` line set to `pid`, optionally without the line written after the rename.
    static func rewrite(_ record: String, pid: Int32, dropPlaced: Bool = false) throws {
        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").filter {
            !(dropPlaced && $0.hasPrefix("placed "))
        }
        let text = lines.map { $0.hasPrefix("pid ") ? "pid \(pid)" : String($0) }.joined(separator: "\n") + "\n"
        try text.write(toFile: record, atomically: false, encoding: .utf8)
    }

    /// The pid of a process that has exited and been reaped.
    static func deadPID() throws -> Int32 {
        let result = try ProcessRunner.run("/bin/sh", ["-c", "echo $$"])
        return try #require(Int32(result.out.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func aFileOfAProcessThatIsGoneIsRemovedWithItsRecord() throws {
        let (path, record, folder) = try Self.written()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mode = try FileManager.default.attributesOfItem(atPath: record)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try Self.rewrite(record, pid: try Self.deadPID())
        let report = SecretFile.removeLeftovers([path])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: record))
        #expect(report.count == 1 && report[0].hasPrefix("removed \(path)"))
        #expect(!report.joined().contains("value-not-printed"))
    }

    @Test func aFileOfARunningProcessIsLeftAlone() throws {
        let (path, record, folder) = try Self.written()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { sleeper.terminate() }
        try Self.rewrite(record, pid: sleeper.processIdentifier)
        let report = SecretFile.removeLeftovers([path])
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: record))
        #expect(report == ["[files] \(path): still held by seal exec pid \(sleeper.processIdentifier); left alone"])
    }

    @Test func theTemporaryFileOfAnInterruptedWriteIsRemoved() throws {
        let (path, record, folder) = try Self.written()
        defer { try? FileManager.default.removeItem(at: folder) }
        // As if killed before the rename: the first record only, and the value still under its temporary name.
        let temp = try #require(
            try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")
                .first { $0.hasPrefix("temp ") }?.dropFirst("temp ".count)
        )
        try FileManager.default.moveItem(atPath: path, toPath: folder.appendingPathComponent(String(temp)).path)
        try Self.rewrite(record, pid: try Self.deadPID(), dropPlaced: true)
        let report = SecretFile.removeLeftovers([path])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
        #expect(report.count == 1 && report[0].contains(String(temp)))
    }

    @Test func aRecordInAnotherFormLeavesEverythingAlone() throws {
        let (path, record, folder) = try Self.written()
        defer { try? FileManager.default.removeItem(at: folder) }
        for text in ["", "seal-exec-file 1\npid 1\n", "seal-exec-file 2\n" + String(repeating: "x\n", count: 5)] {
            try text.write(toFile: record, atomically: false, encoding: .utf8)
            let report = SecretFile.removeLeftovers([path])
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(report.first?.contains("is not a record seal exec wrote") == true)
        }
    }
}
