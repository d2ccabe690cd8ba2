# -*- coding: utf-8 -*-
"""Check the gold files against the data files.
- every gold/units.csv text occurs in its file (text files: lines joined by one space;
  docx: a paragraph or table cell; xlsx: a cell of the given sheet; csv: a cell)
- every gold/pii.csv value occurs in its file (and not more often in gold than in the file)
- every national_id / pink_card value has a valid 13-digit checksum
- kinds, themes and key issues are valid codebook values
Run: /tmp/hv_isan/bin/python source/verify.py
"""
import csv
import os
import re
import sys
from collections import Counter, defaultdict

import docx
import openpyxl
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def checksum_ok(value):
    d = re.sub(r"\D", "", value.translate(THAI))
    if len(d) != 13:
        return False
    s = sum(int(d[i]) * (13 - i) for i in range(12))
    return (11 - s % 11) % 10 == int(d[12])


def file_chunks(path):
    """Return {sheet: [chunk, ...]} where a chunk is a searchable text block."""
    full = os.path.join(ROOT, path)
    if path.endswith((".txt", ".md")):
        with open(full, encoding="utf-8-sig") as f:
            t = f.read().replace("\r\n", "\n")
        return {"": [t, t.replace("\n", " ")]}
    if path.endswith(".docx"):
        d = docx.Document(full)
        chunks = [p.text for p in d.paragraphs]
        for tb in d.tables:
            for row in tb.rows:
                chunks.extend(c.text for c in row.cells)
        return {"": chunks}
    if path.endswith(".xlsx"):
        wb = openpyxl.load_workbook(full)
        out = {}
        for ws in wb.worksheets:
            out[ws.title] = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        return out
    if path.endswith(".csv"):
        with open(full, encoding="utf-8", newline="") as f:
            cells = [v for row in csv.reader(f) for v in row]
        return {"": cells + [v.replace("\n", " ") for v in cells]}
    raise ValueError(path)


def main():
    cb = yaml.safe_load(open(os.path.join(ROOT, "codebook.yml"), encoding="utf-8"))
    themes = set(cb["themes"]) | {"other"}
    kis = {str(k) for k in cb["key_issues"]} | {""}
    errors = []
    cache = {}

    def chunks(f, sheet):
        if f not in cache:
            cache[f] = file_chunks(f)
        return cache[f].get(sheet or "", []) if not f.endswith(".xlsx") else cache[f].get(sheet, [])

    units = list(csv.DictReader(open(os.path.join(ROOT, "gold/units.csv"), encoding="utf-8")))
    seen_n = defaultdict(list)
    for u in units:
        if u["kind"] not in {"obstacle", "suggestion", "strength", "other"}:
            errors.append(("kind", u))
        if u["theme"] not in themes:
            errors.append(("theme", u))
        if u["key_issue"] not in kis:
            errors.append(("key_issue", u))
        if not u["text"].strip():
            errors.append(("empty", u))
        seen_n[(u["file"], u["sheet"])].append(int(u["n"]))
        if not any(u["text"] in c for c in chunks(u["file"], u["sheet"])):
            errors.append(("unit text not found", u["file"], u["sheet"], u["n"], u["text"][:60]))
    for key, ns in seen_n.items():
        if ns != list(range(1, len(ns) + 1)):
            errors.append(("numbering", key))

    pii = list(csv.DictReader(open(os.path.join(ROOT, "gold/pii.csv"), encoding="utf-8")))
    gold_count = Counter((p["file"], p["sheet"], p["value"]) for p in pii)
    for p in pii:
        cs = chunks(p["file"], p["sheet"])
        if not any(p["value"] in c for c in cs):
            errors.append(("pii not found", p))
        if p["type"] in ("national_id", "pink_card") and not checksum_ok(p["value"]):
            errors.append(("checksum", p))
    for (f, sh, v), n in gold_count.items():
        cs = cache[f].get(sh or "", []) if not f.endswith(".xlsx") else cache[f].get(sh, [])
        # count in the raw text (first chunk for text files = the whole file)
        if f.endswith((".txt", ".md")):
            found = cs[0].count(v)
        elif f.endswith(".csv"):
            found = sum(c.count(v) for c in cs[: len(cs) // 2])
        else:
            found = sum(c.count(v) for c in cs)
        if found < n:
            errors.append(("pii gold count > occurrences", f, sh, v, n, found))

    by_file = Counter(u["file"] for u in units)
    print("units:", len(units))
    for f, n in by_file.items():
        print(f"  {n:4d}  {f}")
    for f in sorted({u["file"] for u in units if u["sheet"]}):
        for sh, n in Counter(u["sheet"] for u in units if u["file"] == f).items():
            print(f"        {n:4d}  {f} / {sh}")
    print("kinds:", dict(Counter(u["kind"] for u in units)))
    print("key issues:", dict(Counter(u["key_issue"] for u in units)))
    print("themes:", dict(Counter(u["theme"] for u in units)))
    print("pii rows:", len(pii), dict(Counter(p["type"] for p in pii)))
    vals = {p["value"] for p in pii}
    with_pii = sum(1 for u in units if any(v in u["text"] or v in u["speaker"] for v in vals))
    print("units carrying personal data (text or speaker):", with_pii)
    ids = [p for p in pii if p["type"] in ("national_id", "pink_card")]
    print("13-digit numbers checked:", len(ids))
    if errors:
        print("ERRORS:")
        for e in errors:
            print("  ", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
