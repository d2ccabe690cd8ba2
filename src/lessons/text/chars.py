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


# ---------------------------------------------------------------- is it text at all?
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# scripts a Thai workshop's records may hold: Latin, Thai and Lao, Burmese, Khmer (migrant
# workers' languages), punctuation and symbols, full-width forms, emoji
_EXPECTED = re.compile("[\x20-\x7e\xa0-\u024f\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2000-\u2bff"
                       "\u3000-\u303f\ufe00-\ufe0f\ufeff\uff00-\uffef\U0001f000-\U0001faff]")
_SPACE = re.compile(r"\s")
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # vowels and tone marks above or below a consonant
_BAD_MARK = re.compile(f"(?<![\u0e01-\u0e2e{_MARKS}])[{_MARKS}]")
_BAD_LEAD = re.compile("[\u0e40-\u0e44](?![\u0e01-\u0e2e\u0e40-\u0e44])")  # "เเ" for "แ" is a common habit
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def thai_order_errors(text: str) -> tuple[int, int]:
    """``(errors, thai characters)``: how many Thai characters stand where Thai spelling
    cannot put them (a vowel or tone mark above or below with no consonant before it, a
    leading vowel with no consonant after it). Real text, typos included, has almost
    none (0.013 % in the wisesight social-media sample); bytes decoded as TIS-620 by
    chance have about one in twelve."""
    return len(_BAD_MARK.findall(text)) + len(_BAD_LEAD.findall(text)), len(_THAI.findall(text))


def implausible(text: str, sample: int = 2_000_000) -> str | None:
    """Why a decoded text is not plausibly text (control characters, characters of no
    script a workshop uses, Thai in impossible order), or None. Looks at up to
    ``sample`` characters from the start, middle and end."""
    if len(text) > sample:
        third = sample // 3
        mid = len(text) // 2
        text = text[:third] + text[mid - third // 2: mid + third // 2] + text[-third:]
    n = len(text)
    if n == 0:
        return None
    control = len(_CONTROL.findall(text))
    if control > max(3, 0.01 * n):
        return f"{control:,} control characters in {n:,}"
    visible = n - len(_SPACE.findall(text))
    if visible >= 50:
        expected = len(_EXPECTED.findall(text)) - (n - visible)
        if expected < 0.5 * visible:
            return f"{100 - 100 * expected // visible}% of its characters belong to no script a workshop uses"
    if n >= 200:
        errors, thai = thai_order_errors(text)
        if thai >= 200 and errors > 0.02 * thai:
            return f"{100 * errors / thai:.0f}% of its Thai characters are in an order Thai spelling never has"
    return None
