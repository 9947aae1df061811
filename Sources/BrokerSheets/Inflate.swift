import CZlib

/// A streaming raw-DEFLATE inflater (RFC 1951, as zip entries store data) and CRC-32, over zlib.
/// The only file that imports zlib.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var started = false

    /// How one call went: bytes taken from the input, bytes written to the output, and whether the
    /// DEFLATE stream ended.
    struct Step { var consumed: Int; var produced: Int; var finished: Bool }

    enum Failure: Error { case corrupt, noMemory }

    init() throws(Failure) {
        // zlib keeps a pointer back to its stream: the stream needs a stable address.
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard czlib_inflate_init_raw(stream) == Z_OK else {
            stream.deallocate()
            throw .noMemory
        }
        started = true
    }

    deinit {
        if started { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates from `input` into `output` until one of them is used up or the stream ends.
    func inflate(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) throws(Failure) -> Step {
        guard let outBase = output.baseAddress, output.count > 0 else { return Step(consumed: 0, produced: 0, finished: false) }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = outBase
        stream.pointee.avail_out = UInt32(output.count)
        let status = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch status {
        case Z_STREAM_END: return Step(consumed: consumed, produced: produced, finished: true)
        case Z_OK: return Step(consumed: consumed, produced: produced, finished: false)
        case Z_BUF_ERROR where consumed > 0 || produced > 0 || input.isEmpty:
            return Step(consumed: consumed, produced: produced, finished: false)
        case Z_MEM_ERROR: throw .noMemory
        default: throw .corrupt
        }
    }
}

/// CRC-32 (ISO 3309, as zip uses it), updated a buffer at a time.
struct CRC32 {
    private(set) var value: UInt32 = 0

    mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = UInt32(truncatingIfNeeded: crc32(UInt(value), base, UInt32(bytes.count)))
    }
}
