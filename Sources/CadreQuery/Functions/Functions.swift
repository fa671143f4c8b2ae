import CadreGraph
import Foundation

/// The built-in scalar functions, looked up by lower-cased name.
enum Functions {
    typealias Implementation = ([Value], ExecutionContext, SourceRange) throws -> Value

    struct Function {
        var arity: ClosedRange<Int>
        var implementation: Implementation
    }

    static let aggregates: Set<String> = ["count", "collect", "sum", "avg", "min", "max", "stdev", "stdevp",
                                          "percentilecont", "percentiledisc"]

    static func lookup(_ name: String) -> Function? { table[name.lowercased()] }

    /// Every function name in its usual spelling (camel case), aggregates included.
    static let names: [String] = [
        "abs", "acos", "asin", "atan", "atan2", "avg", "ceil", "coalesce", "collect", "cos", "cot", "count", "date", "datetime", "degrees", "duration", "during",
        "e", "earliest", "endNode", "exists", "exp", "floor", "fold", "head", "id", "keys", "labels", "last", "latest", "left", "length", "localdatetime", "localtime", "log",
        "log10", "ltrim", "max", "min", "nodes", "overlaps", "partialDate", "percentileCont", "percentileDisc", "pi", "precision", "properties", "radians", "rand",
        "range", "relationships", "replace", "reverse", "right", "round", "rtrim", "sign", "sin", "size", "split", "sqrt",
        "startNode", "stDev", "stDevP", "substring", "sum", "tail", "tan", "time", "timestamp", "toBoolean", "toFloat", "toInteger",
        "toLower", "toString", "toUpper", "trim", "type",
    ]

    /// The most items a list built by a function may have (about 400 MB of values).
    static let maximumListLength = 16_000_000

    static func argumentError(_ message: String, _ range: SourceRange) -> QueryError {
        QueryError(.type, message, at: range, detail: "InvalidArgumentType")
    }

    /// `toString` of a scalar.
    static func toStringText(_ value: Value) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .float(let number): Value.floatLiteral(number)
        case .bool(let flag): flag ? "true" : "false"
        case .date(let date): date.description
        case .temporal(let temporal): temporal.description
        case .duration(let duration): duration.description
        default: value.literal
        }
    }

    private static func number(_ value: Value, _ name: String, _ range: SourceRange) throws -> Double? {
        switch value {
        case .null: return nil
        case .int(let x): return Double(x)
        case .float(let x): return x
        default: throw argumentError("\(name)() needs a number, not \(value.typeName)", range)
        }
    }

    private static func string(_ value: Value, _ name: String, _ range: SourceRange) throws -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw argumentError("\(name)() needs a string, not \(value.typeName)", range)
        }
    }

    /// `text` without the spaces and tabs at its ends (Unicode's space separators and TAB, as
    /// Foundation's `.whitespaces`), read as scalars: no bridging.
    /// The characters (grapheme clusters) of `text`, as `String.count` counts them, without its
    /// grapheme breaking when every scalar is one that never joins a neighbour: printable ASCII,
    /// Latin-1 letters and signs up to the spacing modifiers (U+00A0–U+02FF), and the precomposed
    /// Latin of U+1E00–U+1EFF (all of Vietnamese in NFC). Anything else is counted by `count`.
    static func characterCount(_ text: String) -> Int {
        var scalars = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard (0x20..<0x7F).contains(value) || (0xA0..<0x300).contains(value) || (0x1E00..<0x1F00).contains(value) else {
                return text.count
            }
            scalars += 1
        }
        return scalars
    }

    static func trimmedWhitespace(_ text: String) -> String {
        let utf8 = text.utf8
        // The usual case: an ASCII character that is no space at each end.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        func space(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !space($0) }), let end = scalars.lastIndex(where: { !space($0) }) else { return "" }
        return String(scalars[start...end])
    }

    /// The parts of `text` between occurrences of `separator` (not empty), found as UTF-8 bytes:
    /// both are valid UTF-8, so a match starts and ends on scalar boundaries.
    static func splitBytes(_ text: String, _ separator: String) -> [String] {
        var parts: [String] = []
        let end = occurrences(of: separator, in: text) { bytes, part in
            parts.append(String(decoding: bytes[part], as: UTF8.self))
        }
        var text = text
        text.withUTF8 { parts.append(String(decoding: $0[end...], as: UTF8.self)) }
        return parts
    }

    /// `text` with each occurrence of `search` (not empty) replaced, left to right; the text
    /// itself (no copy) when there is none.
    static func replaceBytes(_ text: String, _ search: String, _ replacement: String) -> String {
        var output: [UInt8] = []
        var replacement = replacement
        let end = occurrences(of: search, in: text) { bytes, part in
            if output.isEmpty { output.reserveCapacity(bytes.count + 16) }
            output.append(contentsOf: bytes[part])
            replacement.withUTF8 { output.append(contentsOf: $0) }
        }
        guard end > 0 else { return text }
        var text = text
        text.withUTF8 { output.append(contentsOf: $0[end...]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Calls `body`, for each occurrence of `needle` (not empty; left to right, not
    /// overlapping), with the text's bytes and the range of the part before it since the last
    /// one; returns where the part after the last one starts (0 when none was found).
    /// Matching UTF-8 bytes of valid text finds whole scalars only.
    @inline(__always)
    private static func occurrences(of needle: String, in text: String,
                                    _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Void) -> Int {
        var text = text, needle = needle
        return text.withUTF8 { bytes in
            needle.withUTF8 { needle in
                guard let first = needle.first, needle.count <= bytes.count else { return 0 }
                var start = 0, index = 0
                let last = bytes.count - needle.count
                while index <= last {
                    if bytes[index] == first && memcmp(bytes.baseAddress! + index, needle.baseAddress!, needle.count) == 0 {
                        body(bytes, start..<index)
                        index += needle.count
                        start = index
                    } else {
                        index += 1
                    }
                }
                return start
            }
        }
    }

    private static func integer(_ value: Value, _ name: String, _ range: SourceRange) throws -> Int64? {
        switch value {
        case .null: return nil
        case .int(let x): return x
        default: throw argumentError("\(name)() needs an integer, not \(value.typeName)", range)
        }
    }

    private static func math(_ name: String, _ body: @escaping @Sendable (Double) -> Double) -> (String, Function) {
        (name, Function(arity: 1...1) { args, _, range in
            guard let x = try number(args[0], name, range) else { return .null }
            return .float(body(x))
        })
    }

    private static func stringFunction(_ name: String, _ body: @escaping @Sendable (String) -> String) -> (String, Function) {
        (name.lowercased(), Function(arity: 1...1) { args, _, range in
            guard let text = try string(args[0], name, range) else { return .null }
            return .string(body(text))
        })
    }

    nonisolated(unsafe) private static let table: [String: Function] = {
        var table: [String: Function] = [:]
        func add(_ name: String, _ arity: ClosedRange<Int>, _ body: @escaping Implementation) {
            table[name.lowercased()] = Function(arity: arity, implementation: body)
        }
        for (name, function) in [
            math("abs") { Swift.abs($0) }, math("sqrt") { $0.squareRoot() }, math("exp") { Foundation.exp($0) },
            math("log") { Foundation.log($0) }, math("log10") { Foundation.log10($0) }, math("sin") { Foundation.sin($0) },
            math("cos") { Foundation.cos($0) }, math("tan") { Foundation.tan($0) }, math("asin") { Foundation.asin($0) },
            math("acos") { Foundation.acos($0) }, math("atan") { Foundation.atan($0) }, math("cot") { 1 / Foundation.tan($0) },
            math("degrees") { $0 * 180 / .pi }, math("radians") { $0 * .pi / 180 },
            math("floor") { $0.rounded(.down) }, math("ceil") { $0.rounded(.up) },
            stringFunction("toLower") { $0.lowercased() }, stringFunction("toUpper") { $0.uppercased() },
            stringFunction("trim") { trimmedWhitespace($0) },
            stringFunction("ltrim") { String($0.drop { $0 == " " || $0 == "\t" }) },
            stringFunction("rtrim") { String($0.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) },
            stringFunction("fold") { Folding.fold($0) },
        ] { table[name] = function }

        add("abs", 1...1) { args, _, range in
            switch args[0] {
            case .int(let x):
                guard x != .min else { throw Operations.overflow(range) }
                return .int(Swift.abs(x))
            case .float(let x): return .float(Swift.abs(x))
            case .null: return .null
            default: throw argumentError("abs() needs a number", range)
            }
        }
        add("sign", 1...1) { args, _, range in
            guard let x = try number(args[0], "sign", range) else { return .null }
            return .int(x > 0 ? 1 : (x < 0 ? -1 : 0))
        }
        add("round", 1...3) { args, _, range in
            guard let x = try number(args[0], "round", range) else { return .null }
            if args.count == 1 { return .float((x + 0.5).rounded(.down)) }
            guard let places = try integer(args[1], "round", range) else { return .null }
            let factor = Foundation.pow(10, Double(places))
            return .float((x * factor).rounded(.toNearestOrAwayFromZero) / factor)
        }
        add("pi", 0...0) { _, _, _ in .float(.pi) }
        add("e", 0...0) { _, _, _ in .float(M_E) }
        add("rand", 0...0) { _, _, _ in .float(Double.random(in: 0..<1)) }
        add("atan2", 2...2) { args, _, range in
            guard let y = try number(args[0], "atan2", range), let x = try number(args[1], "atan2", range) else { return .null }
            return .float(Foundation.atan2(y, x))
        }
        add("timestamp", 0...0) { _, _, _ in .int(Int64(Date().timeIntervalSince1970 * 1000)) }
        for kind in [TemporalKind.date, .localTime, .time, .localDateTime, .dateTime] {
            add(kind.name, 0...1) { args, context, range in try construct(kind, args, clock: context.clock, range) }
            add(kind.name + ".truncate", 2...3) { args, _, range in try truncate(kind, args, range) }
            for clock in ["statement", "transaction", "realtime"] {
                add(kind.name + "." + clock, 0...1) { args, context, range in
                    if args.first?.isNull == true { return .null }
                    return try now(kind, zone: args.first, clock: clock == "realtime" ? ExecutionContext.realtime() : context.clock, range)
                }
            }
        }
        add("datetime.fromepoch", 2...2) { args, _, range in
            guard let seconds = try integer(args[0], "datetime.fromepoch", range),
                  let nanos = try integer(args[1], "datetime.fromepoch", range) else { return .null }
            let (carry, nano) = Duration.floorDivide(nanos, 1_000_000_000)
            let (instant, overflow) = seconds.addingReportingOverflow(carry)
            guard !overflow, let value = TemporalValue.at(instant: instant, nano: nano, zone: nil, offset: 0) else {
                throw temporalError("the instant is out of range", range)
            }
            return .temporal(value)
        }
        add("datetime.fromepochmillis", 1...1) { args, _, range in
            guard let millis = try integer(args[0], "datetime.fromepochmillis", range) else { return .null }
            let (seconds, rest) = Duration.floorDivide(millis, 1000)
            guard let value = TemporalValue.at(instant: seconds, nano: rest * 1_000_000, zone: nil, offset: 0) else {
                throw temporalError("the instant is out of range", range)
            }
            return .temporal(value)
        }
        add("partialDate", 1...1) { args, _, range in try partialDate(args[0], range) }
        add("earliest", 1...1) { args, _, range in try endDay(args[0], last: false, range) }
        add("latest", 1...1) { args, _, range in try endDay(args[0], last: true, range) }
        add("precision", 1...1) { args, _, range in try precision(args[0], range) }
        add("during", 3...3) { args, _, range in try during(args, range) }
        add("overlaps", 4...4) { args, _, range in try overlaps(args, range) }
        add("duration", 1...1) { args, _, range in try makeDuration(args, range) }
        add("duration.between", 2...2) { args, _, range in try difference(args, .all, range) }
        add("duration.inMonths", 2...2) { args, _, range in try difference(args, .months, range) }
        add("duration.inDays", 2...2) { args, _, range in try difference(args, .days, range) }
        add("duration.inSeconds", 2...2) { args, _, range in try difference(args, .seconds, range) }

        add("coalesce", 1...Int.max) { args, _, _ in args.first { !$0.isNull } ?? .null }
        add("size", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .list(let items): return .int(Int64(items.count))
            case .string(let text): return .int(Int64(characterCount(text)))
            case .map(let map): return .int(Int64(map.count))
            default: throw argumentError("size() needs a list or a string, not \(args[0].typeName)", range)
            }
        }
        add("length", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .path(let path): return .int(Int64(path.length))
            case .list(let items): return .int(Int64(items.count))
            case .string(let text): return .int(Int64(characterCount(text)))
            default: throw argumentError("length() needs a path, not \(args[0].typeName)", range)
            }
        }
        add("head", 1...1) { args, _, range in
            guard case .list(let items) = args[0] else {
                if args[0].isNull { return .null }
                throw argumentError("head() needs a list", range)
            }
            return items.first ?? .null
        }
        add("last", 1...1) { args, _, range in
            guard case .list(let items) = args[0] else {
                if args[0].isNull { return .null }
                throw argumentError("last() needs a list", range)
            }
            return items.last ?? .null
        }
        add("tail", 1...1) { args, _, range in
            guard case .list(let items) = args[0] else {
                if args[0].isNull { return .null }
                throw argumentError("tail() needs a list", range)
            }
            return .list(Array(items.dropFirst()))
        }
        add("reverse", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .list(let items): return .list(items.reversed())
            case .string(let text): return .string(String(text.reversed()))
            default: throw argumentError("reverse() needs a list or a string", range)
            }
        }
        add("range", 2...3) { args, context, range in
            guard let start = try integer(args[0], "range", range), let end = try integer(args[1], "range", range) else {
                throw argumentError("range() needs integers", range)
            }
            let step = args.count == 3 ? try integer(args[2], "range", range) ?? 1 : 1
            if step == 0 { throw QueryError(.argument, "range() step must not be zero", at: range, detail: "NumberOutOfRange") }
            // How many items, without overflow: past `maximumListLength`, an error (UNWIND
            // range(…) streams any length instead).
            let span = step > 0 ? Double(end) - Double(start) : Double(start) - Double(end)
            let count = span < 0 ? 0 : span / abs(Double(step)) + 1
            if count > Double(Self.maximumListLength) {
                throw QueryError(.argument, "range() would hold \(Int64(count.rounded(.down))) items, more than the \(Self.maximumListLength) a list may; UNWIND range(…) goes through any number of them one by one",
                                 at: range, detail: "NumberOutOfRange")
            }
            var items: [Value] = []
            items.reserveCapacity(Int(count))
            var current = start
            while step > 0 ? current <= end : current >= end {
                try context.checkCancel()
                items.append(.int(current))
                let (next, overflowed) = current.addingReportingOverflow(step)
                if overflowed { break }
                current = next
            }
            return .list(items)
        }
        add("tostring", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .string, .int, .float, .bool, .date, .temporal, .duration: return .string(toStringText(args[0]))
            default: throw argumentError("toString() cannot convert \(args[0].typeNameWithArticle)", range)
            }
        }
        add("tointeger", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .int: return args[0]
            case .float(let x):
                return Int64(exactly: x.rounded(.towardZero)).map { .int($0) } ?? .null
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .string(let text):
                let trimmed = trimmedWhitespace(text)
                if let value = Int64(trimmed) { return .int(value) }
                // Digits past Int64's range are no integer (not the nearest float's).
                let digits = trimmed.drop { $0 == "-" || $0 == "+" }
                if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return .null }
                if let value = Double(trimmed) { return Int64(exactly: value.rounded(.towardZero)).map { .int($0) } ?? .null }
                return .null
            default: throw argumentError("toInteger() cannot convert \(args[0].typeNameWithArticle)", range)
            }
        }
        add("tofloat", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .float: return args[0]
            case .int(let x): return .float(Double(x))
            case .string(let text): return Double(trimmedWhitespace(text)).map(Value.float) ?? .null
            default: throw argumentError("toFloat() cannot convert \(args[0].typeNameWithArticle)", range)
            }
        }
        add("toboolean", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .bool: return args[0]
            case .string(let text):
                switch trimmedWhitespace(text).lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: return .null
                }
            case .int(let x): return .bool(x != 0)
            default: throw argumentError("toBoolean() cannot convert \(args[0].typeNameWithArticle)", range)
            }
        }
        add("replace", 3...3) { args, _, range in
            guard let text = try string(args[0], "replace", range), let search = try string(args[1], "replace", range),
                  let replacement = try string(args[2], "replace", range) else { return .null }
            if search.isEmpty { return .string(text) }
            return .string(replaceBytes(text, search, replacement))
        }
        add("split", 2...2) { args, _, range in
            guard let text = try string(args[0], "split", range), let separator = try string(args[1], "split", range) else { return .null }
            if separator.isEmpty { return .list(text.map { .string(String($0)) }) }
            return .list(splitBytes(text, separator).map(Value.string))
        }
        add("substring", 2...3) { args, _, range in
            guard let text = try string(args[0], "substring", range), let start = try integer(args[1], "substring", range) else { return .null }
            let length = args.count == 3 ? try integer(args[2], "substring", range) : nil
            if start < 0 || (length ?? 0) < 0 {
                throw QueryError(.argument, "substring() needs non-negative start and length", at: range, detail: "NumberOutOfRange")
            }
            // Walks the characters up to the end of the part only (no array of them all).
            let low = text.index(text.startIndex, offsetBy: Int(clamping: start), limitedBy: text.endIndex) ?? text.endIndex
            let high = length.map { text.index(low, offsetBy: Int(clamping: $0), limitedBy: text.endIndex) ?? text.endIndex } ?? text.endIndex
            return .string(String(text[low..<high]))
        }
        add("left", 2...2) { args, _, range in
            guard let text = try string(args[0], "left", range) else { return .null }
            guard let count = try integer(args[1], "left", range), count >= 0 else {
                throw QueryError(.argument, "left() needs a non-negative length", at: range, detail: "NumberOutOfRange")
            }
            return .string(String(text.prefix(Int(count))))
        }
        add("right", 2...2) { args, _, range in
            guard let text = try string(args[0], "right", range) else { return .null }
            guard let count = try integer(args[1], "right", range), count >= 0 else {
                throw QueryError(.argument, "right() needs a non-negative length", at: range, detail: "NumberOutOfRange")
            }
            return .string(String(text.suffix(Int(count))))
        }

        add("id", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .node(let node): return .int(Int64(node.raw))
            case .edge(let edge): return .int(Int64(edge.raw))
            default: throw argumentError("id() needs a node or a relationship", range)
            }
        }
        add("labels", 1...1) { args, context, range in
            switch args[0] {
            case .null: return .null
            case .node(let node): return .list(context.graph.labelNames(of: node).map(Value.string))
            default: throw argumentError("labels() needs a node", range)
            }
        }
        add("type", 1...1) { args, context, range in
            switch args[0] {
            case .null: return .null
            case .edge(let edge): return .string(context.graph.typeName(of: edge))
            default: throw argumentError("type() needs a relationship", range)
            }
        }
        add("properties", 1...1) { args, context, range in
            if args[0].isNull { return .null }
            return .map(ValueMap(try Operations.allProperties(args[0], context.graph, range)))
        }
        add("keys", 1...1) { args, context, range in
            if args[0].isNull { return .null }
            let graph = context.graph
            switch args[0] {
            // The keys alone: no value is read.
            case .node(let node): return .list(graph.propertyKeys(of: node).map { .string(graph.keys.name($0)) })
            case .edge(let edge): return .list(graph.propertyKeys(of: edge).map { .string(graph.keys.name($0)) })
            default: return .list(try Operations.allProperties(args[0], graph, range).map { .string($0.0) })
            }
        }
        add("startnode", 1...1) { args, context, range in
            switch args[0] {
            case .null: return .null
            case .edge(let edge): return .node(context.graph.source(of: edge))
            default: throw argumentError("startNode() needs a relationship", range)
            }
        }
        add("endnode", 1...1) { args, context, range in
            switch args[0] {
            case .null: return .null
            case .edge(let edge): return .node(context.graph.target(of: edge))
            default: throw argumentError("endNode() needs a relationship", range)
            }
        }
        add("nodes", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .path(let path): return .list(path.nodes.map(Value.node))
            default: throw argumentError("nodes() needs a path", range)
            }
        }
        add("relationships", 1...1) { args, _, range in
            switch args[0] {
            case .null: return .null
            case .path(let path): return .list(path.edges.map(Value.edge))
            default: throw argumentError("relationships() needs a path", range)
            }
        }
        add("exists", 1...1) { args, _, _ in .bool(!args[0].isNull) }
        return table
    }()
}
