/// A working array for one call of a kernel: allocated once, reached without bounds checks or
/// copy-on-write, and freed by the caller (`defer { x.free() }`). Kernels use several of these
/// instead of nesting one `withUnsafeMutableBufferPointer` closure per array.
///
/// For trivial element types (integers, floating point, `Bool`) only: nothing is deinitialised.
struct Scratch<Element: BitwiseCopyable> {
    let buffer: UnsafeMutableBufferPointer<Element>

    /// `count` copies of `value`. - Complexity: O(count).
    init(repeating value: Element, count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: value)
    }

    /// A copy of `array`. - Complexity: O(n).
    init(_ array: [Element]) {
        buffer = .allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
    }

    @inline(__always) subscript(_ i: Int) -> Element {
        get { buffer[i] }
        nonmutating set { buffer[i] = newValue }
    }

    /// The contents as an array. - Complexity: O(n).
    var array: [Element] { Array(buffer) }

    func free() { buffer.deallocate() }
}
