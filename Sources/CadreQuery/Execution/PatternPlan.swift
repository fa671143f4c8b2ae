import CadreGraph

/// A MATCH pattern compiled into steps: where to start each part (a bound variable, an `id`
/// lookup, the smallest label, or every node) and which relationships to expand from there.
struct PatternPlan {
    /// A class, so the matcher's steps share it instead of copying (and retaining) its fields.
    final class NodeSpec {
        var slot: Int
        var labels: [String] { didSet { labelCache = SymbolCache(labels) } }
        var labelCache: SymbolCache
        var properties: [(key: String, value: Evaluator)]
        /// A map given as a parameter, `(n $props)`: its keys are known only when running.
        var propertyMap: Evaluator?
        /// From WHERE: `n.id = text` (look the node up) or `n.name ~ text` (folded-name index).
        var idHint: Evaluator? = nil
        var nameHint: Evaluator? = nil
        /// Property keys of `properties`, resolved once.
        var keyCache: SymbolCache

        init(slot: Int, labels: [String], properties: [(key: String, value: Evaluator)], propertyMap: Evaluator?) {
            self.slot = slot
            self.labels = labels
            labelCache = SymbolCache(labels)
            self.properties = properties
            self.propertyMap = propertyMap
            keyCache = SymbolCache(properties.map(\.key))
        }
    }

    final class RelationshipSpec {
        var slot: Int
        var types: [String] { didSet { typeCache = SymbolCache(types) } }
        var typeCache: SymbolCache
        var direction: Direction
        var properties: [(key: String, value: Evaluator)]
        var propertyMap: Evaluator?
        var length: (min: Int, max: Int)?
        var range: SourceRange
        var keyCache: SymbolCache
        /// Set when the rows this relationship yields are deduplicated downstream and nothing
        /// names the relationship: a variable-length expansion may then yield each end node
        /// once (breadth first) instead of once per trail.
        var distinctEnds = false

        init(slot: Int, types: [String], direction: Direction, properties: [(key: String, value: Evaluator)],
             propertyMap: Evaluator?, length: (min: Int, max: Int)?, range: SourceRange) {
            self.slot = slot
            self.types = types
            typeCache = SymbolCache(types)
            self.direction = direction
            self.properties = properties
            self.propertyMap = propertyMap
            self.length = length
            self.range = range
            keyCache = SymbolCache(properties.map(\.key))
        }
    }

    enum Step {
        /// Bind `node` from candidates (or check the value already in its slot when `bound`).
        case start(node: NodeSpec, bound: Bool)
        /// Follow `relationship` from the node in `from` to `to` (traversal direction given by
        /// `reversed`: true when walking the pattern right to left).
        case expand(from: Int, relationship: RelationshipSpec, to: NodeSpec, toBound: Bool, relationshipBound: Bool, reversed: Bool)
        /// Bind `from`, `relationship` and `to` from every edge of the relationship's types (a
        /// directed, single-hop relationship between two unbound, unconstrained nodes): scans
        /// the type index instead of every node's adjacency.
        case scanEdges(from: NodeSpec, relationship: RelationshipSpec, to: NodeSpec)
        /// Start the part at the labelled node whose rarest label has the fewest nodes in the
        /// graph being matched: each option is the index of the steps that start there (ending
        /// in a `jump` past the other options).
        case choose(options: [(node: NodeSpec, steps: Int)])
        /// Continue at step `to`.
        case jump(to: Int)
        /// Shortest path(s) between two bound nodes.
        case shortest(from: Int, relationship: RelationshipSpec, to: Int, all: Bool, pathSlot: Int?, reversed: Bool)
        /// Assemble a named path from node and relationship slots along a part.
        case path(slot: Int, nodes: [Int], relationships: [Int])
    }

    var steps: [Step] = []
    /// Slots of every relationship variable this plan binds (for uniqueness).
    var relationshipSlots: [Int] = []
}

/// Evaluates an expression against a row.
typealias Evaluator = (Row, ExecutionContext) throws -> Value
