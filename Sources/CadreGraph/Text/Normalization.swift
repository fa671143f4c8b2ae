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
        for scalar in text.unicodeScalars where !isQuickNFC(scalar: scalar.value) { return false }
        return true
    }

    /// `isQuickNFC` over valid UTF-8 bytes, without making a `String`.
    public static func isQuickNFC(utf8 bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time: most stored text is ASCII.
            if index + 8 <= count, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = UInt32(bytes[index])
            if lead < 0x80 { index += 1; continue }
            var scalar: UInt32
            if lead < 0xE0 {
                guard index + 1 < count else { return false }
                scalar = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                guard index + 2 < count else { return false }
                scalar = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                return false // outside the BMP: let Foundation decide
            }
            if !isQuickNFC(scalar: scalar) { return false }
        }
        return true
    }

    /// Scalars that can neither decompose nor combine, Vietnamese in NFC among them.
    private static func isQuickNFC(scalar: UInt32) -> Bool {
        switch scalar {
        case 0..<0x300, 0x1E00...0x1EFF, 0x2010...0x2027, 0x2030...0x205E: true
        default: false
        }
    }
}
