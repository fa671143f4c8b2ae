import Dispatch
import Glibc

/// Writes a graph in the canonical form of the graph file format (graph/README.md).
///
/// The form is deterministic so that a saved graph diffs minimally: nodes ordered by their
/// sorted labels then id, edges by source id, type, target id (then properties); keys in a
/// fixed order (`id`, `name`, the rest by name, then the provenance keys `basis`,
/// `external_keys`, `inferred_keys`, `source`, `quote`, `note`); a statement on one line unless it passes `lineLimit` scalars, then one property a line.
/// Reading a canonical file and writing it again gives the same bytes.
public enum GraphFileWriter {
    public static let lineLimit = 120
    public static let header = "// cadre graph file, canonical form (cadre fmt); the format: graph/README.md\n"

    /// The canonical text, or the reasons it cannot be written (nodes without a string id,
    /// duplicate ids, values of the wrong type for their key).
    public static func write(_ graph: Graph) throws(GraphWriteError) -> String {
        String(decoding: try bytes(graph), as: UTF8.self)
    }

    /// The canonical text as UTF-8 bytes (see `write(_:to:)`).
    public static func bytes(_ graph: Graph) throws(GraphWriteError) -> [UInt8] {
        var out: [UInt8] = []
        let outcome = Result { () throws(any Error) in try write(graph) { out.append(contentsOf: $0) } }
        if case .failure(let error) = outcome { throw error as! GraphWriteError }
        return out
    }

    /// Whether the file at `path` holds the canonical text already, compared piece by piece
    /// (nothing of the size of the file is built).
    public static func isCanonical(_ graph: Graph, at path: String) throws(GraphWriteError) -> Bool {
        guard let current = ByteBuffer(mapping: path) else { return false }
        var offset = 0, same = true
        struct Differs: Error {}
        let outcome = Result { () throws(any Error) in
            try write(graph) { piece in
                let bytes = current.bytes
                guard offset + piece.count <= bytes.count,
                      piece.isEmpty || memcmp(bytes.baseAddress! + offset, piece.baseAddress!, piece.count) == 0 else {
                    same = false
                    throw Differs()
                }
                offset += piece.count
            }
        }
        if case .failure(let error) = outcome, let problem = error as? GraphWriteError { throw problem }
        return same && offset == current.bytes.count
    }

    /// Hands the canonical text to `sink` in pieces, in order, without holding all of it: ids
    /// sorted once, edges ordered by integer ranks (their properties compared only to break
    /// ties), statements formatted from the store's encoded values, a few pieces at a time on
    /// every core. Throws `GraphWriteError` before any piece when the graph cannot be written,
    /// or what `sink` throws.
    public static func write(_ graph: Graph, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try GraphWriteError.check(graph)
        let layout = Layout(graph)
        let workers = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        // Pieces are formatted in waves, a piece a task; a wave is handed to `sink` while the
        // next one is formatted.
        // The chunks written are used again: fresh memory for every piece would cost a page
        // fault and a page cleared for every 4 KiB of text.
        var next = 0
        var pending: [Layout.Chunk] = [], spare: [Layout.Chunk] = []
        while next < layout.pieces.count || !pending.isEmpty {
            let wave = next..<min(next + 2 * workers, layout.pieces.count)
            let chunks = wave.map { _ in
                guard let chunk = spare.popLast() else { return Layout.Chunk() }
                chunk.output.truncate(to: 0)
                return chunk
            }
            let group = DispatchGroup()
            defer { group.wait() }
            for (chunk, piece) in zip(chunks, wave) {
                DispatchQueue.global().async(group: group) { layout.format(layout.pieces[piece], into: chunk) }
            }
            for chunk in pending { try sink(chunk.output.bytes) }
            group.wait()
            spare += pending
            pending = chunks
            next = wave.upperBound
        }
    }

    /// What the canonical text holds, in order, cut in pieces formatted apart.
    struct Layout: @unchecked Sendable {
        enum Piece {
            case text(String)
            /// Nodes of one label set (its `(:A:B` opening), from `ordered`.
            case nodes(open: [UInt8], range: Range<Int>)
            /// Edges `sortedEdges[range]`.
            case edges(Range<Int>)
        }

        /// One piece's text.
        final class Chunk: @unchecked Sendable {
            var output = ByteOutput(capacity: 1 << 16)
        }

        let graph: Graph
        /// Each node's id quoted, end to end: node i's ends at `idEnds[i]`.
        let idText: [UInt8]
        let idEnds: [Int]
        let keyOrder: [Int32]
        /// Each key's literal and `: `, end to end (see `StatementFormatter.keyText`).
        let keyText: [UInt8]
        let keyEnds: [Int]
        /// Each edge type's `)-[:TYPE` opening.
        let typeOpenings: [[UInt8]]
        /// Nodes in canonical order (by label set, then id).
        var ordered: [NodeID] = []
        var sortedEdges: [EdgeID] = []
        var pieces: [Piece] = []
        static let nodesPerPiece = 16_384, edgesPerPiece = 32_768

        init(_ graph: Graph) {
            self.graph = graph
            let arena = graph.storage.arena
            // Each node's id as its pooled string (`GraphWriteError.check` made sure it has one).
            var idStrings = [UInt32](repeating: 0, count: graph.nodeSlots)
            for node in graph.nodes {
                if let id = arena.stringIndex(in: graph.storage.nodeProperties[node.index], key: graph.idKey) {
                    idStrings[node.index] = id
                }
            }
            var ids = ByteOutput(capacity: 32 * graph.nodeSlots)
            var idEnds = [Int](repeating: 0, count: graph.nodeSlots)
            for node in 0..<graph.nodeSlots {
                if graph.storage.liveNodes.contains(node) {
                    let string = idStrings[node]
                    let start = string == 0 ? 0 : Int(arena.strings.ends[Int(string) - 1]), end = Int(arena.strings.ends[Int(string)])
                    arena.strings.bytes.withUnsafeBytes { ids.appendQuoted(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                }
                idEnds[node] = ids.count
            }
            idText = Array(ids.bytes)
            self.idEnds = idEnds
            keyOrder = GraphFileWriter.keyOrder(graph)
            (keyText, keyEnds) = StatementFormatter.keyTexts(graph)
            typeOpenings = (0..<graph.types.count).map { Array(")-[:\(Value.keyLiteral(graph.types.name(Symbol(UInt32($0)))))".utf8) }
            // Each node's rank among ids, so edges sort by integers.
            let byID = graph.nodes.sorted { arena.strings.compare(idStrings[$0.index], idStrings[$1.index]) < 0 }
            var idRank = [Int32](repeating: 0, count: graph.nodeSlots)
            for (rank, node) in byID.enumerated() { idRank[node.index] = Int32(rank) }
            var text = header
            let declarations = graph.schema.statements(lineLimit: lineLimit)
            if !declarations.isEmpty { text += "\n" + declarations.joined(separator: "\n") + "\n" }
            // Nodes by their sorted labels, then id.
            var groups: [LabelSet: [NodeID]] = [:]
            for node in byID { groups[graph.storage.nodeLabels[node.index], default: []].append(node) }
            let named = groups.keys.map { (set: $0, names: $0.map { graph.labels.name($0) }.sorted(by: precedes)) }
            for (set, labels) in named.sorted(by: { $0.names.lexicographicallyPrecedes($1.names, by: precedes) }) {
                let names = labels.map { ":" + Value.keyLiteral($0) }.joined()
                text += "\n// " + (labels.isEmpty ? "(no label)" : names) + "\n"
                pieces.append(.text(text))
                text = ""
                let start = ordered.count
                ordered += groups[set]!
                for from in stride(from: start, to: ordered.count, by: Self.nodesPerPiece) {
                    pieces.append(.nodes(open: Array("(\(names)".utf8), range: from..<min(from + Self.nodesPerPiece, ordered.count)))
                }
            }
            // Edges by source id, type, target id, then properties.
            let typeRank = GraphFileWriter.typeRanks(graph)
            let edges = GraphFileWriter.edgeOrder(graph, idRank, typeRank, (keyOrder, keyText, keyEnds))
            sortedEdges = edges
            if !edges.isEmpty { text += "\n// edges\n" }
            if !text.isEmpty { pieces.append(.text(text)) }
            for from in stride(from: 0, to: edges.count, by: Self.edgesPerPiece) {
                pieces.append(.edges(from..<min(from + Self.edgesPerPiece, edges.count)))
            }
        }

        /// Node `node`'s id, quoted.
        func quotedID(_ node: NodeID, in text: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: text[(node.index == 0 ? 0 : idEnds[node.index - 1])..<idEnds[node.index]])
        }

        /// `piece`'s text, into `chunk`.
        func format(_ piece: Piece, into chunk: Chunk) {
            let storage = graph.storage
            switch piece {
            case .text(let text):
                chunk.output.append(string: text)
                return
            default: break
            }
            StatementFormatter.with(graph, keyOrder, keyText, keyEnds) { formatter in
            idText.withUnsafeBytes { idText in
                switch piece {
                case .text: break
                case .nodes(let open, let range):
                    chunk.output.reserve(range.count * 256)
                    let close: StaticString = ")"
                    open.withUnsafeBytes { open in
                        for node in ordered[range] {
                            formatter.statement(open: open, range: storage.nodeProperties[node.index],
                                                close: UnsafeRawBufferPointer(start: close.utf8Start, count: 1), to: &chunk.output)
                        }
                    }
                case .edges(let range):
                    chunk.output.reserve(range.count * 256)
                    var open = ByteOutput(capacity: 256), close = ByteOutput(capacity: 256)
                    storage.edgeSource.withUnsafeBufferPointer { edgeSource in
                    storage.edgeTarget.withUnsafeBufferPointer { edgeTarget in
                    storage.edgeType.withUnsafeBufferPointer { edgeType in
                    storage.edgeProperties.withUnsafeBufferPointer { edgeProperties in
                    sortedEdges.withUnsafeBufferPointer { sortedEdges in
                        for index in range {
                            let edge = sortedEdges[index]
                            let source = edgeSource[edge.index]
                            // A blank line between the edges of one source and the next's.
                            if index > 0 && edgeSource[sortedEdges[index - 1].index] != source { chunk.output.append(0x0A) }
                            open.truncate(to: 0)
                            open.append(UInt8(ascii: "("))
                            open.append(quotedID(source, in: idText))
                            typeOpenings[edgeType[edge.index].index].withUnsafeBytes { open.append($0) }
                            close.truncate(to: 0)
                            close.append("]->(")
                            close.append(quotedID(edgeTarget[edge.index], in: idText))
                            close.append(UInt8(ascii: ")"))
                            formatter.statement(open: open.bytes, range: edgeProperties[edge.index], close: close.bytes,
                                                to: &chunk.output)
                        }
                    } } } } }
                }
            } }
        }
    }

    /// The edges in canonical order: by source id, type, target id, then by their properties'
    /// text. Placed by their source's rank (a counting sort: one array of edges and one of
    /// counts, where sorting packed keys needed four words an edge), then each source's edges by
    /// type and target rank.
    static func edgeOrder(_ graph: Graph, _ idRank: [Int32], _ typeRank: [Int32],
                          _ keys: (order: [Int32], text: [UInt8], ends: [Int])) -> [EdgeID] {
        let storage = graph.storage
        var starts = [Int](repeating: 0, count: graph.nodeSlots + 1)
        for edge in storage.liveEdges { starts[Int(idRank[storage.edgeSource[edge].index]) + 1] += 1 }
        for rank in 0..<graph.nodeSlots { starts[rank + 1] += starts[rank] }
        var edges = [EdgeID](repeating: EdgeID(0), count: starts[graph.nodeSlots])
        var next = starts
        for edge in storage.liveEdges {
            let rank = Int(idRank[storage.edgeSource[edge].index])
            edges[next[rank]] = EdgeID(UInt32(edge))
            next[rank] += 1
        }
        next = []
        let key = { (edge: EdgeID) -> UInt64 in
            UInt64(UInt32(typeRank[storage.edgeType[edge.index].index])) << 32 | UInt64(UInt32(idRank[storage.edgeTarget[edge.index].index]))
        }
        var ties = false
        edges.withUnsafeMutableBufferPointer { edges in
            for rank in 0..<graph.nodeSlots where starts[rank + 1] - starts[rank] > 1 {
                let run = starts[rank]..<starts[rank + 1]
                if run.count <= 16 {
                    // Insertion by key: a source has a handful of edges.
                    for index in run.dropFirst() {
                        let edge = edges[index], edgeKey = key(edge)
                        var place = index
                        while place > run.lowerBound && key(edges[place - 1]) > edgeKey {
                            edges[place] = edges[place - 1]
                            place -= 1
                        }
                        edges[place] = edge
                    }
                } else {
                    var keyed = edges[run].map { (key: key($0), edge: $0) }
                    keyed.sort { $0.key < $1.key }
                    for (offset, pair) in keyed.enumerated() { edges[run.lowerBound + offset] = pair.edge }
                }
                if !ties { ties = run.dropFirst().contains { key(edges[$0]) == key(edges[$0 - 1]) } }
            }
        }
        if ties {
            // Edges alike in source, type and target: by their properties' text.
            sortTies(&edges, graph, keys) { (a: EdgeID, b: EdgeID) in
                storage.edgeSource[a.index] == storage.edgeSource[b.index] && storage.edgeType[a.index] == storage.edgeType[b.index]
                    && storage.edgeTarget[a.index] == storage.edgeTarget[b.index]
            }
        }
        return edges
    }

    /// Runs of edges that `same` says have the same ends and type, from `first` on, ordered by
    /// their properties' text.
    static func sortTies(_ edges: inout [EdgeID], _ graph: Graph, _ keys: (order: [Int32], text: [UInt8], ends: [Int]),
                         same: (EdgeID, EdgeID) -> Bool) {
        let storage = graph.storage
        var text = ByteOutput(capacity: 256)
        StatementFormatter.with(graph, keys.order, keys.text, keys.ends) { formatter in
        var start = 0
        while start < edges.count {
            var end = start + 1
            while end < edges.count && same(edges[end], edges[start]) { end += 1 }
            if end - start > 1 {
                // Each edge's properties as the file writes them on one line, compared as bytes.
                var texts: [(edge: EdgeID, text: [UInt8])] = []
                for edge in edges[start..<end] {
                    text.truncate(to: 0)
                    formatter.statement(open: UnsafeRawBufferPointer(start: nil, count: 0), range: storage.edgeProperties[edge.index],
                                        close: UnsafeRawBufferPointer(start: nil, count: 0), to: &text, oneLineAlways: true)
                    // ` {` and `}\n` around the entries: left out, so that a text that begins
                    // another comes first, as it would alone.
                    let bytes = text.bytes
                    texts.append((edge, bytes.count < 4 ? [] : Array(bytes[2..<bytes.count - 2])))
                }
                texts.sort { $0.text.lexicographicallyPrecedes($1.text) }
                edges.replaceSubrange(start..<end, with: texts.map(\.edge))
            }
            start = end
        }
        }
    }

    /// Every key's place in the canonical order (`id`, `name`, the rest by name, provenance last).
    static func keyOrder(_ graph: Graph) -> [Int32] {
        let symbols = (0..<graph.keys.count).map { Symbol(UInt32($0)) }
        let sorted = symbols.sorted { a, b in
            let (x, y) = (graph.keys.name(a), graph.keys.name(b))
            return rank(x) < rank(y) || (rank(x) == rank(y) && precedes(x, y))
        }
        var order = [Int32](repeating: 0, count: symbols.count)
        for (place, symbol) in sorted.enumerated() { order[symbol.index] = Int32(place) }
        return order
    }

    static func typeRanks(_ graph: Graph) -> [Int32] {
        let symbols = (0..<graph.types.count).map { Symbol(UInt32($0)) }
        var order = [Int32](repeating: 0, count: symbols.count)
        for (place, symbol) in symbols.sorted(by: { precedes(graph.types.name($0), graph.types.name($1)) }).enumerated() {
            order[symbol.index] = Int32(place)
        }
        return order
    }

    /// Keys in canonical order, with their names.
    static func ordered(_ properties: [(key: Symbol, value: Value)], in graph: Graph) -> [(String, Value)] {
        canonicalOrder(properties.map { (graph.keys.name($0.key), $0.value) })
    }

    /// Named properties in the canonical key order: `id`, `name`, the rest by name, provenance last.
    public static func canonicalOrder(_ pairs: [(String, Value)]) -> [(String, Value)] {
        pairs.sorted { rank($0.0) < rank($1.0) || (rank($0.0) == rank($1.0) && precedes($0.0, $1.0)) }
    }

    private static func rank(_ key: String) -> Int {
        switch key {
        case "id": 0
        case "name": 1
        case "basis": 3
        case "external_keys": 4
        case "inferred_keys": 5
        case "source": 6
        case "quote": 7
        case "note": 8
        default: 2
        }
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// Why a graph cannot be written as a graph file; nothing is written.
public struct GraphWriteError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]

    public var description: String {
        var text = "cannot write the graph file:\n" + problems.prefix(DiagnosticList.shown).map { "  - " + $0 }.joined(separator: "\n")
        if problems.count > DiagnosticList.shown {
            text += "\n  and \(problems.count - DiagnosticList.shown) more like them (the first \(DiagnosticList.shown) are shown)"
        }
        return text
    }

    static func check(_ graph: Graph) throws(GraphWriteError) {
        var problems: [String] = []
        for node in graph.nodes {
            let name = graph.property(of: node, key: graph.idKey)
            guard case .string(let id)? = name else {
                problems.append(name == nil
                    ? "node \(node) (\(graph.labelNames(of: node).map { ":" + $0 }.joined())) has no id; mint ids first"
                    : "node \(node) has a non-string id \(name!.literal); ids must be strings")
                continue
            }
            if graph.schema.isEmpty { continue }
            let labels = graph.labelNames(of: node)
            for (key, value) in graph.properties(of: node) {
                let keyName = graph.keys.name(key)
                if let declared = graph.schema.violation(nodeLabels: labels, key: keyName, value: value) {
                    problems.append("node \"\(id)\": `\(keyName)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place))")
                }
            }
        }
        for id in graph.duplicateIDs {
            problems.append("the id \"\(id)\" is held by \(graph.nodes(withID: id).count) nodes; ids must be unique")
        }
        for edge in graph.edges where !graph.schema.isEmpty {
            let type = graph.typeName(of: edge)
            for (key, value) in graph.properties(of: edge) {
                let keyName = graph.keys.name(key)
                if let declared = graph.schema.violation(edgeType: type, key: keyName, value: value) {
                    problems.append("a \(type) edge: `\(keyName)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place))")
                }
            }
        }
        if !problems.isEmpty { throw GraphWriteError(problems: problems) }
    }
}
