/// A strict RFC 8259 JSON parser over UTF-8 bytes: the one parser every module reads outside JSON with.
///
/// It rejects duplicate object keys, unpaired surrogates, control characters in strings, invalid UTF-8,
/// trailing text and nesting deeper than the caller's limit, so that hostile input cannot exhaust the stack.
/// Its errors give the position and the kind of problem, never the text around it (which may be a secret).
/// It builds the tree on ``JSONReader``, the lexer it shares with streaming readers.
public enum JSONParser {
    /// The deepest nesting accepted unless the caller sets a limit.
    public static let maximumDepth = 512

    /// Parses one JSON document (a leading UTF-8 byte order mark is skipped).
    /// - Parameter maximumDepth: the deepest nesting of arrays and objects accepted.
    /// - Throws: ``JSONSyntaxError`` with the byte offset, line and column of the first problem.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        maximumDepth: Int = JSONParser.maximumDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        let parse = { (buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONSyntaxError> in
            var reader = JSONReader(bytes: buffer, maximumDepth: maximumDepth)
            return Result { () throws(JSONSyntaxError) in
                let value = try JSONParser.value(&reader)
                try reader.finish()
                return value
            }
        }
        let result = bytes.withContiguousStorageIfAvailable(parse) ?? Array(bytes).withUnsafeBufferPointer(parse)
        return try result.get()
    }

    private static func value(_ reader: inout JSONReader) throws(JSONSyntaxError) -> JSONValue {
        switch try reader.peekKind() {
        case .object:
            try reader.beginObject()
            var members: [(String, JSONValue)] = []
            var seen = Set<String>()
            while let key = try reader.memberKey() {
                guard seen.insert(key).inserted else { throw reader.failure("duplicate key", at: reader.keyOffset) }
                try reader.memberColon()
                members.append((key, try value(&reader)))
            }
            return .object(members)
        case .array:
            try reader.beginArray()
            var elements: [JSONValue] = []
            while try reader.nextElement() { elements.append(try value(&reader)) }
            return .array(elements)
        case .string: return .string(try reader.readString())
        case .number: return .number(try reader.readNumber())
        case .bool: return .bool(try reader.readBool())
        case .null:
            try reader.readNull()
            return .null
        }
    }
}
