/// The labels of one node: a bit mask for the first 64 label symbols, a sorted overflow array
/// (empty, so not allocated, in every realistic graph) for the rest.
public struct LabelSet: Hashable, Sendable, Sequence {
    private var bits: UInt64 = 0
    private var overflow: [UInt32] = []

    public init() {}

    public init(_ symbols: some Sequence<Symbol>) {
        for symbol in symbols { insert(symbol) }
    }

    /// The first 64 labels as a mask, when there are no others (for compact storage).
    var mask: UInt64? { overflow.isEmpty ? bits : nil }

    /// `mask`, for callers outside the store (a query comparing sets row after row as one word).
    public var maskValue: UInt64? { mask }

    /// True when the set is exactly the labels of `mask` (and no label past the first 64).
    @inline(__always)
    public func isMask(_ mask: UInt64) -> Bool { bits == mask && overflow.isEmpty }
    init(mask: UInt64) { bits = mask }

    public var isEmpty: Bool { bits == 0 && overflow.isEmpty }
    public var count: Int { bits.nonzeroBitCount + overflow.count }

    public func contains(_ symbol: Symbol) -> Bool {
        symbol.raw < 64 ? bits & (1 << UInt64(symbol.raw)) != 0 : overflow.contains(symbol.raw)
    }

    /// Adds `symbol`; returns false when it was already there.
    @discardableResult
    public mutating func insert(_ symbol: Symbol) -> Bool {
        if contains(symbol) { return false }
        if symbol.raw < 64 {
            bits |= 1 << UInt64(symbol.raw)
        } else {
            let position = overflow.firstIndex { $0 > symbol.raw } ?? overflow.count
            overflow.insert(symbol.raw, at: position)
        }
        return true
    }

    /// Removes `symbol`; returns false when it was not there.
    @discardableResult
    public mutating func remove(_ symbol: Symbol) -> Bool {
        if !contains(symbol) { return false }
        if symbol.raw < 64 {
            bits &= ~(1 << UInt64(symbol.raw))
        } else {
            overflow.removeAll { $0 == symbol.raw }
        }
        return true
    }

    /// Symbols in ascending order.
    public struct Iterator: IteratorProtocol {
        var remaining: UInt64
        var overflow: IndexingIterator<[UInt32]>

        public mutating func next() -> Symbol? {
            if remaining != 0 {
                let bit = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                return Symbol(UInt32(bit))
            }
            return overflow.next().map(Symbol.init)
        }
    }

    public func makeIterator() -> Iterator { Iterator(remaining: bits, overflow: overflow.makeIterator()) }
}
