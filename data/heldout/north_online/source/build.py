"""Build every file of the north_online held-out set and its gold files.

Run:  /tmp/hv_north/bin/python source/build.py   (from the set's folder)
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from docx import Document  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402

import g1_line, g2_docx, g3_md, g4_txt  # noqa: E402
import swot_data, feedback_data, actions_data  # noqa: E402
from model import joined, check_pii_in  # noqa: E402

UNITS = []   # dicts: file, sheet, n, speaker, text, kind, theme, key_issue
PII = []     # dicts: file, sheet, type, value


def add_unit(file, sheet, speaker, text, kind, theme, ki, pii):
    t = joined(text)
    check_pii_in(t, pii)
    n = sum(1 for u in UNITS if u["file"] == file and u["sheet"] == sheet) + 1
    UNITS.append({"file": file, "sheet": sheet, "n": n, "speaker": speaker, "text": t,
                  "kind": kind, "theme": theme, "key_issue": "" if ki is None else ki})


def add_pii(file, sheet, pii):
    for typ, val in pii:
        PII.append({"file": file, "sheet": sheet, "type": typ, "value": val})


def out(path):
    p = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


# ---------------------------------------------------------------- group 1 LINE
def build_g1():
    text, units, pii = g1_line.render()
    with open(out(g1_line.PATH), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    for u in units:
        add_unit(g1_line.PATH, "", u["speaker"], u["text"], u["kind"], u["theme"], u["ki"], u["pii"])
    add_pii(g1_line.PATH, "", pii)


# ---------------------------------------------------------------- group 2 docx
def build_g2():
    doc = Document()
    for entry in g2_docx.P:
        style, item = entry[0], entry[1]
        prefix = entry[2] if len(entry) > 2 else ""
        if item["t"] == "raw":
            if style == "Title":
                doc.add_heading(item["line"], level=0)
            elif style.startswith("Heading"):
                doc.add_heading(item["line"], level=int(style.split()[-1]))
            else:
                doc.add_paragraph(item["line"], style=style)
            add_pii(g2_docx.PATH, "", item["pii"])
            continue
        para = doc.add_paragraph(style=style)
        text = item["text"]
        if isinstance(text, list):          # Shift+Enter line breaks inside one paragraph
            for k, line in enumerate(text):
                run = para.add_run(line)
                if k < len(text) - 1:
                    run.add_break()
        else:
            para.add_run(prefix + text)
        add_unit(g2_docx.PATH, "", item["speaker"], text, item["kind"], item["theme"], item["ki"], item["pii"])
        add_pii(g2_docx.PATH, "", item["pii"])
    doc.core_properties.author = "pimchanok"
    doc.save(out(g2_docx.PATH))


# ---------------------------------------------------------------- group 3 md
def build_g3():
    lines = []
    for prefix, item in g3_md.ENTRIES:
        if item["t"] == "raw":
            lines.append(item["line"])
            add_pii(g3_md.PATH, "", item["pii"])
        else:
            lines.append(prefix + item["text"])
            add_pii(g3_md.PATH, "", g3_md.SPEAKER_PII.get(item["speaker"], []))
            add_unit(g3_md.PATH, "", item["speaker"], item["text"], item["kind"], item["theme"], item["ki"], item["pii"])
            add_pii(g3_md.PATH, "", item["pii"])
    with open(out(g3_md.PATH), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- group 4 txt (BOM, CRLF)
def build_g4():
    lines = []
    for e in g4_txt.ENTRIES:
        kind, item = e[0], e[1]
        if kind == "line":
            lines.append(item["line"])
            add_pii(g4_txt.PATH, "", item["pii"])
        elif kind == "turn":
            lines.append(f"[{item['speaker']}]")
            add_pii(g4_txt.PATH, "", g4_txt.SPEAKER_PII.get(item["speaker"], []))
            lines.extend(item["text"])
            lines.append("")
            add_unit(g4_txt.PATH, "", item["speaker"], item["text"], item["kind"], item["theme"], item["ki"], item["pii"])
            add_pii(g4_txt.PATH, "", item["pii"])
        else:  # item
            prefix = e[2]
            lines.append(prefix + item["text"])
            add_unit(g4_txt.PATH, "", "", item["text"], item["kind"], item["theme"], item["ki"], item["pii"])
            add_pii(g4_txt.PATH, "", item["pii"])
    with open(out(g4_txt.PATH), "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff" + "\r\n".join(lines) + "\r\n")


# ---------------------------------------------------------------- SWOT workbook
def build_swot():
    wb = Workbook()
    wb.remove(wb.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for sh in swot_data.SHEETS:
        ws = wb.create_sheet(sh["name"])
        name = sh["name"]
        r = 1
        for t in sh["titles"]:
            if t is not None:
                ws.cell(row=r, column=1, value=t).font = Font(bold=True, size=14 if r == 1 else 11)
            r += 1
        for c, h in enumerate(sh["header"], start=1):
            if h is not None:
                cell = ws.cell(row=r, column=c, value=h)
                cell.font = bold
                cell.fill = PatternFill("solid", fgColor="DDEBF7")
        r += 1
        qcol0 = 3 if sh["blank_col"] else 2   # column of S
        for label, ki, rows in sh["blocks"]:
            first = r
            ws.cell(row=r, column=1, value=label).alignment = wrap
            for row in rows:
                for q, cell_items in enumerate(row):
                    if not cell_items:
                        continue
                    val = "\n".join(p + t for p, t, _, _, _ in cell_items)
                    ws.cell(row=r, column=qcol0 + q, value=val).alignment = wrap
                    for p, t, kind, theme, pii in cell_items:
                        add_unit(swot_data.PATH, name, "", t, kind, theme, ki, pii)
                        add_pii(swot_data.PATH, name, pii)
                r += 1
            if r - 1 > first:
                ws.merge_cells(start_row=first, start_column=1, end_row=r - 1, end_column=1)
        if sh["notes"]:
            note, pii = sh["notes"]
            r += 1
            ws.cell(row=r, column=1, value=note)
            add_pii(swot_data.PATH, name, pii)
        ws.column_dimensions["A"].width = 26
        for col in "BCDEF":
            ws.column_dimensions[col].width = 38
        if sh["blank_col"]:
            ws.column_dimensions["B"].width = 3
    wb.save(out(swot_data.PATH))


# ---------------------------------------------------------------- feedback.csv
def build_feedback():
    rows = []
    for k, row in enumerate(feedback_data.ROWS):
        rows.append((row, False))
        if k == feedback_data.DUPLICATE_AFTER:
            dup = (feedback_data.DUPLICATE_TS,) + row[1:]
            rows.append((dup, True))
    assert feedback_data.ROWS[feedback_data.DUPLICATE_OF][0].endswith("16:39:30")
    with open(out(feedback_data.PATH), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(feedback_data.HEADER)
        for row, is_dup in rows:
            cells = list(row[:7])
            for ans in row[7:10]:
                cells.append(ans if isinstance(ans, str) else ans[0])
            contact, cpii = row[10]
            cells.append(contact)
            w.writerow(cells)
            for ans in row[7:10]:
                if not isinstance(ans, str):
                    text, kind, theme, ki, pii = ans
                    if not is_dup:
                        add_unit(feedback_data.PATH, "", "", text, kind, theme, ki, pii)
                    add_pii(feedback_data.PATH, "", pii)
            add_pii(feedback_data.PATH, "", cpii)
    return len(feedback_data.ROWS), len(rows)


# ---------------------------------------------------------------- action plans
def build_actions():
    wb = Workbook()
    ws = wb.active
    ws.title = actions_data.SHEET
    ws.cell(row=1, column=1, value=actions_data.TITLE).font = Font(bold=True, size=13)
    for c, h in enumerate(actions_data.HEADER, start=1):
        ws.cell(row=actions_data.HEADER_ROW, column=c, value=h).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for k, row in enumerate(actions_data.ROWS, start=1):
        grp, issue, action, horizon, lead, partner, indicator, theme, ki, pii = row
        vals = [k, grp, issue, action, horizon, lead, partner, indicator]
        for c, v in enumerate(vals, start=1):
            ws.cell(row=actions_data.HEADER_ROW + k, column=c, value=v).alignment = wrap
        for typ, val in pii:
            assert val in lead, (val, lead)
        add_unit(actions_data.PATH, actions_data.SHEET, "", action, "suggestion", theme, ki, [])
        add_pii(actions_data.PATH, actions_data.SHEET, pii)
    for col, wd in zip("ABCDEFGH", [7, 18, 13, 60, 14, 40, 26, 34]):
        ws.column_dimensions[col].width = wd
    wb.save(out(actions_data.PATH))


def write_gold():
    with open(out("gold/units.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "sheet", "n", "speaker", "text", "kind", "theme", "key_issue"])
        w.writeheader()
        w.writerows(UNITS)
    with open(out("gold/pii.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "sheet", "type", "value"])
        w.writeheader()
        w.writerows(PII)


if __name__ == "__main__":
    build_g1()
    build_g2()
    build_g3()
    build_g4()
    build_swot()
    nresp, nrows = build_feedback()
    build_actions()
    write_gold()
    from collections import Counter
    print("units per file/sheet:")
    for (fl, sh), c in Counter((u["file"], u["sheet"]) for u in UNITS).items():
        print(f"  {fl} {sh}: {c}")
    print("total units:", len(UNITS))
    print("feedback responses:", nresp, "rows incl. duplicate:", nrows)
    print("pii per type:", dict(Counter(p["type"] for p in PII)), "total", len(PII))
    print("units with pii in text:", sum(1 for u in UNITS if any(p["value"] in u["text"] for p in PII if p["file"] == u["file"])))
