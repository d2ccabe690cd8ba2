"""Issue 11: the ministry's report on the sample and on the three workshops written
independently of this code (``data/heldout/*``).

For each workshop: ``lessons run`` (all five formats), then ``lessons report`` again from the
saved outputs, timed; pages of the PDF, its fonts, whether the DOCX and PDF hold the Thai
headings and every theme title of the executive summary, formula cells in the workbook, and
invented personal values found in any report (``gold/pii.csv``, the same matcher as
``heldout_eval.py``).

    .venv/bin/python bench/report_eval.py [--json FILE] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
LESSONS = str(Path(sys.executable).with_name("lessons"))
HEADINGS = ("บทสรุปผู้บริหาร", "ความเป็นมา วัตถุประสงค์ และวิธีการ", "ผลการถอดบทเรียน", "ภาคผนวก")


def evaluate(workshop: Path, out: Path) -> dict:
    from heldout_eval import leaks, report_texts
    from pypdf import PdfReader

    r = subprocess.run([LESSONS, "run", str(workshop), "--out", str(out), "--quiet"], capture_output=True, text=True)
    res = {"workshop": workshop.parent.name, "exit": r.returncode}
    if r.returncode:
        res["stderr"] = r.stderr[-300:]
        return res
    t = time.perf_counter()
    r = subprocess.run([LESSONS, "report", str(out), "--quiet"], capture_output=True, text=True)
    res["render_seconds"] = round(time.perf_counter() - t, 1)
    pdf = PdfReader(str(out / "report.pdf"))
    res["pdf_pages"] = len(pdf.pages)
    res["pdf_fonts"] = sorted({str(f.get_object()["/BaseFont"]).split("+")[-1] for pg in pdf.pages
                               for f in (pg["/Resources"].get("/Font") or {}).values()})
    texts = {f: "\n".join(report_texts(out / f"report.{f}")) for f in ("pdf", "docx")}
    themes = pd.read_csv(out / "themes.csv")
    titles = themes[themes["theme_id"] != "other"]["label"].tolist()
    for f, text in texts.items():
        flat = text.replace("\n", "")
        res[f"{f}_headings"] = all(h in flat for h in HEADINGS)
        res[f"{f}_theme_titles"] = f"{sum(t in flat for t in titles)}/{len(titles)}"
    from openpyxl import load_workbook

    wb = load_workbook(out / "report.xlsx")
    res["xlsx_sheets"] = len(wb.sheetnames)
    res["xlsx_formula_cells"] = sum(c.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    pii_file = workshop.parent / "gold" / "pii.csv"
    if pii_file.exists():
        pii = pd.read_csv(pii_file, dtype=str, keep_default_na=False)
        only = out / "_reports_only"
        only.mkdir()
        for f in ("md", "html", "pdf", "docx", "xlsx"):
            (only / f"report.{f}").write_bytes((out / f"report.{f}").read_bytes())
        lk = leaks(only, pii)
        res["pii_values"] = int(pii[["type", "value"]].drop_duplicates().shape[0])
        res["report_leaks"] = len(lk)
        res["leaked_types"] = sorted({t for t, _ in lk})
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path)
    a = ap.parse_args()
    res = []
    with tempfile.TemporaryDirectory() as tmp:
        base = a.keep or Path(tmp)
        for w in [ROOT / "data" / "sample" / "workshop.yml"] + sorted((ROOT / "data" / "heldout").glob("*/workshop.yml")):
            r = evaluate(w, base / w.parent.name)
            print(json.dumps(r, ensure_ascii=False), flush=True)
            res.append(r)
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
