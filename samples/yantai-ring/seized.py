#!/usr/bin/env python3
"""Write the sample case a second time, in the shape evidence is seized (invented, like the rest).

Reads parties.csv, transfers.csv and batches.csv beside this file (as generate.py wrote them) and
writes into seized/:
  ledger.xlsx            the transfers as a seized Excel ledger: a notes sheet first, then sheet
                         交易台账 with a title and a preamble above Chinese headers, dates stored as
                         Excel dates, times as text without seconds, counts as 1200条 / 3千 / 1.2万,
                         amounts as ¥1,500.00 / 1500元 / 0.15万元, Chinese categories and modes,
                         a 小计 row and a blank row after every month, a 合计 row at the end
  wechat-niu.csv         niu's WeChat Pay bill (UTF-8 with BOM, 16 preamble lines): a payment for
                         each of his priced sales, plus a withdrawal and a refunded transfer
  alipay-li.csv          li's Alipay bill (GB18030, 24 preamble lines, padded cells): a payment for
                         each of his priced sales, plus a fund move and a closed trade
  residents/B-*.csv      one traded resident list per collected batch (业主姓名, 联系电话, 楼号, 房号)
  ledger.yaml, residents.yaml   the mappings (the bills use the built-in presets)

Needs openpyxl (pip install openpyxl). Deterministic: random.Random(2025); the workbook's
timestamps are fixed so the bytes do not change between runs.
"""

import csv
import datetime as dt
import os
import random
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "seized")

CATEGORY_ZH = {"real_estate": "房产信息", "property": "财产信息", "other": "姓名电话", "credit": "征信信息", "accommodation": "住宿信息",
               "communication_record": "通话记录", "财产信息": "财产信息", "房产信息": "房产信息", "住宿": "住宿"}
MODE_ZH = {"sale": "出售", "exchange": "互换", "provide": "赠送", "collect": "采集"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志海波宁辉鹏"


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def when(text):
    """(date, 'HH:MM' or '') of a transfers.csv time; offsets are +08:00, the case's zone."""
    if len(text) == 10:
        return dt.date.fromisoformat(text), ""
    return dt.date.fromisoformat(text[:10]), text[11:16]


def count_text(n, i):
    """A record count written one of the ways seized ledgers write them."""
    k = i % 5
    if k == 0:
        return n                                   # a number cell
    if k == 1:
        return "%d条" % n
    if k == 2 and n >= 10000 and n % 1000 == 0:
        return "%s万" % ("%g" % (n / 10000))
    if k == 2 and n % 1000 == 0 and n > 0:
        return "%d千" % (n // 1000)
    if k == 3 and n >= 1000:
        return "{:,}".format(n)
    return "%d条" % n


def amount_text(amount, i):
    if not amount:
        return None
    v = float(amount)
    k = i % 4
    if k == 0:
        return "¥{:,.2f}".format(v)
    if k == 1:
        return "%s元" % amount
    if k == 2 and round(v) == v and int(v) % 100 == 0:
        return "%s万元" % ("%g" % (v / 10000))
    return v                                       # a number cell


def ledger(transfers):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "本文件为虚构样本（BrokerGraph 示例案件），人名、电话、公司均为编造。"
    notes["A2"] = "台账见第二页。"
    ws = wb.create_sheet("交易台账")
    ws["A1"] = "2025年个人信息买卖台账（扣押U盘导出，虚构）"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:M1")
    ws["A2"] = "整理：办案民警  核对：—  单位：条、元"
    ws.append([])
    header = ["编号", "日期", "时间", "卖方", "买方", "条数", "信息类型", "方式", "金额", "批次", "渠道", "证据", "备注"]
    ws.append(header)
    month, month_records, total = None, 0, 0
    for i, t in enumerate(transfers):
        day, clock = when(t["time"])
        if month is not None and day.month != month:
            ws.append(["%d月小计" % month, None, None, None, None, month_records])
            ws.append([])
            month_records = 0
        month = day.month
        n = int(t["records"])
        month_records += n
        total += n
        ws.append([t["id"], dt.datetime(day.year, day.month, day.day), clock, t["from"], t["to"], count_text(n, i),
                   CATEGORY_ZH[t["category"]], MODE_ZH[t["mode"]], amount_text(t["amount"], i), t["batch"] or None,
                   t["channel"] or None, t["evidence"] or None, t["note"] or None])
        ws.cell(row=ws.max_row, column=2).number_format = "yyyy/m/d"
    ws.append(["%d月小计" % month, None, None, None, None, month_records])
    ws.append(["合计", None, None, None, None, total])
    wb.properties.creator = "BrokerGraph sample"
    fixed = dt.datetime(2025, 9, 1, 9, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    path = os.path.join(OUT, "ledger.xlsx")
    wb.save(path)
    # openpyxl stamps the zip entries with the current time: rewrite them with a fixed one.
    import zipfile
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":   # openpyxl writes the save time as "modified"
                import re
                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2025-09-01T09:00:00Z<", data)
            info = zipfile.ZipInfo(name, date_time=(2025, 9, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def display_names(parties):
    """A bill shows the counterparty's name (an alias of the party in parties.csv)."""
    return {p["id"]: p["name"] for p in parties}


def paid_at(t, hours):
    day, clock = when(t["time"])
    if not clock:
        return dt.datetime(day.year, day.month, day.day, 20, 15, 0)
    base = dt.datetime(day.year, day.month, day.day, int(clock[:2]), int(clock[3:]))
    return base + dt.timedelta(hours=hours)


def wechat(transfers, names):
    sales = [t for t in transfers if t["from"] in ("niu", "13805351234", "老牛", "niu_house") and t["mode"] == "sale" and t["amount"]]
    lines = []
    for k, t in enumerate(sales):
        lines.append((paid_at(t, 1 + k % 3), "转账", names.get(t["to"], t["to"]), "/", "收入", "¥%.2f" % float(t["amount"]),
                      "/", "已收钱", "1000050%05d\t" % (k + 1), "/", "/"))
    first = sales[0]
    lines.append((paid_at(first, 30), "零钱提现", "招商银行(1234)", "/", "/", "¥2000.00", "招商银行(1234)", "提现已到账",
                  "1000059%05d\t" % 1, "/", "服务费¥2.00"))
    lines.append((paid_at(sales[3], 2), "转账", names.get(sales[3]["to"], sales[3]["to"]), "/", "收入", "¥50.00", "/",
                  "已全额退款", "1000059%05d\t" % 2, "/", "多转了"))
    lines.sort(key=lambda l: l[0])
    income = [l for l in lines if l[4] == "收入"]
    rows = ["微信支付账单明细", "微信昵称：[老牛]", "起始时间：[2025-02-01 00:00:00] 终止时间：[2025-08-31 23:59:59]",
            "导出类型：[全部]", "导出时间：[2025-09-01 09:00:00]", "",
            "共%d笔记录" % len(lines), "收入：%d笔 %.2f元" % (len(income), sum(float(l[5][1:]) for l in income)),
            "支出：0笔 0.00元", "中性交易：1笔 2000.00元", "注：",
            "1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易",
            "2. 除微信支付外，本明细不包含其他交易", "3. 本明细仅展示当前账单中的交易（样本，虚构）", "",
            "----------------------微信支付账单明细列表--------------------"]
    with open(os.path.join(OUT, "wechat-niu.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow([r] + [""] * 10)
        w.writerow(["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"])
        for l in lines:
            w.writerow([l[0].strftime("%Y-%m-%d %H:%M:%S")] + list(l[1:]))


def alipay(transfers, names):
    sales = [t for t in transfers if t["from"] in ("li", "13953571188", "峰哥", "lixf_fang") and t["mode"] == "sale" and t["amount"]]
    lines = []
    for k, t in enumerate(sales):
        lines.append((paid_at(t, 2 + k % 4), "转账红包", names.get(t["to"], t["to"]), "/", "资料费", "收入",
                      "%.2f" % float(t["amount"]), "余额", "交易成功", "2025%012d\t" % (k + 1), "", ""))
    lines.append((paid_at(sales[1], 5), "投资理财", "余额宝", "/", "余额宝-自动转入", "不计收支", "300.00", "余额",
                  "交易成功", "2025%012d\t" % 900001, "", ""))
    lines.append((paid_at(sales[2], 3), "转账红包", names.get(sales[2]["to"], sales[2]["to"]), "/", "资料费", "收入", "80.00",
                  "余额", "交易关闭", "2025%012d\t" % 900002, "", "未付款"))
    lines.sort(key=lambda l: l[0])
    pre = ["------------------------------------------------------------------------------------",
           "导出信息：", "姓名：李晓峰（虚构）", "支付宝账户：li***@example.com",
           "起始时间：[2025-02-01 00:00:00]    终止时间：[2025-08-31 23:59:59]",
           "导出交易类型：[全部]", "导出时间：[2025-09-01 09:00:00]",
           "共%d笔记录" % len(lines), "收入：%d笔 %.2f元" % (sum(1 for l in lines if l[5] == "收入"),
                                                sum(float(l[6]) for l in lines if l[5] == "收入")),
           "支出：0笔 0.00元", "不计收支：1笔 300.00元", "",
           "特别提示：", "1.本回单内容可表明支付宝受理了此笔业务（样本，虚构），", "2.本回单仅供参考，",
           "3.如需使用，请核对", "4.……", "5.……", "6.……", "7.……", "", "",
           "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------", ""]
    header = ["交易时间", "交易分类", "交易对方", "对方账号", "商品说明", "收/支", "金额", "收/付款方式", "交易状态",
              "交易订单号", "商家订单号", "备注", ""]
    with open(os.path.join(OUT, "alipay-li.csv"), "w", encoding="gb18030", newline="") as f:
        for r in pre:
            f.write(r + "\n")
        f.write(",".join(h + " " if h else h for h in header) + "\n")
        for l in lines:
            cells = [l[0].strftime("%Y-%m-%d %H:%M:%S")] + list(l[1:])
            f.write(",".join(c + " " if c and not c.endswith("\t") else c for c in cells) + ",\n")


def residents(batch_rows):
    os.makedirs(os.path.join(OUT, "residents"), exist_ok=True)
    rng = random.Random(2025)
    by_batch = defaultdict(list)
    for r in batch_rows:
        by_batch[r["batch"]].append(r["subject"])
    for batch in sorted(by_batch):
        with open(os.path.join(OUT, "residents", batch + ".csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["海阳片区业主名单（虚构样本）", "", "", "", "", ""])
            w.writerow(["序号", "业主姓名", "联系电话", "楼号", "房号", "面积(㎡)"])
            for k, subject in enumerate(by_batch[batch], 1):
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
                phone = subject if k % 7 else subject[:3] + " " + subject[3:7] + " " + subject[7:]
                w.writerow([k, name, phone, "%d号楼" % rng.randint(1, 12), "%d%02d" % (rng.randint(1, 18), rng.randint(1, 4)),
                            "%.1f" % rng.uniform(48, 160)])


LEDGER_MAPPING = """\
# The seized ledger (sheet 交易台账 of ledger.xlsx): a title and a preamble above the header, a
# date column and a time column, Chinese categories and modes, monthly 小计 rows, a 合计 row.
mapping: 1
name: yantai-ledger
reader:
  sheet: 交易台账
skip:
  - {name: subtotal or total, column: 编号, contains: [小计, 合计]}
transfers:
  id: 编号
  time: {columns: [日期, 时间]}
  from: 卖方
  to: 买方
  records: 条数
  category: {column: 信息类型, map: {房产信息: real_estate, 财产信息: property, 姓名电话: other, 征信信息: credit, 住宿信息: accommodation, 通话记录: communication_record}}
  mode: {column: 方式, map: {出售: sale, 互换: exchange, 赠送: provide, 采集: collect}}
  amount: 金额
  batch: 批次
  channel: 渠道
  evidence: 证据
  note: 备注
"""

RESIDENTS_MAPPING = """\
# A traded resident list, named after the batch it was (residents/B-NIU-01.csv is batch B-NIU-01).
# Residents are identified by their phone number, which is keyed-hashed at ingest.
mapping: 1
name: yantai-residents
batches:
  batch: {file_stem: true}
  subject: 联系电话
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    parties, transfers, batch_rows = read("parties.csv"), read("transfers.csv"), read("batches.csv")
    names = display_names(parties)
    ledger(transfers)
    wechat(transfers, names)
    alipay(transfers, names)
    residents(batch_rows)
    with open(os.path.join(OUT, "ledger.yaml"), "w", encoding="utf-8") as f:
        f.write(LEDGER_MAPPING)
    with open(os.path.join(OUT, "residents.yaml"), "w", encoding="utf-8") as f:
        f.write(RESIDENTS_MAPPING)
    print("seized/: ledger.xlsx (%d transfers), wechat-niu.csv, alipay-li.csv, %d resident lists"
          % (len(transfers), len({r["batch"] for r in batch_rows})))


if __name__ == "__main__":
    main()
