/// An investigator's decision about identities: pure values, for the store to persist in order.
///
/// The resolved partition is a pure function of the parties and the ordered list of decisions
/// (`IdentityResolver.resolve`). The list is first reduced to its effect:
/// - `merge` and `accept` add a manual merge (applied after the automatic ones, in list order, and
///   refused with a `Conflict` like any merge that would put two resident ID numbers in one group);
/// - `reject` hides suggestions between the groups holding its two parties;
/// - `split(p)` removes every earlier `merge`/`accept` that names `p`; when none names it, it takes
///   `p` out of the automatic merges instead (p then stays alone unless a later decision merges it).
///
/// So `[…, merge(a, b), split(a)]` resolves exactly as `[…]`: a split restores the results from
/// before the merge.
public enum Decision: Hashable, Sendable {
    case merge(Int64, Int64, reason: String, evidence: [Int64])
    case accept(Suggestion)
    case reject(Suggestion)
    case split(Int64)
}

/// The effect of an ordered decision list. O(d²) in the number of decisions in the worst case (each
/// split scans the merges so far).
struct EffectiveDecisions {
    struct ManualMerge {
        var a: Int64, b: Int64, rule: MergeRule, reason: String, evidence: [Int64]
    }

    var merges: [ManualMerge] = []
    var detached: Set<Int64> = []
    var rejected: [(Int64, Int64)] = []

    init(_ decisions: [Decision]) {
        for decision in decisions {
            switch decision {
            case .merge(let a, let b, let reason, let evidence):
                merges.append(.init(a: a, b: b, rule: .decision, reason: reason, evidence: evidence.sortedUnique()))
            case .accept(let s):
                let reason = s.reasons.map { "\($0.comparison.rawValue) \($0.level.rawValue)" }.joined(separator: ", ")
                merges.append(.init(a: s.a, b: s.b, rule: .acceptedSuggestion, reason: reason, evidence: []))
            case .reject(let s):
                rejected.append((s.a, s.b))
            case .split(let p):
                let before = merges.count
                merges.removeAll { $0.a == p || $0.b == p }
                if merges.count == before { detached.insert(p) }
            }
        }
    }
}

extension Array where Element == Int64 {
    /// Sorted, without duplicates. O(n log n).
    func sortedUnique() -> [Int64] {
        var out = sorted()
        var w = 0
        for r in out.indices where r == 0 || out[r] != out[r - 1] { out[w] = out[r]; w += 1 }
        out.removeLast(out.count - w)
        return out
    }
}
