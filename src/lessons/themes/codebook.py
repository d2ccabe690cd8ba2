"""Codebook-guided (deductive) coding.

A codebook (YAML) names key issues and themes, each with a description and seed words::

    key_issues:            # optional
      1: {label: การช่วยเหลือและส่งต่อผู้เสียหาย, seeds: [คัดแยก, ส่งต่อ, ส่งกลับ]}
    themes:
      interpreters_language:
        label: ล่ามและการสื่อสาร       # optional; default: the id
        description: ล่าม ภาษา การสื่อสารกับผู้เสียหายต่างชาติ
        seeds: [ล่าม, ภาษา, แปล, พม่า]
        key_issue: 1                  # optional

Seed words are a start, not the whole method. :class:`GuidedCoder`

1. scores every text against every theme by seed hits (seeds widened through the concept
   lexicon: a seed ``ล่าม`` brings in ``แปล``, ``คุยไม่รู้เรื่อง`` ...; and through word
   vectors learnt from the texts themselves: a seed's nearest words), by the single words
   of the theme's seeds, label and description, by TF-IDF similarity to the theme's
   description and by similarity in the word-vector space;
2. takes the confident matches (and any examples coded by hand) as training data;
3. trains a classifier on them (words, characters, concepts and word vectors) and applies
   it to every text, so that texts which share no seed word with their theme are still
   coded; what it codes with confidence joins its training data (self-training) and it
   is refitted; a text it is not sure about is left uncoded and goes on to discovery.

:func:`seed_count` is the floor it has to beat: the theme with most seed hits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize as l2_normalize

from ..errors import InputError
from .features import ConceptFeatures, char_vectorizer, load_concepts, word_vectorizer


@dataclass
class CodeTheme:
    id: str
    label: str
    description: str = ""
    seeds: list[str] = field(default_factory=list)
    key_issue: int | None = None


@dataclass
class Codebook:
    themes: dict[str, CodeTheme]
    key_issues: dict[int, dict] = field(default_factory=dict)
    path: Path | None = None

    @property
    def ids(self) -> list[str]:
        return list(self.themes)

    def label(self, theme_id: str) -> str:
        t = self.themes.get(theme_id)
        return t.label if t else theme_id


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook; a problem gives :class:`InputError` naming the file."""
    from ..readers.schema import read_codebook_doc
    from ..text.normalize import normalize

    path = Path(path)
    if not path.exists():
        raise InputError(path, "codebook file not found")
    doc = read_codebook_doc(path)
    themes = {}
    for tid, spec in doc.themes.items():
        seeds = spec.seeds if spec is not None else []
        if isinstance(seeds, str):
            seeds = [s for s in seeds.replace(",", " ").split() if s]
        themes[str(tid)] = CodeTheme(
            id=str(tid), label=str((spec and spec.label) or tid), description=str((spec and spec.description) or ""),
            seeds=[normalize(str(s)) for s in seeds if str(s).strip()],
            key_issue=spec.key_issue if spec is not None else None)
    key_issues = {}
    for k, v in doc.key_issues.items():
        if isinstance(v, str):
            key_issues[int(k)] = {"label": v, "description": "", "seeds": []}
        else:
            key_issues[int(k)] = {"label": v.label, "description": v.description or "",
                                  "seeds": [normalize(str(s)) for s in v.seeds]}
    return Codebook(themes=themes, key_issues=key_issues, path=path)


def _seed_hits(texts, seed_lists) -> np.ndarray:
    """``hits[i, t]``: how many distinct seeds of theme t occur in text i (substring match on
    normalised text, so compound Thai words count)."""
    out = np.zeros((len(texts), len(seed_lists)))
    lowered = [t.lower() for t in texts]
    for j, seeds in enumerate(seed_lists):
        for s in seeds:
            s = s.lower()
            if not s:
                continue
            for i, t in enumerate(lowered):
                if s in t:
                    out[i, j] += 1
    return out


def seed_count(texts, codebook: Codebook) -> list[str | None]:
    """The baseline: the theme with most seed-word hits (ties and zero hits: uncoded)."""
    hits = _seed_hits(texts, [t.seeds for t in codebook.themes.values()])
    ids = codebook.ids
    out = []
    for row in hits:
        top = row.max()
        if top <= 0 or (row == top).sum() > 1:
            out.append(None)
        else:
            out.append(ids[int(row.argmax())])
    return out


def expand_seeds(codebook: Codebook, concepts: dict[str, list[str]]) -> list[list[str]]:
    """Each theme's seeds plus the surface forms of every concept one of its seeds belongs to
    (weak seeds, used only to find confident examples)."""
    out = []
    for t in codebook.themes.values():
        extra = []
        for forms in concepts.values():
            lowered = {f.lower() for f in forms}
            if any(s.lower() in lowered for s in t.seeds):
                extra.extend(forms)
        out.append(list(dict.fromkeys(t.seeds + extra)))
    return out


CLF_ROWS = 3000  # coded rows the classifier learns from at most (a seeded subsample above)


class GuidedCoder(BaseEstimator):
    """Code texts to codebook themes; see the module docstring.

    Parameters
    ----------
    codebook : Codebook
    min_confidence : float or "auto"
        Probability below which a text is left uncoded (``None``); "auto" is
        ``max(0.2, 1.5 / number of themes)``.
    example_weight : float
        Weight of hand-coded examples relative to confident seed matches.
    concepts : dict or None
        Concept lexicon for seed widening and features (default: the project's).
    self_training : int
        Rounds of self-training: texts the classifier codes with probability at least
        ``self_threshold`` join its training data (at half weight) and it is refitted.
    self_threshold : float
    vector_weight : float
        Weight of word vectors learnt from the texts themselves (seeds widened to their
        nearest words, and each text's similarity to each theme's seeds, label and
        description in that space).
    proto_weight : float
        Weight of that similarity when picking the confident examples.
    word_weight : float
        Weight of single words of a theme's seeds, label and description that no other
        theme uses; ``min_words`` of them make a text a confident example.
    min_words : int
    C : float
        Inverse regularisation of the logistic regression.
    random_state : int or None
    """

    def __init__(self, codebook=None, min_confidence="auto", example_weight=3.0, concepts=None, self_training=1,
                 self_threshold=0.5, vector_weight=1.0, proto_weight=3.0, word_weight=0.5, min_words=3,
                 C=4.0, random_state=None):
        self.codebook = codebook
        self.min_confidence = min_confidence
        self.example_weight = example_weight
        self.concepts = concepts
        self.self_training = self_training
        self.self_threshold = self_threshold
        self.vector_weight = vector_weight
        self.proto_weight = proto_weight
        self.word_weight = word_weight
        self.min_words = min_words
        self.C = C
        self.random_state = random_state

    def _features(self, texts, tokens, fit=False):
        if fit:
            self.word_ = word_vectorizer(min_df=1, ngram_range=(1, 2), max_df=0.5)
            self.char_ = char_vectorizer(min_df=2 if len(texts) >= 40 else 1, max_df=0.5)
            self.conc_ = ConceptFeatures(concepts=self.concepts_)
            parts = [self.word_.fit_transform(tokens), self.char_.fit_transform(texts),
                     self.conc_.fit(texts).transform(texts)]
        else:
            parts = [self.word_.transform(tokens), self.char_.transform(texts), self.conc_.transform(texts)]
        blocks = [parts[0], parts[1] * 0.8, parts[2] * 0.8]
        if self.vectors_ is not None:
            blocks.append(self.vectors_.transform(tokens) * (0.8 * self.vector_weight))
        return l2_normalize(sp.hstack(blocks).tocsr())

    def _widen_with_vectors(self, seed_tokens: list[list[str]], top: int = 6, min_sim: float = 0.55) -> list[list[str]]:
        """Each theme's nearest corpus words to its seeds (not seeds of another theme)."""
        wv = self.vectors_
        if wv is None or not wv.vocabulary_:
            return [[] for _ in seed_tokens]
        vocab = np.asarray(sorted(wv.vocabulary_, key=wv.vocabulary_.get), dtype=object)
        V = wv.vectors_
        all_seeds = {w for ts in seed_tokens for w in ts}
        out = []
        for ts in seed_tokens:
            ids = [wv.vocabulary_[w] for w in ts if w in wv.vocabulary_]
            if not ids:
                out.append([])
                continue
            sim = (V @ V[ids].T).max(axis=1)
            order = [j for j in np.argsort(-sim) if sim[j] >= min_sim and vocab[j] not in all_seeds and len(vocab[j]) > 1]
            out.append([str(vocab[j]) for j in order[:top * max(1, len(ids)) // 2]])
        return out

    def fit(self, X, y=None, tokens=None, examples: dict[int, str] | None = None):
        """``X``: normalised texts; ``y``: ignored (the codebook is the supervision);
        ``tokens``: their tokens (tokenized if None); ``examples``: ``{index: theme_id}``
        coded by hand."""
        texts = X
        from ..text.normalize import normalize
        from ..text.tokenize import tokenize_many
        from .features import CorpusWordVectors

        cb = self.codebook
        if cb is None or not cb.themes:
            raise ValueError("GuidedCoder needs a codebook with themes")
        texts = list(texts)
        tokens = tokenize_many(texts) if tokens is None else [list(t) for t in tokens]
        self.concepts_ = self.concepts if self.concepts is not None else load_concepts()
        ids = cb.ids
        protos = [normalize(" ".join([t.label, t.description, " ".join(t.seeds)])) for t in cb.themes.values()]
        proto_tokens = tokenize_many(protos)
        seed_tokens = [tokenize_many(t.seeds) for t in cb.themes.values()]
        seed_tokens = [[w for ws in st for w in ws] for st in seed_tokens]
        self.vectors_ = None
        if self.vector_weight and len(texts) >= 100:
            seed = self.random_state if isinstance(self.random_state, (int, np.integer)) else 0
            self.vectors_ = CorpusWordVectors(dim=60, random_state=seed).fit(tokens + proto_tokens)
        F = self._features(texts + protos, list(tokens) + proto_tokens, fit=True)
        X, P = F[: len(texts)], F[len(texts):]
        sim = (X @ P.T).toarray()
        hits = _seed_hits(texts, [t.seeds for t in cb.themes.values()])
        weak = _seed_hits(texts, expand_seeds(cb, self.concepts_))
        self.widened_ = dict(zip(ids, self._widen_with_vectors(seed_tokens)))
        wide = _token_hits(tokens, list(self.widened_.values()))
        # the words of each theme's seeds, label and description, one by one (a seed
        # phrase ``ไม่มีคนดูแล`` still speaks through ``ดูแล``), minus words several themes share
        own = [set(st) | set(pt) for st, pt in zip(seed_tokens, proto_tokens)]
        shared = {w for w in set().union(*own) if sum(w in o for o in own) > 1}
        parts = _token_hits(tokens, [sorted(o - shared) for o in own])
        score = 2.0 * hits + 0.5 * weak + 0.5 * wide + self.word_weight * parts + 3.0 * sim
        if self.vectors_ is not None:  # closeness to the theme's own words in the corpus's word space
            vsim = (self.vectors_.transform(tokens) @ self.vectors_.transform(proto_tokens).T).toarray()
            score = score + self.proto_weight * np.clip(vsim, 0, None)
        top = score.argmax(axis=1)
        srt = np.sort(score, axis=1)
        margin = srt[:, -1] - (srt[:, -2] if score.shape[1] > 1 else 0)
        confident = (hits.max(axis=1) >= 1) | (weak.max(axis=1) >= 2) | (parts.max(axis=1) >= self.min_words)
        confident &= margin >= np.maximum(0.75, 0.25 * srt[:, -1])
        labels = {int(i): ids[t] for i, t in zip(np.where(confident)[0], top[confident])}
        weights = {i: 1.0 for i in labels}
        for i, tid in (examples or {}).items():
            if tid in cb.themes:
                labels[int(i)], weights[int(i)] = tid, self.example_weight
        self.n_confident_ = int(confident.sum())
        self.clf_ = self._fit_clf(X, P, labels, weights, ids)
        # self-training: what the classifier codes with confidence joins its training data
        for _ in range(int(self.self_training)):
            proba = self.clf_.predict_proba(X)
            best = proba.argmax(axis=1)
            new = [i for i in np.where(proba.max(axis=1) >= self.self_threshold)[0] if int(i) not in labels]
            if not new:
                break
            for i in new:
                labels[int(i)], weights[int(i)] = str(self.clf_.classes_[best[i]]), 0.5
            self.clf_ = self._fit_clf(X, P, labels, weights, ids)
        self.classes_ = self.clf_.classes_
        self.train_labels_ = dict(sorted(labels.items()))
        self._X_fit = X
        return self

    def _fit_clf(self, X, P, labels: dict, weights: dict, ids: list[str]):
        rows = sorted(labels)
        if len(rows) > CLF_ROWS:  # a seeded subsample: the fit's cost stops growing with the input
            rs = np.random.RandomState(self.random_state if isinstance(self.random_state, (int, np.integer)) else 0)
            rows = sorted(rs.choice(rows, size=CLF_ROWS, replace=False).tolist())
        # each theme's own description is an example too, so every theme can be learned
        Xtr = sp.vstack([X[rows], P]).tocsr() if rows else P
        ytr = [labels[i] for i in rows] + ids
        wtr = [weights[i] for i in rows] + [1.0] * len(ids)
        clf = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        return clf.fit(Xtr, ytr, sample_weight=np.asarray(wtr))

    def _check(self):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "clf_")

    def predict_proba(self, texts=None, tokens=None):
        self._check()
        if texts is None:
            X = self._X_fit
        else:
            from ..text.tokenize import tokenize_many

            texts = list(texts)
            X = self._features(texts, tokenize_many(texts) if tokens is None else [list(t) for t in tokens])
        return self.clf_.predict_proba(X)

    def predict(self, texts=None, tokens=None) -> list[str | None]:
        proba = self.predict_proba(texts, tokens)
        best = proba.argmax(axis=1)
        conf = proba[np.arange(len(best)), best]
        threshold = self.threshold()
        return [self.classes_[b] if c >= threshold else None for b, c in zip(best, conf)]

    def threshold(self) -> float:
        """The probability below which a text is left uncoded (``min_confidence``)."""
        self._check()
        if self.min_confidence == "auto":
            return max(0.2, 1.5 / len(self.classes_))
        return float(self.min_confidence)

    def fit_predict(self, X, y=None, tokens=None, examples=None):
        self.fit(X, tokens=tokens, examples=examples)
        pred = self.predict()
        for i, tid in (examples or {}).items():
            pred[i] = tid  # a researcher's own coding stands
        return pred


def _token_hits(tokens, word_lists) -> np.ndarray:
    """``hits[i, t]``: how many distinct words of list t are tokens of text i."""
    out = np.zeros((len(tokens), len(word_lists)))
    sets = [set(t) for t in tokens]
    for j, words in enumerate(word_lists):
        ws = set(words)
        if ws:
            out[:, j] = [len(ws & s) for s in sets]
    return out


def code_key_issues(texts, codebook: Codebook, known=None, themes=None) -> list[int | None]:
    """A key issue for each text: the input's own (heading, SWOT column) when known, else
    the coded theme's key issue, else the key issue with most seed hits."""
    ki_ids = list(codebook.key_issues)
    hits = _seed_hits(texts, [codebook.key_issues[k]["seeds"] for k in ki_ids]) if ki_ids else None
    out = []
    for i, _ in enumerate(texts):
        k = known[i] if known is not None else None
        if k is not None and not pd.isna(k):
            out.append(int(k))
            continue
        tid = themes[i] if themes is not None else None
        if tid and codebook.themes.get(tid) and codebook.themes[tid].key_issue:
            out.append(codebook.themes[tid].key_issue)
            continue
        if hits is not None and hits[i].max() > 0 and (hits[i] == hits[i].max()).sum() == 1:
            out.append(ki_ids[int(hits[i].argmax())])
        else:
            out.append(None)
    return out

