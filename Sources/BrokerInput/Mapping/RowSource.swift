import BrokerCase

/// One row of a seized file: its 1-based row (line) number and its cells as text.
public struct SourceRow: Sendable, Equatable {
    public var number: Int
    public var cells: [String]
    public init(number: Int, cells: [String]) { self.number = number; self.cells = cells }
}

/// The rows of a file whatever its shape: CSV text of any delimiter and encoding, or one sheet of
/// a workbook. The mapping engine reads only this.
public protocol RowSource: AnyObject {
    /// The file as named in messages.
    var file: String { get }
    /// The sheet read, for workbooks.
    var sheet: String? { get }
    /// The next row, `nil` at the end. A malformed row throws a non-fatal error (reading goes
    /// on); an unreadable file throws a fatal one.
    func next() throws(InputError) -> SourceRow?
    /// SHA-256 of the file's bytes, once every row was read.
    var sha256: String { get }
}

extension RowSource {
    /// `FILE` or `FILE:SHEET`, the prefix of every message about a row.
    public var displayName: String { sheet.map { "\(file):\($0)" } ?? file }
}

/// Rows of delimited text (CSV, TSV, or any one-byte delimiter) in UTF-8, quoted as RFC 4180.
public final class DelimitedRowSource: RowSource {
    public let file: String
    public var sheet: String? { nil }
    private var reader: CSVReader
    private let input: ByteInput

    public init(input: ByteInput, delimiter: UInt8 = 0x2C) {
        self.input = input
        file = input.name
        reader = CSVReader(input: input, delimiter: delimiter)
    }

    public func next() throws(InputError) -> SourceRow? {
        guard let record = try reader.next() else { return nil }
        return SourceRow(number: record.line, cells: record.fields)
    }

    public var sha256: String { input.sha256 }
}

/// Rows held in memory (tests, and sources already decoded).
public final class ArrayRowSource: RowSource {
    public let file: String
    public let sheet: String?
    private var rows: [SourceRow]
    private var position = 0
    public init(file: String, sheet: String? = nil, rows: [[String]]) {
        self.file = file; self.sheet = sheet
        self.rows = rows.enumerated().map { SourceRow(number: $0.offset + 1, cells: $0.element) }
    }
    public func next() throws(InputError) -> SourceRow? {
        guard position < rows.count else { return nil }
        position += 1
        return rows[position - 1]
    }
    public var sha256: String {
        var hasher = SHA256()
        for row in rows { hasher.update(Array((row.cells.joined(separator: "\u{1F}") + "\n").utf8)) }
        return hasher.finalize().hexString
    }
}
