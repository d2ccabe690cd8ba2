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

from .features import identity

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


def cue_features(texts, hints) -> sp.csr_matrix:
    hint_names = ("obstacle", "suggestion", "strength", "opportunity", "learned", "facilitator")
    rows = []
    for t, h in zip(texts, hints):
        neg = len(_NEGATED_STRENGTH.findall(t))
        rows.append([
            np.log1p(_count(t, OBSTACLE_CUES) + 2 * neg), np.log1p(_count(t, SUGGESTION_CUES)),
            np.log1p(max(0, _count(t, STRENGTH_CUES) - neg)), float(bool(_QUESTION.search(t))),
            *[float(h == n) for n in hint_names], float(len(t) < 25),
        ])
    return sp.csr_matrix(np.asarray(rows, dtype=float))


class KindClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over word TF-IDF, cue counts and the input's hint.

    ``fit(X, y)`` and ``predict(X)`` take a DataFrame with ``text_norm``, ``tokens`` and
    the columns :func:`input_hint` reads (``quadrant``, ``source_kind``, ``field``,
    ``role``, ``speaker``).
    """

    def __init__(self, C: float = 2.0, cue_weight: float = 2.0, random_state=None):
        self.C = C
        self.cue_weight = cue_weight
        self.random_state = random_state

    def _X(self, X, fit=False):
        hints = [input_hint(r) for r in X.itertuples(index=False)]
        if fit:
            self.vec_ = TfidfVectorizer(analyzer=identity, lowercase=False, min_df=2, sublinear_tf=True)
            W = self.vec_.fit_transform(list(X["tokens"]))
        else:
            W = self.vec_.transform(list(X["tokens"]))
        C = cue_features(list(X["text_norm"]), hints) * self.cue_weight
        return sp.hstack([W, C]).tocsr()

    def fit(self, X, y):
        self.clf_ = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        self.clf_.fit(self._X(X, fit=True), np.asarray(y))
        self.classes_ = self.clf_.classes_
        return self

    def predict(self, X):
        return self.clf_.predict(self._X(X))

    # ------------------------------------------------------------ shipping
    def to_dict(self) -> dict:
        """The fitted model as plain JSON-able data (no pickle: it loads on any
        scikit-learn version)."""
        vocab = sorted(self.vec_.vocabulary_, key=self.vec_.vocabulary_.get)
        return {
            "format": "lessons.kinds/1", "params": self.get_params(),
            "vocabulary": vocab, "idf": [round(float(x), 10) for x in self.vec_.idf_],
            "classes": [str(c) for c in self.clf_.classes_],
            "coef": [[round(float(x), 10) for x in row] for row in self.clf_.coef_],
            "intercept": [round(float(x), 10) for x in self.clf_.intercept_],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "KindClassifier":
        if d.get("format") != "lessons.kinds/1":
            raise ValueError(f"not a lessons kinds model (format {d.get('format')!r})")
        m = cls(**d["params"])
        m.vec_ = TfidfVectorizer(analyzer=identity, lowercase=False, min_df=2, sublinear_tf=True)
        m.vec_.vocabulary_ = {w: i for i, w in enumerate(d["vocabulary"])}
        m.vec_.idf_ = np.asarray(d["idf"], dtype=float)
        m.clf_ = LogisticRegression(C=m.C, max_iter=2000, class_weight="balanced")
        m.clf_.classes_ = np.asarray(d["classes"], dtype=object)
        m.clf_.coef_ = np.asarray(d["coef"], dtype=float)
        m.clf_.intercept_ = np.asarray(d["intercept"], dtype=float)
        m.classes_ = m.clf_.classes_
        return m

    def predict_proba(self, X):
        return self.clf_.predict_proba(self._X(X))


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
