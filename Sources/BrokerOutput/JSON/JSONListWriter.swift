import Foundation

/// Writes a JSON array one element at a time, byte for byte as `encode` writes the whole array,
/// so a list of millions (a national case's screening) is never held whole, in values or in text.
public struct JSONListWriter {
    private let output: ([UInt8]) -> Void
    private var count = 0
    private var buffer: [UInt8] = []

    /// The one JSON form of every output, printed or saved: indented, keys sorted, slashes as
    /// they are, and a final newline.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
    }

    /// A writer that hands its text to `output` in blocks of about a megabyte.
    public init(output: @escaping ([UInt8]) -> Void) { self.output = output }

    /// Appends one element.
    public mutating func write<T: Encodable>(_ element: T) throws {
        var text = try Self.encode(element)
        text.removeLast()   // the final newline
        buffer += Array((count == 0 ? "[\n  " : ",\n  ").utf8)
        // Inside the array every line is indented two spaces deeper; empty lines (an empty
        // array's) stay empty. Strings hold no raw newline (JSON escapes it).
        let newline = UInt8(ascii: "\n")
        for (i, byte) in text.enumerated() {
            buffer.append(byte)
            if byte == newline && i + 1 < text.count && text[i + 1] != newline { buffer += [UInt8(ascii: " "), UInt8(ascii: " ")] }
        }
        count += 1
        if buffer.count > 1 << 20 { flush() }
    }

    /// Closes the array.
    public mutating func finish() throws {
        if count == 0 { buffer = try Self.encode([Int]()) } else { buffer += Array("\n]\n".utf8) }
        flush()
    }

    private mutating func flush() {
        output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
