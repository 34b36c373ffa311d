import Foundation
import Sodium

#if canImport(Glibc)
import Glibc
#endif

/// Reads a password into guarded memory: from `--password-file`, from standard input when it is not a
/// terminal, or from the terminal with echo off. Never from the command line.
public struct PasswordReader: Sendable {
    /// The `--password-file`, when one was given.
    public let passwordFile: String?

    /// A reader of `passwordFile`, else standard input or the terminal.
    public init(passwordFile: String?) { self.passwordFile = passwordFile }

    /// Reads one password. `confirm` asks twice on a terminal.
    /// - Throws: ``ReleaseError`` (bad input: an empty password, two that differ, no terminal; I/O: an
    ///   unreadable password file), or a `SodiumError` when guarded memory cannot be had.
    public func read(prompt: String, confirm: Bool = false) throws -> SecureBytes {
        if let passwordFile {
            var bytes = try ReleaseInput.read(passwordFile, what: "the password file", limit: 4096)
            defer { Sodium.wipe(&bytes) }
            var line = firstLine(bytes)
            defer { Sodium.wipe(&line) }
            return try checked(&line, source: passwordFile)
        }
        if isatty(STDIN_FILENO) == 0 {
            var line = readLine(fd: STDIN_FILENO)
            defer { Sodium.wipe(&line) }
            return try checked(&line, source: "standard input")
        }
        var first = try terminalLine(prompt: prompt)
        defer { Sodium.wipe(&first) }
        if confirm {
            var second = try terminalLine(prompt: "Password (one more time): ")
            defer { Sodium.wipe(&second) }
            guard Sodium.constantTimeEqualBytes(first, second) else {
                throw ReleaseError(.badInput, "the passwords don't match")
            }
        }
        return try checked(&first, source: "the terminal")
    }

    private func checked(_ line: inout [UInt8], source: String) throws -> SecureBytes {
        guard !line.isEmpty else { throw ReleaseError(.badInput, "\(source): the password is empty") }
        return try SecureBytes(consuming: &line)
    }

    private func firstLine(_ bytes: [UInt8]) -> [UInt8] {
        var line = Array(bytes.prefix { $0 != 0x0A })
        if line.last == 0x0D { line.removeLast() }
        return line
    }

    private func readLine(fd: Int32) -> [UInt8] {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(fd, &byte, 1) == 1 {
            if byte == 0x0A { break }
            line.append(byte)
        }
        if line.last == 0x0D { line.removeLast() }
        return line
    }

    private func terminalLine(prompt: String) throws -> [UInt8] {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            throw ReleaseError(.badInput, "no terminal to read the password from; use --password-file")
        }
        defer { close(tty) }
        _ = prompt.withCString { Glibc.write(tty, $0, strlen($0)) }
        var saved = termios()
        tcgetattr(tty, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            _ = Glibc.write(tty, "\n", 1)
        }
        return readLine(fd: tty)
    }
}

extension Sodium {
    /// Whether two byte arrays are equal, in time independent of their contents.
    static func constantTimeEqualBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { x in b.withUnsafeBytes { y in constantTimeEqual(x, y) } }
    }
}
