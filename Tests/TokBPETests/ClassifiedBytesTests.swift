import CTokCategories
@testable import TokBPE
import XCTest

/// The scanners' UTF-8 decoder against the table of well-formed byte sequences in the Unicode
/// Standard (chapter 3, table 3-7), on every lead byte and every second byte.
final class ClassifiedBytesTests: XCTestCase {
    /// The length of the well-formed sequence that `bytes` starts with, or `nil`, from the table's
    /// byte ranges.
    func wellFormedLength(_ bytes: [UInt8]) -> Int? {
        let b0 = bytes[0]
        func inRange(_ k: Int, _ range: ClosedRange<UInt8>) -> Bool { k < bytes.count && range.contains(bytes[k]) }
        let tail: ClosedRange<UInt8> = 0x80...0xBF
        switch b0 {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return inRange(1, tail) ? 2 : nil
        case 0xE0...0xEF:
            let second: ClosedRange<UInt8> = b0 == 0xE0 ? 0xA0...0xBF : b0 == 0xED ? 0x80...0x9F : tail
            return inRange(1, second) && inRange(2, tail) ? 3 : nil
        case 0xF0...0xF4:
            let second: ClosedRange<UInt8> = b0 == 0xF0 ? 0x90...0xBF : b0 == 0xF4 ? 0x80...0x8F : tail
            return inRange(1, second) && inRange(2, tail) && inRange(3, tail) ? 4 : nil
        default: return nil
        }
    }

    func scalar(_ bytes: [UInt8], _ length: Int) -> UInt32 {
        switch length {
        case 1: return UInt32(bytes[0])
        case 2: return UInt32(bytes[0] & 0x1F) << 6 | UInt32(bytes[1] & 0x3F)
        case 3: return UInt32(bytes[0] & 0x0F) << 12 | UInt32(bytes[1] & 0x3F) << 6 | UInt32(bytes[2] & 0x3F)
        default:
            return UInt32(bytes[0] & 0x07) << 18 | UInt32(bytes[1] & 0x3F) << 12 | UInt32(bytes[2] & 0x3F) << 6
                | UInt32(bytes[3] & 0x3F)
        }
    }

    func testEveryLeadAndSecondByteAgainstTheUnicodeTable() {
        var checked = 0
        for b0 in 0x80...0xFF {
            for b1 in 0...0xFF {
                for b2: UInt8 in [0x00, 0x41, 0x7F, 0x80, 0x95, 0xBF, 0xC0, 0xE0, 0xFF] {
                    for b3: UInt8 in [0x80, 0xBF, 0x20] {
                        let full = [UInt8(b0), UInt8(b1), b2, b3]
                        // The whole sequence, then cut short at each length (a sequence at the end of the text).
                        for count in 1...4 {
                            let bytes = Array(full.prefix(count))
                            let (cls, length) = bytes.withUnsafeBufferPointer { buffer in
                                ClassifiedBytes(base: buffer.baseAddress!, count: count).classAt(0)
                            }
                            if let expected = wellFormedLength(bytes) {
                                XCTAssertEqual(length, expected, "\(bytes)")
                                XCTAssertEqual(cls, tok_category(scalar(bytes, expected)), "\(bytes)")
                            } else {
                                XCTAssertEqual(length, 1, "\(bytes)")
                                XCTAssertEqual(cls, CharClass.other, "\(bytes)")
                            }
                            checked += 1
                        }
                    }
                }
            }
        }
        XCTAssertEqual(checked, 128 * 256 * 9 * 3 * 4)
    }

    func testIndicLettersAndMarks() {
        // क (U+0915, a letter), ् (U+094D, a mark), ఆ (U+0C06, a Telugu letter).
        for (text, expected) in [("क", CharClass.otherLetter), ("्", CharClass.mark), ("ఆ", CharClass.otherLetter)] {
            let bytes = Array(text.utf8)
            let (cls, length) = bytes.withUnsafeBufferPointer { buffer in
                ClassifiedBytes(base: buffer.baseAddress!, count: bytes.count).classAt(0)
            }
            XCTAssertEqual(cls, expected, text)
            XCTAssertEqual(length, 3, text)
        }
    }
}
