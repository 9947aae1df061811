import BrokerCase
/// A streaming reader of comma-separated values (RFC 4180, leniently), or of values separated by
/// another single byte (tab for `.tsv`, `;`, `|`): quoted fields may hold the separator, doubled
/// quotes and line breaks; lines end with LF, CRLF or a lone CR; a UTF-8
/// byte-order mark is skipped; blank lines are skipped. Memory is bounded by the longest row.
package struct CSVReader {
    /// One record: its fields and the line it starts on (1-based).
    package struct Record {
        package var line: Int
        package var fields: [String]
    }

    /// Longest field accepted, in bytes.
    package static let maxFieldBytes = 1 << 20

    private let input: ByteInput
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var started = false
    private var line = 1
    private var skipLineFeed = false
    /// The 0-based field at fault in the last error thrown by `next()`, when it was one field.
    package private(set) var problemField: Int?
    /// Fields in the widest record so far (to reserve room).
    private var fieldCountHint = 8

    /// The byte between fields: `,` unless told otherwise.
    package let delimiter: UInt8

    /// A reader of `input` with fields separated by `delimiter` (not a quote or a line break).
    package init(input: ByteInput, delimiter: UInt8 = UInt8(ascii: ",")) {
        precondition(delimiter != 0x22 && delimiter != 0x0A && delimiter != 0x0D, "a delimiter cannot be a quote or line break")
        self.input = input
        self.delimiter = delimiter
    }

    /// Starts from bytes another reader already took from the input (byte-order mark removed).
    mutating func prime(_ bytes: [UInt8], atEnd: Bool) {
        chunk = bytes
        position = 0
        started = true
        self.atEnd = atEnd
    }

    /// A reader of one plain line (`nextPlainLine`) that starts on line `line` of the file `name`:
    /// its `next()` reads the line as the file's reader would have.
    init(name: String, delimiter: UInt8, line: Int, bytes: [UInt8]) {
        self.init(input: ByteInput(name: name, bytes: []), delimiter: delimiter)
        prime(bytes, atEnd: true)
        self.line = line
    }

    /// Takes the next record if it is a plain line: no quote, and its line end among the bytes
    /// already read (blank lines before it are skipped). Appends its bytes, without the line end,
    /// to `bytes` and returns the line it is on; `nil` leaves the record to `next()`.
    /// - Complexity: O(bytes in the line).
    package mutating func nextPlainLine(appendingTo bytes: inout [UInt8]) -> Int? {
        while position < chunk.count {
            let first = chunk[position]
            if skipLineFeed {
                skipLineFeed = false
                if first == 0x0A { position += 1; continue }
            }
            if first == 0x0A || first == 0x0D {
                // A blank line.
                line += 1
                position += 1
                skipLineFeed = first == 0x0D
                continue
            }
            let end = chunk.withUnsafeBufferPointer { chunk in
                var i = position
                // Eight bytes at a time up to the first eight that hold a line end or a quote.
                let words = UnsafeRawPointer(chunk.baseAddress!)
                while i + 8 <= chunk.count {
                    let word = words.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if CSVReader.holds(word, 0x0A) || CSVReader.holds(word, 0x0D) || CSVReader.holds(word, 0x22) { break }
                    i += 8
                }
                while i < chunk.count {
                    let b = chunk[i]
                    if b == 0x0A || b == 0x0D || b == 0x22 { break }
                    i += 1
                }
                return i
            }
            if end == chunk.count || chunk[end] == 0x22 { return nil }
            bytes.append(contentsOf: chunk[position..<end])
            skipLineFeed = chunk[end] == 0x0D
            position = end + 1
            line += 1
            return line - 1
        }
        return nil
    }

    /// The next record, `nil` at the end, or an error for a malformed record (after which reading
    /// goes on with the next line).
    package mutating func next() throws(InputError) -> Record? {
        var fields: [String] = []
        fields.reserveCapacity(fieldCountHint)
        defer { fieldCountHint = max(fieldCountHint, fields.count) }
        var field: [UInt8] = []
        var quoted = false        // inside a quoted field
        var afterQuote = false    // just after the closing quote of a field
        var fieldWasQuoted = false
        var recordLine = line
        var problem: String?
        var quoteLine = line
        var anything = false
        problemField = nil

        func flag(_ message: String) {
            if problem == nil { problem = message; problemField = fields.count }
        }

        func finishField() {
            if field.count > CSVReader.maxFieldBytes {
                flag("field longer than 1 MiB")
            }
            if let text = CSVReader.text(field) {
                fields.append(text)
            } else {
                flag("invalid UTF-8")
                fields.append("")
            }
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
            afterQuote = false
        }

        while true {
            if position == chunk.count {
                if atEnd { break }
                chunk = try input.read()
                position = 0
                if chunk.isEmpty { atEnd = true; break }
                if !started {
                    started = true
                    // A pipe may deliver the byte-order mark in pieces.
                    while chunk.count < 3 {
                        let more = try input.read()
                        if more.isEmpty { break }
                        chunk += more
                    }
                    if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
                }
                continue
            }
            if !quoted && !afterQuote && !skipLineFeed && field.isEmpty,
               let (text, end) = unquotedField(from: position) {
                // Fast path: an unquoted field that ends inside this chunk, taken in one piece.
                // (Empty and quoted fields, and fields cut by the chunk's end, take the slow path.)
                anything = true
                if let text { fields.append(text) } else {
                    flag("invalid UTF-8")
                    fields.append("")
                }
                position = end + 1
                if chunk[end] == delimiter { continue }
                line += 1
                if chunk[end] == 0x0D { skipLineFeed = true }
                return try record(fields, recordLine, problem)
            }
            let byte = chunk[position]
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == 0x0A {
                    // The LF of a CRLF: inside quotes it is part of the value, kept as given.
                    if quoted && field.count <= CSVReader.maxFieldBytes { field.append(byte) }
                    continue
                }
            }
            if quoted {
                if byte == 0x22 {
                    if position == chunk.count, !atEnd {
                        // Need the next byte to tell "" from a closing quote.
                        chunk = try input.read()
                        position = 0
                        if chunk.isEmpty { atEnd = true }
                    }
                    if position < chunk.count && chunk[position] == 0x22 {
                        field.append(0x22)
                        position += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == 0x0A { line += 1 } else if byte == 0x0D {
                        line += 1
                        skipLineFeed = true
                    }
                    if field.count <= CSVReader.maxFieldBytes { field.append(byte) } else {
                        flag("quoted field longer than 1 MiB (unterminated quote at line \(quoteLine)?)")
                    }
                }
                continue
            }
            switch byte {
            case delimiter:
                anything = true
                finishField()
            case 0x0A, 0x0D:
                line += 1
                if byte == 0x0D { skipLineFeed = true }
                if !anything && field.isEmpty && fields.isEmpty && problem == nil {
                    recordLine = line   // blank line
                    continue
                }
                finishField()
                return try record(fields, recordLine, problem)
            case 0x22 where field.isEmpty && !fieldWasQuoted && !afterQuote:
                quoted = true
                fieldWasQuoted = true
                anything = true
                quoteLine = line
            default:
                if afterQuote {
                    flag("text after the closing quote of a field")
                }
                anything = true
                if field.count <= CSVReader.maxFieldBytes { field.append(byte) } else {
                    flag("field longer than 1 MiB")
                }
            }
        }
        if quoted {
            problemField = fields.count
            finishField()
            throw InputError(SourceLocation(file: input.name, line: recordLine),
                             "unterminated quote (opened on line \(quoteLine)) at end of file")
        }
        if !anything && field.isEmpty && fields.isEmpty { return nil }
        finishField()
        return try record(fields, recordLine, problem)
    }

    /// Whether any of the eight bytes of `word` is `byte`.
    @inline(__always) static func holds(_ word: UInt64, _ byte: UInt8) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let x = word ^ (ones &* UInt64(byte))   // a zero byte where `word` has `byte`
        return (x &- ones) & ~x & (ones &* 0x80) != 0
    }

    /// The field as text, `nil` when it is not valid UTF-8.
    static func text(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { text($0, ascii: $0.allSatisfy { $0 < 0x80 }) }
    }

    /// The bytes as text, `nil` when they are not valid UTF-8; `ascii` (known) skips the check.
    @inline(__always) static func text(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        if ascii || text.utf8.elementsEqual(bytes) { return text }
        return nil
    }

    /// A non-empty unquoted field starting at `start` and ending (at a comma or line end) inside the
    /// current chunk: its text (`nil` for invalid UTF-8) and the position of the byte that ends it.
    @inline(__always) private func unquotedField(from start: Int) -> (String?, Int)? {
        let delimiter = self.delimiter
        return chunk.withUnsafeBufferPointer { buffer -> (String?, Int)? in
            let first = buffer[start]
            if first == 0x22 || first == delimiter || first == 0x0A || first == 0x0D { return nil }
            var i = start
            var high: UInt8 = 0
            let limit = min(buffer.count, start + CSVReader.maxFieldBytes)
            while i < limit {
                let b = buffer[i]
                if b == delimiter || b == 0x0A || b == 0x0D {
                    return (CSVReader.text(UnsafeBufferPointer(rebasing: buffer[start..<i]), ascii: high < 0x80), i)
                }
                high |= b
                i += 1
            }
            return nil
        }
    }

    private func record(_ fields: [String], _ line: Int, _ problem: String?) throws(InputError) -> Record {
        if let problem { throw InputError(SourceLocation(file: input.name, line: line), problem) }
        return Record(line: line, fields: fields)
    }
}
