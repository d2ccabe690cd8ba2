"""Check the gold files against the files of the set.

- every gold/units.csv text occurs in its file (txt/md: in the text, multi-line
  turns line by line; docx: in a paragraph; xlsx: in a cell of that sheet;
  csv: in a cell)
- every gold/pii.csv value occurs in its file (and not more often in gold than
  in the file)
- every national_id / pink_card value has 13 digits and a valid checksum
"""
import csv
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def checksum_ok(value):
    d = [int(c) for c in value.translate(THAI) if c.isdigit()]
    if len(d) != 13:
        return False
    s = sum(d[i] * (13 - i) for i in range(12))
    return (11 - s % 11) % 10 == d[12]


def load_pieces(path, sheet):
    """Return a list of text pieces (lines / paragraphs / cells) of the file."""
    full = os.path.join(ROOT, path)
    if path.endswith(".docx"):
        from docx import Document
        doc = Document(full)
        return [p.text for p in doc.paragraphs]
    if path.endswith(".xlsx"):
        import openpyxl
        ws = openpyxl.load_workbook(full)[sheet]
        return [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    if path.endswith(".csv"):
        with open(full, encoding="utf-8", newline="") as f:
            return [c for row in csv.reader(f) for c in row]
    with open(full, encoding="utf-8-sig", newline="") as f:
        return f.read().replace("\r\n", "\n").split("\n")


def main():
    errors = []
    cache = {}

    def pieces(fl, sh):
        key = (fl, sh)
        if key not in cache:
            cache[key] = load_pieces(fl, sh)
        return cache[key]

    with open(os.path.join(ROOT, "gold/units.csv"), encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    for u in units:
        ps = pieces(u["file"], u["sheet"])
        text = u["text"]
        ok = any(text in p for p in ps)
        if not ok and u["file"].endswith(".docx"):
            ok = any(text in p.replace("\n", " ") for p in ps)
        if not ok and u["file"].endswith(".xlsx"):
            ok = any(text in line for p in ps for line in p.split("\n"))
        if not ok and not u["file"].endswith((".docx", ".xlsx", ".csv")):
            # a turn over several lines: consecutive lines joined with one space
            for i in range(len(ps)):
                acc = ps[i]
                for j in range(i + 1, min(i + 8, len(ps))):
                    acc = acc + " " + ps[j]
                    if text in acc:
                        ok = True
                        break
                if ok:
                    break
        if not ok:
            errors.append(f"unit not found: {u['file']} {u['sheet']} n={u['n']}: {text[:60]}")

    with open(os.path.join(ROOT, "gold/pii.csv"), encoding="utf-8") as f:
        pii = list(csv.DictReader(f))
    counts = Counter((p["file"], p["sheet"], p["value"]) for p in pii)
    for (fl, sh, val), n in counts.items():
        occ = sum(p.count(val) for p in pieces(fl, sh))
        if occ == 0:
            errors.append(f"pii not found: {fl} {sh}: {val}")
        elif occ < n:
            errors.append(f"pii listed {n}x but occurs {occ}x: {fl} {sh}: {val}")
    for p in pii:
        if p["type"] in ("national_id", "pink_card") and not checksum_ok(p["value"]):
            errors.append(f"bad checksum: {p['value']}")

    # units: keys and vocabulary
    import yaml
    cb = yaml.safe_load(open(os.path.join(ROOT, "codebook.yml"), encoding="utf-8"))
    themes = set(cb["themes"]) | {"other"}
    for u in units:
        if u["kind"] not in ("obstacle", "suggestion", "strength", "other"):
            errors.append(f"bad kind {u['kind']}")
        if u["theme"] not in themes:
            errors.append(f"bad theme {u['theme']}")
        if u["key_issue"] not in ("", "1", "2", "3", "4"):
            errors.append(f"bad key_issue {u['key_issue']}")

    ids = [p for p in pii if p["type"] in ("national_id", "pink_card")]
    print(f"units: {len(units)}  pii rows: {len(pii)}  ids/pink cards checked: {len(ids)}")
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
