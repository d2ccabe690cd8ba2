"""Limits, output ownership and one-line errors, at the level of the functions (the
hostile-input suite in test_hostile.py runs the same classes through the CLI)."""
import json
import os

import pytest
import yaml

from conftest import ROOT, SAMPLE, SHARED, run_cli


def _ws(tmp_path, files=None, extra=None):
    import hostile_cases as hc

    return hc.workshop(tmp_path / "ws", files, extra)


# ---------------------------------------------------------------- limits
def test_limits_come_from_workshop_yml_and_the_command_line(tmp_path):
    from lessons import load_workshop

    p = _ws(tmp_path, extra={"limits": {"unit_chars": 30}})
    ws = load_workshop(p)
    long = ws.excluded[ws.excluded.reason.str.startswith("longer than 30 characters")]
    assert len(long) > 0 and ws.limits["unit_chars"] == 30
    assert all(t.endswith(" …") and len(t) <= 202 for t in long.text)  # a preview, never the whole unit
    ws2 = load_workshop(p, limits={"unit_chars": 10_000})  # the command line wins
    assert ws2.limits["unit_chars"] == 10_000 and not ws2.excluded.reason.str.startswith("longer").any()
    out = tmp_path / "out"
    r = run_cli("run", p, "--out", out, "--no-themes", "--quiet", "--limit", "unit_chars=40")
    assert r.returncode == 0, r.stderr
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["limits"]["unit_chars"] == 40


def test_a_limit_hit_names_the_file_and_the_limit(tmp_path):
    p = _ws(tmp_path)
    r = run_cli("run", p, "--out", tmp_path / "out", "--no-themes", "--limit", "rows=5")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "g1.txt" in r.stderr and "limit is 5" in r.stderr and "--limit rows=" in r.stderr
    bad = yaml.safe_load(p.read_text(encoding="utf-8"))
    bad["limits"] = {"rowz": 5}
    p.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    r = run_cli("run", p, "--out", tmp_path / "out", "--no-themes")
    assert r.returncode == 2 and "limits.rowz" in r.stderr, r.stderr


def test_openpyxl_never_pads_rows_to_a_crafted_dimension(tmp_path):
    """A sheet that declares A1:XFD1048576 but holds 3 rows reads as 3 short rows."""
    import zipfile

    import openpyxl

    from lessons.readers.table import read_table

    p = tmp_path / "d.xlsx"
    wb = openpyxl.Workbook()
    for row in (["ปัญหา"], ["ล่ามไม่พอ"], ["งบช้า"]):
        wb.active.append(row)
    wb.save(p)
    with zipfile.ZipFile(p) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    import re

    sheet = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(p, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    t = read_table(p)
    assert t.header == ["ปัญหา"] and [r[0] for r in t.rows] == ["ล่ามไม่พอ", "งบช้า"]


def test_scan_counts_tags_across_chunk_boundaries():
    import io
    import zipfile

    from lessons.readers.limits import scan_tags

    xml = b"<sheetData>" + b'<row r="1"><c/></row>' * 1000 + b"<x:row>" * 7 + b"</sheetData>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("s.xml", xml)
    z = zipfile.ZipFile(buf)
    for chunk in (5, 7, 64, 1 << 20):
        assert scan_tags(z, "s.xml", b"row", chunk=chunk)[0] == 1007, chunk
    n, refs = scan_tags(zipfile.ZipFile(_zip_with(b'<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="C3:C9"/>')),
                        "s.xml", b"mergeCell", b"ref")
    assert n == 2 and refs == [b"A1:B2", b"C3:C9"]


def _zip_with(data):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("s.xml", data)
    buf.seek(0)
    return buf


# ---------------------------------------------------------------- plausible text
def test_real_thai_files_are_never_refused_as_implausible():
    """Every text and table file of the sample, the held-out workshops and the public
    benchmarks decodes and passes the plausibility check."""
    from lessons.readers.encoding import read_text

    files = [p for d in (ROOT / "data", ROOT / "tests" / "fixtures", SHARED) if d.exists()
             for p in d.rglob("*") if p.suffix in (".txt", ".md", ".csv", ".tsv", ".jsonl")]
    assert len(files) > 20
    for p in files:
        read_text(p)  # raises InputError if refused


def test_thai_in_utf16_without_bom_is_read(tmp_path):
    from lessons.readers.encoding import read_text

    text = "ผู้ดำเนินรายการ: ล่ามไม่พอ งบเบิกช้า\n" * 20
    for enc in ("utf-16-le", "utf-16-be"):
        (tmp_path / "t.txt").write_bytes(text.encode(enc))
        assert read_text(tmp_path / "t.txt")[0] == text


def test_thai_order_errors_tell_text_from_noise():
    import random

    from lessons.text.chars import implausible, thai_order_errors

    assert thai_order_errors("เเม่ไม่กล้าแจ้งความ ล่ามไม่พอ")[0] == 0  # "เเ" typed for "แ" is fine
    rnd = random.Random(3)
    ok = [b for b in range(0xA1, 0xFB) if b not in (0xDB, 0xDC, 0xDD, 0xDE)]
    noise = bytes(rnd.choice(ok) for _ in range(5000)).decode("cp874")
    assert "Thai spelling" in implausible(noise)
    assert implausible("ล่ามไม่พอ " * 100) is None


# ---------------------------------------------------------------- outputs owned by the run
def test_check_out_refuses_what_a_run_must_not_replace(tmp_path):
    from lessons.errors import InputError
    from lessons.outdir import check_out

    ws = tmp_path / "ws"
    ws.mkdir()
    (tmp_path / "f").write_text("x")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.docx").write_text("x")
    (tmp_path / "prev").mkdir()
    (tmp_path / "prev" / "manifest.json").write_text('{"lessons_version": "0.1"}')
    for out, word in [(ws, "workshop folder itself"), (ws / "o", "inside the workshop"), (tmp_path, "holds the workshop"),
                      (tmp_path / "f", "existing file"), (tmp_path / "f" / "x", "is a file"), ("/", "system"),
                      ("/usr/share/x", "system folder /usr"), (tmp_path / "mine", "not an earlier lessons output")]:
        with pytest.raises(InputError, match=word):
            check_out(out, input_folder=ws)
    assert check_out(tmp_path / "prev", input_folder=ws) == tmp_path / "prev"  # an earlier run: replaced
    assert check_out(tmp_path / "new" / "deep", input_folder=ws) == tmp_path / "new" / "deep"


def test_a_killed_run_is_cleaned_up_and_an_interrupted_swap_is_undone(tmp_path):
    from lessons.outdir import clean_leftovers, publish, staged

    out = tmp_path / "out"
    with staged(out) as st:
        (st / "manifest.json").write_text('{"lessons_version": "x", "run": 1}')
    dead = 2**22 + 12345  # no such process
    while True:
        try:
            os.kill(dead, 0)
            dead += 1
        except ProcessLookupError:
            break
    left = tmp_path / f".out-staging-{dead}-abc"
    left.mkdir()
    (left / "half.csv").write_text("x")
    other = tmp_path / f".other-staging-{dead}-abc"  # another output's: not ours to touch
    other.mkdir()
    with staged(out) as st:
        (st / "manifest.json").write_text('{"lessons_version": "x", "run": 2}')
    assert not left.exists() and other.exists()
    assert json.loads((out / "manifest.json").read_text())["run"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".other-staging-%d-abc" % dead, "out"])
    # killed between the two renames of the fallback swap: the previous output comes back
    os.rename(out, tmp_path / f".out-old-{dead}-xyz")
    clean_leftovers(out)
    assert json.loads((out / "manifest.json").read_text())["run"] == 2
    # the fallback swap (no renameat2) gives the same result
    import lessons.outdir as od

    real = od._exchange
    od._exchange = lambda a, b: False
    try:
        with staged(out) as st:
            (st / "manifest.json").write_text('{"lessons_version": "x", "run": 3}')
    finally:
        od._exchange = real
    assert json.loads((out / "manifest.json").read_text())["run"] == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-")]
    _ = publish  # the function staged() calls


def test_a_failed_write_leaves_the_previous_output(tmp_path):
    from lessons.outdir import staged

    out = tmp_path / "out"
    with staged(out) as st:
        (st / "manifest.json").write_text('{"lessons_version": "x", "run": 1}')
    with pytest.raises(RuntimeError):
        with staged(out) as st:
            (st / "manifest.json").write_text('{"lessons_version": "x", "run": 2}')
            raise RuntimeError("disk full")
    assert json.loads((out / "manifest.json").read_text())["run"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


# ---------------------------------------------------------------- one line, always
def test_an_unexpected_error_is_one_line_without_input_values(tmp_path, monkeypatch, capsys):
    import lessons.analysis
    from lessons.cli import main

    def boom(*a, **k):
        raise ValueError("นายสมชาย ใจดี 081-234-5678")  # a message quoting the input

    monkeypatch.setattr(lessons.analysis, "run", boom)
    code = main(["run", str(SAMPLE), "--out", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert "unexpected ValueError" in err and "--debug" in err and "สมชาย" not in err and "081" not in err
    with pytest.raises(ValueError):
        main(["--debug", "run", str(SAMPLE), "--out", str(tmp_path / "o")])


def test_allow_outside_reads_dotdot_paths_but_never_a_link(tmp_path):
    import hostile_cases as hc

    hc._outside(tmp_path)
    (tmp_path / "outside" / "g.txt").write_text(hc.TRANSCRIPT, encoding="utf-8")
    p = _ws(tmp_path, [{"path": "../outside/g.txt", "kind": "transcript"}])
    r = run_cli("run", p, "--out", tmp_path / "out", "--no-themes", "--quiet", "--allow-outside")
    assert r.returncode == 0, r.stderr
    os.symlink(tmp_path / "outside" / "secret.txt", tmp_path / "ws" / "link.txt")
    p = _ws(tmp_path, [{"path": "link.txt", "kind": "transcript"}])
    r = run_cli("run", p, "--out", tmp_path / "out", "--no-themes", "--quiet", "--allow-outside")
    assert r.returncode == 2 and "symbolic link" in r.stderr, r.stderr


def test_redact_command_never_prints_an_over_long_line(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("โทร 081-234-5678\n" + "นายสมชาย " * 50 + "\n", encoding="utf-8")
    r = run_cli("redact", p, "--limit", "unit_chars=100")
    assert r.returncode == 0 and "[โทรศัพท์]" in r.stdout and "สมชาย" not in r.stdout, r.stdout


# ---------------------------------------------------------------- no formula ever leaves
def test_xlsx_cells_are_strings_and_inert(tmp_path):
    import openpyxl
    import pandas as pd

    from lessons.report.safe_cells import to_xlsx

    df = pd.DataFrame({"text": ["=1+2", "+cmd|' /C calc'!A0", "@SUM(1)", "-ล่าม", "ปกติ", "\x07bell"],
                       "n": [1, -2, 3, None, 5, 6]})
    to_xlsx({"ตาราง/1": df}, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    ws = wb.worksheets[0]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if c.column == 1]
    assert texts[:4] == ["'=1+2", "'+cmd|' /C calc'!A0", "'@SUM(1)", "'-ล่าม"] and texts[5] == "bell"
    assert [c.value for c in cells if c.column == 2] == [1, -2, 3, None, 5, 6]
