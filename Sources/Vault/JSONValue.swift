import JSON

/// A JSON document as Vault sends and receives it: objects as dictionaries, numbers as their text (so that
/// large integers are not rounded), and a ``description`` that redacts every value.
///
/// ``init(parsing:)`` is the one entry point for everything the server says (it has a fuzz target). It reads
/// with the shared strict parser, which refuses trailing garbage, duplicate object keys, invalid UTF-8 and
/// nesting deeper than ``maxDepth``, and whose errors give the byte offset, never the text around it (which
/// may be a secret).
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as written.
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object (keys are unique).
    case object([String: JSONValue])

    /// The deepest nesting the parser accepts.
    public static let maxDepth = 64

    /// Parses one JSON document.
    /// - Throws: ``VaultError/Code/malformedResponse`` naming the byte offset of the first problem.
    public init(parsing bytes: some Collection<UInt8>) throws(VaultError) {
        do {
            self.init(try JSONParser.parse(bytes, maximumDepth: JSONValue.maxDepth))
        } catch {
            throw VaultError(.malformedResponse, "malformed JSON at byte \(error.offset): \(error.reason)")
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, or nil.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer value of a number (or of a string of digits, as Vault sometimes sends), or nil.
    public var int: Int? {
        switch self {
        case .number(let text): return Int(text) ?? Double(text).flatMap { $0.rounded() == $0 ? Int(exactly: $0) : nil }
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// The boolean, or nil.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members of an object, or nil.
    public var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or nil.
    public var array: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// The compact UTF-8 serialization (object keys sorted, so output is deterministic).
    public var serialized: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .number(let text): out += Array(text.utf8)
        case .string(let text): JSONValue.writeString(text, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// The same document with its objects as dictionaries (the shared parser has refused duplicate keys).
    fileprivate init(_ parsed: JSON.JSONValue) {
        switch parsed {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let text): self = .number(text)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(JSONValue.init))
        case .object(let members):
            self = .object(Dictionary(members.map { ($0.0, JSONValue($0.1)) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// The shape of the document with every string and number redacted, so that printing a response by
    /// mistake shows no value.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "<bool>"
        case .number: "<number>"
        case .string(let text): "<string \(text.utf8.count) bytes>"
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\($0): \(members[$0]!.description)" }.joined(separator: ", ") + "}"
        }
    }
}
