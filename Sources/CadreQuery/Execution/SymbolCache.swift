import CadreGraph

/// Remembers which symbols names resolve to, so hot loops do not hash strings. Symbols are never
/// removed from a table, so a cached answer stays right while the table's size is unchanged.
final class SymbolCache: @unchecked Sendable {
    private var tableSize = -1
    private var symbols: [Symbol?] = []
    let names: [String]

    init(_ names: [String]) {
        self.names = names
    }

    /// The symbols of `names` in `table` (nil for a name never interned).
    func resolve(in table: SymbolTable) -> [Symbol?] {
        if tableSize != table.count {
            symbols = names.map { table.lookup($0) }
            tableSize = table.count
        }
        return symbols
    }

    /// The symbol of the only name.
    func single(in table: SymbolTable) -> Symbol? {
        resolve(in: table)[0]
    }
}
