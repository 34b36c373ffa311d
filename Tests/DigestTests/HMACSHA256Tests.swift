import Testing

@testable import Digest

@Suite struct HMACSHA256Tests {
    /// RFC 4231 test cases 1 and 2, and the empty key and message.
    @Test func rfc4231KnownAnswers() {
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        #expect(
            HMACSHA256.mac(key: key1, message: Array("Hi There".utf8)).hexString
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        )
        #expect(
            HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)).hexString
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
        #expect(
            HMACSHA256.mac(key: [], message: []).hexString
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        )
    }

    /// The signing example of Binance's REST documentation.
    @Test func binanceDocumentationExample() {
        let secret = Array("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j".utf8)
        let payload = Array(
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                .utf8
        )
        #expect(
            HMACSHA256.mac(key: secret, message: payload).hexString
                == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
        )
    }

    /// The check accepts the right MAC only: one flipped bit or a short MAC is refused.
    @Test func validityCheck() {
        let key = Array("k".utf8)
        let message = Array("m".utf8)
        var good = HMACSHA256.mac(key: key, message: message)
        let check = { (candidate: [UInt8]) in
            key.withUnsafeBytes { k in
                message.withUnsafeBytes { m in HMACSHA256.isValid(candidate, key: k, message: m) }
            }
        }
        #expect(check(good))
        #expect(!check(Array(good.dropLast())))
        good[31] ^= 1
        #expect(!check(good))
    }
}
