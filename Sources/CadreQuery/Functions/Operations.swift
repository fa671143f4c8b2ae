import CadreGraph
import Glibc

/// The runtime meaning of Cypher's operators, with null propagating as Cypher defines.
enum Operations {
    /// A boolean in three-valued logic: nil for null; other types are an error.
    static func truth(_ value: Value, _ range: SourceRange) throws -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .null: return nil
        default:
            throw QueryError(.type, "expected a boolean, found \(value.typeName)", at: range, detail: "InvalidArgumentType")
        }
    }

    static func property(_ owner: Value, _ key: String, _ graph: Graph, _ range: SourceRange,
                         cache: SymbolCache? = nil) throws -> Value {
        switch owner {
        case .null: return .null
        case .node(let node):
            guard graph.contains(node), let symbol = cache?.single(.keys, in: graph) ?? graph.keys.lookup(key) else { return .null }
            return graph.property(of: node, key: symbol) ?? .null
        case .edge(let edge):
            guard graph.contains(edge), let symbol = cache?.single(.keys, in: graph) ?? graph.keys.lookup(key) else { return .null }
            return graph.property(of: edge, key: symbol) ?? .null
        case .map(let map): return map[key] ?? .null
        case .date, .temporal, .duration:
            guard let component = Functions.temporalComponent(owner, key) else {
                throw QueryError(.type, "\(owner.typeNameWithArticle) has no component `\(key)`", at: range, detail: "InvalidArgumentValue")
            }
            return component
        default:
            throw QueryError(.type, "cannot read property `\(key)` of \(owner.typeNameWithArticle)", at: range, detail: "PropertyAccessOnNonMap")
        }
    }

    static func allProperties(_ owner: Value, _ graph: Graph, _ range: SourceRange) throws -> [(String, Value)] {
        switch owner {
        case .node(let node): return graph.properties(of: node).map { (graph.keys.name($0.key), $0.value) }
        case .edge(let edge): return graph.properties(of: edge).map { (graph.keys.name($0.key), $0.value) }
        case .map(let map): return map.entries.map { ($0.key, $0.value) }
        case .null: return []
        default:
            throw QueryError(.type, "\(owner.typeNameWithArticle) has no properties", at: range, detail: "InvalidArgumentType")
        }
    }

    static func index(_ owner: Value, _ position: Value, _ graph: Graph, _ range: SourceRange) throws -> Value {
        switch (owner, position) {
        case (.null, _), (_, .null): return .null
        case (.list(let items), .int(let index)):
            let resolved = index < 0 ? Int64(items.count) + index : index
            return resolved >= 0 && resolved < items.count ? items[Int(resolved)] : .null
        case (.map, .string(let key)), (.node, .string(let key)), (.edge, .string(let key)):
            return try property(owner, key, graph, range)
        case (.list, _):
            throw QueryError(.type, "a list index must be an integer, not \(position.typeName)", at: range, detail: "InvalidArgumentType")
        case (.map, _), (.node, _), (.edge, _):
            throw QueryError(.type, "a key must be a string, not \(position.typeName)", at: range, detail: "InvalidArgumentType")
        default:
            throw QueryError(.type, "cannot index \(owner.typeNameWithArticle)", at: range, detail: "InvalidArgumentType")
        }
    }

    static func slice(_ owner: Value, _ from: Value?, _ to: Value?, _ range: SourceRange) throws -> Value {
        if owner.isNull || from?.isNull == true || to?.isNull == true { return .null }
        guard case .list(let items) = owner else {
            throw QueryError(.type, "cannot slice \(owner.typeNameWithArticle)", at: range, detail: "InvalidArgumentType")
        }
        func bound(_ value: Value?, _ fallback: Int) throws -> Int {
            guard let value else { return fallback }
            guard case .int(let index) = value else {
                throw QueryError(.type, "slice bounds must be integers", at: range, detail: "InvalidArgumentType")
            }
            let resolved = index < 0 ? Int64(items.count) + index : index
            return Int(max(0, min(Int64(items.count), resolved)))
        }
        let low = try bound(from, 0)
        let high = try bound(to, items.count)
        return low < high ? .list(Array(items[low..<high])) : .list([])
    }

    static func unary(_ op: UnaryOperator, _ value: Value, _ range: SourceRange) throws -> Value {
        switch (op, value) {
        case (_, .null): return .null
        case (.not, .bool(let flag)): return .bool(!flag)
        case (.minus, .int(let number)):
            guard number != .min else { throw overflow(range) }
            return .int(-number)
        case (.minus, .float(let number)): return .float(-number)
        case (.minus, .duration(let d)):
            guard let negated = d.negated else { throw overflow(range) }
            return .duration(negated)
        case (.plus, .duration): return value
        case (.plus, .int), (.plus, .float): return value
        default:
            throw QueryError(.type, "cannot apply \(op.rawValue) to \(value.typeNameWithArticle)", at: range, detail: "InvalidArgumentType")
        }
    }

    static func overflow(_ range: SourceRange) -> QueryError {
        QueryError(.arithmetic, "integer overflow", at: range, detail: "IntegerOverflow")
    }

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange) throws -> Value {
        switch op {
        case .equal: return Comparison.equals(a, b).map(Value.bool) ?? .null
        case .notEqual: return Comparison.equals(a, b).map { .bool(!$0) } ?? .null
        case .less, .greater, .lessOrEqual, .greaterOrEqual:
            if case .date(let x) = a, case .date(let y) = b {
                // Uncertain dates: what the days they cover decide (unknown: null).
                let holds = switch op {
                case .less: PartialDate.precedes(x.raw, y.raw, orEqual: false)
                case .lessOrEqual: PartialDate.precedes(x.raw, y.raw, orEqual: true)
                case .greater: PartialDate.precedes(y.raw, x.raw, orEqual: false)
                default: PartialDate.precedes(y.raw, x.raw, orEqual: true)
                }
                return holds.map(Value.bool) ?? .null
            }
            guard let order = Comparison.compare(a, b) else {
                // NaN is comparable with numbers, and every comparison with it is false.
                if let x = a.numberValue, let y = b.numberValue, x.isNaN || y.isNaN { return .bool(false) }
                return .null
            }
            switch op {
            case .less: return .bool(order < 0)
            case .greater: return .bool(order > 0)
            case .lessOrEqual: return .bool(order <= 0)
            default: return .bool(order >= 0)
            }
        case .in: return try membership(a, b, range)
        case .startsWith, .endsWith, .contains, .foldedContains:
            guard case .string(let text) = a, case .string(let part) = b else { return .null }
            switch op {
            case .startsWith: return .bool(text.utf8.starts(with: part.utf8))
            case .endsWith: return .bool(text.utf8.reversed().starts(with: part.utf8.reversed()))
            case .contains: return .bool(containsBytes(text, part))
            default: return .bool(containsBytes(Folding.fold(text), Folding.fold(part)))
            }
        case .add, .subtract, .multiply, .divide, .modulo, .power:
            return try arithmetic(op, a, b, range)
        case .and, .or, .xor, .regexMatch:
            preconditionFailure("compiled elsewhere")
        }
    }

    /// Substring search over UTF-8 bytes (both strings are NFC, so bytes decide).
    static func containsBytes(_ text: String, _ part: String) -> Bool {
        if part.isEmpty { return true }
        var haystack = text, needle = part
        return haystack.withUTF8 { h in needle.withUTF8 { n in containsBytes(h, n) } }
    }

    /// Whether `part` occurs in `text`, byte for byte.
    static func containsBytes(_ text: UnsafeBufferPointer<UInt8>, _ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !part.isEmpty else { return true }
        guard text.count >= part.count else { return false }
        let first = part[0]
        var index = 0
        let last = text.count - part.count
        while index <= last {
            if text[index] == first {
                var matched = 1
                while matched < part.count && text[index + matched] == part[matched] { matched += 1 }
                if matched == part.count { return true }
            }
            index += 1
        }
        return false
    }

    /// STARTS WITH, ENDS WITH or CONTAINS of two strings' UTF-8 bytes (both in NFC, so bytes decide).
    static func matchBytes(_ op: BinaryOperator, _ text: UnsafeBufferPointer<UInt8>, _ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !part.isEmpty else { return true }
        guard text.count >= part.count, let start = text.baseAddress, let wanted = part.baseAddress else { return false }
        switch op {
        case .startsWith: return memcmp(start, wanted, part.count) == 0
        case .endsWith: return memcmp(start + (text.count - part.count), wanted, part.count) == 0
        default: return containsBytes(text, part)
        }
    }

    private static func membership(_ element: Value, _ container: Value, _ range: SourceRange) throws -> Value {
        switch container {
        case .null: return .null
        case .list(let items):
            var unknown = false
            for item in items {
                switch Comparison.equals(element, item) {
                case true?: return .bool(true)
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? .null : .bool(false)
        default:
            throw QueryError(.type, "IN needs a list on its right, found \(container.typeName)", at: range, detail: "InvalidArgumentType")
        }
    }

    private static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange) throws -> Value {
        if a.isNull || b.isNull { return .null }
        if let result = try Functions.temporalArithmetic(op, a, b, range) { return result }
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.int(let x), .int(let y)):
            switch op {
            case .add:
                let (result, overflowed) = x.addingReportingOverflow(y)
                if overflowed { throw overflow(range) }
                return .int(result)
            case .subtract:
                let (result, overflowed) = x.subtractingReportingOverflow(y)
                if overflowed { throw overflow(range) }
                return .int(result)
            case .multiply:
                let (result, overflowed) = x.multipliedReportingOverflow(by: y)
                if overflowed { throw overflow(range) }
                return .int(result)
            case .divide, .modulo:
                if y == 0 { throw QueryError(.arithmetic, "division by zero", at: range, detail: "DivisionByZero") }
                if x == .min && y == -1 { if op == .modulo { return .int(0) }; throw overflow(range) }
                return .int(op == .divide ? x / y : x % y)
            default:
                return .float(pow(Double(x), Double(y)))
            }
        case (.int, .float), (.float, .int), (.float, .float):
            let (x, y) = (a.numberValue!, b.numberValue!)
            switch op {
            case .add: return .float(x + y)
            case .subtract: return .float(x - y)
            case .multiply: return .float(x * y)
            case .divide: return .float(x / y)
            case .modulo: return .float(x.truncatingRemainder(dividingBy: y))
            default: return .float(pow(x, y))
            }
        case (.string(let x), .string(let y)) where op == .add: return .string(x + y)
        case (.string(let x), .int), (.string(let x), .float):
            if op == .add { return .string(x + Functions.toStringText(b)) }
        case (.int, .string(let y)), (.float, .string(let y)):
            if op == .add { return .string(Functions.toStringText(a) + y) }
        case (.list(let x), .list(let y)) where op == .add: return .list(x + y)
        case (.list(let x), _) where op == .add: return .list(x + [b])
        case (_, .list(let y)) where op == .add: return .list([a] + y)
        default: break
        }
        throw QueryError(.type, "cannot apply \(op.rawValue) to \(a.typeName) and \(b.typeName)", at: range, detail: "InvalidArgumentType")
    }

    /// The items of a list to iterate (comprehensions, quantifiers, UNWIND); nil for null.
    static func listForIteration(_ value: Value, _ range: SourceRange) throws -> [Value]? {
        switch value {
        case .list(let items): return items
        case .null: return nil
        default:
            throw QueryError(.type, "expected a list, found \(value.typeName)", at: range, detail: "InvalidArgumentType")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
