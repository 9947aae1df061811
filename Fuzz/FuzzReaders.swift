// libFuzzer target for the input readers (CSV and JSON Lines), built by scripts/fuzz.sh as the
// Fuzz package's executable with `swift build --sanitize=fuzzer --sanitize=address`.
//
// Each input is read three ways: as CSV, as JSON Lines, and with the format guessed from the first
// byte; every row that reads is checked as a transfer, a party or a batch contents row. The readers must never crash,
// hang or read out of bounds, and must give the same rows and errors whatever the size of the chunks
// the bytes arrive in (the first input byte picks a small chunk size), so chunk boundaries are tried.
import BrokerInput
import Foundation

/// Everything a reader makes of some bytes, as text: rows, checked rows and errors, in order.
func readAll(_ bytes: [UInt8], name: String, chunkSize: Int) -> [String] {
    var out: [String] = []
    do {
        var reader = try TableReader(input: ByteInput(name: name, bytes: bytes, chunkSize: chunkSize))
        let kind = reader.header.contains("subject") ? BatchRow.schema
            : reader.header.contains("aliases") ? PartyRow.schema : TransferRow.schema
        try reader.bind(kind, allowUnknown: bytes.count % 2 == 0)
        var rows = 0
        while rows < 10_000 {
            rows += 1
            do {
                guard let row = try reader.next() else { break }
                out.append("\(row.line) " + row.values.map { $0 ?? "-" }.joined(separator: "\u{1F}"))
                if kind.kind == "batches" {
                    let b = try BatchRow(row, file: name)
                    out.append("batch \(b.batch) \(b.subject) \(b.category.map(\.rawValue) ?? "-")")
                } else if kind.kind == "parties" {
                    let p = try PartyRow(row, file: name)
                    out.append("party \(p.key) \(p.name) \(p.aliases.joined(separator: ";")) \(p.insider)")
                } else {
                    let t = try TransferRow(row, file: name, offsetSeconds: 8 * 3600)
                    out.append("transfer \(t.time.earliest) \(t.time.latest) \(t.from) \(t.to) \(t.records) \(t.category) \(t.amountFen ?? -1)")
                }
            } catch {
                out.append("error \(error)")
                if error.isFatal { break }
            }
        }
    } catch {
        out.append("fatal \(error)")
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let chunk = 1 + Int(bytes.first ?? 0) % 7
    for name in ["fuzz.csv", "fuzz.jsonl", "fuzz"] {
        let whole = readAll(bytes, name: name, chunkSize: 1 << 20)
        let pieces = readAll(bytes, name: name, chunkSize: chunk)
        if whole != pieces {
            print("chunk size \(chunk) changes what \(name) reads:\n  whole:  \(whole)\n  pieces: \(pieces)")
            fatalError("readers depend on chunk boundaries")
        }
    }
    return 0
}
