/// Maps `id` strings, by their index in the property arena's string pool, to nodes. Ids are
/// unique in a graph file, but a query may create two nodes with the same id; both are then
/// indexed, and saving reports the clash.
struct IDIndex: Sendable {
    /// Per pooled string: 0 for no node, n + 1 for node n, or `shared` when several nodes have
    /// it (then listed in `many`).
    private(set) var nodeOfString: [UInt32] = []
    private(set) var many: [UInt32: [NodeID]] = [:]

    init() {}

    /// An index with no shared ids, from its table (a snapshot).
    init(nodeOfString: [UInt32]) { self.nodeOfString = nodeOfString }
    private static let shared = UInt32.max

    func nodes(forString string: UInt32) -> [NodeID] {
        guard Int(string) < nodeOfString.count else { return [] }
        switch nodeOfString[Int(string)] {
        case 0: return []
        case Self.shared: return many[string] ?? []
        case let raw: return [NodeID(raw - 1)]
        }
    }

    /// Whether any node has the string as its id.
    func contains(_ string: UInt32) -> Bool {
        Int(string) < nodeOfString.count && nodeOfString[Int(string)] != 0
    }

    /// Reads the entry of `string`, so that it is in the cache when it is looked up (the value
    /// itself means nothing).
    @inline(__always)
    func touch(_ string: UInt32) -> UInt32 {
        Int(string) < nodeOfString.count ? nodeOfString[Int(string)] : 0
    }

    /// The single node with the string as its id, else nil (none, or several).
    func node(forString string: UInt32) -> NodeID? {
        guard Int(string) < nodeOfString.count else { return nil }
        let raw = nodeOfString[Int(string)]
        return raw == 0 || raw == Self.shared ? nil : NodeID(raw - 1)
    }

    mutating func insert(_ string: UInt32, _ node: NodeID) {
        let slot = Int(string)
        if slot >= nodeOfString.count {
            nodeOfString.append(contentsOf: repeatElement(0, count: max(slot + 1 - nodeOfString.count, nodeOfString.count / 2)))
        }
        switch nodeOfString[slot] {
        case 0: nodeOfString[slot] = node.raw + 1
        case Self.shared: many[string, default: []].append(node)
        case let raw:
            nodeOfString[slot] = Self.shared
            many[string] = [NodeID(raw - 1), node]
        }
    }

    mutating func remove(_ string: UInt32, _ node: NodeID) {
        let slot = Int(string)
        guard slot < nodeOfString.count else { return }
        switch nodeOfString[slot] {
        case node.raw + 1: nodeOfString[slot] = 0
        case Self.shared:
            let kept = (many[string] ?? []).filter { $0 != node }
            if kept.count == 1 {
                many[string] = nil
                nodeOfString[slot] = kept[0].raw + 1
            } else {
                many[string] = kept
            }
        default: break
        }
    }

    /// Every string held by exactly one node, with its node, in string order.
    var uniqueIDs: some Sequence<(string: UInt32, node: NodeID)> {
        nodeOfString.lazy.enumerated().filter { $0.element != 0 && $0.element != Self.shared }
            .map { (UInt32($0.offset), NodeID($0.element - 1)) }
    }

    /// Indexes of the strings held by more than one node.
    var duplicates: [UInt32] { Array(many.keys) }
}
