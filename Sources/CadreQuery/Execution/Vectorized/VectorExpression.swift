import CadreGraph

/// An expression compiled to a kernel over a batch: `evaluate` fills the positions in
/// `selection` of a vector as long as the batch (other positions are left null). Kernels are
/// immutable; what a run keeps (constants, columns, memos) lives in its `VectorRun`.
class VectorExpression {
    func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        fatalError("subclass")
    }

    /// The value when it is the same for every row (see `ConstantKernel`).
    func constant(_ run: VectorRun) throws -> Scalar? { nil }
}

/// An expression that reads no variable: evaluated once per run by the row engine's evaluator
/// (literals, parameters, `date('2016-01-01')`, arithmetic on them).
final class ConstantKernel: VectorExpression {
    let evaluator: Evaluator

    init(_ evaluator: @escaping Evaluator) { self.evaluator = evaluator }

    override func constant(_ run: VectorRun) throws -> Scalar? {
        try run.constant(self) { try evaluator([], run.context) }
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let scalar = try constant(run)!
        var vector = Vector(count: batch.count)
        for row in selection { vector.set(Int(row), scalar.value, run.graph) }
        return vector
    }
}

/// A node or relationship variable of the pattern.
final class EntityKernel: VectorExpression {
    let slot: Int
    let tag: UInt8

    init(slot: Int, tag: UInt8) {
        self.slot = slot
        self.tag = tag
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let handles = batch.entities[slot]
        for row in selection {
            vector.tags[Int(row)] = tag
            vector.payloads[Int(row)] = UInt64(handles[Int(row)])
        }
        return vector
    }
}

/// `n.key` or `r.key` for a pattern variable: gathered from the store's column of the key.
final class PropertyKernel: VectorExpression {
    let slot: Int
    let edges: Bool
    let key: String

    init(slot: Int, edges: Bool, key: String) {
        self.slot = slot
        self.edges = edges
        self.key = key
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        guard let column = run.column(key, edges: edges) else { return vector }
        let handles = batch.entities[slot]
        column.tags.withUnsafeBufferPointer { tags in
            column.payloads.withUnsafeBufferPointer { payloads in
                vector.tags.withUnsafeMutableBufferPointer { outTags in
                    vector.payloads.withUnsafeMutableBufferPointer { outPayloads in
                        handles.withUnsafeBufferPointer { handles in
                            for row in selection {
                                let handle = Int(handles[Int(row)])
                                outTags[Int(row)] = tags[handle]
                                outPayloads[Int(row)] = payloads[handle]
                            }
                        }
                    }
                }
            }
        }
        if column.uniform == nil || column.uniform == .other {
            // Lists and maps are read from the store as values.
            for row in selection where vector.tags[Int(row)] == VectorTag.other {
                let handle = handles[Int(row)]
                let graph = run.graph
                let value = edges ? graph.property(of: EdgeID(handle), key) : graph.property(of: NodeID(handle), key)
                vector.set(Int(row), value ?? .null, graph)
            }
        }
        return vector
    }
}

/// `type(r)` for a relationship variable: each type's name encoded once per batch.
final class TypeKernel: VectorExpression {
    let slot: Int

    init(slot: Int) { self.slot = slot }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let types = graph.edgeTypes
        // Each type's name encoded once: (tag, payload) by type symbol, tag 255 not yet.
        var encoded = [(tag: UInt8, payload: UInt64)](repeating: (255, 0), count: graph.types.count)
        let handles = batch.entities[slot]
        for row in selection {
            let type = types[Int(handles[Int(row)])].index
            if encoded[type].tag == 255 {
                vector.set(Int(row), .string(graph.types.name(Symbol(UInt32(type)))), graph)
                encoded[type] = (vector.tags[Int(row)], vector.payloads[Int(row)])
            }
            vector.tags[Int(row)] = encoded[type].tag
            vector.payloads[Int(row)] = encoded[type].payload
        }
        return vector
    }
}

/// `x.year`, `x.month`, `x.day` of a date; anything else through the row engine's rule.
final class ComponentKernel: VectorExpression {
    let base: VectorExpression
    let key: String
    let range: SourceRange

    init(base: VectorExpression, key: String, range: SourceRange) {
        self.base = base
        self.key = key
        self.range = range
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let input = try base.evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        let component: Int? = switch key.lowercased() {
        case "year": 0
        case "month": 1
        case "day": 2
        default: nil
        }
        var rest: [Int32] = []
        vector.tags.withUnsafeMutableBufferPointer { tags in
            vector.payloads.withUnsafeMutableBufferPointer { payloads in
                for row in selection {
                    let index = Int(row)
                    let tag = input.tags[index]
                    if let component, tag == VectorTag.date {
                        let date = PartialDate(raw: UInt32(truncatingIfNeeded: input.payloads[index]))
                        let number: Int? = component == 0 ? date.year : (component == 1 ? date.month : date.day)
                        if let number {
                            tags[index] = VectorTag.int
                            payloads[index] = UInt64(bitPattern: Int64(number))
                        }
                    } else if tag != VectorTag.null {
                        rest.append(row)
                    }
                }
            }
        }
        for row in rest {
            let index = Int(row)
            vector.set(index, try Operations.property(input.value(at: index, run.graph), key, run.graph, range), run.graph)
        }
        return vector
    }
}

/// Any other expression: the row engine's evaluator, on each selected row built as the row
/// engine would hold it. What keeps every expression available to the vectorized plans.
final class RowKernel: VectorExpression {
    let evaluator: Evaluator
    let kinds: [UInt8]
    let width: Int

    init(_ evaluator: @escaping Evaluator, kinds: [UInt8], width: Int) {
        self.evaluator = evaluator
        self.kinds = kinds
        self.width = width
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        for row in selection {
            let values = run.materialize(batch, Int(row), kinds: kinds, width: width)
            vector.set(Int(row), try evaluator(values, run.context), run.graph)
        }
        return vector
    }
}
