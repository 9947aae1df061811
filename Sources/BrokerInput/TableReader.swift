import BrokerCase
import Foundation

/// The columns of one input kind.
public struct Schema: Sendable {
    public var kind: String
    /// Column names, lower case, in the order of `Row.values`.
    public var columns: [String]
    public var required: Set<String>
    public init(kind: String, columns: [String], required: Set<String>) {
        self.kind = kind; self.columns = columns; self.required = required
    }
    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }
}

/// The file formats read: CSV with a header row, or JSON Lines with the same keys.
public enum InputFormat: String, Sendable {
    case csv
    case jsonLines = "jsonl"
}

/// Rows of a CSV or JSON Lines file, as text values aligned to a `Schema`.
///
/// Open it, look at `header` to choose a schema (`bind`), then call `next()` until `nil`.
/// Header names are matched case-insensitively and trimmed.
public struct TableReader {
    /// One row: the line it starts on and one value per schema column (`nil` when absent or empty).
    public struct Row {
        public var line: Int
        public var values: [String?]
        public subscript(_ column: Int) -> String? { values[column] }
    }

    /// How a CSV file's records become rows: what a checking thread needs to read a plain line.
    package struct Layout: Sendable {
        /// The file named in messages.
        let name: String
        package let delimiter: UInt8
        let header: [String]
        /// Header position -> schema column (-1: ignored).
        package let slot: [Int]
        /// Columns in the schema.
        package let width: Int

        /// The row of a record; an error when its field count is not the header's.
        func row(_ record: CSVReader.Record) throws(InputError) -> Row {
            if record.fields.count != slot.count {
                throw InputError(SourceLocation(file: name, line: record.line),
                                 "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s") where the header has \(slot.count)")
            }
            var values = [String?](repeating: nil, count: width)
            for (i, field) in record.fields.enumerated() where slot[i] >= 0 && !field.isEmpty {
                values[slot[i]] = field
            }
            return Row(line: record.line, values: values)
        }

        /// A `CSVReader` error with the column at fault named, when the reader knows which field it was.
        func naming(_ error: InputError, field: Int?) -> InputError {
            var error = error
            if let field {
                error.column = field < header.count && !header[field].isEmpty ? header[field] : "field \(field + 1)"
            }
            return error
        }

        /// The row of a plain line (`CSVReader.nextPlainLine`) on line `line`, read as
        /// `TableReader.next()` would have read it there: the same values, the same errors.
        package func row(line: Int, bytes: UnsafeBufferPointer<UInt8>) throws(InputError) -> Row {
            var reader = CSVReader(name: name, delimiter: delimiter, line: line, bytes: Array(bytes))
            let record: CSVReader.Record?
            do { record = try reader.next() } catch { throw naming(error, field: reader.problemField) }
            return try row(record!)
        }
    }

    /// A row as `nextRead` gives it.
    package enum Read {
        /// A plain CSV line on this line, its bytes appended to the caller's.
        case line(Int)
        case row(Row)
    }

    public let input: ByteInput
    public let format: InputFormat
    /// Column names as found (CSV header, or the keys of the first JSON object), lower-cased and trimmed.
    public private(set) var header: [String] = []
    /// Columns present that the schema does not know (ignored in lenient mode).
    public private(set) var unknownColumns: [String] = []
    private var schema = Schema(kind: "", columns: [], required: [])
    private var csv: CSVReader?
    private var lines: LineReader?
    private var pending: (line: Int, object: [String: Any])?
    /// How CSV records become rows (set by `bind`).
    package private(set) var layout: Layout
    private var headerLine = 1
    private var columnIndex: [String: Int] = [:]

    /// Opens `input` and reads its header (CSV) or first object (JSON Lines). The format is taken
    /// from the file name's extension, else from the first byte (`{` means JSON Lines).
    public init(input: ByteInput, format: InputFormat? = nil) throws(InputError) {
        self.input = input
        let lower = input.name.lowercased()
        let guessed: InputFormat? = format
            ?? (lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") ? .jsonLines
                : lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") ? .csv : nil)
        var lineReader = LineReader(input: input)
        if let guessed { self.format = guessed } else {
            self.format = try lineReader.peekFirstByte() == UInt8(ascii: "{") ? .jsonLines : .csv
        }
        let location = SourceLocation(file: input.name, line: 1)
        // A `.tsv` file separates its values by tabs; every other table by commas.
        let delimiter = UInt8(ascii: input.name.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        layout = Layout(name: input.name, delimiter: delimiter, header: [], slot: [], width: 0)
        switch self.format {
        case .csv:
            var reader = CSVReader(input: input, delimiter: delimiter)
            lineReader.handOver(to: &reader)
            let firstRecord: CSVReader.Record?
            do { firstRecord = try reader.next() } catch {
                // Without a header no row can be read: the whole file is unusable.
                throw InputError(error.location, "header row: \(error.message) (is this a CSV or JSON Lines file?)", fatal: true)
            }
            guard let first = firstRecord else { throw InputError(location, "empty file: no header row", fatal: true) }
            headerLine = first.line
            header = first.fields.map { $0.trimmingWhitespace().lowercased() }
            csv = reader
        case .jsonLines:
            let firstObject: (Int, [String: Any])?
            do { firstObject = try TableReader.nextObject(&lineReader, name: input.name) } catch {
                // The first object names the columns: without it no row can be read.
                throw InputError(error.location, column: error.column, "first object: \(error.message)", fatal: true)
            }
            guard let (line, object) = firstObject else {
                throw InputError(location, "empty file: no JSON object", fatal: true)
            }
            header = object.keys.map { $0.trimmingWhitespace().lowercased() }.sorted()
            pending = (line, object)
            lines = lineReader
        }
    }

    /// Chooses the schema; checks the header for duplicate and missing columns and, unless
    /// `allowUnknown`, for unknown ones.
    public mutating func bind(_ schema: Schema, allowUnknown: Bool) throws(InputError) {
        self.schema = schema
        let location = SourceLocation(file: input.name, line: headerLine)
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw InputError(location, column: name, "duplicate column", fatal: true)
        }
        let missing = schema.columns.filter { schema.required.contains($0) && !seen.contains($0) }
        if !missing.isEmpty {
            throw InputError(location, "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (a \(schema.kind) file needs \(schema.columns.filter(schema.required.contains).joined(separator: ", ")))", fatal: true)
        }
        unknownColumns = header.filter { schema.index(of: $0) == nil }
        if !allowUnknown, let unknown = unknownColumns.first {
            throw InputError(location, column: unknown, "unknown column (known: \(schema.columns.joined(separator: ", ")))", fatal: true)
        }
        layout = Layout(name: input.name, delimiter: layout.delimiter, header: header,
                        slot: header.map { schema.index(of: $0) ?? -1 }, width: schema.columns.count)
        columnIndex = Dictionary(uniqueKeysWithValues: schema.columns.enumerated().map { ($1, $0) })
    }

    /// The next row, `nil` at the end; a malformed row throws a non-fatal error and reading can go on.
    public mutating func next() throws(InputError) -> Row? {
        switch format {
        case .csv:
            let next: CSVReader.Record?
            do { next = try csv!.next() } catch { throw layout.naming(error, field: csv!.problemField) }
            guard let record = next else { return nil }
            return try layout.row(record)
        case .jsonLines:
            let line: Int, object: [String: Any]
            if let p = pending {
                (line, object) = p
                pending = nil
            } else {
                guard let p = try TableReader.nextObject(&lines!, name: input.name) else { return nil }
                (line, object) = p
            }
            return try row(line: line, object: object)
        }
    }

    /// The next row as the reading thread of `ParsedRowStream` takes it: a plain CSV line as its
    /// bytes (appended to `bytes`, read later with `layout`), any other row as `next()` gives it.
    package mutating func nextRead(appendingTo bytes: inout [UInt8]) throws(InputError) -> Read? {
        if format == .csv, let line = csv!.nextPlainLine(appendingTo: &bytes) { return .line(line) }
        return try next().map(Read.row)
    }

    private func row(line: Int, object: [String: Any]) throws(InputError) -> Row {
        let location = SourceLocation(file: input.name, line: line)
        var values = [String?](repeating: nil, count: schema.columns.count)
        for key in object.keys.sorted() {
            let name = key.trimmingWhitespace().lowercased()
            guard let index = columnIndex[name] else {
                if unknownColumns.contains(name) { continue }
                throw InputError(location, column: name, "unknown key (known: \(schema.columns.joined(separator: ", ")))")
            }
            switch object[key]! {
            case is NSNull: values[index] = nil
            case let text as String: values[index] = text.isEmpty ? nil : text
            case let number as NSNumber:
                if TableReader.isBoolean(number) { values[index] = number.boolValue ? "true" : "false" }
                else if String(cString: number.objCType) != "d", let exact = Int64(exactly: number.int64Value), "\(exact)" == "\(number)" { values[index] = String(exact) }
                else { values[index] = "\(number)" }
            default:
                throw InputError(location, column: name, "expected a string or a number, found a JSON array or object")
            }
        }
        return Row(line: line, values: values)
    }

    /// Whether a number from JSONSerialization was written `true` or `false`.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// The next non-blank line parsed as a JSON object.
    private static func nextObject(_ lines: inout LineReader, name: String) throws(InputError) -> (Int, [String: Any])? {
        while let (line, bytes) = try lines.next() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let location = SourceLocation(file: name, line: line)
            guard String(validating: bytes, as: UTF8.self) != nil else { throw InputError(location, "invalid UTF-8") }
            let parsed: Any
            do { parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) }
            catch { throw InputError(location, "invalid JSON (truncated line, or not JSON)") }
            guard let object = parsed as? [String: Any] else { throw InputError(location, "expected a JSON object") }
            return (line, object)
        }
        return nil
    }
}

/// Lines of bytes (LF, CRLF or CR ends; a byte-order mark skipped), for JSON Lines.
struct LineReader {
    let input: ByteInput
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var started = false
    private var line = 0
    private var skipLineFeed = false

    init(input: ByteInput) { self.input = input }

    /// Looks at the first byte that is not white space or a byte-order mark, without consuming it.
    mutating func peekFirstByte() throws(InputError) -> UInt8? {
        if !started { try fill() }
        var i = position
        while true {
            while i < chunk.count {
                let b = chunk[i]
                if b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return b }
                i += 1
            }
            if atEnd || chunk.count > 1 << 16 { return nil }
            let more = try input.read()
            if more.isEmpty { atEnd = true; return nil }
            chunk.append(contentsOf: more)
        }
    }

    /// Passes any bytes already read on to a CSV reader (used once, right after a peek).
    mutating func handOver(to reader: inout CSVReader) {
        if !chunk.isEmpty || atEnd { reader.prime(Array(chunk[position...]), atEnd: atEnd && position == chunk.count) }
    }

    private mutating func fill() throws(InputError) {
        chunk = try input.read()
        position = 0
        if chunk.isEmpty { atEnd = true }
        if !started {
            started = true
            // A pipe may deliver the byte-order mark in pieces.
            while !chunk.isEmpty && chunk.count < 3 {
                let more = try input.read()
                if more.isEmpty { break }
                chunk += more
            }
            if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }
    }

    mutating func next() throws(InputError) -> (Int, [UInt8])? {
        var bytes: [UInt8] = []
        var any = false
        var tooLong = false
        while true {
            if position == chunk.count {
                if atEnd { break }
                try fill()
                continue
            }
            let byte = chunk[position]
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == 0x0A { continue }
            }
            if byte == 0x0A || byte == 0x0D {
                line += 1
                if byte == 0x0D { skipLineFeed = true }
                if tooLong { throw InputError(SourceLocation(file: input.name, line: line), "line longer than 4 MiB") }
                return (line, bytes)
            }
            any = true
            if bytes.count < CSVReader.maxFieldBytes * 4 { bytes.append(byte) } else { tooLong = true }
        }
        if !any { return nil }
        line += 1
        if tooLong { throw InputError(SourceLocation(file: input.name, line: line), "line longer than 4 MiB") }
        return (line, bytes)
    }
}
