/// Which residents (data subjects) each batch held, by keyed hash: identifiers are never kept in
/// clear (see `CaseKey`).
public struct BatchContents: Sendable {
    /// One listed resident of a batch.
    public struct Entry: Sendable, Equatable {
        /// Index into `subjects`.
        public var subject: Int32
        /// The category the listing gives, if any (then it applies only to rows of that category).
        public var category: Category?
        public init(subject: Int32, category: Category?) { self.subject = subject; self.category = category }
    }

    /// HMAC-SHA256 of each resident's normalised identifier, indexed by subject.
    public var subjects: [[UInt8]]
    /// Listed residents per batch id, in file order (duplicates kept as listed).
    public var batches: [String: [Entry]]

    public init(subjects: [[UInt8]] = [], batches: [String: [Entry]] = [:]) {
        self.subjects = subjects; self.batches = batches
    }

    public var isEmpty: Bool { batches.isEmpty }

    /// The listing of `batch` for rows of `category`: entries without a category count for every
    /// category. Returns the number of listed entries and the distinct subjects, sorted.
    /// - Complexity: O(entries of the batch · log).
    public func members(batch: String, category: Category) -> (listed: Int, distinct: [Int32])? {
        guard let entries = batches[batch] else { return nil }
        var listed = 0
        var set = Set<Int32>()
        for e in entries where e.category == nil || e.category == category {
            listed += 1
            set.insert(e.subject)
        }
        guard listed > 0 else { return nil }
        return (listed, set.sorted())
    }

    /// A short pseudonym for a subject: the first 16 hex digits of its keyed hash.
    public func pseudonym(_ subject: Int32) -> String { String(subjects[Int(subject)].prefix(8).hexString) }
}

/// A batch of one category: transfers with the same batch id but different categories carry
/// different records.
struct BatchKey: Hashable {
    var batch: String
    var category: Category
    init(_ batch: String, _ category: Category) { self.batch = batch; self.category = category }
}
