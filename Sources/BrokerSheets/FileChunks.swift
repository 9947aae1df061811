import Glibc

/// A file opened for reading at any offset (`pread`), closed when released.
final class RandomAccessFile {
    let name: String
    let size: UInt64
    private let fd: Int32

    init(path: String, name: String) throws(SheetError) {
        self.name = name
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SheetError(file: name, errno == ENOENT ? "no such file" : "cannot be opened (\(String(cString: strerror(errno))))") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw SheetError(file: name, "not a regular file")
        }
        self.fd = fd
        self.size = UInt64(info.st_size)
    }

    deinit { Glibc.close(fd) }

    /// Up to `count` bytes at `offset` (fewer at the end of the file).
    func read(at offset: UInt64, count: Int) throws(SheetError) -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let wanted = Int(min(UInt64(count), size - offset))
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, initialized in
            var done = 0
            guard let base = buffer.baseAddress else { initialized = 0; return }
            while done < wanted {
                let n = pread(fd, base + done, wanted - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = n < 0; break }
                done += n
            }
            initialized = done
        }
        if failed { throw SheetError(file: name, "read failed (\(String(cString: strerror(errno))))") }
        return bytes
    }
}

/// A file read from start to end in chunks: the raw bytes for `TextDecoder`.
public final class FileChunks: ChunkReader {
    private let file: RandomAccessFile
    private let chunkSize: Int
    private var offset: UInt64 = 0

    /// Opens `path`; `name` is what messages call the file (the path by default).
    public init(path: String, name: String? = nil, chunkSize: Int = 1 << 20) throws(SheetError) {
        file = try RandomAccessFile(path: path, name: name ?? path)
        self.chunkSize = max(1, chunkSize)
    }

    public func read() throws(SheetError) -> [UInt8] {
        let chunk = try file.read(at: offset, count: chunkSize)
        offset += UInt64(chunk.count)
        return chunk
    }
}

/// Bytes already in memory served a chunk at a time (tests; a small size exercises boundaries).
public final class MemoryChunks: ChunkReader {
    private let bytes: [UInt8]
    private let chunkSize: Int
    private var offset = 0

    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 16) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    public func read() throws(SheetError) -> [UInt8] {
        let end = min(bytes.count, offset + chunkSize)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
