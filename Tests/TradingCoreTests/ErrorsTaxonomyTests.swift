import Testing

@testable import TradingCore

/// The error taxonomy against the retry classification of the reference (trading.md §3).
@Suite struct ErrorsTaxonomyTests {
    @Test func everyCodeIsListedOnceWithAName() {
        let codes = BinanceErrorCode.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.count >= 95)
        for entry in BinanceErrorCode.all {
            #expect(!entry.name.isEmpty && entry.name == entry.name.uppercased())
            #expect(BinanceErrorCode(code: entry.code) == entry)
        }
        #expect(BinanceErrorCode(code: -9999) == nil)
    }

    @Test(arguments: [
        (-1003, RetryClass.retryAfterBackoff), (-1015, .retryAfterBackoff), (-1034, .retryAfterBackoff),
        (-1008, .retryAfterBackoff), (-1006, .unknownOutcome), (-1007, .unknownOutcome), (-1000, .unknownOutcome),
        (-2021, .unknownOutcome), (-1021, .retry), (-1001, .retry), (-1016, .retry), (-1013, .doNotRetry),
        (-1100, .doNotRetry), (-1111, .doNotRetry), (-1121, .doNotRetry), (-1022, .doNotRetry), (-1002, .doNotRetry),
        (-2014, .doNotRetry), (-2015, .doNotRetry), (-2010, .doNotRetry), (-2011, .doNotRetry), (-2013, .doNotRetry),
    ])
    func classesFollowTheReference(code: Int, retryClass: RetryClass) throws {
        #expect(try #require(BinanceErrorCode(code: code)).retryClass == retryClass)
    }

    @Test func recoveries() throws {
        #expect(try #require(BinanceErrorCode(code: -1021)).recovery == .resyncClock)
        #expect(try #require(BinanceErrorCode(code: -1007)).recovery == .reconcile)
        #expect(try #require(BinanceErrorCode(code: -2013)).recovery == .treatAsDone)
        #expect(try #require(BinanceErrorCode(code: -1016)).recovery == .switchEndpoint)
        #expect(BinanceErrorCode.retryClass(httpStatus: 429) == .retryAfterBackoff)
        #expect(BinanceErrorCode.retryClass(httpStatus: 418) == .retryAfterBackoff)
        #expect(BinanceErrorCode.retryClass(httpStatus: 503) == .unknownOutcome)
        #expect(BinanceErrorCode.retryClass(httpStatus: 409) == .unknownOutcome)
        #expect(BinanceErrorCode.retryClass(httpStatus: 400) == .doNotRetry)
    }
}
