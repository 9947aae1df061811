#!/usr/bin/env python3
"""Writes the BrokerSheets test fixtures with real spreadsheet writers, and what they must read back.

    pip install openpyxl==3.1.5 xlsxwriter==3.3.1
    python3 Tests/BrokerSheetsTests/Fixtures/make_fixtures.py

Written with openpyxl 3.1.5 and XlsxWriter 3.3.1 (Python 3.11). openpyxl writes every string
inline (`t="inlineStr"`) and formulas without a stored result; XlsxWriter writes shared strings
and formulas with a stored result, as Excel does: the same ledger is written by both. Their zips
are then rewritten with fixed entry dates and save time (`freeze`), the parts otherwise untouched,
so that running the script again gives the same bytes.

expected.json holds, for each workbook and sheet, the rows that openpyxl itself reads back
(`load_workbook(read_only=True, data_only=True)`), as text the way BrokerSheets gives it:
dates `yyyy-MM-dd HH:mm:ss` (`yyyy-MM-dd` at midnight), times `HH:mm:ss`, booleans `TRUE`/`FALSE`,
numbers as Python prints them, empty cells "". Rows that are entirely empty are left out and
trailing empty cells trimmed (BrokerSheets skips rows the file does not hold). For the CSV files
it holds the text they decode to.

The hostile files are made here too, with Python's zipfile: truncated, zip bomb, a size that lies,
an encrypted flag, a CRC mismatch, billion laughs, a huge string, not a zip at all.
"""
import datetime as dt
import io
import json
import os
import re
import struct
import zipfile

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = dt.datetime(2025, 1, 1)

HEADER = ["时间", "卖方", "买方", "条数", "信息类型", "金额"]
LEDGER = [
    # time, seller, buyer, count, category, amount
    (dt.datetime(2025, 3, 1), "李某", "中介05", 300, "财产信息", 1500),
    (dt.datetime(2025, 3, 2, 14, 30), "孟某", "装修公司 A&B <总店>", 1200, "财产信息", 2400.5),
    (dt.datetime(2025, 3, 5, 9, 5), "牛某", None, 80, "住宿", 0.15),
    (dt.datetime(2025, 3, 9), "李某", '贷款 "顾问"', 5000, "征信", 12000),
    (dt.datetime(2025, 4, 1, 23, 59), "𠮷田", "中介07", 1, "行踪轨迹", 99.99),
]
RESIDENTS_HEADER = ["业主姓名", "联系电话", "身份证号", "楼号", "房号", "面积", "成交价", "已核实", "备注"]
RESIDENTS = [
    ("张某某", "138****1234", "37060219800101001X", "3号楼", "1202", 89.5, 1350000, True, "#N/A"),
    ("王某", "13900000001", "370602199002020022", "5号楼", "0301", 120, 2100000, False, None),
]


def path(name):
    return os.path.join(HERE, name)


def ledger_openpyxl():
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "台账"
    ws["A1"] = "2025年个人信息交易台账"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(HEADER)
    for i, (when, seller, buyer, count, category, amount) in enumerate(LEDGER):
        ws.append([when, seller, buyer, count, category, amount])
        ws.cell(row=4 + i, column=1).number_format = "yyyy/m/d h:mm" if when.hour or when.minute else "yyyy/m/d"
    ws["B5"] = CellRichText([TextBlock(InlineFont(b=True), "孟"), "某"])
    last = 3 + len(LEDGER)
    ws.append(["合计", None, None, f"=SUM(D4:D{last})", None, f"=SUM(F4:F{last})"])
    ws.cell(row=20, column=1, value="备注：以上为扣押电脑中导出")  # rows 10-19 absent
    notes = wb.create_sheet("说明")
    notes.append(["字段", "说明"])
    notes.append(["时间", dt.time(10, 30)])
    notes["B2"].number_format = "h:mm"
    notes.sheet_state = "hidden"
    notes.append(["核对", True])
    notes.append(["错误", "#DIV/0!"])
    wb.save(path("ledger-openpyxl.xlsx"))
    freeze("ledger-openpyxl.xlsx")


def ledger_xlsxwriter(name, date1904=False):
    wb = xlsxwriter.Workbook(path(name), {"date_1904": date1904})
    wb.set_properties({"created": FIXED})
    day = wb.add_format({"num_format": "yyyy/m/d"})
    minute = wb.add_format({"num_format": "yyyy/m/d h:mm"})
    chinese = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("台账")
    ws.merge_range("A1:F1", "2025年个人信息交易台账")
    ws.write_row(2, 0, HEADER)
    for i, (when, seller, buyer, count, category, amount) in enumerate(LEDGER):
        r = 3 + i
        ws.write_datetime(r, 0, when, minute if when.hour or when.minute else day)
        ws.write_string(r, 1, seller)
        if buyer is not None:
            ws.write_string(r, 2, buyer)
        ws.write_number(r, 3, count)
        ws.write_string(r, 4, category)
        ws.write_number(r, 5, amount)
    ws.write_rich_string(4, 1, bold, "孟", "某")
    last = 3 + len(LEDGER)
    total_count = sum(row[3] for row in LEDGER)
    total_amount = sum(row[5] for row in LEDGER)
    ws.write_string(last, 0, "合计")
    ws.write_formula(last, 3, f"=SUM(D4:D{last})", None, total_count)
    ws.write_formula(last, 5, f"=SUM(F4:F{last})", None, total_amount)
    ws.write_formula(last, 4, '="共"&COUNTA(B4:B8)&"笔"', None, "共5笔")
    ws.write_datetime(last + 2, 0, dt.datetime(2025, 3, 1), chinese)
    people = wb.add_worksheet("名单")
    people.write_row(0, 0, RESIDENTS_HEADER)
    for i, row in enumerate(RESIDENTS):
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                people.write_boolean(1 + i, j, value)
            elif isinstance(value, str) and value.startswith("#"):
                people.write_formula(1 + i, j, "=NA()", None, value)
            elif isinstance(value, str):
                people.write_string(1 + i, j, value)
            else:
                people.write_number(1 + i, j, value)
    wb.close()
    freeze(name)


def openpyxl_1904():
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws.append([dt.datetime(2025, 3, 1), dt.datetime(1904, 1, 2, 6, 0)])
    for cell in ws[1]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    wb.save(path("dates1904.xlsx"))
    freeze("dates1904.xlsx")


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.microsecond >= 500000:
            value += dt.timedelta(seconds=1)
        value = value.replace(microsecond=0)
        return value.strftime("%Y-%m-%d") if value.time() == dt.time(0) else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def read_back(name):
    wb = openpyxl.load_workbook(path(name), read_only=True, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [text(v) for v in values]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                rows.append({"number": number, "cells": cells})
        sheets.append({"name": ws.title, "rows": rows})
    wb.close()
    return sheets


ALIPAY = (
    "------------------------------------------------------------------------------------\n"
    "导出信息：\n姓名：某某\n支付宝账户：138****0000\n"
    "起始时间：[2025-03-01 00:00:00]    终止时间：[2025-03-31 23:59:59]\n"
    "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
    "2025-03-01 10:30:00,转账红包,李某,138****1234,资料费,支出,1500.00,余额,交易成功,2025030122001\t,\t,,\n"
    "2025-03-02 08:00:00,其他,𠮷田商行,/,数据 €,收入,99.99,花呗,退款成功,2025030222001\t,\t,，备注,\n"
)
WECHAT = (
    "微信支付账单明细\n微信昵称：[某某]\n起始时间：[2025-03-01 00:00:00] 终止时间：[2025-03-31 23:59:59]\n"
    "----------------------微信支付账单明细列表--------------------\n"
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
    "2025-03-01 10:30:00,转账,李某,转账备注:资料,支出,¥500.00,零钱,支付成功,1000050001\t,/,/\n"
)


def text_files():
    with open(path("alipay-gb18030.csv"), "wb") as f:
        f.write(ALIPAY.encode("gb18030"))
    with open(path("wechat-utf8-bom.csv"), "wb") as f:
        f.write(WECHAT.encode("utf-8-sig"))
    with open(path("utf16le-bom.csv"), "wb") as f:
        f.write(b"\xff\xfe" + WECHAT.encode("utf-16-le"))
    # Line 3 holds a byte (0x81 then a space) that no GB18030 character starts with.
    bad = "交易时间,金额\n2025-03-01,1\n".encode("gb18030") + b"\x81 ,2\n"
    with open(path("invalid-gb18030.csv"), "wb") as f:
        f.write(bad)
    return {"alipay-gb18030.csv": ALIPAY, "wechat-utf8-bom.csv": WECHAT, "utf16le-bom.csv": WECHAT,
            "invalid-gb18030.csv": {"line": 3, "offset": len("交易时间,金额\n2025-03-01,1\n".encode("gb18030"))}}


SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def fixed(name):
    """A zip entry dated 2025-01-01, so that the hostile fixtures come out the same on every run."""
    info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class FixedZip(zipfile.ZipFile):
    def writestr(self, name, data, *args, **kwargs):
        super().writestr(fixed(name) if isinstance(name, str) else name, data, *args, **kwargs)


def freeze(name):
    """Rewrites a workbook's zip with fixed entry dates (the parts unchanged), so that running this
    script again gives the same bytes."""
    with zipfile.ZipFile(path(name)) as src:
        parts = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with FixedZip(path(name), "w", zipfile.ZIP_DEFLATED) as dst:
        for filename, data in parts:
            if filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data)
            dst.writestr(filename, data)


def minimal_xlsx(name, sheet_xml):
    """A workbook of one sheet with the given sheet XML (bytes or a chunk generator)."""
    with FixedZip(path(name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        if isinstance(sheet_xml, bytes):
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        else:
            with z.open(fixed("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as f:
                for chunk in sheet_xml:
                    f.write(chunk)


def patch_central(name, entry, offset_in_record, fmt, value, local_offset=None):
    """Overwrites a field of `entry`'s central-directory record (and of its local header)."""
    data = bytearray(open(path(name), "rb").read())
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + n].decode() == entry:
            struct.pack_into(fmt, data, i + offset_in_record, value)
            if local_offset is not None:
                local = struct.unpack_from("<I", data, i + 42)[0]
                struct.pack_into(fmt, data, local + local_offset, value)
            break
        i = data.find(b"PK\x01\x02", i + 4)
    open(path(name), "wb").write(bytes(data))


def hostile():
    whole = open(path("ledger-openpyxl.xlsx"), "rb").read()
    open(path("truncated.xlsx"), "wb").write(whole[: len(whole) * 3 // 5])
    open(path("not-a-zip.xlsx"), "wb").write("交易时间,金额\n2025-03-01,1\n".encode("gb18030"))
    # Zip bomb: 256 MiB of empty elements inside the sheet data compress about 1000 to 1.
    filler = b"<x/>" * (1 << 18)
    minimal_xlsx("bomb.xlsx", ((SHEET_HEAD + "<sheetData>").encode() if i == 0 else filler for i in range(257)))
    # A size that lies: the directory says 100 bytes, the data inflates to 1 MiB.
    minimal_xlsx("lying-size.xlsx", SHEET_HEAD.encode() + b" " * (1 << 20) + b"<sheetData/></worksheet>")
    patch_central("lying-size.xlsx", "xl/worksheets/sheet1.xml", 24, "<I", 100, local_offset=22)
    minimal_xlsx("encrypted.xlsx", (SHEET_HEAD + "<sheetData/></worksheet>").encode())
    patch_central("encrypted.xlsx", "xl/worksheets/sheet1.xml", 8, "<H", 1, local_offset=6)
    minimal_xlsx("crc-mismatch.xlsx", (SHEET_HEAD + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>').encode())
    patch_central("crc-mismatch.xlsx", "xl/worksheets/sheet1.xml", 16, "<I", 0x12345678)
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
              + "".join(f' <!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n' for i in range(1, 10))
              + ']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    minimal_xlsx("billion-laughs.xlsx", laughs.encode())
    huge = (SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "A" * 1_000_000 + '</t></is></c></row></sheetData></worksheet>')
    minimal_xlsx("huge-string.xlsx", huge.encode())
    # Zips that are not workbooks: a CSV zipped, and a word-processing document.
    with FixedZip(path("zipped-csv.xlsx"), "w") as z:
        z.writestr("bill.csv", "交易时间,金额\n".encode("gb18030"))
    with FixedZip(path("document.xlsx"), "w") as z:
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')
    # The openpyxl ledger again, every record in zip64 form (sizes in zip64 extra fields, and the
    # zip64 end of central directory).
    saved = zipfile.ZIP64_LIMIT
    zipfile.ZIP64_LIMIT = 0
    with zipfile.ZipFile(path("ledger-openpyxl.xlsx")) as src, FixedZip(path("zip64.xlsx"), "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    zipfile.ZIP64_LIMIT = saved
    # As writers that always use zip64 do: the plain end record defers to the zip64 one.
    data = bytearray(open(path("zip64.xlsx"), "rb").read())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HHII", data, end + 8, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    open(path("zip64.xlsx"), "wb").write(bytes(data))


def main():
    ledger_openpyxl()
    ledger_xlsxwriter("ledger-xlsxwriter.xlsx")
    openpyxl_1904()
    expected = {"workbooks": {name: read_back(name) for name in
                              ["ledger-openpyxl.xlsx", "ledger-xlsxwriter.xlsx", "dates1904.xlsx"]},
                "text": text_files(),
                "versions": {"openpyxl": openpyxl.__version__, "xlsxwriter": xlsxwriter.__version__}}
    hostile()
    with open(path("expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
