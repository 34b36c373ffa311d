/// A failure to read or use the audit's inputs: the advisory database, the policy, a VEX document, the
/// scanned project or SBOM.
///
/// Findings are not errors: they are ``AuditReport`` values. Errors are for input that cannot be used at all.
/// Messages name the file and, where there is one, the line and the key.
public struct AuditError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformedPolicy, malformedInput, malformedVEX, databaseUnusable, databaseTooOld, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `policy/audit.toml` is not valid TOML or has a key of the wrong type or value.
        public static let malformedPolicy = Code(.malformedPolicy)
        /// The scanned Package.resolved, SBOM or dpkg status file cannot be parsed.
        public static let malformedInput = Code(.malformedInput)
        /// A VEX document cannot be parsed.
        public static let malformedVEX = Code(.malformedVEX)
        /// The advisory database is missing, empty, unsigned when a key is set, or its signature fails.
        public static let databaseUnusable = Code(.databaseUnusable)
        /// The advisory database is older than the policy's `max-age`.
        public static let databaseTooOld = Code(.databaseTooOld)
        /// A file could not be read.
        public static let io = Code(.io)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .malformedPolicy: "malformed policy"
            case .malformedInput: "malformed input"
            case .malformedVEX: "malformed VEX document"
            case .databaseUnusable: "advisory database unusable"
            case .databaseTooOld: "advisory database too old"
            case .io: "I/O failure"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where, without the underlying error's text (empty when that says it all).
    public let message: String
    /// The error this one wraps, when there is one; not part of equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, then the underlying error's text (the latter alone when the message is empty), as the user
    /// reads it.
    public var description: String {
        guard let underlying else { return message }
        return message.isEmpty ? "\(underlying)" : "\(message): \(underlying)"
    }
    /// Errors compare on their code only.
    public static func == (lhs: AuditError, rhs: AuditError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
