import PQ

/// Runs a database step, wrapping its ``PQError`` into a ``TradingStoreError`` that says what the step was.
@discardableResult
func database<Result>(_ step: String, _ body: () throws(PQError) -> Result) throws(TradingStoreError) -> Result {
    do {
        return try body()
    } catch {
        throw TradingStoreError(.database, step, underlying: error)
    }
}
