import BrokerCase

extension Mapping {
    /// The format of `path` under this mapping: as declared, else from the file name's extension.
    public func format(of path: String) -> Format {
        if let format { return format }
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") ? .xlsx : lower.hasSuffix(".tsv") ? .tsv : .csv
    }

    /// Opens `path` as this mapping reads it: delimited text in its encoding, or a workbook sheet.
    /// - Throws: a fatal `InputError` when the file cannot be opened or read in this format.
    public func openSource(path: String) throws(InputError) -> RowSource {
        let format = format(of: path)
        switch format {
        case .xlsx:
            throw InputError(SourceLocation(file: path, line: 0), "XLSX workbooks are not readable in this build", fatal: true)
        case .csv, .tsv:
            let delimiter = self.delimiter ?? (format == .tsv ? 0x09 : 0x2C)
            guard encoding == "auto" || encoding == "utf-8" else {
                throw InputError(SourceLocation(file: path, line: 0), "encoding \(encoding) is not readable in this build", fatal: true)
            }
            return DelimitedRowSource(input: try ByteInput(path: path), delimiter: delimiter)
        }
    }
}
