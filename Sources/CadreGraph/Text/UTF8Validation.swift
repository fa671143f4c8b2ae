/// Strict UTF-8 validation over bytes (no overlong forms, no surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
    /// The offset of the first byte that does not start or continue a valid sequence, or nil
    /// when all of `bytes` is valid UTF-8.
    public static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        let high: UInt64 = 0x8080_8080_8080_8080
        while index < count {
            // ASCII 32 bytes at a time, then 8: most of a graph file is ASCII.
            if index + 32 <= count {
                let words = UnsafeRawPointer(bytes.baseAddress! + index)
                if (words.loadUnaligned(as: UInt64.self) | words.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | words.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | words.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) & high == 0 {
                    index += 32
                    continue
                }
            }
            if index + 8 <= count, UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & high == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lowerBound: UInt8 = 0x80
            var upperBound: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowerBound = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upperBound = 0x9F
            case 0xF0: length = 4; lowerBound = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upperBound = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            if second < lowerBound || second > upperBound { return index }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    public static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidOffset(in: $0) }
    }
}
