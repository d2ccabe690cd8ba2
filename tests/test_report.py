"""The ministry's report: one model, five formats, from a run's saved outputs (issue 11)."""
import json
import re
import zipfile

import pandas as pd
import pytest

from conftest import run_cli

FORMATS = ("md", "html", "pdf", "docx", "xlsx")


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def docx_text(path) -> str:
    from docx import Document

    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def xlsx_cells(path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                yield ws, c


def test_a_run_writes_every_format_and_lists_them_in_its_manifest(sample_run):
    _a, out = sample_run
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for f in FORMATS:
        assert (out / f"report.{f}").stat().st_size > 1000
        assert f"report.{f}" in m["outputs"]
    assert m["parameters"]["formats"] == list(FORMATS)


def test_pdf_holds_thai_headings_themes_and_practices_in_sarabun_with_thai_digits(sample_run):
    from pypdf import PdfReader

    _a, out = sample_run
    text = pdf_text(out / "report.pdf")
    for heading in ("บทสรุปผู้บริหาร", "ผลการถอดบทเรียน", "แนวทางการปฏิบัติที่ดี", "ภาคผนวก"):
        assert heading in text
    themes = pd.read_csv(out / "themes.csv")
    top = themes[themes["theme_id"] != "other"].sort_values("obstacles", ascending=False)["label"].iloc[0]
    assert top in text.replace("\n", "")
    assert "๒๑ พฤษภาคม ๒๕๖๕" in text  # the cover's date: Buddhist era, Thai month, Thai digits
    assert "ข้อมูลสมมติ" in text  # the synthetic sample says so
    fonts = set()
    for page in PdfReader(str(out / "report.pdf")).pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert fonts and all("Sarabun" in f for f in fonts), fonts


def test_docx_styles_carry_the_complex_script_font_and_size(sample_run):
    from docx import Document
    from docx.oxml.ns import qn

    _a, out = sample_run
    d = Document(str(out / "report.docx"))
    normal = d.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Sarabun" and fonts.get(qn("w:ascii")) == "Sarabun"
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"  # 16 pt
    h1 = d.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert h1.get(qn("w:cs")) == "Sarabun"
    s = d.sections[0]
    assert round(s.left_margin.cm, 1) == 3.0 and round(s.right_margin.cm, 1) == 2.0
    assert any(p.style.name == "Heading 1" and p.text == "บทสรุปผู้บริหาร" for p in d.paragraphs)
    xml = (zipfile.ZipFile(out / "report.docx").read("word/document.xml")).decode("utf-8")
    assert 'TOC \\o "1-3"' in xml
    footer = zipfile.ZipFile(out / "report.docx").read("word/footer1.xml").decode("utf-8")
    assert "PAGE" in footer
    assert 'w:fmt="thaiNumbers"' in xml  # page numbers in Thai digits
    text = docx_text(out / "report.docx")
    gp = pd.read_csv(out / "good_practice.csv")
    assert gp.sort_values("groups", ascending=False)["practice"].iloc[0] in text
    # tables fit the page: column widths sum to the text width (16 cm)
    t = d.tables[0]
    assert abs(sum(c.width.cm for c in t.rows[0].cells) - 16.0) < 0.1


def test_html_is_self_contained_and_escapes_input(tmp_path):
    """A workshop with no SWOT, no plans and no codebook, whose feedback holds markup and
    formula-like text: the report has no SWOT, plan or Good Practice section, shows the
    markup as text, and no cell of the workbook is a formula."""
    import yaml

    ws = tmp_path / "w"
    ws.mkdir()
    rows = ["จังหวัด,ปัญหา"] + [
        'ชลบุรี,"<script>alert(1)</script> ล่ามไม่พอ ต้องรอหลายวัน"',
        'ระยอง,"<b>ตัวหนา</b> งบค่าอาหารผู้เสียหายไม่มี"',
        'ตราด,"=HYPERLINK(""http://x"") เอกสารซ้ำซ้อนหลายหน่วยงาน"',
        'จันทบุรี,"@SUM(1+1) ประสานงานข้ามจังหวัดล่าช้า"',
    ] + [f"ชลบุรี,ล่ามภาษาเมียนมาไม่พอ รอ {i} วัน" for i in range(2, 12)]
    (ws / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (ws / "workshop.yml").write_text(yaml.safe_dump({
        "title": "ทดสอบ", "date": "2566-01-15",
        "files": [{"path": "feedback.csv", "kind": "feedback", "columns": {"จังหวัด": "province", "ปัญหา": "text:obstacles"}}]},
        allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("run", ws / "workshop.yml", "--out", out, "--quiet")
    assert r.returncode == 0, r.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "@font-face" in html and "data:font/ttf;base64," in html
    for absent in ("SWOT", "แผนปฏิบัติการ", "แนวทางการปฏิบัติที่ดี"):
        assert absent not in html.split("<nav")[1].split("</nav>")[0]
    plain = re.sub(r"<[^>]+>", "", html)  # on screen Thai words are wrapped in spans
    assert "15 มกราคม 2566" in plain
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in md
    formulas = [(ws_.title, c.coordinate) for ws_, c in xlsx_cells(out / "report.xlsx") if c.data_type == "f"]
    assert formulas == []
    cells = [c.value for _, c in xlsx_cells(out / "report.xlsx") if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in cells)
    assert "ตัวหนา" in pdf_text(out / "report.pdf")


def test_xlsx_sheets_are_dressed_and_hold_every_clause(sample_run):
    from openpyxl import load_workbook

    _a, out = sample_run
    wb = load_workbook(out / "report.xlsx")
    for name in ("สรุป", "ประเด็น", "ข้อความ", "SWOT", "แผนปฏิบัติการ", "Good Practice", "การนับข้อมูล"):
        assert name in wb.sheetnames
    q = wb["ข้อความ"]
    assert q.freeze_panes == "A2" and q.auto_filter.ref
    assert q.max_row - 1 == len(pd.read_parquet(out / "assignments.parquet"))
    header = [c.value for c in q[1]]
    for col in ("source_file", "location", "group", "province", "agency", "kind", "theme_label", "key_issue", "text"):
        assert col in header


def test_report_command_rerenders_the_same_bytes_and_rejects_unknown_formats(sample_run, tmp_path):
    import shutil

    _a, out = sample_run
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    before = {f: (copy / f"report.{f}").read_bytes() for f in FORMATS}
    for f in FORMATS:
        (copy / f"report.{f}").unlink()
    r = run_cli("report", copy, "--quiet")
    assert r.returncode == 0, r.stderr
    for f in FORMATS:
        assert (copy / f"report.{f}").read_bytes() == before[f], f
    r = run_cli("report", copy, "--formats", "pdf,odt")
    assert r.returncode == 2 and "odt" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("report", tmp_path / "nowhere")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_unknown_format_is_an_error():
    from lessons.report import parse_formats
    from lessons.report.build import thai_date

    assert parse_formats("PDF, docx") == ("pdf", "docx") and parse_formats(None) == FORMATS
    assert parse_formats("none") == ()
    with pytest.raises(ValueError, match="odt"):
        parse_formats("odt")
    assert thai_date("2565-05-21") == "21 พฤษภาคม 2565" and thai_date("2022-05-21") == "21 พฤษภาคม 2565"
