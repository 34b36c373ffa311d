/// A failure while hashing: OpenSSL refused, or a file could not be read.
public struct DigestError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case openSSL, io }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// OpenSSL's EVP layer failed.
        public static let openSSL = Code(.openSSL)
        /// A file could not be opened or read.
        public static let io = Code(.io)
        /// A short name of the code.
        public var description: String {
            switch base {
            case .openSSL: "OpenSSL failure"
            case .io: "I/O failure"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What happened and where.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `message`.
    public var description: String { message }
    /// Errors compare on their code only.
    public static func == (lhs: DigestError, rhs: DigestError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
