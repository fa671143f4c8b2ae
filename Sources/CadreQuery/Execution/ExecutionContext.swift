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

    /// Called per batch (a thousand rows' work): throws `interrupted` once the flag is set.
    func checkCancelNow() throws {
        if let cancel, cancel.isSet { throw QueryError(.interrupted, "interrupted", at: .at(0)) }
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
    /// By slot. A scope holds a handful of names: a search from the end beats hashing, and
    /// finds the newest of a name declared again (`declareShadowing`).
    private(set) var names: [String] = []
    /// By slot; `.unknown` until set.
    private var kinds: [VariableKind] = []

    func kind(of name: String) -> VariableKind {
        slot(name).map { kinds[$0] } ?? .unknown
    }

    mutating func setKind(_ kind: VariableKind, for name: String) {
        if let slot = slot(name) { kinds[slot] = kind }
    }

    func slot(_ name: String) -> Int? { names.lastIndex(of: name) }

    var count: Int { names.count }

    /// The slot of `name`, added at the end when new.
    @discardableResult
    mutating func declare(_ name: String) -> Int {
        slot(name) ?? declareShadowing(name)
    }

    func contains(_ name: String) -> Bool { slot(name) != nil }

    /// A fresh slot for `name` that hides any outer variable of that name (comprehensions).
    mutating func declareShadowing(_ name: String) -> Int {
        if names.isEmpty {
            names.reserveCapacity(8)
            kinds.reserveCapacity(8)
        }
        names.append(name)
        kinds.append(.unknown)
        return names.count - 1
    }

    /// A slot no query text can name, for anonymous pattern elements.
    @discardableResult
    mutating func declareHidden() -> Int {
        declareShadowing(names.count < Self.hiddenNames.count ? Self.hiddenNames[names.count] : " \(names.count)")
    }

    /// The names of hidden slots (a space, then the slot), made once.
    private static let hiddenNames = (0..<32).map { " \($0)" }

    /// Names a user wrote (not hidden ones), in order: what `RETURN *` returns.
    var visibleNames: [String] { names.filter { !$0.hasPrefix(" ") } }
}
