import Testing
@testable import CadreGraph

struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3),
        ("Trần", 4),
        ("Tra\u{0302}\u{0300}n", 4),
        ("中文", 4),
        ("한국어", 6),
        ("a\u{200B}b", 2),
        ("👍", 2),
        ("", 0),
    ])
    func columns(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }
}
