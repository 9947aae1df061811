import BrokerCase

/// How to read one shape of seized file (a ledger, a bill export, a resident list): which reader,
/// where the header is, which rows to skip, and for each output kind where each field comes from.
///
/// Made by `Mapping.load` (YAML or JSON), which checks every key before any file is read.
/// The format is described in the README ("From seized files to a case").
public struct Mapping: Sendable {
    /// The output kinds a mapping can fill.
    public enum Kind: String, Sendable, CaseIterable {
        case transfers, parties, batches, payments

        /// The fields this kind takes.
        public var fields: [String] {
            switch self {
            case .transfers: TransferRow.schema.columns + ["owner", "counterparty", "direction"]
            case .parties: PartyRow.schema.columns
            case .batches: BatchRow.schema.columns
            case .payments: PaymentRow.fields + ["owner", "counterparty", "direction"]
            }
        }
    }

    /// The file formats a mapping reads.
    public enum Format: String, Sendable, CaseIterable { case csv, tsv, xlsx }

    /// A sheet of a workbook, by name or 1-based position.
    public enum SheetReference: Sendable, Equatable {
        case name(String)
        case index(Int)
    }

    /// Where a field's text comes from.
    public enum Source: Sendable, Equatable {
        /// A column, by its header text.
        case column(String)
        /// Several columns joined with a separator (a date column and a time column).
        case columns([String], separator: String)
        /// A column by 1-based position, for files without a usable header.
        case position(Int)
        /// The same text on every row.
        case constant(String)
        /// The file's name without folder and extension (a resident list named after its batch).
        case fileStem
    }

    /// One output field: its source, an optional value map, and a default for empty or unmapped values.
    public struct Field: Sendable, Equatable {
        public var source: Source?
        /// Exact (trimmed) cell text to the value stored; a value not in the map passes unchanged
        /// unless `defaultValue` is given.
        public var map: [String: String]
        public var defaultValue: String?
        public init(source: Source?, map: [String: String] = [:], defaultValue: String? = nil) {
            self.source = source; self.map = map; self.defaultValue = defaultValue
        }
    }

    /// What one output kind takes from each row.
    public struct Output: Sendable {
        public var kind: Kind
        public var fields: [String: Field]
    }

    /// A rule for rows that are not data (subtotals, separators, closed trades): such rows are
    /// counted under the rule's name, not stored.
    public struct SkipRule: Sendable, Equatable {
        public enum Test: Sendable, Equatable {
            case empty
            case equals([String])
            case contains([String])
            case startsWith([String])
        }
        public var name: String
        /// The column tested; `nil` tests every cell of the row (any cell matching skips it).
        public var column: String?
        public var test: Test
    }

    /// The mapping file as named in messages.
    public var file: String
    /// SHA-256 of the mapping's bytes: stored with every ingest it read.
    public var sha256: String
    public var name: String?
    public var format: Format?
    /// The field delimiter of CSV text (default `,`, or tab for `tsv`).
    public var delimiter: UInt8?
    /// `auto` (detected), `utf-8`, `gb18030` (also for GBK) or `utf-16`.
    public var encoding: String
    public var sheet: SheetReference?
    /// The header's 1-based row; when absent, the first row holding every column the mapping names.
    public var headerRow: Int?
    /// Cell texts that mean empty (a WeChat Pay bill writes `/`).
    public var nullValues: Set<String>
    /// The phone's or ledger's owner (the party that `owner` fields and direction rows refer to).
    public var owner: String?
    public var skip: [SkipRule]
    public var outputs: [Output]

    /// Every column the mapping names by header text.
    public var columnsNamed: [String] {
        var names: [String] = []
        func add(_ name: String) { if !names.contains(name) { names.append(name) } }
        for output in outputs {
            for key in output.kind.fields {
                switch output.fields[key]?.source {
                case .column(let c): add(c)
                case .columns(let cs, _): cs.forEach(add)
                default: break
                }
            }
        }
        for rule in skip { if let c = rule.column { add(c) } }
        return names
    }
}
