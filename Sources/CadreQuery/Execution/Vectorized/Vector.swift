import CadreGraph

/// What a position of a `Vector` holds: the store's column tags (`PropertyColumn.Tag`), then
/// the kinds a query adds. Plain bytes, so a kernel's loop compares integers.
enum VectorTag {
    static let null: UInt8 = 0
    static let bool: UInt8 = 1
    static let int: UInt8 = 2
    static let float: UInt8 = 3
    /// Payload: the string's index among the graph's strings.
    static let string: UInt8 = 4
    static let date: UInt8 = 5
    /// A list or map in the store: gathers read it as a value instead (never left in a vector).
    static let other: UInt8 = 6
    static let node: UInt8 = 7
    static let edge: UInt8 = 8
    /// Payload: an index into the vector's `boxed` values (anything else: strings the graph
    /// does not hold, lists, maps, paths).
    static let boxed: UInt8 = 9
    /// A relationship type's name (`type(r)`); payload: the type's symbol. Equal names, equal
    /// symbols, so it groups and compares for equality unboxed.
    static let typeName: UInt8 = 10
    /// A list kept in columns (`Vector.lists`); payload: the list's index there. Only a vector's
    /// own lists: whatever keeps a value past the vector takes `value(at:_:)`.
    static let list: UInt8 = 11
}

/// The lists of a vector, unboxed: list `i` holds the items at `offsets[i]..<offsets[i + 1]`
/// of the item columns (tags and payloads as a vector holds them, never `VectorTag.list`).
struct ListColumn {
    var offsets: [Int32] = [0]
    var tags: [UInt8] = []
    var payloads: [UInt64] = []
    var boxed: [Value] = []

    /// The number of items of list `index`.
    func count(_ index: Int) -> Int { Int(offsets[index + 1] - offsets[index]) }

    func items(_ index: Int) -> Range<Int> { Int(offsets[index])..<Int(offsets[index + 1]) }

    /// Ends the list whose items were appended since the last one ended; returns its index.
    mutating func close() -> Int {
        offsets.append(Int32(tags.count))
        return offsets.count - 2
    }
}

/// One column of a batch: a tag and a 64-bit payload per row (see `VectorTag`), so integers,
/// dates, booleans, stored strings, nodes and edges travel unboxed.
struct Vector {
    var tags: [UInt8]
    var payloads: [UInt64]
    var boxed: [Value] = []
    var lists = ListColumn()

    init(count: Int) {
        tags = [UInt8](repeating: VectorTag.null, count: count)
        payloads = [UInt64](repeating: 0, count: count)
    }

    /// The value at `row`, as the row engine holds it.
    func value(at row: Int, _ graph: Graph) -> Value {
        if tags[row] == VectorTag.list {
            let list = Int(payloads[row])
            return .list(lists.items(list).map { Self.value(lists.tags[$0], lists.payloads[$0], lists.boxed, graph) })
        }
        return Self.value(tags[row], payloads[row], boxed, graph)
    }

    /// The same, a stored string made through a borrowed pool (no retain per string).
    func value(at row: Int, _ graph: Graph, _ strings: StoredStrings) -> Value {
        let tag = tags[row]
        return tag == VectorTag.string ? .string(strings.string(UInt32(truncatingIfNeeded: payloads[row]))) : value(at: row, graph)
    }

    /// The value a tag and payload stand for (boxed values from `boxed`; not a list's tag).
    static func value(_ tag: UInt8, _ payload: UInt64, _ boxed: [Value], _ graph: Graph) -> Value {
        switch tag {
        case VectorTag.bool: .bool(payload != 0)
        case VectorTag.int: .int(Int64(bitPattern: payload))
        case VectorTag.float: .float(Double(bitPattern: payload))
        case VectorTag.string: .string(graph.string(at: UInt32(truncatingIfNeeded: payload)))
        case VectorTag.date: .date(PartialDate(raw: UInt32(truncatingIfNeeded: payload)))
        case VectorTag.node: .node(NodeID(UInt32(truncatingIfNeeded: payload)))
        case VectorTag.edge: .edge(EdgeID(UInt32(truncatingIfNeeded: payload)))
        case VectorTag.boxed: boxed[Int(payload)]
        case VectorTag.typeName: .string(graph.types.name(Symbol(UInt32(truncatingIfNeeded: payload))))
        default: .null
        }
    }

    /// Stores `value` at `row`, unboxed when it can be (a string the graph holds becomes its index).
    mutating func set(_ row: Int, _ value: Value, _ graph: Graph) {
        set(row, Scalar(value, graph))
    }

    /// The same, through a borrowed pool of stored strings.
    mutating func set(_ row: Int, _ value: Value, _ strings: StoredStrings) {
        set(row, Scalar(value, strings))
    }

    @inline(__always)
    mutating func set(_ row: Int, _ scalar: Scalar) {
        let value = scalar.value
        if scalar.tag == VectorTag.boxed {
            box(row, value)
        } else {
            tags[row] = scalar.tag
            payloads[row] = scalar.payload
        }
    }

    /// Calls `body` with this vector's tags and payloads to write and `input`'s to read, all
    /// through pointers (an array written per row costs a uniqueness check per write).
    mutating func withWords<R>(reading input: Vector,
                               _ body: (UnsafeMutableBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt64>,
                                        UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt64>) -> R) -> R {
        tags.withUnsafeMutableBufferPointer { tags in
            payloads.withUnsafeMutableBufferPointer { payloads in
                input.tags.withUnsafeBufferPointer { inputTags in
                    input.payloads.withUnsafeBufferPointer { inputPayloads in body(tags, payloads, inputTags, inputPayloads) }
                }
            }
        }
    }

    /// Stores a value known to travel boxed (`Scalar` gave it no word of its own).
    mutating func box(_ row: Int, _ value: Value) {
        tags[row] = VectorTag.boxed
        payloads[row] = UInt64(boxed.count)
        boxed.append(value)
    }

    mutating func setBool(_ row: Int, _ flag: Bool?) {
        if let flag {
            tags[row] = VectorTag.bool
            payloads[row] = flag ? 1 : 0
        } else {
            tags[row] = VectorTag.null
        }
    }

    /// True at `row` only for the boolean true.
    @inline(__always)
    func isTrue(_ row: Int) -> Bool { tags[row] == VectorTag.bool && payloads[row] != 0 }
}

/// One value in the vector encoding, with the value itself (constants, group keys).
struct Scalar {
    var tag: UInt8
    var payload: UInt64
    var value: Value

    init(_ value: Value, _ graph: Graph) {
        self.init(value) { graph.stringIndex(of: $0) }
    }

    /// The same, stored strings looked up through a borrowed pool (no retain per string).
    init(_ value: Value, _ strings: StoredStrings) {
        self.init(value) { strings.index(of: $0) }
    }

    @inline(__always)
    private init(_ value: Value, stringIndex: (String) -> UInt32?) {
        self.value = value
        switch value {
        case .null: (tag, payload) = (VectorTag.null, 0)
        case .bool(let flag): (tag, payload) = (VectorTag.bool, flag ? 1 : 0)
        case .int(let number): (tag, payload) = (VectorTag.int, UInt64(bitPattern: number))
        case .float(let number): (tag, payload) = (VectorTag.float, number.bitPattern)
        case .string(let text):
            if let index = stringIndex(text) { (tag, payload) = (VectorTag.string, UInt64(index)) } else { (tag, payload) = (VectorTag.boxed, 0) }
        case .date(let date): (tag, payload) = (VectorTag.date, UInt64(date.raw))
        case .node(let node): (tag, payload) = (VectorTag.node, UInt64(node.raw))
        case .edge(let edge): (tag, payload) = (VectorTag.edge, UInt64(edge.raw))
        default: (tag, payload) = (VectorTag.boxed, 0)
        }
    }
}

/// Rows in columns: per slot, the node or edge handle bound to it (`entities`; `Batch.null`
/// where an OPTIONAL MATCH found nothing), or any value (`values`, for what a projection, an
/// aggregation or UNWIND computed). A slot nothing has bound yet has neither (empty arrays).
/// Which of the two a slot uses is its kind (`VectorTag.node`, `.edge`, or `.boxed` for values).
struct Batch {
    /// The handle of a node or relationship an OPTIONAL MATCH left null.
    static let null = UInt32.max

    var count: Int
    var entities: [[UInt32]]
    var values: [Vector]

    init(width: Int) {
        count = 0
        entities = [[UInt32]](repeating: [], count: width)
        values = [Vector](repeating: Vector(count: 0), count: width)
    }

    /// Every row, in order.
    var all: [Int32] { (0..<Int32(count)).map { $0 } }

    /// True when `slot` holds values (not handles) in this batch.
    func holdsValues(_ slot: Int) -> Bool { slot < values.count && !values[slot].tags.isEmpty }

    /// Row `row` as the row engine holds it, `kinds.count` wide: handles as nodes or edges (by
    /// `kinds`), values as they are, null where nothing is bound.
    func row(_ row: Int, kinds: [UInt8], _ graph: Graph) -> Row {
        var result = Row(repeating: .null, count: kinds.count)
        for slot in 0..<min(kinds.count, entities.count) {
            if !entities[slot].isEmpty {
                let handle = entities[slot][row]
                if handle == Batch.null { continue }
                result[slot] = kinds[slot] == VectorTag.edge ? .edge(EdgeID(handle)) : .node(NodeID(handle))
            } else if !values[slot].tags.isEmpty {
                result[slot] = values[slot].value(at: row, graph)
            }
        }
        return result
    }
}

extension Vector {
    /// The positions in `selection`, in order, as a vector of their own (boxed values shared).
    func gathered(_ selection: [Int32]) -> Vector {
        var result = Vector(count: 0)
        result.tags = tags.withUnsafeBufferPointer { tags in selection.map { tags[Int($0)] } }
        result.payloads = payloads.withUnsafeBufferPointer { payloads in selection.map { payloads[Int($0)] } }
        result.boxed = boxed
        result.lists = lists
        return result
    }

    /// The positions in `range`.
    func sliced(_ range: Range<Int>) -> Vector {
        var result = Vector(count: 0)
        result.tags = Array(tags[range])
        result.payloads = Array(payloads[range])
        result.boxed = boxed
        result.lists = lists
        return result
    }

    /// Appends `value` as one more position.
    mutating func append(_ value: Value, _ graph: Graph) {
        tags.append(VectorTag.null)
        payloads.append(0)
        set(tags.count - 1, value, graph)
    }

    /// The same, through a borrowed pool of stored strings.
    mutating func append(_ value: Value, _ strings: StoredStrings) {
        tags.append(VectorTag.null)
        payloads.append(0)
        set(tags.count - 1, value, strings)
    }
}

extension Batch {
    /// The rows in `range`, as a batch of their own.
    func slice(_ range: Range<Int>) -> Batch {
        if range.count == count { return self }
        var result = Batch(width: entities.count)
        result.count = range.count
        for slot in entities.indices where !entities[slot].isEmpty { result.entities[slot] = Array(entities[slot][range]) }
        for slot in values.indices where !values[slot].tags.isEmpty { result.values[slot] = values[slot].sliced(range) }
        return result
    }

    /// The rows in `selection` (ascending, each once), as a batch of their own.
    func compacted(_ selection: [Int32]) -> Batch {
        if selection.count == count { return self }
        return gathered(selection)
    }

    /// The rows `selection` names, in that order, a row as often as named.
    func gathered(_ selection: [Int32]) -> Batch {
        var result = Batch(width: entities.count)
        result.count = selection.count
        for slot in entities.indices where !entities[slot].isEmpty {
            result.entities[slot] = entities[slot].withUnsafeBufferPointer { column in selection.map { column[Int($0)] } }
        }
        for slot in values.indices where !values[slot].tags.isEmpty { result.values[slot] = values[slot].gathered(selection) }
        return result
    }
}
