"""Values typed into workshop tables: SWOT quadrants and plan horizons."""
from __future__ import annotations

import re

from ..text.chars import parse_int, thai_digits_to_arabic

_QUADRANTS = {
    "s": "S", "strength": "S", "strengths": "S", "จุดแข็ง": "S",
    "w": "W", "weakness": "W", "weaknesses": "W", "จุดอ่อน": "W",
    "o": "O", "opportunity": "O", "opportunities": "O", "โอกาส": "O",
    "t": "T", "threat": "T", "threats": "T", "อุปสรรค": "T", "ภัยคุกคาม": "T", "ข้อจำกัด": "T",
    "ความเสี่ยง": "T", "ปัจจัยเสี่ยง": "T",
}


def parse_quadrant(value: object) -> str | None:
    """``'จุดแข็ง'``, ``'S'``, ``'Strengths'``, ``'จุดอ่อน (W)'``, ``'อุปสรรค/ภัยคุกคาม (T)'`` -> S/W/O/T."""
    s = " ".join(str(value or "").split()).strip().lower()
    if not s:
        return None
    if s in _QUADRANTS:
        return _QUADRANTS[s]
    head = s.split("(")[0].strip(" .:-")
    if head in _QUADRANTS:
        return _QUADRANTS[head]
    for part in re.split(r"[/\s(),:\-–]+", s):
        if part in _QUADRANTS and (len(part) > 1 or len(s) <= 4):
            return _QUADRANTS[part]
    m = re.search(r"\(([swot])\)", s)
    if m:
        return m.group(1).upper()
    found = {q for w, q in _QUADRANTS.items() if len(w) > 1 and w in s}
    return found.pop() if len(found) == 1 else None


def parse_horizon(value: object) -> int | None:
    """Months: ``3``, ``'๖ เดือน'``, ``'1 ปี'`` (-> 12), ``'ระยะสั้น'`` (-> 3)."""
    s = thai_digits_to_arabic(" ".join(str(value or "").split()))
    if not s:
        return None
    n = parse_int(s)
    if n is not None:
        return n * 12 if "ปี" in s or "year" in s.lower() else n
    for words, months in (("สั้น", 3), ("กลาง", 6), ("ยาว", 12)):
        if words in s:
            return months
    return None
