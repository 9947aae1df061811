import BrokerTestSupport
import Foundation
import Testing

/// End to end: a WeChat Pay bill through the built-in preset, and `payments --json`.
@Suite struct PaymentsCommandTests {
    static let bill = "\u{FEFF}" + """
        微信支付账单明细,,,,,,,,,,
        微信昵称：[老牛],,,,,,,,,,
        起始时间：[2025-03-01 00:00:00] 终止时间：[2025-03-31 23:59:59],,,,,,,,,,
        导出类型：[全部],,,,,,,,,,
        导出时间：[2025-04-01 10:00:00],,,,,,,,,,
        ,,,,,,,,,,
        共4笔记录,,,,,,,,,,
        收入：2笔 620.00元,,,,,,,,,,
        支出：0笔 0.00元,,,,,,,,,,
        中性交易：1笔 100.00元,,,,,,,,,,
        注：,,,,,,,,,,
        1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易,,,,,,,,,,
        2. 本明细仅展示当前账单中的交易，不包括已删除的记录,,,,,,,,,,
        3. 本明细仅供个人对账使用,,,,,,,,,,
        ,,,,,,,,,,
        ----------------------微信支付账单明细列表--------------------,,,,,,,,,,
        交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注
        2025-03-01 18:00:00,转账,agent01,/,收入,¥600.00,/,已收钱,1000050001\t,/,/
        2025-03-02 09:00:00,零钱提现,/,/,/,¥100.00,招商银行,提现已到账,1000050002\t,/,/
        2025-03-03 09:00:00,转账,agent02,/,收入,¥20.00,/,已全额退款,1000050003\t,/,/
        2025-03-04 09:00:00,转账,agent02,/,收入,¥20.00,/,已收钱,1000050004\t,/,/

        """

    @Test("--map wechat-pay --owner: payments in, neutral and refunded lines skipped, linked to the transfer they paid")
    func wechat() throws {
        let s = try Scratch()
        try s.write("t.csv", "id,time,from,to,records,category,mode\nT1,2025-03-01 12:00,niu,agent01,100,property,sale\n")
        try s.write("bill.csv", Self.bill)
        #expect(try s.run(["ingest", "--db", "c.sqlite", "t.csv"]).status == 0)
        let out = try s.run(["ingest", "--db", "c.sqlite", "--map", "wechat-pay", "--owner", "niu", "bill.csv"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("2 of 2 rows stored, 2 skipped"))
        let payments = try #require(try s.run(["payments", "--db", "c.sqlite", "--json"]).json() as? [[String: Any]])
        #expect(payments.count == 2)
        #expect(Set(payments[0].keys) == ["payer", "payee", "time", "amount", "reference", "transfer"])
        #expect(payments[0]["payer"] as? String == "agent01" && payments[0]["payee"] as? String == "niu")
        #expect(payments[0]["amount"] as? Double == 600 && payments[0]["transfer"] as? String == "T1")
        #expect(payments[0]["reference"] as? String == "1000050001")
        #expect(payments[1]["transfer"] is NSNull)
        let severity = try #require(try s.run(["severity", "--db", "c.sqlite", "--json"]).json() as? [[String: Any]])
        let niu = try #require(severity.first { $0["party"] as? String == "niu" })
        #expect((niu["gains"] as? NSNumber)?.doubleValue == 600)
    }
}
