"""Issue 10: near-duplicate merging measured against a gold written independently.

``data/heldout_merge`` holds SWOT lines and plan actions from eight groups; lines with the
same ``meaning_id`` say the same thing (a person would merge them). A helper wrote it from a
short brief without reading the code or the sample. For each merging setting this prints
pair precision (merged pairs that share a meaning), pair recall (same-meaning pairs that
were merged), F1 and the number of items, for SWOT (per key issue and quadrant) and plans
(per key issue and horizon), in the same representation :mod:`lessons.synthesis` uses.

    .venv/bin/python bench/merge_eval.py [--json FILE] [--show N]
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "heldout_merge"


def load() -> list[tuple[str, pd.DataFrame]]:
    from lessons.synthesis import horizon_months

    swot = pd.read_csv(DATA / "swot.csv", dtype=str, keep_default_na=False)
    plans = pd.read_csv(DATA / "plans.csv", dtype=str, keep_default_na=False).rename(columns={"action": "text"})
    plans["horizon_months"] = [horizon_months(h) for h in plans["horizon"]]
    swot["block"] = swot["key_issue"] + swot["quadrant"]
    plans["block"] = plans["key_issue"] + "/" + plans["horizon_months"].astype(str)
    return [("swot", swot), ("plans", plans)]


def pairs(labels, blocks) -> set:
    out = set()
    for b in set(blocks):
        idx = [i for i, x in enumerate(blocks) if x == b]
        for i, j in itertools.combinations(idx, 2):
            if labels[i] == labels[j]:
                out.add((i, j))
    return out


def score(df: pd.DataFrame, Z: np.ndarray, merge) -> dict:
    labels = np.full(len(df), -1)
    nxt = 0
    for b, idx in df.groupby("block").indices.items():
        lab = merge(Z[idx], df.iloc[idx])  # df has a RangeIndex: d.index are positions
        labels[idx] = lab + nxt
        nxt += lab.max() + 1
    pred = pairs(list(labels), list(df["block"]))
    gold = pairs(list(df["meaning_id"]), list(df["block"]))
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0, 3),
            "items": int(len(set(labels))), "gold_items": int(df["meaning_id"].nunique()), "merged_pairs": len(pred),
            "_labels": labels}


def line_themes(df: pd.DataFrame) -> list[str]:
    """Each line's theme from the theme flow run on the lines alone (no codebook): what
    :mod:`lessons.synthesis` reads from a workshop's theme assignments."""
    from lessons.text.normalize import normalize
    from lessons.themes.pipeline import theme_clauses
    from lessons.themes.table import table_clauses

    texts = df["text"].tolist()
    t = pd.DataFrame({"row": range(len(df)), "file_row": range(2, len(df) + 2), "text": texts,
                      "text_norm": [normalize(x) for x in texts]})
    res = theme_clauses(table_clauses(t, "lines.csv", "text"), None, stability_boots=0, focus=None)
    return res.clauses["theme_id"].replace("other", "").tolist()


def settings():
    """(label, representation, similarity, linkage, theme bonus or None, one group never merges)"""
    yield "first pass: complete 0.70", "own", 0.7, "complete", None, False
    for rep in ("own", "bg"):
        for sim in (0.8, 0.7, 0.6, 0.5):
            yield f"complete {sim:.2f}", rep, sim, "complete", None, True
        for sim in (0.6, 0.5, 0.4):
            yield f"average {sim:.2f}", rep, sim, "average", None, True
        for bonus in (0.15, 0.25):
            for sim in (0.8, 0.7):
                yield f"complete {sim:.2f} + theme {bonus}", rep, sim, "complete", bonus, True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--show", type=int, default=0, help="print N wrong merged pairs of the shipped setting")
    a = ap.parse_args()
    from lessons import synthesis

    res = {}
    for name, df in load():
        texts = df["text"].tolist()
        Zs = {"own": synthesis._representation(texts, 0, background=False)(texts),
              "bg": synthesis._representation(texts, 0)(texts)}
        themes = line_themes(df)
        c = synthesis.MERGE[name]
        shipped = ("shipped (lessons.synthesis.MERGE)", "bg" if c["background"] else "own", c["similarity"],
                   c["linkage"], c["theme_bonus"], True)
        res[name] = {}
        for label, rep, sim, link, bonus, one in list(settings()) + [shipped]:
            def merge(Z, d, sim=sim, link=link, bonus=bonus, one=one):
                return synthesis.merge_groups(Z, sim, link, groups=d["group"] if one else None,
                                              themes=[themes[i] for i in d.index] if bonus is not None else None,
                                              theme_bonus=bonus or 0.0)
            r = score(df, Zs[rep], merge)
            labels = r.pop("_labels")
            key = f"{rep} {label}"
            res[name][key] = r
            print(f"{name:6s} {key:44s} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                  f"items {r['items']}/{r['gold_items']}", flush=True)
        if a.show:
            bad = [(i, j) for i, j in pairs(list(labels), list(df["block"])) if df["meaning_id"].iat[i] != df["meaning_id"].iat[j]]
            for i, j in bad[: a.show]:
                print("   x", df["text"].iat[i][:70], "||", df["text"].iat[j][:70])
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
