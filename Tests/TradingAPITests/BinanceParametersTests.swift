import Testing

@testable import TradingAPI

@Suite struct BinanceParametersTests {
    /// Parses and expects a refusal with `code`, returning it for message checks.
    private func refusal(
        query: String?,
        body: String = "",
        contentType: String? = nil,
        limits: BinanceParameters.Limits = .init()
    ) -> BinanceAPIError? {
        do {
            _ = try BinanceParameters(query: query, body: Array(body.utf8), contentType: contentType, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    /// python-binance's POST: everything in a form body, signature last, empty query.
    @Test func pythonBinanceFormBody() throws {
        let body =
            "newClientOrderId=cid1&price=0.1&quantity=1&recvWindow=10000&side=BUY&symbol=BTCUSDT"
            + "&timeInForce=GTC&timestamp=1796582843440&type=LIMIT"
        let parameters = try BinanceParameters(
            query: nil,
            body: Array((body + "&signature=244f9f38").utf8),
            contentType: "application/x-www-form-urlencoded"
        )
        #expect(parameters.parameters.count == 10)
        #expect(parameters["symbol"] == "BTCUSDT")
        #expect(parameters["signature"] == "244f9f38")
        #expect(parameters.signedPayload == Array(body.utf8))
    }

    /// binance-sdk-spot's POST: everything in the query string, empty body, no Content-Type; `+` is a space.
    @Test func sdkQueryString() throws {
        let parameters = try BinanceParameters(
            query: "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1.0&newClientOrderId=a+b&timestamp=1&signature=ff",
            body: []
        )
        #expect(parameters["quantity"] == "1.0")
        #expect(parameters["newClientOrderId"] == "a b")
        #expect(
            parameters.signedPayload
                == Array("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1.0&newClientOrderId=a+b&timestamp=1".utf8)
        )
    }

    /// Query string and body concatenate without a separator; the signature may sit in either.
    @Test func mixedQueryAndBody() throws {
        let parameters = try BinanceParameters(
            query: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
            body: Array("quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=ab".utf8),
            contentType: "application/x-www-form-urlencoded; charset=utf-8"
        )
        #expect(
            parameters.signedPayload
                == Array(
                    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                        .utf8
                )
        )
        let first = try BinanceParameters(query: "signature=ab&symbol=X", body: [])
        #expect(first.signedPayload == Array("symbol=X".utf8))
        let middle = try BinanceParameters(query: "a=1&signature=ab&b=2", body: [])
        #expect(middle.signedPayload == Array("a=1&b=2".utf8))
    }

    /// Percent-encoded UTF-8 decodes for reading but the payload keeps the bytes as sent.
    @Test func percentEncodedUnicode() throws {
        let query = "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY"
        let parameters = try BinanceParameters(query: query)
        #expect(parameters["symbol"] == "１２３４５６")
        #expect(parameters.signedPayload == Array(query.utf8))
    }

    /// A name twice in one part is -1101; in both parts the query string wins.
    @Test func duplicates() throws {
        #expect(refusal(query: "a=1&a=2") == .duplicateParameter)
        #expect(refusal(query: nil, body: "a=1&a=1") == .duplicateParameter)
        let both = try BinanceParameters(query: "a=1", body: Array("a=2&b=3".utf8))
        #expect(both["a"] == "1")
        #expect(both.parameters.count == 2)
    }

    /// Bad escapes, raw non-ASCII, raw spaces, control characters, nameless values and other bodies: -1100.
    @Test func illegalCharacters() {
        for query in ["a=%G1", "a=%4", "a=%", "a=b c", "a=\u{e9}", "=x", "a=%00", "a=%FF", "%ZZ=1"] {
            #expect(refusal(query: query)?.code == -1100, "\(query)")
        }
        #expect(refusal(query: nil, body: "{\"a\":1}", contentType: "application/json")?.code == -1100)
        #expect(refusal(query: nil, body: "", contentType: "application/json") == nil)
    }

    /// Limits on the number of parameters and bytes: -1101.
    @Test func sizeLimits() {
        let many = (0..<5).map { "p\($0)=1" }.joined(separator: "&")
        #expect(refusal(query: many, limits: .init(maxParameters: 4)) == .tooManyParameters)
        #expect(refusal(query: many, limits: .init(maxParameters: 5)) == nil)
        #expect(refusal(query: "a=1", body: "b=22", limits: .init(maxBytes: 6)) == .tooManyParameters)
    }

    /// Empty components are skipped; a name without `=` is present and empty.
    @Test func emptyComponents() throws {
        let parameters = try BinanceParameters(query: "a=1&&b&")
        #expect(parameters.parameters.map(\.name) == ["a", "b"])
        #expect(parameters["b"] == "")
    }

    /// The error body is Binance's shape.
    @Test func errorBody() {
        #expect(
            String(decoding: BinanceAPIError.invalidSignature.jsonBody, as: UTF8.self)
                == #"{"code":-1022,"msg":"Signature for this request is not valid."}"#
        )
        #expect(BinanceAPIError.rejectedAPIKey.httpStatus == 401)
        let escaped = BinanceAPIError(code: -1100, message: "a \"b\"\\\n")
        // Short escapes for a line break, as Binance's server (Jackson) writes them.
        #expect(String(decoding: escaped.jsonBody, as: UTF8.self) == #"{"code":-1100,"msg":"a \"b\"\\\n"}"#)
    }
}
