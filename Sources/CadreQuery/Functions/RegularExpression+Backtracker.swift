extension RegularExpression {
    /// The engine for patterns with back-references, look-around or atomic groups: a depth-first
    /// search over the program with an explicit stack (no recursion per scalar, so long texts
    /// cannot overflow the thread's stack), Ctrl-C heard every 4,096 steps, and at most
    /// `budget` steps per text (`maximumSteps` unless told).
    struct Backtracker {
        let expression: RegularExpression
        let text: [Unicode.Scalar]
        let budget: Int
        private var steps = 0

        init(expression: RegularExpression, text: [Unicode.Scalar], budget: Int) {
            self.expression = expression
            self.text = text
            self.budget = budget
        }

        /// A choice to come back to (`pc` ≥ 0, at `position`), or a register to restore
        /// (`pc` = -1 - register, `position` its old value). Eight bytes, as the stack may be long.
        private struct Entry {
            var pc: Int32
            var position: Int32
        }

        /// The end of the first match of program `index` from `start` (ending at `end` when given), in
        /// the pattern's order of preference; `registers` then hold its captures.
        mutating func run(_ index: Int, from start: Int, end: Int?, registers: inout [Int],
                          checkCancel: () throws -> Void) throws -> Int? {
            guard text.count < Int32.max else { throw Failure.tooCostly }
            let program = expression.programs[index]
            var stack = [Entry(pc: 0, position: Int32(start))]
            while let entry = stack.popLast() {
                if entry.pc < 0 {
                    registers[Int(-1 - entry.pc)] = Int(entry.position)
                    continue
                }
                var pc = Int(entry.pc), position = Int(entry.position)
                thread: while true {
                    steps += 1
                    if steps & 4095 == 0 {
                        try checkCancel()
                        if steps > budget { throw Failure.tooCostly }
                    }
                    let instruction = program[pc]
                    switch instruction {
                    case .scalar, .any, .set:
                        guard position < text.count, RegularExpression.reads(instruction, text[position]) else { break thread }
                        position += 1
                    case .atStart, .atEnd, .atInputEnd, .boundary:
                        guard RegularExpression.holds(instruction, at: position, in: text) else { break thread }
                    case .split(let first, let second):
                        stack.append(Entry(pc: Int32(second), position: Int32(position)))
                        pc = first
                        continue thread
                    case .jump(let target):
                        pc = target
                        continue thread
                    case .save(let register):
                        stack.append(Entry(pc: Int32(-1 - register), position: Int32(registers[register])))
                        registers[register] = position
                    case .close(let group):
                        for register in [3 * group, 3 * group + 1] {
                            stack.append(Entry(pc: Int32(-1 - register), position: Int32(registers[register])))
                        }
                        registers[3 * group] = registers[3 * group + 2]
                        registers[3 * group + 1] = position
                    case .repeatIfAdvanced(let register, let loop):
                        if registers[register] != position {
                            pc = loop
                            continue thread
                        }
                    case .reference(let group, let folding):
                        guard let after = repeats(group, at: position, folding: folding, registers) else { break thread }
                        position = after
                    case .look(let body, let behind, let negated):
                        var inner = registers
                        var found = false
                        if behind {
                            var from = position
                            while from >= 0 && !found {
                                found = try run(body, from: from, end: position, registers: &inner, checkCancel: checkCancel) != nil
                                from -= 1
                            }
                        } else {
                            found = try run(body, from: position, end: nil, registers: &inner, checkCancel: checkCancel) != nil
                        }
                        guard found != negated else { break thread }
                        if found { adopt(inner, into: &registers, stack: &stack) }
                    case .atomic(let body):
                        var inner = registers
                        guard let after = try run(body, from: position, end: nil, registers: &inner, checkCancel: checkCancel) else { break thread }
                        adopt(inner, into: &registers, stack: &stack)
                        position = after
                    case .match:
                        if let end, position != end { break thread }
                        return position
                    }
                    pc += 1
                }
            }
            return nil
        }

        /// Where a back-reference to `group` ends when the group's text repeats at `position`.
        private func repeats(_ group: Int, at position: Int, folding: Bool, _ registers: [Int]) -> Int? {
            let start = registers[3 * group], end = registers[3 * group + 1]
            guard start >= 0, end >= start, position + (end - start) <= text.count else { return nil }
            for offset in 0..<(end - start) {
                let a = text[start + offset], b = text[position + offset]
                guard a == b || (folding && RegularExpression.caseVariants(a).contains(b)) else { return nil }
            }
            return position + (end - start)
        }

        /// Takes the captures a look-around or atomic body made, undoable like any save.
        private func adopt(_ inner: [Int], into registers: inout [Int], stack: inout [Entry]) {
            for register in registers.indices where registers[register] != inner[register] {
                stack.append(Entry(pc: Int32(-1 - register), position: Int32(registers[register])))
                registers[register] = inner[register]
            }
        }
    }
}
