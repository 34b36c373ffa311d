import Testing

@testable import TradingCore

/// Every (status, event) pair of the order state machine against the transition table of Binance's
/// documented statuses (BSAD enums.md "Order status", stp_faq.md).
@Suite struct OrdersLifecycleTests {
    enum Start: CaseIterable {
        case submitted, new, partiallyFilled, pendingCancel, filled, canceled, rejected, expired, expiredInMatch
    }
    enum Step: CaseIterable {
        case accept, reject, fillOne, fillAll, fillTooMuch, preventOne, preventAll, expireInMatch, expire
        case requestCancel, confirmCancel, rejectCancel
    }

    static let ten = FixedDecimal(raw: 10, scale: 0)

    func make(_ start: Start) throws -> OrderLifecycle {
        var order = OrderLifecycle(quantity: Self.ten)
        let path: [OrderEvent] =
            switch start {
            case .submitted: []
            case .new: [.accept]
            case .partiallyFilled: [.accept, .fill(FixedDecimal(1))]
            case .pendingCancel: [.accept, .requestCancel]
            case .filled: [.accept, .fill(Self.ten)]
            case .canceled: [.accept, .confirmCancel]
            case .rejected: [.reject]
            case .expired: [.accept, .expire]
            case .expiredInMatch: [.accept, .expireInMatch]
            }
        for event in path { try order.apply(event) }
        return order
    }

    func event(_ step: Step, _ order: OrderLifecycle) -> OrderEvent {
        switch step {
        case .accept: .accept
        case .reject: .reject
        case .fillOne: .fill(FixedDecimal(1))
        case .fillAll: .fill(order.availableQuantity.isZero ? FixedDecimal(1) : order.availableQuantity)
        case .fillTooMuch: .fill(FixedDecimal(11))
        case .preventOne: .prevent(FixedDecimal(1))
        case .preventAll: .prevent(order.availableQuantity.isZero ? FixedDecimal(1) : order.availableQuantity)
        case .expireInMatch: .expireInMatch
        case .expire: .expire
        case .requestCancel: .requestCancel
        case .confirmCancel: .confirmCancel
        case .rejectCancel: .rejectCancel
        }
    }

    /// The expected status, or `nil` when the event must be refused.
    func expected(_ start: Start, _ step: Step) -> OrderStatus? {
        switch (start, step) {
        case (.submitted, .accept): .new
        case (.submitted, .reject): .rejected
        case (.submitted, _): nil
        case (.filled, _), (.canceled, _), (.rejected, _), (.expired, _), (.expiredInMatch, _): nil
        case (_, .accept), (_, .reject), (_, .fillTooMuch): nil
        case (.new, .fillOne), (.partiallyFilled, .fillOne): .partiallyFilled
        case (.pendingCancel, .fillOne): .pendingCancel
        case (_, .fillAll): .filled
        case (.new, .preventOne): .new
        case (.partiallyFilled, .preventOne): .partiallyFilled
        case (.pendingCancel, .preventOne): .pendingCancel
        case (_, .preventAll), (_, .expireInMatch): .expiredInMatch
        case (_, .expire): .expired
        case (.new, .requestCancel), (.partiallyFilled, .requestCancel): .pendingCancel
        case (.pendingCancel, .requestCancel): nil
        case (_, .confirmCancel): .canceled
        case (.pendingCancel, .rejectCancel): .new
        case (_, .rejectCancel): nil
        }
    }

    @Test(arguments: Start.allCases)
    func everyEventFromEveryStatus(start: Start) throws {
        for step in Step.allCases {
            var order = try make(start)
            let before = order
            let outcome = Result { () throws(OrderTransitionError) -> OrderStatus in try order.apply(event(step, order))
            }
            switch (outcome, expected(start, step)) {
            case (.success(let status), let expectedStatus?):
                #expect(status == expectedStatus, "\(start) + \(step)")
                #expect(order.status == expectedStatus)
            case (.failure(let error), nil):
                #expect(order == before, "a refused \(step) must not change \(start)")
                #expect(!error.message.isEmpty)
            case (.success(let status), nil):
                Issue.record("\(start) + \(step) gave \(status), expected a refusal")
            case (.failure(let error), let expectedStatus?):
                Issue.record("\(start) + \(step) refused (\(error)), expected \(expectedStatus)")
            }
            // The invariant holds whatever happened.
            let used = try order.executedQuantity.adding(order.preventedQuantity)
            #expect(used <= order.originalQuantity)
        }
    }

    @Test func quantitiesAccumulate() throws {
        var order = OrderLifecycle(quantity: FixedDecimal(raw: 1_000, scale: 2))
        try order.apply(.accept)
        try order.apply(.fill(FixedDecimal(raw: 250, scale: 2)))
        try order.apply(.prevent(FixedDecimal(raw: 250, scale: 2)))
        #expect(order.status == .partiallyFilled)
        #expect(order.availableQuantity == FixedDecimal(5))
        try order.apply(.requestCancel)
        try order.apply(.rejectCancel)
        #expect(order.status == .partiallyFilled)
        try order.apply(.fill(FixedDecimal(5)))
        #expect(order.status == .filled && order.executedQuantity.description == "7.50")
    }
}
