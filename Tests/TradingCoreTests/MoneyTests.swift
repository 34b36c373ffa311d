import BigInt
import Foundation
import Testing

@testable import TradingCore

/// The arbitrary-precision reference: a FixedDecimal as an exact BigInt numerator over 10^scale.
private func big(_ value: FixedDecimal) -> BigInt { BigInt(value.raw) }
private func pow10(_ exponent: Int) -> BigInt { BigInt(10).power(exponent) }

/// A random value with a random scale, spread over magnitudes from tiny to near the 64-bit edge.
private func randomDecimal(_ rng: inout SplitMix64) -> FixedDecimal {
    let scale = UInt8.random(in: 0...18, using: &rng)
    let digits = Int.random(in: 1...19, using: &rng)
    let bound: Int64 = digits >= 19 ? .max : Int64(pow(10.0, Double(digits)))
    var raw = Int64.random(in: 0...bound, using: &rng)
    if Bool.random(using: &rng) { raw = -raw }
    return FixedDecimal(raw: raw, scale: scale)
}

/// Checks that `q` is `n / d` rounded by `rule`, from the definition of each rule (d > 0).
private func isRounding(_ q: BigInt, of n: BigInt, over d: BigInt, _ rule: FloatingPointRoundingRule) -> Bool {
    let low = q * d
    switch rule {
    case .down: return low <= n && n < low + d
    case .up: return low - d < n && n <= low
    case .towardZero: return n >= 0 ? isRounding(q, of: n, over: d, .down) : isRounding(q, of: n, over: d, .up)
    case .awayFromZero: return n >= 0 ? isRounding(q, of: n, over: d, .up) : isRounding(q, of: n, over: d, .down)
    case .toNearestOrEven, .toNearestOrAwayFromZero:
        let twice = (n - low).magnitude * 2
        if twice > d.magnitude { return false }
        if twice < d.magnitude { return true }
        return rule == .toNearestOrEven ? q % 2 == 0 : low.magnitude > n.magnitude
    @unknown default: return false
    }
}

private let rules: [FloatingPointRoundingRule] = [
    .down, .up, .towardZero, .awayFromZero, .toNearestOrEven, .toNearestOrAwayFromZero,
]

@Suite struct MoneyParsingTests {
    @Test func everyDecimalStringOfTheRealExchangeInfoRoundTrips() throws {
        for name in [Fixture.modern, Fixture.legacy] {
            let text = String(decoding: try Fixture.data(name), as: UTF8.self)
            let regex = /"(-?[0-9]+(?:\.[0-9]+)?)"/
            var count = 0
            for match in text.matches(of: regex) {
                let literal = String(match.output.1)
                let value = try FixedDecimal(literal)
                #expect(value.description == literal)
                #expect(value.decimalValue == Decimal(string: literal))
                count += 1
            }
            #expect(count > 50, "\(name) has decimal strings")
        }
    }

    @Test func binanceEdgeStringsKeepTheirScale() throws {
        #expect(try FixedDecimal("46116860414.00").scale == 2)
        #expect(try FixedDecimal("46116860414.00").raw == 4_611_686_041_400)
        #expect(try FixedDecimal("0.0").isZero)
        #expect(try FixedDecimal("0.01000000").significantScale == 2)
        #expect(try FixedDecimal("1.00").significantScale == 0)
        #expect(try FixedDecimal("0.00000001").significantScale == 8)
        #expect(try FixedDecimal("-0.50").description == "-0.50")
    }

    @Test(arguments: [
        ("", DecimalError.Code.empty), ("-", .empty), ("+1", .invalidCharacter), ("1e-8", .exponent),
        ("1E5", .exponent), ("1.", .invalidCharacter), (".5", .invalidCharacter), ("1..2", .invalidCharacter),
        ("1.2.3", .invalidCharacter), (" 1", .invalidCharacter), ("1 ", .invalidCharacter),
        ("0x10", .invalidCharacter), ("1,5", .invalidCharacter), ("١", .invalidCharacter), ("--1", .invalidCharacter),
        ("NaN", .invalidCharacter), ("0.0000000000000000001", .tooManyDigits),
        ("9223372036854775808", .outOfRange), ("92233720368.54775808", .outOfRange),
        ("99999999999999999999999999999", .outOfRange), ("-9223372036854775808", .outOfRange),
    ])
    func malformedStringsAreClearErrors(text: String, code: DecimalError.Code) {
        #expect(throws: DecimalError(code, "")) { try FixedDecimal(text) }
        do {
            _ = try FixedDecimal(text)
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test func negativeWhereNotAllowed() throws {
        #expect(throws: DecimalError(.negative, "")) { try FixedDecimal("-1.5", allowNegative: false) }
        #expect(try FixedDecimal("-0.00", allowNegative: false).isZero)
        #expect(try FixedDecimal("9223372036854775807").raw == .max)
        #expect(try FixedDecimal("-9223372036854775807").raw == -.max)
    }

    @Test func randomValuesRoundTripThroughText() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<5000 {
            let value = randomDecimal(&rng)
            let parsed = try FixedDecimal(value.description)
            #expect(parsed.raw == value.raw && parsed.scale == value.scale)
            // The reference: BigInt's own decimal text, with the point inserted.
            var digits = big(value).magnitude.description
            if value.scale > 0 {
                digits = String(repeating: "0", count: max(0, Int(value.scale) + 1 - digits.count)) + digits
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -Int(value.scale)))
            }
            #expect(value.description == (value.raw < 0 ? "-" : "") + digits)
        }
    }
}

@Suite struct MoneyArithmeticTests {
    @Test func addSubtractAgreeWithBigInt() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20000 {
            let a = randomDecimal(&rng)
            let b = randomDecimal(&rng)
            let scale = Int(max(a.scale, b.scale))
            let ea = big(a) * pow10(scale - Int(a.scale))
            let eb = big(b) * pow10(scale - Int(b.scale))
            for (result, exact) in [(try? a.adding(b), ea + eb), (try? a.subtracting(b), ea - eb)] {
                let fits = exact >= BigInt(Int64.min) && exact <= BigInt(Int64.max)
                if let result {
                    #expect(fits && big(result) == exact && Int(result.scale) == scale)
                } else {
                    #expect(!fits, "\(a) ± \(b) threw but fits")
                }
            }
        }
    }

    @Test func multiplyWithEveryRoundingRuleAgreesWithBigInt() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<20000 {
            let a = randomDecimal(&rng)
            let b = randomDecimal(&rng)
            let target = UInt8.random(in: 0...18, using: &rng)
            let rule = rules.randomElement(using: &rng)!
            // exact = a*b / 10^(sa+sb); result raw q at `target` must be exact*10^target rounded.
            let numerator = big(a) * big(b) * pow10(Int(target))
            let denominator = pow10(Int(a.scale) + Int(b.scale))
            #expect(a.exactProduct(b).raw == Int128(a.raw) * Int128(b.raw))
            if let result = try? a.multiplied(by: b, scale: target, rounding: rule) {
                #expect(result.scale == target)
                #expect(isRounding(big(result), of: numerator, over: denominator, rule), "\(a)×\(b) \(rule)")
            } else {
                // Threw: the rounded result must not fit in 64 bits.
                let rough = numerator / denominator
                #expect(rough.magnitude >= BigUInt(Int64.max) - 1, "\(a)×\(b) at \(target) threw")
            }
        }
    }

    @Test func divideWithEveryRoundingRuleAgreesWithBigInt() {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<20000 {
            let a = randomDecimal(&rng)
            let b = randomDecimal(&rng)
            let target = UInt8.random(in: 0...18, using: &rng)
            let rule = rules.randomElement(using: &rng)!
            if b.isZero {
                #expect(throws: DecimalError(.divisionByZero, "")) {
                    try a.divided(by: b, scale: target, rounding: rule)
                }
                continue
            }
            // a/b at target = a.raw * 10^(sb + target) / (b.raw * 10^sa)
            var numerator = big(a) * pow10(Int(b.scale) + Int(target))
            var denominator = big(b) * pow10(Int(a.scale))
            if denominator < 0 {
                numerator = -numerator
                denominator = -denominator
            }
            if let result = try? a.divided(by: b, scale: target, rounding: rule) {
                #expect(isRounding(big(result), of: numerator, over: denominator, rule), "\(a)÷\(b) \(rule)")
            } else {
                let rough = numerator / denominator
                #expect(rough.magnitude >= BigUInt(Int64.max) - 1, "\(a)÷\(b) at \(target) threw")
            }
        }
    }

    @Test func comparisonHashingAndMultiplesAgreeWithBigInt() {
        var rng = SplitMix64(seed: 19)
        for _ in 0..<20000 {
            let a = randomDecimal(&rng)
            let b = Bool.random(using: &rng) ? randomDecimal(&rng) : FixedDecimal(raw: a.raw, scale: a.scale)
            let ea = big(a) * pow10(18 - Int(a.scale))
            let eb = big(b) * pow10(18 - Int(b.scale))
            #expect((a < b) == (ea < eb))
            #expect((a == b) == (ea == eb))
            if a == b { #expect(a.hashValue == b.hashValue) }
            if !b.isZero { #expect(a.isMultiple(of: b) == (ea % eb == 0)) }
            let wide = a.exactProduct(FixedDecimal(raw: 1, scale: 0))
            #expect((wide.compare(b) < 0) == (ea < eb))
        }
        let padded = FixedDecimal(raw: 100, scale: 2)
        #expect(padded == FixedDecimal(1) && padded.hashValue == FixedDecimal(1).hashValue)
    }

    @Test func quantizeToTickSizes() throws {
        let tick = try FixedDecimal("0.01000000")
        #expect(try FixedDecimal("25000.005").quantized(to: tick, rounding: .down).description == "25000.00000000")
        #expect(try FixedDecimal("25000.005").quantized(to: tick, rounding: .up) == FixedDecimal("25000.01"))
        #expect(try FixedDecimal("25000.005").quantized(to: tick, rounding: .toNearestOrEven) == FixedDecimal("25000"))
        #expect(try FixedDecimal("-0.015").rounded(scale: 2, rounding: .toNearestOrAwayFromZero).description == "-0.02")
        #expect(try FixedDecimal("7").quantized(to: .zero, rounding: .down).description == "7")
    }

    @Test func overflowsThrowInsteadOfTrapping() throws {
        let max = FixedDecimal(raw: .max, scale: 0)
        #expect(throws: DecimalError(.overflow, "")) { try max.adding(FixedDecimal(1)) }
        #expect(throws: DecimalError(.overflow, "")) { try FixedDecimal(raw: .min, scale: 0).negated() }
        #expect(throws: DecimalError(.overflow, "")) { try max.multiplied(by: max, scale: 0, rounding: .down) }
        #expect(throws: DecimalError(.overflow, "")) {
            try max.divided(by: FixedDecimal(raw: 1, scale: 18), scale: 18, rounding: .down)
        }
        // SHIB's maxQty times BTC's max price: the notional needs the 128-bit intermediate.
        let notional = try FixedDecimal("46116860414.00").exactProduct(FixedDecimal("1000000.00000000"))
        #expect(notional.description == "46116860414000000.0000000000")
    }
}
