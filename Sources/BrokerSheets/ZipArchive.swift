/// A zip archive (PKWARE APPNOTE 6.3), as XLSX workbooks are: its central directory read once,
/// each entry streamed on demand in constant memory.
///
/// Hostile files are refused with a clear message: not a zip, truncated or damaged, zip64 records
/// that do not add up, too many entries, encrypted entries, methods other than stored and deflated,
/// entries larger than `Limits.maxEntrySize`, entries that inflate past their declared size or past
/// `Limits.maxRatio` (zip bombs), and CRC mismatches (checked when an entry is read to its end).
public final class ZipArchive {
    /// One file in the archive, as its central-directory record describes it.
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// 0 stored, 8 deflated (others are refused when opened).
        public var method: UInt16
        public var compressedSize: UInt64
        public var uncompressedSize: UInt64
        public var crc32: UInt32
        public var isEncrypted: Bool
        var localHeaderOffset: UInt64
    }

    /// Bounds that keep a hostile archive from using up memory, disk or time.
    public struct Limits: Sendable {
        /// Most entries accepted in the central directory.
        public var maxEntries = 100_000
        /// Largest uncompressed size of one entry (declared or inflated).
        public var maxEntrySize: UInt64 = 4 << 30
        /// Largest compression ratio (bytes out per compressed byte taken) accepted once an entry
        /// has inflated past `ratioFloor` bytes. XML parts of real workbooks compress 5 to 50 times.
        public var maxRatio: UInt64 = 1_000
        /// Output below which the ratio is not checked (small parts may compress very well).
        public var ratioFloor: UInt64 = 1 << 20
        /// Most bytes inflated from the whole archive, over every entry read.
        public var maxTotalSize: UInt64 = 16 << 30
        public init() {}
    }

    /// The file's name in messages.
    public let name: String
    /// The entries in central-directory order.
    public let entries: [Entry]
    public let limits: Limits
    let file: RandomAccessFile
    /// Bytes inflated so far from every entry (for `Limits.maxTotalSize`).
    var totalInflated: UInt64 = 0

    /// Reads the central directory of the zip file at `path`; `name` is what messages call it.
    /// - Complexity: O(entries); reads at most the last 64 KiB and the central directory.
    public init(path: String, name: String? = nil, limits: Limits = Limits()) throws(SheetError) {
        let file = try RandomAccessFile(path: path, name: name ?? path)
        self.file = file
        self.name = file.name
        self.limits = limits
        self.entries = try ZipArchive.readDirectory(file, limits)
    }

    /// The entry with this exact name, if any.
    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// A reader of the entry's uncompressed bytes.
    public func open(_ entry: Entry) throws(SheetError) -> ZipEntryReader {
        try ZipEntryReader(archive: self, entry: entry)
    }

    /// The whole uncompressed entry, refused above `maxBytes` (for small parts such as
    /// `xl/workbook.xml`).
    public func contents(of entry: Entry, maxBytes: Int) throws(SheetError) -> [UInt8] {
        guard entry.uncompressedSize <= UInt64(maxBytes) else {
            throw fail("\(entry.name): larger than \(maxBytes) bytes")
        }
        let reader = try open(entry)
        var bytes: [UInt8] = []
        while true {
            let chunk = try reader.read()
            if chunk.isEmpty { return bytes }
            bytes += chunk
        }
    }

    func fail(_ message: String) -> SheetError { SheetError(file: name, message) }

    // MARK: - Central directory

    private static func readDirectory(_ file: RandomAccessFile, _ limits: Limits) throws(SheetError) -> [Entry] {
        func fail(_ message: String) -> SheetError { SheetError(file: file.name, message) }
        let size = file.size
        let head = try file.read(at: 0, count: 8)
        guard size >= 22 else {
            throw fail(head.starts(with: [0x50, 0x4B]) ? "broken zip: truncated" : "not a zip file (an XLSX workbook is a zip archive)")
        }
        let tailStart = size - min(size, 65_557)
        let tail = try file.read(at: tailStart, count: Int(size - tailStart))
        var eocd = -1
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 5 && tail[i + 3] == 6 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else {
            if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw fail("not a zip file: an old-format .xls workbook or a password-protected XLSX (save it as an unprotected .xlsx)")
            }
            if head.starts(with: [0x50, 0x4B, 3, 4]) { throw fail("broken zip: no end of central directory (truncated?)") }
            throw fail("not a zip file (an XLSX workbook is a zip archive)")
        }
        let record = Bytes(tail)
        if record.u16(eocd + 4) != 0 || record.u16(eocd + 6) != 0 { throw fail("multi-volume zip archives are not supported") }
        var count = UInt64(record.u16(eocd + 10))
        var directorySize = UInt64(record.u32(eocd + 12))
        var directoryOffset = UInt64(record.u32(eocd + 16))
        let eocdOffset = tailStart + UInt64(eocd)
        var directoryEnd = eocdOffset
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the record points at the zip64 end of central directory.
            guard eocd >= 20, record.u32(eocd - 20) == 0x0706_4B50 else { throw fail("broken zip: zip64 locator missing") }
            let zip64Offset = record.u64(eocd - 12)
            guard zip64Offset <= eocdOffset - 20 else { throw fail("broken zip: zip64 record outside the file") }
            let zip64 = Bytes(try file.read(at: zip64Offset, count: 56))
            guard zip64.count == 56, zip64.u32(0) == 0x0606_4B50 else { throw fail("broken zip: zip64 end of central directory missing") }
            count = zip64.u64(32)
            directorySize = zip64.u64(40)
            directoryOffset = zip64.u64(48)
            directoryEnd = zip64Offset
        }
        guard count <= UInt64(limits.maxEntries) else { throw fail("too many entries (\(count), at most \(limits.maxEntries))") }
        guard directoryOffset <= directoryEnd, directorySize <= directoryEnd - directoryOffset else {
            throw fail("broken zip: central directory outside the file (truncated?)")
        }
        guard directorySize <= 256 << 20 else { throw fail("central directory too large") }
        let directory = Bytes(try file.read(at: directoryOffset, count: Int(directorySize)))
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= directory.count, directory.u32(p) == 0x0201_4B50 else { throw fail("broken zip: bad central directory record") }
            let nameLength = Int(directory.u16(p + 28)), extraLength = Int(directory.u16(p + 30))
            let commentLength = Int(directory.u16(p + 32))
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw fail("broken zip: bad central directory record") }
            var entry = Entry(
                name: String(decoding: directory.bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                method: directory.u16(p + 10), compressedSize: UInt64(directory.u32(p + 20)),
                uncompressedSize: UInt64(directory.u32(p + 24)), crc32: directory.u32(p + 16),
                isEncrypted: directory.u16(p + 8) & 1 != 0, localHeaderOffset: UInt64(directory.u32(p + 42)))
            try readZip64Extra(directory, from: p + 46 + nameLength, length: extraLength, into: &entry, fail)
            entries.append(entry)
            p = next
        }
        return entries
    }

    /// Replaces the 32-bit fields set to 0xFFFFFFFF by the zip64 extra field's 64-bit values.
    private static func readZip64Extra(_ d: Bytes, from start: Int, length: Int, into entry: inout Entry,
                                       _ fail: (String) -> SheetError) throws(SheetError) {
        var q = start
        let end = start + length
        while q + 4 <= end {
            let id = d.u16(q), size = Int(d.u16(q + 2))
            guard q + 4 + size <= end else { break }
            if id == 1 {
                var f = q + 4
                func take() throws(SheetError) -> UInt64 {
                    guard f + 8 <= q + 4 + size else { throw fail("broken zip: short zip64 extra field") }
                    defer { f += 8 }
                    return d.u64(f)
                }
                if entry.uncompressedSize == 0xFFFF_FFFF { entry.uncompressedSize = try take() }
                if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = try take() }
                if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = try take() }
                return
            }
            q += 4 + size
        }
    }
}

/// Little-endian fields of a byte array; callers check bounds before reading.
struct Bytes {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var count: Int { bytes.count }
    func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
    func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}
