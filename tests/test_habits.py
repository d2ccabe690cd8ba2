"""Readers that learn a file's own habit: speaker tags of many shapes, lists, sections,
Word's automatic numbering, and SWOT sheets typed side by side."""
import pytest
import yaml

from lessons.readers.transcript import Line, parse_lines


def _units(text, key_issues=None):
    lines = [Line(f"L{i}", f"line {i}", t) for i, t in enumerate(text.splitlines(), 1)]
    return parse_lines(lines, group=1, key_issues=key_issues)


def _kept(units):
    return [u for u in units if not u.excluded]


def test_dash_tags_time_marks_and_annotations():
    text = """หัวข้อที่ ๒ : การส่งต่อ
[09:41]
ผู้เข้าร่วม#3 - ล่ามไม่พอค่ะ
รอข้ามวันทุกครั้ง
วิทยากร - แล้วแก้ยังไงคะ
(เสียงหัวเราะ)
ผู้เข้าร่วม#5 - โทรหาเครือข่ายเอาเอง
-----
10.15 น.
วิทยากร - ขอบคุณค่ะ"""
    units = _units(text)
    kept = _kept(units)
    assert [u.speaker for u in kept] == ["ผู้เข้าร่วม#3", "วิทยากร", "ผู้เข้าร่วม#5", "วิทยากร"]
    assert kept[0].text == "ล่ามไม่พอค่ะ รอข้ามวันทุกครั้ง"
    assert all(u.key_issue == 2 for u in kept)
    reasons = {u.text: u.excluded for u in units if u.excluded}
    assert reasons["[09:41]"] == "time mark" and reasons["10.15 น."] == "time mark"
    assert reasons["(เสียงหัวเราะ)"].startswith("annotation") and reasons["-----"] == "separator line"


def test_a_dash_inside_speech_is_not_a_tag():
    """A spaced dash that the file does not repeat as a habit stays part of the sentence."""
    text = "ผู้ดำเนินรายการ: เริ่มเลยค่ะ\nคุณ ก: เส้นทางชลบุรี - ระยอง รถติดมาก"
    kept = _kept(_units(text))
    assert [u.speaker for u in kept] == ["ผู้ดำเนินรายการ", "คุณ ก"]
    assert kept[1].text == "เส้นทางชลบุรี - ระยอง รถติดมาก"


def test_arrow_paren_and_qa_tags():
    text = """ประเด็น 3
ผอ.ศูนย์ฯ สงขลา >> เรือเข้าออกวันละยี่สิบลำ
(อพม. บ้านนา) ชาวบ้านไม่กล้าแจ้ง
(อพม. บ้านนา) กลัวโดนหมายหัว
Q: ทำไมไม่กล้าแจ้งคะ
A: กลัวนายจ้างรู้ครับ"""
    kept = _kept(_units(text))
    assert [u.speaker for u in kept] == ["ผอ.ศูนย์ฯ สงขลา", "อพม. บ้านนา", "อพม. บ้านนา", "Q", "A"]
    assert kept[0].text == "เรือเข้าออกวันละยี่สิบลำ" and {u.key_issue for u in kept} == {3}
    assert kept[3].role == "" and kept[0].province == "สงขลา"


def test_markdown_summary_lists_give_one_statement_per_item():
    text = """# สรุปกลุ่ม 4
## 1. การคัดแยก
- ล่ามไม่พอ
  - ภาษากะเหรี่ยงหาไม่ได้
* งบมาช้า
1. ทำบัญชีล่ามร่วมกัน
2) ประชุมทุกเดือน
๑) ใช้ไลน์กลุ่มแจ้งเคส
## 2. การคุ้มครองเด็ก
- บ้านพักเต็ม"""
    units = _units(text, key_issues={1: {"label": "การคัดแยก"}, 2: {"label": "การคุ้มครองเด็ก"}})
    kept = _kept(units)
    assert [u.text for u in kept] == ["ล่ามไม่พอ", "ภาษากะเหรี่ยงหาไม่ได้", "งบมาช้า", "ทำบัญชีล่ามร่วมกัน",
                                      "ประชุมทุกเดือน", "ใช้ไลน์กลุ่มแจ้งเคส", "บ้านพักเต็ม"]
    assert [u.key_issue for u in kept] == [1, 1, 1, 1, 1, 1, 2]
    assert kept[1].extra["level"] == 1 and kept[0].extra["section"] == "1. การคัดแยก"


def test_line_chat_export():
    text = "[LINE] แชทกลุ่ม ทีมเฝ้าระวัง\n2566/11/21(อ.)\n10:42\tพี่จิ๋ว พมจ.ชร\tเด็กโดนทักทาง TikTok\n" \
           "10:43\tครูแดง\t[สติกเกอร์]\n10:45\tครูแดง\tที่โรงเรียนก็เจอค่ะ"
    units = _units(text)
    kept = _kept(units)
    assert [(u.speaker, u.text) for u in kept] == [("พี่จิ๋ว พมจ.ชร", "เด็กโดนทักทาง TikTok"),
                                                    ("ครูแดง", "ที่โรงเรียนก็เจอค่ะ")]
    assert any(u.excluded == "date line" for u in units)


def test_a_file_with_no_structure_is_read_as_notes_not_lost():
    text = "\n".join(f"ข้อสังเกตข้อที่ {i} ของผู้จดบันทึก เรื่องการทำงานร่วมกันในพื้นที่" for i in range(1, 7))
    units = _units(text)
    assert len(_kept(units)) == 6


def test_word_numbering_soft_breaks_and_bold_headings(tmp_path):
    import docx

    from lessons.readers.docx import read_docx

    d = docx.Document()
    d.add_paragraph("สรุปผลกลุ่ม 2", style="Title")
    p = d.add_paragraph()
    p.add_run("ประเด็นที่ 1 การเฝ้าระวัง").bold = True
    d.add_paragraph("อพม. รู้จักทุกบ้าน", style="List Number")
    d.add_paragraph("มีไลน์กลุ่มหมู่บ้าน", style="List Number")
    d.add_paragraph("ใช้แจ้งเหตุกลางคืน", style="List Number 2")
    d.add_paragraph("ผู้ใหญ่บ้านไม่กล้าแจ้ง", style="List Bullet")
    q = d.add_paragraph("วิทยากร: ")
    q.add_run("ขอถามต่อนะคะ")
    q.add_run().add_break()
    q.add_run("เรื่องงบเป็นยังไง")
    d.save(tmp_path / "g2.docx")
    kept = _kept(read_docx(tmp_path / "g2.docx", group=2))
    assert [u.text for u in kept] == ["อพม. รู้จักทุกบ้าน", "มีไลน์กลุ่มหมู่บ้าน", "ใช้แจ้งเหตุกลางคืน",
                                      "ผู้ใหญ่บ้านไม่กล้าแจ้ง", "ขอถามต่อนะคะ เรื่องงบเป็นยังไง"]
    assert all(u.key_issue == 1 for u in kept) and kept[2].extra["level"] == 1


def _wide_workbook(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "กลุ่ม 1 (ศรีสะเกษ)"
    ws.append(["ผลการวิเคราะห์ SWOT กลุ่ม 1"])
    ws.append(["ประเด็น", "จุดแข็ง (S)", "จุดอ่อน (W)", "โอกาส (O)", "อุปสรรค (T)"])
    ws.append(["1. การเฝ้าระวัง", "- อพม. เข้มแข็ง\n- มีไลน์กลุ่ม", "ล่ามไม่พอ", "", "ถนนไกล"])
    ws.append([None, "ผู้ใหญ่บ้านร่วมมือ", "• งบมาช้า", "อบต. มีงบ", ""])
    ws.merge_cells("A3:A4")
    ws.append(["หมายเหตุ: ข้อมูลจากการระดมความคิด"])
    ws2 = wb.create_sheet("กลุ่ม2")
    ws2.append(["S จุดแข็ง", "W จุดอ่อน", "O โอกาส", "T อุปสรรค"])
    ws2.append(["ทีมรู้จักกัน", "คนน้อย", "มี MOU", "แรงงานย้ายบ่อย"])
    wb.save(path)


def test_wide_swot_sheets(tmp_path):
    from lessons import load_workshop

    _wide_workbook(tmp_path / "swot.xlsx")
    doc = {"title": "t", "key_issues": {1: {"label": "การเฝ้าระวัง"}},
           "files": [{"path": "swot.xlsx", "kind": "swot", "layout": "wide", "sheets": "all"}]}
    (tmp_path / "workshop.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    ws = load_workshop(tmp_path / "workshop.yml")
    st = ws.statements
    got = list(zip(st["text"], st["quadrant"], st["group"], st["key_issue"].astype("object")))
    assert got[:7] == [("อพม. เข้มแข็ง", "S", 1, 1), ("มีไลน์กลุ่ม", "S", 1, 1), ("ล่ามไม่พอ", "W", 1, 1),
                       ("ถนนไกล", "T", 1, 1), ("ผู้ใหญ่บ้านร่วมมือ", "S", 1, 1), ("งบมาช้า", "W", 1, 1),
                       ("อบต. มีงบ", "O", 1, 1)]
    assert list(st["text"][7:]) == ["ทีมรู้จักกัน", "คนน้อย", "มี MOU", "แรงงานย้ายบ่อย"]
    assert set(st["group"][7:]) == {2} and set(st["province"][:7]) == {"ศรีสะเกษ"}
    reasons = set(ws.excluded["reason"])
    assert {"title row", "table header", "row without SWOT text (a note or label)"} <= reasons
    c = ws.counts.iloc[0]
    assert c.units_in == c.statements + c.excluded


@pytest.mark.parametrize("entry,needle", [
    ({"path": "a.csv", "kind": "swot", "colums": {"a": "text"}}, "unknown key 'files[0].colums' (did you mean 'columns'?)"),
    ({"path": "a.csv", "kind": "swat"}, "'files[0].kind' = 'swat'"),
    ({"path": "a.csv", "kind": "swot", "header_row": float("inf")}, "'files[0].header_row' = inf"),
    ({"path": "a.csv", "kind": "swot", "columns": ["a", "b"]}, "'files[0].columns' = list"),
    ({"path": "a.csv", "kind": "swot", "sheets": "al"}, "'files[0].sheets' = 'al'"),
    ({"path": "a.txt", "group": float("inf")}, "'files[0].group' = inf"),
])
def test_workshop_yml_is_checked_against_its_schema(tmp_path, entry, needle):
    from conftest import run_cli

    (tmp_path / "workshop.yml").write_text(yaml.safe_dump({"files": [entry]}, allow_unicode=True), encoding="utf-8")
    r = run_cli("run", tmp_path / "workshop.yml", "--out", tmp_path.parent / f"{tmp_path.name}-o", "--no-themes")
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in r.stderr


def test_codebook_and_key_issue_types_are_checked(tmp_path):
    from lessons.errors import InputError
    from lessons.readers.schema import read_codebook_doc, read_workshop_doc

    p = tmp_path / "w.yml"
    p.write_text("key_issues:\n  สอง: {label: x}\nfiles: [a.txt]\n", encoding="utf-8")
    with pytest.raises(InputError, match="key_issues.สอง"):
        read_workshop_doc(p)
    c = tmp_path / "c.yml"
    c.write_text("themes:\n  t1: {label: x, seed: [a]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown key 'themes.t1.seed' \\(did you mean 'seeds'\\?\\)"):
        read_codebook_doc(c)


def test_yaml_anchor_bomb_is_refused(tmp_path):
    from lessons.errors import InputError
    from lessons.readers.schema import read_workshop_doc

    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, n in enumerate("bcdefghijk"):
        prev = "abcdefghijk"[i]
        lines.append(f"{n}: &{n} [" + ", ".join([f"*{prev}"] * 12) + "]")
    lines.append("files: [a.txt]")
    p = tmp_path / "w.yml"
    p.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match="aliases"):
        read_workshop_doc(p)


def test_one_reader_table():
    from lessons.readers import FileSpec
    from lessons.readers.registry import READERS, reader_for
    from lessons.errors import InputError
    from pathlib import Path

    assert {r.name for r in READERS} >= {"text transcript or notes", "Word document", "table", "wide SWOT sheet"}
    assert reader_for(FileSpec(Path("x.xlsx"), "x.xlsx", "swot", {"layout": "wide"})).name == "wide SWOT sheet"
    with pytest.raises(InputError, match="a transcript must be"):
        reader_for(FileSpec(Path("x.csv"), "x.csv", "transcript", {}))
