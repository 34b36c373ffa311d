import Digest
import Foundation
import Sodium
import TradingCore

/// Checks a SIGNED request as Binance does: the `X-MBX-APIKEY` header names a known key (-2014, -2015),
/// `timestamp` and `recvWindow` are well-formed (-1102, -1131), the signature over the total parameters is
/// valid (-1022), the timestamp is inside its window (-1021), and, ours, the signature was not seen before.
///
/// Pure apart from the replay memory the caller passes in; the clock is a parameter.
public struct RequestAuthenticator: Sendable {
    /// The configured keys, by the name clients send in `X-MBX-APIKEY`.
    public let keys: [String: APICredential]
    /// Binance's timing rule.
    public let timestampValidator: TimestampValidator

    /// Creates an authenticator.
    /// - Throws: ``APICredentialError/Code/invalidKeyName`` for a key name clients could not send.
    public init(
        keys: [String: APICredential],
        timestampValidator: TimestampValidator = TimestampValidator()
    ) throws(APICredentialError) {
        for name in keys.keys where !RequestAuthenticator.isWellFormedKey(name) {
            throw APICredentialError(.invalidKeyName, "an API key name has 1 to 128 characters of [A-Za-z0-9_-]")
        }
        self.keys = keys
        self.timestampValidator = timestampValidator
    }

    /// Authenticates a SIGNED request; marks `signature`, `timestamp` and `recvWindow` read on `reader`.
    /// - Parameters:
    ///   - apiKey: the `X-MBX-APIKEY` header, nil when absent.
    ///   - reader: the request's parameters.
    ///   - serverMicros: the server's clock now, µs since the epoch.
    ///   - replays: the replay memory.
    /// - Returns: the key name the request is signed with.
    public func authenticate(
        apiKey: String?,
        reader: inout ParameterReader,
        serverMicros: Int64,
        replays: inout ReplayGuard
    ) throws(BinanceAPIError) -> String {
        guard let apiKey, RequestAuthenticator.isWellFormedKey(apiKey) else { throw .badAPIKeyFormat }
        guard let credential = keys[apiKey] else { throw .rejectedAPIKey }
        let signature = try reader.required("signature")
        let timestampText = try reader.required("timestamp")
        guard let raw = try? ParameterReader.long(timestampText, name: "timestamp"),
            let timestamp = BinanceTimestamp(raw: raw)
        else { throw .mandatoryParameter("timestamp") }
        let window = try RequestAuthenticator.recvWindow(reader.optional("recvWindow"))
        let replayKey: String
        switch credential {
        case .hmacSHA256(let secret):
            guard let mac = RequestAuthenticator.hexBytes(signature) else { throw .invalidSignature }
            let valid = secret.withUnsafeBytes { key in
                reader.parameters.signedPayload.withUnsafeBytes { HMACSHA256.isValid(mac, key: key, message: $0) }
            }
            guard valid else { throw .invalidSignature }
            replayKey = signature.lowercased()
        case .ed25519(let publicKey):
            guard let bytes = Data(base64Encoded: signature).map(Array.init),
                Ed25519.verify(signature: bytes, message: reader.parameters.signedPayload, publicKey: publicKey)
            else { throw .invalidSignature }
            replayKey = signature
        }
        let verdict = timestampValidator.validate(timestamp, recvWindow: window, serverMicros: serverMicros)
        if let code = verdict.binanceCode, let message = verdict.binanceMessage {
            throw BinanceAPIError(code: code, message: message)
        }
        let expiry = timestamp.microseconds + window.microseconds
        switch replays.admit(apiKey + ":" + replayKey, expiresMicros: expiry, nowMicros: serverMicros) {
        case .fresh: return apiKey
        case .replayed: throw .invalidSignature
        case .full: throw .tooManyRequestsQueued
        }
    }

    /// `recvWindow`: milliseconds with up to three decimals, default 5,000, at most 60,000.
    /// - Parameter text: the parameter as sent, nil when absent.
    /// - Throws: -1100 for characters outside a DECIMAL, -1111 beyond three decimals, -1131 out of range.
    public static func recvWindow(_ text: String?) throws(BinanceAPIError) -> RecvWindow {
        guard let text else { return .default }
        let decimal = try ParameterReader.decimal(text, name: "recvWindow")
        guard decimal.scale <= 3 || decimal.significantScale <= 3 else { throw .tooMuchPrecision("recvWindow") }
        let normalized = decimal.normalized
        var micros = normalized.raw
        for _ in normalized.scale..<3 {
            let (product, overflow) = micros.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .badRecvWindow }
            micros = product
        }
        guard let window = RecvWindow(microseconds: micros) else { throw .badRecvWindow }
        return window
    }

    /// Whether a header value could be an API key of ours: 1 to 128 of `[A-Za-z0-9_-]`.
    static func isWellFormedKey(_ key: String) -> Bool {
        (1...128).contains(key.utf8.count)
            && key.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                    || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
    }

    /// Hex digits (either case) to bytes; nil for anything else or an odd length.
    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = PercentDecoding.hexValue(digits[index]),
                let low = PercentDecoding.hexValue(digits[index + 1])
            else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
