import BrokerCase
import Foundation
import Yams

/// A mapping file that cannot be used: names the file, the line when known, and the key.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A mapping document as a small tree (from YAML or JSON), with the YAML line of each node.
indirect enum MapNode {
    case text(String, line: Int?)
    case list([MapNode], line: Int?)
    case dict([(String, MapNode)], line: Int?)

    var line: Int? {
        switch self { case .text(_, let l), .list(_, let l), .dict(_, let l): l }
    }

    /// From a YAML node (keys in document order).
    init(yaml node: Node) throws(MappingError) {
        let line = node.mark.map(\.line)
        if let scalar = node.scalar {
            self = .text(scalar.string, line: line)
        } else if let sequence = node.sequence {
            var items: [MapNode] = []
            for item in sequence { items.append(try MapNode(yaml: item)) }
            self = .list(items, line: line)
        } else if let mapping = node.mapping {
            var pairs: [(String, MapNode)] = []
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { throw MappingError("line \(line ?? 0): a key must be text") }
                pairs.append((name, try MapNode(yaml: value)))
            }
            self = .dict(pairs, line: line)
        } else {
            throw MappingError("line \(line ?? 0): aliases and anchors are not supported")
        }
    }

    /// From a value of `JSONSerialization`.
    init(json value: Any) throws(MappingError) {
        switch value {
        case let text as String: self = .text(text, line: nil)
        case let number as NSNumber:
            self = .text(TableReader.isBoolean(number) ? (number.boolValue ? "true" : "false") : "\(number)", line: nil)
        case is NSNull: self = .text("", line: nil)
        case let array as [Any]:
            var items: [MapNode] = []
            for item in array { items.append(try MapNode(json: item)) }
            self = .list(items, line: nil)
        case let object as [String: Any]:
            var pairs: [(String, MapNode)] = []
            for key in object.keys.sorted() { pairs.append((key, try MapNode(json: object[key]!))) }
            self = .dict(pairs, line: nil)
        default: throw MappingError("unexpected JSON value")
        }
    }
}

extension Mapping {
    /// Reads and checks a mapping file (YAML, or JSON when it starts with `{`).
    /// - Throws: `MappingError` naming the file, the line (YAML) and the key at fault.
    public static func load(path: String) throws(MappingError) -> Mapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MappingError("\(path): no such mapping file (or it cannot be read)")
        }
        return try parse(Array(data), file: path)
    }

    /// Parses and checks a mapping from its bytes; `file` names it in messages.
    public static func parse(_ bytes: [UInt8], file: String) throws(MappingError) -> Mapping {
        guard var text = String(validating: bytes, as: UTF8.self) else { throw MappingError("\(file): not UTF-8 text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let root: MapNode
        if text.trimmingWhitespace().hasPrefix("{") {
            do { root = try MapNode(json: try JSONSerialization.jsonObject(with: Data(text.utf8))) } catch let error as MappingError {
                throw MappingError("\(file): \(error.description)")
            } catch { throw MappingError("\(file): not valid JSON") }
        } else {
            let node: Node?
            do { node = try Yams.compose(yaml: text) } catch {
                let detail = (error as? YamlError).map { "\($0)".split(separator: "\n").first.map(String.init) ?? "" } ?? ""
                throw MappingError("\(file): not valid YAML\(detail.isEmpty ? "" : " (\(detail))")")
            }
            guard let node else { throw MappingError("\(file): empty mapping") }
            do { root = try MapNode(yaml: node) } catch { throw MappingError("\(file): \(error.description)") }
        }
        var reader = MappingReader(file: file)
        return try reader.mapping(root, sha256: SHA256.hash(bytes).hexString)
    }
}

/// Turns a `MapNode` tree into a `Mapping`, refusing unknown keys and missing fields.
struct MappingReader {
    let file: String

    func fail(_ node: MapNode?, _ path: String, _ message: String) -> MappingError {
        let place = node?.line.map { "\(file):\($0)" } ?? file
        return MappingError("\(place): \(path.isEmpty ? "" : "\(path): ")\(message)")
    }

    func dict(_ node: MapNode, _ path: String, known: [String]) throws(MappingError) -> [String: MapNode] {
        guard case .dict(let pairs, _) = node else { throw fail(node, path, "expected a mapping of keys to values") }
        var out: [String: MapNode] = [:]
        for (key, value) in pairs {
            guard known.contains(key) else {
                throw fail(value, path.isEmpty ? key : "\(path).\(key)", "unknown key (known here: \(known.joined(separator: ", ")))")
            }
            guard out[key] == nil else { throw fail(value, path, "key \(key) given twice") }
            out[key] = value
        }
        return out
    }

    func text(_ node: MapNode, _ path: String) throws(MappingError) -> String {
        guard case .text(let value, _) = node else { throw fail(node, path, "expected a text value") }
        return value
    }

    func texts(_ node: MapNode, _ path: String) throws(MappingError) -> [String] {
        if case .list(let items, _) = node {
            var out: [String] = []
            for item in items { out.append(try text(item, path)) }
            guard !out.isEmpty else { throw fail(node, path, "expected at least one value") }
            return out
        }
        return [try text(node, path)]
    }

    func positive(_ node: MapNode, _ path: String) throws(MappingError) -> Int {
        guard let n = Int(try text(node, path)), n >= 1 else { throw fail(node, path, "expected a whole number from 1") }
        return n
    }

    mutating func mapping(_ root: MapNode, sha256: String) throws(MappingError) -> Mapping {
        let top = try dict(root, "", known: ["mapping", "name", "reader", "owner", "skip"] + Mapping.Kind.allCases.map(\.rawValue))
        if let version = top["mapping"], try text(version, "mapping") != "1" {
            throw fail(version, "mapping", "unknown mapping format version (this tool reads version 1)")
        }
        var mapping = Mapping(file: file, sha256: sha256, name: try top["name"].map { node throws(MappingError) in try text(node, "name") },
                              format: nil, delimiter: nil, encoding: "auto", sheet: nil, headerRow: nil, nullValues: [],
                              owner: nil, skip: [], outputs: [])
        if let node = top["owner"] { mapping.owner = try text(node, "owner").trimmingWhitespace() }
        if let node = top["reader"] { try reader(node, into: &mapping) }
        if let node = top["skip"] {
            guard case .list(let rules, _) = node else { throw fail(node, "skip", "expected a list of rules") }
            for (i, rule) in rules.enumerated() { mapping.skip.append(try skipRule(rule, "skip[\(i + 1)]")) }
        }
        for kind in Mapping.Kind.allCases {
            guard let node = top[kind.rawValue] else { continue }
            mapping.outputs.append(try output(kind, node, owner: mapping.owner))
        }
        guard !mapping.outputs.isEmpty else {
            throw fail(root, "", "names no output: give at least one of \(Mapping.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return mapping
    }

    func reader(_ node: MapNode, into mapping: inout Mapping) throws(MappingError) {
        let keys = try dict(node, "reader", known: ["format", "delimiter", "encoding", "sheet", "header_row", "null_values"])
        if let n = keys["format"] {
            guard let format = Mapping.Format(rawValue: try text(n, "reader.format").lowercased()) else {
                throw fail(n, "reader.format", "expected csv, tsv or xlsx")
            }
            mapping.format = format
        }
        if let n = keys["delimiter"] {
            let d = try text(n, "reader.delimiter")
            let byte: UInt8? = d == "\\t" || d == "tab" ? 0x09 : d.utf8.count == 1 ? d.utf8.first : nil
            guard let byte, byte != 0x22, byte != 0x0A, byte != 0x0D else {
                throw fail(n, "reader.delimiter", "expected one ASCII character other than a quote or line break (or tab)")
            }
            mapping.delimiter = byte
        }
        if let n = keys["encoding"] {
            let e = try text(n, "reader.encoding").lowercased()
            let known = ["auto": "auto", "utf-8": "utf-8", "utf8": "utf-8", "gb18030": "gb18030", "gbk": "gb18030",
                         "gb2312": "gb18030", "utf-16": "utf-16", "utf16": "utf-16"]
            guard let encoding = known[e] else { throw fail(n, "reader.encoding", "expected auto, utf-8, gb18030, gbk or utf-16") }
            mapping.encoding = encoding
        }
        if let n = keys["sheet"] {
            let s = try text(n, "reader.sheet")
            mapping.sheet = Int(s).map { .index($0) } ?? .name(s)
            if case .index(let i) = mapping.sheet, i < 1 { throw fail(n, "reader.sheet", "sheet positions start at 1") }
        }
        if let n = keys["header_row"] { mapping.headerRow = try positive(n, "reader.header_row") }
        if let n = keys["null_values"] { mapping.nullValues = Set(try texts(n, "reader.null_values")) }
    }

    func skipRule(_ node: MapNode, _ path: String) throws(MappingError) -> Mapping.SkipRule {
        let keys = try dict(node, path, known: ["name", "column", "empty", "equals", "contains", "starts_with"])
        let column = try keys["column"].map { n throws(MappingError) in try text(n, "\(path).column") }
        let tests = ["empty", "equals", "contains", "starts_with"].filter { keys[$0] != nil }
        guard tests.count == 1, let which = tests.first else {
            throw fail(node, path, "give exactly one of empty, equals, contains, starts_with")
        }
        let test: Mapping.SkipRule.Test
        let subject = column ?? "a cell"
        let name: String
        switch which {
        case "empty":
            guard try text(keys["empty"]!, "\(path).empty") == "true" else { throw fail(node, "\(path).empty", "expected true") }
            guard column != nil else { throw fail(node, path, "empty: true needs a column (blank rows are always skipped)") }
            test = .empty; name = "\(subject) empty"
        case "equals":
            let v = try texts(keys["equals"]!, "\(path).equals"); test = .equals(v); name = "\(subject) = \(v.joined(separator: "|"))"
        case "contains":
            let v = try texts(keys["contains"]!, "\(path).contains"); test = .contains(v); name = "\(subject) contains \(v.joined(separator: "|"))"
        default:
            let v = try texts(keys["starts_with"]!, "\(path).starts_with"); test = .startsWith(v); name = "\(subject) starts with \(v.joined(separator: "|"))"
        }
        return Mapping.SkipRule(name: try keys["name"].map { n throws(MappingError) in try text(n, "\(path).name") } ?? name,
                                column: column, test: test)
    }

    func output(_ kind: Mapping.Kind, _ node: MapNode, owner: String?) throws(MappingError) -> Mapping.Output {
        let keys = try dict(node, kind.rawValue, known: kind.fields)
        var fields: [String: Mapping.Field] = [:]
        for (name, value) in keys { fields[name] = try field(value, "\(kind.rawValue).\(name)", name: name) }
        func has(_ name: String) -> Bool { fields[name].map { $0.source != nil || $0.defaultValue != nil } ?? false }
        let required: [String]
        let pair: (String, String)
        switch kind {
        case .transfers: required = ["time", "records", "category"]; pair = ("from", "to")
        case .payments: required = ["time", "amount"]; pair = ("payer", "payee")
        case .parties: required = ["id"]; pair = ("", "")
        case .batches: required = ["batch", "subject"]; pair = ("", "")
        }
        for name in required where !has(name) {
            throw fail(node, kind.rawValue, "field \(name) is required (give a column, columns, value or default)")
        }
        if !pair.0.isEmpty {
            let direct = has(pair.0) && has(pair.1)
            let directed = has("counterparty") && has("direction")
            guard direct != directed else {
                throw fail(node, kind.rawValue, direct
                    ? "give either \(pair.0) and \(pair.1), or counterparty and direction, not both"
                    : "needs \(pair.0) and \(pair.1), or counterparty and direction (with owner)")
            }
            if !direct && (has(pair.0) || has(pair.1)) {
                throw fail(node, kind.rawValue, "\(pair.0)/\(pair.1) cannot be mixed with counterparty and direction")
            }
        }
        return Mapping.Output(kind: kind, fields: fields)
    }

    func field(_ node: MapNode, _ path: String, name: String) throws(MappingError) -> Mapping.Field {
        if case .text(let column, _) = node {
            guard !column.isEmpty else { throw fail(node, path, "empty column name") }
            return Mapping.Field(source: .column(column))
        }
        let keys = try dict(node, path, known: ["column", "columns", "join", "position", "value", "file_stem", "map", "default"])
        let sources = ["column", "columns", "position", "value", "file_stem"].filter { keys[$0] != nil }
        guard sources.count <= 1 else { throw fail(node, path, "give only one of column, columns, position, value, file_stem") }
        var field = Mapping.Field(source: nil)
        switch sources.first {
        case "column": field.source = .column(try text(keys["column"]!, "\(path).column"))
        case "columns":
            let join = try keys["join"].map { n throws(MappingError) in try text(n, "\(path).join") } ?? " "
            field.source = .columns(try texts(keys["columns"]!, "\(path).columns"), separator: join)
        case "position": field.source = .position(try positive(keys["position"]!, "\(path).position"))
        case "value": field.source = .constant(try text(keys["value"]!, "\(path).value"))
        case "file_stem":
            guard try text(keys["file_stem"]!, "\(path).file_stem") == "true" else { throw fail(node, "\(path).file_stem", "expected true") }
            field.source = .fileStem
        default: break
        }
        if keys["join"] != nil, sources.first != "columns" { throw fail(node, "\(path).join", "join goes with columns") }
        if let n = keys["map"] {
            guard case .dict(let entries, _) = n else { throw fail(n, "\(path).map", "expected cell text: value pairs") }
            for (key, value) in entries {
                field.map[key.trimmingWhitespace()] = try check(try text(value, "\(path).map.\(key)"), value, "\(path).map.\(key)", name: name)
            }
        }
        if let n = keys["default"] { field.defaultValue = try check(try text(n, "\(path).default"), n, "\(path).default", name: name) }
        guard field.source != nil || field.defaultValue != nil else {
            throw fail(node, path, "give a column, columns, position, value or default")
        }
        return field
    }

    /// Checks values the mapping itself sets for fields with a fixed vocabulary.
    func check(_ value: String, _ node: MapNode, _ path: String, name: String) throws(MappingError) -> String {
        switch name {
        case "direction":
            guard ["in", "out", "skip"].contains(value) else { throw fail(node, path, "expected in, out or skip") }
        case "category":
            guard Category(parsing: value) != nil else {
                throw fail(node, path, "unknown category (expected one of \(Category.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        case "mode":
            guard TransferMode(rawValue: value.lowercased()) != nil else { throw fail(node, path, "expected sale, exchange, provide or collect") }
        default: break
        }
        return value
    }
}
