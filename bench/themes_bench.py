"""Theme benchmark: this project's ThemeModel against the common recipe and BERTopic, in
one run, on (a) the sample workshop's gold themes and (b) real customer-service Thai
(truevoice ``mari_test.csv``, gold labels ``object`` and ``destination``).

    python bench/themes_bench.py            (BERTopic rows need: pip install -e ".[bench]")
    python bench/themes_bench.py --quick    (no BERTopic, no ablation)

For each data set, with k = the number of gold labels and again with k chosen
automatically: AMI (adjusted for chance), NMI, ARI, the share of texts left in "other",
the number of themes found and the time. Also: what each knowledge source adds
(ablation), guided coding against seed counting, and statement kinds against the gold.
Results: bench/results/themes.json and a Markdown table on stdout.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
warnings.filterwarnings("ignore")

TRUEVOICE = ROOT.parent / "shared" / "benchmarks" / "truevoice-intent" / "mari_test.csv"
SEED = 20220521


def newmm(text):
    """The common recipe's tokenizer (module level so that it pickles)."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm")


def scores(y, labels, seconds, k_found):
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, normalized_mutual_info_score

    labels = np.asarray(labels)
    return {"ami": round(float(adjusted_mutual_info_score(y, labels)), 3),
            "nmi": round(float(normalized_mutual_info_score(y, labels)), 3),
            "ari": round(float(adjusted_rand_score(y, labels)), 3),
            "other_share": round(float((labels == -1).mean()), 3),
            "k": int(k_found), "seconds": round(seconds, 1)}


def datasets():
    from lessons.text.normalize import normalize
    from lessons.text.redact import redact

    g = pd.read_csv(ROOT / "data" / "sample" / "gold" / "annotations.csv")
    g = g[g["theme"] != "other"]
    out = {"sample workshop (gold themes)": (g["text"].tolist(), g["theme"].to_numpy())}
    if TRUEVOICE.exists():
        tv = pd.read_csv(TRUEVOICE)
        out["truevoice object"] = (tv["texts"].tolist(), tv["object"].to_numpy())
        out["truevoice destination"] = (tv["texts"].tolist(), tv["destination"].to_numpy())
    prepared = {}
    for name, (raw, y) in out.items():
        prepared[name] = (raw, [normalize(redact(t)) for t in raw], y)
    return prepared


def run_ours(norm, y, k, **params):
    from lessons.themes import ThemeModel

    t = time.perf_counter()
    m = ThemeModel(k=k, random_state=SEED, **params).fit(norm)
    return scores(y, m.labels_, time.perf_counter() - t, m.k_)


def run_stream(norm, y, k):
    """What ``--dask`` / ``--themes-method stream`` fits: hashing + random projection +
    MiniBatchKMeans.partial_fit (issue 13)."""
    from lessons.themes.stream import StreamingThemeModel

    t = time.perf_counter()
    m = StreamingThemeModel(k=k, random_state=SEED).fit(norm)
    return scores(y, m.labels_, time.perf_counter() - t, m.k_)


def run_recipe(raw, y, k):
    """TfidfVectorizer(tokenizer=newmm, token_pattern=None) + KMeans, as notebooks do it;
    with k='auto', the k of best silhouette over the same range as ThemeModel."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import silhouette_score

    from lessons.themes import ThemeModel

    t = time.perf_counter()
    X = TfidfVectorizer(tokenizer=newmm, token_pattern=None).fit_transform(raw)
    if k == "auto":
        best = None
        for kk in ThemeModel()._k_candidates(len(raw)):
            lab = KMeans(n_clusters=kk, n_init=10, random_state=SEED).fit_predict(X)
            s = silhouette_score(X, lab, metric="cosine", sample_size=min(2000, len(raw)), random_state=SEED)
            if best is None or s > best[0]:
                best = (s, kk, lab)
        _, k_found, lab = best
    else:
        lab = KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(X)
        k_found = k
    return scores(y, lab, time.perf_counter() - t, k_found)


def run_bertopic(raw, y, k):
    """BERTopic as a Thai user without internet would configure it: scikit-learn
    embeddings (TF-IDF over Thai tokens + TruncatedSVD), a Thai-tokenizing CountVectorizer,
    default UMAP + HDBSCAN (k='auto'), or KMeans(k)."""
    from bertopic import BERTopic
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.pipeline import make_pipeline

    t = time.perf_counter()
    emb = make_pipeline(TfidfVectorizer(tokenizer=newmm, token_pattern=None), TruncatedSVD(100, random_state=SEED))
    kwargs = {}
    if k != "auto":
        kwargs["hdbscan_model"] = KMeans(n_clusters=k, n_init=10, random_state=SEED)
    from umap import UMAP

    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=SEED)
    model = BERTopic(embedding_model=emb, vectorizer_model=CountVectorizer(tokenizer=newmm, token_pattern=None),
                     umap_model=umap_model, calculate_probabilities=False, verbose=False, **kwargs)
    topics, _ = model.fit_transform(raw)
    topics = np.asarray(topics)
    k_found = len(set(topics.tolist()) - {-1})
    return scores(y, topics, time.perf_counter() - t, k_found)


def have_bertopic():
    try:
        import bertopic  # noqa: F401
        import umap  # noqa: F401

        return True
    except Exception:
        return False


def ablation(norm, y, k):
    rows = {}
    configs = {
        "words only": dict(char_weight=0, concept_weight=0, smooth_neighbors=0, vector_weight=0),
        "+ character n-grams": dict(concept_weight=0, smooth_neighbors=0, vector_weight=0),
        "+ concept lexicon": dict(smooth_neighbors=0, vector_weight=0),
        "+ neighbour smoothing": dict(vector_weight=0),
        "+ word vectors learnt from the texts (default ThemeModel)": dict(),
        "+ Thai WordNet synsets (not used by default)": dict(synset_weight=0.5),
    }
    for name, params in configs.items():
        rows[name] = run_ours(norm, y, k, **params)["ami"]
    return rows


def coding_and_kinds():
    from lessons import load_workshop
    from lessons.text.pipeline import build_clauses
    from lessons.themes.codebook import load_codebook
    from lessons.themes.gold import gold_for_clauses, load_gold
    from lessons.themes.kinds import evaluate_kinds
    from lessons.themes.pipeline import evaluate_coding

    ws = load_workshop(ROOT / "data" / "sample" / "workshop.yml")
    gold = load_gold(ws)
    cb = load_codebook(ROOT / "data" / "sample" / "codebook.yml")
    coding = evaluate_coding(ws, cb, gold, SEED)
    cl = build_clauses(ws.statements)
    kinds = evaluate_kinds(cl, gold_for_clauses(cl, gold, "kind"), seed=SEED)
    return coding.to_dict("records"), kinds.to_dict("records")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip BERTopic and the ablation")
    args = ap.parse_args()
    data = datasets()
    results = {"seed": SEED, "datasets": {}, "ablation": {}}
    bert = have_bertopic() and not args.quick
    for name, (raw, norm, y) in data.items():
        k_gold = len(set(y.tolist()))
        res = {"n": len(raw), "gold_labels": k_gold, "methods": {}}
        for k in (k_gold, "auto"):
            tag = "k=gold" if k != "auto" else "k=auto"
            res["methods"][f"lessons ThemeModel ({tag})"] = run_ours(norm, y, k)
            res["methods"][f"recipe: TF-IDF(newmm) + KMeans ({tag})"] = run_recipe(raw, y, k)
            res["methods"][f"lessons StreamingThemeModel, --dask ({tag})"] = run_stream(norm, y, k)
            if bert:
                label = "BERTopic (UMAP + HDBSCAN)" if k == "auto" else "BERTopic (KMeans k=gold)"
                try:
                    res["methods"][label] = run_bertopic(raw, y, k)
                except Exception as exc:  # report, do not hide
                    res["methods"][label] = {"error": f"{type(exc).__name__}: {exc}"}
            print(f"{name} {tag} done", file=sys.stderr)
        results["datasets"][name] = res
        if not args.quick:
            results["ablation"][name] = ablation(norm, y, k_gold)
    if not args.quick:
        results["coding"], results["kinds"] = coding_and_kinds()
    if not bert:
        results["note"] = "BERTopic not installed (pip install -e '.[bench]'): its rows are missing"
    out = ROOT / "bench" / "results" / "themes.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")

    print("| data set | method | AMI | NMI | ARI | other | k found | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for name, res in results["datasets"].items():
        for m, r in res["methods"].items():
            if "error" in r:
                print(f"| {name} (n={res['n']}, gold k={res['gold_labels']}) | {m} | error: {r['error']} |||||")
                continue
            print(f"| {name} (n={res['n']}, gold k={res['gold_labels']}) | {m} | {r['ami']:.3f} | {r['nmi']:.3f} | "
                  f"{r['ari']:.3f} | {r['other_share']:.0%} | {r['k']} | {r['seconds']} |")
    if results["ablation"]:
        print("\nAblation (AMI, k = gold):")
        names = list(next(iter(results["ablation"].values())))
        print("| features | " + " | ".join(results["ablation"]) + " |")
        print("|---|" + "---|" * len(results["ablation"]))
        for n in names:
            print(f"| {n} | " + " | ".join(f"{results['ablation'][d][n]:.3f}" for d in results["ablation"]) + " |")
    if "coding" in results:
        print("\nGuided coding vs seed counting (sample gold themes, statement level):")
        for r in results["coding"]:
            print(f"- {r['method']}: macro-F1 {r['macro_f1']:.3f}, accuracy {r['accuracy']:.3f}, coded {r['coded_share']:.0%}")
        print("Statement kinds (clause level, gold inherited from the statement):")
        for r in results["kinds"]:
            print(f"- {r['method']}: accuracy {r['accuracy']:.3f}, macro-F1 {r['macro_f1']:.3f}")


if __name__ == "__main__":
    main()
