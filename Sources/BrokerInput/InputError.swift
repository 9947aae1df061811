import BrokerCase
/// A problem with one input row (or, with `line` 0 or 1 and no row, with the file itself).
///
/// Messages name the file, line and column and say what is wrong; they never echo a value that
/// could be personal information.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    /// The column at fault, when one is.
    public var column: String?
    public var message: String
    /// True when the whole file is unusable (no header, missing columns...), not just one row.
    public var isFatal: Bool

    public init(_ location: SourceLocation, column: String? = nil, _ message: String, fatal: Bool = false) {
        self.location = location; self.column = column; self.message = message; self.isFatal = fatal
    }

    public var description: String {
        if let column { return "\(location): \(column): \(message)" }
        return "\(location): \(message)"
    }
}
