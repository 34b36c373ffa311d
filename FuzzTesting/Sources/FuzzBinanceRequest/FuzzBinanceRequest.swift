import Sodium
import TradingAPI

/// The Ed25519 key's bytes, also held here: inside the credential enum the array's pointer carries the case
/// tag in its spare bits, which LeakSanitizer does not recognise as a reference.
private let ed25519PublicKey = [UInt8](repeating: 7, count: 32)

/// The HMAC key the fuzzer signs with is Binance's documented example secret, so that the seed requests
/// from Binance's documentation reach every check behind the signature.
private let authenticator: RequestAuthenticator = {
    let secret = Array("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j".utf8)
    guard let key = try? SecureBytes(copying: secret),
        let authenticator = try? RequestAuthenticator(keys: [
            "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A": .hmacSHA256(secret: key),
            "edkey": .ed25519(publicKey: ed25519PublicKey),
        ])
    else { fatalError("the fuzzer's authenticator cannot be set up") }
    return authenticator
}()

/// Builds the authenticator before the first input, so that libFuzzer's per-input leak check does not count
/// the global as a leak.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzBinanceRequestInitialize(
    _ argc: UnsafeMutablePointer<CInt>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    _ = authenticator.keys.count
    return 0
}

/// Feeds arbitrary bytes to the request parser, the authenticator and the order reader. The input is
/// `KEY\nQUERY\nBODY`: the `X-MBX-APIKEY` header, the raw query string and the raw body (a form body).
/// Refusals are expected; a trap, a crash or an ASan report is a bug. Every refusal must be a Binance code
/// with a 4xx status, and the signed payload can never be longer than what was sent.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinanceRequest(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: count))
    let parts = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
    let apiKey = parts.count > 1 ? String(decoding: parts[0], as: UTF8.self) : nil
    let query = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : String(decoding: bytes, as: UTF8.self)
    let body = parts.count > 2 ? Array(parts[2]) : []
    do throws(BinanceAPIError) {
        let parameters = try BinanceParameters(
            query: query,
            body: body,
            contentType: "application/x-www-form-urlencoded"
        )
        precondition(parameters.signedPayload.count <= query.utf8.count + body.count, "payload longer than input")
        var reader = ParameterReader(parameters)
        var replays = ReplayGuard(capacity: 4)
        _ = try? authenticator.authenticate(
            apiKey: apiKey,
            reader: &reader,
            serverMicros: 1_499_827_319_659_000,
            replays: &replays
        )
        _ = try NewOrderParameters(reading: &reader, isTest: true)
        try reader.finish()
    } catch {
        precondition((400..<500).contains(error.httpStatus) && error.code < 0, "refusal \(error) is not a 4xx")
        precondition(!error.jsonBody.isEmpty, "empty error body")
    }
    return 0
}
