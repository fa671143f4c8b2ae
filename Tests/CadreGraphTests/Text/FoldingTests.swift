import Testing
@testable import CadreGraph

struct FoldingTests {
    @Test(arguments: [
        ("Trần Quốc Trung", "tran quoc trung"),
        ("Đảng bộ", "dang bo"),
        ("ĐẢNG", "dang"),
        ("Thành ủy Cần Thơ khóa XIII", "thanh uy can tho khoa xiii"),
        ("ơ ư ă â ê ô", "o u a a e o"),
        ("Tra\u{0302}\u{0300}n", "tran"),
        ("khoá", "khoa"),
        ("ASCII only", "ascii only"),
        ("Ἀθῆναι", "αθηναι"),
        ("Ωmega Đ", "ωmega d"),
    ])
    func foldsAccentsCaseAndD(text: String, folded: String) {
        #expect(Folding.fold(text) == folded)
    }

    @Test func nfcAndNfdFoldAlike() {
        #expect(Folding.fold("Lê Tấn Thủ") == Folding.fold("Le\u{0302} Ta\u{0302}\u{0301}n Thu\u{0309}"))
    }

    @Test(arguments: [
        ("Bí thư Thành ủy", "bi-thu-thanh-uy"),
        ("  Trần Quốc Trung  ", "tran-quoc-trung"),
        ("Kỷ niệm chương “Vì sự nghiệp”", "ky-niem-chuong-vi-su-nghiep"),
        ("---", ""),
    ])
    func slugs(text: String, slug: String) {
        #expect(Folding.slug(text) == slug)
    }
}
