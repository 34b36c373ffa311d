import Foundation

/// A database password, kept out of every string: it has no readable `description`, is stored in its own
/// buffer (NUL-terminated, as libpq wants it) and is wiped when released.
///
/// The buffer is an ordinary heap allocation, not locked memory; the value passed in as a `String` (from
/// the environment or a file) remains wherever it came from.
public final class PQPassword: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    // Immutable after init; only read (by libpq, through `withCString`) until deinit wipes it.
    private nonisolated(unsafe) let buffer: UnsafeMutablePointer<CChar>
    private let count: Int

    /// Copies `password` into the wiped buffer.
    public init(_ password: String) {
        let utf8 = Array(password.utf8)
        count = utf8.count
        buffer = .allocate(capacity: utf8.count + 1)
        for (index, byte) in utf8.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[utf8.count] = 0
    }

    deinit {
        explicit_bzero(buffer, count + 1)
        buffer.deallocate()
    }

    /// Whether the password is empty.
    public var isEmpty: Bool { count == 0 }

    /// Never the value.
    public var description: String { "<password redacted>" }
    /// Never the value.
    public var debugDescription: String { description }

    /// Lends the NUL-terminated password to `body`.
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try body(buffer)
    }

    /// Replaces every occurrence of the password in `text` (a server or libpq message) with `***`.
    ///
    /// Passwords shorter than 4 bytes are not searched for: they would match ordinary words of the message.
    func scrub(_ text: String) -> String {
        guard count >= 4 else { return text }
        let password = String(cString: buffer)
        return text.replacingOccurrences(of: password, with: "***")
    }
}
