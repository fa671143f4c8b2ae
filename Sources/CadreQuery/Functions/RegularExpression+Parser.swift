extension RegularExpression {
    /// The flags a pattern sets with `(?i)`, `(?s)`, `(?m)`: until the end of the group they are in.
    struct Flags {
        var ignoringCase = false
        var dotAll = false
        var multiline = false
    }

    /// A cursor over the pattern's scalars, Java's grammar.
    struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        /// Capturing groups opened so far, numbered from 1 by their `(`.
        var groups = 0
        private var names: [String: Int] = [:]
        private var flags = Flags()

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        private func peek(at offset: Int) -> Unicode.Scalar? {
            position + offset < scalars.count ? scalars[position + offset] : nil
        }

        private func literal(_ scalar: Unicode.Scalar) -> Node { .read(.scalar(scalar, folding: flags.ignoringCase)) }

        mutating func parseChoice(depth: Int) throws(Failure) -> Node {
            guard depth < RegularExpression.maximumNesting else { throw .invalid("groups nested too deeply") }
            var branches = [try parseSequence(depth: depth)]
            while peek == "|" {
                position += 1
                branches.append(try parseSequence(depth: depth))
            }
            return branches.count == 1 ? branches[0] : .choice(branches)
        }

        private mutating func parseSequence(depth: Int) throws(Failure) -> Node {
            var nodes: [Node] = []
            while let scalar = peek, scalar != "|", scalar != ")" {
                if scalar == "\\", peek(at: 1) == "Q" {
                    // A quantifier after `\E` repeats the last quoted scalar, as in Java.
                    nodes += parseQuoted()
                    if let last = nodes.last, let repeated = try parseQuantifier(of: last) { nodes[nodes.count - 1] = repeated }
                    continue
                }
                let atom = try parseAtom(depth: depth)
                nodes.append(try parseQuantifier(of: atom) ?? atom)
            }
            return nodes.count == 1 ? nodes[0] : (nodes.isEmpty ? .empty : .sequence(nodes))
        }

        /// `\Q…\E`: everything between, literally.
        private mutating func parseQuoted() -> [Node] {
            position += 2
            var nodes: [Node] = []
            while let scalar = peek {
                if scalar == "\\", peek(at: 1) == "E" {
                    position += 2
                    break
                }
                nodes.append(literal(scalar))
                position += 1
            }
            return nodes
        }

        private mutating func parseQuantifier(of atom: Node) throws(Failure) -> Node? {
            guard let scalar = peek else { return nil }
            let minimum: Int, maximum: Int?
            switch scalar {
            case "*": (minimum, maximum) = (0, nil); position += 1
            case "+": (minimum, maximum) = (1, nil); position += 1
            case "?": (minimum, maximum) = (0, 1); position += 1
            case "{":
                guard let counted = try parseCount() else { return nil }
                (minimum, maximum) = counted
            default: return nil
            }
            var lazy = false, possessive = false
            if peek == "?" {
                lazy = true
                position += 1
            } else if peek == "+" {
                possessive = true
                position += 1
            }
            if let next = peek, "*+?".unicodeScalars.contains(next) || (next == "{" && (try? lookingAtCount()) == true) {
                throw .invalid("a quantifier cannot follow another")
            }
            let repeated = Node.repeated(atom, min: minimum, max: maximum, lazy: lazy)
            return possessive ? .atomic(repeated) : repeated
        }

        private mutating func lookingAtCount() throws(Failure) -> Bool {
            let start = position
            defer { position = start }
            return try parseCount() != nil
        }

        /// `{n}`, `{n,}`, `{n,m}`; nil (a literal `{`) when it is not one.
        private mutating func parseCount() throws(Failure) -> (Int, Int?)? {
            let start = position
            position += 1
            func number() -> Int? {
                var value: Int? = nil
                while let scalar = peek, ("0"..."9").contains(scalar) {
                    value = (value ?? 0) * 10 + Int(scalar.value - 48)
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

        private mutating func parseAtom(depth: Int) throws(Failure) -> Node {
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case ".": return .read(.any(dotAll: flags.dotAll))
            case "^": return .assertion(.atStart(multiline: flags.multiline))
            case "$": return .assertion(.atEnd(multiline: flags.multiline))
            case "(": return try parseGroup(depth: depth)
            case "[": return .read(.set(try parseSet(depth: depth + 1), folding: flags.ignoringCase))
            case "\\": return try parseEscape()
            case "*", "+", "?": throw .invalid("nothing to repeat before `\(scalar)`")
            default: return literal(scalar)
            }
        }

        /// After `(`: a capturing group, or `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?>`, `(?<name>`,
        /// or flags `(?i)` / `(?i:…)`.
        private mutating func parseGroup(depth: Int) throws(Failure) -> Node {
            let saved = flags
            func body(_ parser: inout Parser) throws(Failure) -> Node {
                let inner = try parser.parseChoice(depth: depth + 1)
                guard parser.peek == ")" else { throw .invalid("a group is not closed") }
                parser.position += 1
                parser.flags = saved
                return inner
            }
            guard peek == "?" else {
                groups += 1
                let index = groups
                return .group(try body(&self), index: index)
            }
            position += 1
            switch peek {
            case ":":
                position += 1
                return try body(&self)
            case "=", "!":
                let negated = peek == "!"
                position += 1
                return .look(try body(&self), behind: false, negated: negated)
            case ">":
                position += 1
                return .atomic(try body(&self))
            case "<" where peek(at: 1) == "=" || peek(at: 1) == "!":
                let negated = peek(at: 1) == "!"
                position += 2
                return .look(try body(&self), behind: true, negated: negated)
            case "<":
                position += 1
                let name = try parseName()
                guard names[name] == nil else { throw .invalid("the group name `\(name)` is used twice") }
                groups += 1
                let index = groups
                names[name] = index
                return .group(try body(&self), index: index)
            default:
                try parseFlags()
                if peek == ")" {
                    position += 1
                    return .empty
                }
                position += 1
                return try body(&self)
            }
        }

        /// `i`, `s`, `m` (and `u`, `d`, which change nothing here), `-` before those turned off;
        /// stops before `)` or `:`.
        private mutating func parseFlags() throws(Failure) {
            var on = true
            while let scalar = peek, scalar != ")", scalar != ":" {
                position += 1
                switch scalar {
                case "-": on = false
                case "i": flags.ignoringCase = on
                case "s": flags.dotAll = on
                case "m": flags.multiline = on
                case "u", "U", "d": break
                case "x": throw .invalid("the flag `x` (comments in patterns) is not supported")
                default: throw .invalid("unknown group or flag `(?\(scalar)`")
                }
            }
            guard peek != nil else { throw .invalid("a group is not closed") }
        }

        /// A group's name up to `>`: a letter, then letters and digits.
        private mutating func parseName() throws(Failure) -> String {
            var name = ""
            while let scalar = peek, scalar != ">" {
                guard scalar.isASCII, scalar.properties.isAlphabetic || (!name.isEmpty && ("0"..."9").contains(scalar)) else {
                    throw .invalid("a group name is letters and digits, starting with a letter")
                }
                name.unicodeScalars.append(scalar)
                position += 1
            }
            guard peek == ">", !name.isEmpty else { throw .invalid("a group name is not closed by `>`") }
            position += 1
            return name
        }

        /// After `\` outside a class.
        private mutating func parseEscape() throws(Failure) -> Node {
            guard let scalar = peek else { throw .invalid("a pattern cannot end with `\\`") }
            position += 1
            switch scalar {
            case "b", "B": return .assertion(.boundary(negated: scalar == "B"))
            case "A": return .assertion(.atStart(multiline: false))
            case "z": return .assertion(.atInputEnd)
            case "Z": return .assertion(.atEnd(multiline: false))
            case "k":
                guard peek == "<" else { throw .invalid("`\\k` needs a group name: `\\k<name>`") }
                position += 1
                let name = try parseName()
                guard let index = names[name] else { throw .invalid("no group named `\(name)` before this back-reference") }
                return .reference(index, folding: flags.ignoringCase)
            case "1"..."9":
                var group = Int(scalar.value - 48)
                while let next = peek, ("0"..."9").contains(next), group * 10 + Int(next.value - 48) <= groups {
                    group = group * 10 + Int(next.value - 48)
                    position += 1
                }
                guard group <= groups else { throw .invalid("no group \(group) before this back-reference") }
                return .reference(group, folding: flags.ignoringCase)
            default:
                if let named = try parseClassEscape(scalar) {
                    var set = ScalarSet()
                    set.classes = [named]
                    return .read(.set(set, folding: flags.ignoringCase))
                }
                return literal(try parseLiteralEscape(scalar))
            }
        }

        /// `\d \w \s \h \v \p{…}` and their negations; nil for any other escape.
        private mutating func parseClassEscape(_ scalar: Unicode.Scalar) throws(Failure) -> ScalarClass? {
            let named: ScalarClass
            switch scalar {
            case "d", "D": named = .digit
            case "w", "W": named = .word
            case "s", "S": named = .space
            case "h", "H": named = .horizontalSpace
            case "v", "V": named = .verticalSpace
            case "p", "P":
                var name = ""
                if peek == "{" {
                    position += 1
                    while let next = peek, next != "}" {
                        name.unicodeScalars.append(next)
                        position += 1
                    }
                    guard peek == "}" else { throw .invalid("`\\\(scalar){` is not closed") }
                    position += 1
                } else if let next = peek {
                    name.unicodeScalars.append(next)
                    position += 1
                }
                guard let found = ScalarClass.named(name) else { throw .invalid("unknown character class `\\\(scalar){\(name)}`") }
                named = found
            default: return nil
            }
            return scalar.properties.isUppercase ? .not(named) : named
        }

        /// A scalar written as an escape: `\t \n \r \f \a \e \0ooo \xhh \x{h…} \uhhhh`, or any
        /// escaped scalar that is not a letter or digit.
        private mutating func parseLiteralEscape(_ scalar: Unicode.Scalar) throws(Failure) -> Unicode.Scalar {
            switch scalar {
            case "t": return "\t"
            case "n": return "\n"
            case "r": return "\r"
            case "f": return "\u{0C}"
            case "a": return "\u{07}"
            case "e": return "\u{1B}"
            case "0": return try parseNumber(radix: 8, digits: 1...3, what: "`\\0` needs an octal digit")
            case "x":
                if peek == "{" {
                    position += 1
                    let value = try parseNumber(radix: 16, digits: 1...6, what: "`\\x{` needs hexadecimal digits")
                    guard peek == "}" else { throw .invalid("`\\x{` is not closed") }
                    position += 1
                    return value
                }
                return try parseNumber(radix: 16, digits: 2...2, what: "`\\x` needs two hexadecimal digits")
            case "u": return try parseNumber(radix: 16, digits: 4...4, what: "`\\u` needs four hexadecimal digits")
            default:
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { throw .invalid("unknown escape `\\\(scalar)`") }
                return scalar
            }
        }

        private mutating func parseNumber(radix: UInt32, digits: ClosedRange<Int>, what: String) throws(Failure) -> Unicode.Scalar {
            var value: UInt32 = 0, count = 0
            while count < digits.upperBound, let next = peek, let digit = Self.digit(next, radix: radix) {
                value = value * radix + digit
                count += 1
                position += 1
            }
            guard count >= digits.lowerBound, let scalar = Unicode.Scalar(value) else { throw .invalid(what) }
            return scalar
        }

        private static func digit(_ scalar: Unicode.Scalar, radix: UInt32) -> UInt32? {
            let value: UInt32
            switch scalar {
            case "0"..."9": value = scalar.value - 48
            case "a"..."f": value = scalar.value - 87
            case "A"..."F": value = scalar.value - 55
            default: return nil
            }
            return value < radix ? value : nil
        }

        /// After `[`: ranges, escapes and nested classes up to `]`; a `]` first is literal.
        private mutating func parseSet(depth: Int) throws(Failure) -> ScalarSet {
            guard depth < RegularExpression.maximumNesting else { throw .invalid("classes nested too deeply") }
            var set = ScalarSet()
            if peek == "^" {
                set.negated = true
                position += 1
            }
            var first = true
            while let scalar = peek, scalar != "]" || first {
                first = false
                if scalar == "[" {
                    position += 1
                    set.classes.append(.set(try parseSet(depth: depth + 1)))
                    continue
                }
                if scalar == "&", peek(at: 1) == "&" { throw .invalid("class intersection `&&` is not supported") }
                position += 1
                var low = scalar
                if scalar == "\\" {
                    guard let escaped = peek else { break }
                    position += 1
                    if let named = try parseClassEscape(escaped) {
                        set.classes.append(named)
                        continue
                    }
                    low = try parseLiteralEscape(escaped)
                }
                guard peek == "-", let next = peek(at: 1), next != "]" else {
                    set.ranges.append(low.value...low.value)
                    continue
                }
                position += 2
                var high = next
                if next == "\\" {
                    guard let escaped = peek else { break }
                    position += 1
                    high = try parseLiteralEscape(escaped)
                }
                guard high.value >= low.value else { throw .invalid("a class range runs backwards") }
                set.ranges.append(low.value...high.value)
            }
            guard peek == "]" else { throw .invalid("a class `[` is not closed") }
            position += 1
            return set
        }
    }
}
