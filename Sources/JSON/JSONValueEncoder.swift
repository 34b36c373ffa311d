/// Encodes `Encodable` types to a ``JSONValue`` for ``JSONWriter``, so that a report described with `Encodable`
/// (`bot4 calibrate`'s `calibration.json`) is written by the one writer too.
///
/// Integers are written exactly; a `Double` in its shortest round-trip form (``JSONValue/number(_:)``). A
/// value that is not finite has no JSON form: it is an `EncodingError`, or, when ``nonFiniteAsStrings`` is set,
/// the string `"NaN"`, `"Infinity"` or `"-Infinity"`.
public struct JSONValueEncoder: Sendable {
    /// Whether a non-finite `Double` is written as a string instead of failing.
    public var nonFiniteAsStrings: Bool

    /// Creates an encoder.
    public init(nonFiniteAsStrings: Bool = false) { self.nonFiniteAsStrings = nonFiniteAsStrings }

    /// The document of `value`.
    /// - Throws: `EncodingError` for a non-finite number (unless ``nonFiniteAsStrings``), or whatever the
    ///   value's `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = Node()
        try ValueEncoder(node: node, codingPath: [], nonFiniteAsStrings: nonFiniteAsStrings).encodeValue(value)
        return node.resolved
    }
}

/// A value being built: containers stay open while their members are encoded.
private final class Node {
    enum Content {
        case value(JSONValue)
        case object([(String, Node)])
        case array([Node])
    }
    var content = Content.value(.null)

    var resolved: JSONValue {
        switch content {
        case .value(let value): value
        case .object(let members): .object(members.map { ($0.0, $0.1.resolved) })
        case .array(let elements): .array(elements.map(\.resolved))
        }
    }
}

private struct ValueEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    let nonFiniteAsStrings: Bool
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    /// A child encoder for a new node at `key`.
    func child(_ node: Node, _ key: any CodingKey) -> ValueEncoder {
        ValueEncoder(node: node, codingPath: codingPath + [key], nonFiniteAsStrings: nonFiniteAsStrings)
    }

    /// Writes a primitive into this node, or lets the value encode itself into it.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let flag as Bool: node.content = .value(.bool(flag))
        case let text as String: node.content = .value(.string(text))
        case let number as Double: node.content = .value(try double(number))
        case let number as Float: node.content = .value(try double(Double(number)))
        case let integer as any BinaryInteger: node.content = .value(.number(String(describing: integer)))
        default: try value.encode(to: self)
        }
    }

    private func double(_ value: Double) throws -> JSONValue {
        if value.isFinite { return .number(value) }
        guard nonFiniteAsStrings else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "not finite"))
        }
        return .string(value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity")
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func member(_ key: Key) -> ValueEncoder {
        let child = Node()
        if case .object(var members) = encoder.node.content {
            members.removeAll { $0.0 == key.stringValue }
            members.append((key.stringValue, child))
            encoder.node.content = .object(members)
        }
        return encoder.child(child, key)
    }

    mutating func encodeNil(forKey key: Key) throws { member(key).node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try member(key).encodeValue(value) }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> { member(key).container(keyedBy: keyType) }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        member(key).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { member(Key(stringValue: "super")!) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { member(key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int {
        if case .array(let elements) = encoder.node.content { return elements.count }
        return 0
    }

    private func next() -> ValueEncoder {
        let child = Node()
        let index = count
        if case .array(var elements) = encoder.node.content {
            elements.append(child)
            encoder.node.content = .array(elements)
        }
        return encoder.child(child, IndexKey(index: index))
    }

    mutating func encodeNil() throws { next().node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try next().encodeValue(value) }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> { next().container(keyedBy: keyType) }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { next() }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    mutating func encodeNil() throws { encoder.node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value) }
}
