"""Build the ministry's report (:class:`~lessons.report.model.Report`) from a run's saved
outputs: ``manifest.json``, ``themes.csv``, ``swot.csv``, ``plans.csv``,
``good_practice.csv``, the cross-tabs, the data accounting and the word cloud. Nothing is
recomputed, so ``lessons report OUT_DIR`` re-renders after a theme edit or a new template
in seconds, and the same outputs always give the same report."""
from __future__ import annotations
from ..config import offline as _offline

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from ..errors import InputError
from . import figures
from .model import Bullets, Code, Figure, Paragraph, Quote, Report, Section, Table

QUADRANTS = {"S": "จุดแข็ง (Strengths)", "W": "จุดอ่อน (Weaknesses)", "O": "โอกาส (Opportunities)",
             "T": "อุปสรรค/ภัยคุกคาม (Threats)"}
HORIZON_TH = {3: "ระยะสั้น (๓ เดือน)", 6: "ระยะกลาง (๖ เดือน)", 12: "ระยะยาว (๑ ปี)"}
REDACTION_TH = {"name": "ชื่อบุคคล", "phone": "หมายเลขโทรศัพท์", "national_id": "เลขประจำตัวประชาชน",
                "address": "ที่อยู่", "line": "LINE ID", "email": "อีเมล", "passport": "เลขหนังสือเดินทาง",
                "plate": "ทะเบียนรถ", "bank": "เลขบัญชีธนาคาร", "url": "ลิงก์ส่วนบุคคล", "age": "อายุ"}
SOURCE_TH = {"transcript": "บันทึกการประชุมกลุ่ม", "feedback": "แบบสอบถาม", "swot": "ตาราง SWOT",
             "action_plan": "แผนปฏิบัติการ", "participants": "รายชื่อผู้เข้าร่วม (นับจำนวนเท่านั้น)",
             "notes": "บันทึกบนกระดาษฟลิปชาร์ต"}
REASON_TH = [  # (how an excluded.csv reason starts, how the report says it)
    ("empty", "ช่องว่าง"), ("placeholder", "ข้อความแทนช่องว่าง เช่น '-' หรือ 'ไม่มี'"),
    ("exact duplicate", "ข้อความซ้ำกับหน่วยก่อนหน้า"), ("heading", "หัวข้อ"), ("title", "ชื่อเรื่อง"),
    ("preamble", "ส่วนนำก่อนหัวข้อแรก (ชื่อเรื่อง ข้อมูลการประชุม)"), ("table header", "หัวตาราง"),
    ("table rule", "เส้นตาราง"), ("key-issue number column", "คอลัมน์เลขประเด็นหลัก"),
    ("row label column", "คอลัมน์ชื่อแถว"), ("date line", "บรรทัดวันที่"), ("time mark", "เวลากำกับ"),
    ("separator line", "เส้นคั่น"), ("annotation", "หมายเหตุของผู้จด (ไม่ใช่คำพูด)"),
    ("no thai or latin letters", "ไม่มีตัวอักษร"), ("merged cell", "ช่องที่ผสานกับช่องก่อนหน้า"),
    ("no swot header", "แผ่นงานที่ไม่มีหัวตาราง SWOT"), ("values outside", "ค่านอกคอลัมน์ของหัวตาราง"),
]
TOP = 10  # rows per table in the document; the workbook holds every row
STABLE = 0.5  # a theme less stable than this is marked, and left out of the executive summary
_PLACE_TH = {"line": "บรรทัด", "lines": "บรรทัด", "paragraph": "ย่อหน้า", "row": "แถว", "column": "คอลัมน์",
             "sheet": "แผ่นงาน", "table": "ตาราง", "cell": "ช่อง", "section": "ส่วน", "item": "ข้อ"}


def source_th(source: str) -> str:
    """``feedback.xlsx sheet X row 7 column Y`` -> ``feedback.xlsx แผ่นงาน X แถว 7 คอลัมน์ Y``."""
    import re

    return re.sub(r"(?<=\s)(%s)(?=\s)" % "|".join(_PLACE_TH), lambda m: _PLACE_TH[m.group(1)], str(source))


def reason_th(reason: str) -> str:
    r = str(reason).strip().lower()
    return next((th for start, th in REASON_TH if r.startswith(start)), str(reason))


def _stability(x) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def n(x) -> str:
    """A count as the report writes it (``1,234``)."""
    try:
        return f"{int(x):,}"
    except (TypeError, ValueError):
        return str(x)


@_offline
def thai_date(value) -> str:
    """``2565-05-21`` (Buddhist era) or a Gregorian date -> ``21 พฤษภาคม 2565``."""
    from pythainlp.util import thai_strftime

    if value in (None, "", "None"):
        return ""
    s = str(value)
    try:
        y, m, d = (int(p) for p in s[:10].split("-"))
    except ValueError:
        return s
    if y > 2400:
        y -= 543
    try:
        return thai_strftime(dt.datetime(y, m, d), "%-d %B %Y")
    except ValueError:
        return s


class Outputs:
    """A run's output folder, read lazily; a missing optional table is an empty one."""

    def __init__(self, out_dir: str | Path):
        self.dir = Path(out_dir)
        mf = self.dir / "manifest.json"
        if not mf.is_file():
            raise InputError(self.dir, "no manifest.json here: this is not the output folder of a lessons run")
        try:
            self.manifest = json.loads(mf.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(mf, f"cannot read the manifest ({type(exc).__name__})") from None
        self._cache: dict[str, pd.DataFrame] = {}

    def csv(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            p = self.dir / f"{name}.csv"
            if not p.is_file():
                self._cache[name] = pd.DataFrame()
            else:
                df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
                self._cache[name] = df.apply(lambda c: c.str.replace(r"^'(?=[=+\-@\t\r\n])", "", regex=True))
        return self._cache[name]

    def parquet(self, name: str) -> pd.DataFrame:
        p = self.dir / f"{name}.parquet"
        return pd.read_parquet(p) if p.is_file() else pd.DataFrame()

    def num(self, name: str, cols: list[str]) -> pd.DataFrame:
        df = self.csv(name).copy()
        for c in cols:
            if c in df:
                df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0).astype(int)
        return df


def _key_issue_label(ws: dict, k) -> str:
    labels = ws.get("key_issues") or {}
    lab = labels.get(str(k))
    return f"ประเด็นที่ {k} {lab}" if lab else (f"ประเด็นที่ {k}" if str(k) not in ("", "nan", "None") else
                                                "ไม่ระบุประเด็นหลัก")


def _key_issues(o: Outputs) -> list[str]:
    ws = o.manifest.get("workshop", {})
    found = set(ws.get("key_issues") or {})
    for t in ("swot", "plans", "good_practice", "themes"):
        df = o.csv(t)
        if "key_issue" in df:
            found |= {k for k in df["key_issue"] if k and k.isdigit()}
    return sorted(found, key=int)


def build_report(out_dir: str | Path) -> Report:
    o = Outputs(out_dir)
    m = o.manifest
    ws = m.get("workshop", {})
    themes = o.num("themes", ["size", "statements", "obstacles", "groups", "provinces", "nearest"])
    swot = o.num("swot", ["statements", "groups", "provinces"])
    plans = o.num("plans", ["statements", "groups", "provinces"])
    gp = o.num("good_practice", ["statements", "groups", "provinces", "rank"])
    part = o.num("participation", ["participants"])
    title = ws.get("title") or "รายงานผลการถอดบทเรียน"
    tot = m.get("totals", {})
    n_part = int(part["participants"].sum()) if len(part) else int(tot.get("participants") or 0)
    provinces = ws.get("provinces") or sorted({p for p in part.get("province", []) if p})
    groups = ws.get("groups")
    n_groups = groups if isinstance(groups, int) else (len(groups) if groups else "")
    cover = [(lab, val) for lab, val in [
        ("หน่วยงานผู้จัด", ws.get("organiser") or ""),
        ("วันที่", thai_date(ws.get("date"))),
        ("สถานที่", ws.get("venue") or ""),
        ("ภูมิภาค", ws.get("region") or ""),
        ("ผู้เข้าร่วม", f"{n(n_part)} คน" if n_part else ""),
        ("จังหวัด", f"{n(len(provinces))} จังหวัด: {' '.join(provinces)}" if provinces else ""),
        ("กลุ่มย่อย", f"{n(n_groups)} กลุ่ม" if n_groups else ""),
    ] if val]
    notice = ("ข้อมูลในรายงานนี้เป็นข้อมูลสมมติ (ตัวอย่างสังเคราะห์) ใช้เพื่อสาธิตเครื่องมือเท่านั้น "
              "ไม่ใช่ผลการประชุมจริง") if ws.get("synthetic") else ""
    r = Report(title=title, cover=cover, notice=notice)
    kis = _key_issues(o)
    r.sections.append(_summary(o, themes, gp, n_part, provinces, n_groups))
    r.sections.append(_method(o, ws, themes, swot, plans, gp))
    for part_ in (_findings(o, ws, kis, themes, swot, gp), _good_practice(ws, kis, gp) if len(gp) else [],
                  _plans(ws, kis, plans, gp) if len(plans) else [], _figures(o, themes, part)):
        if part_:
            head, subs = part_[0], part_[1:]
            head.blocks += subs  # key issues nest under their part: the table of contents lists the parts
            if head.blocks:
                r.sections.append(head)
    r.sections.append(_appendix(o))
    _sheets(r, o, themes, swot, plans, gp)
    return r


# ---------------------------------------------------------------- sections
def _obstacle_themes(themes: pd.DataFrame) -> pd.DataFrame:
    """Themes holding obstacles, the stable ones first, then by groups, provinces, clauses."""
    if themes.empty:
        return themes
    t = themes[(themes["theme_id"] != "other") & (themes["obstacles"] > 0)].copy()
    t["_unstable"] = [(_stability(x) is not None and _stability(x) < STABLE) for x in t["stability"]]
    t = t.sort_values(["_unstable", "groups", "provinces", "obstacles"], ascending=[True, False, False, False],
                      kind="stable")
    return t.drop(columns="_unstable")


def _summary(o, themes, gp, n_part, provinces, n_groups) -> Section:
    s = Section("บทสรุปผู้บริหาร", anchor="summary")
    tot = o.manifest.get("totals", {})
    ws = o.manifest.get("workshop", {})
    s.add(Paragraph(
        f"{ws.get('title') or 'การประชุม'} จัดขึ้นเมื่อวันที่ {thai_date(ws.get('date'))} "
        + (f"มีผู้เข้าร่วม {n(n_part)} คน " if n_part else "")
        + (f"จาก {n(len(provinces))} จังหวัด " if provinces else "")
        + (f"แบ่งเป็น {n(n_groups)} กลุ่มย่อย " if n_groups else "")
        + f"รายงานนี้สรุปจากข้อความ {n(tot.get('statements', 0))} ข้อความในบันทึกการประชุม แบบสอบถาม "
          "ตาราง SWOT และแผนปฏิบัติการ ซึ่งลบข้อมูลส่วนบุคคลออกก่อนการวิเคราะห์"))
    ot = _obstacle_themes(themes)
    if len(ot):
        ot = ot[[(_stability(x) is None or _stability(x) >= STABLE) for x in ot["stability"]]].head(5)
    if len(ot):
        s.add(Paragraph("ปัญหาและอุปสรรคที่พบซ้ำมากที่สุด"))
        s.add(Bullets([f"{t.label} — {n(t.groups)} กลุ่ม {n(t.provinces)} จังหวัด ({n(t.obstacles)} ข้อความ)"
                       for t in ot.itertuples()]))
    if len(gp):
        top = gp.sort_values(["groups", "provinces", "statements"], ascending=False, kind="stable")
        for typ, head in (("strength", "แนวทางที่กลุ่มระบุว่าได้ผล (Good Practice)"),
                          ("suggestion", "ข้อเสนอแนะหลัก")):
            t = top[top["type"] == typ].head(5)
            if len(t):
                s.add(Paragraph(head))
                s.add(Bullets([f"{x.practice} — {n(x.groups)} กลุ่ม {n(x.provinces)} จังหวัด" for x in t.itertuples()]))
    return s


def _method(o, ws, themes, swot, plans, gp) -> Section:
    s = Section("ความเป็นมา วัตถุประสงค์ และวิธีการ", anchor="method")
    if ws.get("background"):
        s.add(Section("ความเป็นมา", 2))
        s.add(Paragraph(str(ws["background"])))
    if ws.get("objectives"):
        s.add(Paragraph("วัตถุประสงค์"))
        s.add(Bullets([str(x) for x in ws["objectives"]]))
    tot = o.manifest.get("totals", {})
    red = o.manifest.get("redactions", {})
    counts = o.num("counts", ["units_in", "statements", "excluded"])
    kinds = sorted({SOURCE_TH.get(k, k) for k in counts.get("kind", [])})
    n_red = sum(int(v) for v in red.values())
    s.add(Paragraph(
        f"ข้อมูลที่ใช้ ได้แก่ {' '.join(kinds)} รวม {n(len(counts))} ไฟล์ อ่านได้ {n(tot.get('units_in', 0))} หน่วยข้อความ "
        f"(ย่อหน้า คำพูดในบันทึก คำตอบในแบบสอบถาม ข้อความในตาราง) วิเคราะห์ได้ {n(tot.get('statements', 0))} ข้อความ "
        f"และไม่นำมาวิเคราะห์ {n(tot.get('excluded', 0))} หน่วย เช่น ช่องว่าง หัวข้อ หรือข้อความซ้ำ "
        "(เหตุผลแต่ละหน่วยอยู่ในภาคผนวกและในไฟล์ excluded.csv)"))
    s.add(Paragraph(
        f"ก่อนวิเคราะห์ ข้อมูลส่วนบุคคล เช่น ชื่อบุคคล หมายเลขโทรศัพท์ และเลขประจำตัวประชาชน ถูกแทนที่ด้วยเครื่องหมาย "
        f"เช่น [ชื่อ] รวม {n(n_red)} จุด รายงานนี้ไม่มีข้อมูลส่วนบุคคลที่แท้จริง"))
    n_other = int(themes.loc[themes["theme_id"] == "other", "size"].sum()) if len(themes) else 0
    n_code = int((themes["source"] == "codebook").sum()) if len(themes) else 0
    n_disc = int((themes["source"] == "discovered").sum()) if len(themes) else 0
    if len(themes):
        s.add(Paragraph(
            f"ข้อความถูกตัดคำภาษาไทยด้วยพจนานุกรมเฉพาะงาน แบ่งเป็นประโยคย่อย {n(tot.get('clauses', 0))} ประโยค "
            "แล้วจำแนกเป็นปัญหา/อุปสรรค ข้อเสนอแนะ หรือจุดแข็ง และจัดกลุ่มเป็นประเด็นตามเนื้อหา "
            f"ได้ {n(n_code)} ประเด็นตามกรอบการวิเคราะห์ (codebook) และ {n(n_disc)} ประเด็นที่พบเพิ่มจากข้อมูล "
            f"ประโยคที่ไม่เข้ากับประเด็นใดอยู่ในกลุ่ม 'อื่น ๆ' ({n(n_other)} ประโยค) "
            "ความเสถียรของแต่ละประเด็น (0–1) วัดจากการจัดกลุ่มซ้ำบนข้อมูลที่สุ่มใหม่"))
    if len(swot) or len(plans) or len(gp):
        s.add(Paragraph(
            "ข้อความในตาราง SWOT แผนปฏิบัติการ และแนวทางปฏิบัติที่มีความหมายเดียวกันจากหลายกลุ่มถูกรวมเป็นรายการเดียว "
            "โดยใช้ความคล้ายของเนื้อหา ไม่ใช่ถ้อยคำที่ตรงกัน แต่ละรายการแสดงถ้อยคำตัวแทน จำนวนข้อความ กลุ่ม และจังหวัด "
            "ที่เสนอ และเรียงลำดับตามจำนวนกลุ่มแล้วจึงจำนวนจังหวัด"))
    return s


def _quote_blocks(row, k: int = 3) -> list:
    out = []
    for i in range(1, k + 1):
        q = getattr(row, f"quote_{i}", "") or ""
        if q:
            out.append(Quote(q, source_th(getattr(row, f"quote_{i}_source", "") or "")))
    return out


def _findings(o, ws, kis, themes, swot, gp) -> list[Section]:
    out = [Section("ผลการถอดบทเรียน", anchor="findings")]
    ot = _obstacle_themes(themes)
    for k in kis + [""]:
        sec = Section(_key_issue_label(ws, k), 2)
        tk = ot[ot["key_issue"] == k] if len(ot) else ot
        if len(tk):
            sec.add(Paragraph("ปัญหาและอุปสรรคที่พบ"))
            unstable = [(_stability(t.stability) is not None and _stability(t.stability) < STABLE) for t in tk.itertuples()]
            sec.add(Table(["ประเด็น", "ข้อความ", "กลุ่ม", "จังหวัด", "ความเสถียร"],
                          [[t.label + (" *" if u else ""), n(t.obstacles), n(t.groups), n(t.provinces),
                            f"{_stability(t.stability):.2f}" if _stability(t.stability) is not None else "–"]
                           for t, u in zip(tk.itertuples(), unstable)], numeric={1, 2, 3, 4},
                          widths=[5, 1.3, 1, 1.3, 1.5],
                          caption=f"* ความเสถียรต่ำกว่า {STABLE}: ประเด็นนี้อาจเปลี่ยนไปเมื่อวิเคราะห์ซ้ำ" if any(unstable) else ""))
            for t in [t for t, u in zip(tk.itertuples(), unstable) if not u][:6]:  # the stable ones, with evidence
                sec.add(Section(f"{t.label} ({n(t.groups)} กลุ่ม {n(t.provinces)} จังหวัด)", 3))
                sec.blocks += _quote_blocks(t, 3)
                answers = gp[gp["answers_themes"].str.split("; ").apply(lambda xs, i=t.theme_id: i in xs)] \
                    if len(gp) else gp
                if len(answers):
                    answers = answers.sort_values(["groups", "provinces"], ascending=False, kind="stable").head(3)
                    sec.add(Paragraph("สิ่งที่กลุ่มทำหรือเสนอเพื่อแก้ปัญหานี้"))
                    sec.add(Bullets([f"{a.practice} ({'ได้ผล' if a.type == 'strength' else 'ข้อเสนอ'}, "
                                     f"{n(a.groups)} กลุ่ม)" for a in answers.itertuples()]))
        sk = swot[swot["key_issue"] == k] if len(swot) else swot
        if len(sk):
            sec.add(Paragraph("SWOT ที่รวมจากทุกกลุ่ม"))
            for q, qname in QUADRANTS.items():
                sq = sk[sk["quadrant"] == q]
                if len(sq):
                    more = f" (แสดง {TOP} จาก {n(len(sq))} รายการ)" if len(sq) > TOP else ""
                    sec.add(Table([qname, "ข้อความ", "กลุ่ม", "จังหวัด"],
                                  [[x.item, n(x.statements), n(x.groups), n(x.provinces)] for x in sq.head(TOP).itertuples()],
                                  numeric={1, 2, 3}, widths=[6, 1.3, 1, 1.3], caption=more))
        if len(sec.blocks):
            out.append(sec)
    return out


def _gp_table(sub: pd.DataFrame) -> Table:
    more = f"แสดง {TOP} จาก {n(len(sub))} รายการ" if len(sub) > TOP else ""
    return Table(["ลำดับ", "แนวทาง", "ข้อความ", "กลุ่ม", "จังหวัด"],
                 [[n(x.rank), x.practice, n(x.statements), n(x.groups), n(x.provinces)] for x in sub.head(TOP).itertuples()],
                 numeric={0, 2, 3, 4}, widths=[1.1, 6, 1.3, 1, 1.3], caption=more)


def _good_practice(ws, kis, gp) -> list[Section]:
    out = [Section("แนวทางการปฏิบัติที่ดี (Good Practice)", anchor="good-practice")]
    out[0].add(Paragraph("แนวทางที่กลุ่มระบุว่าได้ผล (จุดแข็ง) และแนวทางที่เสนอ เรียงตามจำนวนกลุ่มแล้วจึงจำนวนจังหวัด "
                         "พร้อมคำพูดสนับสนุนจากต่างกลุ่ม"))
    for k in kis + [""]:
        gk = gp[gp["key_issue"] == k]
        if gk.empty:
            continue
        sec = Section(_key_issue_label(ws, k), 2)
        from ..synthesis import load_steps

        order = list(load_steps()) + [""]  # the process's order: screening, intake and referral, …
        steps = [s for s in order if (gk["step"] == s).any()] + sorted(set(gk["step"]) - set(order))
        for step in steps:
            gs = gk[gk["step"] == step]
            if k == "1" or (step and len(steps) > 1):
                sec.add(Section(f"ขั้นตอน{step}" if step else "ไม่ระบุขั้นตอน", 3))
            for typ, head in (("strength", "สิ่งที่ได้ผล"), ("suggestion", "ข้อเสนอ")):
                g = gs[gs["type"] == typ]
                if len(g):
                    sec.add(Paragraph(head))
                    sec.add(_gp_table(g))
                    top = g.iloc[0]
                    if top["groups"] >= 2:
                        sec.blocks += _quote_blocks(top, 2)
        out.append(sec)
    return out


def _plans(ws, kis, plans, gp) -> list[Section]:
    out = [Section("ข้อเสนอแนะและแผนปฏิบัติการ", anchor="plans")]
    for k in kis + [""]:
        pk = plans[plans["key_issue"] == k] if len(plans) else plans
        if pk.empty:
            continue
        sec = Section(_key_issue_label(ws, k), 2)
        for h in sorted({x for x in pk["horizon_months"]}, key=lambda x: (not x.isdigit(), int(x) if x.isdigit() else 0)):
            ph = pk[pk["horizon_months"] == h]
            sec.add(Paragraph(HORIZON_TH.get(int(h), f"{h} เดือน") if h.isdigit() else "ไม่ระบุระยะเวลา"))
            sec.add(Table(["กิจกรรม/แนวทาง", "หน่วยงานหลัก", "ตัวชี้วัด", "กลุ่ม"],
                          [[x.action, x.lead_agencies, x.indicators, n(x.groups)] for x in ph.itertuples()],
                          numeric={3}, widths=[4.5, 2.2, 3, 1]))
        out.append(sec)
    return out


def _matrix(ct: pd.DataFrame) -> pd.DataFrame | None:
    """A cross-tab read as text: its first column the row labels, the rest counts."""
    if ct.empty:
        return None
    out = ct.copy()
    for c in out.columns[1:]:
        out[c] = pd.to_numeric(out[c], errors="coerce").fillna(0).astype(int)
    return out


def _figures(o, themes, part) -> list[Section]:
    s = Section("ภาพประกอบ", anchor="figures")
    figs = [
        ("prevalence", figures.prevalence(themes) if len(themes) else None,
         "จำนวนข้อความที่เป็นปัญหา/อุปสรรคในแต่ละประเด็น (ไม่รวม 'อื่น ๆ')"),
        ("heatmap_province", figures.heatmap(_matrix(o.csv("crosstab_province")), themes),
         "ประเด็นปัญหา × จังหวัด: จำนวนข้อความ (ไม่รวม 'อื่น ๆ' และข้อความที่ไม่ระบุจังหวัด)"),
        ("participation_province", figures.participation(part, "province"), "ผู้เข้าร่วมแยกตามจังหวัด"),
        ("participation_agency", figures.participation(part, "agency"), "ผู้เข้าร่วมแยกตามหน่วยงาน"),
    ]
    wc = o.dir / "wordcloud.png"
    if wc.is_file():
        figs.append(("wordcloud", wc.read_bytes(), "คำที่พบบ่อยในข้อความทั้งหมด (word cloud)"))
    for name, png, cap in figs:
        if png:
            s.add(Figure(name, png, cap, alt=cap))
    return [s] if s.blocks else []


def _appendix(o) -> Section:
    m = o.manifest
    s = Section("ภาคผนวก: ข้อมูลสำหรับผู้ประเมิน", anchor="appendix")
    p = m.get("parameters", {})
    s.add(Paragraph("พารามิเตอร์ของการวิเคราะห์"))
    s.add(Table(["รายการ", "ค่า"], [[k, str(v)] for k, v in p.items()] +
                [["lessons", m.get("lessons_version", "")], ["Python", m.get("environment", {}).get("python", "")]],
                widths=[2, 5]))
    counts = o.num("counts", ["units_in", "statements", "excluded"])
    if len(counts):
        s.add(Paragraph("การนับข้อมูล: ทุกหน่วยข้อความที่อ่านได้ = วิเคราะห์ + ไม่นำมาวิเคราะห์"))
        rows = [[r.source_file, SOURCE_TH.get(r.kind, r.kind), n(r.units_in), n(r.statements), n(r.excluded)]
                for r in counts.itertuples()]
        rows.append(["รวม", "", n(counts.units_in.sum()), n(counts.statements.sum()), n(counts.excluded.sum())])
        s.add(Table(["ไฟล์", "ประเภท", "อ่านได้", "วิเคราะห์", "ไม่วิเคราะห์"], rows, numeric={2, 3, 4},
                    widths=[3.2, 2.6, 1, 1, 1.2]))
    ex = o.csv("excluded")
    if len(ex):
        rc = ex["reason"].map(reason_th).value_counts()
        s.add(Paragraph("หน่วยข้อความที่ไม่นำมาวิเคราะห์ แยกตามเหตุผล"))
        s.add(Table(["เหตุผล", "จำนวน"], [[k, n(v)] for k, v in rc.items()], numeric={1}, widths=[6, 1]))
    red = m.get("redactions", {})
    if red:
        s.add(Paragraph("ข้อมูลส่วนบุคคลที่ถูกแทนที่ แยกตามประเภท (ไม่แสดงค่า)"))
        s.add(Table(["ประเภท", "จำนวน"], [[REDACTION_TH.get(k, k), n(v)] for k, v in sorted(red.items())],
                    numeric={1}, widths=[6, 1]))
    res = m.get("resources", {})
    if res:
        s.add(Paragraph("พจนานุกรมและแบบจำลองที่ใช้ (รหัสตรวจสอบ SHA-256 สิบสองตัวแรก)"))
        s.add(Table(["ไฟล์", "SHA-256"], [[k, str(v)[:12]] for k, v in res.items()], widths=[4, 2]))
    ins = m.get("inputs", [])
    if ins:
        s.add(Paragraph("ไฟล์นำเข้า (รหัสตรวจสอบ SHA-256 สิบสองตัวแรก ค่าเต็มอยู่ใน manifest.json)"))
        s.add(Table(["ไฟล์", "ประเภท", "SHA-256"], [[i.get("path", ""), i.get("kind", ""), str(i.get("sha256", ""))[:12]]
                                                   for i in ins], widths=[4, 2, 2]))
    pk = m.get("environment", {}).get("packages", {})
    if pk:
        s.add(Paragraph("รุ่นของซอฟต์แวร์"))
        s.add(Table(["แพ็กเกจ", "รุ่น"], [[k, v] for k, v in pk.items()], widths=[3, 2]))
    # the workshop's folder and file, never where this run happened to be started from: the
    # report is the same wherever the inputs and outputs live
    wp = Path(str(m.get("workshop", {}).get("path", "workshop.yml")))
    wpath = "/".join(wp.parts[-2:]) if len(wp.parts) >= 2 else wp.name
    s.add(Paragraph("การวิเคราะห์ซ้ำ: ติดตั้งตาม README แล้วสั่ง"))
    s.add(Code(f"lessons run {wpath} --out <folder> --seed {p.get('seed', '')} --k {p.get('k', 'auto')} "
               f"--engine {p.get('engine', 'nlpo3')}\nlessons report <folder>"))
    return s


def _sheets(r: Report, o: Outputs, themes, swot, plans, gp) -> None:
    """The workbook: every row, where the document shows the top ones."""
    tot = o.manifest.get("totals", {})
    ws = o.manifest.get("workshop", {})
    r.sheets["สรุป"] = pd.DataFrame(
        [["ชื่อการประชุม", ws.get("title", "")], ["วันที่", thai_date(ws.get("date"))]] + list(map(list, r.cover[2:]))
        + [[k, v] for k, v in tot.items()], columns=["รายการ", "ค่า"])
    if len(themes):
        r.sheets["ประเด็น"] = themes
    a = o.parquet("assignments")
    st = o.parquet("statements")
    if len(a):
        agency = st.set_index("statement_id")["agency"] if "agency" in st else None
        q = a.assign(agency=a["statement_id"].map(agency) if agency is not None else "")
        r.sheets["ข้อความ"] = q[[c for c in ["clause_id", "statement_id", "source_file", "location", "group", "province",
                                             "agency", "kind", "theme_label", "theme_id", "key_issue", "text"] if c in q]]
    elif len(st):
        r.sheets["ข้อความ"] = st[[c for c in ["statement_id", "source_file", "location", "group", "province", "agency",
                                              "key_issue", "quadrant", "text"] if c in st]]
    for name, sheet in (("crosstab_province", "ประเด็น×จังหวัด"), ("crosstab_group", "ประเด็น×กลุ่ม")):
        if len(o.csv(name)):
            r.sheets[sheet] = o.csv(name)
    for df, sheet in ((swot, "SWOT"), (plans, "แผนปฏิบัติการ"), (gp, "Good Practice")):
        if len(df):
            r.sheets[sheet] = df
    counts = o.csv("counts")
    if len(counts):
        r.sheets["การนับข้อมูล"] = counts
    ex = o.csv("excluded")
    if len(ex):
        r.sheets["ไม่นำมาวิเคราะห์"] = ex
    red = o.csv("redaction_log")
    if len(red):
        r.sheets["การลบข้อมูลส่วนบุคคล"] = red
