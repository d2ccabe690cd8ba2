"""``lessons themes``: themes for any table of Thai short texts (not only workshops).

Reads ``.csv``, ``.xlsx`` or ``.parquet``; runs the same normalise, redact, tokenize and
theme steps as a workshop; writes ``assignments.csv`` (one row per input row that has
text, in input order), ``themes.csv`` and ``excluded.csv``.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import InputError
from ..readers import check_exists, reader_kind
from ..readers.limits import current as current_limits
from ..readers.table import read_table
from ..text.normalize import normalize
from ..report.safe_cells import to_csv
from ..text.redact import redact, redact_label
from ..text.tokenize import tokenize_many
from ..workshop import exclusion_reason
from .codebook import load_codebook
from .pipeline import theme_clauses


def themes_for_table(path, text_column: str, id_column: str | None = None, sheet: str | None = None,
                     k="auto", codebook=None, seed: int = config.DEFAULT_SEED, out_dir=None,
                     progress: bool = False, stability_boots: int = 5, limits: dict | None = None) -> dict:
    from ..readers import limits as lim_mod

    with lim_mod.use(lim_mod.Limits().override(limits or {})):
        return _themes_for_table(path, text_column, id_column, sheet, k, codebook, seed, out_dir, progress,
                                 stability_boots)


def _themes_for_table(path, text_column, id_column, sheet, k, codebook, seed, out_dir, progress,
                      stability_boots) -> dict:
    from ..outdir import check_out
    from ..readers.limits import too_long_reason

    path = Path(path)
    if out_dir is not None:
        check_out(out_dir, inputs=[path] + ([Path(codebook)] if codebook else []))
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
        rid = (redact_label(r[ii][:200])[0] if ii is not None and ii < len(r) else str(pos))
        raw = r[ti] if ti < len(r) else ""
        reason = too_long_reason(len(raw)) if len(raw) > current_limits().unit_chars else exclusion_reason(raw)
        if reason:
            excluded.append({"row": rid, "file_row": rno, "reason": reason})
            continue
        red = redact(raw)
        rows.append({"row": rid, "file_row": rno, "text": red, "text_norm": normalize(red)})
    if len(rows) < 2:
        raise InputError(path, f"column '{text_column}' has {len(rows)} row(s) with text; at least 2 are needed")
    df = pd.DataFrame(rows)
    cl = table_clauses(df, path.name, text_column, progress=progress)
    res = theme_clauses(cl, codebook=cb, k=k, seed=seed, progress=progress, stability_boots=stability_boots,
                        focus=None)
    themes = res.tables["themes"]
    a = res.clauses
    assignments = a.rename(columns={"statement_id": "row"})[TABLE_ASSIGNMENT_COLUMNS]
    ex = pd.DataFrame(excluded, columns=["row", "file_row", "reason"])
    if out_dir is not None:
        params = {"text_column": text_column, "id_column": id_column, "sheet": sheet, "k": k, "seed": seed,
                  "codebook": str(codebook) if codebook else None}
        _write(Path(out_dir), {"assignments.csv": assignments, "themes.csv": themes, "excluded.csv": ex},
               res.tables.get("k_curve"), path, params, codebook=codebook,
               totals={"rows_in": len(table.rows), "analysed": len(df), "excluded": len(ex)})
    return {"rows": len(df), "excluded": len(ex), "themes": int((themes["theme_id"] != "other").sum()),
            "assignments": assignments, "themes_table": themes, "excluded_table": ex, "model": res.model}


# one row per input row that has text, in input order
TABLE_ASSIGNMENT_COLUMNS = ["row", "file_row", "kind", "theme_id", "theme_label", "theme_source", "theme_fit",
                            "theme_confidence"]


def table_clauses(df: pd.DataFrame, file_name: str, text_column: str, progress: bool = False) -> pd.DataFrame:
    """A table's rows as the clauses the theme flow reads: one clause per row (short texts
    are not split), traceable to ``file row N``; no group, province or key issue."""
    from ..text.pipeline import CARRY

    n = len(df)
    cl = pd.DataFrame({"clause_id": df["row"].astype(str), "statement_id": df["row"].astype(str),
                       "clause_no": 1, "text": df["text"], "text_norm": df["text_norm"]})
    for c in CARRY:
        cl[c] = None
    cl["source_file"] = file_name
    cl["source_kind"] = "table"
    cl["location"] = [f"row {r}" for r in df["file_row"]]
    cl["field"] = text_column
    cl["file_row"] = df["file_row"].to_numpy()
    for c in ("group", "key_issue"):
        cl[c] = pd.array([None] * n, dtype="Int64")
    cl["tokens"] = tokenize_many(cl["text_norm"].tolist(), progress=progress)
    return cl


def _write(out_dir: Path, tables: dict, k_scores, source: Path, params: dict, codebook=None, totals=None) -> None:
    """The tables and the manifest :func:`lessons.analysis.manifest` writes for every
    command, swapped into ``out_dir`` whole (:mod:`lessons.outdir`)."""
    import json

    from ..analysis import manifest
    from ..outdir import staged
    from ..workshop import sha256

    inputs = [{"path": str(source), "kind": "table", "sha256": sha256(source)}]
    if codebook:
        inputs.append({"path": str(codebook), "kind": "codebook", "sha256": sha256(Path(codebook))})
    with staged(out_dir) as stage:
        outputs = {}
        for name, t in tables.items():
            to_csv(t, stage / name)
            outputs[name] = stage / name
        if k_scores is not None and len(k_scores):
            to_csv(k_scores, stage / "k_curve.csv")
            outputs["k_curve.csv"] = stage / "k_curve.csv"
        doc = manifest("themes", {**params, "engine": "nlpo3"}, inputs, outputs,
                       dataclasses.asdict(current_limits()), totals=totals or {})
        (stage / "manifest.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str),
                                             encoding="utf-8")
