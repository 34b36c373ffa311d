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

        // Deflate data that is not deflate: a block type of 3 (reserved) in its first byte.
        var garbage = original
        let local = Int(Self.le32(original, central[0] + 42))
        let data = local + 30 + Int(Self.le16(original, local + 26)) + Int(Self.le16(original, local + 28))
        garbage[data] = 0xFF
        #expect(Self.open(garbage, in: work)?.message.contains("the deflate data is invalid") == true)

        var crc = original
        Self.put32(&crc, central[0] + 16, ~Self.le32(original, central[0] + 16))
        #expect(Self.open(crc, in: work)?.message.contains("CRC-32") == true)

        var overlap = original
        Self.put32(&overlap, central[1] + 42, Self.le32(original, central[0] + 42))
        #expect(Self.open(overlap, in: work)?.code == .malformed)

        // The ZIP64 marker in the end record without the ZIP64 locator before it.
        var zip64 = original
        Self.put32(&zip64, end + 16, 0xFFFF_FFFF)
        #expect(Self.open(zip64, in: work)?.message.contains("no ZIP64 locator") == true)

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

    /// An archive of 70,000 entries, as Python's zipfile writes it past 65,535 entries: ZIP64 end record and
    /// locator, the end record's count set to 0xFFFF (osv.dev's larger exports have this shape).
    static func zip64Archive(_ work: URL, entries: Int = 70_000) throws -> [UInt8] {
        let out = work.appendingPathComponent("big.zip")
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for n in range(int(sys.argv[2])):
                    z.writestr("R-%06d.json" % n, '{"id":"R-%06d","modified":"2026-01-01T00:00:00Z"}' % n)
            """
        let result = try ProcessRunner.run(
            try TestEnvironment.requireTool("python3"),
            ["-c", script, out.path, String(entries)]
        )
        #expect(result.status == 0, "\(result.err)")
        return [UInt8](try Data(contentsOf: out))
    }

    @Test func aZIP64ArchiveOfMoreThan65535EntriesIsRead() throws {
        let work = try TestEnvironment.temporaryDirectory("zip64")
        defer { try? FileManager.default.removeItem(at: work) }
        let bytes = try Self.zip64Archive(work)
        let end = bytes.count - 22
        #expect(Self.le32(bytes, end) == 0x0605_4b50 && Self.le16(bytes, end + 10) == 0xFFFF)
        #expect(Self.le32(bytes, end - 20) == 0x0706_4b50, "Python wrote no ZIP64 locator")
        let path = work.appendingPathComponent("big.zip").path
        var limits = Self.limits
        limits.maximumEntries = 100_000
        limits.maximumArchiveBytes = 64 << 20
        limits.maximumTotalBytes = 64 << 20
        let archive = try ZipArchive(path: path, limits: limits)
        #expect(archive.entries.count == 70_000)
        for index in [0, 65_535, 65_536, 69_999] {
            let entry = archive.entries[index]
            #expect(entry.name == String(format: "R-%06d.json", index))
            let text = String(decoding: try archive.contents(of: entry), as: UTF8.self)
            #expect(text.contains(String(format: "\"R-%06d\"", index)))
        }
        limits.maximumEntries = 69_999
        #expect(throws: ZipError(.limitExceeded, "")) { try ZipArchive(path: path, limits: limits) }
    }

    /// The fuzz seed with ZIP64 end records over two entries (the end record keeps the real count, as Python
    /// writes it below 65,535): read like any archive.
    @Test func aSmallZIP64ArchiveIsRead() throws {
        let seed = TestEnvironment.projectRoot.appendingPathComponent(
            "FuzzTesting/Corpus/FuzzZipArchive/python-zip64-end.zip"
        )
        let archive = try ZipArchive(path: seed.path, limits: Self.limits)
        #expect(archive.entries.map(\.name) == ["GHSA-7fj7-39wj-c64f.json", "GHSA-v3r5-pjpm-mwgq.json"])
        let expected = try Data(contentsOf: Self.records.appendingPathComponent("GHSA-7fj7-39wj-c64f.json"))
        #expect(Data(try archive.contents(of: archive.entries[0])) == expected)
    }

    /// The ZIP64 records changed the ways a hostile mirror could: each refused, naming what is wrong.
    @Test func lyingZIP64RecordsAreRefused() throws {
        let work = try TestEnvironment.temporaryDirectory("zip64-lies")
        defer { try? FileManager.default.removeItem(at: work) }
        let original = try Self.zip64Archive(work, entries: 65_600)
        let end = original.count - 22
        let locator = end - 20
        let record = Int(Self.le32(original, locator + 8))
        var limits = Self.limits
        limits.maximumEntries = 100_000
        limits.maximumArchiveBytes = 64 << 20
        limits.maximumTotalBytes = 64 << 20
        func open(_ bytes: [UInt8]) -> ZipError? {
            let path = work.appendingPathComponent("variant.zip")
            _ = FileManager.default.createFile(atPath: path.path, contents: Data(bytes))
            do throws(ZipError) {
                _ = try ZipArchive(path: path.path, limits: limits)
                return nil
            } catch {
                return error
            }
        }
        #expect(open(original) == nil)

        var pastItself = original
        Self.put32(&pastItself, locator + 8, UInt32(locator))
        #expect(open(pastItself)?.message.contains("points past itself") == true)

        var noRecord = original
        noRecord[record] ^= 0xFF
        #expect(open(noRecord)?.message.contains("no ZIP64 end record") == true)

        var disks = original
        Self.put32(&disks, locator + 16, 2)
        #expect(open(disks)?.code == .unsupported)

        // One entry fewer than the directory holds: the last one would be hidden from this reader.
        var count = original
        Self.put32(&count, record + 24, 65_599)
        Self.put32(&count, record + 32, 65_599)
        #expect(open(count)?.message.contains("after its last entry") == true)

        var directoryPast = original
        Self.put32(&directoryPast, record + 48, UInt32(record))
        #expect(open(directoryPast)?.message.contains("runs past its ZIP64 end record") == true)

        var disagreeing = original
        Self.put32(&disagreeing, end + 16, Self.le32(original, record + 48) + 1)
        #expect(open(disagreeing)?.message.contains("disagrees with the ZIP64 end record") == true)
    }
}
