"""Build the sample workshop's binary and merged files from the hand-written sources.

    python data/sample/source/build.py        (from the project root, in the venv)

- source/group5..8.txt  -> transcripts/group5..8.docx  (headings, speaker paragraphs,
  one flip-chart table each)
- source/feedback_a/b.csv -> feedback.xlsx  (a Google Forms export: title rows above
  the header, sheet "การตอบแบบฟอร์ม 1")
- participants.csv  (160 rows; seeded, no names)
- gold/parts/*.csv -> gold/annotations.csv  (each row resolved to its statement_id)

All text was written by hand; this script only changes containers. It is deterministic.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent

GROUP_PROVINCES = {
    1: ["ชัยนาท", "ลพบุรี", "สิงห์บุรี"],
    2: ["อ่างทอง", "พระนครศรีอยุธยา", "สระบุรี"],
    3: ["นนทบุรี", "ปทุมธานี", "นครปฐม"],
    4: ["สมุทรปราการ", "สมุทรสาคร", "สมุทรสงคราม"],
    5: ["สุพรรณบุรี", "กาญจนบุรี", "ราชบุรี"],
    6: ["เพชรบุรี", "ประจวบคีรีขันธ์", "นครนายก"],
    7: ["ปราจีนบุรี", "สระแก้ว", "ฉะเชิงเทรา"],
    8: ["ชลบุรี", "ระยอง", "จันทบุรี", "ตราด"],
}


def build_docx(src: Path, dst: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "TH Sarabun New"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:cs"), "TH Sarabun New")
    lines = src.read_text(encoding="utf-8").splitlines()
    in_table = False
    table_rows: list[list[str]] = []
    first = True
    for line in lines:
        if line.strip() == "[ตาราง]":
            in_table = True
            continue
        if line.strip() == "[/ตาราง]":
            in_table = False
            header, *rows = table_rows
            doc.add_paragraph("ตารางสรุปจากฟลิปชาร์ต", style="Heading 2")
            t = doc.add_table(rows=1 + len(rows), cols=len(header))
            t.style = "Table Grid"
            for r, cells in enumerate([header] + rows):
                for c in range(len(header)):
                    t.cell(r, c).text = cells[c] if c < len(cells) else ""
            table_rows = []
            continue
        if in_table:
            table_rows.append(line.split("\t"))
            continue
        if first and line.strip():
            doc.add_paragraph(line.strip(), style="Title")
            first = False
            continue
        if re.match(r"^\s*#*\s*ประเด็นที่", line):
            doc.add_paragraph(line.lstrip("# ").strip(), style="Heading 1")
            continue
        if not line.strip():
            continue  # Word users separate paragraphs by paragraph, not blank lines
        p = doc.add_paragraph()
        m = re.match(r"^(\s*(?:-\s*)?[^:\[\]]{1,40}:|\s*\[[^\]]{1,40}\])(.*)$", line)
        if m:
            p.add_run(m.group(1)).bold = True
            p.add_run(m.group(2))
        else:
            p.add_run(line)
    doc.core_properties.author = "sample"
    doc.core_properties.created = dt.datetime(2022, 5, 21, 16, 0, 0)
    doc.core_properties.modified = dt.datetime(2022, 5, 21, 16, 0, 0)
    doc.save(dst)


def build_feedback(dst: Path) -> None:
    import openpyxl

    rows = []
    header = None
    for name in ("feedback_a.csv", "feedback_b.csv"):
        with open(HERE / name, encoding="utf-8", newline="") as f:
            r = list(csv.reader(f))
        header = r[0]
        rows.extend(r[1:])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "การตอบแบบฟอร์ม 1"
    ws.append(["แบบประเมินผลการประชุมเชิงปฏิบัติการถอดบทเรียนการคุ้มครองและช่วยเหลือผู้เสียหายจากการค้ามนุษย์ ภาคกลาง"])
    ws.append(["ส่งออกจาก Google Forms"])
    ws.append(header)
    for row in rows:
        out = list(row)
        m = re.match(r"(\d{4})/(\d{2})/(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)", row[0])
        if m:
            y, mo, d, h, mi, s, ap = m.groups()
            h = int(h) % 12 + (12 if ap == "PM" else 0)
            out[0] = dt.datetime(int(y), int(mo), int(d), h, int(mi), int(s))
        if row[3].strip().isdigit():
            out[3] = int(row[3])
        ws.append(out)
    wb.properties.created = dt.datetime(2022, 5, 31, 23, 0, 0)
    wb.properties.modified = dt.datetime(2022, 5, 31, 23, 0, 0)
    wb.save(dst)


AGENCIES = [
    ("พมจ.{p}", ["นักพัฒนาสังคม", "นักสังคมสงเคราะห์", "หัวหน้ากลุ่มการพัฒนาสังคม", "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด"]),
    ("บ้านพักเด็กและครอบครัวจังหวัด{p}", ["นักสังคมสงเคราะห์", "นักจิตวิทยา", "ผู้ปกครองบ้านพัก"]),
    ("สถานคุ้มครองและพัฒนาอาชีพ", ["นักสังคมสงเคราะห์", "นักจิตวิทยา", "ครูฝึกอาชีพ"]),
    ("ตำรวจภูธรจังหวัด{p}", ["พนักงานสอบสวน", "เจ้าหน้าที่ตำรวจ"]),
    ("สำนักงานอัยการจังหวัด{p}", ["พนักงานอัยการ"]),
    ("สำนักงานแรงงานจังหวัด{p}", ["นักวิชาการแรงงาน"]),
    ("สำนักงานจัดหางานจังหวัด{p}", ["นักวิชาการแรงงาน"]),
    ("ด่านตรวจคนเข้าเมืองจังหวัด{p}", ["เจ้าหน้าที่ตรวจคนเข้าเมือง"]),
    ("องค์การบริหารส่วนจังหวัด{p}", ["นักพัฒนาชุมชน"]),
    ("มูลนิธิเครือข่ายคุ้มครองเด็ก", ["เจ้าหน้าที่ภาคสนาม", "ผู้ประสานงาน"]),
    ("ศูนย์คุ้มครองคนไร้ที่พึ่งจังหวัด{p}", ["นักสังคมสงเคราะห์"]),
]


def build_participants(dst: Path) -> None:
    rng = random.Random(20220521)
    rows = []
    n = 0
    for group, provs in GROUP_PROVINCES.items():
        size = 20
        for i in range(size):
            n += 1
            p = provs[i % len(provs)]
            agency, roles = AGENCIES[0] if i % 3 == 0 else rng.choice(AGENCIES)
            rows.append([f"P{n:03d}", p, agency.format(p=p), rng.choice(roles), group])
    with open(dst, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["รหัสผู้เข้าร่วม", "จังหวัด", "หน่วยงาน", "ตำแหน่ง", "กลุ่ม"])
        w.writerows(rows)


def build_gold(dst: Path) -> None:
    sys.path.insert(0, str(SAMPLE.parents[1] / "src"))
    from lessons.config import ensure_offline

    ensure_offline()
    from lessons.workshop import load_workshop

    ws = load_workshop(SAMPLE / "workshop.yml")
    st = ws.statements
    norm = lambda s: " ".join(str(s).split())
    by_source: dict[str, dict[str, list[str]]] = {}
    for sid, src, fld, text in zip(st.statement_id, st.source_file, st.field, st.text):
        by_source.setdefault(src, {}).setdefault(norm(text), []).append(sid)
    used: set[str] = set()
    out, missing = [], []
    for part in sorted((SAMPLE / "gold" / "parts").glob("*.csv")):
        with open(part, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                cands = [s for s in by_source.get(row["source"], {}).get(norm(row["text"]), []) if s not in used]
                if not cands:
                    missing.append((row["source"], row["locator"], row["text"][:40]))
                    continue
                used.add(cands[0])
                out.append([cands[0], row["source"], row["text"], row["kind"], row["theme"], row["key_issue"]])
    out.sort(key=lambda r: r[0])
    with open(dst, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["statement_id", "source_file", "text", "kind", "theme", "key_issue"])
        w.writerows(out)
    print(f"gold: {len(out)} annotations; {len(missing)} not matched to a statement")
    for m in missing[:20]:
        print("  unmatched:", m)


if __name__ == "__main__":
    for g in (5, 6, 7, 8):
        build_docx(HERE / f"group{g}.txt", SAMPLE / "transcripts" / f"group{g}.docx")
    build_feedback(SAMPLE / "feedback.xlsx")
    build_participants(SAMPLE / "participants.csv")
    if (SAMPLE / "workshop.yml").exists():
        build_gold(SAMPLE / "gold" / "annotations.csv")
