import TradingRuntime

/// Feeds arbitrary response headers (one `name: value` per line; the first byte picks the HTTP status) to the
/// usage-header parser and the rate limiter. Unparseable headers are expected; a crash or a trap (an overflow on
/// a huge `Retry-After` or count) is a bug. A parsed header must describe a real window.
///
/// Seeds (`Corpus/FuzzRateLimitHeader/`): header blocks in the form Binance documents (BSAD `rest-api.md`
/// §LIMITS: `X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter)`, `X-MBX-ORDER-COUNT-…`, `Retry-After` in seconds
/// with 429 and 418), with the limits of the real 2023-09-08 exchangeInfo; no captured response was available.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRateLimitHeader(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data, count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    let status = [200, 429, 418, 503][Int(bytes[0]) % 4]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    var headers: [(name: String, value: String)] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let name = String(line[..<colon])
        let value = String(line[line.index(after: colon)...])
        headers.append((name, value))
        if let usage = RateLimitHeader(name: name, value: value) {
            precondition(usage.intervalNum > 0 && usage.used >= 0, "a parsed usage header has an impossible value")
        }
    }
    let now: Int64 = 1_700_000_000_000
    var limiter = BinanceRateLimiter()
    limiter.record(status: status, headers: headers, nowMillis: now)
    _ = limiter.acquire(weight: 1, orders: 1, nowMillis: now + 1)
    _ = limiter.usage()
    return 0
}
