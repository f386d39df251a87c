import Foundation

/// The Unicode 16.0 classes the hand-written Split scanners need (the Unicode version of
/// `tokenizers`' Oniguruma), from a generated two-stage table (`generate_categories.py`).
final class CategoryTable: Sendable {
    static let other: UInt8 = 0
    static let letter: UInt8 = 1
    static let mark: UInt8 = 2
    static let number: UInt8 = 3
    static let punctuation: UInt8 = 4
    static let symbol: UInt8 = 5
    static let space: UInt8 = 6
    static let newline: UInt8 = 7

    /// The one table, decoded on first use and immutable afterwards.
    static let shared = CategoryTable()

    private let stage1: [UInt16]
    private let stage2: [UInt8]

    private init() {
        let s1 = Data(base64Encoded: CategoryTable.stage1Base64)!
        stage1 = stride(from: 0, to: s1.count, by: 2).map { UInt16(s1[$0]) | UInt16(s1[$0 + 1]) << 8 }
        stage2 = Array(Data(base64Encoded: CategoryTable.stage2Base64)!)
    }

    /// The class of a scalar value.
    @inline(__always)
    func classOf(_ scalar: UInt32) -> UInt8 {
        guard scalar < 0x110000 else { return CategoryTable.other }
        return stage2[Int(stage1[Int(scalar >> 7)]) << 7 | Int(scalar & 127)]
    }

    /// The class and byte length of the scalar at `i` of valid UTF-8.
    @inline(__always)
    func classAt(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (UInt8, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (stage2[Int(b0)], 1) }  // block 0 holds U+0000…U+007F
        var value: UInt32
        var length: Int
        if b0 < 0xE0 {
            value = UInt32(b0 & 0x1F); length = 2
        } else if b0 < 0xF0 {
            value = UInt32(b0 & 0x0F); length = 3
        } else {
            value = UInt32(b0 & 0x07); length = 4
        }
        guard i + length <= n else { return (CategoryTable.other, 1) }
        for k in 1..<length { value = value << 6 | UInt32(p[i + k] & 0x3F) }
        return (classOf(value), length)
    }
}
