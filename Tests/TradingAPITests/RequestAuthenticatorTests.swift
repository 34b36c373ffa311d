import Digest
import Foundation
import Sodium
import Testing
import TradingCore

@testable import TradingAPI

@Suite struct RequestAuthenticatorTests {
    /// Binance's documented example key, secret and payload (`rest-api.md`, HMAC example).
    static let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    static let payload =
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
    static let signature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    /// The example's timestamp plus 100 ms, in µs.
    static let serverMicros: Int64 = 1_499_827_319_659_000

    private func hmacAuthenticator() throws -> RequestAuthenticator {
        try RequestAuthenticator(keys: [Self.apiKey: .hmacSHA256(secret: SecureBytes(copying: Array(Self.secret.utf8)))]
        )
    }

    /// Runs one request through `authenticator` with `replays`, returning the key or the error.
    private func run(
        _ authenticator: RequestAuthenticator,
        query: String?,
        body: String = "",
        apiKey: String? = apiKey,
        serverMicros: Int64 = serverMicros,
        replays: inout ReplayGuard
    ) -> Result<String, BinanceAPIError> {
        Result { () throws(BinanceAPIError) in
            let parameters = try BinanceParameters(query: query, body: Array(body.utf8))
            var reader = ParameterReader(parameters)
            return try authenticator.authenticate(
                apiKey: apiKey,
                reader: &reader,
                serverMicros: serverMicros,
                replays: &replays
            )
        }
    }

    private func run(
        _ authenticator: RequestAuthenticator,
        query: String?,
        body: String = "",
        apiKey: String? = apiKey
    )
        -> Result<String, BinanceAPIError>
    {
        var replays = ReplayGuard()
        return run(authenticator, query: query, body: body, apiKey: apiKey, replays: &replays)
    }

    /// Binance's example request, in the query string, in the body, and with hex in upper case.
    @Test func documentationExampleAccepted() throws {
        let auth = try hmacAuthenticator()
        #expect(try run(auth, query: Self.payload + "&signature=" + Self.signature).get() == Self.apiKey)
        #expect(try run(auth, query: nil, body: Self.payload + "&signature=" + Self.signature).get() == Self.apiKey)
        #expect(try run(auth, query: Self.payload + "&signature=" + Self.signature.uppercased()).get() == Self.apiKey)
    }

    /// Binance's example with the query string and body mixed: the signature covers them concatenated
    /// without a separator (the expected value computed independently with Python's `hmac`).
    @Test func mixedExampleAccepted() throws {
        let auth = try hmacAuthenticator()
        let result = run(
            auth,
            query: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
            body: "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                + "&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"
        )
        #expect(try result.get() == Self.apiKey)
    }

    /// A changed parameter, a changed digit or a non-hex signature: -1022.
    @Test func badSignatures() throws {
        let auth = try hmacAuthenticator()
        let tampered = Self.payload.replacingOccurrences(of: "price=0.1", with: "price=0.2")
        #expect(run(auth, query: tampered + "&signature=" + Self.signature) == .failure(.invalidSignature))
        let flipped = "d" + Self.signature.dropFirst()
        #expect(run(auth, query: Self.payload + "&signature=" + flipped) == .failure(.invalidSignature))
        #expect(run(auth, query: Self.payload + "&signature=zz") == .failure(.invalidSignature))
        #expect(run(auth, query: Self.payload + "&signature=abc") == .failure(.invalidSignature))
    }

    /// A missing or malformed header is -2014, an unknown key -2015; missing signature or timestamp -1102.
    @Test func keysAndMandatoryParameters() throws {
        let auth = try hmacAuthenticator()
        let query = Self.payload + "&signature=" + Self.signature
        #expect(run(auth, query: query, apiKey: nil) == .failure(.badAPIKeyFormat))
        #expect(run(auth, query: query, apiKey: "a key") == .failure(.badAPIKeyFormat))
        #expect(run(auth, query: query, apiKey: "") == .failure(.badAPIKeyFormat))
        #expect(run(auth, query: query, apiKey: "otherkey") == .failure(.rejectedAPIKey))
        #expect(run(auth, query: Self.payload) == .failure(.mandatoryParameter("signature")))
        #expect(run(auth, query: "symbol=A&signature=00") == .failure(.mandatoryParameter("timestamp")))
        #expect(run(auth, query: "timestamp=-5&signature=00") == .failure(.mandatoryParameter("timestamp")))
    }

    /// Signs `payload` with the example secret and appends the signature.
    private func signed(_ payload: String) -> String {
        payload + "&signature=" + HMACSHA256.mac(key: Array(Self.secret.utf8), message: Array(payload.utf8)).hexString
    }

    /// recvWindow: at most 60000 (-1131), up to three decimals (-1111), and the window itself (-1021).
    @Test func recvWindowRules() throws {
        let auth = try hmacAuthenticator()
        let stamp = "timestamp=1499827319559"
        #expect(run(auth, query: signed("recvWindow=60001&" + stamp)) == .failure(.badRecvWindow))
        #expect(run(auth, query: signed("recvWindow=0&" + stamp)) == .failure(.badRecvWindow))
        #expect(run(auth, query: signed("recvWindow=6000.3461&" + stamp)) == .failure(.tooMuchPrecision("recvWindow")))
        #expect(try run(auth, query: signed("recvWindow=6000.346&" + stamp)).get() == Self.apiKey)
        #expect(try run(auth, query: signed("recvWindow=60000&" + stamp)).get() == Self.apiKey)
        // 100 ms old: a 99.999 ms window is too short.
        let late = run(auth, query: signed("recvWindow=99.999&" + stamp))
        #expect(
            late
                == .failure(
                    BinanceAPIError(code: -1021, message: "Timestamp for this request is outside of the recvWindow.")
                )
        )
    }

    /// A timestamp a second or more ahead of the server is -1021; microsecond timestamps are accepted.
    @Test func timestampAheadAndMicroseconds() throws {
        let auth = try hmacAuthenticator()
        let ahead = run(auth, query: signed("timestamp=1499827320659"))
        #expect(
            ahead
                == .failure(
                    BinanceAPIError(
                        code: -1021,
                        message: "Timestamp for this request was 1000ms ahead of the server's time."
                    )
                )
        )
        #expect(try run(auth, query: signed("timestamp=1499827320658")).get() == Self.apiKey)
        #expect(try run(auth, query: signed("timestamp=1499827319559000")).get() == Self.apiKey)
    }

    /// The same signed request twice within its window: the second is refused; a new signature passes.
    @Test func replayRefused() throws {
        let auth = try hmacAuthenticator()
        var replays = ReplayGuard()
        let query = Self.payload + "&signature=" + Self.signature
        #expect(try run(auth, query: query, replays: &replays).get() == Self.apiKey)
        #expect(run(auth, query: query, replays: &replays) == .failure(.invalidSignature))
        #expect(
            run(auth, query: Self.payload + "&signature=" + Self.signature.uppercased(), replays: &replays)
                == .failure(.invalidSignature)
        )
        #expect(try run(auth, query: signed("timestamp=1499827319600"), replays: &replays).get() == Self.apiKey)
        #expect(replays.count == 2)
    }

    /// An Ed25519 key from PEM: a base64, percent-encoded signature over the payload is accepted; a wrong
    /// one is -1022.
    @Test func ed25519Keys() throws {
        let (publicKey, secretKey) = try Ed25519.generateKeyPair()
        let der = APICredential.ed25519SPKIPrefix + publicKey
        let pem = "-----BEGIN PUBLIC KEY-----\n\(Data(der).base64EncodedString())\n-----END PUBLIC KEY-----\n"
        let auth = try RequestAuthenticator(keys: ["edkey": APICredential.ed25519(pem: pem)])
        let payload = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1499827319559"
        let signature = Data(try Ed25519.sign(Array(payload.utf8), secretKey: secretKey)).base64EncodedString()
        let encoded = signature.replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "/", with: "%2F")
            .replacingOccurrences(of: "=", with: "%3D")
        #expect(try run(auth, query: payload + "&signature=" + encoded, apiKey: "edkey").get() == "edkey")
        let other = payload.replacingOccurrences(of: "0.2", with: "0.3")
        #expect(run(auth, query: other + "&signature=" + encoded, apiKey: "edkey") == .failure(.invalidSignature))
        #expect(run(auth, query: payload + "&signature=%2B%2B", apiKey: "edkey") == .failure(.invalidSignature))
    }

    /// PEM that is not one Ed25519 SubjectPublicKeyInfo is refused with a code.
    @Test func pemRefusals() {
        #expect(throws: APICredentialError(.malformedPEM, "")) { try APICredential.ed25519(pem: "garbage") }
        let rsaLike = "-----BEGIN PUBLIC KEY-----\nMAoGCCqGSM49AwEHAyEA\n-----END PUBLIC KEY-----"
        #expect(throws: APICredentialError(.notEd25519, "")) { try APICredential.ed25519(pem: rsaLike) }
    }

    /// Neither the credential's description nor any error carries the secret.
    @Test func secretNeverShown() throws {
        let credential = APICredential.hmacSHA256(secret: try SecureBytes(copying: Array(Self.secret.utf8)))
        #expect(!"\(credential)".contains(Self.secret))
        #expect(!String(reflecting: credential).contains(Self.secret))
        let auth = try hmacAuthenticator()
        if case .failure(let error) = run(auth, query: Self.payload + "&signature=00") {
            #expect(!error.message.contains(Self.secret))
        } else {
            Issue.record("a bad signature was accepted")
        }
    }

    /// Key names clients cannot send are refused at configuration.
    @Test func invalidKeyNames() throws {
        #expect(throws: APICredentialError(.invalidKeyName, "")) {
            try RequestAuthenticator(keys: ["a b": .ed25519(publicKey: [UInt8](repeating: 0, count: 32))])
        }
    }
}
