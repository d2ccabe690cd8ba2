"""``StreamingThemeModel``: theme discovery that never holds a fitted vocabulary or an
n x n matrix, for inputs too large for one machine's memory (``lessons run --dask``, or
``--themes stream`` on one machine).

    tokens ─ HashingVectorizer (word uni+bigrams, our tokenizer) ─┐
    text   ─ HashingVectorizer (character 2-4-grams) ─────────────┴─ sublinear tf × idf, l2
           ─▶ LSA (TruncatedSVD fitted on a seeded sample) ─▶ l2 ─▶ MiniBatchKMeans.partial_fit

The vectorisers keep no vocabulary. Pass 1 sums each partition's document frequencies
(the idf); the LSA is fitted on at most ``SAMPLE`` texts; pass 2 turns each partition into
its small dense block where it lies (a Dask worker, or this process) with that shared
state, and the clustering learns from the blocks in order, a mini-batch at a time. Partitions are
fixed row ranges, so the result does not depend on where they were computed: a Dask run
gives the themes of the same method run in one process (``tests/test_scale.py``).
It exposes what the theme flow reads from :class:`~lessons.themes.model.ThemeModel`
(``labels_``, ``similarity_``, ``embedding_``, ``cluster_centers_``, ``k_scores_``,
``threshold_``, ``transform``, ``predict``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin

from .model import K_TIE, OTHER, _relabel_by_size

N_FEATURES = 2**19  # hashed columns per block (words, characters)
DIM = 100  # LSA dimensions
PARTITION = 5000  # texts per partition
SAMPLE = 5000  # texts the LSA is fitted on (a seeded sample)
BATCH = 1024  # rows per partial_fit


def _hashers():
    from sklearn.feature_extraction.text import HashingVectorizer

    from .features import _NgramAnalyzer

    words = HashingVectorizer(analyzer=_NgramAnalyzer((1, 2)), lowercase=False, n_features=N_FEATURES,
                              alternate_sign=False, norm=None)
    chars = HashingVectorizer(analyzer="char", ngram_range=(2, 4), lowercase=False, n_features=N_FEATURES,
                              alternate_sign=False, norm=None)
    return words, chars


def hashed_blocks(texts: list[str]):
    """Sublinear term counts of words (our tokenizer, uni+bigrams) and character
    2-4-grams, hashed: no vocabulary, the same on every machine."""
    from ..text.tokenize import tokenize_many

    words, chars = _hashers()
    tokens = tokenize_many(texts, keep_stopwords=False, cache=False, workers=1)
    W, C = words.transform(tokens).tocsr(), chars.transform(texts).tocsr()
    for M in (W, C):
        M.data = np.log1p(M.data)
    return W, C


def document_frequencies(texts: list[str]) -> np.ndarray:
    """How many of ``texts`` hold each hashed column (summed over partitions)."""
    W, C = hashed_blocks(texts)
    return np.concatenate([np.bincount(W.indices, minlength=N_FEATURES),
                           np.bincount(C.indices, minlength=N_FEATURES)]).astype(np.int64)


def _tfidf(texts: list[str], idf: np.ndarray):
    from sklearn.preprocessing import normalize as l2

    W, C = hashed_blocks(texts)
    W = l2(W @ sp.diags(idf[:N_FEATURES]))
    C = l2(C @ sp.diags(idf[N_FEATURES:]))
    return sp.hstack([W, C]).tocsr()


def embed_partition(state: dict, texts: list[str]) -> np.ndarray:
    """One partition's LSA vectors (float32, l2-normalised), from the shared ``state``
    (idf, the LSA's columns and components). A pure function of its arguments."""
    from sklearn.preprocessing import normalize as l2

    if not texts:
        return np.zeros((0, state["components"].shape[0]), dtype=np.float32)
    F = _tfidf(texts, state["idf"])[:, state["columns"]]
    return l2(np.asarray(F @ state["components"].T)).astype(np.float32)


def _df_partition(_state, texts):
    return document_frequencies(texts)


class StreamingThemeModel(ClusterMixin, BaseEstimator):
    """Themes by hashing, a random projection and ``MiniBatchKMeans.partial_fit`` over
    partitions (see the module's text). ``k="auto"`` scores the candidate k by silhouette
    on the first partition."""

    def __init__(self, k="auto", other_share=0.15, min_similarity=0.25, epochs=10, partition=PARTITION,
                 stability_seeds=0, verbose=0, random_state=0):
        self.k = k
        self.other_share = other_share
        self.min_similarity = min_similarity
        self.epochs = epochs
        self.partition = partition
        self.stability_seeds = stability_seeds
        self.verbose = verbose
        self.random_state = random_state

    def _seed(self) -> int:
        return int(self.random_state) if isinstance(self.random_state, (int, np.integer)) else 0

    def _parts(self, texts):
        return [texts[i:i + self.partition] for i in range(0, len(texts), self.partition)]

    def _fit_state(self, texts: list[str]) -> None:
        """Pass 1 over the partitions: document frequencies (summed) give the idf; then the
        LSA on a seeded sample of at most ``SAMPLE`` texts, kept only on the columns the
        sample uses (the others would get zero weight anyway), so the state sent to each
        partition is small."""
        from sklearn.decomposition import TruncatedSVD

        from ..parallel import map_ordered

        n = len(texts)
        df = np.zeros(2 * N_FEATURES, dtype=np.int64)
        for part in map_ordered(_df_partition, self._parts(texts), shared=None):
            df += part
        idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float64)
        rs = np.random.RandomState(self._seed())
        sample = np.sort(rs.choice(n, size=min(n, SAMPLE), replace=False))
        Fs = _tfidf([texts[i] for i in sample], idf)
        columns = np.unique(Fs.indices)
        Fs = Fs[:, columns]
        dim = int(max(2, min(DIM, Fs.shape[1] - 1, Fs.shape[0] - 1)))
        svd = TruncatedSVD(n_components=dim, random_state=self._seed()).fit(Fs)
        self.state_ = {"idf": idf.astype(np.float32), "columns": columns,
                       "components": svd.components_.astype(np.float32)}

    def _embed(self, texts) -> np.ndarray:
        from ..parallel import map_ordered

        texts = [str(t) for t in texts]
        blocks = list(map_ordered(embed_partition, self._parts(texts), shared=self.state_))
        return np.vstack(blocks) if blocks else np.zeros((0, self.state_["components"].shape[0]), dtype=np.float32)

    def _choose_k(self, Z) -> tuple[int, pd.DataFrame]:
        from sklearn.cluster import MiniBatchKMeans
        from sklearn.metrics import silhouette_score

        n = len(Z)
        first = Z[: min(n, self.partition)]
        root = np.sqrt(n)
        lo = max(2, int(round(root / 5)))
        hi = max(lo + 1, min(40, int(round(0.6 * root)), n // 3))
        hi = max(2, min(hi, len(first) - 1))
        cands = list(range(lo, hi + 1, max(1, (hi - lo) // 14))) if hi > lo else [max(2, lo)]
        rows = []
        for k in cands:
            lab = MiniBatchKMeans(n_clusters=k, n_init=3, random_state=self._seed(), batch_size=2048).fit_predict(first)
            if len(set(lab)) < 2:
                continue
            rows.append({"k": k, "silhouette": float(silhouette_score(first, lab, metric="cosine")),
                         "stability": np.nan})
        scores = pd.DataFrame(rows, columns=["k", "silhouette", "stability"])
        if scores.empty:
            return 2, scores
        scores["score"] = scores["silhouette"]
        near = scores[scores["score"] >= scores["score"].max() - K_TIE * (scores["score"].max() - scores["score"].min())]
        return int(near["k"].max()), scores

    def fit(self, X, y=None):
        from sklearn.cluster import MiniBatchKMeans
        from sklearn.preprocessing import normalize as l2

        texts = list(X.tolist() if hasattr(X, "tolist") else X)
        n = len(texts)
        if n < 2:
            raise ValueError(f"need at least 2 texts to find themes, got {n}")
        texts = [str(t) for t in texts]
        self._fit_state(texts)
        Z = self._embed(texts)
        if self.k == "auto":
            k, self.k_scores_ = self._choose_k(Z)
        else:
            k, self.k_scores_ = int(min(self.k, n)), pd.DataFrame(columns=["k", "silhouette", "stability", "score"])
        k = max(2, min(k, n))
        km = MiniBatchKMeans(n_clusters=k, random_state=self._seed(), n_init=3, batch_size=BATCH)
        for _ in range(int(self.epochs)):  # partial_fit over mini-batches of the partitions, in order
            for i in range(0, n, BATCH):
                block = Z[i:i + BATCH]
                if len(block) >= k:
                    km.partial_fit(block)
        if not hasattr(km, "cluster_centers_"):
            km.fit(Z)
        labels = _relabel_by_size(km.predict(Z))
        self.k_ = int(len(set(labels)))
        centers = np.vstack([Z[labels == c].mean(axis=0) for c in range(self.k_)])
        self.cluster_centers_ = l2(centers)
        own = np.asarray(Z @ self.cluster_centers_.T)[np.arange(n), labels]
        cap = np.quantile(own, self.other_share) if self.other_share > 0 and n > 1 else -np.inf
        self.threshold_ = float(min(self.min_similarity, cap)) if self.min_similarity else -np.inf
        self.labels_ = np.where(own < self.threshold_, OTHER, labels)
        self.similarity_ = own
        self.embedding_ = Z
        return self

    def embed(self, X):
        return self._embed(list(X))

    def transform(self, X):
        return np.asarray(self._embed(list(X)) @ self.cluster_centers_.T)

    def predict(self, X):
        sims = self.transform(X)
        labels = sims.argmax(axis=1)
        own = sims[np.arange(len(labels)), labels]
        return np.where(own < self.threshold_, OTHER, labels)

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_
