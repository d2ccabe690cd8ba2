"""``StreamingThemeModel``: theme discovery that never holds a fitted vocabulary or an
n x n matrix, for inputs too large for one machine's memory (``lessons run --dask``, or
``--themes stream`` on one machine).

    tokens ─ HashingVectorizer (word uni+bigrams, our tokenizer) ─┐
    text   ─ HashingVectorizer (character 2-4-grams) ─────────────┴─ sublinear tf, l2
           ─▶ a fixed sparse random projection (seeded) ─▶ l2 ─▶ MiniBatchKMeans.partial_fit

Every step before the clustering is stateless, so each partition of texts is turned into
vectors where it lies (a Dask worker, or a local process) and only its small dense block
comes back; the clustering learns from the blocks in partition order. Partitions are
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

N_FEATURES = 2**20
DIM = 256  # dimensions after the random projection
PARTITION = 5000  # texts per partition


def _hashers():
    from sklearn.feature_extraction.text import HashingVectorizer

    from .features import _NgramAnalyzer

    words = HashingVectorizer(analyzer=_NgramAnalyzer((1, 2)), lowercase=False, n_features=N_FEATURES,
                              alternate_sign=False, norm=None)
    chars = HashingVectorizer(analyzer="char", ngram_range=(2, 4), lowercase=False, n_features=N_FEATURES,
                              alternate_sign=False, norm=None)
    return words, chars


def _projection(seed: int):
    from sklearn.random_projection import SparseRandomProjection

    rp = SparseRandomProjection(n_components=DIM, dense_output=True, random_state=seed)
    return rp.fit(sp.csr_matrix((1, 2 * N_FEATURES)))  # stateless: only the shape is seen


def embed_partition(args) -> np.ndarray:
    """One partition's vectors (float32, l2-normalised): ``args = (seed, texts)``. A pure
    function of its arguments, so it may run anywhere."""
    from sklearn.preprocessing import normalize as l2

    from ..text.tokenize import tokenize_many

    seed, texts = args
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    words, chars = _hashers()
    tokens = tokenize_many(texts, keep_stopwords=False, cache=False, workers=1)
    W = words.transform(tokens)
    C = chars.transform(texts)
    for M in (W, C):
        M.data = np.log1p(M.data)
    F = sp.hstack([l2(W), l2(C)]).tocsr()
    Z = _projection(seed).transform(F)
    return l2(np.asarray(Z)).astype(np.float32)


class StreamingThemeModel(ClusterMixin, BaseEstimator):
    """Themes by hashing, a random projection and ``MiniBatchKMeans.partial_fit`` over
    partitions (see the module's text). ``k="auto"`` scores the candidate k by silhouette
    on the first partition."""

    def __init__(self, k="auto", other_share=0.15, min_similarity=0.25, epochs=2, partition=PARTITION,
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

    def _embed(self, texts) -> np.ndarray:
        from ..parallel import map_ordered

        texts = [str(t) for t in texts]
        parts = [(self._seed(), texts[i:i + self.partition]) for i in range(0, len(texts), self.partition)]
        blocks = list(map_ordered(embed_partition, parts))
        return np.vstack(blocks) if blocks else np.zeros((0, DIM), dtype=np.float32)

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
        Z = self._embed(texts)
        if self.k == "auto":
            k, self.k_scores_ = self._choose_k(Z)
        else:
            k, self.k_scores_ = int(min(self.k, n)), pd.DataFrame(columns=["k", "silhouette", "stability", "score"])
        k = max(2, min(k, n))
        km = MiniBatchKMeans(n_clusters=k, random_state=self._seed(), n_init=3, batch_size=2048)
        for _ in range(int(self.epochs)):  # partial_fit over the partitions, in order
            for i in range(0, n, self.partition):
                block = Z[i:i + self.partition]
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
