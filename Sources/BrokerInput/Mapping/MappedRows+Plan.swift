import BrokerCase
import Foundation

extension MappedRows {
    /// One field of one output, bound to the header: where its text comes from and how it is named.
    /// (A class: rows read it without copying its map and texts.)
    final class Getter: Sendable {
        enum How { case cells([Int], separator: String), constant(String) }
        let how: How?
        /// The one column read, when the source is one column (the common case, kept apart for speed).
        let single: Int
        let map: [String: String]
        let defaultValue: String?
        /// `field (column header)`, as messages name it.
        let label: String

        init(_ name: String, _ field: Mapping.Field, header: [String], at location: SourceLocation, file: String = "") throws(InputError) {
            map = field.map
            defaultValue = field.defaultValue
            func index(_ column: String) throws(InputError) -> Int {
                guard let i = header.firstIndex(where: { MappedRows.key($0) == MappedRows.key(column) }) else {
                    throw InputError(location, column: name, "the header has no column \(column)", fatal: true)
                }
                return i
            }
            var single = -1
            switch field.source {
            case .column(let c): single = try index(c); how = .cells([single], separator: ""); label = "\(name) (\(c))"
            case .columns(let cs, let separator):
                var indices: [Int] = []
                for c in cs { indices.append(try index(c)) }
                how = .cells(indices, separator: separator); label = "\(name) (\(cs.joined(separator: " + ")))"
            case .position(let p): single = p - 1; how = .cells([single], separator: ""); label = "\(name) (column \(p))"
            case .constant(let v): how = .constant(v); label = name
            case .fileStem:
                let base = file.split(separator: "/").last.map(String.init) ?? file
                let stem = base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
                how = .constant(stem.isEmpty ? base : stem); label = "\(name) (file name)"
            case nil: how = nil; label = name
            }
            self.single = single
        }

        /// The field's text for a row: cells joined, null values emptied, mapped, defaulted; `nil` when empty.
        func value(_ cells: [String], nullValues: Set<String>) -> String? {
            var text = ""
            if single >= 0 {
                text = single < cells.count ? cells[single].trimmingWhitespace() : ""
                if !nullValues.isEmpty && nullValues.contains(text) { text = "" }
            } else {
            switch how {
            case .cells(let indices, let separator):
                if indices.count == 1 {
                    let i = indices[0]
                    text = i < cells.count ? cells[i].trimmingWhitespace() : ""
                    if !nullValues.isEmpty && nullValues.contains(text) { text = "" }
                } else {
                    var parts: [String] = []
                    for i in indices where i < cells.count {
                        let part = cells[i].trimmingWhitespace()
                        if !part.isEmpty && !nullValues.contains(part) { parts.append(part) }
                    }
                    text = parts.joined(separator: separator)
                }
            case .constant(let v): text = v
            case nil: break
            }
            }
            if text.isEmpty { return defaultValue }
            if !map.isEmpty { return map[text] ?? defaultValue ?? text }
            return text
        }
    }

    /// One output kind bound to the header.
    final class Plan: Sendable {
        let kind: Mapping.Kind
        let columns: [String]
        /// Aligned with `columns`.
        let getters: [Getter?]
        /// How each column's text is read, aligned with `columns`.
        let parsers: [Parser]
        enum Parser { case text, time, count, amount }
        let owner: Getter?
        let counterparty: Getter?
        let direction: Getter?

        init(_ output: Mapping.Output, mapping: Mapping, header: [String], at location: SourceLocation, file: String) throws(InputError) {
            kind = output.kind
            switch kind {
            case .transfers: columns = TransferRow.schema.columns
            case .payments: columns = PaymentRow.fields
            case .parties: columns = PartyRow.schema.columns
            case .batches: columns = BatchRow.schema.columns
            }
            var getters: [Getter?] = []
            for name in columns {
                getters.append(try output.fields[name].map { f throws(InputError) in try Getter(name, f, header: header, at: location, file: file) })
            }
            self.getters = getters
            parsers = columns.map { $0 == "time" ? .time : $0 == "records" ? .count : $0 == "amount" ? .amount : .text }
            counterparty = try output.fields["counterparty"].map { f throws(InputError) in try Getter("counterparty", f, header: header, at: location) }
            direction = try output.fields["direction"].map { f throws(InputError) in try Getter("direction", f, header: header, at: location) }
            if let f = output.fields["owner"] {
                owner = try Getter("owner", f, header: header, at: location)
            } else if let name = mapping.owner, !name.isEmpty {
                owner = try Getter("owner", Mapping.Field(source: .constant(name)), header: header, at: location)
            } else {
                owner = nil
            }
            if direction != nil && owner == nil {
                throw InputError(location, "\(mapping.file): \(kind.rawValue) take direction from a column, so they need the owner's name: give owner: in the mapping or --owner PARTY", fatal: true)
            }
        }

        /// The checked row (or why not) for one data row.
        func parse(_ row: SourceRow, mapping: Mapping, file: String, offsetSeconds: Int) -> ParsedRow {
            let location = SourceLocation(file: file, line: row.number)
            var values = [String?](repeating: nil, count: columns.count)
            do throws(InputError) {
                for (i, getter) in getters.enumerated() {
                    guard let getter, let text = getter.value(row.cells, nullValues: mapping.nullValues) else { continue }
                    do throws(SeizedValue.Problem) {
                        switch parsers[i] {
                        case .time: values[i] = try SeizedValue.time(text)
                        case .count: values[i] = try SeizedValue.count(text)
                        case .amount: values[i] = try SeizedValue.amount(text)
                        case .text: values[i] = text
                        }
                    } catch {
                        throw InputError(location, column: getter.label, error.description)
                    }
                }
                if let direction, let counterparty {
                    let way = direction.value(row.cells, nullValues: mapping.nullValues)
                    if way == "skip" { return .skipped(rule: "\(direction.label) skip") }
                    guard way == "in" || way == "out" else {
                        throw InputError(location, column: direction.label, way == nil ? "missing (required)" : "a value the direction map does not know (map each to in, out or skip)")
                    }
                    let other = counterparty.value(row.cells, nullValues: mapping.nullValues)
                    let me = owner?.value(row.cells, nullValues: mapping.nullValues)
                    // Records leave the owner on `out`; money leaves the owner on `out`.
                    let (source, target) = way == "out" ? (me, other) : (other, me)
                    values[kind == .payments ? 1 : 2] = source
                    values[kind == .payments ? 2 : 3] = target
                }
                let table = TableReader.Row(line: row.number, values: values)
                do throws(InputError) {
                    switch kind {
                    case .transfers: return .transfer(try TransferRow(table, file: file, offsetSeconds: offsetSeconds))
                    case .payments: return .payment(try PaymentRow(table, file: file, offsetSeconds: offsetSeconds))
                    case .parties: return .party(try PartyRow(table, file: file))
                    case .batches: return .batch(try BatchRow(table, file: file))
                    }
                } catch {
                    var error = error
                    error.column = error.column.map(label)
                    throw error
                }
            } catch {
                return .bad(error, raw: raw(values))
            }
        }

        /// Writes the values `parse` gives `TransferRow` and the like, in `columns` order, as one
        /// line of plain text (no quote or line break) with `separator` between them; `false`
        /// when a value cannot be parsed or holds any of those bytes.
        func write(_ row: SourceRow, mapping: Mapping, separator: UInt8, to line: inout [UInt8]) -> Bool {
            for (i, getter) in getters.enumerated() {
                if i > 0 { line.append(separator) }
                guard let getter, let text = getter.value(row.cells, nullValues: mapping.nullValues) else { continue }
                let value: String
                switch parsers[i] {
                case .time: guard let v = try? SeizedValue.time(text) else { return false }; value = v
                case .count: guard let v = try? SeizedValue.count(text) else { return false }; value = v
                case .amount: guard let v = try? SeizedValue.amount(text) else { return false }; value = v
                case .text: value = text
                }
                let start = line.count
                line.append(contentsOf: value.utf8)
                for b in line[start...] where b == separator || b == 0x0A || b == 0x0D || b == 0x22 { return false }
            }
            return true
        }

        /// `field (column header)` for a field of the checked row.
        func label(_ field: String) -> String {
            if let i = columns.firstIndex(of: field), let getter = getters[i] { return getter.label }
            if ["from", "to", "payer", "payee"].contains(field), let counterparty { return "\(field): \(counterparty.label) or owner" }
            return field
        }

        /// The row's values as JSON for the rejected-rows table, never a resident's identifier.
        func raw(_ values: [String?]) -> String {
            var object: [String: String] = [:]
            for (i, column) in columns.enumerated() where column != "subject" { if let v = values[i] { object[column] = v } }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
