/// A comparison of a payload with a constant, for `BinaryKernel.selectLoop`.
protocol PayloadTest {
    func holds(_ payload: UInt64) -> Bool
}

/// Integers, compared signed.
struct SignedTest: PayloadTest {
    let op: BinaryOperator
    let constant: Int64

    @inline(__always)
    func holds(_ payload: UInt64) -> Bool { op.holds(Int64(bitPattern: payload), constant) }
}

/// Dates, booleans and string indexes (for `=` and `<>`), compared unsigned.
struct UnsignedTest: PayloadTest {
    let op: BinaryOperator
    let constant: UInt64

    @inline(__always)
    func holds(_ value: UInt64) -> Bool { op.holds(value, constant) }
}

extension BinaryOperator {
    /// `a op b` for a comparison operator (`>=` for any other).
    @inline(__always)
    func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        default: a >= b
        }
    }

    /// The operator with its operands swapped (`5 > x` is `x < 5`).
    var flipped: BinaryOperator {
        switch self {
        case .less: .greater
        case .greater: .less
        case .lessOrEqual: .greaterOrEqual
        case .greaterOrEqual: .lessOrEqual
        default: self
        }
    }
}
