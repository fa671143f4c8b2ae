import Foundation

/// Unicode normalization of stored text. Everything cadre stores is NFC.
public enum Normalization {
    /// The NFC form of `text`. Text made only of scalars that can neither decompose nor combine
    /// (below U+0300, Latin Extended Additional, common punctuation: all of Vietnamese in NFC)
    /// is returned as is, without calling Foundation.
    public static func nfc(_ text: String) -> String {
        if isQuickNFC(text) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// True when `text` is certainly NFC already, judged without normalizing.
    public static func isQuickNFC(_ text: String) -> Bool {
        var copy = text
        if copy.withUTF8({ bytes in bytes.allSatisfy { $0 < 0x80 } }) { return true }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x300, 0x1E00...0x1EFF, 0x2010...0x2027, 0x2030...0x205E: continue
            default: return false
            }
        }
        return true
    }
}
