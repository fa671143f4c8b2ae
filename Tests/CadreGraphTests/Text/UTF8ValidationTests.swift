import Testing
@testable import CadreGraph

struct UTF8ValidationTests {
    @Test(arguments: [
        ([UInt8]("Trần 中 👍".utf8), nil as Int?),
        ([0x61, 0xC0, 0x80], 1),        // overlong
        ([0x61, 0x62, 0xED, 0xA0, 0x80], 2), // surrogate
        ([0xE1, 0xBA], 0),              // truncated
        ([0x61, 0xF5, 0x80, 0x80, 0x80], 1), // above U+10FFFF
        ([0x80], 0),                    // lone continuation
        ([0xF0, 0x9F, 0x91, 0x41], 0),  // bad fourth byte
    ])
    func findsTheFirstInvalidByte(bytes: [UInt8], offset: Int?) {
        #expect(UTF8Validation.firstInvalidOffset(in: bytes) == offset)
    }
}
