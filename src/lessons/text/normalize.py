"""Normalisation: small pure functions composed in :func:`normalize`.

The original text is always kept next to the normalised one; normalisation only feeds
tokenisation, clause splitting and matching.
"""
from __future__ import annotations
from ..config import offline as _offline

import re
import unicodedata

from .chars import thai_digits_to_arabic

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# a Thai consonant/vowel/latin letter repeated 3+ times: มากกกก -> มาก ; 555 stays (digits)
REPEATED_CHAR = re.compile(r"([ก-ฮa-zA-Z])\1{2,}")
# a tone mark or above/below vowel repeated: ก่่่ -> ก่
REPEATED_MARK = re.compile(r"([\u0E31\u0E34-\u0E3A\u0E47-\u0E4E])\1+")
REPEATED_PUNCT = re.compile(r"([!?.,~ๆ])\1+")
BULLET = re.compile(
    r"(?m)^\s*(?:[-–—•*▪●○►✓]+|\(?[0-9๐-๙]{1,2}[.)]|\(?[ก-ฮ][.)]|[a-zA-Z][.)])\s+"
)
INLINE_NUMBERING = re.compile(r"(?:(?<=\s)|^)\(?[0-9๐-๙]{1,2}[)]\s*|(?<=\s)[0-9๐-๙]{1,2}\.\s+(?=[^\d\s])")
WS = re.compile(r"[ \t\u00a0\u3000]+")


def remove_zero_width(text: str) -> str:
    return ZERO_WIDTH.sub("", text)


def collapse_repeats(text: str) -> str:
    """``มากกกก`` -> ``มาก``; ``ก่่่`` -> ``ก่``; ``!!!`` -> ``!``."""
    text = REPEATED_MARK.sub(r"\1", text)
    text = REPEATED_CHAR.sub(r"\1", text)
    return REPEATED_PUNCT.sub(r"\1", text)


def strip_bullets(text: str) -> str:
    """Remove list bullets and numbering (``1.``, ``๑)``, ``-``, ``•``) at line starts and
    inline (``... 2) ...``), keeping the items' words."""
    text = BULLET.sub("", text)
    return INLINE_NUMBERING.sub(" ", text)


def unify_whitespace(text: str) -> str:
    lines = [WS.sub(" ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


@_offline
def normalize(text: str) -> str:
    """PyThaiNLP's normalisation (vowel/tone order, duplicate marks) plus the steps above,
    and Thai digits to Arabic."""
    from pythainlp.util import normalize as pythainlp_normalize

    text = unicodedata.normalize("NFC", text)
    text = remove_zero_width(text)
    text = pythainlp_normalize(text)
    text = collapse_repeats(text)
    text = thai_digits_to_arabic(text)
    text = strip_bullets(text)
    return unify_whitespace(text)
