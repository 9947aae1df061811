/// An XLSX workbook (Office Open XML, ECMA-376): its sheets by name and position, read from
/// `xl/workbook.xml` and its relationships; shared strings and styles loaded when a sheet is
/// first read; each sheet streamed row by row (`SheetRowReader`).
///
/// Formulas are never evaluated: a formula cell gives the value its writer stored.
/// A workbook and its row readers belong to one thread at a time.
public final class Workbook {
    /// One sheet as the workbook lists it.
    public struct Sheet: Sendable, Equatable {
        public var name: String
        /// 1-based position in the workbook's tab order.
        public var index: Int
        /// The part holding the sheet (`xl/worksheets/sheet1.xml`); nil when it cannot be found.
        public var part: String?
        /// False for chart sheets and dialog sheets, which hold no cells.
        public var isWorksheet: Bool
        /// True for a sheet hidden from Excel's tabs (`state="hidden"` or `"veryHidden"`): worth
        /// an investigator's look.
        public var isHidden: Bool
    }

    /// Limits beyond the zip archive's.
    public struct Limits: Sendable {
        public var zip = ZipArchive.Limits()
        /// Most bytes of shared strings held in memory.
        public var maxSharedStringBytes = 1 << 30
        public init() {}
    }

    /// The file's name in messages.
    public let name: String
    /// The sheets in tab order.
    public let sheets: [Sheet]
    /// True when the workbook counts dates from 1904 (`workbookPr date1904="1"`).
    public let uses1904: Bool
    let archive: ZipArchive
    private let limits: Limits
    private let sharedStringsPart: String?
    private let stylesPart: String?
    private var loaded: (strings: [String], styles: CellStyles)?

    /// The sheets' names in tab order.
    public var sheetNames: [String] { sheets.map(\.name) }

    /// Opens the workbook at `path`; `name` is what messages call it (the path by default).
    public init(path: String, name: String? = nil, limits: Limits = Limits()) throws(SheetError) {
        archive = try ZipArchive(path: path, name: name, limits: limits.zip)
        self.name = archive.name
        self.limits = limits
        let rootRels = try Workbook.relationships(archive, "_rels/.rels", base: "")
        let workbookPart = rootRels.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard archive.entry(named: workbookPart) != nil else {
            throw SheetError(file: archive.name, "not an XLSX workbook (no \(workbookPart))")
        }
        let base = workbookPart.split(separator: "/").dropLast().map { $0 + "/" }.joined()
        let rels = try Workbook.relationships(archive, Workbook.relsPath(of: workbookPart), base: base)
        var byId: [String: Relationship] = [:]
        for rel in rels { byId[rel.id] = rel }
        sharedStringsPart = rels.first { $0.type.hasSuffix("/sharedStrings") }?.target
        stylesPart = rels.first { $0.type.hasSuffix("/styles") }?.target

        var scanner = try Workbook.scanner(archive, workbookPart, maxBytes: 64 << 20)
        var sheets: [Sheet] = []
        var date1904 = false
        do {
            while true {
                let event = try scanner.next()
                if event == .endOfDocument { break }
                guard event == .start else { continue }
                if scanner.nameIs("workbookPr") {
                    let flag = try scanner.attribute("date1904")
                    date1904 = flag == "1" || flag == "true"
                } else if scanner.nameIs("sheet") {
                    let rel = try scanner.attribute("id").flatMap { byId[$0] }
                    let state = try scanner.attribute("state")
                    sheets.append(Sheet(name: try scanner.attribute("name") ?? "Sheet\(sheets.count + 1)", index: sheets.count + 1,
                                        part: rel?.target, isWorksheet: rel.map { $0.type.hasSuffix("/worksheet") } ?? true,
                                        isHidden: state == "hidden" || state == "veryHidden"))
                }
            }
        } catch {
            throw SheetError(file: archive.name, "\(workbookPart): \(error.message)")
        }
        guard !sheets.isEmpty else { throw SheetError(file: archive.name, "not an XLSX workbook (no sheets in \(workbookPart))") }
        self.sheets = sheets
        self.uses1904 = date1904
    }

    /// A reader of the named sheet's rows.
    public func rows(sheet name: String) throws(SheetError) -> SheetRowReader {
        guard let sheet = sheets.first(where: { $0.name == name }) else {
            throw SheetError(file: self.name, "no sheet named \(quoted(name)) (sheets: \(sheetList))")
        }
        return try rows(sheet)
    }

    /// A reader of the rows of the sheet at `index` (1-based, in tab order).
    public func rows(sheetAt index: Int) throws(SheetError) -> SheetRowReader {
        guard index >= 1 && index <= sheets.count else {
            throw SheetError(file: name, "no sheet \(index): the workbook has \(sheets.count) (\(sheetList))")
        }
        return try rows(sheets[index - 1])
    }

    private var sheetList: String { sheets.map { quoted($0.name) }.joined(separator: ", ") }
    private func quoted(_ text: String) -> String { "\"" + text + "\"" }

    private func rows(_ sheet: Sheet) throws(SheetError) -> SheetRowReader {
        guard sheet.isWorksheet else { throw SheetError(file: name, sheet: sheet.name, "a chart sheet, not a sheet of cells") }
        guard let part = sheet.part, let entry = Workbook.lookup(archive, part) else {
            throw SheetError(file: name, sheet: sheet.name, "the sheet's part is missing from the workbook")
        }
        let (strings, styles) = try sharedStringsAndStyles()
        return SheetRowReader(file: name, sheet: sheet.name, scanner: XMLScanner(try archive.open(entry)),
                              sharedStrings: strings, styles: styles, date1904: uses1904)
    }

    private func sharedStringsAndStyles() throws(SheetError) -> ([String], CellStyles) {
        if let loaded { return loaded }
        var strings: [String] = []
        var styles = CellStyles()
        if let part = sharedStringsPart ?? Workbook.lookup(archive, "xl/sharedStrings.xml")?.name,
           Workbook.lookup(archive, part) != nil {
            var scanner = try Workbook.scanner(archive, part, maxBytes: nil)
            do { strings = try SharedStrings.read(&scanner, maxTotalBytes: limits.maxSharedStringBytes) } catch {
                throw SheetError(file: name, error.source?.message ?? "\(part): \(error.message)")
            }
        }
        if let part = stylesPart ?? Workbook.lookup(archive, "xl/styles.xml")?.name, Workbook.lookup(archive, part) != nil {
            var scanner = try Workbook.scanner(archive, part, maxBytes: 64 << 20)
            do { styles = try CellStyles.read(&scanner) } catch {
                throw SheetError(file: name, error.source?.message ?? "\(part): \(error.message)")
            }
        }
        loaded = (strings, styles)
        return (strings, styles)
    }

    // MARK: - Parts and relationships

    struct Relationship { var id: String; var type: String; var target: String }

    /// The relationships part of `part` (`xl/workbook.xml` -> `xl/_rels/workbook.xml.rels`).
    static func relsPath(of part: String) -> String {
        var pieces = part.split(separator: "/").map(String.init)
        let last = pieces.popLast() ?? ""
        return (pieces + ["_rels", last + ".rels"]).joined(separator: "/")
    }

    /// Reads a relationships part (none if absent); targets resolved against `base`.
    static func relationships(_ archive: ZipArchive, _ part: String, base: String) throws(SheetError) -> [Relationship] {
        guard lookup(archive, part) != nil else { return [] }
        var scanner = try scanner(archive, part, maxBytes: 16 << 20)
        var rels: [Relationship] = []
        do {
            while true {
                let event = try scanner.next()
                if event == .endOfDocument { return rels }
                guard event == .start, scanner.nameIs("Relationship"), try scanner.attribute("TargetMode") != "External",
                      let id = try scanner.attribute("Id"), let target = try scanner.attribute("Target") else { continue }
                rels.append(Relationship(id: id, type: try scanner.attribute("Type") ?? "", target: resolve(target, base: base)))
            }
        } catch {
            throw SheetError(file: archive.name, error.source?.message ?? "\(part): \(error.message)")
        }
    }

    /// A target relative to `base`, or absolute (`/xl/...`), as a zip entry name.
    static func resolve(_ target: String, base: String) -> String {
        let full = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
        var parts: [Substring] = []
        for piece in full.replacingBackslashes.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }

    /// The entry named `part`, tolerating case and backslash differences some writers make.
    static func lookup(_ archive: ZipArchive, _ part: String) -> ZipArchive.Entry? {
        if let entry = archive.entry(named: part) { return entry }
        let wanted = part.lowercased()
        return archive.entries.first { $0.name.replacingBackslashes.lowercased() == wanted }
    }

    static func scanner(_ archive: ZipArchive, _ part: String, maxBytes: UInt64?) throws(SheetError) -> XMLScanner {
        guard let entry = lookup(archive, part) else { throw SheetError(file: archive.name, "\(part) is missing") }
        if let maxBytes, entry.uncompressedSize > maxBytes {
            throw SheetError(file: archive.name, "\(part): larger than \(maxBytes) bytes")
        }
        return XMLScanner(try archive.open(entry))
    }
}

extension String {
    var replacingBackslashes: String { contains("\\") ? split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "/") : self }
}
