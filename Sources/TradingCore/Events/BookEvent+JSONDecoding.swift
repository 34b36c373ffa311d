import JSON

extension BookEvent {
    /// Reads an event written by ``jsonBytes`` (any JSON layout of the same members is accepted).
    ///
    /// Strict: a missing or unknown member, a wrong type, a decimal or id that is not exact, or another
    /// version is refused, with the member's path in the message (`event.order.price: …`).
    /// - Throws: ``BookEventError`` with code ``BookEventError/Code/malformed`` or
    ///   ``BookEventError/Code/unsupportedVersion``.
    public init(jsonBytes: some Collection<UInt8>) throws(BookEventError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(jsonBytes, maximumDepth: 8)
        } catch {
            throw BookEventError(.malformed, "event: not JSON", underlying: error)
        }
        try self.init(json: value)
    }

    /// Reads an event from a parsed JSON value (see ``init(jsonBytes:)``).
    public init(json: JSONValue) throws(BookEventError) {
        var event = try EventFields(json, path: "event")
        let version = try event.integer("version")
        guard version == Self.encodingVersion else {
            throw BookEventError(
                .unsupportedVersion,
                "event.version: \(version) is not a version this build reads (\(Self.encodingVersion))"
            )
        }
        switch try event.string("event") {
        case "admitted":
            var fields = try EventFields(try event.member("order"), path: "event.order")
            self = .admitted(try Self.order(&fields))
            try fields.finish()
        case "canceled":
            self = .canceled(orderId: try event.id("orderId"))
        case "reported":
            var fields = try EventFields(try event.member("report"), path: "event.report")
            self = .reported(try Self.report(&fields))
            try fields.finish()
        case let other:
            throw BookEventError(.malformed, "event.event: \"\(other)\" is not admitted, canceled or reported")
        }
        try event.finish()
    }

    private static func order(_ fields: inout EventFields) throws(BookEventError) -> NewOrder {
        NewOrder(
            id: try fields.id("id"),
            account: try fields.id("account"),
            side: try fields.enumeration("side", OrderSide.self),
            type: try fields.enumeration("type", OrderType.self),
            timeInForce: try fields.enumeration("timeInForce", TimeInForce.self),
            price: try fields.optionalDecimal("price"),
            quantity: try fields.optionalDecimal("quantity"),
            quoteOrderQty: try fields.optionalDecimal("quoteOrderQty"),
            stopPrice: try fields.optionalDecimal("stopPrice"),
            icebergQty: try fields.optionalDecimal("icebergQty"),
            trailingDelta: try fields.has("trailingDelta") ? fields.integer("trailingDelta") : nil,
            stpMode: try fields.enumeration("stpMode", STPMode.self)
        )
    }

    private static func report(_ fields: inout EventFields) throws(BookEventError) -> ExecutionReport {
        var rejection: OrderRejection?
        if fields.has("rejection") {
            var reason = try EventFields(try fields.member("rejection"), path: fields.path + ".rejection")
            let number = try reason.integer("code")
            guard let code = BinanceErrorCode(code: number) else {
                throw BookEventError(.malformed, reason.path + ".code: \(number) is not a Binance error code")
            }
            rejection = OrderRejection(code, try reason.string("msg"))
            try reason.finish()
        }
        return ExecutionReport(
            orderId: try fields.id("orderId"),
            account: try fields.id("account"),
            executionType: try fields.enumeration("executionType", ExecutionType.self),
            status: try fields.enumeration("status", OrderStatus.self),
            lastQuantity: try fields.decimal("lastQuantity"),
            lastPrice: try fields.decimal("lastPrice"),
            executedQuantity: try fields.decimal("executedQuantity"),
            preventedQuantity: try fields.decimal("preventedQuantity"),
            tradeId: try fields.has("tradeId") ? fields.id("tradeId") : nil,
            preventedMatchId: try fields.has("preventedMatchId") ? fields.id("preventedMatchId") : nil,
            counterOrderId: try fields.has("counterOrderId") ? fields.id("counterOrderId") : nil,
            isMaker: try fields.bool("isMaker"),
            rejection: rejection
        )
    }
}

/// The members of one JSON object being read: typed getters that name the path, and a check that none is left.
private struct EventFields {
    let path: String
    private var members: [String: JSONValue] = [:]

    init(_ value: JSONValue, path: String) throws(BookEventError) {
        self.path = path
        guard let object = value.objectValue else {
            throw BookEventError(.malformed, "\(path): expected an object, found \(value.kindName)")
        }
        for (key, member) in object { members[key] = member }
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    mutating func member(_ key: String) throws(BookEventError) -> JSONValue {
        guard let value = members.removeValue(forKey: key) else {
            throw BookEventError(.malformed, "\(path): the member \"\(key)\" is missing")
        }
        return value
    }

    private func wrong(_ key: String, _ what: String) -> BookEventError {
        BookEventError(.malformed, "\(path).\(key): \(what)")
    }

    mutating func string(_ key: String) throws(BookEventError) -> String {
        let value = try member(key)
        guard let text = value.stringValue else { throw wrong(key, "expected a string, found \(value.kindName)") }
        return text
    }

    mutating func bool(_ key: String) throws(BookEventError) -> Bool {
        guard case .bool(let flag) = try member(key) else { throw wrong(key, "expected true or false") }
        return flag
    }

    mutating func integer(_ key: String) throws(BookEventError) -> Int {
        guard case .number(let text) = try member(key), let number = Int(text) else {
            throw wrong(key, "expected an integer")
        }
        return number
    }

    mutating func id(_ key: String) throws(BookEventError) -> UInt64 {
        guard case .number(let text) = try member(key), let number = UInt64(text) else {
            throw wrong(key, "expected a non-negative integer id")
        }
        return number
    }

    mutating func enumeration<Value: RawRepresentable<String>>(
        _ key: String,
        _ type: Value.Type
    ) throws(BookEventError) -> Value {
        let text = try string(key)
        guard let value = Value(rawValue: text) else { throw wrong(key, "\"\(text)\" is not a known value") }
        return value
    }

    mutating func decimal(_ key: String) throws(BookEventError) -> FixedDecimal {
        let text = try string(key)
        // Only the canonical form: it is what the writer produces, and it keeps the scale.
        guard let value = try? FixedDecimal(text), value.description == text else {
            throw wrong(key, "\"\(text.prefix(40))\" is not a decimal in canonical form")
        }
        return value
    }

    mutating func optionalDecimal(_ key: String) throws(BookEventError) -> FixedDecimal? {
        has(key) ? try decimal(key) : nil
    }

    /// Throws if a member was not read: an unknown member may carry meaning this build would drop.
    func finish() throws(BookEventError) {
        if let key = members.keys.sorted().first {
            throw BookEventError(.malformed, "\(path): unknown member \"\(key)\"")
        }
    }
}
