import TradingCore

/// Reads an endpoint's parameters one by one, in Binance's terms, and remembers which were read so that
/// ``finish()`` can refuse the rest (-1104), as Binance refuses parameters an endpoint does not take.
public struct ParameterReader: Sendable {
    /// The request's parameters.
    public let parameters: BinanceParameters
    private var read: Set<String> = []

    /// Starts reading `parameters`.
    public init(_ parameters: BinanceParameters) { self.parameters = parameters }

    /// The names read so far.
    public var readNames: Set<String> { read }

    /// A mandatory parameter: -1102 when missing or empty.
    public mutating func required(_ name: String) throws(BinanceAPIError) -> String {
        read.insert(name)
        guard let value = parameters[name], !value.isEmpty else { throw .mandatoryParameter(name) }
        return value
    }

    /// An optional parameter: nil when not sent, -1105 when sent empty.
    public mutating func optional(_ name: String) throws(BinanceAPIError) -> String? {
        read.insert(name)
        guard let value = parameters[name] else { return nil }
        guard !value.isEmpty else { throw .emptyParameter(name) }
        return value
    }

    /// A parameter that must be absent here: -1106 when it was sent.
    public mutating func refuse(_ name: String) throws(BinanceAPIError) {
        guard parameters[name] == nil else { throw .parameterNotRequired(name) }
    }

    /// An optional decimal (Binance DECIMAL: digits with an optional fraction, no sign, no exponent).
    public mutating func optionalDecimal(_ name: String) throws(BinanceAPIError) -> FixedDecimal? {
        try optional(name).map { text throws(BinanceAPIError) in try ParameterReader.decimal(text, name: name) }
    }

    /// An optional LONG (digits only, at most 20, and within `Int64`).
    public mutating func optionalLong(_ name: String) throws(BinanceAPIError) -> Int64? {
        try optional(name).map { text throws(BinanceAPIError) in try ParameterReader.long(text, name: name) }
    }

    /// A mandatory LONG.
    public mutating func requiredLong(_ name: String) throws(BinanceAPIError) -> Int64 {
        let text = try required(name)
        do {
            return try ParameterReader.long(text, name: name)
        } catch {
            throw .mandatoryParameter(name)
        }
    }

    /// An optional value of a string enum; `invalid` when it is not one of the cases.
    public mutating func optionalEnum<Value: RawRepresentable<String>>(
        _ name: String,
        as type: Value.Type,
        invalid: BinanceAPIError
    ) throws(BinanceAPIError) -> Value? {
        guard let text = try optional(name) else { return nil }
        guard let value = Value(rawValue: text) else { throw invalid }
        return value
    }

    /// A mandatory value of a string enum: -1102 when missing, `invalid` when not one of the cases.
    public mutating func requiredEnum<Value: RawRepresentable<String>>(
        _ name: String,
        as type: Value.Type,
        invalid: BinanceAPIError
    ) throws(BinanceAPIError) -> Value {
        guard let value = Value(rawValue: try required(name)) else { throw invalid }
        return value
    }

    /// Refuses parameters that no read asked for: -1104 with Binance's counts.
    public func finish() throws(BinanceAPIError) {
        let sent = parameters.parameters.count
        let consumed = parameters.parameters.filter { read.contains($0.name) }.count
        guard consumed == sent else { throw .unreadParameters(read: consumed, sent: sent) }
    }

    /// The legal range Binance names for a DECIMAL.
    static let decimalRange = "^([0-9]{1,20})(\\.[0-9]{1,20})?$"
    /// The legal range Binance names for a LONG.
    static let longRange = "^[0-9]{1,20}$"

    /// Parses a DECIMAL exactly: -1100 for anything but digits and one point, -1111 beyond 18 decimals,
    /// -1108 beyond the fixed-point range.
    static func decimal(_ text: String, name: String) throws(BinanceAPIError) -> FixedDecimal {
        let bytes = Array(text.utf8)
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integer = bytes[..<(point ?? bytes.count)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard (1...20).contains(integer.count), integer.allSatisfy(isDigit),
            point == nil || (1...20).contains(fraction.count), fraction.allSatisfy(isDigit)
        else { throw .illegalCharacters(name, legalRange: decimalRange) }
        guard fraction.count <= Int(FixedDecimal.maxScale) else { throw .tooMuchPrecision(name) }
        do {
            return try FixedDecimal(text, allowNegative: false)
        } catch {
            throw .parameterOverflow(name)
        }
    }

    /// Parses a LONG: -1100 for anything but 1 to 20 digits, -1108 beyond `Int64`.
    static func long(_ text: String, name: String) throws(BinanceAPIError) -> Int64 {
        let bytes = Array(text.utf8)
        guard (1...20).contains(bytes.count),
            bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { throw .illegalCharacters(name, legalRange: longRange) }
        guard let value = Int64(text) else { throw .parameterOverflow(name) }
        return value
    }
}
