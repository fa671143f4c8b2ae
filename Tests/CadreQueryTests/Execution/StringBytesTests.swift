import CadreGraph
import Testing
@testable import CadreQuery

struct StringBytesTests {
    /// STARTS WITH, ENDS WITH and CONTAINS on stored bytes answer as on `String`s, for every
    /// pair of a small set of Vietnamese and ASCII strings, the empty one included (every
    /// string starts with, ends with and contains it).
    @Test func bytesAnswerAsStrings() {
        let words = ["", "H", "Hùng", "hùng", "Nguyễn Văn Hùng", "ùng", "Văn", "Nguyễn", "g", "Hùng Hùng", "đ", "Đ"]
        for text in words {
            for part in words {
                for op in [BinaryOperator.startsWith, .endsWith, .contains] {
                    var (a, b) = (text, part)
                    let bytes = a.withUTF8 { a in b.withUTF8 { b in Operations.matchBytes(op, a, b) } }
                    let expected: Bool = switch op {
                    case .startsWith: text.utf8.starts(with: part.utf8)
                    case .endsWith: text.utf8.reversed().starts(with: part.utf8.reversed())
                    default: part.isEmpty || text.utf8.count >= part.utf8.count
                        && (0...(text.utf8.count - part.utf8.count)).contains { Array(text.utf8).dropFirst($0).starts(with: part.utf8) }
                    }
                    #expect(bytes == expected, "\(text) \(op.rawValue) \(part)")
                }
            }
        }
    }
}
