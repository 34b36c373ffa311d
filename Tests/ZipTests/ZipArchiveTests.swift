import Bot4TestSupport
import Foundation
import Testing
import Zip

/// The zip reader over archives Python's `zipfile` writes from the committed OSV records, and over those
/// archives cut, patched and stretched the ways a hostile or broken mirror could: each must be refused
/// with the entry and the reason named, never hang.
@Suite(.enabled(if: TestEnvironment.canRun("python3")), .timeLimit(.minutes(1)))
struct ZipArchiveTests {
    static let records = TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures/osv/ghsa")
    static let limits = ZipLimits(
        maximumArchiveBytes: 1 << 20,
        maximumEntries: 64,
        maximumEntryBytes: 64 << 10,
        maximumTotalBytes: 1 << 20,
        maximumRatio: 200
    )

    /// A deflate archive of every committed GHSA record, written by Python's zipfile.
    static func archive(_ work: URL, method: String = "ZIP_DEFLATED") throws -> URL {
        let out = work.appendingPathComponent("all.zip")
        let script = """
            import os, sys, zipfile
            with zipfile.ZipFile(sys.argv[2], "w", zipfile.\(method)) as z:
                for name in sorted(os.listdir(sys.argv[1])):
                    z.write(os.path.join(sys.argv[1], name), name)
            """
        let result = try ProcessRunner.run(
            try TestEnvironment.requireTool("python3"),
            ["-c", script, records.path, out.path]
        )
        #expect(result.status == 0)
        return out
    }

    /// Opens `bytes` written to a file; the error, if any.
    static func open(_ bytes: [UInt8], in work: URL) -> ZipError? {
        let path = work.appendingPathComponent("variant.zip")
        _ = FileManager.default.createFile(atPath: path.path, contents: Data(bytes))
        do throws(ZipError) {
            let archive = try ZipArchive(path: path.path, limits: limits)
            for entry in archive.entries { _ = try archive.contents(of: entry) }
            return nil
        } catch {
            return error
        }
    }

    /// The offsets of the end record and of each central-directory entry of an archive without a comment.
    static func layout(_ bytes: [UInt8]) -> (end: Int, central: [Int]) {
        let end = bytes.count - 22
        let start = Int(le32(bytes, end + 16))
        var central: [Int] = []
        var cursor = start
        while cursor < end {
            central.append(cursor)
            cursor += 46 + Int(le16(bytes, cursor + 28)) + Int(le16(bytes, cursor + 30)) + Int(le16(bytes, cursor + 32))
        }
        return (end, central)
    }

    static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(le16(bytes, at)) | UInt32(le16(bytes, at + 2)) << 16
    }
    static func put32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
    }

    @Test(arguments: ["ZIP_DEFLATED", "ZIP_STORED"])
    func readsEveryRecordExactly(method: String) throws {
        let work = try TestEnvironment.temporaryDirectory("zip-read")
        defer { try? FileManager.default.removeItem(at: work) }
        let archive = try ZipArchive(path: try Self.archive(work, method: method).path, limits: Self.limits)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.records.path).sorted()
        #expect(archive.entries.map(\.name) == names)
        for entry in archive.entries {
            let expected = try Data(contentsOf: Self.records.appendingPathComponent(entry.name))
            #expect(try archive.contents(of: entry) == [UInt8](expected))
        }
    }

    /// The defect FuzzZipArchive found: an entry whose compressed data runs past the end of the file (and
    /// past the central directory) is refused when the archive is opened, naming the entry.
    @Test func dataRunningPastTheEndIsRefused() throws {
        let work = try TestEnvironment.temporaryDirectory("zip-eof")
        defer { try? FileManager.default.removeItem(at: work) }
        let original = [UInt8](try Data(contentsOf: try Self.archive(work)))
        let (_, central) = Self.layout(original)
        for (index, entry) in central.enumerated() {
            for size: UInt32 in [UInt32(original.count), 0x7FFF_FFFF, 0xFFFF_FFF0] {
                var bytes = original
                Self.put32(&bytes, entry + 20, size)
                Self.put32(&bytes, entry + 24, min(size, 1000))
                let error = try #require(Self.open(bytes, in: work))
                #expect(error.code == .malformed || error.code == .limitExceeded, "entry \(index) size \(size)")
            }
        }
        var bytes = original
        Self.put32(&bytes, central[0] + 20, UInt32(original.count))
        let error = try #require(Self.open(bytes, in: work))
        #expect(error.message.contains("!GHSA-") && error.message.contains("run past the end"))
    }

    @Test func everyTruncationIsRefused() throws {
        let work = try TestEnvironment.temporaryDirectory("zip-cut")
        defer { try? FileManager.default.removeItem(at: work) }
        let original = [UInt8](try Data(contentsOf: try Self.archive(work)))
        for length in stride(from: 0, to: original.count, by: 97) {
            #expect(Self.open(Array(original.prefix(length)), in: work) != nil, "cut at \(length)")
        }
        // The data cut out of the middle with the directory intact: every offset now points wrong.
        var middle = original
        middle.removeSubrange(100..<600)
        #expect(Self.open(middle, in: work) != nil)
    }

    @Test func lyingSizesOverlapsAndZip64AreRefused() throws {
        let work = try TestEnvironment.temporaryDirectory("zip-lies")
        defer { try? FileManager.default.removeItem(at: work) }
        let original = [UInt8](try Data(contentsOf: try Self.archive(work)))
        let (end, central) = Self.layout(original)

        var smaller = original
        Self.put32(&smaller, central[0] + 24, Self.le32(original, central[0] + 24) - 1)
        #expect(Self.open(smaller, in: work)?.message.contains("inflates to more than") == true)

        var larger = original
        Self.put32(&larger, central[0] + 24, Self.le32(original, central[0] + 24) + 1)
        #expect(Self.open(larger, in: work)?.code == .corrupt)

        var crc = original
        Self.put32(&crc, central[0] + 16, ~Self.le32(original, central[0] + 16))
        #expect(Self.open(crc, in: work)?.message.contains("CRC-32") == true)

        var overlap = original
        Self.put32(&overlap, central[1] + 42, Self.le32(original, central[0] + 42))
        #expect(Self.open(overlap, in: work)?.code == .malformed)

        var zip64 = original
        Self.put32(&zip64, end + 16, 0xFFFF_FFFF)
        #expect(Self.open(zip64, in: work)?.code == .unsupported)

        var method = original
        method[central[0] + 10] = 12
        #expect(Self.open(method, in: work)?.code == .malformed)

        #expect(Self.open(Array("not a zip archive at all, just text".utf8), in: work)?.code == .notZip)
    }

    @Test func limitsAreCheckedBeforeInflating() throws {
        let work = try TestEnvironment.temporaryDirectory("zip-limits")
        defer { try? FileManager.default.removeItem(at: work) }
        let path = try Self.archive(work).path
        var limits = Self.limits
        limits.maximumEntries = 3
        #expect(throws: ZipError(.limitExceeded, "")) { try ZipArchive(path: path, limits: limits) }
        limits = Self.limits
        limits.maximumEntryBytes = 1000
        #expect(throws: ZipError(.limitExceeded, "")) { try ZipArchive(path: path, limits: limits) }
        limits = Self.limits
        limits.maximumRatio = 2
        #expect(throws: ZipError(.limitExceeded, "")) { try ZipArchive(path: path, limits: limits) }
        limits = Self.limits
        limits.maximumArchiveBytes = 100
        #expect(throws: ZipError(.limitExceeded, "")) { try ZipArchive(path: path, limits: limits) }
    }
}
