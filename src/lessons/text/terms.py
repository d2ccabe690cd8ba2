"""Word-level views the notebooks call: term frequencies, collocations, KWIC, and
co-occurrence of terms within clauses. All work on the ``tokens`` column that
:func:`lessons.text.pipeline.build_clauses` makes."""
from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import pandas as pd

from .tokenize import get_tokenizer


def term_frequencies(clauses: pd.DataFrame, by: str | list[str] | None = None, top: int | None = None,
                     min_count: int = 1) -> pd.DataFrame:
    """Counts of each term: ``count`` (occurrences), ``clauses`` (clauses that hold it)
    and ``share`` (of all clauses in the group). With ``by`` (e.g. ``"province"``,
    ``"key_issue"``, ``"source_kind"``, ``["group", "kind"]``) one table per group,
    stacked, most frequent first within each group."""
    keys = [by] if isinstance(by, str) else list(by or [])
    frames = []
    groups = clauses.groupby(keys, dropna=False, sort=True) if keys else [((), clauses)]
    for key, df in groups:
        occ, docs = Counter(), Counter()
        for toks in df["tokens"]:
            occ.update(toks)
            docs.update(set(toks))
        if not occ:
            continue
        t = pd.DataFrame({"term": list(occ), "count": list(occ.values())})
        t["clauses"] = t["term"].map(docs)
        t["share"] = t["clauses"] / max(1, len(df))
        t = t[t["count"] >= min_count].sort_values(["count", "term"], ascending=[False, True])
        if top:
            t = t.head(top)
        key = key if isinstance(key, tuple) else (key,)
        for k, v in zip(keys, key):
            t.insert(0, k, v)
        frames.append(t)
    if not frames:
        return pd.DataFrame(columns=[*keys, "term", "count", "clauses", "share"])
    return pd.concat(frames, ignore_index=True)


def collocations(clauses: pd.DataFrame, min_count: int = 3, top: int = 50, sizes=(2, 3)) -> pd.DataFrame:
    """Frequent, high-PMI bigrams and trigrams of adjacent content tokens (``ส่งต่อ
    ผู้เสียหาย``): ``phrase``, ``n``, ``count``, ``pmi`` (log2 of observed over expected),
    ranked by ``count * pmi``."""
    uni = Counter()
    grams: dict[int, Counter] = {n: Counter() for n in sizes}
    total = 0
    for toks in clauses["tokens"]:
        uni.update(toks)
        total += len(toks)
        for n in sizes:
            grams[n].update(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))
    rows = []
    for n, cnt in grams.items():
        n_total = max(1, sum(cnt.values()))
        for g, c in cnt.items():
            if c < min_count or len(set(g)) < n:
                continue
            expected = math.prod(uni[w] / total for w in g) * n_total
            pmi = math.log2(c / expected) if expected > 0 else 0.0
            if pmi <= 0:
                continue
            rows.append({"phrase": " ".join(g), "n": n, "count": c, "pmi": round(pmi, 3),
                         "score": round(c * pmi, 3)})
    df = pd.DataFrame(rows, columns=["phrase", "n", "count", "pmi", "score"])
    return df.sort_values(["score", "phrase"], ascending=[False, True]).head(top).reset_index(drop=True)


def kwic(statements: pd.DataFrame, term: str, width: int = 6, text_column: str | None = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` (a word or a phrase of several
    words), with ``width`` tokens either side and the source reference (statement id,
    file, location). Works on statements or clauses; uses the normalised text when the
    table has it."""
    from .normalize import normalize

    tok = get_tokenizer(keep_stopwords=True)
    target = [t for t in tok(normalize(term))] or [term]
    col = text_column or ("text_norm" if "text_norm" in statements else "text")
    rows = []
    ref_cols = [c for c in ("statement_id", "clause_id", "source_file", "location", "group", "province",
                            "key_issue") if c in statements]
    for rec in statements.to_dict("records"):
        text = rec[col] if col == "text_norm" else normalize(rec[col])
        toks = tok(text)
        n = len(target)
        for i in range(len(toks) - n + 1):
            if toks[i:i + n] == target:
                rows.append({**{c: rec[c] for c in ref_cols},
                             "left": " ".join(toks[max(0, i - width):i]),
                             "keyword": " ".join(toks[i:i + n]),
                             "right": " ".join(toks[i + n:i + n + width])})
    return pd.DataFrame(rows, columns=[*ref_cols, "left", "keyword", "right"])


def cooccurrence(clauses: pd.DataFrame, top_terms: int = 60, min_count: int = 2) -> pd.DataFrame:
    """Pairs of terms that appear in the same clause: ``count`` and normalised PMI
    (``npmi``, -1..1), among the ``top_terms`` most frequent terms."""
    freq = Counter()
    for toks in clauses["tokens"]:
        freq.update(set(toks))
    vocab = {t for t, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:top_terms]}
    pairs = Counter()
    n_docs = max(1, len(clauses))
    for toks in clauses["tokens"]:
        present = sorted(set(toks) & vocab)
        pairs.update(combinations(present, 2))
    rows = []
    for (a, b), c in pairs.items():
        if c < min_count:
            continue
        p_ab, p_a, p_b = c / n_docs, freq[a] / n_docs, freq[b] / n_docs
        pmi = math.log(p_ab / (p_a * p_b))
        npmi = pmi / -math.log(p_ab) if p_ab < 1 else 1.0
        rows.append({"term_a": a, "term_b": b, "count": c, "npmi": round(npmi, 4)})
    df = pd.DataFrame(rows, columns=["term_a", "term_b", "count", "npmi"])
    return df.sort_values(["count", "npmi", "term_a", "term_b"], ascending=[False, False, True, True]).reset_index(drop=True)


def cooccurrence_graph(pairs: pd.DataFrame, min_count: int = 3):
    """A networkx graph of the co-occurrence table (edge weight = count), ready for
    ``networkx.draw`` or :func:`lessons.viz.draw_cooccurrence`."""
    import networkx as nx

    g = nx.Graph()
    for r in pairs.itertuples(index=False):
        if r.count >= min_count:
            g.add_edge(r.term_a, r.term_b, weight=int(r.count), npmi=float(r.npmi))
    return g
