import BrokerCase
import Foundation

/// Bytes read in chunks from a file or standard input, hashed as they pass (SHA-256), so a file
/// is read once however large it is.
public final class ByteInput {
    /// The name shown in messages: the path as given, or `stdin`.
    public let name: String
    private let handle: FileHandle
    private var hasher = SHA256()
    private let chunkSize: Int
    /// Total bytes read so far.
    public private(set) var bytesRead = 0

    /// Opens `path` (`-` is standard input).
    public init(path: String, chunkSize: Int = 1 << 20) throws(InputError) {
        self.chunkSize = chunkSize
        if path == "-" {
            name = "stdin"
            handle = FileHandle.standardInput
            return
        }
        name = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(SourceLocation(file: path, line: 0), "no such file", fatal: true)
        }
        guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(SourceLocation(file: path, line: 0), "cannot be read (a directory, or no permission)", fatal: true)
        }
        self.handle = handle
    }

    /// An input over bytes already in memory (tests, fuzzing), served `chunkSize` bytes at a time
    /// (a small size exercises the readers' chunk boundaries).
    public init(name: String, bytes: [UInt8], chunkSize: Int = 1 << 20) {
        self.name = name
        self.chunkSize = max(1, chunkSize)
        self.handle = FileHandle.nullDevice
        self.preloaded = bytes
    }
    private var preloaded: [UInt8]?
    private var preloadedOffset = 0
    /// Decoded text pulled from another reader (GB18030, UTF-16), which hashes the file's own bytes.
    private var pull: (() throws(InputError) -> [UInt8])?
    private var pulledHash: (() -> String)?

    /// An input whose bytes come from `pull` (text decoded to UTF-8); `sha256` gives the hash of
    /// the file's own bytes, which `pull`'s reader computes.
    public init(name: String, pull: @escaping () throws(InputError) -> [UInt8], sha256: @escaping () -> String) {
        self.name = name
        chunkSize = 1 << 20
        handle = FileHandle.nullDevice
        self.pull = pull
        pulledHash = sha256
    }

    deinit { if handle !== FileHandle.standardInput && handle !== FileHandle.nullDevice { try? handle.close() } }

    /// The next chunk, or an empty array at the end.
    public func read() throws(InputError) -> [UInt8] {
        let chunk: [UInt8]
        if let pull {
            let chunk = try pull()
            bytesRead += chunk.count
            return chunk
        }
        if let bytes = preloaded {
            let end = min(bytes.count, preloadedOffset + chunkSize)
            chunk = Array(bytes[preloadedOffset..<end])
            preloadedOffset = end
        } else {
            do {
                chunk = [UInt8]((try handle.read(upToCount: chunkSize)) ?? Data())
            } catch {
                throw InputError(SourceLocation(file: name, line: 0), "read failed: \(error.localizedDescription)", fatal: true)
            }
        }
        bytesRead += chunk.count
        hasher.update(chunk)
        return chunk
    }

    /// SHA-256 of all bytes read, in hexadecimal.
    public var sha256: String { pulledHash?() ?? hasher.finalize().hexString }
}
