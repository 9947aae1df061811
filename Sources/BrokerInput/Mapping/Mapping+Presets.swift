extension Mapping {
    /// The built-in mappings, by name: the public, stable bill exports of WeChat Pay and Alipay.
    /// Each needs the phone's owner (`--owner PARTY`): a bill lists the owner's counterparties.
    public static let presets: [String: String] = [
        "wechat-pay": """
            # WeChat Pay bill (微信支付账单明细), CSV or XLSX export: a 16-line preamble, then the header.
            mapping: 1
            name: wechat-pay
            reader:
              null_values: ["/"]
            skip:
              - {name: neutral (收/支 is /), column: 收/支, empty: true}
              - {name: not a successful payment, column: 当前状态, contains: [退款, 关闭, 失败, 已退]}
              - {name: refund, column: 交易类型, contains: [退款]}
            payments:
              time: 交易时间
              counterparty: 交易对方
              direction: {column: 收/支, map: {收入: in, 支出: out}, default: skip}
              amount: 金额(元)
              reference: 交易单号
              note: {columns: [交易类型, 商品, 备注], join: " / "}
            """,
        "alipay": """
            # Alipay bill (支付宝), app export (GB18030, about 24 preamble lines).
            mapping: 1
            name: alipay
            reader:
              encoding: auto
              null_values: ["/"]
            skip:
              - {name: neutral (不计收支), column: 收/支, equals: [不计收支]}
              - {name: not a successful payment, column: 交易状态, contains: [关闭, 退款, 失败]}
            payments:
              time: 交易时间
              counterparty: 交易对方
              direction: {column: 收/支, map: {收入: in, 支出: out}, default: skip}
              amount: 金额
              reference: 交易订单号
              note: {columns: [交易分类, 商品说明, 备注], join: " / "}
            """,
        "alipay-web": """
            # Alipay's older web export (支付宝交易记录明细查询): GBK, a few preamble lines, a footer.
            mapping: 1
            name: alipay-web
            reader:
              encoding: auto
            skip:
              - {name: not a successful payment, column: 交易状态, contains: [关闭, 退款, 失败]}
            payments:
              time: 交易创建时间
              counterparty: 交易对方
              direction: {column: 收/支, map: {收入: in, 支出: out}, default: skip}
              amount: 金额（元）
              reference: 交易号
              note: {columns: [类型, 商品名称, 备注], join: " / "}
            """,
    ]

    /// Preset names, sorted.
    public static var presetNames: [String] { presets.keys.sorted() }

    /// A preset by name, else the mapping file at `nameOrPath`.
    public static func named(_ nameOrPath: String) throws(MappingError) -> Mapping {
        if let text = presets[nameOrPath] { return try parse(Array(text.utf8), file: "preset \(nameOrPath)") }
        return try load(path: nameOrPath)
    }
}
