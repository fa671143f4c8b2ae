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

    /// Ends looked up together: their hash slots are loaded first, so the cache misses of a
    /// batch overlap instead of coming one after the other.
    static let batch = 32

    /// The node at each edge's source and target (`unresolved` where not found), and the
    /// indexes in `ends` of the ends not found, in order. `tasks`: how many (by default, from
    /// the number of edges).
    static func resolve(_ ends: [EdgeEnd], file: UnsafeBufferPointer<UInt8>, builder: GraphBuilder, tasks: Int? = nil)
        -> (sources: [NodeID], targets: [NodeID], unresolved: [Int]) {
        let edgeCount = ends.count / 2
        let tasks = max(1, min(tasks ?? edgeCount / edgesPerTask, 8, edgeCount))
        var unresolved = [[Int]](repeating: [], count: tasks)
        var targets: [NodeID] = []
        let sources = [NodeID](unsafeUninitializedCapacity: edgeCount) { sources, initialized in
            HugePages.advise(sources)
            targets = [NodeID](unsafeUninitializedCapacity: edgeCount) { targets, initialized in
                HugePages.advise(targets)
                unresolved.withUnsafeMutableBufferPointer { unresolved in
                    ends.withUnsafeBufferPointer { ends in
                        let output = (SendablePointer(sources.baseAddress!), SendablePointer(targets.baseAddress!),
                                      SendablePointer(unresolved.baseAddress!))
                        let input = SendableBuffer(ends), bytes = SendableBuffer(file)
                        let pool = builder.arena.strings, ids = builder.idIndex
                        let resolveTask: @Sendable (Int) -> Void = { task in
                            let edges = edgeCount * task / tasks..<edgeCount * (task + 1) / tasks
                            output.2.pointer[task] = resolve(input.buffer, edges: edges, file: bytes.buffer, pool: pool, ids: ids,
                                                             sources: output.0.pointer, targets: output.1.pointer)
                        }
                        if tasks == 1 {
                            resolveTask(0)
                        } else {
                            DispatchQueue.concurrentPerform(iterations: tasks, execute: resolveTask)
                        }
                    }
                }
                initialized = edgeCount
            }
            initialized = edgeCount
        }
        return (sources, targets, unresolved.flatMap { $0 })
    }

    static let unresolved = NodeID(UInt32.max)

    private static func resolve(_ ends: UnsafeBufferPointer<EdgeEnd>, edges: Range<Int>, file: UnsafeBufferPointer<UInt8>,
                                pool: StringPool, ids: IDIndex,
                                sources: UnsafeMutablePointer<NodeID>, targets: UnsafeMutablePointer<NodeID>) -> [Int] {
        let base = UnsafeRawPointer(file.baseAddress!)
        var missing: [Int] = []
        var hashes = [UInt64](repeating: 0, count: 2 * batch)
        return pool.withLookup { lookup in
            hashes.withUnsafeMutableBufferPointer { hashes in
                func bytes(_ end: EdgeEnd) -> UnsafeRawBufferPointer {
                    let content = end.content
                    return UnsafeRawBufferPointer(start: base + content.lowerBound, count: content.count)
                }
                var strings = [UInt32](repeating: 0, count: 2 * batch)
                var first = edges.lowerBound
                while first < edges.upperBound {
                    let last = min(first + batch, edges.upperBound)
                    let looked = 2 * first..<2 * last
                    // Each step of a lookup for the whole batch before the next step, so that the
                    // cache misses of a batch overlap instead of coming one after the other: the
                    // slots, then the bytes the slots point at, then the strings' nodes.
                    var touched: UInt32 = 0
                    for index in looked where !ends[index].isSpelled && !ends[index].repeatsSource {
                        let hash = StringPool.hash(bytes(ends[index]))
                        hashes[index - looked.lowerBound] = hash
                        touched &+= lookup.touch(hash)
                    }
                    for index in looked where !ends[index].isSpelled && !ends[index].repeatsSource {
                        touched &+= lookup.touchBytes(hashes[index - looked.lowerBound], count: ends[index].content.count)
                    }
                    for index in looked where !ends[index].isSpelled && !ends[index].repeatsSource {
                        let string = lookup.find(bytes(ends[index]), hash: hashes[index - looked.lowerBound]) ?? UInt32.max
                        strings[index - looked.lowerBound] = string
                        if string != UInt32.max { touched &+= ids.touch(string) }
                    }
                    for edge in first..<last {
                        for index in 2 * edge...2 * edge + 1 {
                            let end = ends[index]
                            var node = Self.unresolved
                            if end.isSpelled {
                                // left for the parser
                            } else if end.repeatsSource && edge > edges.lowerBound {
                                node = sources[edge - 1]
                            } else if end.repeatsSource {
                                node = lookup.find(bytes(end), hash: StringPool.hash(bytes(end))).flatMap { ids.node(forString: $0) } ?? Self.unresolved
                            } else {
                                let string = strings[index - looked.lowerBound]
                                node = string == UInt32.max ? Self.unresolved : ids.node(forString: string) ?? Self.unresolved
                            }
                            if node == Self.unresolved { missing.append(index) }
                            if index & 1 == 0 { sources[edge] = node } else { targets[edge] = node }
                        }
                    }
                    // Uses the loaded values, so the compiler keeps the loads (the test is almost never
                    // true, and harmless when it is).
                    if touched == 0x5EED_5EED { missing.reserveCapacity(missing.count + 1) }
                    first = last
                }
                return missing
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
