#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable buffer of plain values (integers, or structs of them) in `malloc`ed memory, for the
/// trainer's large arenas (word symbols, pair word lists, the merge queue).
///
/// Unlike an array it grows and shrinks with `realloc`: a large block is remapped by the kernel
/// without copying its pages, so growing never holds the old and the new buffer at once (an array's
/// reallocation briefly needs both), and shrinking gives the tail back. It is a class: copies of the
/// value that holds it share the buffer, so each owner keeps its one reference.
final class MallocBuffer<Element: BitwiseCopyable> {
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

    /// A buffer that owns `base` (`malloc`ed, with room for `count` elements, all in use).
    private init(adopting base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
        capacity = count
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

    /// Appends `n` elements of uninitialized value (for integers any bit pattern is valid; other
    /// elements must be written before they are read), growing the buffer by a quarter at least when
    /// it is full.
    func appendUninitialized(_ n: Int) {
        if count + n > capacity { resize(max(count + n, capacity + capacity / 4)) }
        count += n
    }


    /// Removes and returns the last element (the buffer must not be empty).
    @inline(__always)
    func removeLast() -> Element {
        count -= 1
        return base[count]
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

extension MallocBuffer where Element: FixedWidthInteger {
    /// Appends `n` zeros.
    func appendZeros(_ n: Int) {
        appendUninitialized(n)
        (base + count - n).initialize(repeating: 0, count: n)
    }

    /// Takes over the storage of `narrow` (which is left empty) and widens its elements to `Element`
    /// in place: the storage is reallocated to the wider size (a large block is remapped, not copied)
    /// and the elements are converted from the last to the first, so that no element is overwritten
    /// before it is read. The narrow and the wide buffer are never held at once.
    convenience init<Narrow: FixedWidthInteger & UnsignedInteger>(widening narrow: MallocBuffer<Narrow>) {
        precondition(MemoryLayout<Element>.stride >= MemoryLayout<Narrow>.stride, "widening to a narrower type")
        let n = narrow.count
        let raw = realloc(narrow.base, max(n, 1) * MemoryLayout<Element>.stride)!
        narrow.base = malloc(1)!.assumingMemoryBound(to: Narrow.self)
        narrow.count = 0
        narrow.capacity = 0
        var i = n - 1
        while i >= 0 {
            let value = raw.load(fromByteOffset: i * MemoryLayout<Narrow>.stride, as: Narrow.self)
            raw.storeBytes(of: Element(truncatingIfNeeded: value), toByteOffset: i * MemoryLayout<Element>.stride, as: Element.self)
            i -= 1
        }
        self.init(adopting: raw.bindMemory(to: Element.self, capacity: max(n, 1)), count: n)
    }
}
