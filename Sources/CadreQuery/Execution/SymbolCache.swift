import CadreGraph

/// Remembers which symbols names resolve to, so hot loops do not hash strings. Symbols are never
/// removed from a table, so a cached answer stays right while the table's size is unchanged.
final class SymbolCache: @unchecked Sendable {
    private var tableSize = -1
    private var symbols: [Symbol?] = []
    /// `symbols` without the names never interned (kept with it, not rebuilt per call).
    private var known: [Symbol] = []
    let names: [String]

    init(_ names: [String]) {
        self.names = names
    }

    enum Table { case labels, types, keys }

    /// The symbols of `names` in one of the graph's tables (nil for a name never interned).
    /// The table itself is read only when its size has changed since the last call.
    func resolve(_ table: Table, in graph: Graph) -> [Symbol?] {
        refresh(table, in: graph)
        return symbols
    }

    /// Looks the names up again when the table has grown since the last look.
    private func refresh(_ table: Table, in graph: Graph) {
        let counts = graph.symbolCounts
        let size = switch table {
        case .labels: counts.labels
        case .types: counts.types
        case .keys: counts.keys
        }
        if tableSize != size {
            let symbols = switch table {
            case .labels: graph.labels
            case .types: graph.types
            case .keys: graph.keys
            }
            self.symbols = names.map { symbols.lookup($0) }
            known = self.symbols.compactMap { $0 }
            tableSize = size
        }
    }

    /// The symbols of the names that are interned.
    func resolveKnown(_ table: Table, in graph: Graph) -> [Symbol] {
        refresh(table, in: graph)
        return known
    }

    /// The symbol of the only name (no array handed out: this runs once per row).
    func single(_ table: Table, in graph: Graph) -> Symbol? {
        refresh(table, in: graph)
        return symbols[0]
    }
}
