"""Bad input: exit code 2, one line naming the file and the problem, no traceback, and
no half-written output."""

import os

import pytest
import yaml

from conftest import run_cli


def _out(tmp_path, name="out"):
    """An output folder beside the workshop folder (never inside it)."""
    return tmp_path.parent / f"{tmp_path.name}-{name}"


def _manifest(tmp_path, entry):
    p = tmp_path / "workshop.yml"
    p.write_text(yaml.safe_dump({"title": "t", "files": [entry]}, allow_unicode=True), encoding="utf-8")
    return p


def _check(tmp_path, entry, files, expect_file, expect_words):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = _out(tmp_path)
    r = run_cli("run", _manifest(tmp_path, entry), "--out", out, "--quiet")
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert expect_file in lines[0]
    for w in expect_words:
        assert w in lines[0].lower(), lines[0]
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}-staging-*"))


COLS = {"ปัญหา": "text"}


def test_missing_file(tmp_path):
    _check(tmp_path, {"path": "nope.csv", "kind": "swot", "columns": COLS}, {}, "nope.csv", ["not found"])


def test_unknown_suffix(tmp_path):
    _check(tmp_path, {"path": "a.pdfx", "kind": "transcript"}, {"a.pdfx": b"hello"}, "a.pdfx", ["unknown file type"])


def test_text_named_docx(tmp_path):
    _check(tmp_path, {"path": "a.docx", "kind": "transcript"}, {"a.docx": "ผู้ดำเนินรายการ: สวัสดี".encode()},
           "a.docx", ["does not match"])


def test_csv_named_xlsx(tmp_path):
    _check(tmp_path, {"path": "a.xlsx", "kind": "swot", "columns": COLS}, {"a.xlsx": "ปัญหา\nล่ามไม่พอ\n".encode()},
           "a.xlsx", ["does not match"])


def test_docx_named_txt(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("x")
    d.save(tmp_path / "real.docx")
    _check(tmp_path, {"path": "a.txt", "kind": "transcript"}, {"a.txt": (tmp_path / "real.docx").read_bytes()},
           "a.txt", ["does not match"])


def test_undecodable_text(tmp_path):
    _check(tmp_path, {"path": "a.txt", "kind": "transcript"}, {"a.txt": bytes([0x81, 0x82, 0x83, 0xFE, 0xFF]) * 20},
           "a.txt", ["cannot decode"])


def test_corrupt_docx(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("ผู้ดำเนินรายการ: สวัสดี")
    d.save(tmp_path / "good.docx")
    data = (tmp_path / "good.docx").read_bytes()
    _check(tmp_path, {"path": "bad.docx", "kind": "transcript"}, {"bad.docx": data[: len(data) // 2]},
           "bad.docx", ["word"])


def test_empty_table(tmp_path):
    _check(tmp_path, {"path": "a.csv", "kind": "swot", "columns": COLS}, {"a.csv": b"\n\n"}, "a.csv", ["empty"])


def test_header_only_table(tmp_path):
    _check(tmp_path, {"path": "a.csv", "kind": "swot", "columns": COLS}, {"a.csv": "ปัญหา\n".encode()},
           "a.csv", ["no data rows"])


def test_zero_byte_file(tmp_path):
    _check(tmp_path, {"path": "a.txt", "kind": "transcript"}, {"a.txt": b""}, "a.txt", ["empty"])


def test_mapping_names_a_missing_column(tmp_path):
    _check(tmp_path, {"path": "a.csv", "kind": "swot", "columns": {"ข้อความ": "text"}},
           {"a.csv": "ปัญหา\nล่ามไม่พอ\n".encode()}, "a.csv", ["ข้อความ", "not found"])


def test_bad_manifest_yaml(tmp_path):
    p = tmp_path / "workshop.yml"
    p.write_text("files: [unclosed", encoding="utf-8")
    r = run_cli("run", p, "--out", _out(tmp_path), "--quiet")
    assert r.returncode == 2 and "workshop.yml" in r.stderr and "Traceback" not in r.stderr


def test_existing_outputs_survive_a_failed_run(tmp_path):
    out = _out(tmp_path)
    out.mkdir()
    (out / "manifest.json").write_text('{"lessons_version": "0.1.0", "outputs": {}}', encoding="utf-8")
    (out / "statements.parquet").write_bytes(b"previous run")
    p = _manifest(tmp_path, {"path": "nope.csv", "kind": "swot", "columns": COLS})
    r = run_cli("run", p, "--out", out, "--quiet")
    assert r.returncode == 2
    assert (out / "statements.parquet").read_bytes() == b"previous run"


def test_themes_command_bad_column(tmp_path):
    (tmp_path / "a.csv").write_text("x\nล่ามไม่พอ\n", encoding="utf-8")
    r = run_cli("themes", tmp_path / "a.csv", "--text-column", "answer", "--out", tmp_path / "o")
    assert r.returncode == 2 and "answer" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_help_lists_every_command():
    r = run_cli("--help")
    assert r.returncode == 0
    for c in ("run", "themes", "redact"):
        assert c in r.stdout
@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink", "codebook"])
def test_paths_stay_inside_the_workshop_folder(tmp_path, kind):
    ws = tmp_path / "ws"
    ws.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("ผู้ดำเนินรายการ: รหัสผ่าน root:x:0:0\n", encoding="utf-8")
    entry, extra = {"path": "g1.txt", "kind": "transcript"}, {}
    (ws / "g1.txt").write_text("ผู้ดำเนินรายการ: เริ่มค่ะ\n", encoding="utf-8")
    if kind == "dotdot":
        entry["path"] = "../secret.txt"
    elif kind == "absolute":
        entry["path"] = str(outside)
    elif kind == "symlink":
        os.symlink(outside, ws / "link.txt")
        entry["path"] = "link.txt"
    else:
        extra["codebook"] = "../secret.txt"
    (ws / "workshop.yml").write_text(yaml.safe_dump({"files": [entry], **extra}), encoding="utf-8")
    r = run_cli("run", ws / "workshop.yml", "--out", tmp_path / "o", "--no-themes")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert ("outside the workshop folder" in r.stderr or "absolute path" in r.stderr or "symbolic link" in r.stderr)
    assert not (tmp_path / "o").exists()


def test_formulas_in_input_cells_never_reach_a_csv_as_formulas(tmp_path):
    import csv
    import glob

    from lessons.report.safe_cells import safe_cell

    rows = [["จังหวัด", "ปัญหา"]] + [["ระยอง", v] for v in (
        '=HYPERLINK("http://example.invalid","คลิก")', "+cmd|' /C calc'!A0", "@SUM(1+9)", "=1+2",
        "-ล่ามไม่พอ แต่ไม่มีงบ", "ล่ามไม่พอ ต้องรอข้ามวัน", "งบเบิกช้ามาก", "ไม่มีรถลงพื้นที่")]
    with open(tmp_path / "f.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    doc = {"title": "t", "files": [{"path": "f.csv", "kind": "feedback", "columns": {"จังหวัด": "province", "ปัญหา": "text:obstacles"}}]}
    (tmp_path / "workshop.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    r = run_cli("run", tmp_path / "workshop.yml", "--out", _out(tmp_path, "o"), "--no-themes")
    assert r.returncode == 0, r.stderr
    for p in glob.glob(str(_out(tmp_path, "o") / "*.csv")):
        with open(p, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@")), (p, cell)
                    assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), (p, cell)
    assert safe_cell("-3") == "-3" and safe_cell("=1+2") == "'=1+2" and safe_cell(5) == 5
