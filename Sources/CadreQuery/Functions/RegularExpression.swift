/// `=~`: does a regular expression match a whole string? Answered by simulating the
/// expression's automaton over the string's scalars (Thompson's construction, as RE2 and Go
/// do), so time grows with the text's length times the pattern's size, never exponentially:
/// `'aaaaaaaaaaaaaaaaaaaa!' =~ '(a+)+$'` is answered at once, where a backtracking engine takes
/// minutes. The long loop checks for Ctrl-C.
///
/// The syntax is Java's (which Cypher follows) without what needs backtracking: literals and
/// escapes, `.`, classes `[a-z]`, `[^…]`, `\d \w \s` and their negations, groups `( )`, `(?: )`,
/// `|`, `* + ? {n} {n,} {n,m}` (lazy forms too: for a whole match they decide the same),
/// `^ $`, and `(?i)` at the start. A pattern with more (back-references, look-around, `\b`,
/// `\p{…}`) is `unsupported`: the caller falls back to Swift's engine.
struct RegularExpression {
    enum Failure: Error {
        case unsupported
        case invalid(String)
    }

    /// One instruction of the automaton.
    private enum Instruction {
        case scalar(Unicode.Scalar)
        case any
        case set(ScalarSet)
        case split(Int, Int)
        case jump(Int)
        case atStart, atEnd
        case match
    }

    /// A class: ranges, the shorthand classes it names, negated or not.
    private struct ScalarSet {
        var ranges: [ClosedRange<UInt32>] = []
        var classes: [(Character, Bool)] = []
        var negated = false

        func contains(_ scalar: Unicode.Scalar, ignoringCase: Bool) -> Bool {
            var found = ranges.contains { $0.contains(scalar.value) } || classes.contains { RegularExpression.shorthand($0.0, scalar) == $0.1 }
            if !found && ignoringCase {
                for other in RegularExpression.caseVariants(scalar) where ranges.contains(where: { $0.contains(other.value) }) {
                    found = true
                }
            }
            return found != negated
        }
    }

    private indirect enum Node {
        case empty
        case scalar(Unicode.Scalar)
        case any
        case set(ScalarSet)
        case start, end
        case sequence([Node])
        case choice([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    private let program: [Instruction]
    private let ignoringCase: Bool
    static let maximumProgram = 20_000
    static let maximumNesting = 200

    init(_ pattern: String) throws(Failure) {
        var scalars = Array(pattern.unicodeScalars)
        var ignoringCase = false
        if scalars.starts(with: Array("(?i)".unicodeScalars)) {
            ignoringCase = true
            scalars.removeFirst(4)
        }
        var parser = Parser(scalars: scalars)
        let node = try parser.parseChoice(depth: 0)
        guard parser.position == scalars.count else { throw .invalid("unbalanced `)`") }
        var program: [Instruction] = []
        try Self.emit(node, into: &program)
        program.append(.match)
        self.program = program
        self.ignoringCase = ignoringCase
    }

    /// True when the whole of `text` matches; `checkCancel` is called every few thousand scalars.
    func matchesWhole(_ text: String, checkCancel: () throws -> Void) rethrows -> Bool {
        let scalars = Array(text.unicodeScalars)
        var current: [Int] = [], next: [Int] = []
        var seen = [Int](repeating: -1, count: program.count)
        var stack: [Int] = []
        // The threads reached from `pc` without reading, at position `position`.
        func add(_ pc: Int, _ position: Int, to list: inout [Int]) {
            stack.append(pc)
            while let pc = stack.popLast() {
                if seen[pc] == position { continue }
                seen[pc] = position
                switch program[pc] {
                case .jump(let target): stack.append(target)
                case .split(let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .atStart: if position == 0 { stack.append(pc + 1) }
                case .atEnd: if position == scalars.count { stack.append(pc + 1) }
                default: list.append(pc)
                }
            }
        }
        add(0, 0, to: &current)
        for (index, scalar) in scalars.enumerated() {
            if index & 4095 == 4095 { try checkCancel() }
            if current.isEmpty { return false }
            next.removeAll(keepingCapacity: true)
            for pc in current {
                let fits: Bool
                switch program[pc] {
                case .scalar(let expected):
                    fits = expected == scalar || (ignoringCase && Self.caseVariants(scalar).contains(expected))
                case .any: fits = !["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
                case .set(let set): fits = set.contains(scalar, ignoringCase: ignoringCase)
                default: fits = false
                }
                if fits { add(pc + 1, index + 1, to: &next) }
            }
            swap(&current, &next)
        }
        return current.contains { if case .match = program[$0] { true } else { false } }
    }

    // MARK: Compiling

    private static func emit(_ node: Node, into program: inout [Instruction]) throws(Failure) {
        if program.count > maximumProgram { throw .invalid("the pattern is too large once its repetitions are counted out") }
        switch node {
        case .empty: break
        case .scalar(let scalar): program.append(.scalar(scalar))
        case .any: program.append(.any)
        case .set(let set): program.append(.set(set))
        case .start: program.append(.atStart)
        case .end: program.append(.atEnd)
        case .sequence(let nodes): for node in nodes { try emit(node, into: &program) }
        case .choice(let nodes):
            // split L1, next; L1: first; jump end; next: split L2, … ; last
            var jumps: [Int] = []
            for (index, node) in nodes.enumerated() {
                if index == nodes.count - 1 {
                    try emit(node, into: &program)
                    break
                }
                let split = program.count
                program.append(.split(split + 1, -1))
                try emit(node, into: &program)
                jumps.append(program.count)
                program.append(.jump(-1))
                program[split] = .split(split + 1, program.count)
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let inner, let minimum, let maximum):
            for _ in 0..<minimum { try emit(inner, into: &program) }
            if let maximum {
                // Each optional copy: split into it or past all the rest.
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    try emit(inner, into: &program)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                // L: split body, out; body; jump L
                let loop = program.count
                program.append(.split(loop + 1, -1))
                try emit(inner, into: &program)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }

    // MARK: Classes

    static func shorthand(_ name: Character, _ scalar: Unicode.Scalar) -> Bool {
        switch name {
        case "d": return ("0"..."9").contains(scalar)
        case "w": return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        default: return [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"].contains(scalar)
        }
    }

    static func caseVariants(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let lower = scalar.properties.lowercaseMapping.unicodeScalars, upper = scalar.properties.uppercaseMapping.unicodeScalars
        return (lower.count == 1 ? [lower.first!] : []) + (upper.count == 1 ? [upper.first!] : [])
    }

    // MARK: Parsing

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func parseChoice(depth: Int) throws(Failure) -> Node {
            guard depth < RegularExpression.maximumNesting else { throw .invalid("groups nested too deeply") }
            var branches = [try parseSequence(depth: depth)]
            while peek == "|" {
                position += 1
                branches.append(try parseSequence(depth: depth))
            }
            return branches.count == 1 ? branches[0] : .choice(branches)
        }

        mutating func parseSequence(depth: Int) throws(Failure) -> Node {
            var nodes: [Node] = []
            while let scalar = peek, scalar != "|", scalar != ")" {
                var atom = try parseAtom(depth: depth)
                while let (minimum, maximum) = try parseQuantifier() {
                    if case .start = atom { throw .unsupported }
                    if case .end = atom { throw .unsupported }
                    atom = .repeated(atom, min: minimum, max: maximum)
                }
                nodes.append(atom)
            }
            return nodes.count == 1 ? nodes[0] : (nodes.isEmpty ? .empty : .sequence(nodes))
        }

        mutating func parseQuantifier() throws(Failure) -> (Int, Int?)? {
            guard let scalar = peek else { return nil }
            var bounds: (Int, Int?)
            switch scalar {
            case "*": bounds = (0, nil); position += 1
            case "+": bounds = (1, nil); position += 1
            case "?": bounds = (0, 1); position += 1
            case "{":
                guard let counted = try parseCount() else { return nil }
                bounds = counted
            default: return nil
            }
            // Lazy forms decide a whole match as greedy ones do; possessive ones do not.
            if peek == "?" { position += 1 } else if peek == "+" { throw .unsupported }
            return bounds
        }

        /// `{n}`, `{n,}`, `{n,m}`; nil (a literal `{`) when it is not one.
        mutating func parseCount() throws(Failure) -> (Int, Int?)? {
            let start = position
            position += 1
            func number() -> Int? {
                var value: Int? = nil
                while let scalar = peek, let digit = Int(String(scalar)), scalar.isASCII {
                    value = (value ?? 0) * 10 + digit
                    if value! > 10_000 { return nil }
                    position += 1
                }
                return value
            }
            guard let minimum = number() else { position = start; return nil }
            var maximum: Int? = minimum
            if peek == "," {
                position += 1
                maximum = number()
            }
            guard peek == "}" else { position = start; return nil }
            position += 1
            if let maximum, maximum < minimum { throw .invalid("a repetition's maximum is below its minimum") }
            return (minimum, maximum)
        }

        mutating func parseAtom(depth: Int) throws(Failure) -> Node {
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case ".": return .any
            case "^": return .start
            case "$": return .end
            case "(":
                if peek == "?" {
                    guard position + 1 < scalars.count, scalars[position + 1] == ":" else { throw .unsupported }
                    position += 2
                }
                let inner = try parseChoice(depth: depth + 1)
                guard peek == ")" else { throw .invalid("a group is not closed") }
                position += 1
                return inner
            case "[": return .set(try parseSet())
            case "\\": return try parseEscape(inSet: false)
            case "*", "+", "?": throw .invalid("nothing to repeat")
            default: return .scalar(scalar)
            }
        }

        mutating func parseEscape(inSet: Bool) throws(Failure) -> Node {
            guard let scalar = peek else { throw .invalid("a pattern cannot end with `\\`") }
            position += 1
            switch scalar {
            case "d", "w", "s": return .set(ScalarSet(classes: [(Character(scalar), true)]))
            case "D", "W", "S": return .set(ScalarSet(classes: [(Character(String(scalar).lowercased()), false)]))
            case "t": return .scalar("\t")
            case "n": return .scalar("\n")
            case "r": return .scalar("\r")
            case "f": return .scalar("\u{0C}")
            default:
                // Letters and digits name things this engine does not do (\b, \p, \1, \x…).
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { throw .unsupported }
                return .scalar(scalar)
            }
        }

        mutating func parseSet() throws(Failure) -> ScalarSet {
            var set = ScalarSet()
            if peek == "^" {
                set.negated = true
                position += 1
            }
            var first = true
            while let scalar = peek, scalar != "]" || first {
                first = false
                position += 1
                var low: UInt32
                if scalar == "\\" {
                    switch try parseEscape(inSet: true) {
                    case .scalar(let escaped): low = escaped.value
                    case .set(let inner):
                        set.classes += inner.classes
                        continue
                    default: throw .unsupported
                    }
                } else if scalar == "[" {
                    throw .unsupported
                } else {
                    low = scalar.value
                }
                if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                    position += 1
                    var high = scalars[position]
                    position += 1
                    if high == "\\" {
                        guard case .scalar(let escaped) = try parseEscape(inSet: true) else { throw .unsupported }
                        high = escaped
                    }
                    guard high.value >= low else { throw .invalid("a class range runs backwards") }
                    set.ranges.append(low...high.value)
                } else {
                    set.ranges.append(low...low)
                }
            }
            guard peek == "]" else { throw .invalid("a class `[` is not closed") }
            position += 1
            return set
        }
    }
}
