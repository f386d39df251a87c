import XCTest
@testable import TokUnicode

/// `UTF8Validation.firstInvalidOffset(in:)` checks 64-byte blocks at a time where the processor can
/// (AVX-512BW) and goes byte by byte after the first block with a fault; these tests hold it to the
/// byte-by-byte check from the start (`firstInvalidOffset(_:_:from: 0)`) and to the standard library's
/// validation, with faults on both sides of block edges.
final class UTF8ValidationTests: XCTestCase {
    /// The offset the byte-by-byte check gives for the whole buffer.
    private func byteByByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0.baseAddress!, $0.count, from: 0) }
    }

    private func blockwise(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
    }

    /// Well-formed text of `count` bytes or a few more: ASCII, two-, three- and four-byte characters.
    private func wellFormed(_ count: Int, _ generator: inout SplitMix) -> [UInt8] {
        let characters = ["a", " ", "é", "ß", "न", "म", "స్", "ా", "€", "\u{FFFD}", "😀", "𝄞", "\u{10FFFF}", "\u{E000}", "\u{7FF}", "\u{800}"]
            .map { Array($0.utf8) }
        var bytes: [UInt8] = []
        while bytes.count < count { bytes += characters[Int(generator.next() % UInt64(characters.count))] }
        return bytes
    }

    func testEveryLeadAndSecondByteAtEachSideOfABlockEdge() {
        // Each lead byte 80..FF followed by each second byte, then three kinds of tail, placed so that
        // the sequence starts before, at and after the edge of the first and of the second 64-byte block.
        var generator = SplitMix(state: 7)
        let before = wellFormed(200, &generator)
        for start in [61, 62, 63, 64, 65, 126, 127, 128] {
            // Cut the prefix at a character boundary at or before `start`, then pad with ASCII.
            var prefix = Array(before.prefix(start))
            while let last = prefix.last, last >= 0x80 { prefix.removeLast() }
            prefix += [UInt8](repeating: 0x41, count: start - prefix.count)
            for b0 in 0x80...0xFF {
                for b1 in 0...0xFF {
                    for tail: [UInt8] in [[0x80, 0x80], [0xBF, 0x41], []] {
                        var bytes = prefix + [UInt8(b0), UInt8(b1)] + tail
                        if b1 == 0xFF { bytes += [UInt8](repeating: 0x42, count: 70) }  // and a block after it
                        let expected = byteByByte(bytes)
                        XCTAssertEqual(blockwise(bytes), expected, "start \(start): \(b0) \(b1) \(tail)")
                        XCTAssertEqual(expected == nil, String(validating: bytes, as: UTF8.self) != nil)
                    }
                }
            }
        }
    }

    func testRandomFaultsInLongTextsGiveTheByteByByteOffset() {
        var generator = SplitMix(state: 2027)
        for round in 0..<4000 {
            var bytes = wellFormed(Int(generator.next() % 400), &generator)
            let faults = Int(generator.next() % 3)
            for _ in 0..<faults where !bytes.isEmpty {
                let at = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(generator.next() % 3)))
                case 2: bytes.insert(UInt8(0x80 + generator.next() % 0x80), at: at)
                default: bytes = Array(bytes.prefix(at))
                }
            }
            let expected = byteByByte(bytes)
            XCTAssertEqual(blockwise(bytes), expected, "round \(round)")
            XCTAssertEqual(expected == nil, String(validating: bytes, as: UTF8.self) != nil, "round \(round)")
        }
    }

    func testLongWellFormedTextAndASingleFaultAtEveryOffsetOfTwoBlocks() {
        var generator = SplitMix(state: 11)
        let text = wellFormed(300, &generator)
        XCTAssertNil(blockwise(text))
        for at in 0..<192 {
            for byte: UInt8 in [0x80, 0xC0, 0xE0, 0xFF] {
                var bytes = text
                bytes[at] = byte
                XCTAssertEqual(blockwise(bytes), byteByByte(bytes), "\(byte) at \(at)")
            }
        }
    }
}
