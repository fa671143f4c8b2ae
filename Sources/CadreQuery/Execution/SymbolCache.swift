import CadreGraph
import Synchronization

/// Remembers which symbols names resolve to, so hot loops do not hash strings. A cached answer
/// stays right while the table has the generation it was read from (`SymbolTable.generation`):
/// a plan may run many times, on a graph that grew, or on an older copy after a failed statement.
///
/// The workers of one run share it (`VectorMatchOperator` splits large scans): the first to
/// find the generation changed reads the table under the lock and publishes the generation
/// last, so a worker that sees the current generation reads symbols written before it.
final class SymbolCache: @unchecked Sendable {
    /// The generation the symbols were read from; 0 is never a table's.
    private let generation = Atomic<UInt64>(0)
    private let lock = Mutex(())
    private var symbols: [Symbol?] = []
    /// `symbols` without the names never interned (kept with it, not rebuilt per call).
    private var known: [Symbol] = []
    let names: [String]

    init(_ names: [String]) {
        self.names = names
    }

    enum Table { case labels, types, keys }

    /// The symbols of `names` in one of the graph's tables (nil for a name never interned).
    /// The table itself is read only when its generation has changed since the last call.
    func resolve(_ table: Table, in graph: Graph) -> [Symbol?] {
        refresh(table, in: graph)
        return symbols
    }

    /// Looks the names up again when the table has changed since the last look.
    private func refresh(_ table: Table, in graph: Graph) {
        let generations = graph.symbolGenerations
        let current = switch table {
        case .labels: generations.labels
        case .types: generations.types
        case .keys: generations.keys
        }
        if generation.load(ordering: .acquiring) == current { return }
        lock.withLock { _ in
            guard generation.load(ordering: .acquiring) != current else { return }
            let symbols = switch table {
            case .labels: graph.labels
            case .types: graph.types
            case .keys: graph.keys
            }
            self.symbols = names.map { symbols.lookup($0) }
            known = self.symbols.compactMap { $0 }
            generation.store(current, ordering: .releasing)
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
