import JSON

/// The balances every account starts with, from `--initial-balances FILE`: a JSON object of asset to decimal
/// string, such as `{"USDT":"1000000","BTC":"100"}`.
public struct StartingBalances: Hashable, Sendable {
    /// Asset and amount, in the file's order.
    public let amounts: [(asset: String, amount: String)]

    /// The sheet's default: 1,000,000 USDT and 100 BTC.
    public static let `default` = StartingBalances(validated: [("USDT", "1000000"), ("BTC", "100")])

    private init(validated amounts: [(asset: String, amount: String)]) {
        self.amounts = amounts
    }

    /// Parses the file's bytes; `source` names the file in errors.
    /// - Throws: ``TradingStoreError/Code/invalidInput`` naming the file and the asset that is wrong.
    public init(json: some Collection<UInt8>, source: String) throws(TradingStoreError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(json)
        } catch {
            throw TradingStoreError(.invalidInput, "\(source): not JSON", underlying: error)
        }
        guard let members = value.objectValue else {
            throw TradingStoreError(
                .invalidInput,
                "\(source): expected an object of asset to amount, found \(value.kindName)"
            )
        }
        var amounts: [(asset: String, amount: String)] = []
        for (asset, amountValue) in members {
            let asset = try StoreValue.name(asset, field: "\(source): asset")
            guard let amount = amountValue.stringValue else {
                throw TradingStoreError(
                    .invalidInput,
                    "\(source): \"\(asset)\" must be a decimal string such as \"100\", found \(amountValue.kindName)"
                )
            }
            let checked = try StoreValue.decimal(amount, field: "\(source): \"\(asset)\"")
            guard !checked.hasPrefix("-") else {
                throw TradingStoreError(.invalidInput, "\(source): \"\(asset)\" must not be negative")
            }
            amounts.append((asset, checked))
        }
        self.amounts = amounts
    }

    /// Equal when the same assets have the same amounts in the same order.
    public static func == (lhs: StartingBalances, rhs: StartingBalances) -> Bool {
        lhs.amounts.elementsEqual(rhs.amounts) { $0.asset == $1.asset && $0.amount == $1.amount }
    }

    /// Hashes the assets and amounts.
    public func hash(into hasher: inout Hasher) {
        for (asset, amount) in amounts {
            hasher.combine(asset)
            hasher.combine(amount)
        }
    }
}
