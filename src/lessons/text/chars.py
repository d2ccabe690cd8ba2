"""Small, dependency-free character helpers shared by readers and the text layer."""
from __future__ import annotations

import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

_LETTER = re.compile(r"[A-Za-z\u0E01-\u0E2E\u0E30-\u0E39\u0E40-\u0E4E]")
PLACEHOLDERS = frozenset(
    {
        "-", "--", "---", ".", "..", "...", "_", "/", "x", "n/a", "na", "none", "no", "nil",
        "ไม่มี", "ไม่มีค่ะ", "ไม่มีครับ", "ไม่มีคะ", "ไม่มีจ้า", "ไม่มีความคิดเห็น", "ไม่มีข้อเสนอแนะ",
        "ไม่มีปัญหา", "ไม่ระบุ", "ไม่ทราบ", "ยังไม่มี", "ไม่มี -", "ไม่มีอะไร", "ไม่มีค่ะ ขอบคุณค่ะ",
        "ขอบคุณ", "ขอบคุณค่ะ", "ขอบคุณครับ", "ok", "โอเค", "ดี", "ดีมาก", "ดีค่ะ", "ดีมากค่ะ", "ดีครับ",
        "ดีมากครับ", "-ไม่มี-", "(ไม่มี)", "ไม่", "none.",
    }
)


def thai_digits_to_arabic(text: str) -> str:
    """``'๒๕๖๕'`` -> ``'2565'``; other characters unchanged."""
    return text.translate(_TO_ARABIC)


def has_letters(text: str) -> bool:
    """True when the text holds at least one Thai or Latin letter."""
    return bool(_LETTER.search(text))


def is_placeholder(text: str) -> bool:
    """A non-answer such as ``-``, ``ไม่มี``, ``ไม่มีค่ะ``, ``..``."""
    t = " ".join(text.split()).strip().lower()
    t = t.strip(" .!~")  # "ไม่มีค่ะ." and "ไม่มี!" are still placeholders
    return t in PLACEHOLDERS or (t + ".") in PLACEHOLDERS or t == ""


def parse_int(value: object) -> int | None:
    """An integer out of ``3``, ``'๓'``, ``'6 เดือน'``, ``'กลุ่ม 2'``; ``None`` if none."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if value != value else int(value)
    m = re.search(r"\d+", thai_digits_to_arabic(str(value)))
    return int(m.group()) if m else None
