#!/usr/bin/env python3
"""Reads the first sheet of an XLSX workbook with BrokerSheets (`sheets-bench FILE --tsv`) and with
openpyxl (`load_workbook(read_only=True, data_only=True)`), and counts the rows whose text differs.
Cells are compared as BrokerSheets gives them (openpyxl's values turned into text the way the test
fixtures are: Tests/BrokerSheetsTests/Fixtures/make_fixtures.py); trailing empty cells and empty rows
are left out on both sides. Exits 1 if any row differs.

    (cd Benchmarks && swift build -c release --product sheets-bench)
    python3 scripts/compare_xlsx_openpyxl.py WORKBOOK.xlsx
"""
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "Tests", "BrokerSheetsTests", "Fixtures"))
from make_fixtures import text  # noqa: E402
from openpyxl import load_workbook  # noqa: E402


def trimmed(cells):
    cells = list(cells)
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def main():
    path = sys.argv[1]
    binary = os.path.join(root, "Benchmarks", ".build", "release", "sheets-bench")
    out = subprocess.run([binary, path, "--tsv"], capture_output=True, text=True, check=True).stdout
    ours = []
    for line in out.split("\n"):
        if line:
            number, *cells = line.split("\t")
            cells = trimmed(cells)
            if cells:
                ours.append((int(number), cells))
    workbook = load_workbook(path, read_only=True, data_only=True)
    theirs = []
    for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        cells = trimmed(text(v) for v in row)
        if cells:
            theirs.append((number, cells))
    differ = sum(1 for a, b in zip(ours, theirs) if a != b) + abs(len(ours) - len(theirs))
    print(f"{path}: BrokerSheets {len(ours)} rows, openpyxl {len(theirs)} rows, rows that differ: {differ}")
    for a, b in zip(ours, theirs):
        if a != b:
            print(f"first difference at row {a[0]} / {b[0]} (values not shown)")
            break
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
