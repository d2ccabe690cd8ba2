# -*- coding: utf-8 -*-
"""Build the isan_family held-out set from the hand-written sources in this folder.

The statements themselves are all written by hand in g1.src .. g5.src and *_data.py;
this script only lays them out in each rapporteur's file habit and writes the gold files.
Run:  /tmp/hv_isan/bin/python source/build.py   (from the set's folder or anywhere)
"""
import csv
import io
import os
import re
import sys

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Border, Side

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import swot_data  # noqa: E402
import feedback_data  # noqa: E402
import action_data  # noqa: E402

KIND = {"o": "obstacle", "s": "suggestion", "g": "strength", "x": "other"}
PII_RE = re.compile(r"\{(\w+):([^{}]*)\}")
PII_TYPES = {"name", "national_id", "pink_card", "phone", "line_id", "email", "hn",
             "address", "passport", "bank_account", "plate", "case_number"}

UNITS = []   # dicts
PII = []     # (file, sheet, type, value)


def clean(s):
    return PII_RE.sub(lambda m: m.group(2), s)


def collect_pii(s, file, sheet=""):
    for m in PII_RE.finditer(s):
        t, v = m.group(1), m.group(2)
        assert t in PII_TYPES, t
        PII.append((file, sheet, t, v))


def add_unit(file, sheet, speaker, text, k, theme, ki):
    n = 1 + sum(1 for u in UNITS if u["file"] == file and u["sheet"] == sheet)
    UNITS.append(dict(file=file, sheet=sheet, n=n, speaker=speaker, text=text,
                      kind=KIND[k], theme=theme, key_issue="" if ki == "-" else ki))


# ---------------------------------------------------------------- line-based transcripts
UNIT_RE = re.compile(r"^@([osgx]) (\S+) (\S+) (.*)$")


def parse_src(name):
    """Return list of items: ('raw', line) or ('unit', dict(k,theme,ki,prefix,lines[],suffix))."""
    items = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("%%"):
                continue
            m = UNIT_RE.match(line)
            if m:
                k, theme, ki, rest = m.groups()
                prefix, text = rest.split("⟩", 1)
                suffix = ""
                if "⟨" in text:
                    text, suffix = text.split("⟨", 1)
                items.append(("unit", dict(k=k, theme=theme, ki=ki, prefix=prefix,
                                           lines=[text], suffix=suffix)))
            elif line.startswith("+"):
                kind, u = items[-1]
                assert kind == "unit", line
                text = line[1:]
                if "⟨" in text:
                    text, u["suffix"] = text.split("⟨", 1)
                u["lines"].append(text)
            else:
                items.append(("raw", line))
    while items and items[-1] == ("raw", ""):
        items.pop()
    return items


def render_lines(items, file, speaker_fn):
    out = []
    for kind, x in items:
        if kind == "raw":
            collect_pii(x, file)
            out.append(clean(x))
            continue
        prefix = x["prefix"].replace("⏎", "\n")
        lines = list(x["lines"])
        collect_pii(prefix, file)
        for ln in lines:
            collect_pii(ln, file)
        collect_pii(x["suffix"], file)
        rendered = [prefix + lines[0]] + lines[1:]
        rendered[-1] = rendered[-1] + x["suffix"]
        out.extend(clean("\n".join(rendered)).split("\n"))
        text = " ".join(clean(ln).strip() for ln in lines)
        add_unit(file, "", speaker_fn(clean(x["prefix"]), clean(x["suffix"])), text,
                 x["k"], x["theme"], x["ki"])
    return out


def sp_g1(prefix, suffix):
    return prefix.strip().rstrip(":").strip()


def sp_g3(prefix, suffix):
    m = re.match(r"^\*\*(.+?)\*\* – $", prefix)
    return m.group(1) if m else ""


def sp_g4(prefix, suffix):
    m = re.match(r"^ \[(P\d+)\]$", suffix)
    if m:
        return m.group(1)
    m = re.match(r"^(Q|P\d+):\s*$", prefix)
    return m.group(1) if m else prefix.strip()


def sp_g5(prefix, suffix):
    m = re.match(r"^\[(.+)\]⏎$", prefix)
    return m.group(1)


def write_text(path, lines, crlf=False, bom=False):
    nl = "\r\n" if crlf else "\n"
    data = nl.join(lines) + nl
    with open(os.path.join(ROOT, path), "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(data.encode("utf-8"))


TXT1 = "transcripts/กลุ่ม1_ขอนแก่น_กาฬสินธุ์_ร้อยเอ็ด.txt"
DOCX2 = "transcripts/กลุ่ม2_สรุป_อุดรธานี_หนองคาย.docx"
MD3 = "transcripts/group3_nakhonphanom_mukdahan.md"
TXT4 = "transcripts/G4_อุบล_ยโสธร_ศรีสะเกษ_notes.txt"
TXT5 = "transcripts/กลุ่ม5_สุรินทร์บุรีรัมย์.txt"


def build_line_files():
    write_text(TXT1, render_lines(parse_src("g1.src"), TXT1, sp_g1), crlf=True, bom=True)
    # g2 is the docx, built below, but keep file order g1, g2, g3 ...
    build_docx()
    write_text(MD3, render_lines(parse_src("g3.src"), MD3, sp_g3))
    write_text(TXT4, render_lines(parse_src("g4.src"), TXT4, sp_g4), crlf=True)
    write_text(TXT5, render_lines(parse_src("g5.src"), TXT5, sp_g5))


# ---------------------------------------------------------------- docx (group 2)
def _new_num(numbering, abstract_id):
    nums = numbering.findall(qn("w:num"))
    new_id = max(int(n.get(qn("w:numId"))) for n in nums) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new_id))
    a = OxmlElement("w:abstractNumId")
    a.set(qn("w:val"), str(abstract_id))
    num.append(a)
    ov = OxmlElement("w:lvlOverride")
    ov.set(qn("w:ilvl"), "0")
    so = OxmlElement("w:startOverride")
    so.set(qn("w:val"), "1")
    ov.append(so)
    num.append(ov)
    numbering.append(num)
    return new_id


def _abstract_of(numbering, num_id):
    for n in numbering.findall(qn("w:num")):
        if n.get(qn("w:numId")) == str(num_id):
            return int(n.find(qn("w:abstractNumId")).get(qn("w:val")))
    raise KeyError(num_id)


def _set_num(par, num_id):
    pPr = par._p.get_or_add_pPr()
    numPr = OxmlElement("w:numPr")
    il = OxmlElement("w:ilvl")
    il.set(qn("w:val"), "0")
    ni = OxmlElement("w:numId")
    ni.set(qn("w:val"), str(num_id))
    numPr.append(il)
    numPr.append(ni)
    pPr.append(numPr)


def build_docx():
    file = DOCX2
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "TH SarabunPSK"
    st.font.size = docx.shared.Pt(16)
    st.element.rPr.rFonts.set(qn("w:cs"), "TH SarabunPSK")
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "TH SarabunPSK")
    numbering = d.part.numbering_part.element
    style_num = {}
    for sname in ("List Number", "List Number 2"):
        nid = int(d.styles[sname].element.pPr.numPr.numId.val)
        style_num[sname] = _abstract_of(numbering, nid)
    cur_ln = None
    prev_style = None
    table_rows = None
    with open(os.path.join(HERE, "g2.src"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines:
        if not line or line.startswith("%%"):
            continue
        if table_rows is not None:
            if line == "ENDTABLE":
                t = d.add_table(rows=0, cols=len(table_rows[0]))
                t.style = d.styles["Table Grid"]
                for r in table_rows:
                    cells = t.add_row().cells
                    for c, v in zip(cells, r):
                        collect_pii(v, file)
                        c.text = clean(v)
                table_rows = None
            else:
                table_rows.append(line.strip("|").split("|"))
            continue
        if line == "TABLE":
            table_rows = []
            prev_style = None
            continue
        if line == "RESTART":
            cur_ln = None
            continue
        m = UNIT_RE.match(line)
        if not m:
            tag, text = line.split(" ", 1)
            collect_pii(text, file)
            if tag == "TITLE":
                p = d.add_paragraph(clean(text), style="Title")
            elif tag == "H1":
                p = d.add_heading(clean(text), level=1)
            elif tag == "H2":
                p = d.add_heading(clean(text), level=2)
            elif tag == "P":
                p = d.add_paragraph(clean(text))
            else:
                raise ValueError(line)
            prev_style = tag
            continue
        k, theme, ki, rest = m.groups()
        style, text = rest.split("⟩", 1)
        hand = ""
        if "|" in style:
            style, hand = style.split("|", 1)
        collect_pii(text, file)
        p = d.add_paragraph(hand + clean(text), style=style)
        if style == "List Number":
            if cur_ln is None:
                cur_ln = _new_num(numbering, style_num["List Number"])
            _set_num(p, cur_ln)
        elif style == "List Number 2":
            if prev_style != "List Number 2":
                cur_sub = _new_num(numbering, style_num["List Number 2"])
            _set_num(p, cur_sub)
        prev_style = style
        add_unit(file, "", "", clean(text), k, theme, ki)
    sec = d.sections[0]
    sec.footer.paragraphs[0].text = "เอกสารประกอบการถอดบทเรียน – ใช้ภายในหน่วยงาน"
    d.core_properties.author = "พมจ.หนองคาย"
    d.core_properties.title = "สรุปกลุ่ม 2"
    d.save(os.path.join(ROOT, file))


# ---------------------------------------------------------------- SWOT workbook
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUM_MARK = re.compile(r"^(\d\) )")


def build_swot():
    file = "swot.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in swot_data.SHEETS:
        ws = wb.create_sheet(sh["name"])
        name = sh["name"]
        r = 1
        for t in sh["titles"]:
            if t:
                ws.cell(r, 1, t).font = Font(bold=True, size=14)
            r += 1
        header_row = r
        qcols = {}
        for c, h in enumerate(sh["header"], start=1):
            if h is None:
                continue
            cell = ws.cell(header_row, c, h)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX
        # quadrant columns = header columns after the first, skipping blanks
        letters = "SWOT"
        qi = 0
        for c, h in enumerate(sh["header"][1:], start=2):
            if h is None:
                continue
            qcols[letters[qi]] = c
            qi += 1
        r = header_row + 1
        block_start = None
        blocks = []
        for label, ki, quads in sh["rows"]:
            if label is not None:
                if block_start is not None:
                    blocks.append((block_start, r - 1))
                block_start = r
                ws.cell(r, 1, label)
            for q in "SWOT":
                items = quads.get(q, [])
                c = qcols[q]
                ws.cell(r, c).border = BOX
                if not items:
                    continue
                parts = []
                for it in items:
                    head, text = it.split("|", 1)
                    k, theme = head.split(" ")
                    collect_pii(text, file, name)
                    mark = ""
                    mm = NUM_MARK.match(text)
                    if mm:
                        mark, text = mm.group(1), text[len(mm.group(1)):]
                    elif sh["bullet"] and (len(items) > 1 or sh["name"] != "กลุ่ม 5 (สุรินทร์-บุรีรัมย์)"):
                        mark = sh["bullet"]
                    parts.append(mark + clean(text))
                    add_unit(file, name, "", clean(text), k, theme, str(ki))
                cell = ws.cell(r, c, "\n".join(parts))
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
        blocks.append((block_start, r - 1))
        for a, b in blocks:
            ws.cell(a, 1).alignment = Alignment(wrap_text=True, vertical="center")
            ws.cell(a, 1).border = BOX
            if b > a:
                ws.merge_cells(start_row=a, start_column=1, end_row=b, end_column=1)
        if sh.get("notes"):
            ws.cell(r + 1, 1, sh["notes"]).font = Font(italic=True)
        ws.column_dimensions["A"].width = 26
        for q, c in qcols.items():
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = 38
        if sh.get("blank_col"):
            ws.column_dimensions["B"].width = 3
    wb.save(os.path.join(ROOT, file))


# ---------------------------------------------------------------- feedback.csv
OPEN_COLS = (8, 9, 10)


def build_feedback():
    file = "feedback.csv"
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(feedback_data.HEADER)
    prev = None
    for row in feedback_data.ROWS:
        if row == "DUPLICATE":
            dup = list(prev)
            dup[0] = dup[0].replace("8:47:20 PM", "8:47:52 PM")
            for v in dup:
                collect_pii(v, file)
            w.writerow([clean(v) if not v.startswith("@") else clean(v.split("|", 1)[1]) for v in dup])
            continue
        out = []
        for ci, v in enumerate(row):
            if v.startswith("@"):
                assert ci in OPEN_COLS, v
                head, text = v[1:].split("|", 1)
                k, theme, ki = head.split(" ")
                collect_pii(text, file)
                ct = clean(text)
                out.append(ct)
                add_unit(file, "", "", " ".join(x.strip() for x in ct.split("\n")), k, theme, ki)
            else:
                collect_pii(v, file)
                out.append(clean(v))
        w.writerow(out)
        prev = row
    with open(os.path.join(ROOT, file), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------- action_plans.xlsx
def build_actions():
    file = "action_plans.xlsx"
    sheet = "แผนปฏิบัติการ"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.cell(1, 1, action_data.TITLES[0]).font = Font(bold=True, size=14)
    ws.cell(2, 1, action_data.TITLES[1])
    ws.merge_cells("A1:H1")
    ws.merge_cells("A2:H2")
    for c, h in enumerate(action_data.HEADER, start=1):
        cell = ws.cell(3, c, h)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for i, (head, vals) in enumerate(action_data.ROWS):
        r = 4 + i
        k, theme, ki = head.split(" ")
        for c, v in enumerate(vals, start=1):
            if isinstance(v, str):
                collect_pii(v, file, sheet)
                v = clean(v)
            cell = ws.cell(r, c, v if v != "" else None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BOX
        add_unit(file, sheet, "", clean(vals[3]), k, theme, ki)
    for col, wdt in zip("ABCDEFGH", (6, 9, 14, 55, 14, 34, 22, 30)):
        ws.column_dimensions[col].width = wdt
    wb.save(os.path.join(ROOT, file))


# ---------------------------------------------------------------- gold
def write_gold():
    os.makedirs(os.path.join(ROOT, "gold"), exist_ok=True)
    with open(os.path.join(ROOT, "gold/units.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "sheet", "n", "speaker", "text", "kind", "theme", "key_issue"])
        for u in UNITS:
            w.writerow([u["file"], u["sheet"], u["n"], u["speaker"], u["text"], u["kind"],
                        u["theme"], u["key_issue"]])
    with open(os.path.join(ROOT, "gold/pii.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "sheet", "type", "value"])
        for row in PII:
            w.writerow(row)


if __name__ == "__main__":
    build_line_files()
    build_swot()
    build_feedback()
    build_actions()
    write_gold()
    from collections import Counter
    c = Counter(u["file"] for u in UNITS)
    for k, v in c.items():
        print(f"{v:4d}  {k}")
    print("units", len(UNITS), "pii", len(PII))
    print(Counter(t for _, _, t, _ in PII))
