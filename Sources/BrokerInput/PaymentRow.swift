import BrokerCase

/// One payment between two parties (a bill line, a bank transfer): the evidence of gains.
public struct PaymentRow: Sendable, Equatable {
    public var location: SourceLocation
    public var timeText: String
    public var time: TimeSpan
    public var payer: String
    public var payee: String
    /// In fen (hundredths of a yuan).
    public var amountFen: Int64
    /// The bill's transaction or order number.
    public var reference: String?
    public var note: String?

    /// The fields of a payment, in the order of `schema`.
    public static let fields = ["time", "payer", "payee", "amount", "reference", "note"]
    public static let schema = Schema(kind: "payments", columns: fields, required: ["time", "payer", "payee", "amount"])

    /// Checks one row. - Throws: `InputError` naming the file, line and field.
    public init(_ row: TableReader.Row, file: String, offsetSeconds: Int) throws(InputError) {
        location = SourceLocation(file: file, line: row.line)
        let location = self.location
        func field(_ i: Int) throws(InputError) -> String {
            guard let value = row[i]?.trimmingWhitespace(), !value.isEmpty else {
                throw InputError(location, column: PaymentRow.fields[i], "missing (required)")
            }
            return value
        }
        timeText = try field(0)
        do { time = try CaseTime.parse(timeText, offsetSeconds: offsetSeconds) } catch {
            throw InputError(location, column: "time", error.description)
        }
        payer = try field(1)
        payee = try field(2)
        if payer == payee { throw InputError(location, column: "payee", "same party as payer") }
        let amountText = try field(3)
        do { amountFen = try Number.fen(amountText) } catch {
            throw InputError(location, column: "amount", error.description)
        }
        reference = row[4]?.trimmingWhitespace()
        note = row[5]?.trimmingWhitespace()
    }
}
