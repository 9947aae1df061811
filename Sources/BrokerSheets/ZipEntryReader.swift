/// Streams one zip entry's uncompressed bytes, a chunk at a time, in constant memory (64 KiB of
/// compressed input, 256 KiB of output), checking sizes, ratio and CRC as it goes.
public final class ZipEntryReader: ChunkReader {
    public let entry: ZipArchive.Entry
    private let archive: ZipArchive
    private let inflater: Inflater?
    private var offset: UInt64
    private var compressedLeft: UInt64
    private var input: [UInt8] = []
    private var inputPosition = 0
    private var produced: UInt64 = 0
    private var crc = CRC32()
    private var streamEnded = false
    private var finished = false
    static let outputSize = 256 << 10
    static let inputSize = 64 << 10

    init(archive: ZipArchive, entry: ZipArchive.Entry) throws(SheetError) {
        self.archive = archive
        self.entry = entry
        let name = entry.name
        guard !entry.isEncrypted else { throw archive.fail("\(name): encrypted entries are not supported (password-protected file)") }
        guard entry.method == 0 || entry.method == 8 else { throw archive.fail("\(name): unsupported compression method \(entry.method)") }
        guard entry.uncompressedSize <= archive.limits.maxEntrySize else {
            throw archive.fail("\(name): uncompressed size \(entry.uncompressedSize) bytes is above the limit of \(archive.limits.maxEntrySize)")
        }
        if entry.method == 0 && entry.compressedSize != entry.uncompressedSize {
            throw archive.fail("broken zip: \(name): stored entry sizes differ")
        }
        let header = Bytes(try archive.file.read(at: entry.localHeaderOffset, count: 30))
        guard header.count == 30, header.u32(0) == 0x0403_4B50 else { throw archive.fail("broken zip: \(name): local header missing (truncated?)") }
        offset = entry.localHeaderOffset + 30 + UInt64(header.u16(26)) + UInt64(header.u16(28))
        guard offset <= archive.file.size, entry.compressedSize <= archive.file.size - offset else {
            throw archive.fail("broken zip: \(name): data runs past the end of the file (truncated?)")
        }
        compressedLeft = entry.compressedSize
        if entry.method == 8 {
            do { inflater = try Inflater() } catch { throw archive.fail("out of memory starting the inflater") }
        } else {
            inflater = nil
        }
    }

    /// The next chunk of uncompressed bytes, or an empty array at the end of the entry.
    public func read() throws(SheetError) -> [UInt8] {
        while !finished {
            let chunk = try inflater == nil ? readStored() : inflateSome()
            if !chunk.isEmpty { try account(chunk) }
            if streamEnded { try finish() }
            if !chunk.isEmpty { return chunk }
        }
        return []
    }

    private func readStored() throws(SheetError) -> [UInt8] {
        guard compressedLeft > 0 else { streamEnded = true; return [] }
        let chunk = try archive.file.read(at: offset, count: Int(min(compressedLeft, UInt64(Self.outputSize))))
        guard !chunk.isEmpty else { throw archive.fail("broken zip: \(entry.name): truncated") }
        offset += UInt64(chunk.count)
        compressedLeft -= UInt64(chunk.count)
        return chunk
    }

    private func inflateSome() throws(SheetError) -> [UInt8] {
        guard let inflater else { return [] }
        if inputPosition == input.count && compressedLeft > 0 {
            input = try archive.file.read(at: offset, count: Int(min(compressedLeft, UInt64(Self.inputSize))))
            guard !input.isEmpty else { throw archive.fail("broken zip: \(entry.name): truncated") }
            inputPosition = 0
            offset += UInt64(input.count)
            compressedLeft -= UInt64(input.count)
        }
        var failure: Inflater.Failure?
        var step = Inflater.Step(consumed: 0, produced: 0, finished: false)
        let start = inputPosition
        let output = [UInt8](unsafeUninitializedCapacity: Self.outputSize) { out, initialized in
            input.withUnsafeBufferPointer { all in
                let rest = UnsafeBufferPointer(rebasing: all[start...])
                do throws(Inflater.Failure) { step = try inflater.inflate(rest, into: out) } catch { failure = error }
            }
            initialized = step.produced
        }
        if let failure {
            throw archive.fail(failure == .noMemory ? "out of memory while inflating" : "broken zip: \(entry.name): corrupt compressed data")
        }
        inputPosition += step.consumed
        if step.finished {
            streamEnded = true
        } else if step.produced == 0 && step.consumed == 0 && inputPosition == input.count && compressedLeft == 0 {
            throw archive.fail("broken zip: \(entry.name): compressed data ends early (truncated?)")
        }
        return output
    }

    /// Counts produced bytes against the declared size and the limits; updates the CRC.
    private func account(_ chunk: [UInt8]) throws(SheetError) {
        produced += UInt64(chunk.count)
        archive.totalInflated += UInt64(chunk.count)
        let limits = archive.limits
        if produced > entry.uncompressedSize {
            throw archive.fail("\(entry.name): inflates past its declared size (zip bomb?)")
        }
        let compressedUsed = entry.compressedSize - compressedLeft - UInt64(input.count - inputPosition)
        if produced > limits.ratioFloor && produced / max(compressedUsed, 1) > limits.maxRatio {
            throw archive.fail("\(entry.name): compression ratio above \(limits.maxRatio):1 (zip bomb?)")
        }
        if archive.totalInflated > limits.maxTotalSize {
            throw archive.fail("archive inflates to more than \(limits.maxTotalSize) bytes in all (zip bomb?)")
        }
        chunk.withUnsafeBufferPointer { crc.update($0) }
    }

    private func finish() throws(SheetError) {
        finished = true
        guard produced == entry.uncompressedSize else {
            throw archive.fail("broken zip: \(entry.name): \(produced) bytes where the directory says \(entry.uncompressedSize)")
        }
        guard crc.value == entry.crc32 else { throw archive.fail("broken zip: \(entry.name): CRC mismatch (damaged file)") }
    }
}
