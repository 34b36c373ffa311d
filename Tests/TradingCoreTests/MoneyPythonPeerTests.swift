import Bot4TestSupport
import Foundation
import Testing

@testable import TradingCore

/// FixedDecimal's rounded multiply and divide against Python's `decimal` module (an independent
/// implementation, 200-digit precision) on random values and every rounding rule.
@Suite struct MoneyPythonPeerTests {
    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func roundedMultiplyAndDivideAgreeWithPythonDecimal() throws {
        let python = try TestEnvironment.requireTool("python")
        let script = Bundle.module.url(forResource: "Fixtures/exchange/decimal_reference.py", withExtension: nil)!.path
        let rules: [(FloatingPointRoundingRule, String)] = [
            (.towardZero, "towardZero"), (.awayFromZero, "awayFromZero"), (.down, "down"), (.up, "up"),
            (.toNearestOrEven, "toNearestOrEven"), (.toNearestOrAwayFromZero, "toNearestOrAwayFromZero"),
        ]
        var rng = SplitMix64(seed: 29)
        var input = ""
        var ours: [String] = []
        for index in 0..<6000 {
            func value() -> FixedDecimal {
                let scale = UInt8.random(in: 0...10, using: &rng)
                var raw = Int64.random(in: 0...Int64(10).power(Int.random(in: 1...15, using: &rng)), using: &rng)
                if Bool.random(using: &rng) { raw = -raw }
                return FixedDecimal(raw: raw, scale: scale)
            }
            let a = value()
            let b = index % 50 == 0 ? FixedDecimal(raw: 0, scale: 2) : value()
            let scale = UInt8.random(in: 0...12, using: &rng)
            let (rule, name) = rules[index % rules.count]
            let multiply = index % 2 == 0
            input += "\(multiply ? "mul" : "div") \(a) \(b) \(scale) \(name)\n"
            do {
                let result =
                    multiply
                    ? try a.multiplied(by: b, scale: scale, rounding: rule)
                    : try a.divided(by: b, scale: scale, rounding: rule)
                ours.append(result.description)
            } catch {
                ours.append(error.code == .divisionByZero ? "divzero" : "overflow")
            }
        }
        let result = try ProcessRunner.run(python, [script], input: Data(input.utf8))
        #expect(result.status == 0, "\(result.err)")
        let theirs = result.out.split(separator: "\n").map(String.init)
        #expect(theirs.count == ours.count)
        let lines = input.split(separator: "\n")
        var mismatches = 0
        for (index, (mine, reference)) in zip(ours, theirs).enumerated() where mine != reference {
            mismatches += 1
            if mismatches <= 5 { Issue.record("\(lines[index]): Bot4 \(mine), Python \(reference)") }
        }
        #expect(mismatches == 0)
        #expect(ours.filter { $0 != "overflow" && $0 != "divzero" }.count > 4000, "most cases have a value")
    }
}

extension Int64 {
    fileprivate func power(_ exponent: Int) -> Int64 { (0..<exponent).reduce(1) { result, _ in result * self } }
}
