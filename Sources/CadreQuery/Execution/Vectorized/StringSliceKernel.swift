import CadreGraph
import Glibc

/// `left(s, n)`, `right(s, n)`, `substring(s, start[, length])` with constant bounds, and
/// `split(s, separator)[i]` with a constant separator and index (a field of a delimited text),
/// and `replace(s, search, replacement)` with constant strings, cut or spliced
/// from the string's UTF-8 bytes in place: no `String` made for the input, and none for a part
/// the graph holds (its index is the result). A part the graph does not hold is made once per
/// distinct bytes in a batch and boxed, so rows that share it share the box (grouping then
/// classes each box once). Characters are counted as scalars where every scalar stands alone
/// (ASCII, Latin-1, precomposed Vietnamese: `Functions.characterCount`'s rule); any other
/// text, value or bound goes to the function itself, row by row.
final class StringSliceKernel: VectorExpression {
    enum Cut { case left, right, substring, field, replace }

    let cut: Cut
    let implementation: Functions.Implementation
    let arguments: [VectorExpression]
    let range: SourceRange

    override var children: [VectorExpression] { arguments }

    /// Nil unless the function is one of the three and every argument but the first is a constant.
    init?(_ name: String, _ implementation: @escaping Functions.Implementation, _ arguments: [VectorExpression], range: SourceRange) {
        switch name {
        case "left" where arguments.count == 2: cut = .left
        case "right" where arguments.count == 2: cut = .right
        case "substring" where arguments.count == 2 || arguments.count == 3: cut = .substring
        case "replace" where arguments.count == 3: cut = .replace
        default: return nil
        }
        guard arguments.dropFirst().allSatisfy({ $0 is ConstantKernel }) else { return nil }
        self.implementation = implementation
        self.arguments = arguments
        self.range = range
    }

    /// `split(text, separator)[index]`, separator and index constants: `split` and `index` the
    /// row engine's rules (each raising at its own place) for what the bytes do not decide.
    init?(field text: VectorExpression, separator: VectorExpression, index: VectorExpression, split: @escaping Functions.Implementation,
          splitRange: SourceRange, range: SourceRange) {
        guard separator is ConstantKernel, index is ConstantKernel else { return nil }
        cut = .field
        arguments = [text, separator, index]
        self.range = range
        implementation = { values, context, _ in
            try Operations.index(try split([values[0], values[1]], context, splitRange), values[2], context.graph, range)
        }
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let input = try arguments[0].evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let constants = try arguments.dropFirst().map { try $0.constant(run)?.value ?? .null }
        // The scalars kept: from `first`, at most `count` (nil: to the end); from the end for right().
        var bounds: (first: Int, count: Int?)? = nil
        var separator: [UInt8] = [], replacement: [UInt8] = []
        if cut == .replace {
            // The text searched for (not empty) as `separator`; bounds unused.
            if case .string(let search) = constants[0], !search.isEmpty, case .string(let text) = constants[1] {
                separator = Array(search.utf8)
                replacement = Array(text.utf8)
                bounds = (0, nil)
            }
        } else if cut == .field {
            // The field's index (negative: from the end) as `first`; a separator that is not empty.
            if case .string(let text) = constants[0], !text.isEmpty, case .int(let index) = constants[1] {
                separator = Array(text.utf8)
                bounds = (Int(clamping: index), nil)
            }
        } else {
            let numbers = constants.map { value -> Int? in if case .int(let x) = value, x >= 0 { Int(clamping: x) } else { nil } }
            if numbers.allSatisfy({ $0 != nil }) {
                switch cut {
                case .left, .right: bounds = (0, numbers[0]!)
                default: bounds = (numbers[0]!, numbers.count > 1 ? numbers[1]! : nil)
                }
            }
        }
        var boxes = StringBoxes()
        var spliced: [UInt8] = []
        try graph.withStoredStrings { strings in
            for row in selection {
                let index = Int(row)
                let tag = input.tags[index]
                if tag == VectorTag.null { continue }
                var done = false
                if let bounds {
                    if cut == .replace {
                        done = try splice(input, index, separator, replacement, &spliced, &vector, &boxes, strings)
                    } else if tag == VectorTag.string {
                        done = keep(strings.bytes(UInt32(truncatingIfNeeded: input.payloads[index])), bounds, separator, index,
                                    &vector, &boxes, strings)
                    } else if tag == VectorTag.boxed, case .string(var text) = input.boxed[Int(input.payloads[index])] {
                        done = text.withUTF8 { keep($0, bounds, separator, index, &vector, &boxes, strings) }
                    }
                }
                if !done {
                    vector.set(index, try implementation([input.value(at: index, graph, strings)] + constants, run.context, range), strings)
                }
            }
        }
        return vector
    }

    /// Writes the part of `bytes` the bounds keep at `row`; false (nothing written) when the
    /// text has a scalar that may join its neighbours.
    @inline(__always)
    private func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ bounds: (first: Int, count: Int?), _ separator: [UInt8], _ row: Int,
                      _ vector: inout Vector, _ boxes: inout StringBoxes, _ strings: StoredStrings) -> Bool {
        if cut == .field {
            // No such field: null, as the index of a list past its end.
            guard let field = Self.field(bytes, separator, bounds.first) else { return true }
            return store(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[field]), row, &vector, &boxes, strings)
        }
        guard let part = Self.part(bytes, cut, bounds) else { return false }
        return store(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[part]), row, &vector, &boxes, strings)
    }

    /// `replace` of the string at `row` of `input`: the text as it is when `search` is not in
    /// it (a stored string keeps its index), else its bytes with each occurrence replaced
    /// (`output` a buffer reused from row to row). False for a value that is not a string.
    private func splice(_ input: Vector, _ row: Int, _ search: [UInt8], _ replacement: [UInt8], _ output: inout [UInt8],
                        _ vector: inout Vector, _ boxes: inout StringBoxes, _ strings: StoredStrings) throws -> Bool {
        func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
            output.removeAll(keepingCapacity: true)
            var start = 0
            search.withUnsafeBufferPointer { search in
                Self.forEachSeparator(bytes, search) { at in
                    output.append(contentsOf: bytes[start..<at])
                    output.append(contentsOf: replacement)
                    start = at + search.count
                    return true
                }
            }
            guard start > 0 else { return nil }
            output.append(contentsOf: bytes[start...])
            return output.withUnsafeBytes { store($0, row, &vector, &boxes, strings) }
        }
        switch input.tags[row] {
        case VectorTag.string:
            if run(strings.bytes(UInt32(truncatingIfNeeded: input.payloads[row]))) == nil {
                (vector.tags[row], vector.payloads[row]) = (VectorTag.string, input.payloads[row])
            }
            return true
        case VectorTag.boxed:
            guard case .string(var text) = input.boxed[Int(input.payloads[row])] else { return false }
            if text.withUTF8({ run($0) }) == nil { vector.box(row, .string(text)) }
            return true
        default:
            return false
        }
    }

    /// Writes the string `slice` spells at `row`: its index when the graph holds it, else boxed
    /// (once per distinct bytes in the batch).
    @inline(__always)
    private func store(_ slice: UnsafeRawBufferPointer, _ row: Int, _ vector: inout Vector, _ boxes: inout StringBoxes,
                       _ strings: StoredStrings) -> Bool {
        if let stored = strings.index(of: slice) {
            vector.tags[row] = VectorTag.string
            vector.payloads[row] = UInt64(stored)
            return true
        }
        vector.tags[row] = VectorTag.boxed
        vector.payloads[row] = UInt64(boxes.place(slice, in: &vector.boxed) { .string(String(decoding: slice, as: UTF8.self)) })
        return true
    }

    /// The byte range of field `index` (from 0; negative from the end) of `bytes` cut at each
    /// occurrence of `separator` (not empty; left to right, as `split` cuts), nil when there is
    /// no such field. Valid UTF-8 text matched as bytes: fields are whole scalars.
    static func field(_ bytes: UnsafeBufferPointer<UInt8>, _ separator: [UInt8], _ index: Int) -> Range<Int>? {
        separator.withUnsafeBufferPointer { separator in
            var wanted = index
            if index < 0 {
                // Fields are counted first: one more than the separators.
                var count = 1
                forEachSeparator(bytes, separator) { _ in count += 1; return true }
                wanted = count + index
                if wanted < 0 { return nil }
            }
            var field = 0, start = 0
            var found: Range<Int>? = nil
            forEachSeparator(bytes, separator) { at in
                if field == wanted {
                    found = start..<at
                    return false
                }
                field += 1
                start = at + separator.count
                return true
            }
            if found == nil && field == wanted { found = start..<bytes.count }
            return found
        }
    }

    /// Calls `body` with where each occurrence of `separator` starts, left to right, not
    /// overlapping, until it returns false.
    @inline(__always)
    private static func forEachSeparator(_ bytes: UnsafeBufferPointer<UInt8>, _ separator: UnsafeBufferPointer<UInt8>,
                                         _ body: (Int) -> Bool) {
        let first = separator[0], count = separator.count
        var at = 0
        while at + count <= bytes.count {
            if bytes[at] == first && (count == 1 || memcmp(bytes.baseAddress! + at, separator.baseAddress!, count) == 0) {
                if !body(at) { return }
                at += count
            } else {
                at += 1
            }
        }
    }

    /// The byte range of the part, counting scalars; nil when some scalar is not one that
    /// stands alone as a character (then characters and scalars may differ).
    static func part(_ bytes: UnsafeBufferPointer<UInt8>, _ cut: Cut, _ bounds: (first: Int, count: Int?)) -> Range<Int>? {
        // First the scalars are counted and checked; ASCII text needs no second walk.
        var index = 0, scalars = 0, ascii = true
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                guard lead >= 0x20 && lead < 0x7F else { return nil }
                index += 1
            } else if lead & 0xE0 == 0xC0, index + 1 < bytes.count {
                let scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                guard scalar >= 0xA0 && scalar < 0x300 else { return nil }
                index += 2
                ascii = false
            } else if lead & 0xF0 == 0xE0, index + 2 < bytes.count {
                let scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                guard scalar >= 0x1E00 && scalar < 0x1F00 else { return nil }
                index += 3
                ascii = false
            } else {
                return nil
            }
            scalars += 1
        }
        let low: Int, high: Int
        switch cut {
        case .left: (low, high) = (0, min(bounds.count!, scalars))
        case .right: (low, high) = (scalars - min(bounds.count!, scalars), scalars)
        default:
            low = min(bounds.first, scalars)
            high = bounds.count.map { low + min($0, scalars - low) } ?? scalars
        }
        if ascii { return low..<high }
        // The byte where scalar `target` starts, walking from scalar `from` at byte `at`.
        func offset(_ target: Int, from: Int, at: Int) -> Int {
            var (scalar, at) = (from, at)
            while scalar < target {
                let lead = bytes[at]
                at += lead < 0x80 ? 1 : (lead & 0xE0 == 0xC0 ? 2 : 3)
                scalar += 1
            }
            return at
        }
        let start = offset(low, from: 0, at: 0)
        return start..<offset(high, from: low, at: start)
    }
}

/// Strings the graph does not hold, boxed once per distinct bytes: the rows (or the memo
/// entries) that give equal strings share one box, so grouping classes each once. Found by
/// their bytes' hash and length (a `String`'s own hash normalizes it first); another string
/// of the same hash and length, rare, is boxed apart.
struct StringBoxes {
    private var table = PairTable(capacity: 64)

    /// The place in `boxed` of the string `bytes` spell; when new, `make()`'s value appended.
    mutating func place(_ bytes: UnsafeRawBufferPointer, in boxed: inout [Value], _ make: () -> Value) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        let hash = UInt64(UInt(bitPattern: hasher.finalize()))
        if let known = table.find(hash, UInt64(bytes.count), orInsert: Int32(boxed.count)), case .string(var other) = boxed[Int(known)],
           other.withUTF8({ $0.count == bytes.count && (bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0) }) {
            return Int(known)
        }
        boxed.append(make())
        return boxed.count - 1
    }
}
