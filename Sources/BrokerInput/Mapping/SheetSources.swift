import BrokerCase
import BrokerSheets
import Foundation

/// The rows of one worksheet of an XLSX workbook, streamed (BrokerSheets).
public final class WorkbookRowSource: RowSource {
    public let file: String
    public let sheet: String?
    private let rows: SheetRowReader
    private let path: String
    private var hash: String?

    /// Opens `path` and the sheet named or numbered (the first sheet when `nil`).
    public init(path: String, sheet: Mapping.SheetReference?) throws(InputError) {
        self.path = path
        file = path
        do {
            let workbook = try Workbook(path: path)
            switch sheet {
            case .name(let name): rows = try workbook.rows(sheet: name)
            case .index(let index): rows = try workbook.rows(sheetAt: index)
            case nil: rows = try workbook.rows(sheetAt: 1)
            }
        } catch {
            throw InputError(SourceLocation(file: path, line: 0), error.message, fatal: true)
        }
        self.sheet = rows.sheet
    }

    public func next() throws(InputError) -> SourceRow? {
        do {
            guard let row = try rows.next() else { return nil }
            return SourceRow(number: row.number, cells: row.cells)
        } catch {
            throw InputError(SourceLocation(file: "\(file):\(sheet ?? "")", line: error.row), error.message, fatal: true)
        }
    }

    /// SHA-256 of the workbook file's bytes (read once more, in chunks, when first asked).
    public var sha256: String {
        if let hash { return hash }
        var hasher = SHA256()
        if let chunks = try? FileChunks(path: path) {
            while let chunk = try? chunks.read(), !chunk.isEmpty { hasher.update(chunk) }
        }
        hash = hasher.finalize().hexString
        return hash!
    }
}

extension ByteInput {
    /// `path` decoded to UTF-8 from `encoding` (`auto` detects: byte-order mark, valid UTF-8, else
    /// GB18030), hashing the file's own bytes. `nil` when the file is UTF-8 and can be read as is.
    static func decoded(path: String, encoding: String) throws(InputError) -> ByteInput? {
        let declared: TextEncoding? = encoding == "auto" ? nil : encoding == "utf-16" ? .utf16LE : TextEncoding(named: encoding)
        if encoding == "utf-8" || (path == "-" && encoding == "auto") { return nil }   // standard input: UTF-8
        let hasher = HashBox()
        let decoder: TextDecoder
        do {
            decoder = try TextDecoder(path: path, declared: declared) { hasher.value.update($0) }
        } catch {
            throw InputError(SourceLocation(file: path, line: 0), error.message, fatal: true)
        }
        if decoder.encoding == .utf8 && declared == nil { return nil }
        return ByteInput(name: path, pull: { () throws(InputError) -> [UInt8] in
            do throws(SheetError) { return try decoder.read() } catch {
                throw InputError(SourceLocation(file: path, line: error.row), "\(error.message) (encoding \(decoder.encoding.rawValue))", fatal: true)
            }
        }, sha256: { hasher.value.finalize().hexString })
    }

    private final class HashBox { var value = SHA256() }
}
