import Testing
@testable import CadreGraph

struct NormalizationTests {
    @Test func decomposedTextBecomesComposed() {
        let nfd = "Tra\u{0302}\u{0300}n"
        #expect(Array(Normalization.nfc(nfd).utf8) == Array("Tr\u{1EA7}n".utf8))
    }

    @Test func quickCheckAcceptsVietnameseNFCAndRejectsMarks() {
        #expect(Normalization.isQuickNFC("Trần Quốc Trung “Đảng” – 2020"))
        #expect(!Normalization.isQuickNFC("Tra\u{0302}n"))
    }

    @Test func composedTextIsUnchanged() {
        let text = "Huân chương Lao động hạng Nhì"
        #expect(Array(Normalization.nfc(text).utf8) == Array(text.utf8))
    }
}
