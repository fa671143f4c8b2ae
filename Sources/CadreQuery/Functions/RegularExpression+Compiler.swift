extension RegularExpression {
    /// A parsed pattern.
    indirect enum Node {
        case empty
        /// An instruction that reads one scalar: `.scalar`, `.any` or `.set`.
        case read(Instruction)
        /// A zero-width test: `.atStart`, `.atEnd`, `.atInputEnd` or `.boundary`.
        case assertion(Instruction)
        case sequence([Node])
        case choice([Node])
        case repeated(Node, min: Int, max: Int?, lazy: Bool)
        case group(Node, index: Int)
        case reference(Int, folding: Bool)
        case look(Node, behind: Bool, negated: Bool)
        case atomic(Node)

        /// Does the pattern need the backtracking engine (back-references, look-around, atomic groups)?
        var needsBacktracking: Bool {
            switch self {
            case .empty, .read, .assertion: false
            case .reference, .look, .atomic: true
            case .sequence(let nodes), .choice(let nodes): nodes.contains { $0.needsBacktracking }
            case .repeated(let inner, _, _, _), .group(let inner, _): inner.needsBacktracking
            }
        }
    }

    /// Turns a node into programs: splits for choices and loops, saves for captures and loop guards.
    struct Compiler {
        let backtracking: Bool
        /// Registers used so far; loop guards take new ones after the groups'.
        var registers: Int
        private var programs: [[Instruction]] = [[]]
        private var finished = 0

        init(backtracking: Bool, registers: Int) {
            self.backtracking = backtracking
            self.registers = registers
        }

        mutating func compile(_ node: Node) throws(Failure) -> [[Instruction]] {
            var main: [Instruction] = []
            try emit(node, into: &main)
            main.append(.match)
            programs[0] = main
            return programs
        }

        private mutating func emit(_ node: Node, into program: inout [Instruction]) throws(Failure) {
            if program.count + finished > RegularExpression.maximumProgram {
                throw .invalid("the pattern is too large once its repetitions are counted out")
            }
            switch node {
            case .empty: break
            case .read(let instruction), .assertion(let instruction): program.append(instruction)
            case .sequence(let nodes): for node in nodes { try emit(node, into: &program) }
            case .choice(let nodes): try emitChoice(nodes, into: &program)
            case .repeated(let inner, let minimum, let maximum, let lazy):
                for _ in 0..<minimum { try emit(inner, into: &program) }
                if let maximum {
                    try emitOptionalCopies(of: inner, count: maximum - minimum, lazy: lazy, into: &program)
                } else {
                    try emitLoop(inner, lazy: lazy, into: &program)
                }
            case .group(let inner, let index):
                if backtracking { program.append(.save(3 * index + 2)) }
                try emit(inner, into: &program)
                if backtracking { program.append(.close(index)) }
            case .reference(let group, let folding): program.append(.reference(group, folding: folding))
            case .look(let inner, let behind, let negated):
                program.append(.look(program: try subprogram(inner), behind: behind, negated: negated))
            case .atomic(let inner): program.append(.atomic(program: try subprogram(inner)))
            }
        }

        /// split L1, next; L1: first; jump end; next: split L2, …; last
        private mutating func emitChoice(_ nodes: [Node], into program: inout [Instruction]) throws(Failure) {
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
        }

        /// Each optional copy: split into it or past all the rest (the other way round when lazy).
        private mutating func emitOptionalCopies(of inner: Node, count: Int, lazy: Bool, into program: inout [Instruction]) throws(Failure) {
            var splits: [Int] = []
            for _ in 0..<count {
                splits.append(program.count)
                program.append(.split(program.count + 1, -1))
                try emit(inner, into: &program)
            }
            for split in splits { program[split] = lazy ? .split(program.count, split + 1) : .split(split + 1, program.count) }
        }

        /// L: split body, out; body; jump L. When backtracking, a register keeps where the body
        /// began, and a body that read nothing leaves the loop instead of jumping back.
        private mutating func emitLoop(_ inner: Node, lazy: Bool, into program: inout [Instruction]) throws(Failure) {
            let loop = program.count
            program.append(.split(-1, -1))
            if backtracking {
                let register = registers
                registers += 1
                program.append(.save(register))
                try emit(inner, into: &program)
                program.append(.repeatIfAdvanced(register: register, loop: loop))
            } else {
                try emit(inner, into: &program)
                program.append(.jump(loop))
            }
            program[loop] = lazy ? .split(program.count, loop + 1) : .split(loop + 1, program.count)
        }

        /// A look-around or atomic body, as a program of its own ending in `.match`.
        private mutating func subprogram(_ node: Node) throws(Failure) -> Int {
            let index = programs.count
            programs.append([])
            var body: [Instruction] = []
            try emit(node, into: &body)
            body.append(.match)
            finished += body.count
            programs[index] = body
            return index
        }
    }
}
