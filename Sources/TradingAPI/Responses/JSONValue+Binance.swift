import JSON
import TradingCore

extension JSONValue {
    /// A decimal as Binance sends it: a JSON string with the value's own scale (`"0.10000000"`).
    static func decimal(_ value: FixedDecimal) -> JSONValue { .string(value.description) }

    /// A signed 64-bit id or time as a JSON integer.
    static func int64(_ value: Int64) -> JSONValue { .number(String(value)) }

    /// An unsigned 64-bit id as a JSON integer.
    static func uint64(_ value: UInt64) -> JSONValue { .number(String(value)) }
}
