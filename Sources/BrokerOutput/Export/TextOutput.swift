/// Text written a piece at a time and handed on in blocks of about a megabyte, so an export of a
/// national case is never one string in memory.
public final class TextOutput {
    private let flush: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []

    /// An output whose blocks go to `flush` (a file's writes; a test's array).
    public init(flush: @escaping ([UInt8]) throws -> Void) { self.flush = flush }

    /// Appends `text`. - Complexity: O(text), a `flush` per megabyte.
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        try closeIfFull()
    }

    /// Appends bytes already encoded (a renderer's output). - Complexity: O(bytes).
    public func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        try closeIfFull()
    }

    private func closeIfFull() throws { if buffer.count >= 1 << 20 { try close() } }

    /// Hands on what is still buffered; the output can be written to again after.
    public func close() throws {
        guard !buffer.isEmpty else { return }
        try flush(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
