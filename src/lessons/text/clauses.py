"""Split long answers and turns into sentences and clauses.

1. list structure: line breaks, bullets and numbering (``1.``, ``๑)``, ``-``, ``•``);
2. sentences: PyThaiNLP's ``crfcut`` model (ships in its wheel; needs python-crfsuite);
3. clauses: Thai connectives that open a new point (``แต่``, ``ส่วน``, ``นอกจากนี้``,
   ``อีกเรื่อง``, ``และ`` between two long parts), when both sides are long enough to
   stand alone.
Each clause keeps its parent ``statement_id``.
"""
from __future__ import annotations
from ..config import offline as _offline

import re

ITEM_SPLIT = re.compile(
    r"\n+|\s*;\s*|(?:^|\s)(?=\(?[0-9๐-๙]{1,2}[.)]\s*[^\d\s.])|(?:^|\s)[-–•*▪●]\s+", re.M
)
CONNECTIVES = (
    "นอกจากนี้", "นอกจากนั้น", "อีกเรื่องหนึ่ง", "อีกเรื่อง", "อีกอย่างหนึ่ง", "อีกอย่าง", "อีกประเด็น", "ส่วนเรื่อง",
    "ส่วน", "แต่ว่า", "แต่", "และยัง", "อีกทั้ง", "ประกอบกับ", "ทั้งนี้", "ขณะเดียวกัน", "ในขณะที่", "และ",
)
_CONNECTIVE_RE = re.compile(r"\s+(?=(?:" + "|".join(map(re.escape, CONNECTIVES)) + r"))")
MIN_CLAUSE = 14  # characters: a connective-split part shorter than this stays with its neighbour
MIN_ITEM = 5  # a list item or sentence shorter than this joins its neighbour
CRF_MIN = 60  # statements shorter than this are not given to the sentence model


def _merge_short(parts: list[str], min_len: int = MIN_CLAUSE) -> list[str]:
    out: list[str] = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and (len(p) < min_len or len(out[-1]) < min_len):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


@_offline
def _sentences(text: str) -> list[str]:
    if len(text) < CRF_MIN or " " not in text:
        return [text]
    from pythainlp.tokenize import sent_tokenize

    try:
        return [s.strip() for s in sent_tokenize(text, engine="crfcut") if s.strip()]
    except Exception:  # the model is in the wheel; fall back to spaces if it fails to load
        return [s for s in text.split("  ") if s.strip()]


def split_clauses(text: str) -> list[str]:
    """Clauses of one statement, in order; a short statement is one clause."""
    text = text.strip()
    if not text:
        return []
    items = _merge_short(ITEM_SPLIT.split(text), MIN_ITEM)
    clauses: list[str] = []
    for item in items:
        for sent in _sentences(item):
            parts = _CONNECTIVE_RE.split(sent)
            clauses.extend(_merge_short(parts))
    return _merge_short(clauses, MIN_ITEM) or [text]
