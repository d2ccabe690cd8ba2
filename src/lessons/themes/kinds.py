"""What kind of statement is a clause: obstacle, suggestion, strength or other.

Three sources, in this order of trust:

1. what the input already says: SWOT quadrant W/T -> obstacle, S -> strength; an action
   plan row -> suggestion; a feedback column about obstacles or suggestions;
2. cue words and negation (``ไม่เพียงพอ``, ``ขาด``, ``ล่าช้า``, ``ควรจะ``, ``อยากให้``,
   ``ทำได้ดี``);
3. a small model (logistic regression over words, cues and the input's hints) trained on
   the sample workshop's gold annotations; its accuracy is measured by cross-validation.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


KINDS = ("obstacle", "suggestion", "strength", "other")
KIND_LABELS_TH = {
    "obstacle": "ปัญหา/อุปสรรค",
    "suggestion": "ข้อเสนอแนะ",
    "strength": "จุดแข็ง/สิ่งที่ทำได้ดี",
    "other": "อื่น ๆ",
}

OBSTACLE_CUES = (
    "ไม่เพียงพอ", "ไม่พอ", "ขาด", "ขาดแคลน", "ล่าช้า", "ช้า", "ไม่มี", "ติดขัด", "ปัญหา", "อุปสรรค", "ยาก", "ไม่ได้",
    "ไม่กล้า", "ไม่ชัดเจน", "ไม่ทัน", "น้อย", "ซ้ำซ้อน", "กลัว", "ไม่รู้", "ติด", "รอนาน", "เสียเวลา", "หนัก", "ลำบาก",
    "ไม่ค่อย", "ไม่ต่อเนื่อง", "ไม่ตรง", "ไม่เชื่อม", "ไม่ยอม", "ไม่ให้ความร่วมมือ", "หายาก", "เต็ม", "จำกัด", "เปลี่ยนบ่อย",
    "ต่างคนต่างทำ", "ไม่รับ", "ไม่สะดวก", "เหนื่อย", "ข้อจำกัด", "ไม่ทราบ", "หลุด", "หาย", "ไม่เข้าใจ", "ห่วง", "กังวล",
)
SUGGESTION_CUES = (
    "ควร", "ควรจะ", "ควรมี", "อยากให้", "อยากเสนอ", "เสนอ", "ขอให้", "น่าจะ", "ต้องมี", "จัดทำ", "จัดให้มี", "ผลักดัน",
    "พัฒนา", "เพิ่ม", "ให้มี", "สนับสนุน", "ปรับปรุง", "ขอเสนอ", "ข้อเสนอ", "ฝาก", "ทำ MOU", "ควรเพิ่ม", "จะดีมาก",
)
STRENGTH_CUES = (
    "ดี", "ได้ผล", "ช่วยได้", "เข้มแข็ง", "ร่วมมือดี", "สำเร็จ", "จุดแข็ง", "ทำได้ดี", "ประทับใจ", "ได้เรียนรู้", "รวดเร็ว",
    "ใกล้ชิด", "รู้จักกัน", "เร็ว", "ง่าย", "ชัดเจน", "ครบ", "พร้อม", "เป็นกันเอง", "ขอบคุณ", "ได้ความรู้", "เห็นภาพ",
    "เครือข่ายดี", "ช่วยกัน", "คล่องตัว",
)
FACILITATOR_ROLES = ("ผู้ดำเนินรายการ", "วิทยากร", "ผู้จดบันทึก", "facilitator", "moderator")
_NEGATED_STRENGTH = re.compile(r"ไม่(?:ค่อย)?(?:ดี|ได้ผล|ชัดเจน|ครบ|พร้อม|เร็ว|ง่าย)")
_QUESTION = re.compile(r"(?:ไหม|มั้ย|อย่างไร|ยังไง|อะไรบ้าง|ใครบ้าง|หรือเปล่า|หรือไม่|\?)\s*(?:คะ|ครับ|ค่ะ|นะคะ|นะครับ)?\s*$")


def _count(text: str, cues) -> int:
    return sum(text.count(c) for c in cues)


def input_hint(row) -> str | None:
    """The kind the input itself states, if any."""
    q = getattr(row, "quadrant", None)
    if isinstance(q, str):
        if q in ("W", "T"):
            return "obstacle"
        if q == "S":
            return "strength"
        if q == "O":
            return "opportunity"
    src = getattr(row, "source_kind", None)
    if src == "action_plan":
        return "suggestion"
    field = str(getattr(row, "field", "") or "")
    if field in ("obstacles", "problems") or "ปัญหา" in field or "อุปสรรค" in field:
        return "obstacle"
    if field in ("suggestions",) or "ข้อเสนอ" in field:
        return "suggestion"
    if field in ("learned", "strengths"):
        return "learned"
    role = str(getattr(row, "role", "") or "") + str(getattr(row, "speaker", "") or "")
    if any(r in role for r in FACILITATOR_ROLES):
        return "facilitator"
    return None


def rule_kind(text: str, hint: str | None = None) -> str:
    """Kind from the input's hint and cue words (no training)."""
    if hint in ("obstacle", "strength", "suggestion"):
        if hint == "obstacle" and _count(text, SUGGESTION_CUES) and not _count(text, OBSTACLE_CUES):
            return "suggestion"
        return hint
    obs = _count(text, OBSTACLE_CUES) + 2 * len(_NEGATED_STRENGTH.findall(text))
    sug = _count(text, SUGGESTION_CUES)
    strg = _count(text, STRENGTH_CUES) - len(_NEGATED_STRENGTH.findall(text))
    if hint == "facilitator" and _QUESTION.search(text):
        return "other"
    if hint == "opportunity":
        return "strength" if strg >= obs else "other"
    best = max((obs, "obstacle"), (sug, "suggestion"), (strg, "strength"))
    if best[0] <= 0:
        return "strength" if hint == "learned" else "other"
    return best[1]


# How Thai speakers voice each kind, as pattern families (counted, not rules): negation
# and hedges (ไม่ค่อย, ยังไม่, ก็ยังดี, น่าจะ), wishes and requests (อยากให้, ขอ), questions
# that are suggestions (…ได้ไหม, ทำไมไม่…, …ดีกว่า), plans (ต่อไปจะ, ปีหน้า) and past
# successes (พอ…ก็…ได้).
CUE_PATTERNS = {
    "obs_negation": r"ไม่(?:ค่อย|ได้|มี|พอ|ทัน|กล้า|รู้|เข้าใจ|ยอม|ชัดเจน|ต่อเนื่อง|สะดวก|ครบ|ตรง|ไหว|ถึง|เคย|สามารถ)",
    "obs_not_yet": r"ยังไม่|ยังไม่ได้|ยังคง|ก็ยัง(?!ดี)",
    "obs_lack": r"ขาด|ไม่เพียงพอ|ไม่พอ|น้อยเกินไป|น้อยมาก|มีแค่|มีเพียง|เหลือแค่|แค่คนเดียว|คนเดียว",
    "obs_delay": r"ล่าช้า|ช้า|รอนาน|ต้องรอ|รอเป็น|กว่าจะ|ค้าง|เลื่อน|ไม่ทัน",
    "obs_trouble": r"ปัญหา|อุปสรรค|ติดขัด|ยาก|ลำบาก|เหนื่อย|หนัก|ล้น|วุ่น|สับสน|ซ้ำซ้อน|เสียเวลา|ไม่ไหว",
    "obs_fear": r"กลัว|กังวล|ห่วง|เสี่ยง|อันตราย|ข่มขู่|ขู่|ระแวง|อาย|ไม่ไว้ใจ",
    "obs_harm": r"ถูก(?:ตัด|หลอก|ทำร้าย|ยกเลิก|ปฏิเสธ|ทิ้ง|ไล่)|โดน|หาย|หลุด|หนี|ทะเลาะ|ซึมเศร้า|ติดหนี้|ตกงาน",
    "obs_contrast": r"แต่ก็ไม่|แต่ไม่|ทั้งที่|สุดท้ายก็|กลับ(?:ไม่|ถูก|โดน)|จนถึงตอนนี้|ทุกที|ทุกครั้ง",
    "sug_should": r"ควร|น่าจะ(?!ดี)|ต้อง(?:มี|จัด|เพิ่ม|ทำ|ให้|ปรับ|สร้าง)",
    "sug_wish": r"อยาก(?:ให้|ได้|เห็น|เสนอ|ขอ)|หวังว่า|ถ้า(?:มี|ได้).{0,30}(?:จะดี|ก็ดี|คง|น่าจะ)|จะดีมาก|คงจะดี",
    "sug_request": r"ขอ(?!บคุณ|โทษ|อนุญาต|เชิญ)|ฝาก|รบกวน|ช่วย(?:จัด|เพิ่ม|ดู|ประสาน)|เสนอ|แนะนำ",
    "sug_question": r"(?:ได้|ดี)(?:ไหม|มั้ย|หรือเปล่า|ไม๊)|ทำไม(?:ไม่|ถึงไม่)|ดีกว่า|ง่ายกว่า|เร็วกว่า|ไปเลย",
    "sug_plan": r"ต่อไป(?:จะ|ควร|ต้อง)|ปีหน้า|เดือนหน้า|ระยะ(?:สั้น|กลาง|ยาว)|แผน|จะ(?:จัด|ทำ|เพิ่ม|ประสาน|ขยาย|ผลักดัน)",
    "sug_action": r"^(?:จัด|ทำ|เพิ่ม|สร้าง|พัฒนา|ผลักดัน|ประสาน|อบรม|ปรับ|ขยาย|ตั้ง|ออก|จ้าง|กำหนด|ทบทวน|รณรงค์)",
    "str_good": r"ดี(?!กว่า|ไหม|มั้ย)|เยี่ยม|เก่ง|ประทับใจ|ชื่นชม|ภูมิใจ|ขอบคุณ.{0,30}(?:ดูแล|ช่วย|ใส่ใจ)",
    "str_works": r"ได้ผล|สำเร็จ|ช่วยได้|ใช้ได้|ทำได้|ได้จริง|เห็นผล|ราบรื่น|รวดเร็ว|เร็วขึ้น|ดีขึ้น|ลดลง|ครบทุก|เรียบร้อย",
    "str_asset": r"เข้มแข็ง|เครือข่าย|ร่วมมือ|ช่วยกัน|ใกล้ชิด|รู้จักกัน|เป็นกันเอง|พร้อม|สม่ำเสมอ|ต่อเนื่อง(?!ไม่)|จุดแข็ง",
    "str_still_fine": r"ก็ยังดี|ยังดี|ไม่มีปัญหา|ไม่ติดขัด|ไม่เคยขาด|ไม่มีใคร(?:หลุด|ออก)|ไม่ค่อยมีปัญหา|โชคดี|อย่างน้อย",
    "str_past_success": r"พอ.{1,50}ก็(?:ได้|ดี|ทำได้|เรียบร้อย|ง่าย|เร็ว|กล้า|ยอม|กลับ)|ตั้งแต่.{1,40}ก็|ตอนนี้(?:ก็)?(?:ดี|ได้|สามารถ)|เคยช่วย",
    "oth_greeting": r"สวัสดี|ยินดีต้อนรับ|ขอบคุณ(?:ครับ|ค่ะ|คะ|มาก|ทุก)?\s*$|เชิญ|แนะนำตัว|ลงทะเบียน|พักเบรก|พักทาน",
    "oth_facilitation": r"มีใคร|อะไรบ้าง|ใครบ้าง|อย่างไรบ้าง|ยังไงบ้าง|ต่อไปเป็น|เริ่ม(?:กัน)?ที่|ขอเวลา|เดี๋ยว|ประเด็น(?:ที่|ต่อไป)|หัวข้อ",
    "oth_fact": r"^[\d๐-๙\s.,%]+$|^(?:มี|จำนวน|ทั้งหมด).{0,20}[\d๐-๙]+\s*(?:คน|ราย|ครอบครัว|แห่ง|หมู่บ้าน)",
}
_CUES = {k: re.compile(v) for k, v in CUE_PATTERNS.items()}
HINT_NAMES = ("obstacle", "suggestion", "strength", "opportunity", "learned", "facilitator")


def cue_features(texts, hints) -> sp.csr_matrix:
    rows = []
    for t, h in zip(texts, hints):
        neg = len(_NEGATED_STRENGTH.findall(t))
        rows.append([
            np.log1p(_count(t, OBSTACLE_CUES) + 2 * neg), np.log1p(_count(t, SUGGESTION_CUES)),
            np.log1p(max(0, _count(t, STRENGTH_CUES) - neg)), float(bool(_QUESTION.search(t))),
            *[np.log1p(len(rx.findall(t))) for rx in _CUES.values()],
            *[float(h == n) for n in HINT_NAMES], float(len(t) < 25), float(len(t) > 120),
        ])
    return sp.csr_matrix(np.asarray(rows, dtype=float))


def _full_tokens(texts) -> list[list[str]]:
    """Words with stopwords kept: the small words carry the kind (ไหม, อยาก, ก็, ยัง, ไม่)."""
    from ..text.tokenize import tokenize_many

    return tokenize_many(list(texts), keep_stopwords=True)


class KindClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over word uni/bigrams (stopwords kept), character n-grams, the
    cue families of :data:`CUE_PATTERNS` and the input's hint.

    ``fit(X, y)`` and ``predict(X)`` take a DataFrame with ``text_norm`` and the columns
    :func:`input_hint` reads (``quadrant``, ``source_kind``, ``field``, ``role``,
    ``speaker``); any of these may be missing.
    """

    def __init__(self, C: float = 2.0, cue_weight: float = 1.0, char_weight: float = 0.6,
                 max_features: int = 20000, random_state=None):
        self.C = C
        self.cue_weight = cue_weight
        self.char_weight = char_weight
        self.max_features = max_features
        self.random_state = random_state

    def _X(self, X, fit=False, use_hints=True):
        from .features import _NgramAnalyzer

        texts = list(X["text_norm"])
        hints = [input_hint(r) for r in X.itertuples(index=False)] if use_hints else [None] * len(texts)
        toks = _full_tokens(texts)
        if fit:
            self.vec_ = TfidfVectorizer(analyzer=_NgramAnalyzer((1, 2)), lowercase=False, min_df=2,
                                        sublinear_tf=True, max_features=self.max_features)
            self.char_ = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), min_df=3, sublinear_tf=True,
                                         max_features=self.max_features)
            W, Ch = self.vec_.fit_transform(toks), self.char_.fit_transform(texts)
        else:
            W, Ch = self.vec_.transform(toks), self.char_.transform(texts)
        C = cue_features(texts, hints) * self.cue_weight
        return sp.hstack([W, Ch * self.char_weight, C]).tocsr()

    def fit(self, X, y, sample_weight=None):
        self.clf_ = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        self.clf_.fit(self._X(X, fit=True), np.asarray(y), sample_weight=sample_weight)
        self.classes_ = self.clf_.classes_
        return self

    def _check(self):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "clf_")

    def predict(self, X):
        self._check()
        return self.clf_.predict(self._X(X))

    def predict_proba(self, X, use_hints: bool = True):
        """Class probabilities; ``use_hints=False`` reads the language alone."""
        self._check()
        return self.clf_.predict_proba(self._X(X, use_hints=use_hints))

    # ------------------------------------------------------------ shipping
    def to_dict(self) -> dict:
        """The fitted model as plain JSON-able data (no pickle: it loads on any
        scikit-learn version)."""
        self._check()

        def vocab(v):
            return sorted(v.vocabulary_, key=v.vocabulary_.get)

        return {
            "format": "lessons.kinds/2", "params": self.get_params(),
            "words": vocab(self.vec_), "words_idf": [round(float(x), 6) for x in self.vec_.idf_],
            "chars": vocab(self.char_), "chars_idf": [round(float(x), 6) for x in self.char_.idf_],
            "cues": list(CUE_PATTERNS),
            "classes": [str(c) for c in self.clf_.classes_],
            "coef": [[round(float(x), 6) for x in row] for row in self.clf_.coef_],
            "intercept": [round(float(x), 6) for x in self.clf_.intercept_],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "KindClassifier":
        from .features import _NgramAnalyzer

        if d.get("format") != "lessons.kinds/2":
            raise ValueError(f"not a lessons kinds model of this version (format {d.get('format')!r}): "
                             "retrain it with python -m lessons.themes.train_kinds")
        if d.get("cues") != list(CUE_PATTERNS):
            raise ValueError("the kinds model was trained with other cue patterns: retrain it")
        m = cls(**d["params"])
        m.vec_ = TfidfVectorizer(analyzer=_NgramAnalyzer((1, 2)), lowercase=False, sublinear_tf=True)
        m.vec_.vocabulary_ = {w: i for i, w in enumerate(d["words"])}
        m.vec_.idf_ = np.asarray(d["words_idf"], dtype=float)
        m.char_ = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), sublinear_tf=True)
        m.char_.vocabulary_ = {w: i for i, w in enumerate(d["chars"])}
        m.char_.idf_ = np.asarray(d["chars_idf"], dtype=float)
        m.clf_ = LogisticRegression(C=m.C, max_iter=3000, class_weight="balanced")
        m.clf_.classes_ = np.asarray(d["classes"], dtype=object)
        m.clf_.coef_ = np.asarray(d["coef"], dtype=float)
        m.clf_.intercept_ = np.asarray(d["intercept"], dtype=float)
        m.classes_ = m.clf_.classes_
        return m


def rule_kinds(clauses: pd.DataFrame) -> np.ndarray:
    return np.asarray([rule_kind(t, input_hint(r)) for t, r in zip(clauses["text_norm"], clauses.itertuples(index=False))])


def evaluate_kinds(clauses: pd.DataFrame, gold: pd.Series, folds: int = 5, seed: int = 0) -> pd.DataFrame:
    """Accuracy and macro-F1 against gold kinds: the rules, and the model with grouped
    cross-validation (all clauses of one statement in the same fold)."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import GroupKFold

    mask = gold.notna().to_numpy()
    X = clauses[mask].reset_index(drop=True)
    y = gold[mask].to_numpy()
    rules = rule_kinds(X)
    pred = np.empty(len(y), dtype=object)
    groups = X["statement_id"].to_numpy()
    for tr, te in GroupKFold(n_splits=folds).split(X, y, groups):
        m = KindClassifier(random_state=seed).fit(X.iloc[tr], y[tr])
        pred[te] = m.predict(X.iloc[te])
    rows = []
    for name, p in (("cue words and input hints (rules)", rules), ("model (5-fold cross-validation)", pred)):
        rows.append({"method": name, "accuracy": round(accuracy_score(y, p), 3),
                     "macro_f1": round(f1_score(y, p, average="macro", labels=list(KINDS)), 3), "n": int(len(y))})
    return pd.DataFrame(rows)
