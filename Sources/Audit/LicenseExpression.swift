/// SPDX licence expressions checked against an allow list: `OR` needs one allowed side, `AND` needs both,
/// `WITH` exceptions must be allowed as written (`Apache-2.0 WITH LLVM-exception`) or by their licence.
enum LicenseExpression {
    static func isSatisfied(_ expression: String, by allowed: Set<String>) -> Bool {
        var tokens = tokenize(expression)[...]
        guard let result = parseOr(&tokens, allowed) else { return allowed.contains(expression) }
        return result && tokens.isEmpty
    }

    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == "(" || character == ")" {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                tokens.append(String(character))
            } else if character.isWhitespace {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private static func parseOr(_ tokens: inout ArraySlice<String>, _ allowed: Set<String>) -> Bool? {
        parseChain(&tokens, allowed, joinedBy: "OR", combine: { $0 || $1 }, operand: parseAnd)
    }

    private static func parseAnd(_ tokens: inout ArraySlice<String>, _ allowed: Set<String>) -> Bool? {
        parseChain(&tokens, allowed, joinedBy: "AND", combine: { $0 && $1 }, operand: parseAtom)
    }

    /// `operand (keyword operand)*`, the operands' values folded left with `combine`; nil when one is missing.
    private static func parseChain(
        _ tokens: inout ArraySlice<String>,
        _ allowed: Set<String>,
        joinedBy keyword: String,
        combine: (Bool, Bool) -> Bool,
        operand: (inout ArraySlice<String>, Set<String>) -> Bool?
    ) -> Bool? {
        guard var value = operand(&tokens, allowed) else { return nil }
        while tokens.first?.uppercased() == keyword {
            tokens = tokens.dropFirst()
            guard let right = operand(&tokens, allowed) else { return nil }
            value = combine(value, right)
        }
        return value
    }

    private static func parseAtom(_ tokens: inout ArraySlice<String>, _ allowed: Set<String>) -> Bool? {
        guard let first = tokens.popFirst() else { return nil }
        if first == "(" {
            guard let value = parseOr(&tokens, allowed), tokens.popFirst() == ")" else { return nil }
            return value
        }
        if tokens.first?.uppercased() == "WITH" {
            tokens = tokens.dropFirst()
            guard let exception = tokens.popFirst() else { return nil }
            return allowed.contains("\(first) WITH \(exception)") || allowed.contains(first)
        }
        return allowed.contains(first)
    }
}
