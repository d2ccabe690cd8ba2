"""``ThemeModel``: theme discovery over short Thai texts, as a scikit-learn estimator.

Pipeline (each part replaceable by parameter):

    normalised text ─┬─ word TF-IDF (our tokenizer, uni+bigrams) ──┐
                     ├─ character n-gram TF-IDF ───────────────────┼─ weighted hstack
                     └─ concept lexicon features ──────────────────┘
                                   ─▶ TruncatedSVD (LSA) ─▶ l2 ─▶ KMeans(k)
                                   ─▶ clauses far from every centre ─▶ "อื่น ๆ" (capped)

``k="auto"`` picks the number of themes in a range by silhouette combined with
stability across seeds (the curve is in ``k_scores_``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin, clone
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.utils import check_random_state

from .features import ConceptFeatures, CorpusWordVectors, char_vectorizer, synset_vectorizer, word_vectorizer

OTHER = -1
# concept-lexicon coverage (share of texts with a hit) at which its weight starts and is
# full: 0.85 on the sample workshop, 0.8 on the independent ones; stray hits reach 0.5-0.6
# out of the domain (city complaint tickets), where the lexicon only adds noise
CONCEPT_RAMP = (0.45, 0.85)
EXACT_ROWS = 5000  # texts; above this, neighbours, k and KMeans starts are found at a bounded cost
BUCKET = 1000  # texts per coarse cluster of the approximate neighbour search
K_TIE = 0.02  # scores of k this close to the best count as a tie (the larger k wins)


def check_k(k, n: int, what: str = "texts") -> None:
    """A clear error when ``--k`` asks for more themes than ``n`` texts can carry (at least
    two texts a theme); ``k="auto"`` always fits."""
    if k == "auto" or k is None:
        return
    from ..errors import InputError

    most = n // 2
    if k > most:
        fix = f"use --k {most} or less, or --k auto" if most >= 2 else "use --k auto"
        raise InputError(None, f"--k {k} asks for more themes than the {n:,} {what} can carry "
                               f"(at least 2 each): {fix}")


class ThemeModel(ClusterMixin, TransformerMixin, BaseEstimator):
    """Discover themes in short texts.

    Parameters
    ----------
    k : int or "auto"
        Number of themes, or chosen automatically within ``k_range``.
    k_range : (int, int) or None
        Range searched when ``k="auto"``; default from the number of texts.
    word_weight, char_weight, concept_weight : float
        Weights of the three feature blocks (0 turns a block off). The concept weight is
        scaled down automatically when the lexicon matches few of the texts (out of its
        domain stray matches only add noise): see ``concept_coverage_`` and
        ``concept_weight_``.
    ngram_range : tuple
        Word n-grams (over our tokens).
    n_components : int
        LSA dimensions (capped by the data).
    clusterer : estimator or None
        Any scikit-learn clusterer with ``n_clusters`` and ``fit_predict``; default
        ``KMeans(n_init=10)``.
    vector_weight : float
        Weight of word vectors learnt from the texts themselves (co-occurrence PMI + SVD,
        smooth-inverse-frequency averages): see :class:`~lessons.themes.features.CorpusWordVectors`.
        They need a corpus: the weight ramps from 0 at 100 texts to full at 500
        (``vector_weight_``).
    synset_weight : float
        Weight of Thai WordNet synset features (off by default: measured, they lowered
        AMI; see bench/themes_bench.py).
    smooth_neighbors : int
        Average each text's vector with its nearest neighbours before clustering.
    refine_iter : int
        Rounds of reassignment by a classifier trained on central members (off).
    other_share : float
        At most this share of texts goes to the "other" theme (label -1).
    min_similarity : float
        Texts whose cosine similarity to their theme's centre is below this are "other"
        (until ``other_share`` is reached).
    concepts : dict or None
        ``{concept: [surface forms]}``; default: the project's concept lexicon.
    verbose : int
        Show a progress bar while choosing k.
    random_state : int, RandomState or None
    """

    def __init__(self, k="auto", k_range=None, word_weight=1.0, char_weight=1.0, concept_weight=0.8,
                 ngram_range=(1, 2), n_components=100, clusterer=None, other_share=0.15,
                 min_similarity=0.25, concepts=None, stability_seeds=2, keep_stopwords=True,
                 smooth_neighbors=5, refine_iter=0, synset_weight=0.0, vector_weight=1.0, verbose=0,
                 random_state=None):
        self.k = k
        self.k_range = k_range
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.concept_weight = concept_weight
        self.ngram_range = ngram_range
        self.n_components = n_components
        self.clusterer = clusterer
        self.other_share = other_share
        self.min_similarity = min_similarity
        self.concepts = concepts
        self.stability_seeds = stability_seeds
        self.keep_stopwords = keep_stopwords
        self.smooth_neighbors = smooth_neighbors
        self.refine_iter = refine_iter
        self.synset_weight = synset_weight
        self.vector_weight = vector_weight
        self.verbose = verbose
        self.random_state = random_state

    # ------------------------------------------------------------------ features
    def _blocks(self, n_docs):
        blocks = []
        min_df = 2 if n_docs >= 40 else 1
        if self.word_weight:
            blocks.append(("words", word_vectorizer(min_df=1, ngram_range=self.ngram_range, max_df=0.5),
                           self.word_weight, "tokens"))
        if self.char_weight:
            blocks.append(("chars", char_vectorizer(min_df=min_df, max_df=0.5), self.char_weight, "text"))
        if self.concept_weight:
            blocks.append(("concepts", ConceptFeatures(concepts=self.concepts), self.concept_weight, "text"))
        if self.synset_weight:
            blocks.append(("synsets", synset_vectorizer(min_df=min_df), self.synset_weight, "tokens"))
        if self.vector_weight:
            blocks.append(("vectors", CorpusWordVectors(random_state=self._seed), self.vector_weight, "tokens"))
        if not blocks:
            raise ValueError("all feature weights are 0")
        return blocks

    def _input(self, X):
        from ..text.tokenize import tokenize_many

        texts = [str(x) for x in (X.tolist() if hasattr(X, "tolist") else X)]
        return texts, tokenize_many(texts, keep_stopwords=self.keep_stopwords)

    def _features(self, texts, tokens, fit: bool):
        from ..timing import stage

        with stage("features"):
            return self._features_of(texts, tokens, fit)

    def _features_of(self, texts, tokens, fit: bool):
        mats = []
        for name, vec, w, kind in self.blocks_:
            data = tokens if kind == "tokens" else texts
            try:
                m = vec.fit_transform(data) if fit else vec.transform(data)
            except ValueError:  # empty vocabulary (e.g. very few texts)
                m = sp.csr_matrix((len(texts), 0))
                if fit:
                    vec.vocabulary_ = {}
            if name == "vectors":
                if fit:
                    # word vectors need a corpus: none below ~100 texts, full weight from ~500
                    self.vector_weight_ = w * float(np.clip((len(texts) - 100) / 400, 0, 1))
                w = self.vector_weight_
            if name == "concepts":
                if fit:
                    self.concept_coverage_ = float((m.getnnz(axis=1) > 0).mean()) if m.shape[0] else 0.0
                    lo, hi = CONCEPT_RAMP
                    self.concept_weight_ = w * float(np.clip((self.concept_coverage_ - lo) / (hi - lo), 0, 1))
                w = self.concept_weight_
            mats.append(m * w)
        return sp.hstack(mats).tocsr()

    def _embed(self, F, fit: bool):
        from ..timing import stage

        with stage("features"):
            return self._embed_of(F, fit)

    def _embed_of(self, F, fit: bool):
        if fit:
            n_comp = int(min(self.n_components, max(2, F.shape[1] - 1), max(2, F.shape[0] - 1)))
            self.svd_ = TruncatedSVD(n_components=n_comp, random_state=self._seed)
            Z = self.svd_.fit_transform(F)
        else:
            Z = self.svd_.transform(F)
        return l2_normalize(Z)

    # ------------------------------------------------------------------ clustering
    def _cluster(self, Z, k, seed, n_init=10):
        if self.clusterer is None:
            est = KMeans(n_clusters=k, n_init=n_init, random_state=seed)
        else:
            est = clone(self.clusterer)
            params = est.get_params()
            if "n_clusters" in params:
                est.set_params(n_clusters=k)
            if "random_state" in params:
                est.set_params(random_state=seed)
        # one thread: on small matrices (and on a busy machine) OpenMP's thread start-up
        # and spinning cost far more than the work (6 to 15x slower measured on 2 cores);
        # the result is the same
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            labels = est.fit_predict(Z)
        return labels

    def _k_candidates(self, n):
        if self.k_range is not None:
            lo, hi = self.k_range
        else:
            # a rule of thumb around sqrt(n): from sqrt(n)/5 to 0.6*sqrt(n), at most 40
            root = np.sqrt(n)
            lo = max(2, int(round(root / 5)))
            hi = max(lo + 1, min(40, int(round(0.6 * root)), n // 3))
        lo, hi = max(2, int(lo)), max(2, min(int(hi), n - 1))
        if hi <= lo:
            return [lo]
        step = max(1, (hi - lo) // 14)
        return list(range(lo, hi + 1, step))

    def _smooth(self, Z):
        """Average each text with its nearest neighbours: short texts borrow words from
        texts that say the same thing. Exact up to ``EXACT_ROWS`` texts; above, the
        neighbours are searched within coarse clusters of about ``BUCKET`` texts (an
        approximate search: cost and memory grow linearly, not with n x n)."""
        m = int(self.smooth_neighbors or 0)
        if m <= 0 or Z.shape[0] <= m + 1:
            return Z
        if Z.shape[0] <= EXACT_ROWS:
            S = Z @ Z.T
            np.fill_diagonal(S, -np.inf)
            idx = np.argpartition(-S, m, axis=1)[:, :m]
            return l2_normalize(Z + Z[idx].mean(axis=1))
        return l2_normalize(Z + approximate_neighbour_mean(Z, m, self._seed))

    def _refine(self, F, labels, k):
        """Iterative classification: train a linear classifier on the most central
        members of each theme and reassign every text, a few times."""
        from sklearn.linear_model import LogisticRegression

        labels = np.asarray(labels)
        for _ in range(int(self.refine_iter)):
            keep = np.zeros(len(labels), bool)
            Zc = self.svd_.transform(F)
            Zc = l2_normalize(Zc)
            for c in np.unique(labels):
                members = np.where(labels == c)[0]
                if len(members) == 0:
                    continue
                centre = l2_normalize(Zc[members].mean(axis=0, keepdims=True))[0]
                sim = Zc[members] @ centre
                cut = np.quantile(sim, 0.3) if len(members) > 3 else -np.inf
                keep[members[sim >= cut]] = True
            if len(np.unique(labels[keep])) < 2:
                break
            clf = LogisticRegression(C=5.0, max_iter=300)
            clf.fit(F[keep], labels[keep])
            new = clf.predict(F)
            if (new == labels).all():
                break
            labels = new
        return labels

    def _final_clusters(self, Zs, k):
        """KMeans on every text; above ``EXACT_ROWS`` texts, its 10 starts are tried on a
        seeded subsample and the best centres refined on all texts (one start), so the
        cost stays linear in n."""
        n = Zs.shape[0]
        if n <= EXACT_ROWS or self.clusterer is not None:
            return self._cluster(Zs, k, self._seed)
        from threadpoolctl import threadpool_limits

        rs = np.random.RandomState(self._seed)
        sample = np.sort(rs.choice(n, size=EXACT_ROWS, replace=False))
        with threadpool_limits(limits=1):
            init = KMeans(n_clusters=k, n_init=10, random_state=self._seed).fit(Zs[sample]).cluster_centers_
        est = KMeans(n_clusters=k, init=init, n_init=1, max_iter=100, random_state=self._seed)
        return est.fit_predict(Zs)

    def _choose_k(self, Z):
        n = Z.shape[0]
        if n > EXACT_ROWS:  # the curve on a seeded subsample: the same k, at a fixed cost
            rs = np.random.RandomState(self._seed)
            Z = Z[np.sort(rs.choice(n, size=EXACT_ROWS, replace=False))]
            n = Z.shape[0]
        rs = np.random.RandomState(self._seed)
        sample = rs.choice(n, size=min(n, 2000), replace=False) if n > 2000 else np.arange(n)
        rows = []
        candidates = self._k_candidates(n)
        if self.verbose:
            from tqdm.auto import tqdm

            candidates = tqdm(candidates, desc="Choosing the number of themes", unit="k", leave=False)
        for k in candidates:
            base = self._cluster(Z, k, self._seed)
            if len(set(base)) < 2:
                continue
            sil = float(silhouette_score(Z[sample], base[sample], metric="cosine"))
            aris = [adjusted_rand_score(base, self._cluster(Z, k, self._seed + 101 * (s + 1), n_init=3))
                    for s in range(self.stability_seeds)]
            stab = float(np.mean(aris)) if aris else 1.0
            rows.append({"k": k, "silhouette": sil, "stability": stab})
        scores = pd.DataFrame(rows)
        if scores.empty:
            return 2, scores
        # silhouette rewards separation, stability rewards reproducible themes; both in [0, 1]
        sil = scores["silhouette"].clip(lower=0)
        sil_n = (sil - sil.min()) / (sil.max() - sil.min()) if sil.max() > sil.min() else sil * 0 + 1
        scores["score"] = 0.5 * sil_n + 0.5 * scores["stability"].clip(lower=0)
        # near-ties go to the finer split: a reader can merge two themes (themes.yml), but
        # cannot see one that was never separated
        near = scores[scores["score"] >= scores["score"].max() - K_TIE]
        best = int(near["k"].max())
        return best, scores

    # ------------------------------------------------------------------ API
    def fit(self, X, y=None):
        texts, tokens = self._input(X)
        n = len(texts)
        if n < 2:
            raise ValueError(f"need at least 2 texts to find themes, got {n}")
        rs = check_random_state(self.random_state)
        self._seed = int(rs.randint(0, 2**31 - 1)) if not isinstance(self.random_state, (int, np.integer)) \
            else int(self.random_state)
        self.blocks_ = self._blocks(n)
        F = self._features(texts, tokens, fit=True)
        Z = self._embed(F, fit=True)
        if self.k == "auto":
            k, self.k_scores_ = self._choose_k(Z)
        else:
            k, self.k_scores_ = int(min(self.k, n)), pd.DataFrame(columns=["k", "silhouette", "stability", "score"])
        labels = self._final_clusters(self._smooth(Z), k)
        if self.refine_iter:
            labels = self._refine(F, labels, k)
        labels = _relabel_by_size(labels)
        self.k_ = int(len(set(labels)))
        centers = np.vstack([Z[labels == c].mean(axis=0) for c in range(self.k_)])
        self.cluster_centers_ = l2_normalize(centers)
        sims = Z @ self.cluster_centers_.T
        own = sims[np.arange(n), labels]
        self.threshold_ = self._other_threshold(own)
        labels = np.where(own < self.threshold_, OTHER, labels)
        self.labels_ = labels
        self.similarity_ = own
        self.embedding_ = Z
        return self

    def _other_threshold(self, own):
        """Similarity below which a text is "other": ``min_similarity``, but never more
        than ``other_share`` of texts."""
        if not self.min_similarity or self.other_share <= 0:
            return -np.inf
        cap = np.quantile(own, self.other_share) if len(own) > 1 else -np.inf
        return float(min(self.min_similarity, cap))

    def embed(self, X):
        """Each text in the fitted representation (the LSA space themes are found in,
        l2-normalised): what :mod:`lessons.synthesis` merges near-duplicates in."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "svd_")
        texts, tokens = self._input(X)
        return self._embed(self._features(texts, tokens, fit=False), fit=False)

    def transform(self, X):
        """Cosine similarity of each text to each theme centre (n_texts x k)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "cluster_centers_")
        texts, tokens = self._input(X)
        Z = self._embed(self._features(texts, tokens, fit=False), fit=False)
        return Z @ self.cluster_centers_.T

    def predict(self, X):
        sims = self.transform(X)
        labels = sims.argmax(axis=1)
        own = sims[np.arange(len(labels)), labels]
        return np.where(own < self.threshold_, OTHER, labels)

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"theme{i}" for i in range(self.k_)], dtype=object)

    def feature_names(self) -> list[str]:
        """Names of the columns before LSA (for labelling and inspection)."""
        out = []
        for name, vec, _, _ in self.blocks_:
            try:
                out.extend(f"{name}:{f}" for f in vec.get_feature_names_out())
            except (AttributeError, ValueError):
                pass
        return out


def approximate_neighbour_mean(Z, m: int, seed: int) -> np.ndarray:
    """For each row of ``Z`` (l2-normalised), the mean of its ``m`` most similar other rows
    among the rows of its coarse cluster (MiniBatchKMeans into about n / ``BUCKET``
    clusters): memory O(BUCKET^2) at a time, time O(n x BUCKET)."""
    from sklearn.cluster import MiniBatchKMeans

    n = Z.shape[0]
    n_buckets = max(2, int(round(n / BUCKET)))
    coarse = MiniBatchKMeans(n_clusters=n_buckets, batch_size=4096, n_init=1, max_iter=20,
                             random_state=seed).fit_predict(Z)
    out = np.empty_like(Z)
    for b in range(n_buckets):
        rows = np.where(coarse == b)[0]
        if len(rows) <= 1:
            out[rows] = Z[rows]
            continue
        mm = min(m, len(rows) - 1)
        S = Z[rows] @ Z[rows].T
        np.fill_diagonal(S, -np.inf)
        idx = np.argpartition(-S, mm - 1, axis=1)[:, :mm] if mm < len(rows) - 1 else \
            np.argsort(-S, axis=1)[:, :mm]
        out[rows] = Z[rows][idx].mean(axis=1)
    return out


def _relabel_by_size(labels):
    """Theme 0 is the largest; ties broken by first appearance (deterministic)."""
    labels = np.asarray(labels)
    uniq = [c for c in dict.fromkeys(labels.tolist()) if c != OTHER]
    order = sorted(uniq, key=lambda c: (-(labels == c).sum(), uniq.index(c)))
    mapping = {c: i for i, c in enumerate(order)}
    mapping[OTHER] = OTHER
    return np.asarray([mapping[c] for c in labels])
