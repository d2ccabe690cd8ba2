"""Ingestion: every unit of every file ends up analysed or excluded, with a reason."""
import csv
import io

import pytest
import yaml

from conftest import SAMPLE


def test_every_input_unit_is_accounted_for(sample_workshop):
    ws = sample_workshop
    c = ws.counts
    assert (c["units_in"] == c["statements"] + c["excluded"]).all()
    st = ws.statements.groupby("source_file").size()
    ex = ws.excluded.groupby("source_file").size()
    for r in c.itertuples():
        if r.kind == "participants":
            assert r.statements == len(ws.participants)
            continue
        assert st.get(r.source_file, 0) == r.statements
        assert ex.get(r.source_file, 0) == r.excluded


def test_sample_has_the_shape_of_the_workshop(sample_workshop):
    ws = sample_workshop
    assert len(ws.participants) == 160
    assert ws.participants["province"].nunique() == 25
    assert set(ws.statements["source_kind"]) == {"transcript", "feedback", "swot", "action_plan"}
    tr = ws.statements[ws.statements.source_kind == "transcript"]
    assert sorted(tr["group"].dropna().unique()) == list(range(1, 9))
    per_group = tr.groupby("group").size()
    assert per_group.between(40, 90).all()
    # every transcript turn knows its key issue from the headings
    assert tr["key_issue"].notna().mean() > 0.95
    swot = ws.statements[ws.statements.source_kind == "swot"]
    assert set(swot["quadrant"]) == {"S", "W", "O", "T"}
    plans = ws.statements[ws.statements.source_kind == "action_plan"]
    assert set(plans["horizon"].dropna()) == {3, 6, 12}
    fb = ws.statements[ws.statements.source_kind == "feedback"]
    assert set(fb["field"]) == {"obstacles", "suggestions", "learned"}


def test_exclusion_reasons(sample_workshop):
    reasons = sample_workshop.excluded["reason"]
    assert reasons.str.startswith("placeholder").any()
    assert (reasons == "empty").any()
    assert reasons.str.startswith("exact duplicate").any()
    assert reasons.str.startswith("heading").any()


def test_statement_ids_are_stable_and_unique(sample_workshop):
    from lessons import load_workshop

    again = load_workshop(SAMPLE)
    assert sample_workshop.statements["statement_id"].is_unique
    assert list(again.statements["statement_id"]) == list(sample_workshop.statements["statement_id"])
    assert list(again.statements["text"]) == list(sample_workshop.statements["text"])


def test_speaker_tag_styles():
    from lessons.readers.transcript import Line, parse_lines

    text = """บันทึกกลุ่ม 9
ประเด็นที่ ๒ การคุ้มครองเด็ก
ผู้ดำเนินรายการ: เริ่มเลยนะคะ มีปัญหาอะไรบ้าง
คุณ ก: ล่ามไม่พอค่ะ
ต้องรอข้ามวัน
[ผู้เข้าร่วม 3] งบเบิกช้ามาก
- นักสังคมสงเคราะห์ (ระยอง): เด็กไม่กล้าเล่า

## ประเด็นที่ 4 One Home
- พมจ. (ตราด): ต่างคนต่างทำ"""
    lines = [Line(f"L{i}", f"line {i}", t) for i, t in enumerate(text.splitlines(), 1)]
    units = parse_lines(lines, group=9)
    turns = [u for u in units if not u.excluded]
    assert [u.speaker for u in turns] == ["ผู้ดำเนินรายการ", "คุณ ก", "ผู้เข้าร่วม 3", "นักสังคมสงเคราะห์ (ระยอง)",
                                          "พมจ. (ตราด)"]
    assert turns[1].text == "ล่ามไม่พอค่ะ ต้องรอข้ามวัน"  # continuation line joined
    assert [u.key_issue for u in turns] == [2, 2, 2, 2, 4]
    assert turns[3].province == "ระยอง" and turns[3].role == "นักสังคมสงเคราะห์"
    assert turns[1].role == ""  # anonymous tag
    assert units[0].excluded.startswith("preamble")


def _write_manifest(tmp_path, path, columns, **extra):
    doc = {"title": "t", "files": [{"path": path, "kind": "feedback", "columns": columns, **extra}]}
    p = tmp_path / "workshop.yml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


ROWS = [["จังหวัด", "ปัญหา"], ["จ.ระยอง", "ล่ามไม่พอ\nต้องรอข้ามวัน"], ["ตราด", "-"], ["ชลบุรี", "งบเบิกช้า, รถไม่มี"]]


@pytest.mark.parametrize("encoding,delimiter", [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"),
                                                ("cp874", ","), ("utf-8", "|")])
def test_csv_encodings_delimiters_and_quoted_newlines(tmp_path, encoding, delimiter):
    from lessons import load_workshop

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(ROWS)
    (tmp_path / "f.csv").write_bytes(buf.getvalue().encode(encoding))
    ws = load_workshop(_write_manifest(tmp_path, "f.csv", {"จังหวัด": "province", "ปัญหา": "text:obstacles"}))
    st = ws.statements
    assert list(st["text"]) == ["ล่ามไม่พอ\nต้องรอข้ามวัน", "งบเบิกช้า, รถไม่มี"]
    assert list(st["province"]) == ["ระยอง", "ชลบุรี"]
    assert ws.excluded["reason"].tolist() == ["placeholder ('-')"]


def test_xlsx_header_found_below_title_rows(tmp_path):
    import openpyxl

    from lessons import load_workshop

    wb = openpyxl.Workbook()
    ws_ = wb.active
    ws_.title = "การตอบแบบฟอร์ม 1"
    ws_.append(["แบบประเมิน"])
    ws_.append([])
    for r in ROWS:
        ws_.append(r)
    wb.save(tmp_path / "f.xlsx")
    ws = load_workshop(_write_manifest(tmp_path, "f.xlsx", {"จังหวัด": "province", "ปัญหา": "text:obstacles"},
                                       sheet="การตอบแบบฟอร์ม 1"))
    assert list(ws.statements["location"]) == ["sheet การตอบแบบฟอร์ม 1 row 4 column ปัญหา",
                                               "sheet การตอบแบบฟอร์ม 1 row 6 column ปัญหา"]


def test_docx_paragraphs_headings_and_table(sample_workshop):
    st = sample_workshop.statements
    g5 = st[st.source_file == "transcripts/group5.docx"]
    assert g5["statement_id"].str.contains("#P").any()
    table = g5[g5["field"].str.startswith("flipchart:")]
    assert len(table) >= 10
    assert table["key_issue"].notna().all()


def test_redaction_happens_at_ingest(sample_workshop):
    st = sample_workshop.statements
    assert st["text"].str.contains(r"\[ชื่อ\]").any()
    assert st["text"].str.contains(r"\[เลขบัตรประชาชน\]").any()
    log = sample_workshop.redaction_log
    assert set(log.columns) == {"source_file", "type", "count"}
    assert log["count"].sum() > 50
