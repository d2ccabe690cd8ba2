"""Labels and evidence for themes: class-based TF-IDF keywords, a short Thai label,
representative quotes (diverse, traceable) and a stability score."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils import check_random_state

from .features import identity

GENERIC = {"ปัญหา", "อุปสรรค", "เรื่อง", "ไม่มี", "ไม่ได้", "ไม่พอ", "ไม่เพียงพอ", "ควร", "ล่าช้า", "ขาด", "เด็ก",
           "ผู้เสียหาย", "จังหวัด", "หน่วยงาน", "งาน", "ทำงาน", "เจ้าหน้าที่", "ทีม", "ดี", "ได้", "ให้", "มา", "ไป", "แต่",
           "และ", "ที่", "ก็", "จะ", "ไม่", "มี", "เป็น", "ว่า", "การ", "ของ", "ใน", "กับ", "คือ", "นะ", "ค่ะ", "ครับ",
           "เคส", "โทร", "ปี", "เดือน", "สุดท้าย", "กี่", "แบบนี้", "บอ", "ดู", "นั่ง", "หา", "คุย", "บางคน", "คนอื่น",
           "เข้าไป", "เข้ามา", "มาจาก", "ตอน", "ตอนที่", "น้อง", "พี่", "โดน", "รอบ", "ครั้ง", "วัน", "ข้อ", "เสนอ", "ข้อเสนอ",
           "จุดแข็ง", "ค้าง", "บอก", "สี่", "สิบ", "กลับมา", "ที่มา", "ไหน", "ตัวเอง", "สัก", "case", "vs",
           # titles left in front of redacted names, and the word "name"
           "ด.ญ.", "ด.ช.", "นาย", "นาง", "นางสาว", "น.ส.", "เด็กหญิง", "เด็กชาย", "คุณ", "ม.", "ชื่อ"}


class ClassTfidf(TfidfTransformer):
    """c-TF-IDF (BERTopic's formulation) as a scikit-learn transformer: rows are classes
    (themes), each the summed term counts of its documents; idf = log(1 + A / f_t), with A
    the average number of words per class."""

    def fit(self, X, y=None):
        X = X.tocsr() if hasattr(X, "tocsr") else X
        df = np.asarray(X.sum(axis=0)).ravel()
        avg = float(X.sum()) / max(1, X.shape[0])
        self.idf_custom_ = np.log(1 + avg / np.maximum(df, 1))
        return self

    def transform(self, X, copy=True):
        X = X.tocsr().astype(float)
        tf = X.multiply(1 / np.maximum(np.asarray(X.sum(axis=1)), 1))
        return tf.multiply(self.idf_custom_).tocsr()


def theme_keywords(token_lists, labels, top: int = 10, exclude=GENERIC) -> dict[int, list[str]]:
    """Most distinctive terms (uni- and bigrams) of each theme by c-TF-IDF."""
    from sklearn.feature_extraction.text import CountVectorizer

    from .features import _NgramAnalyzer

    labels = np.asarray(labels)
    themes = sorted(t for t in set(labels.tolist()) if t != -1)
    if not themes:
        return {}
    docs = [[w for w in _NgramAnalyzer((1, 2))(list(toks)) if all(p not in exclude for p in w.split())]
            for toks in token_lists]
    cv = CountVectorizer(analyzer=identity, lowercase=False)
    try:
        C = cv.fit_transform(docs)
    except ValueError:
        return {t: [] for t in themes}
    import scipy.sparse as sp

    rows = [sp.csr_matrix(C[labels == t].sum(axis=0)) for t in themes]
    full = ClassTfidf().fit_transform(sp.vstack(rows)).tocsr()
    # a keyword should be shared: used in at least 2 texts and 3 % of the theme's texts;
    # words used once fill in only when a (small) theme has too few shared ones
    B = (C > 0).astype(float)
    vocab = np.asarray(cv.get_feature_names_out())
    out = {}
    for i, t in enumerate(themes):
        members = labels == t
        df_in = np.asarray(B[members].sum(axis=0)).ravel()
        row = full[i].toarray().ravel()
        shared = np.where(df_in >= max(2.0, 0.03 * members.sum()), row, 0.0)
        words: list[str] = []
        for score in (shared, row):
            for j in np.lexsort((vocab, -score)):
                if score[j] <= 0 or len(words) >= top:
                    break
                w = vocab[j]
                # a bigram whose parts are listed adds nothing; a unigram inside a listed bigram neither
                if w in words or any(w in x.split() or x in w.split() for x in words if " " in x or " " in w):
                    continue
                words.append(w)
            if len(words) >= 3:
                break
        out[t] = words
    return out


def keywords_by_theme(token_lists, theme_ids, top: int = 8) -> dict:
    """``{theme id: keywords}`` by c-TF-IDF across all themes at once, so that each theme's
    words are distinctive against the others."""
    theme_ids = list(theme_ids)
    ids = sorted(set(theme_ids))
    pos = {t: i for i, t in enumerate(ids)}
    kw = theme_keywords(list(token_lists), np.asarray([pos[t] for t in theme_ids]), top=top)
    return {t: kw.get(pos[t], []) for t in ids}


def representative_quotes(members: pd.DataFrame, n: int = 5, min_len: int = 30) -> list[int]:
    """Row positions of ``n`` quotes of one theme (``text``, ``tokens``, ``group``,
    ``source_file`` columns): close to the theme's centre in TF-IDF space and diverse."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize as l2

    try:
        emb = l2(TfidfVectorizer(analyzer=identity, lowercase=False).fit_transform(members["tokens"]).toarray())
    except ValueError:  # no words at all
        emb = np.ones((len(members), 1))
    centre = emb.mean(axis=0)
    centre = centre / (np.linalg.norm(centre) or 1)
    return pick_quotes(members["text"].tolist(), emb, centre, members.reset_index(drop=True), n=n, min_len=min_len)


def make_label(keywords: list[str], n: int = 3) -> str:
    """``'ล่าม · ภาษาเมียนมา · แปล'`` from the top keywords."""
    return " · ".join(keywords[:n]) if keywords else "(ไม่มีคำเด่น: ข้อความสั้นหรือคำทั่วไป)"


def pick_quotes(texts, embedding, centre, meta: pd.DataFrame, n: int = 4, lam: float = 0.5,
                min_len: int = 30, max_len: int = 260) -> list[int]:
    """Representative and diverse quotes (maximal marginal relevance): close to the theme's
    centre, unlike each other, preferably from different groups/sources. Returns row
    positions."""
    if len(texts) == 0:
        return []
    rel = embedding @ centre
    ok = np.asarray([min_len <= len(t) <= max_len for t in texts])
    cand = list(np.where(ok)[0])
    if len(cand) < min(n, 3):  # a small theme: shorter texts may serve, best first
        rest = sorted(set(range(len(texts))) - set(cand), key=lambda i: -rel[i])
        cand += rest[: min(n, 3) - len(cand)]
    chosen: list[int] = []
    sources: Counter = Counter()
    sim = embedding @ embedding.T
    while cand and len(chosen) < n:
        best, best_score = None, -np.inf
        for i in cand:
            div = max((sim[i, j] for j in chosen), default=0.0)
            src = (meta.iloc[i].get("group"), meta.iloc[i].get("source_file"))
            penalty = 0.15 * sources[src]
            score = lam * rel[i] - (1 - lam) * div - penalty
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
        sources[(meta.iloc[best].get("group"), meta.iloc[best].get("source_file"))] += 1
        cand.remove(best)
    return chosen


def jaccard_stability(labels, refits: list[np.ndarray], index_sets: list[np.ndarray]) -> dict[int, float]:
    """For each theme, the mean over refits of the best Jaccard overlap between its members
    (restricted to the refit's sample) and any theme of the refit."""
    labels = np.asarray(labels)
    out = {}
    for t in sorted(set(labels.tolist()) - {-1}):
        scores = []
        for lab, idx in zip(refits, index_sets):
            members = set(idx[labels[idx] == t].tolist())
            if not members:
                continue
            best = 0.0
            for c in set(lab.tolist()) - {-1}:
                other = set(idx[lab == c].tolist())
                j = len(members & other) / len(members | other)
                best = max(best, j)
            scores.append(best)
        out[t] = float(np.mean(scores)) if scores else float("nan")
    return out


def bootstrap_stability(model, texts, labels, n_boot: int = 8, frac: float = 0.8, seed: int = 0,
                        progress: bool = False) -> dict[int, float]:
    """Refit ``model`` (same k) on random 80 % subsamples with other seeds and score how well
    each theme reappears."""
    from sklearn.base import clone

    rs = check_random_state(seed)
    texts = list(texts)
    n = len(texts)
    refits, idxs = [], []
    it = range(n_boot)
    if progress:
        from tqdm.auto import tqdm

        it = tqdm(it, desc="Theme stability", unit="refit", leave=False)
    for b in it:
        idx = np.sort(rs.choice(n, size=max(2, int(frac * n)), replace=False))
        m = clone(model).set_params(k=model.k_, random_state=int(seed) + 7919 * (b + 1), stability_seeds=0, verbose=0)
        try:
            lab = m.fit([texts[i] for i in idx]).labels_
        except ValueError:
            continue
        refits.append(np.asarray(lab))
        idxs.append(idx)
    return jaccard_stability(labels, refits, idxs)


