"""Independent reference for Bot4's FixedDecimal: Python's decimal module at 200-digit precision.

Reads lines `op a b scale rule` (op: mul or div; rule: Swift FloatingPointRoundingRule name) and prints the
exact result rounded to `scale` fractional digits with the named rule, or `overflow` when the raw integer at
that scale does not fit a signed 64-bit integer, or `divzero`.
"""
import decimal
import sys

decimal.getcontext().prec = 200
RULES = {
    "towardZero": decimal.ROUND_DOWN,
    "awayFromZero": decimal.ROUND_UP,
    "down": decimal.ROUND_FLOOR,
    "up": decimal.ROUND_CEILING,
    "toNearestOrEven": decimal.ROUND_HALF_EVEN,
    "toNearestOrAwayFromZero": decimal.ROUND_HALF_UP,
}
LIMIT = 2**63 - 1

for line in sys.stdin:
    op, a, b, scale, rule = line.split()
    x, y, scale = decimal.Decimal(a), decimal.Decimal(b), int(scale)
    if op == "div" and y == 0:
        print("divzero")
        continue
    exact = x * y if op == "mul" else x / y
    result = exact.quantize(decimal.Decimal(1).scaleb(-scale), rounding=RULES[rule])
    if abs(result.scaleb(scale)) > LIMIT:
        print("overflow")
        continue
    if result == 0:
        result = abs(result)
    print(format(result, "f"))
