import BrokerCase

/// The time window and category that narrow every view: `from`/`to` are dates (`2025-03-01`) in the
/// case's zone, both ends included; `cat` is a category. Carried in each view's address, so a
/// narrowed view can be shared and reopened.
public struct ViewFilter: Sendable, Hashable {
    public var from: String?
    public var to: String?
    public var category: Category?

    public init(from: String? = nil, to: String? = nil, category: Category? = nil) {
        self.from = from; self.to = to; self.category = category
    }

    /// Reads `from`, `to` and `cat` from a query; empty values mean "not set".
    /// - Throws: `RequestError` (400) for a date that is not `YYYY-MM-DD` or an unknown category.
    init(query: Query) throws(RequestError) {
        func date(_ name: String) throws(RequestError) -> String? {
            guard let text = query[name], !text.isEmpty else { return nil }
            let ok = text.utf8.count == 10 && text.utf8.enumerated().allSatisfy { i, b in
                i == 4 || i == 7 ? b == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            }
            guard ok, (try? CaseTime.parse(text)) != nil else {
                throw RequestError(.badRequest, "\(name): a date is written YYYY-MM-DD")
            }
            return text
        }
        from = try date("from")
        to = try date("to")
        if let text = query["cat"], !text.isEmpty {
            guard let c = Category(parsing: text) else { throw RequestError(.badRequest, "cat: not a category") }
            category = c
        }
    }

    public var isEmpty: Bool { from == nil && to == nil && category == nil }

    /// The filter as query items, in a fixed order (empty when nothing is set).
    var items: [(String, String)] {
        var out: [(String, String)] = []
        if let from { out.append(("from", from)) }
        if let to { out.append(("to", to)) }
        if let category { out.append(("cat", category.rawValue)) }
        return out
    }

    /// A human line: "2025-03-01 to 2025-03-31, property".
    var words: String {
        var parts: [String] = []
        if from != nil || to != nil { parts.append("\(from ?? "start") to \(to ?? "end")") }
        if let category { parts.append(category.rawValue) }
        return parts.isEmpty ? "whole case" : parts.joined(separator: ", ")
    }

    /// The case narrowed to transfers that overlap the window and carry the category. Every party is
    /// kept, so vertex numbers (and the addresses built on them) mean the same party in every view.
    /// - Complexity: O(parties + transfers).
    public func apply(_ data: CaseData) -> CaseData {
        if isEmpty { return data }
        let low = from.flatMap { try? CaseTime.parse($0, offsetSeconds: data.offsetSeconds).earliest } ?? .min
        let high = to.flatMap { try? CaseTime.parse($0, offsetSeconds: data.offsetSeconds).latest } ?? .max
        let t = data.transfers
        let rows = (0..<t.count).filter { e in
            t.time[e].latest >= low && t.time[e].earliest <= high && (category == nil || t.category[e] == category)
        }
        return CaseData(parties: data.parties, transfers: t.selecting(rows), ingests: data.ingests,
                        offsetSeconds: data.offsetSeconds)
    }
}
