import Glibc

/// Text encodings of seized CSV and text files.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// GB18030, a superset of GBK and GB2312 (what Excel saves as CSV on a Chinese Windows).
    case gb18030 = "gb18030"

    /// An encoding by a name a user may give: `utf-8`, `gb18030`, `gbk`, `gb2312`, `cp936`,
    /// `utf-16` (little-endian unless a byte-order mark says otherwise), `utf-16le`, `utf-16be`.
    public init?(named name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        case "utf-16", "utf16", "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        default: return nil
        }
    }
}

/// Turns a byte stream in any `TextEncoding` into UTF-8 chunks, streaming: a character split
/// across chunks decodes as if it were whole. The byte-order mark is removed.
///
/// The encoding is, in order: the declared one; the one a byte-order mark names; UTF-16 if the
/// first `sniffBytes` hold NUL bytes (which UTF-8 and GB18030 text never does; little-endian when
/// they fall on odd offsets); UTF-8 if they are valid UTF-8; else GB18030. Bytes that are invalid in the encoding stop reading with an error naming the byte
/// offset and the line. GB18030 and UTF-16 go through glibc's `iconv`.
public final class TextDecoder: ChunkReader {
    /// The file's name in messages.
    public let name: String
    /// The encoding in use (declared or detected).
    public let encoding: TextEncoding
    private let source: ChunkReader
    private let observe: (([UInt8]) -> Void)?
    private var pending: [UInt8]
    private var carry: [UInt8] = []
    private var converter: iconv_t?
    private var offset = 0          // source bytes consumed before `carry`
    private var lines = 1           // line of the next output byte
    private var validator = UTF8Validator()
    private var atEnd = false

    /// Starts decoding `source`; reads up to `sniffBytes` ahead to detect the encoding.
    /// `observe` sees every raw chunk as it is read (to hash the file's own bytes, say).
    public init(_ source: ChunkReader, name: String, declared: TextEncoding? = nil, sniffBytes: Int = 64 << 10,
                observe: (([UInt8]) -> Void)? = nil) throws(SheetError) {
        self.source = source
        self.name = name
        self.observe = observe
        var head: [UInt8] = []
        while head.count < max(4, sniffBytes) {
            let chunk = try source.read()
            if chunk.isEmpty { atEnd = true; break }
            observe?(chunk)
            head += chunk
        }
        var bomLength = 0
        var detected: TextEncoding
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { detected = .utf8; bomLength = 3 }
        else if head.starts(with: [0xFF, 0xFE]) { detected = .utf16LE; bomLength = 2 }
        else if head.starts(with: [0xFE, 0xFF]) { detected = .utf16BE; bomLength = 2 }
        else if head.starts(with: [0x84, 0x31, 0x95, 0x33]) { detected = .gb18030; bomLength = 4 }
        else if let firstNUL = head.firstIndex(of: 0) {
            detected = firstNUL % 2 == 1 ? .utf16LE : .utf16BE
        } else {
            var probe = UTF8Validator()
            detected = probe.check(head[...], final: atEnd) == nil ? .utf8 : .gb18030
        }
        if let declared {
            let bomAgrees = declared == detected || (declared != .utf8 && declared != .gb18030 && (detected == .utf16LE || detected == .utf16BE))
            if !(bomLength > 0 && bomAgrees) { bomLength = 0; detected = declared }
        }
        encoding = detected
        pending = Array(head.dropFirst(bomLength))
        offset = bomLength
        if encoding != .utf8 {
            let from = encoding == .gb18030 ? "GB18030" : encoding == .utf16LE ? "UTF-16LE" : "UTF-16BE"
            let cd = iconv_open("UTF-8", from)
            guard let cd, cd != iconv_t(bitPattern: -1) else { throw SheetError(file: name, "cannot decode \(from): iconv has no converter") }
            converter = cd
        }
    }

    /// Opens the file at `path` and decodes it; `name` is what messages call it.
    public convenience init(path: String, name: String? = nil, declared: TextEncoding? = nil,
                            observe: (([UInt8]) -> Void)? = nil) throws(SheetError) {
        try self.init(FileChunks(path: path, name: name), name: name ?? path, declared: declared, observe: observe)
    }

    deinit { if let converter { iconv_close(converter) } }

    /// The next chunk of UTF-8, or an empty array at the end.
    public func read() throws(SheetError) -> [UInt8] {
        while true {
            var input: [UInt8]
            if !pending.isEmpty {
                input = pending
                pending = []
            } else if atEnd {
                input = []
            } else {
                input = try source.read()
                if input.isEmpty { atEnd = true } else { observe?(input) }
            }
            if input.isEmpty && !atEnd { continue }
            let output = encoding == .utf8 ? try passUTF8(input) : try convert(input)
            if !output.isEmpty {
                for byte in output where byte == 0x0A { lines += 1 }
                return output
            }
            if atEnd && pending.isEmpty { return [] }
        }
    }

    private func passUTF8(_ input: [UInt8]) throws(SheetError) -> [UInt8] {
        if let bad = validator.check(input[...], final: atEnd && pending.isEmpty) {
            throw SheetError(file: name, row: lines + input[..<min(bad, input.count)].count(where: { $0 == 0x0A }),
                             "invalid UTF-8 at byte \(offset + bad) (declare the encoding, e.g. gb18030)")
        }
        offset += input.count
        return input
    }

    /// Converts `carry + input` with iconv; keeps an incomplete character at the end for next time.
    private func convert(_ input: [UInt8]) throws(SheetError) -> [UInt8] {
        var bytes = carry + input
        carry = []
        if bytes.isEmpty { return [] }
        let label = encoding == .gb18030 ? "GB18030" : "UTF-16"
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var produced = 0
        var consumed = 0
        var status = 0, error: Int32 = 0
        bytes.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
                var outLeft = outBuffer.count
                status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                error = errno
                consumed = inBuffer.count - inLeft
                produced = outBuffer.count - outLeft
            }
        }
        if status == -1 {
            let rest = bytes.count - consumed
            let line = lines + output[..<produced].count(where: { $0 == 0x0A })
            if error == EINVAL && rest <= 4 && !atEnd {
                carry = Array(bytes[consumed...])
            } else if error == EINVAL {
                throw SheetError(file: name, row: line, "file ends inside a \(label) character (truncated?)")
            } else if error == EILSEQ {
                throw SheetError(file: name, row: line, "invalid \(label) byte sequence at byte \(offset + consumed)")
            } else {
                throw SheetError(file: name, row: line, "\(label) decoding failed (\(String(cString: strerror(error))))")
            }
        }
        offset += consumed
        output.removeSubrange(produced...)
        return output
    }
}

/// Checks UTF-8 a chunk at a time, carrying an incomplete sequence over to the next chunk.
struct UTF8Validator {
    private var needed = 0          // continuation bytes still expected
    private var lower: UInt8 = 0x80 // bounds of the next continuation byte (overlongs, surrogates)
    private var upper: UInt8 = 0xBF

    /// The index in `bytes` of the first invalid byte, or nil; with `final`, a sequence cut off at
    /// the end counts as invalid (at `bytes.count`).
    mutating func check(_ bytes: ArraySlice<UInt8>, final: Bool) -> Int? {
        var index = 0
        for byte in bytes {
            defer { index += 1 }
            if needed > 0 {
                guard byte >= lower && byte <= upper else { return index }
                needed -= 1; lower = 0x80; upper = 0xBF
                continue
            }
            switch byte {
            case 0x00...0x7F: continue
            case 0xC2...0xDF: needed = 1
            case 0xE0: needed = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: needed = 2
            case 0xED: needed = 2; upper = 0x9F
            case 0xF0: needed = 3; lower = 0x90
            case 0xF1...0xF3: needed = 3
            case 0xF4: needed = 3; upper = 0x8F
            default: return index
            }
        }
        return final && needed > 0 ? bytes.count : nil
    }
}
