/// A zip archive that cannot be read, or an entry that cannot be extracted, within ``ZipLimits``.
///
/// Messages name the archive and, where there is one, the entry (`<archive>!<entry>`) and the limit broken.
public struct ZipError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notZip, malformed, unsupported, limitExceeded, corrupt, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No end-of-central-directory record: the file is not a zip archive.
        public static let notZip = Code(.notZip)
        /// A record is truncated, points outside the file, overlaps another or contradicts the central directory.
        public static let malformed = Code(.malformed)
        /// A feature Bot4 does not read: ZIP64, multi-disk archives, encryption, methods other than store and
        /// deflate.
        public static let unsupported = Code(.unsupported)
        /// A declared or actual size, count or ratio above ``ZipLimits``.
        public static let limitExceeded = Code(.limitExceeded)
        /// An entry's data does not inflate to what its header declares (length or CRC-32).
        public static let corrupt = Code(.corrupt)
        /// The file could not be opened or read.
        public static let io = Code(.io)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .notZip: "not a zip archive"
            case .malformed: "malformed zip archive"
            case .unsupported: "unsupported zip feature"
            case .limitExceeded: "zip limit exceeded"
            case .corrupt: "corrupt zip entry"
            case .io: "I/O failure"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, which names the archive and the entry.
    public var description: String { message }
    /// Errors compare on their code only.
    public static func == (lhs: ZipError, rhs: ZipError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
