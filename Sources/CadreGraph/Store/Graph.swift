/// The property graph: nodes with labels and properties, directed typed edges with properties.
///
/// Everything is held in flat arrays indexed by dense handles (`NodeID`, `EdgeID`), with names
/// interned as `Symbol`s: no object per node or edge. Indexes kept up to date on every change:
/// `id` string to node, label to nodes, type to edges, and adjacency per node by direction,
/// grouped by type.
///
/// `Graph` is a value: copying it is O(1) and the copy is unaffected by later changes (arrays are
/// copy-on-write), which is how a failed statement restores the graph it started from.
public struct Graph: Sendable {
    public internal(set) var labels = SymbolTable()
    public internal(set) var types = SymbolTable()
    public internal(set) var keys = SymbolTable()
    /// The `id` property key, always interned first.
    public let idKey: Symbol

    var nodeLabels: [LabelSet] = []
    var nodeProperties: [PropertyRange] = []
    var liveNodes = BitSet()

    var edgeSource: [NodeID] = []
    var edgeTarget: [NodeID] = []
    var edgeType: [Symbol] = []
    var edgeProperties: [PropertyRange] = []
    var liveEdges = BitSet()

    var arena = PropertyArena()
    var outgoing = Adjacency()
    var incoming = Adjacency()
    /// `labelIndex[label.index]` holds the nodes with that label.
    var labelIndex: [BitSet] = []
    /// `typeIndex[type.index]` holds the edges of that type.
    var typeIndex: [BitSet] = []
    var idIndex = IDIndex()
    var nameIndex = FoldedNameIndex()
    /// The `name` property key, always interned second.
    public let nameKey: Symbol

    public init() {
        idKey = keys.intern("id")
        nameKey = keys.intern("name")
    }

    /// Nodes whose `name` contains `text` ignoring accents and case (`tran quoc` finds
    /// `Trần Quốc Trung`), from the folded-name index, in handle order.
    public func nodes(withNameContaining text: String) -> [NodeID] {
        nameIndex.nodes(containing: text)
    }

    /// Live nodes.
    public var nodeCount: Int { liveNodes.count }
    /// Live edges.
    public var edgeCount: Int { liveEdges.count }

    /// Every live node, in handle (creation) order.
    public var nodes: [NodeID] { liveNodes.map { NodeID($0) } }
    /// Every live edge, in handle (creation) order.
    public var edges: [EdgeID] { liveEdges.map { EdgeID($0) } }

    public func contains(_ node: NodeID) -> Bool { liveNodes.contains(node.index) }
    public func contains(_ edge: EdgeID) -> Bool { liveEdges.contains(edge.index) }

    /// Rebuilds adjacency blocks and the property arena when edits have made them sparse;
    /// call after bulk loading, or at any quiet moment.
    public mutating func compact() {
        var fresh = PropertyArena()
        for node in liveNodes {
            nodeProperties[node] = fresh.append(arena.slice(nodeProperties[node]))
        }
        for edge in liveEdges {
            edgeProperties[edge] = fresh.append(arena.slice(edgeProperties[edge]))
        }
        arena = fresh
        rebuildAdjacency()
    }

    mutating func rebuildAdjacency() {
        let live = liveEdges.map { EdgeID($0) }
        outgoing = Adjacency(nodeCount: nodeLabels.count, edges: live.map {
            (edgeSource[$0.index].raw, AdjacentEdge(edge: $0, other: edgeTarget[$0.index], type: edgeType[$0.index]))
        })
        incoming = Adjacency(nodeCount: nodeLabels.count, edges: live.map {
            (edgeTarget[$0.index].raw, AdjacentEdge(edge: $0, other: edgeSource[$0.index], type: edgeType[$0.index]))
        })
    }
}
