"""Issue 9, measured on sets written independently of this code (first run, then now):

* statement kinds on free text (``data/heldout_kinds/``, ``data/heldout2_kinds/``): macro-F1 of the
  shipped kinds model and of the rules, against the helper's labels;
* guided coding with a researcher's ten-minute codebook (``data/heldout_coding/``,
  ``data/heldout2_coding/``):
  macro-F1 of ``GuidedCoder`` beside plain seed counting, on the themed statements and
  on all (``other`` as a class the coder must abstain on).

    .venv/bin/python bench/heldout9_eval.py [--json bench/results/heldout9.json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]


def kinds(name: str = "heldout_kinds") -> dict:
    from lessons.text.normalize import normalize
    from lessons.text.redact import redact
    from lessons.text.tokenize import tokenize_many
    from lessons.themes.kinds import rule_kind
    from lessons.themes.pipeline import shipped_kind_model

    p = ROOT / "data" / name / "statements.csv"
    if not p.exists():
        return {}
    df = pd.read_csv(p, dtype=str).fillna("")
    df["text_norm"] = [normalize(redact(t)) for t in df["text"]]
    df["tokens"] = tokenize_many(df["text_norm"].tolist())
    source = {"transcript": "transcript", "flipchart": "notes", "feedback_free_text": "feedback"}
    X = pd.DataFrame({"text_norm": df["text_norm"], "tokens": df["tokens"], "quadrant": None,
                      "source_kind": df["source"].map(source).fillna("transcript"), "field": "text",
                      "role": "", "speaker": ""})
    y = df["kind"].tolist()
    labels = ["obstacle", "suggestion", "strength"]
    out = {"n": len(df)}
    for name, pred in (("rules", [rule_kind(t) for t in df["text_norm"]]),
                       ("shipped model", list(shipped_kind_model().predict(X)))):
        out[name] = {"macro_f1_3": round(f1_score(y, pred, labels=labels, average="macro"), 3),
                     "accuracy": round(float(np.mean([a == b for a, b in zip(y, pred)])), 3),
                     "macro_f1_hard": round(f1_score([a for a, h in zip(y, df["hard"]) if h == "1"],
                                                     [b for b, h in zip(pred, df["hard"]) if h == "1"],
                                                     labels=labels, average="macro"), 3)}
    return out


def coding(name: str = "heldout_coding") -> dict:
    from lessons.text.normalize import normalize
    from lessons.themes.codebook import GuidedCoder, load_codebook, seed_count

    d = ROOT / "data" / name
    if not (d / "statements.csv").exists() or not (d / "README.md").exists():
        return {}  # not there, or still being written
    cb = load_codebook(d / "codebook.yml")
    df = pd.read_csv(d / "statements.csv", dtype=str).fillna("")
    texts = [normalize(t) for t in df["text"]]
    y = df["theme"].tolist()
    out = {"n": len(df), "themed": int((df["theme"] != "other").sum())}
    for name, pred in (("seed counting", seed_count(texts, cb)),
                       ("guided coding", GuidedCoder(codebook=cb, random_state=0).fit_predict(texts))):
        p = [x or "other" for x in pred]
        themed = [i for i, t in enumerate(y) if t != "other"]
        out[name] = {
            "macro_f1_themes": round(f1_score(y, p, labels=cb.ids, average="macro"), 3),
            "accuracy_themed": round(float(np.mean([y[i] == p[i] for i in themed])), 3),
            "macro_f1_no_seed": round(f1_score([y[i] for i in themed if df["shares_seed"][i] == "0"],
                                               [p[i] for i in themed if df["shares_seed"][i] == "0"],
                                               labels=cb.ids, average="macro"), 3),
            "abstained_on_other": round(float(np.mean([p[i] == "other" for i, t in enumerate(y) if t == "other"])), 3),
            "coded_share": round(float(np.mean([x is not None for x in pred])), 3)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    res = {"kinds": kinds(), "coding": coding(), "kinds heldout2": kinds("heldout2_kinds"),
           "coding heldout2": coding("heldout2_coding")}
    print(json.dumps(res, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
