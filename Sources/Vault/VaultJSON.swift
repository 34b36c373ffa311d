import JSON

/// Vault's JSON concerns in one place: every answer of the server is read with ``parse(_:)``, every request
/// body written with ``body(_:)``, and an answer is printed only through ``redacted(_:)``.
///
/// Values are the shared `JSON.JSONValue`. Its parser refuses trailing garbage, duplicate object keys, invalid
/// UTF-8 and nesting deeper than ``maximumDepth``, and its errors give a position, never the text around it
/// (which may be a secret).
public enum VaultJSON {
    /// The deepest nesting accepted in a Vault answer (stricter than the shared parser's default: no Vault
    /// answer nests deeply).
    public static let maximumDepth = 64

    /// Parses one answer of the server.
    /// - Throws: ``VaultError/Code/malformedResponse`` naming the byte offset, with the `JSONSyntaxError` (line,
    ///   column and reason) as its underlying error.
    public static func parse(_ bytes: some Collection<UInt8>) throws(VaultError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes, maximumDepth: maximumDepth)
        } catch {
            throw VaultError(.malformedResponse, "malformed JSON at byte \(error.offset)", underlying: error)
        }
    }

    /// The compact UTF-8 bytes of a request body (object keys sorted, so output is deterministic).
    public static func body(_ value: JSONValue) -> [UInt8] {
        JSONWriter.compactBytes(value)
    }

    /// The shape of an answer with its keys and every value replaced by its kind, so that printing an answer
    /// shows no value: `{auth: {client_token: <string>}, renewable: <bool>}`.
    public static func redacted(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "<bool>"
        case .number: return "<number>"
        case .string: return "<string>"
        case .array(let elements): return "[" + elements.map(redacted).joined(separator: ", ") + "]"
        case .object(let members):
            let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            return "{" + sorted.map { "\($0.0): \(redacted($0.1))" }.joined(separator: ", ") + "}"
        }
    }
}

extension JSONValue {
    /// The integer of a number (written as an integer, or a float with no fraction that fits), or of a string of
    /// digits (Vault writes some integers as strings); nil otherwise.
    public var vaultInteger: Int? {
        switch self {
        case .number(let text): Int(text) ?? Double(text).flatMap { $0.rounded() == $0 ? Int(exactly: $0) : nil }
        case .string(let text): Int(text)
        default: nil
        }
    }
}
