#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable buffer of plain integers in `malloc`ed memory, for the trainer's large arenas (word
/// symbols, pair word lists).
///
/// Unlike an array it grows and shrinks with `realloc`: a large block is remapped by the kernel
/// without copying its pages, so growing never holds the old and the new buffer at once (an array's
/// reallocation briefly needs both), and shrinking gives the tail back. It is a class: copies of the
/// value that holds it share the buffer, so each owner keeps its one reference.
final class MallocBuffer<Element: FixedWidthInteger> {
    /// The first element.
    private(set) var base: UnsafeMutablePointer<Element>
    /// The number of elements in use.
    private(set) var count = 0
    /// The number of elements there is room for.
    private(set) var capacity: Int

    /// An empty buffer with room for `capacity` elements.
    init(capacity: Int = 0) {
        self.capacity = capacity
        base = malloc(max(capacity, 1) * MemoryLayout<Element>.stride)!.assumingMemoryBound(to: Element.self)
    }

    deinit { free(base) }

    /// The element at `index` (unchecked, like a pointer).
    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// The valid indices, `0..<count`.
    var indices: Range<Int> { 0..<count }

    /// Appends one element.
    @inline(__always)
    func append(_ value: Element) {
        if count == capacity { resize(max(16, capacity + capacity / 2)) }
        base[count] = value
        count += 1
    }

    /// Makes room for at least `capacity` elements.
    func reserve(_ capacity: Int) {
        guard capacity > self.capacity else { return }
        resize(capacity)
    }

    /// Appends `n` elements of uninitialized value (integers: any bit pattern is valid), growing the
    /// buffer by a quarter at least when it is full.
    func appendUninitialized(_ n: Int) {
        if count + n > capacity { resize(max(count + n, capacity + capacity / 4)) }
        count += n
    }

    /// Appends `n` zeros.
    func appendZeros(_ n: Int) {
        appendUninitialized(n)
        (base + count - n).initialize(repeating: 0, count: n)
    }

    /// Drops the elements from `count` on, keeping the room.
    func truncate(to count: Int) {
        precondition(count <= self.count)
        self.count = count
    }

    /// Drops the elements from `count` on and frees the room after them.
    func shrink(to count: Int) {
        truncate(to: count)
        if count < capacity { resize(count) }
    }

    /// Frees the room beyond `capacity` elements (at least `count` are kept).
    func limitCapacity(_ capacity: Int) {
        let target = max(capacity, count)
        if target < self.capacity { resize(target) }
    }

    private func resize(_ newCapacity: Int) {
        base = realloc(base, max(newCapacity, 1) * MemoryLayout<Element>.stride)!.assumingMemoryBound(to: Element.self)
        capacity = newCapacity
    }
}
