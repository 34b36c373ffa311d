import Testing

@testable import Sodium

@Suite struct SecureBytesTests {
    @Test func copiesAndComparesInConstantTime() throws {
        let a = try SecureBytes(copying: [1, 2, 3, 4])
        let b = try SecureBytes(copying: [1, 2, 3, 4])
        let c = try SecureBytes(copying: [1, 2, 3, 5])
        #expect(a.constantTimeEquals(b))
        #expect(!a.constantTimeEquals(c))
        #expect(!a.constantTimeEquals(try SecureBytes(copying: [1, 2, 3])))
        #expect(a.withUnsafeBytes { Array($0) } == [1, 2, 3, 4])
    }

    @Test func consumingWipesTheSource() throws {
        var source: [UInt8] = [9, 8, 7, 6, 5]
        let secret = try SecureBytes(consuming: &source)
        #expect(source == [0, 0, 0, 0, 0])
        #expect(secret.withUnsafeBytes { Array($0) } == [9, 8, 7, 6, 5])
    }

    @Test func wipeZeroesTheWholeBuffer() throws {
        let secret = try SecureBytes(copying: [UInt8](repeating: 0xAB, count: 64))
        secret.wipe()
        #expect(secret.withUnsafeBytes { $0.allSatisfy { $0 == 0 } })
        #expect(secret.count == 64)
    }

    @Test func descriptionNeverShowsTheBytes() throws {
        let secret = try SecureBytes(copying: Array("hunter2-secret".utf8))
        #expect(!secret.description.contains("hunter2"))
        #expect(!String(reflecting: secret).contains("hunter2"))
        #expect(!"\(secret)".contains("104"))  // no byte values either
    }

    @Test func sliceCopiesARange() throws {
        let secret = try SecureBytes(copying: [0, 1, 2, 3, 4, 5])
        let part = try secret.slice(2..<5)
        #expect(part.withUnsafeBytes { Array($0) } == [2, 3, 4])
    }
}
