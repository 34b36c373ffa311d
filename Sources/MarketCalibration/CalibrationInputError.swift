import FileSystem
import Foundation

/// Input that the calibration cannot use: a file in the wrong format, an empty file, a non-numeric field,
/// times out of order. The message names the file, the line (1-based) and the field.
public struct CalibrationInputError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case emptyFile, wrongFormat, badField, unsorted, tooFewRows, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file has no data rows.
        public static let emptyFile = Code(.emptyFile)
        /// The file is not of the expected kind (wrong header, wrong number of columns, not a capture line).
        public static let wrongFormat = Code(.wrongFormat)
        /// A field is not a number of the required kind, or is out of range.
        public static let badField = Code(.badField)
        /// Times go backwards.
        public static let unsorted = Code(.unsorted)
        /// Too few rows to calibrate anything.
        public static let tooFewRows = Code(.tooFewRows)
        /// The file cannot be read.
        public static let io = Code(.io)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .emptyFile: "empty file"
            case .wrongFormat: "wrong format"
            case .badField: "bad field"
            case .unsorted: "unsorted times"
            case .tooFewRows: "too few rows"
            case .io: "I/O failure"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// The file, as the user named it.
    public let file: String
    /// The 1-based line, when the failure is on one line.
    public let line: Int?
    /// What was wrong, without the underlying error's text.
    public let reason: String
    /// The error behind it (a read that failed), if any; not part of equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, file: String, line: Int? = nil, _ reason: String, underlying: (any Error)? = nil) {
        self.code = code
        self.file = file
        self.line = line
        self.reason = reason
        self.underlying = underlying
    }

    /// `file:line: reason`, then the underlying error's localized description (not for a ``FileReadError``,
    /// whose reason is already the reason).
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        guard let underlying, !(underlying is FileReadError) else { return "\(place): \(reason)" }
        return "\(place): \(reason): \(underlying.localizedDescription)"
    }
    /// Errors compare on their code only.
    public static func == (lhs: CalibrationInputError, rhs: CalibrationInputError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
