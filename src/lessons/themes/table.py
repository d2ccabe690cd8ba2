"""``lessons themes``: themes for any table of Thai short texts (not only workshops).

Reads ``.csv``, ``.xlsx`` or ``.parquet``; runs the same normalise, redact, tokenize and
theme steps as a workshop; writes ``assignments.csv`` (one row per input row that has
text, in input order), ``themes.csv`` and ``excluded.csv``.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
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
from .codebook import GuidedCoder, load_codebook
from .kinds import rule_kind
from .label import bootstrap_stability, keywords_by_theme, make_label, representative_quotes, theme_keywords
from .model import OTHER, ThemeModel


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
        from .model import check_k

        check_k(k, len(rest), "rows left for discovery" if cb is not None else "rows with text")
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
        params = {"text_column": text_column, "id_column": id_column, "sheet": sheet, "k": k, "seed": seed,
                  "codebook": str(codebook) if codebook else None}
        _write(Path(out_dir), {"assignments.csv": assignments, "themes.csv": themes, "excluded.csv": ex},
               model.k_scores_ if model is not None else None, path, params)
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


def _write(out_dir: Path, tables: dict, k_scores, source: Path, params: dict) -> None:
    """The tables and a manifest (input hash, parameters, output hashes), swapped into
    ``out_dir`` whole (:mod:`lessons.outdir`)."""
    import datetime as dt
    import json

    from .. import __version__
    from ..outdir import staged
    from ..workshop import sha256

    with staged(out_dir) as stage:
        for name, t in tables.items():
            to_csv(t, stage / name)
        if k_scores is not None and len(k_scores):
            to_csv(k_scores, stage / "k_curve.csv")
        manifest = {
            "lessons_version": __version__,
            "command": "themes",
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "input": {"path": str(source), "sha256": sha256(source)},
            "parameters": params,
            "limits": dataclasses.asdict(current_limits()),
            "outputs": {p.name: sha256(p) for p in sorted(stage.iterdir())},
        }
        (stage / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str),
                                             encoding="utf-8")
