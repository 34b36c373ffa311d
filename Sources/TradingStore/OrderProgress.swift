/// An order's progress as a fill or its end changes it: what ``Orders/updateAll(_:)`` writes.
public struct OrderProgress: Hashable, Sendable {
    /// The order's id.
    public var id: Int64
    /// Its status (`FILLED`, `EXPIRED`, …).
    public var status: String
    /// Its executed quantity, a decimal string.
    public var executedQuantity: String
    /// Its cumulative quote quantity, a decimal string.
    public var cumulativeQuoteQuantity: String
    /// When it changed, ms since the epoch.
    public var updatedMilliseconds: Int64

    /// An order's new progress.
    public init(
        id: Int64,
        status: String,
        executedQuantity: String,
        cumulativeQuoteQuantity: String,
        updatedMilliseconds: Int64
    ) {
        self.id = id
        self.status = status
        self.executedQuantity = executedQuantity
        self.cumulativeQuoteQuantity = cumulativeQuoteQuantity
        self.updatedMilliseconds = updatedMilliseconds
    }
}
