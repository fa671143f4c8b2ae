/// A change the store refuses, leaving the graph as it was.
public enum GraphError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A node that still has edges cannot be deleted without deleting them (Cypher's DETACH).
    case nodeHasEdges(NodeID, count: Int)
    case unknownNode(NodeID)
    case unknownEdge(EdgeID)

    public var description: String {
        switch self {
        case .nodeHasEdges(_, let count):
            "cannot delete a node that still has \(count) relationship\(count == 1 ? "" : "s"); use DETACH DELETE"
        case .unknownNode(let node): "no node \(node)"
        case .unknownEdge(let edge): "no edge \(edge)"
        }
    }
}
