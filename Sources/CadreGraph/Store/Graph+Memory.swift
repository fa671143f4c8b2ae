/// What the store's parts hold in memory, for `cadre-bench --memory` and the benchmarks'
/// composition of bytes per edge: each array by its capacity. Indexes built on demand
/// (columns, the folded-name index) are not counted.
extension Graph {
    public func memoryParts() -> [(part: String, bytes: Int)] {
        let storage = self.storage
        func size<T>(_ array: [T]) -> Int { array.capacity * MemoryLayout<T>.stride }
        let arena = storage.arena, strings = arena.strings
        return [
            ("edge ends and types", size(storage.edgeSource) + size(storage.edgeTarget) + size(storage.edgeType)),
            ("edge property ranges", size(storage.edgeProperties)),
            ("adjacency", size(storage.outgoing.offsets) + size(storage.outgoing.entries)
                + size(storage.incoming.offsets) + size(storage.incoming.entries)),
            ("node labels and property ranges", size(storage.nodeLabels) + size(storage.nodeProperties)),
            ("live sets, label and type sets", size(storage.liveNodes.words) + size(storage.liveEdges.words)
                + storage.labelIndex.reduce(0) { $0 + size($1.words) } + storage.typeIndex.reduce(0) { $0 + size($1.words) }),
            ("id index", size(storage.idIndex.nodeOfString)),
            ("property values", arena.memoryBytes),
            ("string bytes", size(strings.bytes) + size(strings.ends)),
            ("string table", size(strings.table)),
        ]
    }
}
