import Foundation

extension SeverityReport {
    /// The level reached by counted records per category and gains (in fen), with the lines that fired.
    public static func judge(counted: [(Category, Int64)], gainsFen: Int64, insider: Bool, rules: RuleSet)
        -> (Level, [String], [String: Double])
    {
        judge(counted: counted, gainsFen: gainsFen, item8: insider, rules: rules)
    }

    /// The level one test reaches. With `item8`, every threshold is multiplied by the insider
    /// factor and each line also cites the insider item (the counts are then duty data sold or
    /// provided); otherwise the full thresholds of items 3-7. Without `text`, only the level
    /// (the lines and shares are left empty; the level is decided the same way).
    static func judge(counted: [(Category, Int64)], gainsFen: Int64, item8: Bool, rules: RuleSet, text: Bool = true)
        -> (Level, [String], [String: Double])
    {
        let insider = item8
        let f = insider ? rules.insiderFactor : 1
        let ef = rules.especiallyFactor
        let insiderText = insider ? " × \(format(f)) insider" : ""
        let also = insider ? ", \(rules.insiderCite)" : ""
        let what = insider ? "duty data sold or provided" : "counted"
        var especially: [String] = [], serious: [String] = []
        var categoriesEspecially = 0, categoriesSerious = 0
        var shareS = 0.0, shareX = 0.0
        var terms: [String] = [], termCount = 0
        for (c, n) in counted {
            guard let tier = rules.tier(of: c) else { continue }
            let s = tier.serious * f
            let x = (tier.especially ?? tier.serious * ef) * f
            shareS += Double(n) / s
            shareX += Double(n) / x
            if n > 0 {
                termCount += 1
                if text { terms.append("\(n)/\(format(s))") }
            }
            if Double(n) >= x {
                categoriesEspecially += 1
                guard text else { continue }
                let how = tier.especially.map { "tier \(tier.id) especially serious \(format($0))\(insiderText)" }
                    ?? "tier \(tier.id) serious \(format(tier.serious))\(insiderText) × \(format(ef))"
                especially.append("especially serious: \(c.rawValue) \(n) \(what) >= \(format(x)) (\(how); \(tier.cite)\(also), \(rules.especiallyCite))")
            } else if Double(n) >= s {
                categoriesSerious += 1
                guard text else { continue }
                serious.append("serious: \(c.rawValue) \(n) \(what) >= \(format(s)) (tier \(tier.id) serious \(format(tier.serious))\(insiderText); \(tier.cite)\(also))")
            }
        }
        var gainsEspecially = false, gainsSerious = false
        if let g = rules.gains {
            let yuan = Double(gainsFen) / 100
            let s = g.serious * f
            let x = (g.especially ?? g.serious * ef) * f
            if yuan >= x {
                gainsEspecially = true
                if text {
                    especially.append("especially serious: gains \(String(format: "%.2f", yuan)) yuan >= \(format(x)) (\(g.especially.map { format($0) } ?? "\(format(g.serious))")\(insiderText)\(g.especially == nil ? " × \(format(ef))" : ""); \(g.cite)\(also), \(rules.especiallyCite))")
                }
            } else if yuan >= s {
                gainsSerious = true
                if text { serious.append("serious: gains \(String(format: "%.2f", yuan)) yuan >= \(format(s)) (\(format(g.serious))\(insiderText); \(g.cite)\(also))") }
            }
        }
        // Exact arithmetic is not needed: counts are integers and thresholds have few digits, so a
        // true sum below 1 is far further from 1 than the rounding error allowed for here.
        let one = 1 - 1e-9
        let singleEspecially = categoriesEspecially > 0
        let singleSerious = categoriesSerious > 0 || singleEspecially
        var mixedEspecially = false, mixedSerious = false
        if rules.mixed && rules.especiallyMixed && !singleEspecially && shareX >= one && termCount > 1 {
            mixedEspecially = true
        } else if rules.mixed && !singleSerious && shareS >= one && termCount > 1 {
            mixedSerious = true
        }
        let level: Level = singleEspecially || gainsEspecially || mixedEspecially ? .especiallySerious
            : singleSerious || gainsSerious || mixedSerious ? .serious : .none
        guard text else { return (level, [], [:]) }
        var lines = especially
        if mixedEspecially {
            lines.append("especially serious: mixed categories, shares of the especially-serious thresholds add up to \(String(format: "%.2f", shareX)) >= 1 (\(rules.mixedCite)\(also), \(rules.especiallyCite))")
        }
        lines += serious
        if mixedSerious {
            lines.append("serious: mixed categories, shares \(terms.joined(separator: " + ")) = \(String(format: "%.2f", shareS)) >= 1 (\(rules.mixedCite)\(also))")
        }
        return (level, lines, ["serious": (shareS * 100).rounded() / 100, "especially": (shareX * 100).rounded() / 100])
    }

    /// A threshold as written: `25`, `12.5`.
    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
