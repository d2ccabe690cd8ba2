"""Issue 10: the consolidated SWOT, plans and Good Practice, on the sample and on the three
workshops written independently (``data/heldout/*``).

For each workshop: every SWOT and plan statement in exactly one item (nothing lost, nothing
counted twice); how many items and merges; strength items that are strengths by the gold
kind; the seconds consolidation takes; and 30 random merged pairs (seed 0) printed for a
person to read and judge.

    .venv/bin/python bench/synthesis_eval.py [--json FILE] [--pairs]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def gold_kinds(folder: Path, ws) -> dict[str, str]:
    """statement_id -> gold kind (the sample's annotations, or the held-out units matched)."""
    if (folder / "gold" / "annotations.csv").exists():
        g = pd.read_csv(folder / "gold" / "annotations.csv", dtype=str, keep_default_na=False)
        return dict(zip(g["statement_id"], g["kind"]))
    from heldout9_workshops import key, match_units

    g = pd.read_csv(folder / "gold" / "units.csv", dtype=str, keep_default_na=False)
    m = match_units(ws.statements, g)
    return {sid: g.at[m[k], "kind"] for sid, k in zip(ws.statements["statement_id"], key(ws.statements)) if k in m}


def evaluate(folder: Path, pairs: bool) -> dict:
    from lessons import load_workshop
    from lessons.synthesis import synthesise
    from lessons.text.pipeline import build_clauses
    from lessons.themes.pipeline import workshop_themes

    ws = load_workshop(folder / "workshop.yml")
    res = workshop_themes(ws, build_clauses(ws.statements), stability_boots=0)
    t = time.perf_counter()
    out = synthesise(ws, res.clauses)
    seconds = time.perf_counter() - t
    st = ws.statements
    r = {"seconds": round(seconds, 1)}
    for name, kind in (("swot", "swot"), ("plans", "action_plan")):
        ids = [i for s in out[name]["statement_ids"] for i in s.split("; ") if i]
        src = set(st.loc[st["source_kind"] == kind, "statement_id"])
        r[f"{name}_statements"] = len(src)
        r[f"{name}_items"] = len(out[name])
        r[f"{name}_exactly_once"] = bool(len(ids) == len(set(ids)) and set(ids) == src)
    gp = out["good_practice"]
    gold = gold_kinds(folder, ws)
    for typ in ("strength", "suggestion"):
        ids = [i for s in gp.loc[gp["type"] == typ, "statement_ids"] for i in s.split("; ")]
        k = [gold[i] for i in ids if gold.get(i)]
        r[f"{typ}_statements_with_gold"] = len(k)
        r[f"{typ}_precision_by_gold_kind"] = round(float(np.mean([x == typ for x in k])), 3) if k else None
    r["good_practice_items"] = len(gp)
    r["merged_pairs"] = {name: int(sum(len(s.split("; ")) * (len(s.split("; ")) - 1) // 2 for s in out[name]["statement_ids"]))
                         for name in ("swot", "plans", "good_practice")}
    if pairs:
        txt = st.set_index("statement_id")["text"]
        all_pairs = []
        for name in ("swot", "plans", "good_practice"):
            for s, t in zip(out[name]["statement_ids"], out[name]["type"] if "type" in out[name] else [""] * len(out[name])):
                ids = s.split("; ")
                all_pairs += [(f"{name} {t}".strip(), txt[a], txt[b]) for n, a in enumerate(ids) for b in ids[n + 1:]]
        rs = np.random.RandomState(0)
        for i in rs.choice(len(all_pairs), size=min(30, len(all_pairs)), replace=False):
            a_, b_ = (" ".join(str(x).split()) for x in all_pairs[i][1:])
            print(f"  {all_pairs[i][0]:24s} | {a_[:110]} || {b_[:110]}")
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--pairs", action="store_true", help="print 30 random merged pairs per workshop")
    ap.add_argument("--only", help="one workshop folder name (sample, isan_family, …)")
    a = ap.parse_args()
    res = {}
    for folder in [ROOT / "data" / "sample"] + sorted((ROOT / "data" / "heldout").iterdir()):
        if (folder / "workshop.yml").exists() and (not a.only or folder.name == a.only):
            print(folder.name, flush=True)
            res[folder.name] = evaluate(folder, a.pairs)
            print(json.dumps(res[folder.name], ensure_ascii=False), flush=True)
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
