"""``lessons themes``: themes for any table of Thai short texts (not only workshops).

Reads ``.csv``, ``.xlsx`` or ``.parquet``; runs the same normalise, redact, tokenize and
theme steps as a workshop; writes ``assignments.csv`` (one row per input row that has
text, in input order), ``themes.csv`` and ``excluded.csv``.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import InputError
from ..readers import check_exists, reader_kind
from ..readers.table import read_table
from ..text.normalize import normalize
from ..report.safe_cells import to_csv
from ..text.redact import redact, redact_label
from ..text.tokenize import tokenize_many
from ..workshop import exclusion_reason
from .codebook import GuidedCoder, load_codebook
from .kinds import rule_kind
from .label import bootstrap_stability, keywords_by_theme, make_label, representative_quotes, theme_keywords
from .model import OTHER, ThemeModel


def themes_for_table(path, text_column: str, id_column: str | None = None, sheet: str | None = None,
                     k="auto", codebook=None, seed: int = config.DEFAULT_SEED, out_dir=None,
                     progress: bool = False, stability_boots: int = 5) -> dict:
    path = Path(path)
    check_exists(path)
    if reader_kind(path) != "table":
        raise InputError(path, f"'lessons themes' reads .csv, .xlsx or .parquet tables, not '{path.suffix}'")
    required = [text_column] + ([id_column] if id_column else [])
    table = read_table(path, sheet=sheet, required=required)
    ti = table.header.index(" ".join(text_column.split()))
    ii = table.header.index(" ".join(id_column.split())) if id_column else None
    cb = load_codebook(codebook) if codebook else None

    rows, excluded = [], []
    for pos, (r, rno) in enumerate(zip(table.rows, table.row_numbers)):
        # an id column may hold names or phone numbers too: it is redacted like a label
        rid = redact_label(r[ii])[0] if ii is not None else str(pos)
        raw = r[ti] if ti < len(r) else ""
        reason = exclusion_reason(raw)
        if reason:
            excluded.append({"row": rid, "file_row": rno, "reason": reason})
            continue
        red = redact(raw)
        rows.append({"row": rid, "file_row": rno, "text": red, "text_norm": normalize(red)})
    if len(rows) < 2:
        raise InputError(path, f"column '{text_column}' has {len(rows)} row(s) with text; at least 2 are needed")
    df = pd.DataFrame(rows)
    df["tokens"] = tokenize_many(df["text_norm"].tolist(), progress=progress)
    df["kind"] = [rule_kind(t) for t in df["text_norm"]]

    theme_id = np.full(len(df), "other", dtype=object)
    labels: dict[str, str] = {"other": "อื่น ๆ"}
    source = np.full(len(df), "other", dtype=object)
    if cb is not None:
        coded = GuidedCoder(codebook=cb, random_state=seed).fit_predict(df["text_norm"].tolist(), df["tokens"].tolist())
        for i, c in enumerate(coded):
            if c is not None:
                theme_id[i], source[i] = c, "codebook"
        labels.update({t.id: t.label for t in cb.themes.values()})
    rest = np.where(source == "other")[0]
    model = None
    if len(rest) >= 2:
        model = ThemeModel(k=k, random_state=seed, verbose=int(progress))
        lab = model.fit(df["text_norm"].iloc[rest].tolist()).labels_
        kw = theme_keywords(df["tokens"].iloc[rest].tolist(), lab)
        width = max(2, len(str(model.k_)))
        for j, i in enumerate(rest):
            if lab[j] != OTHER:
                theme_id[i] = f"t{lab[j] + 1:0{width}d}"
                source[i] = "discovered"
        for t, words in kw.items():
            labels[f"t{t + 1:0{width}d}"] = make_label(words)
        stab = bootstrap_stability(model, df["text_norm"].iloc[rest].tolist(), lab, n_boot=stability_boots,
                                   seed=seed, progress=progress) if stability_boots else {}
        stab = {f"t{t + 1:0{width}d}": v for t, v in stab.items()}
    else:
        stab = {}
    df["theme_id"] = theme_id
    df["theme_label"] = [labels.get(t, t) for t in theme_id]
    df["theme_source"] = source

    themes = _themes_table(df, labels, stab)
    assignments = df[["row", "theme_id", "theme_label", "kind"]]
    ex = pd.DataFrame(excluded, columns=["row", "file_row", "reason"])
    if out_dir is not None:
        _write(Path(out_dir), {"assignments.csv": assignments, "themes.csv": themes, "excluded.csv": ex},
               model.k_scores_ if model is not None else None)
    return {"rows": len(df), "excluded": len(ex), "themes": int((themes["id"] != "other").sum()),
            "assignments": assignments, "themes_table": themes, "excluded_table": ex, "model": model}


def _themes_table(df: pd.DataFrame, labels: dict, stab: dict) -> pd.DataFrame:
    out = []
    all_kw = keywords_by_theme(df["tokens"], df["theme_id"])
    for tid, g in df.groupby("theme_id", sort=False):
        q = representative_quotes(g.assign(group=None, source_file=None), n=3, min_len=4) if tid != "other" else []
        out.append({"id": tid, "label": labels.get(tid, tid), "source": g["theme_source"].iloc[0],
                    "keywords": ", ".join(all_kw.get(tid, [])), "size": len(g),
                    "stability": round(stab[tid], 3) if tid in stab else None,
                    "quotes": " | ".join(f"[{g['row'].iloc[i]}] {g['text'].iloc[i]}" for i in q)})
    t = pd.DataFrame(out)
    t["_o"] = t["id"] == "other"
    return t.sort_values(["_o", "size", "id"], ascending=[True, False, True]).drop(columns="_o").reset_index(drop=True)


def _write(out_dir: Path, tables: dict, k_scores) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-staging-", dir=out_dir.parent))
    try:
        for name, t in tables.items():
            to_csv(t, stage / name, index=False, encoding="utf-8-sig")
        if k_scores is not None and len(k_scores):
            to_csv(k_scores, stage / "k_curve.csv", index=False)
        out_dir.mkdir(parents=True, exist_ok=True)
        for p in stage.iterdir():
            os.replace(p, out_dir / p.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
