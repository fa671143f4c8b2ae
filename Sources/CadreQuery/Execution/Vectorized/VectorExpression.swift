import CadreGraph

/// An expression compiled to a kernel over a batch: `evaluate` fills the positions in
/// `selection` of a vector as long as the batch (other positions are left null). Kernels are
/// immutable; what a run keeps (constants, columns, memos) lives in its `VectorRun`.
class VectorExpression {
    func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        fatalError("subclass")
    }

    /// The kernels this one reads.
    var children: [VectorExpression] { [] }

    /// True when the kernel and those it reads keep nothing between rows outside the run, so
    /// workers may run it at once, each with its own `VectorRun` (not `RowKernel`).
    var runsAnywhere: Bool { children.allSatisfy(\.runsAnywhere) }

    /// True when the kernel computes each row from words (numbers, dates, stored strings'
    /// indexes), never through the row engine nor making a value per row: a table of results
    /// by distinct inputs (`MemoKernel`) would cost more than computing them.
    var computesOnWords: Bool { false }

    /// The value when it is the same for every row (see `ConstantKernel`).
    func constant(_ run: VectorRun) throws -> Scalar? { nil }

    /// The rows of `selection` where the expression is true, and those where it is null, in
    /// order; a value of another type is the row engine's type error at `range`. What WHERE
    /// needs: kernels that can decide a row without building a vector override it.
    func select(_ batch: Batch, _ selection: [Int32], _ run: VectorRun, range: SourceRange) throws -> (true: [Int32], null: [Int32]) {
        let truth = try evaluate(batch, selection, run)
        var kept: [Int32] = [], unknown: [Int32] = []
        kept.reserveCapacity(selection.count)
        for row in selection {
            let tag = truth.tags[Int(row)]
            if tag == VectorTag.bool {
                if truth.payloads[Int(row)] != 0 { kept.append(row) }
            } else if tag == VectorTag.null {
                unknown.append(row)
            } else {
                _ = try Operations.truth(truth.value(at: Int(row), run.graph), range)
            }
        }
        return (kept, unknown)
    }
}

/// An expression that reads no variable: evaluated once per run by the row engine's evaluator
/// (literals, parameters, `date('2016-01-01')`, arithmetic on them).
final class ConstantKernel: VectorExpression {
    override var computesOnWords: Bool { true }

    let evaluator: Evaluator

    init(_ evaluator: @escaping Evaluator) { self.evaluator = evaluator }

    override func constant(_ run: VectorRun) throws -> Scalar? {
        try run.constant(self) { try evaluator([], run.context) }
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        if selection.isEmpty { return Vector(count: batch.count) }
        let scalar = try constant(run)!
        var vector = Vector(count: batch.count)
        if scalar.tag == VectorTag.boxed { vector.boxed = [scalar.value] }
        for row in selection {
            vector.tags[Int(row)] = scalar.tag
            vector.payloads[Int(row)] = 0
        }
        if scalar.tag != VectorTag.boxed { for row in selection { vector.payloads[Int(row)] = scalar.payload } }
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
        for row in selection where handles[Int(row)] != Batch.null {
            vector.tags[Int(row)] = tag
            vector.payloads[Int(row)] = UInt64(handles[Int(row)])
        }
        return vector
    }
}

/// A variable the batches hold as values (`Batch.values`): what a projection, an aggregation
/// or UNWIND bound to it.
final class ValueKernel: VectorExpression {
    let slot: Int

    init(slot: Int) { self.slot = slot }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        batch.holdsValues(slot) ? batch.values[slot] : Vector(count: batch.count)
    }
}

/// `n.key` or `r.key` for a pattern variable: gathered from the store's column of the key.
final class PropertyKernel: VectorExpression {
    override var computesOnWords: Bool { true }

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
        let handles = batch.entities[slot]
        guard let column = run.column(key, edges: edges, rows: selection.count) else {
            // No column yet: the few rows read from the store.
            if let symbol = run.graph.keys.lookup(key) {
                run.graph.readProperty(symbol, edges: edges, handles: handles, rows: selection,
                                       tags: &vector.tags, payloads: &vector.payloads)
                resolveOther(&vector, handles, selection, run)
            }
            return vector
        }
        column.withReader { column in
            vector.tags.withUnsafeMutableBufferPointer { outTags in
                vector.payloads.withUnsafeMutableBufferPointer { outPayloads in
                    handles.withUnsafeBufferPointer { handles in
                        for row in selection {
                            // A null entity (OPTIONAL MATCH, `UInt32.max`) has no properties.
                            let slot = column.slot(of: Int(handles[Int(row)]))
                            guard slot >= 0 else { continue }
                            outTags[Int(row)] = column.tags[slot]
                            outPayloads[Int(row)] = column.payloads[slot]
                        }
                    }
                }
            }
        }
        if column.uniform == nil || column.uniform == .other { resolveOther(&vector, handles, selection, run) }
        return vector
    }

    /// Lists and maps, read from the store as values.
    private func resolveOther(_ vector: inout Vector, _ handles: [UInt32], _ selection: [Int32], _ run: VectorRun) {
        for row in selection where vector.tags[Int(row)] == VectorTag.other {
            let handle = handles[Int(row)]
            let graph = run.graph
            let value = edges ? graph.property(of: EdgeID(handle), key) : graph.property(of: NodeID(handle), key)
            vector.set(Int(row), value ?? .null, graph)
        }
    }
}

/// `type(r)` for a relationship variable: the type's symbol, named only when a value is built.
final class TypeKernel: VectorExpression {
    let slot: Int

    init(slot: Int) { self.slot = slot }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let types = run.graph.edgeTypes
        let handles = batch.entities[slot]
        for row in selection where handles[Int(row)] != Batch.null {
            vector.tags[Int(row)] = VectorTag.typeName
            vector.payloads[Int(row)] = UInt64(types[Int(handles[Int(row)])].raw)
        }
        return vector
    }
}

/// A component of a date (`x.year`, `x.quarter`, `x.dayOfWeek`, ...) read from its packed word
/// (`PartialDate.raw`); anything else (a temporal value, a duration, a map) through the row
/// engine's rule.
final class ComponentKernel: VectorExpression {
    override var computesOnWords: Bool { children.allSatisfy(\.computesOnWords) }

    let base: VectorExpression
    let key: String
    let range: SourceRange
    /// The date component `key` names (case does not matter), nil for any other key.
    let component: DateComponent?

    enum DateComponent {
        case year, quarter, month, day
        /// Components of a day only: null for a partial date.
        case dayOfWeek, week, weekYear, ordinalDay, dayOfQuarter

        init?(_ key: String) {
            switch key.lowercased() {
            case "year": self = .year
            case "quarter": self = .quarter
            case "month": self = .month
            case "day": self = .day
            case "weekday", "dayofweek": self = .dayOfWeek
            case "week": self = .week
            case "weekyear": self = .weekYear
            case "ordinalday": self = .ordinalDay
            case "dayofquarter": self = .dayOfQuarter
            default: return nil
            }
        }

        /// The component of a packed date; nil when the date does not know it (the month of a
        /// year, the weekday of a month), as `Functions.temporalComponent` reads it.
        @inline(__always)
        func of(_ raw: UInt64) -> Int64? {
            // Year above bit 9, month in bits 5–8, day in 0–4, 0 for a part not known.
            let year = Int64(raw >> 9), month = Int64(raw >> 5 & 0xF), day = Int64(raw & 0x1F)
            switch self {
            case .year: return year
            case .month: return month == 0 ? nil : month
            case .quarter: return month == 0 ? nil : (month - 1) / 3 + 1
            case .day: return day == 0 ? nil : day
            default:
                guard day != 0 else { return nil }
                let epochDay = CivilCalendar.epochDay(year: year, month: month, day: day)
                switch self {
                case .dayOfWeek: return CivilCalendar.dayOfWeek(epochDay)
                case .week: return CivilCalendar.week(epochDay).week
                case .weekYear: return CivilCalendar.week(epochDay).year
                case .ordinalDay: return epochDay - CivilCalendar.epochDay(year: year, month: 1, day: 1) + 1
                default: return epochDay - CivilCalendar.epochDay(year: year, month: (month - 1) / 3 * 3 + 1, day: 1) + 1
                }
            }
        }
    }

    override var children: [VectorExpression] { [base] }

    init(base: VectorExpression, key: String, range: SourceRange) {
        self.base = base
        self.key = key
        self.range = range
        component = DateComponent(key)
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let input = try base.evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        var rest: [Int32] = []
        let component = self.component
        // The year, month and day are fields of the word (0: not known), read without a branch
        // per component: year above bit 9, month in bits 5–8, day in 0–4.
        let field: (shift: UInt64, mask: UInt64)? = switch component {
        case .year?: (9, 0x7F_FFFF)
        case .month?: (5, 0xF)
        case .day?: (0, 0x1F)
        default: nil
        }
        vector.withWords(reading: input) { tags, payloads, inputTags, inputPayloads in
            if let field {
                let year = component == .year
                for row in selection {
                    let index = Int(row)
                    let tag = inputTags[index]
                    if tag == VectorTag.date {
                        let number = inputPayloads[index] >> field.shift & field.mask
                        if number != 0 || year {
                            tags[index] = VectorTag.int
                            payloads[index] = number
                        }
                    } else if tag != VectorTag.null {
                        rest.append(row)
                    }
                }
                return
            }
            for row in selection {
                let index = Int(row)
                let tag = inputTags[index]
                if let component, tag == VectorTag.date {
                    if let number = component.of(inputPayloads[index] & 0xFFFF_FFFF) {
                        tags[index] = VectorTag.int
                        payloads[index] = UInt64(bitPattern: number)
                    }
                } else if tag != VectorTag.null {
                    rest.append(row)
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

    override var runsAnywhere: Bool { false }

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

/// `labels(n)` for a node of the match: one list per distinct set of labels in a batch, shared
/// by the rows that have it (so a function of it can be computed once per set).
final class LabelsKernel: VectorExpression {
    let slot: Int

    init(slot: Int) { self.slot = slot }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let graph = run.graph
        var known: [LabelSet: UInt64] = [:]
        var last: (labels: LabelSet, index: UInt64)? = nil
        // The last set's mask (the first 64 labels, when a set has no others): compared as one word.
        var lastMask: UInt64? = nil
        let handles = batch.entities[slot]
        let sets = graph.nodeLabelSets
        for row in selection where handles[Int(row)] != Batch.null {
            let handle = Int(handles[Int(row)])
            // Neighbouring rows mostly share their labels: the last set is tried first.
            if let mask = lastMask, handle < sets.count, sets[handle].isMask(mask) {
                vector.tags[Int(row)] = VectorTag.boxed
                vector.payloads[Int(row)] = last!.index
                continue
            }
            let labels = graph.labels(of: NodeID(UInt32(handle)))
            lastMask = labels.maskValue
            if let last, last.labels == labels {
                vector.tags[Int(row)] = VectorTag.boxed
                vector.payloads[Int(row)] = last.index
                continue
            }
            let index = known[labels] ?? {
                vector.boxed.append(.list(graph.labelNames(of: NodeID(handles[Int(row)])).map { .string($0) }))
                known[labels] = UInt64(vector.boxed.count - 1)
                return UInt64(vector.boxed.count - 1)
            }()
            vector.tags[Int(row)] = VectorTag.boxed
            vector.payloads[Int(row)] = index
            last = (labels, index)
        }
        return vector
    }
}

/// A scalar function of values kernels computed: its arguments as values per row, no row
/// built. A deterministic function of one argument is computed once per distinct argument in
/// a batch (`head(labels(n))` once per set of labels).
final class CallKernel: VectorExpression {
    let implementation: Functions.Implementation
    let arguments: [VectorExpression]
    let range: SourceRange
    /// The one argument that varies, when the others are constants and the function gives the
    /// same for the same arguments: the function runs once per distinct value of it in a batch
    /// (`substring(p.name, 0, 1)` once per name).
    let varying: Int?

    override var children: [VectorExpression] { arguments }

    init(_ implementation: @escaping Functions.Implementation, _ arguments: [VectorExpression], range: SourceRange, memoized: Bool) {
        self.implementation = implementation
        self.arguments = arguments
        self.range = range
        let varying = arguments.indices.filter { !(arguments[$0] is ConstantKernel) }
        self.varying = memoized && varying.count == 1 ? varying[0] : nil
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let inputs = try arguments.map { try $0.evaluate(batch, selection, run) }
        var vector = Vector(count: batch.count)
        let graph = run.graph
        return try graph.withStoredStrings { strings in
            guard let varying, let first = selection.first else {
                // One array of arguments, refilled per row.
                var values = [Value](repeating: .null, count: inputs.count)
                for row in selection {
                    for index in inputs.indices { values[index] = inputs[index].value(at: Int(row), graph, strings) }
                    vector.set(Int(row), try implementation(values, run.context, range), strings)
                }
                return vector
            }
            let input = inputs[varying]
            // The constants' values, the same in every row.
            var values = inputs.map { $0.value(at: Int(first), graph, strings) }
            // Each distinct input's result in this batch, by the input's words; given up when
            // the inputs hardly repeat (ids), where keeping them costs more than it saves.
            var memo = PairTable(capacity: 64)
            var results: [(tag: UInt8, payload: UInt64)] = []
            var memoizing = true, hits = 0
            var last = (tag: UInt8.max, payload: UInt64(0), result: (tag: UInt8(0), payload: UInt64(0)))
            for row in selection {
                let index = Int(row)
                let tag = input.tags[index], payload = input.payloads[index]
                if tag == last.tag && payload == last.payload {
                    vector.tags[index] = last.result.tag
                    vector.payloads[index] = last.result.payload
                    continue
                }
                if memoizing, let known = memo.value(UInt64(tag), payload) {
                    hits += 1
                    last = (tag, payload, results[Int(known)])
                    vector.tags[index] = last.result.tag
                    vector.payloads[index] = last.result.payload
                    continue
                }
                values[varying] = input.value(at: index, graph, strings)
                vector.set(index, try implementation(values, run.context, range), strings)
                last = (tag, payload, (vector.tags[index], vector.payloads[index]))
                guard memoizing else { continue }
                _ = memo.find(UInt64(tag), payload, orInsert: Int32(results.count))
                results.append(last.result)
                if results.count == Self.trial && hits * 8 < results.count { memoizing = false }
            }
            return vector
        }
    }

    /// Distinct inputs after which a batch stops keeping results when fewer than one in eight
    /// rows found theirs kept.
    static let trial = 256
}

/// `size(x)`: a list the vector holds in columns (`VectorTag.list`, what `collect` gives) is
/// counted without being built; anything else by the function itself.
final class SizeKernel: VectorExpression {
    let implementation: Functions.Implementation
    let argument: VectorExpression
    let range: SourceRange

    override var children: [VectorExpression] { [argument] }

    init(_ implementation: @escaping Functions.Implementation, _ argument: VectorExpression, range: SourceRange) {
        self.implementation = implementation
        self.argument = argument
        self.range = range
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let input = try argument.evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        var memo = run.memo(self)
        defer { run.setMemo(self, memo) }
        for row in selection {
            let index = Int(row)
            switch input.tags[index] {
            case VectorTag.null:
                continue
            case VectorTag.list:
                vector.tags[index] = VectorTag.int
                vector.payloads[index] = UInt64(input.lists.count(Int(input.payloads[index])))
            case VectorTag.string:
                // A stored string's length (in characters, which takes a walk over it) once per
                // run: kept as length + 1 by string index, 255 for a length it cannot keep.
                let string = Int(input.payloads[index])
                if string >= memo.count { memo.append(contentsOf: repeatElement(0, count: string + 1 - memo.count)) }
                if memo[string] == 0 {
                    let length = run.graph.string(at: UInt32(string)).count
                    memo[string] = length < 254 ? UInt8(length + 1) : 255
                }
                if memo[string] != 255 {
                    vector.tags[index] = VectorTag.int
                    vector.payloads[index] = UInt64(memo[string] - 1)
                    continue
                }
                vector.set(index, try implementation([input.value(at: index, run.graph)], run.context, range), run.graph)
            default:
                vector.set(index, try implementation([input.value(at: index, run.graph)], run.context, range), run.graph)
            }
        }
        return vector
    }
}

/// `coalesce(a, b, …)`: per row, the first argument that is not null, copied as it is held (no
/// value built, a stored string stays its index).
final class CoalesceKernel: VectorExpression {
    let arguments: [VectorExpression]

    override var children: [VectorExpression] { arguments }

    init(_ arguments: [VectorExpression]) { self.arguments = arguments }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        var open = selection
        for argument in arguments {
            // Every argument over every row, as the function's arguments are all evaluated
            // (an error in one is raised even where an earlier one decided).
            let input = try argument.evaluate(batch, selection, run)
            var stillOpen: [Int32] = []
            for row in open {
                let index = Int(row)
                switch input.tags[index] {
                case VectorTag.null:
                    stillOpen.append(row)
                case VectorTag.boxed, VectorTag.list:
                    vector.set(index, input.value(at: index, run.graph), run.graph)
                default:
                    vector.tags[index] = input.tags[index]
                    vector.payloads[index] = input.payloads[index]
                }
            }
            open = stillOpen
        }
        return vector
    }
}
