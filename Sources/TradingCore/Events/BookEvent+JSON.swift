import JSON

// The stable encoding of an event: one canonical JSON object (``JSONWriter``: keys sorted, two-space
// indentation, a trailing newline), so equal events give equal bytes. Decimals are strings with their scale
// ("100.00" stays "100.00"), ids are JSON integers, enums carry Binance's names, and an absent optional field
// is left out. Version 1:
//
//   {"event": "admitted", "version": 1, "order": {"id", "account", "side", "type", "timeInForce",
//     "stpMode", and optionally "price", "quantity", "quoteOrderQty", "stopPrice", "icebergQty",
//     "trailingDelta"}}
//   {"event": "canceled", "version": 1, "orderId": N}
//   {"event": "reported", "version": 1, "report": {"orderId", "account", "executionType", "status",
//     "lastQuantity", "lastPrice", "executedQuantity", "preventedQuantity", "isMaker", and optionally
//     "tradeId", "preventedMatchId", "counterOrderId", "rejection": {"code", "msg"}}}
extension BookEvent {
    /// The event as a JSON value (see ``jsonBytes``).
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [("version", .integer(Self.encodingVersion))]
        switch self {
        case .admitted(let order):
            members.append(("event", .string("admitted")))
            members.append(("order", Self.json(order)))
        case .canceled(let orderId):
            members.append(("event", .string("canceled")))
            members.append(("orderId", .number(String(orderId))))
        case .reported(let report):
            members.append(("event", .string("reported")))
            members.append(("report", Self.json(report)))
        }
        return .object(members)
    }

    /// The event's canonical bytes: equal events give equal bytes, and ``init(jsonBytes:)`` reads them back.
    public var jsonBytes: [UInt8] { JSONWriter.bytes(jsonValue) }

    private static func json(_ order: NewOrder) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .number(String(order.id))),
            ("account", .number(String(order.account))),
            ("side", .string(order.side.rawValue)),
            ("type", .string(order.type.rawValue)),
            ("timeInForce", .string(order.timeInForce.rawValue)),
            ("stpMode", .string(order.stpMode.rawValue)),
        ]
        let decimals: [(String, FixedDecimal?)] = [
            ("price", order.price), ("quantity", order.quantity), ("quoteOrderQty", order.quoteOrderQty),
            ("stopPrice", order.stopPrice), ("icebergQty", order.icebergQty),
        ]
        for case (let name, let value?) in decimals { members.append((name, .string(value.description))) }
        if let delta = order.trailingDelta { members.append(("trailingDelta", .integer(delta))) }
        return .object(members)
    }

    private static func json(_ report: ExecutionReport) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("orderId", .number(String(report.orderId))),
            ("account", .number(String(report.account))),
            ("executionType", .string(report.executionType.rawValue)),
            ("status", .string(report.status.rawValue)),
            ("lastQuantity", .string(report.lastQuantity.description)),
            ("lastPrice", .string(report.lastPrice.description)),
            ("executedQuantity", .string(report.executedQuantity.description)),
            ("preventedQuantity", .string(report.preventedQuantity.description)),
            ("isMaker", .bool(report.isMaker)),
        ]
        let ids: [(String, UInt64?)] = [
            ("tradeId", report.tradeId), ("preventedMatchId", report.preventedMatchId),
            ("counterOrderId", report.counterOrderId),
        ]
        for case (let name, let value?) in ids { members.append((name, .number(String(value)))) }
        if let rejection = report.rejection {
            members.append(
                ("rejection", .object([("code", .integer(rejection.code.code)), ("msg", .string(rejection.message))]))
            )
        }
        return .object(members)
    }
}
