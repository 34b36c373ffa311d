/// A failure to read a file whole: it cannot be opened or read, it is a folder, or it is larger than the limit
/// the caller set. The message names the path and, for a file too large, the limit.
public struct FileReadError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case cannotOpen, notAFile, tooLarge, cannotRead
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file does not exist or may not be opened.
        public static let cannotOpen = Code(.cannotOpen)
        /// The path names a folder (or another thing that has no bytes to read).
        public static let notAFile = Code(.notAFile)
        /// The file has more bytes than the limit.
        public static let tooLarge = Code(.tooLarge)
        /// Reading failed part-way.
        public static let cannotRead = Code(.cannotRead)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .cannotOpen: "cannot open"
            case .notAFile: "not a file"
            case .tooLarge: "too large"
            case .cannotRead: "cannot read"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// The path as the caller gave it.
    public let path: String
    /// The largest size in bytes the caller accepted.
    public let limit: Int
    /// The system's reason (`strerror`), when the system gave one.
    public let systemReason: String?

    /// Creates an error.
    public init(_ code: Code, path: String, limit: Int, systemReason: String? = nil) {
        self.code = code
        self.path = path
        self.limit = limit
        self.systemReason = systemReason
    }

    /// What went wrong, without the path: `larger than 65536 bytes (the limit)`, `cannot open: <reason>`.
    public var reason: String {
        switch code {
        case .tooLarge: "larger than \(limit) bytes (the limit)"
        case .notAFile: "not a file"
        default: systemReason.map { "\(code): \($0)" } ?? "\(code)"
        }
    }

    /// `path: reason`, for example `release/key.pub: larger than 65536 bytes (the limit)`.
    public var description: String { "\(path): \(reason)" }
}
