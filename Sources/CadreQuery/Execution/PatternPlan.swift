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
        /// No variable or path names the node: nothing reads its slot, so a scan of edges
        /// need not fill it (see `VectorScan`).
        var anonymous = false
        /// From WHERE: `n.id = text` (look the node up) or `n.name ~ text` (folded-name index).
        var idHint: Evaluator? = nil
        var nameHint: Evaluator? = nil
        /// Property keys of `properties`, resolved once.
        var keyCache: SymbolCache
        /// From WHERE: `n <> m` with `m` bound before the MATCH; the node must differ from the
        /// value in each of these slots (see `PatternMatcher.filterableNodes`).
        var distinctFrom: [Int] = []

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
        /// No variable or path names the relationship: nothing reads its slot, so a match
        /// needs only its end node (see `PatternMatcher.mayBatch`).
        var anonymous = false
        /// Set when the rows this relationship yields are deduplicated downstream and nothing
        /// names the relationship: a variable-length expansion may then yield each end node
        /// once (breadth first) instead of once per trail.
        var distinctEnds = false
        /// WHERE conjuncts on this relationship alone, tested while scanning edges, before a
        /// row is built (see `PushedFilter`).
        var filters: [PushedFilter] = []

        init(slot: Int, types: [String], direction: Direction, properties: [(key: String, value: Evaluator)],
             propertyMap: Evaluator?, length: (min: Int, max: Int)?, range: SourceRange) {
            self.slot = slot
            // `[:R|R]` matches each R edge once: a type named twice is one alternative.
            let types = types.uniqued()
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
    /// Per step, WHERE's conjuncts tested on entry to it (`PredicatePushdown`): one that gives
    /// false drops the partial match. Empty when none are pushed.
    var checks: [[Evaluator]] = []
    /// Slots of every relationship variable this plan binds (for uniqueness).
    var relationshipSlots: [Int] = []
}

/// A WHERE conjunct `r.key <op> constant` or `r.key.year <op> constant` (also `.month`,
/// `.day`), moved into the step that binds the relationship: decided from the stored value
/// when it is an integer (or a date, for a component) and the constant an integer, or for `=`
/// when both are strings (by their index among the graph's strings), else by `general` on the
/// bound row.
struct PushedFilter {
    enum Component { case year, month, day }

    var key: SymbolCache
    var component: Component?
    /// The comparison with the property on the left.
    var op: BinaryOperator
    /// The literal or parameter compared with; the same for every row.
    var constant: Evaluator
    /// The whole conjunct, as the row filter would evaluate it.
    var general: Evaluator
    var range: SourceRange

    /// What a scan needs per edge, resolved once per scan: plain values, nothing to retain.
    struct Resolved {
        var key: Symbol?
        var component: Component?
        var op: BinaryOperator
        var constant: Constant

        /// Whether the stored value can decide the conjunct: an integer constant, or a string
        /// one compared with `=` (a key no property has decides it too: false).
        var decidable: Bool {
            switch constant {
            case .integer: true
            case .string: op == .equal && component == nil
            case .other: false
            }
        }
    }

    enum Constant {
        case integer(Int64)
        /// A string's index among the graph's strings; nil when no property holds it.
        case string(UInt32?)
        /// Anything else: `general` decides every row.
        case other
    }

    func resolve(_ row: Row, _ context: ExecutionContext) throws -> Resolved {
        let value: Constant = switch try constant(row, context) {
        case .int(let integer): .integer(integer)
        case .string(let text): .string(context.graph.stringIndex(of: text))
        default: .other
        }
        return Resolved(key: key.resolve(.keys, in: context.graph)[0], component: component, op: op, constant: value)
    }

    /// True or false when the stored value decides; nil when `general` must. `last` keeps the
    /// value read for the previous filter of the same edge (`x.from >= 2010 AND x.from <= 2015`
    /// reads `from` once).
    static func decide(_ filter: Resolved, _ edge: EdgeID, _ graph: Graph,
                       _ last: inout (edge: EdgeID, key: Symbol, value: ScalarProperty)?) -> Bool? {
        guard let key = filter.key else { return filter.decidable ? false : nil } // no such key anywhere: null
        guard filter.decidable else { return nil }
        let scalar: ScalarProperty
        if let last, last.edge == edge, last.key == key {
            scalar = last.value
        } else {
            scalar = graph.scalar(of: edge, key: key)
            last = (edge, key, scalar)
        }
        return decide(filter, scalar)
    }

    /// Integer comparisons of one key (and one date component) with constants, folded into
    /// one closed range: `h.from.year >= 2010 AND h.from.year <= 2015` is 2010...2015. Nil
    /// unless every filter is `=`, `<`, `<=`, `>` or `>=` with an integer, on the same key and
    /// component.
    static func bounds(_ filters: [Resolved]) -> ScalarBounds? {
        guard let first = filters.first, let key = first.key else { return nil }
        let component: ScalarBounds.Component? = switch first.component {
        case nil: nil
        case .year?: .year
        case .month?: .month
        case .day?: .day
        }
        var bounds = ScalarBounds(key: key, component: component)
        for filter in filters {
            guard filter.key == first.key, filter.component == first.component,
                  case .integer(let constant) = filter.constant else { return nil }
            switch filter.op {
            case .equal: bounds.lower = max(bounds.lower, constant); bounds.upper = min(bounds.upper, constant)
            case .lessOrEqual: bounds.upper = min(bounds.upper, constant)
            case .greaterOrEqual: bounds.lower = max(bounds.lower, constant)
            case .less:
                if constant == .min { bounds.lower = .max; bounds.upper = .min } else { bounds.upper = min(bounds.upper, constant - 1) }
            case .greater:
                if constant == .max { bounds.lower = .max; bounds.upper = .min } else { bounds.lower = max(bounds.lower, constant + 1) }
            default: return nil
            }
        }
        return bounds
    }

    /// True or false when `scalar`, the edge's stored value under the filter's key, decides;
    /// nil when `general` must. Only for a `decidable` filter.
    @inline(__always)
    static func decide(_ filter: Resolved, _ scalar: ScalarProperty) -> Bool? {
        let constant: Int64
        switch filter.constant {
        case .string(let index):
            // `=` with a string: true only for the same string; null, numbers, lists: not true.
            if case .string(let stored) = scalar, let index { return stored == index }
            return false
        case .integer(let integer): constant = integer
        case .other: return nil
        }
        let number: Int64
        switch (scalar, filter.component) {
        case (.missing, _): return false // null compares to nothing: the conjunct is not true
        case (.int(let value), nil): number = value
        case (.date(let date), let component?):
            switch component {
            case .year: number = Int64(date.year)
            case .month: guard let month = date.month else { return false }; number = Int64(month)
            case .day: guard let day = date.day else { return false }; number = Int64(day)
            }
        default: return nil
        }
        switch filter.op {
        case .equal: return number == constant
        case .notEqual: return number != constant
        case .less: return number < constant
        case .lessOrEqual: return number <= constant
        case .greater: return number > constant
        case .greaterOrEqual: return number >= constant
        default: return nil
        }
    }
}

/// Evaluates an expression against a row.
typealias Evaluator = (Row, ExecutionContext) throws -> Value

extension Array where Element: Hashable {
    /// The elements without repeats, in first-seen order.
    func uniqued() -> [Element] {
        if count < 2 { return self }
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
