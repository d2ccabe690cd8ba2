"""Measure the workspace on held-out workshops written independently of this code.

    .venv/bin/python bench/heldout_eval.py data/heldout/*/workshop.yml [--json FILE] [--keep DIR]

Each workshop folder has ``gold/units.csv`` (every turn, list item, cell and answer, with
its exact text) and ``gold/pii.csv`` (every invented personal value). For each
workshop this runs ``lessons run`` as a user would (a fresh process; ``LESSONS_BIN``
names another ``lessons`` executable to measure an older version) and reports:

- **own statement**: the share of gold units that reach the analysis as their own
  statement: a statement of the same file whose text matches the unit's (personal values
  masked on both sides, spaces and punctuation ignored, similarity >= 0.85). A unit glued
  into a longer blob, split in pieces or lost does not count;
- **leaks**: how many distinct gold personal values appear verbatim anywhere in the
  outputs (every CSV, Parquet and JSON file the run wrote; numbers also with their
  separators removed; values of three letters or fewer only as whole words).
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

PLACEHOLDER = re.compile(r"\[[^\[\]\s]{2,20}\]")
_NOISE = re.compile(r"[\s\u200b.,;:!?\"'“”‘’()\[\]{}<>*_#\-–—•·|/\\~=+]+")
_THAI_DIG = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _norm(s: str) -> str:
    return _NOISE.sub("", str(s).translate(_THAI_DIG)).lower()


def _mask_gold(text: str, values: list[str]) -> str:
    for v in sorted(values, key=len, reverse=True):
        if v and v in text:
            text = text.replace(v, "\x00")
    return text


def _grams(s: str) -> set[str]:
    return {s[i:i + 3] for i in range(max(1, len(s) - 2))}


def own_statements(statements: pd.DataFrame, gold: pd.DataFrame, pii: pd.DataFrame) -> tuple[int, int, list]:
    hit, misses = 0, []
    by_file = {f: [(_norm(PLACEHOLDER.sub("\x00", t)), t) for t in g["text"].astype(str)]
               for f, g in statements.groupby("source_file")}
    values = {f: [str(v) for v in g["value"]] for f, g in pii.groupby("file")}
    for row in gold.itertuples(index=False):
        target = _norm(_mask_gold(str(row.text), values.get(row.file, [])))
        cands = by_file.get(row.file, [])
        if not target or not cands:
            misses.append((row.file, str(row.text)[:70]))
            continue
        tg = _grams(target)
        scored = sorted(cands, key=lambda c: -len(tg & _grams(c[0])) / max(1, len(tg | _grams(c[0]))))[:5]
        best = max((difflib.SequenceMatcher(None, target, c[0], autojunk=False).ratio() for c in scored), default=0)
        if best >= 0.85:
            hit += 1
        else:
            misses.append((row.file, str(row.text)[:70]))
    return hit, len(gold), misses


def report_texts(p: Path) -> list[str]:
    """What a reader of ``report.pdf`` / ``.docx`` / ``.xlsx`` sees, as text."""
    if p.suffix == ".pdf":
        from pypdf import PdfReader

        return [pg.extract_text() or "" for pg in PdfReader(str(p)).pages]
    if p.suffix == ".docx":
        from docx import Document

        d = Document(str(p))
        return [x.text for x in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]
    from openpyxl import load_workbook

    return [str(c.value) for ws in load_workbook(p).worksheets for row in ws.iter_rows() for c in row
            if c.value is not None]


def _output_texts(out: Path) -> tuple[str, set[str]]:
    """All text the run wrote, and the set of whole cell values and terms."""
    chunks, cells = [], set()
    for p in sorted(out.rglob("*")):
        if p.suffix == ".csv":
            df = pd.read_csv(p, dtype=str, keep_default_na=False)
            chunks.append(" ".join(df.columns))
            vals = df.to_numpy().ravel().tolist()
        elif p.suffix == ".parquet":
            df = pd.read_parquet(p)
            chunks.append(" ".join(map(str, df.columns)))
            vals = [str(v) for v in df.astype(str).to_numpy().ravel().tolist()]
        elif p.suffix in (".json", ".md", ".html"):
            vals = [p.read_text(encoding="utf-8")]
        elif p.suffix in (".pdf", ".docx", ".xlsx"):  # the ministry's report, as its reader sees it
            vals = report_texts(p)
        else:
            continue
        chunks.extend(vals)
        cells.update(v.strip() for v in vals)
    return "\n".join(chunks), cells


def leaks(out: Path, pii: pd.DataFrame) -> list[tuple[str, str]]:
    text, cells = _output_texts(out)
    digits_only = re.sub(r"[\s\-.]", "", text.translate(_THAI_DIG))
    found = []
    for (typ, value) in sorted({(str(t), str(v)) for t, v in zip(pii["type"], pii["value"])}):
        v = value.strip()
        if not v:
            continue
        compact = re.sub(r"[\s\-.]", "", v.translate(_THAI_DIG))
        if compact.isdigit() and len(compact) >= 6:
            if compact in digits_only:
                found.append((typ, v))
            continue
        if len(v) <= 3:
            pat = re.compile(r"(?<![ก-๙A-Za-z])" + re.escape(v) + r"(?![ก-๙A-Za-z])")
            if v in cells or pat.search(text):
                found.append((typ, v))
            continue
        if re.fullmatch(r"[ก-๙]+", v) and len(v) <= 8:
            # a one-word Thai name counts only where it stands as a word (น้อย is in น้อยมาก,
            # หมาด in ละหมาด): segmented like the name tagger segments text
            if _as_word(v, text):
                found.append((typ, v))
            continue
        if v in text:
            found.append((typ, v))
    return found


def _as_word(v: str, text: str) -> bool:
    from lessons.text.names import pieces

    for m in re.finditer(re.escape(v), text):
        window = text[max(0, m.start() - 30):m.end() + 30]
        off = m.start() - max(0, m.start() - 30)
        starts = {s for s, _e, _w in pieces(window)}
        ends = {e for _s, e, _w in pieces(window)}
        if off in starts and off + len(v) in ends:
            return True
    return False


def evaluate(workshop: Path, out: Path, lessons_bin: str, cwd: str | None, env: dict) -> dict:
    folder = workshop.parent
    gold = pd.read_csv(folder / "gold" / "units.csv", dtype=str, keep_default_na=False)
    pii = pd.read_csv(folder / "gold" / "pii.csv", dtype=str, keep_default_na=False)
    r = subprocess.run([lessons_bin, "run", str(workshop.resolve()), "--out", str(out), "--quiet"],
                       capture_output=True, text=True, cwd=cwd, env=env)
    res = {"workshop": folder.name, "exit": r.returncode, "stderr": r.stderr.strip()[-300:]}
    if r.returncode != 0:
        return res
    st = pd.read_parquet(out / "statements.parquet")
    hit, n, misses = own_statements(st, gold, pii)
    per_file = {}
    miss_files = pd.Series([m[0] for m in misses], dtype=str).value_counts().to_dict()
    for f, g in gold.groupby("file"):
        per_file[f] = round(1 - miss_files.get(f, 0) / len(g), 3)
    lk = leaks(out, pii)
    res.update({"gold_units": n, "own_statement": hit, "own_share": round(hit / max(1, n), 3),
                "worst_file": min(per_file.items(), key=lambda kv: kv[1]) if per_file else None,
                "per_file": per_file, "pii_values": int(pii[["type", "value"]].drop_duplicates().shape[0]),
                "leaks": len(lk), "leaked": lk, "misses": misses[:40]})
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("workshops", nargs="+", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="keep each run's outputs under this folder")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    lessons_bin = os.environ.get("LESSONS_BIN", str(Path(sys.executable).with_name("lessons")))
    cwd = os.environ.get("LESSONS_CWD")
    env = dict(os.environ)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = a.keep or Path(tmp)
        for w in a.workshops:
            out = base / w.parent.name
            res = evaluate(w, out, lessons_bin, cwd, env)
            results.append(res)
            if res["exit"] != 0:
                print(f"{res['workshop']}: lessons run failed (exit {res['exit']}): {res['stderr']}")
                continue
            print(f"{res['workshop']}: own statement {res['own_statement']}/{res['gold_units']} = {res['own_share']:.3f} "
                  f"(worst file {res['worst_file'][0]}: {res['worst_file'][1]:.3f}); "
                  f"personal values in outputs {res['leaks']} of {res['pii_values']}")
            if a.verbose:
                for f, s in res["per_file"].items():
                    print(f"   {s:.3f}  {f}")
                for t, v in res["leaked"]:
                    print(f"   LEAK {t}: {v}")
                for f, t in res["misses"]:
                    print(f"   MISS {f}: {t}")
    if a.json:  # figures only: no personal value (even an invented one) and no text in the saved results
        saved = [{k: v for k, v in r.items() if k not in ("leaked", "misses", "stderr")} |
                 {"leaked_types": sorted(t for t, _v in r.get("leaked", []))} for r in results]
        a.json.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
