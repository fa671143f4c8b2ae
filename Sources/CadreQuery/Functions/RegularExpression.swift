import CadreGraph

/// `=~`: does a regular expression match a whole string? The syntax is Java's, which Cypher
/// follows. Two engines, both ours, both hearing Ctrl-C:
/// - A pattern without back-references, look-around or atomic groups is answered by simulating
///   its automaton over the string's scalars (Thompson's construction, as RE2 and Go do): time
///   grows with the text's length times the pattern's size, never exponentially, so
///   `'aaaaaaaaaaaaaaaaaaaa!' =~ '(a+)+$'` is answered at once where Java takes minutes.
/// - A pattern with them needs backtracking (`Backtracker`): an explicit stack, Ctrl-C checked
///   every few thousand steps, and a budget of `maximumSteps` past which the match stops with
///   an error instead of running for hours.
///
/// Understood: literals and escapes (`\t \n \r \f \a \e \xhh \x{h…} \uhhhh \0ooo \Q…\E`), `.`,
/// classes `[a-z]`, `[^…]`, unions `[a[b]]`, `\d \w \s \h \v` and their negations, `\p{…}` and
/// `\P{…}` (general categories such as `L` or `Lu`, and `Alpha`, `Upper`, `Lower`, `Digit`,
/// `Alnum`, `Punct`, `Space`, `ASCII`), groups `( )`, `(?: )`, `(?<name> )`, `|`,
/// `* + ? {n} {n,} {n,m}` (greedy, lazy and possessive), `^ $ \A \z \Z \b \B`, back-references
/// `\1` and `\k<name>`, look-ahead `(?= )` `(?! )`, look-behind `(?<= )` `(?<! )`, atomic
/// groups `(?> )`, and the flags `i`, `s`, `m` (`(?i)`, `(?-i)`, `(?i: )`) anywhere.
struct RegularExpression {
    enum Failure: Error, Equatable {
        case invalid(String)
        /// The backtracking engine passed `maximumSteps` on one text.
        case tooCostly
    }

    /// One instruction of a program.
    enum Instruction {
        case scalar(Unicode.Scalar, folding: Bool)
        case any(dotAll: Bool)
        case set(ScalarSet, folding: Bool)
        case split(Int, Int)
        case jump(Int)
        case atStart(multiline: Bool), atEnd(multiline: Bool), atInputEnd
        case boundary(negated: Bool)
        /// Backtracking only: record the position in a register (a group's opening, a loop's start).
        case save(Int)
        /// Backtracking only: group N closes here; its capture becomes the text since its opening,
        /// so a reference inside the group still sees the last whole capture (as Java does).
        case close(Int)
        /// Backtracking only: the text of group N again.
        case reference(Int, folding: Bool)
        /// Backtracking only: the end of a loop's body, whose start is in `register`: back to the loop
        /// when the body read something; when it read nothing, on past the loop (as Java does, so
        /// `()*` keeps its empty capture and `(a*)*` cannot spin).
        case repeatIfAdvanced(register: Int, loop: Int)
        /// Backtracking only: run a sub-program at this position.
        case look(program: Int, behind: Bool, negated: Bool)
        case atomic(program: Int)
        case match
    }

    /// programs[0] is the pattern; the others are look-around and atomic bodies.
    let programs: [[Instruction]]
    let backtracking: Bool
    /// Three per group (start, end, where it opened; group 0 unused), then one per unbounded loop.
    let registers: Int
    static let maximumProgram = 20_000
    static let maximumNesting = 200
    static let maximumSteps = 10_000_000

    init(_ pattern: String) throws(Failure) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        let node = try parser.parseChoice(depth: 0)
        guard parser.position == parser.scalars.count else { throw .invalid("unbalanced `)`") }
        var compiler = Compiler(backtracking: node.needsBacktracking, registers: 3 * (parser.groups + 1))
        programs = try compiler.compile(node)
        backtracking = compiler.backtracking
        registers = compiler.registers
    }

    /// The last pattern compiled, kept by whoever evaluates `=~` (a row engine's closure, a
    /// kernel's batch) so that a pattern the same in every row is compiled once.
    typealias Cache = (pattern: String, expression: RegularExpression)

    /// `text =~ pattern`: null unless both are strings; an invalid pattern, or one that
    /// backtracks too much on the text, is an argument error at `range`.
    static func match(_ text: Value, _ pattern: Value, _ cache: inout Cache?, _ context: ExecutionContext,
                      at range: SourceRange) throws -> Value {
        guard case .string(let text) = text, case .string(let pattern) = pattern else { return .null }
        let expression: RegularExpression
        if let cache, cache.pattern == pattern {
            expression = cache.expression
        } else {
            do {
                expression = try RegularExpression(pattern)
            } catch {
                let reason = if case .invalid(let reason) = error { ": \(reason)" } else { "" }
                throw QueryError(.argument, "invalid regular expression\(reason)", at: range, detail: "InvalidArgumentValue")
            }
            cache = (pattern, expression)
        }
        do {
            return .bool(try expression.matchesWhole(text) { try context.checkCancelNow() })
        } catch RegularExpression.Failure.tooCostly {
            throw QueryError(.argument, "the regular expression backtracks too much on this text (over \(maximumSteps) steps); "
                + "back-references and look-around need backtracking, the rest does not", at: range, detail: "InvalidArgumentValue")
        }
    }

    /// True when the whole of `text` matches; `checkCancel` is called every few thousand steps.
    func matchesWhole(_ text: String, budget: Int = maximumSteps, checkCancel: () throws -> Void) throws -> Bool {
        let scalars = Array(text.unicodeScalars)
        if backtracking {
            var engine = Backtracker(expression: self, text: scalars, budget: budget)
            var registers = [Int](repeating: -1, count: registers)
            return try engine.run(0, from: 0, end: scalars.count, registers: &registers, checkCancel: checkCancel) != nil
        }
        return try simulate(scalars, checkCancel: checkCancel)
    }

    /// Thompson's simulation: every thread advances together, one scalar at a time.
    private func simulate(_ scalars: [Unicode.Scalar], checkCancel: () throws -> Void) throws -> Bool {
        let program = programs[0]
        var current: [Int] = [], next: [Int] = []
        var seen = [Int](repeating: -1, count: program.count)
        var stack: [Int] = []
        // The threads reached from `pc` without reading, at `position`.
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
                case .save, .close: stack.append(pc + 1)
                case .atStart, .atEnd, .atInputEnd, .boundary:
                    if Self.holds(program[pc], at: position, in: scalars) { stack.append(pc + 1) }
                default: list.append(pc)
                }
            }
        }
        add(0, 0, to: &current)
        for (index, scalar) in scalars.enumerated() {
            if index & 4095 == 4095 { try checkCancel() }
            if current.isEmpty { return false }
            next.removeAll(keepingCapacity: true)
            for pc in current where Self.reads(program[pc], scalar) {
                add(pc + 1, index + 1, to: &next)
            }
            swap(&current, &next)
        }
        return current.contains { if case .match = program[$0] { true } else { false } }
    }

    /// Does a reading instruction accept `scalar`?
    static func reads(_ instruction: Instruction, _ scalar: Unicode.Scalar) -> Bool {
        switch instruction {
        case .scalar(let expected, let folding):
            return expected == scalar || (folding && caseVariants(scalar).contains(expected))
        case .any(let dotAll): return dotAll || !isLineTerminator(scalar)
        case .set(let set, let folding): return set.contains(scalar, folding: folding)
        default: return false
        }
    }

    /// Does a zero-width assertion hold at `position`?
    static func holds(_ instruction: Instruction, at position: Int, in scalars: [Unicode.Scalar]) -> Bool {
        switch instruction {
        case .atStart(let multiline):
            return position == 0 || (multiline && isLineTerminator(scalars[position - 1]))
        case .atEnd(let multiline):
            if position == scalars.count { return true }
            if multiline { return isLineTerminator(scalars[position]) }
            // Java's `$` also matches before a line terminator that ends the input.
            return position == scalars.count - 1 && isLineTerminator(scalars[position])
        case .atInputEnd: return position == scalars.count
        case .boundary(let negated):
            let before = position > 0 && isWordScalar(scalars[position - 1])
            let after = position < scalars.count && isWordScalar(scalars[position])
            return (before != after) != negated
        default: return false
        }
    }

    static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// `\b`'s word: a letter or digit of any script, or `_` (as Java's `\b` reads it).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber
    }

    static func caseVariants(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let lower = scalar.properties.lowercaseMapping.unicodeScalars, upper = scalar.properties.uppercaseMapping.unicodeScalars
        return (lower.count == 1 ? [lower.first!] : []) + (upper.count == 1 ? [upper.first!] : [])
    }
}
