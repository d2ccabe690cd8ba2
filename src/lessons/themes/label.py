"""Labels and evidence for themes: class-based TF-IDF keywords, a short Thai label,
representative quotes (diverse, traceable) and a stability score."""
from __future__ import annotations
from ..config import offline as _offline

import re
from collections import Counter

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from .features import identity

GENERIC = {"ปัญหา", "อุปสรรค", "เรื่อง", "ไม่มี", "ไม่ได้", "ไม่พอ", "ไม่เพียงพอ", "ควร", "ล่าช้า", "ขาด", "เด็ก",
           "ผู้เสียหาย", "จังหวัด", "หน่วยงาน", "งาน", "ทำงาน", "เจ้าหน้าที่", "ทีม", "ดี", "ได้", "ให้", "มา", "ไป", "แต่",
           "และ", "ที่", "ก็", "จะ", "ไม่", "มี", "เป็น", "ว่า", "การ", "ของ", "ใน", "กับ", "คือ", "นะ", "ค่ะ", "ครับ",
           "เคส", "โทร", "ปี", "เดือน", "สุดท้าย", "กี่", "แบบนี้", "บอ", "ดู", "นั่ง", "หา", "คุย", "บางคน", "คนอื่น",
           "เข้าไป", "เข้ามา", "มาจาก", "ตอน", "ตอนที่", "น้อง", "พี่", "โดน", "รอบ", "ครั้ง", "วัน", "ข้อ", "เสนอ", "ข้อเสนอ",
           "จุดแข็ง", "ค้าง", "บอก", "สี่", "สิบ", "กลับมา", "ที่มา", "ไหน", "ตัวเอง", "สัก", "case", "vs", "สำหรับ", "กรณี", "จุด", "ฝั่ง", "โน้น", "นี้", "นั้น", "ตรงนี้", "อ้างว่า", "หน่วย", "เรื่องนี้",
           # titles left in front of redacted names, and the word "name"
           "ด.ญ.", "ด.ช.", "นาย", "นาง", "นางสาว", "น.ส.", "เด็กหญิง", "เด็กชาย", "คุณ", "ม.", "ชื่อ"}


class ClassTfidf(TransformerMixin, BaseEstimator):
    """c-TF-IDF (BERTopic's formulation) as a scikit-learn transformer: rows are classes
    (themes), each the summed term counts of its documents; idf = log(1 + A / f_t), with A
    the average number of words per class. Input: non-negative counts (dense or sparse);
    output: a sparse matrix."""

    def fit(self, X, y=None):
        X = validate_data(self, X, accept_sparse="csr", dtype=np.float64, reset=True)
        if (X.data if sp.issparse(X) else X).min(initial=0) < 0:
            raise ValueError("Negative values in data passed to ClassTfidf (it needs term counts)")
        df = np.asarray(X.sum(axis=0)).ravel()
        avg = float(X.sum()) / max(1, X.shape[0])
        self.idf_ = np.log(1 + avg / np.maximum(df, 1))
        return self

    def transform(self, X):
        check_is_fitted(self, "idf_")
        X = sp.csr_matrix(validate_data(self, X, accept_sparse="csr", dtype=np.float64, reset=False))
        tf = X.multiply(1 / np.maximum(np.asarray(X.sum(axis=1)), 1))
        return sp.csr_matrix(tf.multiply(self.idf_))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = True
        return tags


@_offline
def theme_keywords(token_lists, labels, top: int = 10, exclude=GENERIC) -> dict[int, list[str]]:
    """Most distinctive terms (uni- and bigrams) of each theme by c-TF-IDF."""
    from sklearn.feature_extraction.text import CountVectorizer

    from .features import _NgramAnalyzer

    labels = np.asarray(labels)
    themes = sorted(t for t in set(labels.tolist()) if t != -1)
    if not themes:
        return {}
    from pythainlp.corpus import thai_stopwords

    stop = thai_stopwords()
    # no function word, and no one-letter or one-syllable fragment a typo leaves (ก, สิ, นั)
    docs = [[w for w in _NgramAnalyzer((1, 2))(list(toks))
             if all(p not in exclude and p not in stop and len(p) > 2 - p.isascii() for p in w.split())]
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
        emb = l2(TfidfVectorizer(analyzer=identity, lowercase=False).fit_transform(members["tokens"]))
    except ValueError:  # no words at all
        emb = np.ones((len(members), 1))
    if len(members) <= DENSE_QUOTES:
        emb = emb.toarray() if sp.issparse(emb) else emb
        centre = emb.mean(axis=0)
    else:  # a large theme stays sparse
        centre = np.asarray(emb.mean(axis=0)).ravel()
    centre = centre / (np.linalg.norm(centre) or 1)
    return pick_quotes(members["text"].tolist(), emb, centre, members.reset_index(drop=True), n=n, min_len=min_len)


DENSE_QUOTES = 2000  # members; a larger theme's TF-IDF stays sparse
QUOTE_POOL = 500  # candidates; a larger theme is quoted from its QUOTE_POOL texts closest to its centre


def pick_quotes(texts, embedding, centre, meta: pd.DataFrame, n: int = 4, lam: float = 0.5,
                min_len: int = 30, max_len: int = 260) -> list[int]:
    """Representative and diverse quotes (maximal marginal relevance): close to the theme's
    centre, unlike each other, preferably from different groups/sources. Returns row
    positions. Only the ``QUOTE_POOL`` candidates closest to the centre compete, so the
    cost does not grow with the square of a theme's size."""
    if len(texts) == 0:
        return []
    rel = np.asarray(embedding @ centre).ravel()
    ok = np.asarray([min_len <= len(t) <= max_len for t in texts])
    cand = list(np.where(ok)[0])
    if len(cand) < min(n, 3):  # a small theme: shorter texts may serve, best first
        rest = sorted(set(range(len(texts))) - set(cand), key=lambda i: -rel[i])
        cand += rest[: min(n, 3) - len(cand)]
    if len(cand) > QUOTE_POOL:
        cand = sorted(np.asarray(cand)[np.argsort(-rel[cand], kind="stable")[:QUOTE_POOL]].tolist())
    chosen: list[int] = []
    sources: Counter = Counter()
    pos = {i: j for j, i in enumerate(cand)}
    sub = embedding[cand]
    sim = sub @ sub.T
    sim = sim.toarray() if sp.issparse(sim) else np.asarray(sim)
    groups = meta["group"].tolist() if "group" in meta else [None] * len(meta)
    files = meta["source_file"].tolist() if "source_file" in meta else [None] * len(meta)
    while cand and len(chosen) < n:
        best, best_score = None, -np.inf
        for i in cand:
            div = max((sim[pos[i], pos[j]] for j in chosen), default=0.0)
            penalty = 0.15 * sources[(groups[i], files[i])]
            score = lam * rel[i] - (1 - lam) * div - penalty
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
        sources[(groups[best], files[best])] += 1
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


STABILITY_ROWS = 3000  # a refit sees at most this many texts: stability costs the same at any size


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
        idx = np.sort(rs.choice(n, size=max(2, min(int(frac * n), STABILITY_ROWS)), replace=False))
        m = clone(model).set_params(k=model.k_, random_state=int(seed) + 7919 * (b + 1), stability_seeds=0, verbose=0)
        try:
            lab = m.fit([texts[i] for i in idx]).labels_
        except ValueError:
            continue
        refits.append(np.asarray(lab))
        idxs.append(idx)
    return jaccard_stability(labels, refits, idxs)




# ---------------------------------------------------------------- theme titles
# words that open a spoken clause but not a title (discourse markers, pronouns, conjunctions)
_LEAD = {"แล้ว", "แล้วก็", "ก็", "คือ", "แต่", "และ", "เพราะ", "เพราะว่า", "ซึ่ง", "ส่วน", "ทีนี้", "อย่าง", "เช่น",
         "ผม", "ดิฉัน", "หนู", "เรา", "พวกเรา", "เขา", "พี่", "น้อง", "ทาง", "ตรงนี้", "ตอนนี้", "จริงๆ", "จริง ๆ",
         "ปัจจุบัน", "บางที", "บางครั้ง", "ที่", "ว่า", "โดย", "หรือ", "พอ", "อีก", "ยิ่ง", "ส่วนใหญ่", "นอกจากนี้",
         "สรุป", "สรุปว่า", "คิดว่า", "มองว่า", "เห็นว่า", "อยาก", "ค่ะ", "ครับ", "นะ", "อ่า", "เอ่อ", "อืม", "ก็คือ",
         "ประเด็น", "ปัญหาคือ", "เรื่อง", "มัน", "เนี่ย", "นี่", "นั่น", "อันนี้", "ตัวนี้", "ทั้งนี้", "ดังนั้น",
         "เสนอ", "เสนอว่า", "ขอเสนอ", "สุดท้าย", "เวลา"}
# words that close a spoken clause but not a title (particles, fillers)
_TRAIL = {"ค่ะ", "คะ", "ครับ", "คับ", "นะ", "นะคะ", "นะครับ", "จ้ะ", "จ้า", "จ๊ะ", "เด้อ", "เจ้า", "หนา", "ละ", "แหละ",
          "น่ะ", "นะคับ", "เลย", "ด้วย", "อะ", "อ่ะ", "เนอะ", "แล้ว", "อยู่", "กัน", "บ้าง", "ล่ะ", "สิ", "ซิ", "หรอก",
          "มาก", "มากๆ", "เยอะ", "ทุกวัน", "สักที", "ก็", "ที่", "และ", "แต่", "ว่า", "หรือ", "ของ", "ให้", "ไป", "มา",
          "เหมือนกัน", "ด้วยซ้ำ", "จริงๆ", "นั่นเอง", "อีก", "ครั้ง", "ซะ", "เนี่ย", "นี่", "นั่น", "โน้น", "เขา", "เรา",
          "กับ", "จาก", "ใน", "ต่อ", "แก่", "ถึง", "โดย", "ตาม", "เพราะ", "ซึ่ง", "คือ", "จะ", "ได้", "เป็น", "ทั้ง"}
# phrases that open a speaker's turn ("ขอพูดเรื่อง...", "เล่าเคสหนึ่ง")
_LEAD_PHRASE = re.compile(r"^(?:(?:ขอ(?:พูด|เพิ่ม|เสริม|เล่า|สรุป|แลกเปลี่ยน)(?:เรื่อง|ถึง)?|(?:ขอ|อยาก)?(?:เล่า|ยก)(?:ตัวอย่าง)?(?:เคส|เรื่อง)?หนึ่ง"
                          r"(?:นะ)?(?:ครับ|คะ|ค่ะ)?|พูดถึง(?:เรื่อง)?|"
                          r"(?:ใน)?ส่วนของ|เรื่องของ|ยกตัวอย่าง(?:เช่น)?|ปีที่แล้ว|ล่าสุด)\s*)+")
# a phrase about the talk itself, not about the work
_TALK = re.compile(r"ขอ(?:พูด|เล่า|เสริม|สรุป|บคุณ|อนุญาต)|หน่อยนะ|ฟังแล้ว|ที่ผ่านมาในห้อง")
# a title never starts with these (function words a reader cannot make sense of alone)
_BAD_START = {"สำหรับ", "กรณี", "จุด", "ที่", "ซึ่ง", "ของ", "ใน", "กับ", "และ", "แต่", "ว่า", "เพราะ", "โดย", "ให้",
              "ได้", "จะ", "ก็", "ถึง", "จาก", "แก่", "ต่อ", "เป็น", "คือ", "หรือ", "อัน", "ตาม", "แค่", "เพียง", "ยัง",
              "จน", "เมื่อ", "ขณะ", "หาก", "กว่า", "ทั้ง", "แม้", "ทำให้", "ต้อง", "ไว้", "นั้น", "นี้", "ไหม", "มั้ย",
              "กัน", "ระหว่าง", "เอง", "ด้วย", "บ้าง", "แล้ว",
              # a condition or concession: trimming it would turn "if X" into "X"
              "ถ้า", "หาก", "ทั้งที่", "ถึงแม้", "แม้ว่า", "สมมติ"}
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
TITLE_MAX_CHARS = 48


def _clean_span(tokens: list[str]) -> list[str]:
    toks = list(tokens)
    while True:
        before = len(toks)
        m = _LEAD_PHRASE.match("".join(toks))
        if m and m.end():  # drop the whole tokens the opening phrase covers
            n = 0
            while toks and n < m.end():
                n += len(toks[0])
                toks = toks[1:]
        while toks and (toks[0].strip() == "" or toks[0] in _LEAD):
            toks = toks[1:]
        if len(toks) == before:
            break
    while toks and (toks[-1].strip() == "" or toks[-1] in _TRAIL):
        toks = toks[:-1]
    return toks


_SPLIT = re.compile(r"^[\s,;:()“”\"'!?]+$")


def _title_candidates(text: str, seg) -> list[list[str]]:
    """Phrases of a clause that could be a title, as surface tokens: the clause and runs of
    up to three of its space-separated parts (a Thai writer's space closes a phrase), each
    trimmed of discourse words and particles."""
    parts, cur = [], []
    for t in seg(text):
        if _SPLIT.match(t):
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    out = []
    for i in range(len(parts)):
        for j in range(i + 1, min(len(parts), i + 3) + 1):
            span = [t for p in parts[i:j] for t in p + [" "]][:-1]
            span = _clean_span(span)
            pieces = "".join(span).split()
            if len([t for t in span if t.strip()]) >= 2 and span[0] not in _BAD_START and \
                    not (len(pieces) >= 2 and all(len(seg(p)) == 1 for p in pieces)):  # a list of words
                out.append(span)
    return out


def _join(tokens: list[str]) -> str:
    """Surface tokens back to a phrase (spaces kept where the writer put them)."""
    return re.sub(r"\s+", " ", "".join(tokens)).strip()


def make_title(texts: list[str], token_lists: list[list[str]], keywords: list[str],
               concepts: dict[str, list[str]] | None = None, taken: set[str] = frozenset(),
               kinds: list[str] | None = None) -> str:
    """A short Thai title for a theme, as a person would write it on a slide: the theme's
    most representative phrase (close to the theme's centre, sharing its keywords, short,
    with no discourse word or particle at either end, from a clause of the theme's main
    kind when ``kinds`` are given), else the concept-lexicon label most
    of its texts share, else ``เรื่อง<keyword>และ<keyword>``. Never a list of keywords."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from ..text.tokenize import get_tokenizer

    tok = get_tokenizer()
    kw = [k for k in keywords if k not in GENERIC][:6]
    kw_words = {w for k in kw for w in k.split()}
    main_kind = pd.Series(kinds).mode().iloc[0] if kinds is not None and len(kinds) else None
    cands: dict[str, tuple[list[str], int]] = {}
    own_kind: set[str] = set()
    for n_text, text in enumerate(texts):
        if "[" in str(text) or _TALK.search(str(text)):
            continue  # a redacted phrase makes a poor title
        for span in _title_candidates(str(text), tok.segment):
            title = _join(span)
            if 6 <= len(title) <= TITLE_MAX_CHARS and not title.replace(" ", "").isdigit() and title not in taken:
                words = [w for w in (tok._clean(t) for t in span) if w]
                c = cands.setdefault(title, (words, 0))
                cands[title] = (c[0], c[1] + 1)
                if main_kind is not None and kinds[n_text] == main_kind:
                    own_kind.add(title)
    if cands and token_lists:
        vec = TfidfVectorizer(analyzer=identity, lowercase=False, sublinear_tf=True)
        M = vec.fit_transform([list(t) for t in token_lists])
        centre = np.asarray(M.mean(axis=0)).ravel()
        centre /= np.linalg.norm(centre) or 1.0
        doc_sets = [set(t) for t in token_lists]
        titles = sorted(cands)
        C = vec.transform([cands[t][0] for t in titles])
        rel = np.asarray(C @ centre).ravel()
        best, best_score = None, -np.inf
        for i, title in enumerate(titles):
            span, count = cands[title]
            content = [w for w in span if w in kw_words]
            if kw_words and not content:
                continue
            support = np.mean([any(w in d for w in content) for d in doc_sets]) if content else 0.0
            score = (rel[i] + 0.5 * support + 0.05 * np.log1p(count - 1) + 0.15 * (title in own_kind)
                     - 0.004 * max(0, len(title) - 28) - 0.01 * max(0, 12 - len(title)))
            if score > best_score:
                best, best_score = title, score
        if best is not None:
            return best
    if concepts:
        hits = {name: np.mean([any(f in t for f in forms) for t in texts]) for name, forms in concepts.items()}
        name, share = max(hits.items(), key=lambda x: (x[1], x[0])) if hits else (None, 0)
        if share >= 0.4 and name not in taken:
            return name
    if len(kw) >= 2:
        return f"เรื่อง{_join(kw[0].split())}และ{_join(kw[1].split())}"
    if kw:
        return f"เรื่อง{_join(kw[0].split())}"
    return "(ไม่มีคำเด่น: ข้อความสั้นหรือคำทั่วไป)"
