"""Feature builders shared by theme discovery and guided coding.

Workshop statements are short and say the same thing in different words, so plain word
TF-IDF has little overlap to work with. Three sources of knowledge are added, each
replaceable and each measured in ``bench/themes_bench.py``:

- word TF-IDF over our tokens (uni- and bigrams: phrases such as ``ส่งต่อ ผู้เสียหาย``);
- character n-grams of the normalised text, for spelling variants and compounds that the
  segmenter splits differently (``ประสานงาณ`` ~ ``ประสานงาน``);
- a domain concept lexicon (``resources/dictionaries/concepts.yml``): many surface words ->
  one concept (``ล่าม``, ``แปล``, ``คุยไม่รู้เรื่อง``, ``พม่า`` -> ``ภาษาและการสื่อสาร``), as
  extra features.
"""
from __future__ import annotations
from ..config import offline as _offline

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from .. import config


def identity(x):
    """A picklable no-op analyzer for pre-tokenized input."""
    return x


def char_text(text: str) -> str:
    """Text for character n-grams: redaction placeholders and spaces removed."""
    return re.sub(r"\[[^\]]*\]|\s+", "", text)


@lru_cache(maxsize=4)
def load_concepts(path: str | None = None) -> dict[str, list[str]]:
    """``{concept: [surface forms]}`` from a YAML file (default: the package's
    ``resources/dictionaries/concepts.yml``; a missing file is an error)."""
    import yaml

    p = Path(path) if path else config.dictionary_file("concepts.yml")
    if not p.exists():
        raise config.ResourceMissing(f"lessons: concept lexicon {p} is missing")
    doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    out = {}
    for name, forms in (doc.get("concepts") or doc).items():
        if isinstance(forms, dict):
            forms = forms.get("words", [])
        out[str(name)] = sorted({str(f) for f in forms or []}, key=len, reverse=True)
    return out


SHORT_FORM = 5  # Thai forms this short must start a word (งบ, ยาย, เรียน)


class ConceptFeatures(TransformerMixin, BaseEstimator):
    """Counts of each concept's surface forms in each text, l2-normalised. Longer forms
    match as substrings of the normalised text, so multi-word forms such as
    ``คุยไม่รู้เรื่อง`` count; Thai forms of up to ``SHORT_FORM`` characters must start where
    a word of the text's segmentation starts, so ``ยาย`` does not fire inside ``ขยาย``
    (measured: substring hits of short forms put stray concepts on most of a set of city
    complaint tickets)."""

    def __init__(self, concepts: dict | None = None, path: str | None = None):
        self.concepts = concepts
        self.path = path

    def fit(self, X, y=None):
        c = self.concepts if self.concepts is not None else load_concepts(self.path)
        self.concepts_ = dict(c)
        self.names_ = sorted(self.concepts_)
        self.patterns_, self.short_ = [], []
        for n in self.names_:
            forms = [f.lower() for f in self.concepts_[n]]
            short = [f for f in forms if len(f) <= SHORT_FORM and re.fullmatch(r"[ก-๙]+", f)]
            long = [f for f in forms if f not in short]
            self.patterns_.append(re.compile("|".join(re.escape(f) for f in long)) if long else None)
            self.short_.append(re.compile("|".join(re.escape(f) for f in short)) if short else None)
        return self

    def transform(self, X):
        from ..text.tokenize import get_tokenizer

        seg = get_tokenizer().segment
        rows, cols, vals = [], [], []
        for i, text in enumerate(X):
            t = text.lower()
            starts = None
            for j, (pat, short) in enumerate(zip(self.patterns_, self.short_)):
                n = len(pat.findall(t)) if pat is not None else 0
                if short is not None:
                    hits = list(short.finditer(t))
                    if hits:
                        if starts is None:
                            starts, pos = set(), 0
                            for w in seg(t):
                                starts.add(pos)
                                pos += len(w)
                        n += sum(m.start() in starts for m in hits)
                if n:
                    rows.append(i)
                    cols.append(j)
                    vals.append(1.0 + np.log(n))
        m = sp.csr_matrix((vals, (rows, cols)), shape=(len(X), len(self.names_)))
        return l2_normalize(m)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"concept:{n}" for n in self.names_], dtype=object)


@_offline
@lru_cache(maxsize=1)
def wordnet_synsets() -> dict[str, tuple[str, ...]]:
    """Thai WordNet as shipped in PyThaiNLP's wheel (``corpus/wordnet_th.db``): word ->
    synset ids. Read directly with sqlite3, offline (the ``thai_synonyms`` corpus would
    need a download)."""
    import os
    import sqlite3

    import pythainlp

    path = os.path.join(os.path.dirname(pythainlp.__file__), "corpus", "wordnet_th.db")
    out: dict[str, list[str]] = {}
    if not os.path.exists(path):
        return {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for sid, word in con.execute("SELECT synsetid, li FROM word_synset"):
            out.setdefault(word, []).append(sid)
    finally:
        con.close()
    return {w: tuple(sorted(v)) for w, v in out.items()}


class SynsetAnalyzer:
    """Picklable analyzer: token lists -> the WordNet synsets of each token (at most
    ``max_senses`` per word), so that synonyms share features."""

    def __init__(self, max_senses: int = 3):
        self.max_senses = max_senses

    def __call__(self, toks):
        syn = wordnet_synsets()
        return [f"syn:{s}" for t in toks for s in syn.get(t, ())[: self.max_senses]]


def synset_vectorizer(min_df=2, max_df=0.5):
    return TfidfVectorizer(analyzer=SynsetAnalyzer(), lowercase=False, min_df=min_df, max_df=max_df, sublinear_tf=True)


class CorpusWordVectors(TransformerMixin, BaseEstimator):
    """Word vectors learnt from the texts themselves — no pretrained model is needed or
    downloaded: a positive PMI matrix of words co-occurring within ``window`` tokens,
    reduced by truncated SVD — and each text as the smooth-inverse-frequency weighted mean
    of its word vectors, with the common component removed (Arora et al., 2017). Words that
    keep the same company (``เน็ต`` and ``อินเทอร์เน็ต``, ``ล่าม`` and ``แปล``) end up close.

    Input: token lists. Output: l2-normalised dense vectors (as a sparse matrix).
    """

    def __init__(self, window: int = 4, dim: int = 100, min_count: int = 2, sif_a: float = 1e-3,
                 random_state=None):
        self.window = window
        self.dim = dim
        self.min_count = min_count
        self.sif_a = sif_a
        self.random_state = random_state

    def fit(self, X, y=None):
        from collections import Counter

        from sklearn.decomposition import TruncatedSVD

        docs = [list(t) for t in X]
        cnt = Counter(w for t in docs for w in t)
        vocab = sorted(w for w, c in cnt.items() if c >= self.min_count)
        self.vocabulary_ = {w: i for i, w in enumerate(vocab)}
        self.counts_ = {w: cnt[w] for w in vocab}
        self.total_ = max(1, sum(cnt.values()))
        V = len(vocab)
        if V < 3:
            self.vectors_ = np.zeros((V, 1))
            self.common_ = np.zeros((1, 1))
            return self
        rows, cols = [], []
        for t in docs:
            ids = [self.vocabulary_.get(w) for w in t]
            for i, a in enumerate(ids):
                if a is None:
                    continue
                for j in range(max(0, i - self.window), min(len(ids), i + self.window + 1)):
                    b = ids[j]
                    if j != i and b is not None:
                        rows.append(a)
                        cols.append(b)
        M = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(V, V))
        M.sum_duplicates()
        M = M.tocoo()
        tot = M.sum()
        rsum = np.asarray(M.tocsr().sum(axis=1)).ravel()
        csum = np.asarray(M.tocsr().sum(axis=0)).ravel() ** 0.75
        csum = csum / max(csum.sum(), 1e-12)
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log((M.data / tot) / ((rsum[M.row] / tot) * csum[M.col]))
        keep = pmi > 0
        P = sp.csr_matrix((pmi[keep], (M.row[keep], M.col[keep])), shape=(V, V))
        k = int(max(1, min(self.dim, V - 1)))
        seed = self.random_state if isinstance(self.random_state, (int, np.integer)) else 0
        self.vectors_ = l2_normalize(TruncatedSVD(n_components=k, random_state=seed).fit_transform(P))
        D = self._mean_vectors(docs)
        # the common component (SIF): the direction every text shares, removed in transform
        self.common_ = np.linalg.svd(D, full_matrices=False)[2][:1] if D.any() else np.zeros((1, k))
        return self

    def _mean_vectors(self, docs):
        out = np.zeros((len(docs), self.vectors_.shape[1]))
        a = self.sif_a
        for i, t in enumerate(docs):
            ids = [(self.vocabulary_[w], a / (a + self.counts_[w] / self.total_)) for w in t if w in self.vocabulary_]
            if ids:
                out[i] = sum(self.vectors_[j] * wt for j, wt in ids) / len(ids)
        return out

    def transform(self, X):
        D = self._mean_vectors([list(t) for t in X])
        D = D - D @ self.common_.T @ self.common_
        return sp.csr_matrix(l2_normalize(D))


def word_vectorizer(min_df=1, ngram_range=(1, 2), max_df=0.5):
    return TfidfVectorizer(analyzer=identity, lowercase=False, min_df=min_df, max_df=max_df,
                           sublinear_tf=True) if ngram_range == (1, 1) else TfidfVectorizer(
        analyzer=_ngrams_analyzer(ngram_range), lowercase=False, min_df=min_df, max_df=max_df, sublinear_tf=True)


class _NgramAnalyzer:
    """Picklable: token lists -> uni/bi-grams joined by a space."""

    def __init__(self, ngram_range):
        self.ngram_range = ngram_range

    def __call__(self, toks):
        lo, hi = self.ngram_range
        out = list(toks) if lo <= 1 else []
        for n in range(max(2, lo), hi + 1):
            out.extend(" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1))
        return out


def _ngrams_analyzer(ngram_range):
    return _NgramAnalyzer(tuple(ngram_range))


def char_vectorizer(ngram_range=(2, 4), min_df=2, max_df=0.5):
    return TfidfVectorizer(analyzer="char", ngram_range=ngram_range, min_df=min_df, max_df=max_df,
                           sublinear_tf=True, preprocessor=char_text, lowercase=True)


