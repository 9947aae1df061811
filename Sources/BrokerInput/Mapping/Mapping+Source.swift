import BrokerCase
import Foundation

extension Mapping {
    /// The format of `path` under this mapping: as declared, else from the file name's extension.
    public func format(of path: String) -> Format { format ?? Mapping.guessFormat(path) }

    /// The format a file name suggests: `.xlsx` a workbook, `.tsv` tab-separated, else CSV.
    public static func guessFormat(_ path: String) -> Format {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") ? .xlsx : lower.hasSuffix(".tsv") ? .tsv : .csv
    }

    /// Opens `path` as this mapping reads it: delimited text in its encoding, or a workbook sheet.
    /// - Throws: a fatal `InputError` when the file cannot be opened or read in this format.
    public func openSource(path: String) throws(InputError) -> RowSource {
        try Mapping.openSource(path: path, format: format(of: path), delimiter: delimiter, encoding: encoding, sheet: sheet)
    }

    /// Opens `path` in the given shape (`delimiter` `nil`: comma, or tab for TSV).
    public static func openSource(path: String, format: Format, delimiter: UInt8?, encoding: String,
                                  sheet: SheetReference?) throws(InputError) -> RowSource {
        switch format {
        case .xlsx:
            return try WorkbookRowSource(path: path, sheet: sheet)
        case .csv, .tsv:
            let delimiter = delimiter ?? (format == .tsv ? 0x09 : 0x2C)
            // UTF-8 goes straight to the CSV reader (which checks it); other encodings are decoded first.
            var input = try ByteInput.decoded(path: path, encoding: encoding)
            if input == nil { input = try ByteInput(path: path) }
            return DelimitedRowSource(input: input!, delimiter: delimiter)
        }
    }

    /// The delimiter a text file's first bytes suggest: tab, semicolon or comma, whichever is most frequent.
    public static func sniffDelimiter(path: String) -> UInt8 {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0x2C }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16 << 10)) ?? Data()
        let counts = [0x2C, 0x09, 0x3B].map { b in (UInt8(b), head.reduce(0) { $0 + ($1 == UInt8(b) ? 1 : 0) }) }
        return counts.max { $0.1 < $1.1 }.map { $0.1 > 0 ? $0.0 : 0x2C } ?? 0x2C
    }
}
