/// A comparison of a payload with a constant, for `BinaryKernel.selectLoop`.
protocol PayloadTest {
    func holds(_ payload: UInt64) -> Bool
}

/// Which kinds of value the kernels compare on their payloads alone, for one operator:
/// integers (signed), dates, booleans, and stored strings for `=` and `<>` (by index).
enum PayloadOrder {
    /// The bits to flip in a payload of kind `tag` so that payloads order as unsigned words
    /// for `op` (an integer's sign bit); nil when `op` cannot be decided on such payloads.
    static func flip(_ tag: UInt8, _ op: BinaryOperator) -> UInt64? {
        switch tag {
        case VectorTag.int: 1 << 63
        case VectorTag.date, VectorTag.bool: 0
        case VectorTag.string where op == .equal || op == .notEqual: 0
        default: nil
        }
    }
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
