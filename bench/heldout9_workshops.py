"""Issue 9 on whole workshops nobody here wrote (``data/heldout/*``: each has a codebook
and ``gold/units.csv`` with every unit's kind and theme):

* statement kinds from the whole flow (the input's structure and the shipped model): at
  clause level (each clause inherits its unit's gold kind, though a long turn mixes
  kinds) and at statement level (the kind of each statement's main point, as the gold is
  written; an older build has no statement kind, and its first substantive clause kind
  stands for it), on all and on transcripts alone (free text: the structure says nothing);
* guided coding with the workshop's own codebook beside seed counting (statement level);
* the flow's theme assignment (codebook themes after the other-sweep) against gold.

    .venv/bin/python bench/heldout9_workshops.py [--json FILE]

Runs on any build of the package (``PYTHONPATH=/tmp/before/src`` for an old one).
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[1]
KINDS3 = ["obstacle", "suggestion", "strength"]
_NOISE = re.compile(r"[\s\W_]+")


def _norm(s) -> str:
    return _NOISE.sub("", str(s)).lower()


def key(df: pd.DataFrame) -> pd.Series:
    """A statement's key: its id and location (older builds repeated ids across sheets)."""
    return df["statement_id"].astype(str) + "|" + df["location"].astype(str)


def match_units(statements: pd.DataFrame, gold: pd.DataFrame) -> dict[str, int]:
    """statement key -> row of gold/units.csv (same file, most similar text, ratio >= 0.8)."""
    out = {}
    by_file = {f: [(i, _norm(t)) for i, t in zip(g.index, g["text"])] for f, g in gold.groupby("file")}
    for k, st in zip(key(statements), statements.itertuples(index=False)):
        cands = by_file.get(st.source_file, [])
        target = _norm(re.sub(r"\[[^\]]*\]", "", st.text))
        if not cands or not target:
            continue
        best = max(cands, key=lambda c: difflib.SequenceMatcher(None, target, c[1], autojunk=False).quick_ratio())
        if difflib.SequenceMatcher(None, target, best[1], autojunk=False).ratio() >= 0.8:
            out[k] = best[0]
    return out


def evaluate(folder: Path) -> dict:
    from lessons import load_workshop
    from lessons.text.normalize import normalize
    from lessons.text.pipeline import build_clauses
    from lessons.themes.codebook import GuidedCoder, load_codebook, seed_count
    from lessons.themes.pipeline import workshop_themes

    ws = load_workshop(folder / "workshop.yml")
    gold = pd.read_csv(folder / "gold" / "units.csv", dtype=str, keep_default_na=False)
    cl = build_clauses(ws.statements)
    res = workshop_themes(ws, cl, stability_boots=0)
    c = res.clauses
    m = match_units(ws.statements, gold)
    c["key"] = key(c)
    c["gold_kind"] = c["key"].map(lambda s: gold.at[m[s], "kind"] if s in m else None)
    c["gold_theme"] = c["key"].map(lambda s: gold.at[m[s], "theme"] if s in m else None)
    k = c[c["gold_kind"].notna()]
    tr = k[k["source_kind"] == "transcript"]
    out = {"units": len(gold), "statements_matched": len(m), "clauses": int(len(k)),
           "kinds_macro_f1": round(f1_score(k["gold_kind"], k["kind"], labels=KINDS3, average="macro"), 3),
           "kinds_macro_f1_transcripts": round(f1_score(tr["gold_kind"], tr["kind"], labels=KINDS3, average="macro"), 3),
           "kinds_accuracy": round(float((k["gold_kind"] == k["kind"]).mean()), 3)}
    # statement level: the kind of each statement's main point, as the gold is written
    st = ws.statements.assign(key=key(ws.statements))
    st = st[st["key"].isin(m)]
    gs = np.asarray([gold.at[m[s], "kind"] for s in st["key"]], dtype=object)
    if "statement_kind" in c:
        sk = st["key"].map(c.drop_duplicates("key").set_index("key")["statement_kind"])
        sk = sk.fillna("other").to_numpy()
    else:  # an older build: the clause kinds, the first substantive one standing for the statement
        first = c[c["kind"] != "other"].drop_duplicates("key").set_index("key")["kind"]
        sk = st["key"].map(first).fillna("other").to_numpy()
    trs = (st["source_kind"] == "transcript").to_numpy()
    out["statement_kinds_macro_f1"] = round(f1_score(gs, sk, labels=KINDS3, average="macro"), 3)
    out["statement_kinds_macro_f1_transcripts"] = round(f1_score(gs[trs], sk[trs], labels=KINDS3, average="macro"), 3)
    cb = load_codebook(folder / "codebook.yml")
    texts = [normalize(t) for t in st["text"]]
    y = [gold.at[m[s], "theme"] for s in st["key"]]
    for name, pred in (("seed_counting", seed_count(texts, cb)),
                       ("guided_coding", GuidedCoder(codebook=cb, random_state=0).fit_predict(texts))):
        p = [x or "other" for x in pred]
        out[f"{name}_macro_f1"] = round(f1_score(y, p, labels=cb.ids, average="macro"), 3)
    t = c[c["gold_theme"].notna()]
    out["flow_theme_macro_f1"] = round(f1_score(t["gold_theme"], t["theme_id"], labels=cb.ids, average="macro"), 3)
    out["flow_other_share_substantive"] = round(float((c.loc[c["kind"] != "other", "theme_id"] == "other").mean()), 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    res = {}
    for folder in sorted((ROOT / "data" / "heldout").iterdir()):
        if (folder / "gold" / "units.csv").exists():
            res[folder.name] = evaluate(folder)
            print(folder.name, json.dumps(res[folder.name], ensure_ascii=False), flush=True)
    if res:
        keys = [k for k in next(iter(res.values())) if isinstance(next(iter(res.values()))[k], float)]
        res["mean"] = {k: round(float(np.mean([r[k] for r in res.values()])), 3) for k in keys}
        print("mean", json.dumps(res["mean"]))
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
