/// A problem with a seized file: where it is (file, sheet, row or line) and what is wrong.
///
/// The message reads `FILE:SHEET:ROW: what is wrong` inside a sheet, `FILE:LINE: what is wrong` in
/// decoded text, and `FILE: what is wrong` for the file as a whole. Messages never echo cell
/// values or text from the file, which may be personal information.
public struct SheetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The sheet's name, inside a workbook.
    public var sheet: String?
    /// The 1-based sheet row or text line; 0 when the problem is not in one row.
    public var row: Int
    /// What is wrong, without any value from the file.
    public var message: String

    public init(file: String, sheet: String? = nil, row: Int = 0, _ message: String) {
        self.file = file; self.sheet = sheet; self.row = row; self.message = message
    }

    public var description: String {
        var place = file
        if let sheet { place += ":\(sheet)" }
        if row > 0 { place += ":\(row)" }
        return "\(place): \(message)"
    }
}

/// Where bytes come from, a chunk at a time: the shape shared by the zip entry reader, the file
/// reader and the text decoder, and by `BrokerCase.ByteInput.read()`.
///
/// To feed the CSV reader decoded text, `ByteInput` needs one more source beside its file handle
/// and its preloaded bytes: a `ChunkReader` (for example `TextDecoder(path:declared:observe:)`,
/// with `observe` updating the SHA-256 of the file's own bytes), its `SheetError` turned into an
/// `InputError` at `error.row`.
public protocol ChunkReader: AnyObject {
    /// The next chunk of bytes, or an empty array at the end.
    func read() throws(SheetError) -> [UInt8]
}
