import Synchronization

/// Interns names so the store keeps 4-byte symbols instead of strings.
public struct SymbolTable: Sendable {
    public private(set) var names: [String] = []
    private var index: [String: UInt32] = [:]
    /// Tells these names apart from every other table's: a copy shares it, and each name
    /// interned takes a new one, never given out before in this process. Equal generations
    /// mean equal names, whichever graph (or older copy of one) a table is read from.
    public private(set) var generation = SymbolTable.newGeneration()

    private static let generations = Atomic<UInt64>(0)

    private static func newGeneration() -> UInt64 {
        generations.add(1, ordering: .relaxed).newValue
    }

    public init() {}

    /// A table of these names, in this order (names distinct).
    init(names: [String]) {
        for name in names { _ = intern(name) }
    }

    public var count: Int { names.count }

    /// The symbol for `name`, added when new.
    public mutating func intern(_ name: String) -> Symbol {
        if let raw = index[name] { return Symbol(raw) }
        let raw = UInt32(names.count)
        names.append(name)
        index[name] = raw
        generation = Self.newGeneration()
        return Symbol(raw)
    }

    /// The symbol for `name`, or nil if it was never interned.
    public func lookup(_ name: String) -> Symbol? {
        index[name].map(Symbol.init)
    }

    public func name(_ symbol: Symbol) -> String { names[symbol.index] }

    public var allSymbols: [Symbol] { (0..<names.count).map { Symbol(UInt32($0)) } }
}
