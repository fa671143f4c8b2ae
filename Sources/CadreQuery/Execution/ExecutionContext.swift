import CadreGraph
import Glibc
import Synchronization

/// A flag another thread (the shell's SIGINT handler) sets to interrupt a running query.
public final class CancelFlag: Sendable {
    private let state = Atomic<Bool>(false)
    private let limit = Atomic<Int>(CancelFlag.defaultMemoryLimit)
    public init() {}

    /// How much memory a statement may take beyond what the process held when it began, in
    /// bytes (0: no limit); past it, the statement stops with an error and changes nothing.
    public var memoryLimit: Int {
        get { limit.load(ordering: .relaxed) }
        set { limit.store(max(0, newValue), ordering: .relaxed) }
    }

    /// Half the machine's memory: a runaway statement stops before the system starts to swap
    /// or kills the session (and its unsaved work).
    public static let defaultMemoryLimit: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size / 2 : 0
    }()
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
    /// Resident memory when the statement began, and how much more it may take (0: no limit).
    private let residentAtStart: Int
    private let memoryLimit: Int

    /// When the statement began (seconds and nanoseconds since 1970-01-01T00:00Z): what
    /// `date()`, `datetime.statement()` and the like read, the same all through the statement.
    let clock: (seconds: Int64, nano: Int64) = ExecutionContext.realtime()

    static func realtime() -> (seconds: Int64, nano: Int64) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return (Int64(now.tv_sec), Int64(now.tv_nsec) / 1000 * 1000)
    }

    init(graph: Graph, parameters: [String: Value], cancel: CancelFlag?) {
        self.graph = graph
        self.parameters = parameters
        self.cancel = cancel
        memoryLimit = cancel?.memoryLimit ?? 0
        residentAtStart = memoryLimit > 0 ? Self.residentBytes() : 0
    }

    /// Called per batch (a thousand rows' work): throws `interrupted` once the flag is set,
    /// and an error once the statement holds more memory than its limit.
    func checkCancelNow() throws {
        if let cancel, cancel.isSet { throw QueryError(.interrupted, "interrupted", at: .at(0)) }
        try checkMemory()
    }

    /// Called in loops; does what `checkCancelNow` does every 1024 calls.
    func checkCancel() throws {
        ticks &+= 1
        if ticks & 1023 == 0 { try checkCancelNow() }
    }

    private func checkMemory() throws {
        guard memoryLimit > 0 else { return }
        let grown = Self.residentBytes() - residentAtStart
        if grown > memoryLimit {
            throw QueryError(.runtime, "the statement took more than \(Self.describe(memoryLimit)) of memory and was stopped; "
                             + "nothing changed (:set memory SIZE sets the limit)", at: .at(0), detail: "MemoryLimitExceeded")
        }
    }

    /// The process's resident memory, from /proc (0 where there is none).
    static func residentBytes() -> Int {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 96)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? "\((Double(bytes) / Double(1 << 30) * 10).rounded() / 10) GB" : "\(bytes >> 20) MB"
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
    /// By slot. A scope mostly holds a handful of names: a search from the end beats hashing,
    /// and finds the newest of a name declared again (`declareShadowing`).
    private(set) var names: [String] = []
    /// The newest slot of each name, for the scopes of long scripts (hundreds of CREATE clauses),
    /// where a search per lookup would make compiling quadratic.
    private var newest: [String: Int] = [:]
    /// By slot; `.unknown` until set.
    private var kinds: [VariableKind] = []

    func kind(of name: String) -> VariableKind {
        slot(name).map { kinds[$0] } ?? .unknown
    }

    /// The kind of what slot `slot` holds, whatever name it goes by.
    func kind(atSlot slot: Int) -> VariableKind { slot < kinds.count ? kinds[slot] : .unknown }

    mutating func setKind(_ kind: VariableKind, for name: String) {
        if let slot = slot(name) { kinds[slot] = kind }
    }

    func slot(_ name: String) -> Int? { names.count <= 16 ? names.lastIndex(of: name) : newest[name] }

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
        newest[name] = names.count - 1
        return names.count - 1
    }

    /// Makes `name` invisible from here on (a WITH that does not pass it on): its slot stays,
    /// under a hidden name, and a later clause may declare the name anew.
    mutating func hide(_ name: String) {
        guard let slot = slot(name) else { return }
        let hidden = " \(slot)"
        names[slot] = hidden
        newest[name] = names.lastIndex(of: name)
        newest[hidden] = slot
    }

    /// Gives `name`'s slot the name `alias` (a WITH that renames a variable it does not also
    /// pass on under its own name).
    mutating func rename(_ name: String, to alias: String) {
        guard let slot = slot(name) else { return }
        names[slot] = alias
        newest[name] = names.lastIndex(of: name)
        newest[alias] = slot
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
