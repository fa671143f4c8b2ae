import CadreGraph

/// An expression whose only inputs are a few properties of the match's nodes and relationships,
/// computed once per distinct combination of their values in a run rather than once per row:
/// `toLower(p.given_name) = 'hùng'` runs `toLower` and the comparison once per given name, and
/// `p.family_name + ' ' + p.given_name` once per pair of names; each row looks its result up by
/// the values' words (a stored string's index, a date's packed word), as a columnar engine
/// evaluates an expression over a dictionary. The expression is the row engine's, with the
/// properties read as its variables (`VectorCompiler.memoized`).
///
/// Values that have no word of their own (lists, maps) are computed row by row; past
/// `capacity` distinct combinations, the new ones are too (a near-unique key gains nothing
/// from the table), the ones kept still answer.
final class MemoKernel: VectorExpression {
    let inputs: [VectorExpression]
    let evaluator: Evaluator
    /// The expression as kernels of its own (when they run on any worker): what computes every
    /// row once the table proves useless, its inputs rarely repeating (`duration.between(h.from,
    /// h.to)`: more than half of the first `trial` rows bring a new pair), or too many to keep
    /// (the table full).
    let fallback: VectorExpression?
    static let capacity = 1 << 16
    static let trial = 1 << 14
    static let shortTrial = 1 << 11

    override var children: [VectorExpression] { inputs + (fallback.map { [$0] } ?? []) }

    init(inputs: [VectorExpression], evaluator: @escaping Evaluator, fallback: VectorExpression?) {
        precondition(!inputs.isEmpty)
        self.inputs = inputs
        self.evaluator = evaluator
        self.fallback = fallback
    }

    /// Results by distinct inputs, kept across the batches of a run. With several inputs, the
    /// first input's value is numbered by `index`, and each further one by `index` again,
    /// keyed by the number so far with the next value (a chain of lookups of two words each).
    /// The first input's stored strings are numbered in `strings`, by the string's index.
    final class Table {
        var index = PairTable(capacity: 64)
        let strings = StringSlots()
        /// Numbers given to the combinations of the first inputs (all but the last).
        var prefixes: Int32 = 0
        var tags: [UInt8] = []
        /// An entry's result's word; for a boxed result, its place in `boxed`.
        var payloads: [UInt64] = []
        /// The boxed results, a string once however many entries give it (`CASE … THEN 'full'`
        /// over many inputs), so a batch boxes each once and grouping meets few boxes.
        var boxed: [Value] = []
        var boxedStrings = StringBoxes()
        /// Rows looked up so far, and whether the table was given up (see `fallback`).
        var rows = 0
        var bypassed = false

        /// The number kept for input `number`'s value (tag, payload) after the combination
        /// `prefix` of the inputs before it.
        @inline(__always)
        func value(_ number: Int, _ prefix: Int32, _ tag: UInt8, _ payload: UInt64) -> Int32? {
            if number == 0 && tag == VectorTag.string { return strings.value(payload) }
            let (word, second) = MemoKernel.key(number, prefix, tag, payload)
            return index.value(word, second)
        }

        func insert(_ number: Int, _ prefix: Int32, _ tag: UInt8, _ payload: UInt64, _ value: Int32) {
            if number == 0 && tag == VectorTag.string { return strings.set(payload, value) }
            let (word, second) = MemoKernel.key(number, prefix, tag, payload)
            _ = index.find(word, second, orInsert: value)
        }

        /// Keeps `result` as the next entry's.
        func append(_ result: Scalar) {
            tags.append(result.tag)
            guard result.tag == VectorTag.boxed else { return payloads.append(result.payload) }
            if case .string(var text) = result.value {
                return payloads.append(UInt64(text.withUTF8 { boxedStrings.place(UnsafeRawBufferPointer($0), in: &boxed) { result.value } }))
            }
            payloads.append(UInt64(boxed.count))
            boxed.append(result.value)
        }
    }

    /// An entry not in the table yet, keyed by its words.
    private static let absent: Int32 = -1
    /// A row whose inputs cannot be keyed: computed on its own.
    private static let unkeyed: Int32 = -2

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let table = run.state(self) { Table() }
        if let fallback {
            // Given up when more than half of the first rows bring a new input (nine in ten of
            // the first few batches: ids), or once the table is full: the inputs are then too
            // many for a table to keep.
            if !table.bypassed && ((table.rows >= Self.trial && table.tags.count * 2 > table.rows)
                                   || (table.rows >= Self.shortTrial && table.tags.count * 10 > table.rows * 9)
                                   || table.tags.count >= Self.capacity) {
                table.bypassed = true
            }
            if table.bypassed { return try fallback.evaluate(batch, selection, run) }
            table.rows += selection.count
        }
        let values = try inputs.map { try $0.evaluate(batch, selection, run) }
        var vector = Vector(count: batch.count)
        // A result boxed in this batch's vector, by its place in `table.boxed`: one box per
        // distinct result per batch (`UInt64.max`: not yet boxed here).
        var boxedHere: [UInt64] = []
        guard inputs.count == 1 else {
            try fill(&vector, values, selection, table, &boxedHere, run)
            return vector
        }
        // One input: each row in one loop over words, a value not in the table yet computed
        // (and kept) where it first appears, so the rows after it in the batch find it.
        let input = values[0]
        let graph = run.graph
        var boxes: [Value] = []
        var failure: (any Error)? = nil
        graph.withStoredStrings { strings in vector.withWords(reading: input) { tags, payloads, inputTags, inputPayloads in
            for row in selection {
                let at = Int(row)
                let tag = inputTags[at]
                let payload = tag == VectorTag.null ? 0 : inputPayloads[at]
                let keyed = tag != VectorTag.boxed && tag != VectorTag.list && tag != VectorTag.other
                var found = keyed ? table.value(0, 0, tag, payload) : nil
                if found == nil {
                    let result: Scalar
                    do {
                        result = Scalar(try evaluator([input.value(at: at, graph, strings)], run.context), strings)
                    } catch {
                        failure = error
                        return
                    }
                    if keyed && table.tags.count < Self.capacity {
                        found = Int32(table.tags.count)
                        table.insert(0, 0, tag, payload, found!)
                        table.append(result)
                    } else {
                        tags[at] = result.tag
                        payloads[at] = result.payload
                        if result.tag == VectorTag.boxed {
                            payloads[at] = UInt64(boxes.count)
                            boxes.append(result.value)
                        }
                        continue
                    }
                }
                let index = Int(found!)
                let resultTag = table.tags[index]
                tags[at] = resultTag
                if resultTag != VectorTag.boxed {
                    payloads[at] = table.payloads[index]
                    continue
                }
                let box = Int(table.payloads[index])
                if boxedHere.count <= box { boxedHere += repeatElement(.max, count: table.boxed.count - boxedHere.count) }
                if boxedHere[box] == .max {
                    boxedHere[box] = UInt64(boxes.count)
                    boxes.append(table.boxed[box])
                }
                payloads[at] = boxedHere[box]
            }
        } }
        if let failure { throw failure }
        vector.boxed = boxes
        return vector
    }

    /// Writes the results of the `selection`'s rows into `vector`, looking each up input by
    /// input and computing (and keeping) those not in the table yet.
    private func fill(_ vector: inout Vector, _ values: [Vector], _ selection: [Int32], _ table: Table,
                      _ boxedHere: inout [UInt64], _ run: VectorRun) throws {
        let graph = run.graph
        // Each selected row's entry, found input by input (a column at a time): the number of
        // its first inputs' combination while going, then its entry, `absent` or `unkeyed`.
        var entries = [Int32](repeating: 0, count: selection.count)
        // For an absent row: the number its last input is keyed with.
        var prefixes = [Int32](repeating: 0, count: inputs.count > 1 ? selection.count : 0)
        let last = inputs.count - 1
        for (number, input) in values.enumerated() {
            input.tags.withUnsafeBufferPointer { tags in
                input.payloads.withUnsafeBufferPointer { payloads in
                    for (position, row) in selection.enumerated() where entries[position] >= 0 {
                        let tag = tags[Int(row)]
                        guard tag != VectorTag.boxed && tag != VectorTag.list && tag != VectorTag.other else {
                            entries[position] = Self.unkeyed
                            continue
                        }
                        let prefix = entries[position]
                        let payload = tag == VectorTag.null ? 0 : payloads[Int(row)]
                        if let found = table.value(number, prefix, tag, payload) {
                            entries[position] = found
                        } else if number == last {
                            entries[position] = Self.absent
                            if last > 0 { prefixes[position] = prefix }
                        } else if table.prefixes < Self.capacity {
                            // A new combination of the first inputs, numbered for the rest to key on.
                            entries[position] = table.prefixes
                            table.insert(number, prefix, tag, payload, table.prefixes)
                            table.prefixes += 1
                        } else {
                            entries[position] = Self.unkeyed
                        }
                    }
                }
            }
        }
        var row = [Value](repeating: .null, count: inputs.count)
        let lastInput = values[last]
        for (position, selected) in selection.enumerated() {
            let at = Int(selected)
            var entry = entries[position]
            var key: (prefix: Int32, tag: UInt8, payload: UInt64)? = nil
            if entry == Self.absent {
                // Added since by an earlier row of this batch, or to be added now.
                let tag = lastInput.tags[at]
                key = (last > 0 ? prefixes[position] : 0, tag, tag == VectorTag.null ? 0 : lastInput.payloads[at])
                entry = table.value(last, key!.prefix, key!.tag, key!.payload) ?? Self.absent
            }
            if entry >= 0 {
                let index = Int(entry)
                let tag = table.tags[index]
                if tag != VectorTag.boxed {
                    vector.tags[at] = tag
                    vector.payloads[at] = table.payloads[index]
                } else {
                    let box = Int(table.payloads[index])
                    if boxedHere.count <= box { boxedHere += repeatElement(.max, count: table.boxed.count - boxedHere.count) }
                    if boxedHere[box] == .max {
                        vector.box(at, table.boxed[box])
                        boxedHere[box] = vector.payloads[at]
                    } else {
                        vector.tags[at] = VectorTag.boxed
                        vector.payloads[at] = boxedHere[box]
                    }
                }
                continue
            }
            let result = try graph.withStoredStrings { strings in
                for index in values.indices { row[index] = values[index].value(at: at, graph, strings) }
                return Scalar(try evaluator(row, run.context), strings)
            }
            if result.tag == VectorTag.boxed {
                vector.box(at, result.value)
            } else {
                vector.tags[at] = result.tag
                vector.payloads[at] = result.payload
            }
            if let key, table.tags.count < Self.capacity {
                table.insert(last, key.prefix, key.tag, key.payload, Int32(table.tags.count))
                table.append(result)
            }
        }
    }

    /// The words input `number` is looked up by: its tag, its number and the number of the
    /// combination of the inputs before it (0 for the first), and its payload.
    @inline(__always)
    fileprivate static func key(_ number: Int, _ prefix: Int32, _ tag: UInt8, _ payload: UInt64) -> (UInt64, UInt64) {
        (UInt64(tag) | UInt64(number) << 8 | UInt64(UInt32(bitPattern: prefix)) << 16, payload)
    }
}

/// Numbers kept by a stored string's index, in pages of 4,096 made when first written: a
/// lookup is two loads, where a hash table would hash and probe.
final class StringSlots {
    private static let shift = 12
    private static let pageSize = 1 << shift
    private var pages: [UnsafeMutablePointer<Int32>?] = []

    deinit {
        for page in pages { page?.deallocate() }
    }

    @inline(__always)
    func value(_ string: UInt64) -> Int32? {
        let page = Int(truncatingIfNeeded: string >> UInt64(Self.shift))
        guard page < pages.count, let slots = pages[page] else { return nil }
        let found = slots[Int(truncatingIfNeeded: string) & (Self.pageSize - 1)]
        return found < 0 ? nil : found
    }

    func set(_ string: UInt64, _ value: Int32) {
        precondition(value >= 0 && string <= UInt64(UInt32.max))
        let page = Int(truncatingIfNeeded: string >> UInt64(Self.shift))
        if page >= pages.count { pages += repeatElement(nil, count: page + 1 - pages.count) }
        if pages[page] == nil {
            let slots = UnsafeMutablePointer<Int32>.allocate(capacity: Self.pageSize)
            slots.initialize(repeating: -1, count: Self.pageSize)
            pages[page] = slots
        }
        pages[page]![Int(truncatingIfNeeded: string) & (Self.pageSize - 1)] = value
    }
}
