/// Per-edge time intervals and labels, indexed by edge id, shared by the time-respecting
/// algorithms (`Chains.longest`, `Chains.reach`, `Chains.earliestArrival`, `EarliestArrival`).
///
/// Edge `e` happened at some moment of `earliest[e]...latest[e]` (a one-point interval for a
/// transfer known to the second, a whole day for one known only by its date) and carries the data
/// category `label[e]`; data passes from one edge to the next only within one label.
///
/// Memory: 20 bytes per edge.
public struct EdgeTimes: Sendable {
    public var earliest: [Int64]
    public var latest: [Int64]
    public var label: [Int32]
    public init(earliest: [Int64], latest: [Int64], label: [Int32]) {
        self.earliest = earliest; self.latest = latest; self.label = label
    }
}
