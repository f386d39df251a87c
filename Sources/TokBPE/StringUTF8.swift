extension String {
    /// Calls `body` with the string's UTF-8 bytes: in place for a native string (no copy, no retain of
    /// its storage), else from a native copy. The encoders' entry point for `String` arguments.
    @inlinable
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
