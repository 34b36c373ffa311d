/// One parameter value sent with a statement as `$n`: never spliced into the SQL text.
///
/// Text values go in PostgreSQL's text format (the server parses them as the parameter's inferred type);
/// bytes go in binary format as `bytea`, so any byte sequence arrives unchanged.
public struct PQBind: Hashable, Sendable {
    enum Storage: Hashable, Sendable {
        case null
        case text(String)
        case bytes([UInt8])
    }
    let storage: Storage

    /// SQL `NULL`.
    public static let null = PQBind(storage: .null)

    /// A value in PostgreSQL's text format (a number, a decimal string, a timestamp, any text).
    public static func text(_ value: String) -> PQBind { PQBind(storage: .text(value)) }

    /// A `bytea` value, sent in binary format.
    public static func bytes(_ value: [UInt8]) -> PQBind { PQBind(storage: .bytes(value)) }
}

/// A Swift value that can be bound as a statement parameter.
public protocol PQBindable {
    /// The value as a parameter.
    var pqBind: PQBind { get }
}

extension String: PQBindable {
    /// The string as text.
    public var pqBind: PQBind { .text(self) }
}

extension Substring: PQBindable {
    /// The substring as text.
    public var pqBind: PQBind { .text(String(self)) }
}

extension Int: PQBindable {
    /// The integer in decimal.
    public var pqBind: PQBind { .text(String(self)) }
}

extension Int64: PQBindable {
    /// The integer in decimal.
    public var pqBind: PQBind { .text(String(self)) }
}

extension Int32: PQBindable {
    /// The integer in decimal.
    public var pqBind: PQBind { .text(String(self)) }
}

extension Bool: PQBindable {
    /// `t` or `f`.
    public var pqBind: PQBind { .text(self ? "t" : "f") }
}

extension Array: PQBindable where Element == UInt8 {
    /// The bytes as `bytea`.
    public var pqBind: PQBind { .bytes(self) }
}

extension Optional: PQBindable where Wrapped: PQBindable {
    /// The wrapped value, or `NULL`.
    public var pqBind: PQBind { self?.pqBind ?? .null }
}

extension PQBind: PQBindable {
    /// Itself.
    public var pqBind: PQBind { self }
}
