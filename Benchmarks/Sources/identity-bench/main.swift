// identity-bench: runs BrokerIdentity's resolver on generated party mentions.
//
//   identity-bench --records FILE --out DIR [--threshold BITS]
//       reads scripts/gen_identity_records.py's records.tsv, resolves, and writes DIR/ours_merges.tsv
//       and DIR/ours_suggest.tsv (record, cluster): the automatic merges alone, and the merges with every
//       suggestion at or above the threshold accepted. Prints the time taken.
//   identity-bench --scale N [--runs R]
//       times parsing and resolving N generated parties with 3 identifiers each (1,000,000 for the
//       3,000,000-identifier figure); generation is outside the timed blocks.
import BrokerGraph
import BrokerIdentity
import Foundation

#if DEBUG
print("identity-bench: build with `swift build -c release`; debug timings are meaningless.")
exit(2)
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
    }
    return 0
}

var recordsPath: String? = nil, outDir = "bench-out/identity", scale: Int? = nil, runs = 3
var options = ResolutionOptions()
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { print("\(flag) needs a value"); exit(2) }
    switch flag {
    case "--records": recordsPath = value
    case "--out": outDir = value
    case "--threshold": options.threshold = Double(value) ?? options.threshold
    case "--scale": scale = Int(value)
    case "--runs": runs = Int(value) ?? 3
    default: print("unknown flag \(flag)"); exit(2)
    }
}

/// Union-find over record ids, for turning merges and suggestions into clusters.
struct Clusters {
    var parent: [Int64: Int64] = [:]
    mutating func find(_ x: Int64) -> Int64 {
        var x = x
        while let p = parent[x], p != x { parent[x] = parent[p] ?? p; x = p }
        return x
    }
    mutating func union(_ a: Int64, _ b: Int64) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    mutating func write(_ ids: [Int64], to path: String) {
        var text = ""
        for id in ids { text += "\(id)\t\(find(id))\n" }
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
}

if let recordsPath {
    guard let text = try? String(contentsOfFile: recordsPath, encoding: .utf8) else { print("cannot read \(recordsPath)"); exit(1) }
    var parties: [IdentityParty] = [], activity: [Int64: [Contact]] = [:], issues = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 5, let id = Int64(f[0]) else { continue }
        let parsed = Identifier.parseColumn(f[3])
        issues += parsed.issues.count
        parties.append(IdentityParty(id: id, displayName: f[2], identifiers: parsed.identifiers.map { Sighting($0, rows: [id]) }))
        activity[id] = f[4].split(separator: ",").compactMap { item in
            let p = item.split(separator: "@")
            guard p.count == 2, let c = Int64(p[0]), let t = Int64(p[1]) else { return nil }
            return Contact(counterparty: 1_000_000_000 + c, time: t)   // brokers are not among the records
        }
    }
    let start = now()
    let result = IdentityResolver.resolve(IdentityInput(parties: parties, activity: activity), options: options)
    let elapsed = now() - start
    let ids = parties.map(\.id)
    var clusters = Clusters()
    for group in result.groups { for m in group.dropFirst() { clusters.union(group[0], m) } }
    try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    clusters.write(ids, to: outDir + "/ours_merges.tsv")
    for s in result.suggestions { clusters.union(s.a, s.b) }
    clusters.write(ids, to: outDir + "/ours_suggest.tsv")
    var text2 = ""
    for s in result.suggestions {
        let why = s.reasons.map { "\($0.comparison.rawValue).\($0.level.rawValue)" }.joined(separator: ",")
        text2 += "\(s.a)\t\(s.b)\t\(s.score)\t\(why)\n"
    }
    _ = FileManager.default.createFile(atPath: outDir + "/ours_suggestions.tsv", contents: Data(text2.utf8))
    print(String(format: "identity-bench: %d records, %d column issues, %d merges, %d conflicts, %d suggestions, %d compared pairs, %d skipped blocks, resolved in %.3f s",
                 parties.count, issues, result.merges.count, result.conflicts.count, result.suggestions.count,
                 result.comparedPairs, result.skippedBlocks.count, elapsed))
    exit(0)
}

guard let n = scale else { print("give --records FILE or --scale N"); exit(2) }

/// N parties from 0.7·N people; each person holds a mobile, a WeChat ID, a card, a resident ID
/// number and a QQ number; each party shows 3 of them, a fifth of the mobiles masked, in varied
/// formats, and a name (a tenth with a homophone).
func generate(_ n: Int) -> (raw: [(Int64, String, [(IdentifierKind, String)])], activity: [Int64: [Contact]]) {
    var random = SplitMix64(seed: 11)
    let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚")
    let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国峰晓小鹏辉飞鑫波宇浩凯健俊帆帅旭宁龙林欣颖佳琳雪梅婷慧晨阳天文志海斌荣新春")
    func digits(_ k: Int) -> String { String((0..<k).map { _ in Character(String(random.below(10))) }) }
    let people = max(1, n * 7 / 10)
    var raw: [(Int64, String, [(IdentifierKind, String)])] = []
    raw.reserveCapacity(n)
    var activity: [Int64: [Contact]] = [:]
    for i in 0..<n {
        let person = i < people ? i : random.below(people)
        var r = SplitMix64(seed: UInt64(person) &* 0x9E37_79B9 &+ 1)
        func d(_ k: Int) -> String { String((0..<k).map { _ in Character(String(r.below(10))) }) }
        let name = String(surnames[r.below(surnames.count)]) + String(given[r.below(given.count)]) + String(given[r.below(given.count)])
        let mobile = "1" + String("3456789".randomElement(using: &r)!) + d(9)
        let wechat = "wx" + d(10)
        var cardBody = "622202" + d(12)
        let cardCheck = (0...9).first { BankCardNumber.luhnValid(cardBody + String($0)) }!
        cardBody += String(cardCheck)
        let idBody = "370602" + String(1950 + r.below(50)) + "0" + String(1 + r.below(9)) + "1" + String(r.below(9)) + d(3)
        let rid = idBody + String(ResidentIDNumber.checkCharacter(idBody)!)
        let qq = String(10000 + r.below(1_000_000_000))
        let all: [(IdentifierKind, String)] = [
            (.mobile, random.below(5) == 0 ? mobile.prefix(3) + "****" + mobile.suffix(4) : random.below(2) == 0 ? "+86 " + mobile : mobile),
            (.wechat, wechat), (.bankCard, cardBody), (.residentID, rid), (.qq, qq),
        ]
        var chosen = all
        while chosen.count > 3 { chosen.remove(at: random.below(chosen.count)) }
        let shown = random.below(10) == 0 ? String(name.prefix(2)) + "小" : name
        raw.append((Int64(i + 1), shown, chosen))
        if random.below(4) == 0 {
            activity[Int64(i + 1)] = (0..<3).map { _ in Contact(counterparty: Int64(n + 1 + r.below(5000)), time: Int64(r.below(365)) * 86_400) }
        }
    }
    _ = digits
    return (raw, activity)
}

let (raw, activity) = generate(n)
var parseTimes: [Double] = [], resolveTimes: [Double] = [], resolveCPU: [Double] = []
var last: Resolution? = nil
for _ in 0..<runs {
    let t0 = now()
    var parties: [IdentityParty] = []
    parties.reserveCapacity(raw.count)
    for (id, name, list) in raw {
        let ids = list.compactMap { kind, value in
            (kind == .mobile ? Identifier.phone(value) : Identifier(kind, value)).map { Sighting($0, rows: [id]) }
        }
        parties.append(IdentityParty(id: id, displayName: name, identifiers: ids))
    }
    let t1 = now(), c1 = cpuNow()
    let result = IdentityResolver.resolve(IdentityInput(parties: parties, activity: activity))
    let t2 = now(), c2 = cpuNow()
    parseTimes.append(t1 - t0); resolveTimes.append(t2 - t1); resolveCPU.append(c2 - c1)
    last = result
}
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
let identifiers = raw.reduce(0) { $0 + $1.2.count }
print(String(format: "identity-bench: %d parties, %d identifiers: parse %.2f s, resolve %.2f s wall, %.2f s CPU (medians of %d); %d groups, %d merges, %d conflicts, %d suggestions, %d compared pairs, %d skipped blocks; peak RSS %.0f MiB",
             n, identifiers, median(parseTimes), median(resolveTimes), median(resolveCPU), runs, last!.groups.count, last!.merges.count,
             last!.conflicts.count, last!.suggestions.count, last!.comparedPairs, last!.skippedBlocks.count, peakRSSMiB()))
