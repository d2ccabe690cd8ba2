"""Decode text files the way Thai offices save them: UTF-8 (with or without BOM),
UTF-16 (Excel's "Unicode text"), or Windows-874 / TIS-620."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError

_THAI = re.compile(r"[\u0E00-\u0E7F]")
# Windows-874 bytes that are unassigned: a real TIS-620 file never has them
_CP874_UNDEFINED = set(range(0x80, 0x85)) | set(range(0x86, 0x91)) | set(range(0x98, 0xA0)) | {0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE, 0xFF}
ZIP_MAGIC = b"PK\x03\x04"


def _utf16_guess(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if len(head) >= 4:
        head = head[: len(head) // 2 * 2]
        even, odd = head[0::2], head[1::2]
        n = len(head) // 2
        if odd.count(0) > 0.3 * n and even.count(0) < 0.05 * n:
            return "utf-16-le"
        if even.count(0) > 0.3 * n and odd.count(0) < 0.05 * n:
            return "utf-16-be"
        # Thai in UTF-16 has few zero bytes: its high bytes are 0x0E (Thai) or 0x00 (spaces, digits)
        for high, low, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            thai = high.count(0x0E)
            if thai > 0.2 * n and thai + high.count(0) > 0.9 * n and low.count(0) < 0.05 * n:
                return enc
    return None


def decode_bytes(data: bytes, path: Path | str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` if no encoding fits, or if
    the decoded text is not plausibly text (see :func:`lessons.text.chars.implausible`)."""
    text, enc = _decode(data, path)
    from ..text.chars import implausible

    why = implausible(text)
    if why:
        raise InputError(path, f"does not look like text ({why}, read as {enc}): is it a binary file with a text "
                               "suffix, or saved in another encoding? Save it again as UTF-8")
    return text, enc


def _decode(data: bytes, path: Path | str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(path, f"starts like UTF-8 but has invalid bytes at position {exc.start}") from None
    if data.startswith(ZIP_MAGIC):
        raise InputError(path, "content is a ZIP/Office file, not text: the suffix does not match the content")
    if data.startswith(b"%PDF"):
        raise InputError(path, "content is a PDF, not text: the suffix does not match the content")
    u16 = _utf16_guess(data[:4096])
    if u16:
        try:
            return data.decode(u16), "utf-16"
        except UnicodeDecodeError:
            raise InputError(path, "looks like UTF-16 but cannot be decoded") from None
    if b"\x00" in data[:4096]:
        raise InputError(path, "binary content, not text: the suffix does not match the content")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    high = {b for b in data if b >= 0x80}
    if not (high & _CP874_UNDEFINED):
        text = data.decode("cp874", errors="strict")
        if _THAI.search(text):
            return text, "cp874"
    raise InputError(
        path,
        "cannot decode the text: not UTF-8, UTF-16 or TIS-620/Windows-874. "
        "Open it and save it again as 'CSV UTF-8' or 'Unicode text'",
    )


def read_text(path: Path) -> tuple[str, str]:
    from .limits import check_file_size

    check_file_size(path)
    return decode_bytes(path.read_bytes(), path)
