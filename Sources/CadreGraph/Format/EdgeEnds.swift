import Dispatch

/// An edge end as a graph file writes it, kept while the file is parsed and resolved to its
/// node once every node is known: the bytes of a plain quoted id in the file, or the index of an
/// id written with escapes (kept spelled out beside the parser). Eight bytes per end.
struct EdgeEnd {
    /// Bit 63: spelled; bit 62: repeats the previous edge's source; bits 40..<62: the length;
    /// bits 0..<40: the offset in the file (or the spelled index).
    private let raw: UInt64

    private static let spelledBit: UInt64 = 1 << 63
    private static let repeatBit: UInt64 = 1 << 62
    private static let offsetMask: UInt64 = 1 << 40 - 1
    private static let lengthMask: UInt64 = 1 << 22 - 1

    /// The id in bytes `content` of the file; nil when the range does not fit (an id of 4 MiB,
    /// a file of a terabyte), for the caller to keep it spelled.
    init?(content: Range<Int>, repeatsSource: Bool) {
        guard UInt64(content.lowerBound) <= Self.offsetMask, UInt64(content.count) <= Self.lengthMask else { return nil }
        raw = UInt64(content.lowerBound) | UInt64(content.count) << 40 | (repeatsSource ? Self.repeatBit : 0)
    }

    init(spelled index: Int) { raw = Self.spelledBit | UInt64(index) }

    var isSpelled: Bool { raw & Self.spelledBit != 0 }
    /// A source whose bytes are the previous edge's source's: the same node.
    var repeatsSource: Bool { raw & Self.repeatBit != 0 }
    /// The file bytes of a plain end.
    var content: Range<Int> {
        let offset = Int(raw & Self.offsetMask)
        return offset..<offset + Int(raw >> 40 & Self.lengthMask)
    }
    /// The quoted id of a plain end, for errors.
    var range: SourceRange { SourceRange(start: content.lowerBound - 1, end: content.upperBound + 1) }
    var spelledIndex: Int { Int(raw & ~Self.spelledBit) }
}

/// Finds the nodes of plain edge ends in a finished builder: a read-only pass, split among the
/// cores for large files. Ends it cannot settle (spelled, absent from the pool as written, or
/// naming no node) are left for the parser, which normalizes them and reports the unknown ones.
enum EdgeEndResolver {
    /// Edges per task: below this, one thread does all. Dispatch spreads the tasks (at most
    /// eight) over the cores.
    static let edgesPerTask = 1 << 16

    /// Per end (two per edge: source, target), its node's raw handle, or `unresolved`.
    static let unresolved = UInt32.max

    static func resolve(_ ends: [EdgeEnd], file: UnsafeBufferPointer<UInt8>, builder: GraphBuilder) -> [UInt32] {
        let edgeCount = ends.count / 2
        let tasks = max(1, min(edgeCount / edgesPerTask, 8))
        return [UInt32](unsafeUninitializedCapacity: ends.count) { nodes, initialized in
            let output = SendablePointer(nodes.baseAddress!)
            ends.withUnsafeBufferPointer { ends in
                let input = SendableBuffer(ends), bytes = SendableBuffer(file)
                let pool = builder.arena.strings, ids = builder.idIndex
                let resolveTask: @Sendable (Int) -> Void = { task in
                    let edges = edgeCount * task / tasks..<edgeCount * (task + 1) / tasks
                    resolve(input.buffer, edges: edges, file: bytes.buffer, pool: pool, ids: ids, into: output.pointer)
                }
                if tasks == 1 {
                    resolveTask(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: tasks, execute: resolveTask)
                }
            }
            initialized = ends.count
        }
    }

    private static func resolve(_ ends: UnsafeBufferPointer<EdgeEnd>, edges: Range<Int>, file: UnsafeBufferPointer<UInt8>,
                                pool: StringPool, ids: IDIndex, into nodes: UnsafeMutablePointer<UInt32>) {
        let base = UnsafeRawPointer(file.baseAddress!)
        for edge in edges {
            for index in 2 * edge...2 * edge + 1 {
                let end = ends[index]
                if end.isSpelled {
                    nodes[index] = unresolved
                } else if end.repeatsSource && edge > edges.lowerBound {
                    nodes[index] = nodes[index - 2]
                } else {
                    let content = end.content
                    let bytes = UnsafeRawBufferPointer(start: base + content.lowerBound, count: content.count)
                    nodes[index] = pool.find(bytes).flatMap { ids.node(forString: $0) }?.raw ?? unresolved
                }
            }
        }
    }
}

/// A pointer handed to tasks that write disjoint parts of it.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// A buffer handed to tasks that only read it.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<T>
    init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
}
