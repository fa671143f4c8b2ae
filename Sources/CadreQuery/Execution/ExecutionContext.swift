import CadreGraph
import Synchronization

/// A flag another thread (the shell's SIGINT handler) sets to interrupt a running query.
public final class CancelFlag: Sendable {
    private let state = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { state.load(ordering: .relaxed) }
    public func set() { state.store(true, ordering: .relaxed) }
    public func clear() { state.store(false, ordering: .relaxed) }
}

/// Counts of what a statement changed, as Cypher reports them.
public struct UpdateStatistics: Sendable, Equatable {
    public var nodesCreated = 0
    public var nodesDeleted = 0
    public var relationshipsCreated = 0
    public var relationshipsDeleted = 0
    public var propertiesSet = 0
    public var labelsAdded = 0
    public var labelsRemoved = 0

    public init() {}

    public var containsUpdates: Bool { self != UpdateStatistics() }
}

/// What a running statement works on: the graph (a private copy until it succeeds), the
/// parameters, the cancel flag, and the counts of changes.
final class ExecutionContext {
    var graph: Graph
    let parameters: [String: Value]
    let cancel: CancelFlag?
    var statistics = UpdateStatistics()
    private var ticks = 0

    init(graph: Graph, parameters: [String: Value], cancel: CancelFlag?) {
        self.graph = graph
        self.parameters = parameters
        self.cancel = cancel
    }

    /// Called in loops; throws `interrupted` once the flag is set (checked every 1024 calls).
    func checkCancel() throws {
        ticks &+= 1
        if ticks & 1023 == 0, let cancel, cancel.isSet {
            throw QueryError(.interrupted, "interrupted", at: .at(0))
        }
    }
}

/// A row of values, one per variable in scope, by slot.
typealias Row = [Value]

/// What a variable is known to hold, for compile-time checks such as `VariableTypeConflict`.
enum VariableKind: Equatable {
    case node, relationship, relationshipList, path, unknown
    /// Not a graph element; its type when the expression that made it shows it.
    case value(StaticType?)
}

/// The variables visible at one point of a query, each with its slot in the row.
struct Scope {
    private(set) var names: [String] = []
    private var slots: [String: Int] = [:]
    private var kinds: [Int: VariableKind] = [:]

    func kind(of name: String) -> VariableKind {
        slots[name].flatMap { kinds[$0] } ?? .unknown
    }

    mutating func setKind(_ kind: VariableKind, for name: String) {
        if let slot = slots[name] { kinds[slot] = kind }
    }

    func slot(_ name: String) -> Int? { slots[name] }

    var count: Int { names.count }

    /// The slot of `name`, added at the end when new.
    @discardableResult
    mutating func declare(_ name: String) -> Int {
        if let slot = slots[name] { return slot }
        let slot = names.count
        names.append(name)
        slots[name] = slot
        return slot
    }

    func contains(_ name: String) -> Bool { slots[name] != nil }

    /// A fresh slot for `name` that hides any outer variable of that name (comprehensions).
    mutating func declareShadowing(_ name: String) -> Int {
        let slot = names.count
        names.append(name)
        slots[name] = slot
        return slot
    }

    /// A slot no query text can name, for anonymous pattern elements.
    @discardableResult
    mutating func declareHidden() -> Int {
        declareShadowing(" \(names.count)")
    }

    /// Names a user wrote (not hidden ones), in order: what `RETURN *` returns.
    var visibleNames: [String] { names.filter { !$0.hasPrefix(" ") && slots[$0] != nil } }
}
