/// Building documents in Swift: literals for constant parts, ``number(_:)-swift.type.method`` for a `Double`,
/// and a settable member subscript (in JSONValue.swift), so that a writer never needs Foundation's untyped dictionaries.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// A string literal is a JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal is a JSON number.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array literal is a JSON array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal is a JSON object with its members in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }

    /// A finite `Double` as a JSON number in its shortest round-trip form, without a `.0` on whole values
    /// (`7.5`, `9`, `1e-05`); a value that is not finite, which JSON cannot hold, is `null`.
    public static func number(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(value.description)
    }

    /// An array of strings.
    public static func strings(_ values: some Sequence<String>) -> JSONValue { .array(values.map(JSONValue.string)) }
}
