"""Issue 9: the number of themes and their recovery on data nobody here tuned for.

Sets: complaint tickets written independently (``data/heldout_tickets``, 19 categories),
real customer-service utterances (``../shared/benchmarks/truevoice-intent``: ``object``
and ``action`` labels), the themed statements of the independent workshops and codebook
sets. For each: AMI at k = gold for ThemeModel, the common recipe (newmm TF-IDF +
KMeans) and the best simple peer (word + character TF-IDF + LSA + KMeans); and k chosen
automatically (ThemeModel's criterion; the peer's best silhouette) against the gold count.

    .venv/bin/python bench/heldout9_clusters.py [--json FILE] [--only NAME]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
SEED = 20220521


def newmm(text):
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm")


def datasets() -> dict:
    out = {}
    p = ROOT / "data" / "heldout_tickets" / "tickets.csv"
    if p.exists():
        d = pd.read_csv(p, dtype=str).fillna("")
        out["complaint tickets (independent)"] = (d["text"].tolist(), d["category"].to_numpy())
    tv = SHARED / "truevoice-intent" / "mari_test.csv"
    if tv.exists():
        d = pd.read_csv(tv)
        out["truevoice object (real)"] = (d["texts"].tolist(), d["object"].astype(str).to_numpy())
        out["truevoice action (real)"] = (d["texts"].tolist(), d["action"].astype(str).to_numpy())
    for folder in sorted((ROOT / "data" / "heldout").glob("*/gold/units.csv")):
        g = pd.read_csv(folder, dtype=str, keep_default_na=False)
        g = g[(g["theme"] != "other") & (g["theme"] != "")]
        out[f"workshop {folder.parts[-3]} (independent)"] = (g["text"].tolist(), g["theme"].to_numpy())
    for name in ("heldout_coding", "heldout2_coding"):
        p = ROOT / "data" / name / "statements.csv"
        if p.exists():
            g = pd.read_csv(p, dtype=str, keep_default_na=False)
            g = g[g["theme"] != "other"]
            out[f"codebook set {name} (independent)"] = (g["text"].tolist(), g["theme"].to_numpy())
    return out


def peer_features(raw):
    """Word (newmm) + character TF-IDF, LSA to 100 dimensions, l2."""
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    W = TfidfVectorizer(tokenizer=newmm, token_pattern=None, sublinear_tf=True, min_df=2).fit_transform(raw)
    C = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2).fit_transform(raw)
    X = sp.hstack([W, C]).tocsr()
    return normalize(TruncatedSVD(n_components=min(100, X.shape[1] - 1), random_state=SEED).fit_transform(X))


def kmeans(X, k):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(X)


def run(name, raw, y) -> list[dict]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_mutual_info_score as ami
    from sklearn.metrics import silhouette_score

    from lessons.text.normalize import normalize
    from lessons.text.redact import redact
    from lessons.themes import ThemeModel

    norm = [normalize(redact(t)) for t in raw]
    gold_k = len(set(y))
    rows = []

    def row(method, labels, k_found, t0):
        labels = np.asarray(labels)
        rows.append({"data": name, "n": len(raw), "gold_k": gold_k, "method": method,
                     "ami": round(float(ami(y, labels)), 3), "k": int(k_found),
                     "k_ratio": round(k_found / gold_k, 2), "other": round(float((labels == -1).mean()), 3),
                     "seconds": round(time.perf_counter() - t0, 1)})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)

    t = time.perf_counter()
    m = ThemeModel(k=gold_k, random_state=SEED).fit(norm)
    row("lessons ThemeModel (k=gold)", m.labels_, m.k_, t)
    t = time.perf_counter()
    m = ThemeModel(k="auto", random_state=SEED).fit(norm)
    row("lessons ThemeModel (k=auto)", m.labels_, m.k_, t)
    t = time.perf_counter()
    X = TfidfVectorizer(tokenizer=newmm, token_pattern=None).fit_transform(raw)
    row("recipe: TF-IDF(newmm) + KMeans (k=gold)", kmeans(X, gold_k), gold_k, t)
    t = time.perf_counter()
    Z = peer_features(raw)
    row("peer: word+char TF-IDF + LSA + KMeans (k=gold)", kmeans(Z, gold_k), gold_k, t)
    t = time.perf_counter()
    best = None
    for k in ThemeModel()._k_candidates(len(raw)):
        lab = kmeans(Z, k)
        s = silhouette_score(Z, lab, metric="cosine", sample_size=min(2000, len(raw)), random_state=SEED)
        if best is None or s > best[0]:
            best = (s, k, lab)
    row("peer: word+char TF-IDF + LSA + KMeans (k=best silhouette)", best[2], best[1], t)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--only")
    a = ap.parse_args()
    rows = []
    for name, (raw, y) in datasets().items():
        if a.only and a.only not in name:
            continue
        rows += run(name, raw, y)
    if a.json:
        a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
