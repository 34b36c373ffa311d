import Foundation

/// The ownership record next to each secret file, and the removal of files a killed run left behind.
///
/// Before a value is written, `seal exec` records in `<folder>/.<name>.seal-exec` its pid, the temporary
/// file's name, and the device and inode of that file (the inode survives the rename into place); once the
/// file is in place the record gains its change time (to the nanosecond) and size, so that a file someone
/// else created since, even on a reused inode number, does not match. At the next start, a record whose
/// process is gone names a leftover: the file at the path, and the temporary file of an interrupted write,
/// are removed only if they still match the record and are owned by this user. A file that does not match, a
/// record that cannot be read, or a record of a process still running is left alone and reported.
extension SecretFile {
    /// The ownership record of the secret file at `path`.
    static func recordPath(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder + "/." + (path as NSString).lastPathComponent + ".seal-exec"
    }

    /// What a record holds.
    struct Record: Equatable {
        let pid: Int32
        let device: UInt64
        let inode: UInt64
        let temporaryName: String
        /// `<seconds>.<nanoseconds> <size>` of the file once in place; nil while it is being written.
        let placed: String?

        var text: String {
            "seal-exec-file 1\npid \(pid)\ndevice \(device)\ninode \(inode)\ntemp \(temporaryName)\n"
                + (placed.map { "placed \($0)\n" } ?? "")
        }

        init(pid: Int32, device: UInt64, inode: UInt64, temporaryName: String, placed: String?) {
            self.pid = pid
            self.device = device
            self.inode = inode
            self.temporaryName = temporaryName
            self.placed = placed
        }

        /// Parses a record; nil for anything but the exact forms written (a torn write included).
        init?(_ text: String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.count == 6 || lines.count == 7, lines[0] == "seal-exec-file 1", lines.last == "" else {
                return nil
            }
            var placed: String?
            if lines.count == 7 {
                guard lines[5].hasPrefix("placed "), lines[5].count < 80 else { return nil }
                placed = String(lines[5].dropFirst("placed ".count))
                lines.remove(at: 5)
            }
            func value(_ line: Substring, _ key: String) -> Substring? {
                line.hasPrefix(key + " ") ? line.dropFirst(key.count + 1) : nil
            }
            guard let pid = value(lines[1], "pid").flatMap({ Int32($0) }), pid > 0,
                let device = value(lines[2], "device").flatMap({ UInt64($0) }),
                let inode = value(lines[3], "inode").flatMap({ UInt64($0) }),
                let temp = value(lines[4], "temp"), temp.hasPrefix(".seal-exec-"), !temp.contains("/")
            else { return nil }
            self.init(pid: pid, device: device, inode: inode, temporaryName: String(temp), placed: placed)
        }
    }

    /// The change time and size of a file, as a record holds them.
    static func placement(_ info: stat) -> String {
        #if os(Linux)
        let changed = info.st_ctim
        #else
        let changed = info.st_ctimespec
        #endif
        return "\(changed.tv_sec).\(changed.tv_nsec) \(info.st_size)"
    }

    /// Writes the record for the file open as `fd` (temporary name `temporaryName`): before the value is
    /// written, and again, `final`, once the file is in place at `path`.
    static func writeRecord(for path: String, fd: Int32, temporaryName: String, final: Bool = false) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        let record = Record(
            pid: getpid(),
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            temporaryName: temporaryName,
            placed: final ? placement(info) : nil
        )
        let recordFD = open(recordPath(of: path), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard recordFD >= 0 else { return false }
        defer { close(recordFD) }
        let bytes = Array(record.text.utf8)
        return bytes.withUnsafeBytes { Foundation.write(recordFD, $0.baseAddress!, $0.count) } == bytes.count
            && fsync(recordFD) == 0
    }

    /// Removes the files an earlier run that was killed left at `paths`; returns one line per file removed
    /// or left alone (paths only, never contents).
    public static func removeLeftovers(_ paths: [String]) -> [String] {
        var report: [String] = []
        for path in paths.sorted() {
            let recordPath = recordPath(of: path)
            guard let data = FileManager.default.contents(atPath: recordPath), data.count <= 4096 else { continue }
            guard let record = Record(String(decoding: data, as: UTF8.self)) else {
                report.append("[files] \(path): \(recordPath) is not a record seal exec wrote; both left alone")
                continue
            }
            if record.pid != getpid(), kill(record.pid, 0) == 0 || errno == EPERM {
                report.append("[files] \(path): still held by seal exec pid \(record.pid); left alone")
                continue
            }
            let folder = (path as NSString).deletingLastPathComponent
            for candidate in [path, folder + "/" + record.temporaryName] {
                var info = stat()
                guard lstat(candidate, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFREG, UInt64(info.st_dev) == record.device,
                    UInt64(info.st_ino) == record.inode, info.st_uid == getuid(),
                    record.placed == nil || record.placed == placement(info)
                {
                    unlink(candidate)
                    report.append("removed \(candidate), left by seal exec pid \(record.pid), which did not exit")
                } else {
                    report.append("[files] \(candidate): not the file seal exec pid \(record.pid) wrote; left alone")
                }
            }
            unlink(recordPath)
        }
        return report
    }
}
