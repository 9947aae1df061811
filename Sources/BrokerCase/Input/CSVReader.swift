/// A streaming reader of comma-separated values (RFC 4180, leniently): quoted fields may hold
/// commas, doubled quotes and line breaks; lines end with LF, CRLF or a lone CR; a UTF-8
/// byte-order mark is skipped; blank lines are skipped. Memory is bounded by the longest row.
public struct CSVReader {
    /// One record: its fields and the line it starts on (1-based).
    public struct Record {
        public var line: Int
        public var fields: [String]
    }

    /// Longest field accepted, in bytes.
    public static let maxFieldBytes = 1 << 20

    private let input: ByteInput
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var started = false
    private var line = 1
    private var skipLineFeed = false

    public init(input: ByteInput) { self.input = input }

    /// Starts from bytes another reader already took from the input (byte-order mark removed).
    mutating func prime(_ bytes: [UInt8], atEnd: Bool) {
        chunk = bytes
        position = 0
        started = true
        self.atEnd = atEnd
    }

    /// The next record, `nil` at the end, or an error for a malformed record (after which reading
    /// goes on with the next line).
    public mutating func next() throws(InputError) -> Record? {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false        // inside a quoted field
        var afterQuote = false    // just after the closing quote of a field
        var fieldWasQuoted = false
        var recordLine = line
        var problem: String?
        var quoteLine = line
        var anything = false

        func finishField() {
            if field.count > CSVReader.maxFieldBytes {
                problem = problem ?? "field longer than 1 MiB"
            }
            if let text = CSVReader.text(field) {
                fields.append(text)
            } else {
                problem = problem ?? "invalid UTF-8"
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
                    if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
                }
                continue
            }
            let byte = chunk[position]
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == 0x0A { continue }
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
                        problem = problem ?? "quoted field longer than 1 MiB (unterminated quote at line \(quoteLine)?)"
                    }
                }
                continue
            }
            switch byte {
            case 0x2C:
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
                    problem = problem ?? "text after the closing quote of a field"
                }
                anything = true
                if field.count <= CSVReader.maxFieldBytes { field.append(byte) } else {
                    problem = problem ?? "field longer than 1 MiB"
                }
            }
        }
        if quoted {
            finishField()
            throw InputError(SourceLocation(file: input.name, line: recordLine),
                             "unterminated quote (opened on line \(quoteLine)) at end of file")
        }
        if !anything && field.isEmpty && fields.isEmpty { return nil }
        finishField()
        return try record(fields, recordLine, problem)
    }

    /// The bytes as a string, `nil` when they are not valid UTF-8 (ASCII takes a fast path).
    static func text(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var ascii = true
            for b in buffer where b >= 0x80 { ascii = false; break }
            return ascii ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
        }
    }

    private func record(_ fields: [String], _ line: Int, _ problem: String?) throws(InputError) -> Record {
        if let problem { throw InputError(SourceLocation(file: input.name, line: line), problem) }
        return Record(line: line, fields: fields)
    }
}
