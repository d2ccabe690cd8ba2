"""Hostile and careless inputs, built on the fly (issue 8).

Each :class:`Case` builds a small workshop (or table) in a fresh folder with one hostile
twist and says what must happen: a refusal (exit 2, one line naming the file, key or
option) or a correct result (exit 0), plus any extra check (nothing read from outside
the folder, no formula in any output, the output folder owned by the run).

Used by ``tests/test_hostile.py`` (asserts) and ``bench/hostile_eval.py`` (the table of
exit code, first line, time and peak memory per case).
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

REPORT: list[tuple] = []  # (class, case, exit, seconds, peak MB, first line), filled by tests/test_hostile.py
CANARY = "CANARY-ffd1c0"  # written into files outside the workshop folder: must never appear in an output
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

TRANSCRIPT = """ผู้ดำเนินรายการ: สวัสดีค่ะ วันนี้เราจะถอดบทเรียนเรื่องการคัดแยกผู้เสียหาย
ผู้เข้าร่วม 1: ปัญหาหลักคือล่ามไม่พอ ต้องรอล่ามข้ามวัน
ผู้เข้าร่วม 2: งบประมาณค่าเดินทางเบิกช้ามาก ต้องสำรองจ่ายเอง
ผู้เข้าร่วม 3: สถานคุ้มครองเต็ม ต้องส่งต่อไปจังหวัดอื่น
ผู้เข้าร่วม 1: ตำรวจกับพม.ยังประสานกันไม่ทันเวลา
ผู้เข้าร่วม 4: ข้อเสนอคือควรมีทะเบียนล่ามกลางของจังหวัด
ผู้เข้าร่วม 2: เด็กไม่กล้าให้ปากคำ ต้องใช้เวลาสร้างความไว้ใจ
ผู้เข้าร่วม 5: ทีมพม.จังหวัดทำงานร่วมกับอบต.ได้ดี เป็นจุดแข็ง
ผู้เข้าร่วม 3: ควรอบรมเจ้าหน้าที่เรื่องการคัดแยกทุกปี
ผู้เข้าร่วม 4: ชาวบ้านไม่รู้จักสายด่วน 1300
"""
FEEDBACK = [
    ["จังหวัด", "ปัญหาที่พบ", "ข้อเสนอแนะ"],
    ["ระยอง", "ล่ามภาษากัมพูชาไม่พอ", "จัดทำทะเบียนล่าม"],
    ["ชลบุรี", "งบค่าอาหารผู้เสียหายมาช้า", "ของบกลางล่วงหน้า"],
    ["ตราด", "สถานคุ้มครองอยู่ไกล เดินทางหลายชั่วโมง", "มีบ้านพักชั่วคราวในจังหวัด"],
    ["จันทบุรี", "เจ้าหน้าที่มีน้อย ทำงานคนเดียวตอนกลางคืน", "เพิ่มอัตรากำลัง"],
    ["ระยอง", "ผู้เสียหายไม่กล้าแจ้งความ", "สร้างความเชื่อมั่นผ่านผู้นำชุมชน"],
    ["ชลบุรี", "ประสานตำรวจล่าช้า", "ประชุมทีมสหวิชาชีพทุกเดือน"],
    ["ตราด", "ขาดล่ามภาษาเมียนมา", "ประสานมูลนิธิที่มีล่าม"],
    ["จันทบุรี", "คดีใช้เวลานาน พยานหนีกลับประเทศ", "สืบพยานล่วงหน้า"],
]
FEEDBACK_COLUMNS = {"จังหวัด": "province", "ปัญหาที่พบ": "text:obstacles", "ข้อเสนอแนะ": "text:suggestions"}


def write_csv(path: Path, rows, encoding="utf-8") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def workshop(folder: Path, files: list | None = None, extra: dict | None = None, raw_yaml: str | None = None) -> Path:
    """A small valid workshop in ``folder`` (one transcript, one feedback table) with the
    given ``files:`` entries instead, and extra top-level keys."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "g1.txt").write_text(TRANSCRIPT, encoding="utf-8")
    write_csv(folder / "feedback.csv", FEEDBACK)
    if files is None:
        files = [{"path": "g1.txt", "kind": "transcript", "group": 1},
                 {"path": "feedback.csv", "kind": "feedback", "columns": FEEDBACK_COLUMNS}]
    p = folder / "workshop.yml"
    if raw_yaml is not None:
        p.write_text(raw_yaml, encoding="utf-8")
    else:
        doc = {"title": "ถอดบทเรียน", "date": "2565-05-21", "key_issues": {1: {"label": "การคัดแยก"}}, "files": files}
        doc.update(extra or {})
        p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


@dataclass
class Outcome:
    code: int | None
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    killed: str = ""  # "timeout" or "memory" when the guard stopped it

    @property
    def lines(self) -> list[str]:
        return [ln for ln in self.stderr.strip().splitlines() if ln.strip()]


@dataclass
class Case:
    id: str
    klass: str
    build: Callable[[Path], list]  # -> argv after the program name
    expect: str = "error"  # "error" (exit 2, one line), "ok" (exit 0) or "either"
    says: tuple[str, ...] = ()  # words the one line must contain (lower case)
    check: Callable[[Path, Outcome], str | None] | None = None  # -> a failure reason, or None
    runner: Callable | None = None  # a custom way to run it (concurrency, kills)
    themes: bool = False  # the case runs theme discovery (slower)


# ------------------------------------------------------------------ running


def lessons_argv() -> list[str]:
    exe = os.environ.get("LESSONS_BIN")
    return [exe] if exe else [sys.executable, "-m", "lessons.cli"]


def run_guarded(argv: list, cwd: Path, timeout: float = 60.0, mem_mb: float = 4096.0, env=None) -> Outcome:
    """Run ``argv`` and watch it: wall time, peak resident memory of its process tree;
    stop it (and record why) past ``timeout`` seconds or ``mem_mb``."""
    import psutil

    e = dict(os.environ)
    e.setdefault("PYTHAINLP_OFFLINE", "1")
    e.update(env or {})
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(a) for a in argv], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=e, start_new_session=True)
    peak, killed = 0.0, ""
    import threading

    out: dict = {}

    def _drain(name, stream):
        out[name] = stream.read()

    threads = [threading.Thread(target=_drain, args=(n, s)) for n, s in (("o", proc.stdout), ("e", proc.stderr))]
    for t in threads:
        t.start()
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss / 2**20)
        except psutil.Error:
            pass
        if time.perf_counter() - t0 > timeout:
            killed = "timeout"
        elif peak > mem_mb:
            killed = "memory"
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
        time.sleep(0.02)
    for t in threads:
        t.join()
    return Outcome(proc.returncode, out.get("o", b"").decode("utf-8", "replace"),
                   out.get("e", b"").decode("utf-8", "replace"), time.perf_counter() - t0, peak, killed)


def run_case(case: Case, tmp: Path, timeout: float = 60.0, timed: bool = True) -> tuple[Outcome, list[str]]:
    """Build and run one case; return its outcome and the list of contract failures."""
    tmp.mkdir(parents=True, exist_ok=True)
    argv = case.build(tmp)
    if case.runner:
        o = case.runner(tmp, argv, timeout)
    else:
        o = run_guarded(lessons_argv() + argv, cwd=tmp, timeout=timeout)
    return o, verdict(case, tmp, o, timed=timed)


def verdict(case: Case, tmp: Path, o: Outcome, timed: bool = True) -> list[str]:
    fails = []
    if o.killed:
        fails.append(o.killed)
    elif "Traceback" in o.stderr:
        fails.append("traceback")
    elif case.expect == "error" and o.code != 2:
        fails.append(f"exit {o.code} (expected a refusal)")
    elif case.expect == "ok" and o.code != 0:
        fails.append(f"exit {o.code}: {o.lines[:1]}")
    elif case.expect == "either" and o.code not in (0, 2):
        fails.append(f"exit {o.code}")
    if o.code == 2 and not o.killed:
        if len(o.lines) != 1:
            fails.append(f"{len(o.lines)} lines on stderr")
        elif not o.lines[0].startswith("lessons: error:"):
            fails.append("message does not start 'lessons: error:'")
        else:
            for w in case.says:  # "a|b": either word
                if not any(x in o.lines[0].lower() for x in w.split("|")):
                    fails.append(f"message lacks '{w}'")
    if o.peak_mb > 2048:
        fails.append("over 2 GB")
    if timed and o.seconds > 10 and not o.killed:
        fails.append("over 10 s")
    fails += [f for f in (outputs_leak(tmp),) if f]
    if case.check and not o.killed:
        try:
            r = case.check(tmp, o)
        except Exception as exc:  # a check that crashes is a failure, said in one line
            r = f"check failed: {type(exc).__name__}: {exc}"
        if r:
            fails.append(r)
    return fails


def output_files(tmp: Path):
    for p in tmp.rglob("*"):
        if p.is_file() and not p.is_symlink() and "outside" not in p.relative_to(tmp).parts[:1]:
            if p.suffix in (".csv", ".parquet", ".json", ".png", ".xlsx", ".docx", ".html", ".md", ".pdf") \
                    and any(part.startswith("out") for part in p.relative_to(tmp).parts[:-1]):
                yield p


def outputs_leak(tmp: Path) -> str | None:
    """A failure reason when an output holds the canary or a formula-like cell."""
    for p in output_files(tmp):
        data = p.read_bytes()
        if CANARY.encode() in data:
            return f"outside file read ({p.name})"
        cell = formula_cell(p)
        if cell:
            return f"formula cell in {p.name}: {cell[:30]!r}"
    return None


def _is_number(s: str) -> bool:
    try:
        float(s.replace(",", ""))
        return True
    except ValueError:
        return False


def formula_cell(p: Path) -> str | None:
    cells = []
    if p.suffix == ".csv":
        with open(p, encoding="utf-8-sig", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
    elif p.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(p, read_only=True)
        cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        wb.close()
    for c in cells:
        if c.startswith(FORMULA_START) and not _is_number(c.strip()):
            return c
    return None


def manifest_matches(out: Path) -> str | None:
    """None when every output listed in ``out/manifest.json`` is there with its SHA-256
    and nothing else is beside it."""
    import hashlib

    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = m["outputs"]
    for name, h in listed.items():
        if not (out / name).is_file():
            return f"manifest lists missing {name}"
        if hashlib.sha256((out / name).read_bytes()).hexdigest() != h:
            return f"{name} does not match the manifest"
    extra = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()
                   and str(p.relative_to(out)) not in listed and p.name != "manifest.json")
    return f"files not in the manifest: {extra[:3]}" if extra else None


# ------------------------------------------------------------------ builders


def _ws(tmp: Path) -> Path:
    return tmp / "ws"


def _run(tmp: Path, *more) -> list:
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "out", "--no-themes", "--quiet", *more]


def _outside(tmp: Path, name="secret.txt") -> Path:
    d = tmp / "outside"
    d.mkdir(exist_ok=True)
    p = d / name
    p.write_text(f"ผู้ดำเนินรายการ: รหัสผ่าน {CANARY} root:$6$abc:0:0\n", encoding="utf-8")
    return p


def b_dotdot(tmp):
    _outside(tmp)
    workshop(_ws(tmp), [{"path": "../outside/secret.txt", "kind": "transcript"}])
    return _run(tmp)


def b_dotdot_hidden(tmp):
    _outside(tmp)
    (_ws(tmp) / "sub").mkdir(parents=True)
    workshop(_ws(tmp), [{"path": "./sub/../../outside/secret.txt", "kind": "transcript"}])
    return _run(tmp)


def b_absolute(tmp):
    p = _outside(tmp)
    workshop(_ws(tmp), [{"path": str(p), "kind": "transcript"}])
    return _run(tmp)


def b_symlink_file(tmp):
    p = _outside(tmp, "shadow.txt")
    workshop(_ws(tmp), [{"path": "shadow.txt", "kind": "transcript"}])
    os.symlink(p, _ws(tmp) / "shadow.txt")
    return _run(tmp)


def b_symlink_dir(tmp):
    _outside(tmp)
    workshop(_ws(tmp), [{"path": "linked/secret.txt", "kind": "transcript"}])
    os.symlink(tmp / "outside", _ws(tmp) / "linked")
    return _run(tmp)


def b_codebook_outside(tmp):
    _outside(tmp, "cb.yml")
    workshop(_ws(tmp), extra={"codebook": "../outside/cb.yml"})
    return _run(tmp)


def b_theme_edits_outside(tmp):
    _outside(tmp, "edits.yml")
    workshop(_ws(tmp), extra={"theme_edits": "/" + str(tmp / "outside" / "edits.yml").lstrip("/")})
    return _run(tmp)


def _docx_bomb(path: Path, mb: int, entries: int = 0) -> None:
    """A .docx whose document.xml unzips to ``mb`` megabytes of paragraphs (a few
    hundred kB on disk), optionally with many extra entries."""
    para = "<w:p><w:r><w:t>ล่ามไม่พอ งบเบิกช้า</w:t></w:r></w:p>".encode()
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    tail = b"</w:body></w:document>"
    ct = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            block = para * 4096
            for _ in range(mb * 2**20 // len(block)):
                f.write(block)
            f.write(tail)
        for i in range(entries):
            z.writestr(f"word/media/x{i}.xml", b"")


def b_docx_bomb(tmp):
    workshop(_ws(tmp), [{"path": "g.docx", "kind": "transcript"}])
    _docx_bomb(_ws(tmp) / "g.docx", 400)
    return _run(tmp)


def b_docx_entries(tmp):
    workshop(_ws(tmp), [{"path": "g.docx", "kind": "transcript"}])
    _docx_bomb(_ws(tmp) / "g.docx", 1, entries=60_000)
    return _run(tmp)


def _xlsx_rows(path: Path, rows: int) -> None:
    """An .xlsx whose one sheet has ``rows`` rows (small on disk)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["ปัญหาที่พบ"])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\xe0\xb8\x9b\xe0\xb8\xb1\xe0\xb8\x8d\xe0\xb8\xab\xe0\xb8\xb2\xe0\xb8\x97\xe0\xb8\xb5\xe0\xb9\x88\xe0\xb8\x9e\xe0\xb8\x9a</t></is></c></row>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            if n != "xl/worksheets/sheet1.xml":
                z.writestr(n, d)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head)
            buf = []
            for r in range(2, rows + 2):
                buf.append(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>')
                if len(buf) == 10000:
                    f.write(b"".join(buf))
                    buf = []
            f.write(b"".join(buf) + b"</sheetData></worksheet>")


def b_xlsx_rows(tmp):
    workshop(_ws(tmp), [{"path": "f.xlsx", "kind": "feedback", "columns": {"ปัญหาที่พบ": "text"}}])
    _xlsx_rows(_ws(tmp) / "f.xlsx", 1_500_000)
    return _run(tmp)


def b_long_line(tmp):
    workshop(_ws(tmp))
    with open(_ws(tmp) / "g1.txt", "a", encoding="utf-8") as f:
        f.write("ผู้เข้าร่วม 6: " + "ล่ามไม่พอ งบเบิกช้า " * 1_100_000 + "\n")  # ~ 21 M characters
    return _run(tmp)


def b_long_cell(tmp):
    workshop(_ws(tmp))
    write_csv(_ws(tmp) / "feedback.csv", FEEDBACK + [["ระยอง", "ล่ามไม่พอ" * 400_000, "ไม่มี"]])
    return _run(tmp)


def b_yaml_bomb(tmp):
    items = ['&a ["ล่าม","ล่าม","ล่าม","ล่าม","ล่าม","ล่าม","ล่าม","ล่าม","ล่าม"]']
    for i, n in enumerate("bcdefghi"):
        items.append(f"&{n} [" + ",".join([f"*{'abcdefghi'[i]}"] * 9) + "]")
    # the anchors live inside a known key: validating (or printing) it would expand 9**9 values
    doc = "provinces: [" + ", ".join(items) + "]\nfiles: [{path: g1.txt, kind: transcript}]\n"
    workshop(_ws(tmp), raw_yaml=doc)
    return _run(tmp)


def b_yaml_huge(tmp):
    workshop(_ws(tmp), raw_yaml="title: t\nnotes: '" + "ก" * 3_000_000 + "'\nfiles: [{path: g1.txt, kind: transcript}]\n")
    return _run(tmp)


def b_all_placeholders(tmp):
    workshop(_ws(tmp), [{"path": "p.csv", "kind": "feedback", "columns": {"ปัญหา": "text"}},
                        {"path": "p.txt", "kind": "transcript"}])
    write_csv(_ws(tmp) / "p.csv", [["ปัญหา"]] + [[v] for v in ("-", "ไม่มี", "N/A", "-", "–", ".")])
    (_ws(tmp) / "p.txt").write_text("-\nไม่มี\n-\n", encoding="utf-8")
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "out", "--quiet"]


def b_cp874_themes(tmp):
    workshop(_ws(tmp))
    (_ws(tmp) / "g1.txt").write_bytes(TRANSCRIPT.encode("cp874"))
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "out", "--quiet"]


def b_utf16_themes(tmp):
    workshop(_ws(tmp))
    (_ws(tmp) / "g1.txt").write_bytes(TRANSCRIPT.encode("utf-16-le"))
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "out", "--quiet"]


def b_random_bytes_cp874(tmp):
    import random

    rnd = random.Random(8)
    ok = [b for b in range(0xA1, 0xFB) if b not in (0xDB, 0xDC, 0xDD, 0xDE)]
    workshop(_ws(tmp))
    (_ws(tmp) / "g1.txt").write_bytes(bytes(rnd.choice(ok) for _ in range(20000)))
    return _run(tmp)


def b_random_bytes_utf16(tmp):
    import random

    rnd = random.Random(9)
    data = bytearray()
    for _ in range(8000):
        data += bytes([rnd.randrange(256), 0])  # looks like UTF-16-LE, is noise
    workshop(_ws(tmp))
    (_ws(tmp) / "g1.txt").write_bytes(bytes(data))
    return _run(tmp)


def b_control_chars(tmp):
    workshop(_ws(tmp))
    (_ws(tmp) / "g1.txt").write_text("".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) * 300, encoding="utf-8")
    return _run(tmp)


def b_out_is_file(tmp):
    workshop(_ws(tmp))
    (tmp / "out").write_text("keep me", encoding="utf-8")
    return _run(tmp)


def b_out_below_file(tmp):
    workshop(_ws(tmp))
    (tmp / "outfile").write_text("keep me", encoding="utf-8")
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "outfile" / "sub", "--no-themes", "--quiet"]


def b_out_is_input(tmp):
    workshop(_ws(tmp))
    (_ws(tmp) / "counts.csv").write_text("an input named counts.csv\n", encoding="utf-8")
    return ["run", _ws(tmp) / "workshop.yml", "--out", _ws(tmp), "--no-themes", "--quiet"]


def b_out_inside_input(tmp):
    workshop(_ws(tmp))
    return ["run", _ws(tmp) / "workshop.yml", "--out", _ws(tmp) / "out", "--no-themes", "--quiet"]


def b_out_parent_of_input(tmp):
    workshop(_ws(tmp))
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp, "--no-themes", "--quiet"]


def b_out_root(tmp):
    workshop(_ws(tmp))
    return ["run", _ws(tmp) / "workshop.yml", "--out", "/", "--no-themes", "--quiet"]


def b_out_etc(tmp):
    workshop(_ws(tmp))
    return ["run", _ws(tmp) / "workshop.yml", "--out", "/etc", "--no-themes", "--quiet"]


def b_out_not_ours(tmp):
    workshop(_ws(tmp))
    (tmp / "out").mkdir()
    (tmp / "out" / "thesis.docx").write_bytes(b"someone's work")
    return _run(tmp)


def _root_untouched(tmp, o):
    return None if not Path("/statements.parquet").exists() else "wrote into /"


def _etc_untouched(tmp, o):
    return None if not Path("/etc/statements.parquet").exists() else "wrote into /etc"


def _input_kept(tmp, o):
    p = _ws(tmp) / "counts.csv"
    return None if p.read_text(encoding="utf-8") == "an input named counts.csv\n" else "input counts.csv overwritten"


def _file_kept(name):
    def check(tmp, o):
        return None if (tmp / name).read_text(encoding="utf-8") == "keep me" else f"{name} changed"
    return check


def _not_ours_kept(tmp, o):
    return None if (tmp / "out" / "thesis.docx").read_bytes() == b"someone's work" else "a file in --out was lost"


def b_stale(tmp):
    workshop(_ws(tmp))
    out = tmp / "out"
    r = run_guarded(lessons_argv() + _run(tmp), cwd=tmp)
    assert r.code == 0, r.stderr
    (out / "crosstab_old.csv").write_text("from an earlier run\n", encoding="utf-8")
    (out / "old").mkdir()
    (out / "old" / "x.csv").write_text("from an earlier run\n", encoding="utf-8")
    return _run(tmp)


def _owned(tmp, o):
    out = tmp / "out"
    if not (out / "manifest.json").exists():
        return "no manifest"
    leftovers = [p.name for p in tmp.iterdir() if "staging" in p.name or p.name.startswith(".out")]
    if leftovers:
        return f"left behind: {leftovers}"
    return manifest_matches(out)


def _concurrent(tmp, argv, timeout):
    base = lessons_argv()
    a = ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "out", "--no-themes", "--quiet"]
    b = ["run", _ws(tmp) / "workshop2.yml", "--out", tmp / "out", "--no-themes", "--quiet"]
    import concurrent.futures as cf

    with cf.ThreadPoolExecutor(2) as ex:
        fa = ex.submit(run_guarded, base + a, tmp, timeout)
        fb = ex.submit(run_guarded, base + b, tmp, timeout)
        oa, ob = fa.result(), fb.result()
    code = 0 if oa.code == ob.code == 0 else (oa.code or ob.code)
    return Outcome(code, oa.stdout + ob.stdout, oa.stderr + ob.stderr, max(oa.seconds, ob.seconds),
                   max(oa.peak_mb, ob.peak_mb), oa.killed or ob.killed)


def b_concurrent(tmp):
    workshop(_ws(tmp))
    doc = yaml.safe_load((_ws(tmp) / "workshop.yml").read_text(encoding="utf-8"))
    doc["files"] = doc["files"][:1]
    (_ws(tmp) / "workshop2.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return []


def _killed(tmp, argv, timeout):
    """Kill runs at several moments; after each, the folder is the previous complete
    run or the new one, never a mix; the next run leaves no staging folder."""
    base = lessons_argv()
    argv = _run(tmp)
    first = run_guarded(base + argv, tmp, timeout)
    if first.code != 0:
        return first
    problems = []
    for delay in (0.3, 0.8, 1.2, 1.6, 2.0, 2.4, 3.0):
        p = subprocess.Popen([str(a) for a in base + argv], cwd=tmp, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        bad = manifest_matches(tmp / "out") if (tmp / "out" / "manifest.json").exists() else "no manifest after kill"
        if bad:
            problems.append(f"after kill at {delay}s: {bad}")
    last = run_guarded(base + argv, tmp, timeout)
    left = [p.name for p in tmp.iterdir() if "staging" in p.name or p.name.startswith(".out")]
    if left:
        problems.append(f"left behind: {left}")
    return Outcome(last.code, last.stdout, last.stderr + "".join(f"\nKILL: {x}" for x in problems) if problems else last.stderr,
                   last.seconds, last.peak_mb, last.killed)


def _no_kill_problems(tmp, o):
    bad = [ln for ln in o.stderr.splitlines() if ln.startswith("KILL:")]
    return bad[0] if bad else None


def b_twice(tmp):
    workshop(_ws(tmp), [{"path": "g1.txt", "kind": "transcript"}, {"path": "g1.txt", "kind": "transcript"}])
    return _run(tmp)


def b_twice_spelled(tmp):
    workshop(_ws(tmp), [{"path": "g1.txt", "kind": "transcript"}, {"path": "./g1.txt", "kind": "transcript"}])
    return _run(tmp)


def b_hardlink(tmp):
    workshop(_ws(tmp), [{"path": "g1.txt", "kind": "transcript"}, {"path": "old/g1.txt", "kind": "transcript"}])
    (_ws(tmp) / "old").mkdir()
    os.link(_ws(tmp) / "g1.txt", _ws(tmp) / "old" / "g1.txt")
    return _run(tmp)


def b_twice_copy(tmp):
    workshop(_ws(tmp), [{"path": "g1.txt", "kind": "transcript"}, {"path": "copy.txt", "kind": "transcript"}])
    (_ws(tmp) / "copy.txt").write_text(TRANSCRIPT, encoding="utf-8")
    return _run(tmp)


def b_seed(value):
    def build(tmp):
        workshop(_ws(tmp))
        return _run(tmp, "--seed", value)
    return build


def b_k_too_big(tmp):
    workshop(_ws(tmp))
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "out", "--quiet", "--k", "500"]


def b_schema(doc_yaml: str):
    def build(tmp):
        workshop(_ws(tmp), raw_yaml=doc_yaml)
        return _run(tmp)
    return build


FORMULAS = ['=HYPERLINK("http://example.invalid","คลิก")', "+cmd|' /C calc'!A0", "@SUM(1+9)", "=1+2",
            "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def b_formulas(tmp):
    rows = [["จังหวัด", "กลุ่ม", "ปัญหาที่พบ", "ข้อเสนอแนะ"]]
    for i, f in enumerate(FORMULAS):
        rows.append([f, f, f"{f} ล่ามไม่พอ", f])
    rows += [[r[0], "1", r[1], r[2]] for r in FEEDBACK[1:]]
    workshop(_ws(tmp), [
        {"path": "g1.txt", "kind": "transcript"},
        {"path": "f.csv", "kind": "feedback",
         "columns": {"จังหวัด": "province", "กลุ่ม": "group", "ปัญหาที่พบ": "text:obstacles", "ข้อเสนอแนะ": "text:suggestions"}}])
    write_csv(_ws(tmp) / "f.csv", rows)
    with open(_ws(tmp) / "g1.txt", "a", encoding="utf-8") as f:
        for x in FORMULAS:
            f.write(f"{x.strip()}: ล่ามไม่พอจริง ๆ\nผู้เข้าร่วม 9: {x.strip()}\n")
    return ["run", _ws(tmp) / "workshop.yml", "--out", tmp / "out", "--quiet"]


def b_formulas_themes(tmp):
    tmp.mkdir(parents=True, exist_ok=True)
    rows = [["id", "ข้อความ"]] + [[f, f"{f} ล่ามไม่พอ"] for f in FORMULAS] + [[f"r{i}", r[1]] for i, r in enumerate(FEEDBACK[1:])]
    write_csv(tmp / "t.csv", rows)
    return ["themes", tmp / "t.csv", "--text-column", "ข้อความ", "--id-column", "id", "--out", tmp / "out", "--quiet"]


def b_bare_cr(tmp):
    tmp.mkdir(parents=True, exist_ok=True)
    rows = [["ข้อความ"]] + [[f"ล่ามไม่พอ\rต้องรอข้ามวัน {i}"] for i in range(6)] + [[r[1]] for r in FEEDBACK[1:]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)  # as a spreadsheet exports it: the CR quoted
    (tmp / "t.csv").write_bytes(buf.getvalue().encode("utf-8"))
    return ["themes", tmp / "t.csv", "--text-column", "ข้อความ", "--out", tmp / "out", "--quiet"]


def _cr_quoted(tmp, o):
    import pandas as pd

    for name in ("assignments.csv", "themes.csv"):
        raw = (tmp / "out" / name).read_bytes().decode("utf-8-sig")
        if not _cr_inside_quotes(raw):  # a spreadsheet would break the row at a bare CR
            return f"{name}: bare CR outside quotes"
    a = pd.read_csv(tmp / "out" / "assignments.csv", encoding="utf-8-sig")
    return None if len(a) == 14 else f"assignments.csv has {len(a)} rows, expected 14"


def _cr_inside_quotes(raw: str) -> bool:
    inside = False
    for i, ch in enumerate(raw):
        if ch == '"':
            inside = not inside
        elif ch == "\r" and not inside and raw[i + 1:i + 2] != "\n":
            return False
    return True


def _quiet_is_quiet(tmp, o):
    return None if not o.stderr.strip() else f"stderr under --quiet: {o.lines[0][:60]!r}"


def b_quiet(tmp):
    tmp.mkdir(parents=True, exist_ok=True)
    rows = [["ข้อความ"]] + [[r[1]] for r in FEEDBACK[1:]] + [["ล่ามไม่พอ"], ["ล่ามไม่พอ"], ["ล่ามไม่พอ"]]
    write_csv(tmp / "t.csv", rows)
    return ["themes", tmp / "t.csv", "--text-column", "ข้อความ", "--out", tmp / "out", "--quiet"]


def b_themes_out_is_input_folder(tmp):
    tmp.mkdir(parents=True, exist_ok=True)
    write_csv(tmp / "t.csv", [["ข้อความ"]] + [[r[1]] for r in FEEDBACK[1:]])
    return ["themes", tmp / "t.csv", "--text-column", "ข้อความ", "--out", tmp, "--quiet"]


def _table_kept(tmp, o):
    return None if (tmp / "t.csv").exists() else "input table lost"


CASES: list[Case] = [
    # a workshop is its folder
    Case("path ../ out of the folder", "outside", b_dotdot, says=("outside the workshop folder",)),
    Case("path ./sub/../../ out of the folder", "outside", b_dotdot_hidden, says=("outside the workshop folder",)),
    Case("absolute path", "outside", b_absolute, says=("absolute path",)),
    Case("symlink to a file outside", "outside", b_symlink_file, says=("symbolic link|outside",)),
    Case("symlinked folder pointing outside", "outside", b_symlink_dir, says=("symbolic link|outside",)),
    Case("codebook outside", "outside", b_codebook_outside, says=("codebook",)),
    Case("theme_edits absolute", "outside", b_theme_edits_outside, says=("theme_edits",)),
    # limits
    Case("docx unzipping to 400 MB", "limits", b_docx_bomb, says=("g.docx", "mb")),
    Case("docx with 60,000 zip entries", "limits", b_docx_entries, says=("g.docx", "entries")),
    Case("xlsx with 1.5 million rows", "limits", b_xlsx_rows, says=("f.xlsx", "rows")),
    Case("21 M-character line in a .txt", "limits", b_long_line, expect="ok",
         check=lambda tmp, o: _excluded_with(tmp, "g1.txt", "characters")),
    Case("3 M-character CSV cell", "limits", b_long_cell, expect="ok",
         check=lambda tmp, o: _excluded_with(tmp, "feedback.csv", "characters")),
    Case("YAML anchor bomb", "limits", b_yaml_bomb, says=("workshop.yml",)),
    Case("YAML over 2 MB", "limits", b_yaml_huge, says=("workshop.yml", "bytes")),
    # one line, always
    Case("every cell a placeholder", "one line", b_all_placeholders, says=("nothing to analyse",)),
    Case("cp874 transcript, themes on", "one line", b_cp874_themes, expect="ok", themes=True),
    Case("UTF-16 transcript without BOM, themes on", "one line", b_utf16_themes, expect="ok", themes=True),
    Case("--out an existing file", "one line", b_out_is_file, says=("--out",), check=_file_kept("out")),
    Case("--out below a file", "one line", b_out_below_file, says=("--out",), check=_file_kept("outfile")),
    Case("--seed -1", "one line", b_seed("-1"), says=("--seed",)),
    Case("--seed 2**70", "one line", b_seed(str(2**70)), says=("--seed",)),
    Case("columns: as a list", "one line", b_schema(
        "files: [{path: feedback.csv, kind: feedback, columns: [ปัญหาที่พบ, text]}]\n"), says=("columns",)),
    Case("columns: as a string", "one line", b_schema(
        "files: [{path: feedback.csv, kind: feedback, columns: ปัญหาที่พบ}]\n"), says=("columns",)),
    Case("group: .inf", "one line", b_schema("files: [{path: g1.txt, kind: transcript, group: .inf}]\n"), says=("group",)),
    Case("group: huge", "one line", b_schema("files: [{path: g1.txt, kind: transcript, group: 99999999999999999999999}]\n"),
         says=("group",)),
    Case("header_row: .inf", "one line", b_schema(
        "files: [{path: feedback.csv, kind: feedback, header_row: .inf, columns: {ปัญหาที่พบ: text}}]\n"), says=("header_row",)),
    Case("key_issues: a list", "one line", b_schema("key_issues: [a, b]\nfiles: [g1.txt]\n"), says=("key_issues",)),
    Case("date: 2566-02-30 (impossible)", "one line", b_schema("date: 2566-02-30\nfiles: [g1.txt]\n"),
         says=("workshop.yml", "line 1")),
    Case("key_issues: non-numeric keys", "one line", b_schema("key_issues: {สอง: x}\nfiles: [g1.txt]\n"), says=("key_issues",)),
    # formulas
    Case("formula cells in run outputs", "formulas", b_formulas, expect="ok", themes=True),
    Case("formula cells in themes outputs", "formulas", b_formulas_themes, expect="ok", themes=True),
    # outputs owned by the run
    Case("--out the input folder", "outputs", b_out_is_input, says=("--out",), check=_input_kept),
    Case("--out inside the input folder", "outputs", b_out_inside_input, says=("--out",)),
    Case("--out a parent of the input folder", "outputs", b_out_parent_of_input, says=("--out",)),
    Case("--out /", "outputs", b_out_root, says=("--out",), check=_root_untouched),
    Case("--out /etc", "outputs", b_out_etc, says=("--out",), check=_etc_untouched),
    Case("--out a folder holding other files", "outputs", b_out_not_ours, says=("--out",), check=_not_ours_kept),
    Case("stale files of an earlier run", "outputs", b_stale, expect="ok", check=_owned),
    Case("two concurrent runs, one folder", "outputs", b_concurrent, expect="ok", check=_owned, runner=_concurrent),
    Case("runs killed at 7 moments", "outputs", lambda tmp: workshop(_ws(tmp)) and [], expect="ok",
         check=lambda tmp, o: _no_kill_problems(tmp, o) or _owned(tmp, o), runner=_killed),
    Case("themes --out the table's folder", "outputs", b_themes_out_is_input_folder, says=("--out",), check=_table_kept),
    # inputs checked for sense
    Case("the same file twice", "sense", b_twice, says=("twice",)),
    Case("t.txt and ./t.txt", "sense", b_twice_spelled, says=("twice",)),
    Case("the same file through a hard link", "sense", b_hardlink, says=("twice",)),
    Case("two files with identical content", "sense", b_twice_copy, says=("same content",)),
    Case("random bytes that decode as TIS-620", "sense", b_random_bytes_cp874, says=("g1.txt", "text")),
    Case("random bytes that look like UTF-16", "sense", b_random_bytes_utf16, says=("g1.txt", "text")),
    Case("control characters only", "sense", b_control_chars, says=("g1.txt",)),
    Case("bare CR inside cells", "sense", b_bare_cr, expect="ok", check=_cr_quoted, themes=True),
    Case("--k above the number of texts", "sense", b_k_too_big, says=("--k",), themes=True),
    Case("no warnings under --quiet", "sense", b_quiet, expect="ok", check=_quiet_is_quiet, themes=True),
]


def _excluded_with(tmp: Path, source: str, word: str) -> str | None:
    import pandas as pd

    ex = pd.read_csv(tmp / "out" / "excluded.csv", encoding="utf-8-sig")
    hit = ex[(ex.source_file == source) & ex.reason.str.contains(word)]
    return None if len(hit) else f"no unit of {source} excluded for '{word}'"
