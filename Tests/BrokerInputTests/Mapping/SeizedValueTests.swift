import Testing
import BrokerGraph
@testable import BrokerInput
import BrokerCase

@Suite struct SeizedValueTests {
    @Test("dates and times as seized ledgers write them", arguments: [
        ("2025/3/1 14:03", "2025-03-01 14:03"), ("2025/03/01 14:03:05", "2025-03-01 14:03:05"),
        ("2025年3月1日", "2025-03-01"), ("2025年3月1日 14:03", "2025-03-01 14:03"), ("2025年3月1日14时3分", "2025-03-01 14:03"),
        ("2025.03.01", "2025-03-01"), ("2025-3-1", "2025-03-01"), ("2025-03-01 14:03", "2025-03-01 14:03"),
        ("2025-03-01T14:03:00+08:00", "2025-03-01T14:03:00+08:00"), ("20250301", "2025-03-01"),
        ("45717", "2025-03-01"), ("45717.585416666667", "2025-03-01 14:03"), ("45717.5854282407", "2025-03-01 14:03:01"),
        ("２０２５/３/１ １４：０３", "2025-03-01 14:03"), (" 2025/3/1\t", "2025-03-01"), ("2025年3月1号", "2025-03-01"),
    ])
    func times(text: String, expected: String) throws {
        #expect(try SeizedValue.time(text) == expected)
        #expect((try? CaseTime.parse(expected)) != nil)
    }

    @Test("a date without a time spans its day, as the case's time rules say")
    func daySpan() throws {
        let span = try CaseTime.parse(try SeizedValue.time("2025年3月1日"))
        #expect(span.isDay && span.latest - span.earliest == 86_399)
    }

    @Test("unreadable or impossible times are refused without echoing them", arguments: [
        "", "yesterday", "3/1/2025", "2025/3", "2025/3-1", "2025/2/30", "2025/3/1 25:00", "2025/3/1 14",
        "12", "2025年3月1日 14:03:99", "2025/3/1 14:03 下午x", "1e5",
    ])
    func badTimes(text: String) {
        #expect(throws: SeizedValue.Problem.self) { try SeizedValue.time(text) }
        do { _ = try SeizedValue.time(text) } catch {
            // (The message's own examples hold "2025/3/1 14:03".)
            if !text.isEmpty && !"2025/3/1 14:03".hasPrefix(text) { #expect(!error.description.contains(text)) }
        }
    }

    @Test("counts with units and multipliers", arguments: [
        ("3000", "3000"), ("3000条", "3000"), ("3,000", "3000"), ("3千", "3000"), ("1.2万", "12000"), ("2w", "20000"),
        ("１２０条", "120"), ("0", "0"), ("300 条", "300"), ("1,234,567", "1234567"), ("0.5万条", "5000"),
    ])
    func counts(text: String, expected: String) throws {
        #expect(try SeizedValue.count(text) == expected)
    }

    @Test("bad counts", arguments: ["", "三千", "1.5", "1.23456万", "-3", "3,00", "30,00,0", "1e3", "万", "99999999999999999999"])
    func badCounts(text: String) {
        #expect(throws: SeizedValue.Problem.self) { try SeizedValue.count(text) }
    }

    @Test("amounts with currency signs, units and separators", arguments: [
        ("1500", "1500"), ("¥1,500.00", "1500"), ("￥500.50", "500.5"), ("1500元", "1500"), ("0.15万元", "1500"),
        ("0.15万", "1500"), ("RMB 12.34", "12.34"), ("+20", "20"), ("1,234.5元", "1234.5"), ("3千元", "3000"),
    ])
    func amounts(text: String, expected: String) throws {
        #expect(try SeizedValue.amount(text) == expected)
        #expect((try? Number.fen(expected)) != nil)
    }

    @Test("bad amounts", arguments: ["", "abc", "-500", "¥-5", "1.234", "0.1234567万元", "1,50"])
    func badAmounts(text: String) {
        #expect(throws: SeizedValue.Problem.self) { try SeizedValue.amount(text) }
    }

    @Test("a signed amount keeps its sign only when asked")
    func signed() throws {
        #expect(try SeizedValue.amount("-500", signed: true) == "500")
    }

    @Test("white space around non-ASCII text is trimmed; none is kept", arguments: [
        ("¥500", "¥500"), ("300条", "300条"), (" ¥500\t", "¥500"), ("\u{3000}300条\u{3000}", "300条"), ("房产信息\u{00A0}", "房产信息"),
        ("\u{2003}老牛", "老牛"), ("a\u{0301}", "a\u{0301}"), ("é ", "é"),
    ])
    func trimming(text: String, expected: String) {
        #expect(text.trimmingWhitespace() == expected)
    }

    @Test("counts and amounts read byte by byte (1200条, ¥1500.00) give what the general reader gives, or what it refuses")
    func fastPaths() {
        var random = SplitMix64(seed: 5)
        let pieces = ["1", "0", "9", "12", ".", ".5", ",", "¥", "￥", "条", "条记录", "人", "万", "元", "-", "x", "00", "123456789"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            // A leading space takes the general reader (which trims it). (Plain digits and plain
            // decimals are passed on as written, for the case's own rules: not compared here.)
            if !text.allSatisfy(\.isASCII) || !text.allSatisfy(\.isNumber) {
                #expect((try? SeizedValue.count(text)) == (try? SeizedValue.count(" " + text)), "\(text)")
            }
            if !SeizedValue.isPlainDecimal(text) {
                #expect((try? SeizedValue.amount(text)) == (try? SeizedValue.amount(" " + text)), "\(text)")
            }
        }
        #expect(SeizedValue.digitsAndUnit("0012条") == 12 && SeizedValue.currencyDecimal("￥0012.5") == 1_250)
    }
}
