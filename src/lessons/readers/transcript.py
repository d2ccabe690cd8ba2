"""Group discussion transcripts: ``.txt``/``.md`` lines and ``.docx`` paragraphs.

Rapporteurs tag speakers in several styles; all of these start a turn::

    ผู้ดำเนินรายการ: ...            role + colon
    คุณ ก: ...                     name/letter + colon
    [ผู้เข้าร่วม 3] ...            bracket tag
    - นักสังคมสงเคราะห์ (ระยอง): ...  dash + role + (province) + colon

A line that starts with ``ประเด็นที่ N`` (optionally after Markdown ``#``) is a heading
that sets the key issue for the turns below it. An untagged line right after a turn
(no blank line between) continues that turn.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..provinces import canonical_province
from ..text.chars import has_letters, parse_int
from . import Unit

ISSUE_HEADING = re.compile(r"^\s*#*\s*(?:\*\*)?\s*ประเด็น(?:หลัก)?(?:ที่)?\s*([0-9๐-๙]+)")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
BRACKET_TAG = re.compile(r"^\s*[-–•*]?\s*\[([^\]\n]{1,40})\]\s*[:：]?\s*(.*)$")
COLON_TAG = re.compile(r"^\s*(?:[-–•*]\s*)?([^:：\[\]\n]{1,40}?)\s*[:：]\s*(.*)$")
PAREN = re.compile(r"[（(]([^()（）]{1,40})[)）]")
ANONYMOUS = re.compile(r"^(คุณ\s*\S{1,12}|ผู้เข้าร่วม\s*[\w๐-๙]*|ผู้ร่วม\S*\s*[\w๐-๙]*|P\s*\d+|ท่าน\S*)$")


@dataclass
class Line:
    ref: str  # "L12" or "P12"
    location: str  # "line 12" or "paragraph 12"
    text: str
    heading: bool = False  # a docx heading style


def split_tag(line: str) -> tuple[str, str] | None:
    """``(tag, words)`` if the line starts with a speaker tag."""
    m = BRACKET_TAG.match(line)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    m = COLON_TAG.match(line)
    if m:
        tag = m.group(1).strip()
        if has_letters(tag) and not tag.lower().startswith(("http", "https", "www")) and len(tag.split()) <= 6:
            return tag, m.group(2).strip()
    return None


def describe_speaker(tag: str) -> tuple[str, str, str | None]:
    """``(speaker, role, province)`` from a tag. Anonymous tags (คุณ ก, ผู้เข้าร่วม 3) have no role."""
    province = None
    m = PAREN.search(tag)
    if m:
        province = canonical_province(m.group(1))
    base = PAREN.sub("", tag).strip(" -–•*")
    role = "" if ANONYMOUS.match(base) else base
    if province is None and role:
        province = canonical_province(role) if any(k in role for k in ("พมจ", "จังหวัด", "จ.")) else None
    return tag, role, province


def parse_lines(lines: list[Line], group: int | None = None) -> list[Unit]:
    units: list[Unit] = []
    key_issue: int | None = None
    current: Unit | None = None
    seen_structure = False  # a heading or a turn has been seen

    def flush():
        nonlocal current
        if current is not None:
            units.append(current)
            current = None

    for ln in lines:
        raw = ln.text.rstrip()
        if not raw.strip():
            flush()
            continue
        m = ISSUE_HEADING.match(raw)
        if m or ln.heading or MD_HEADING.match(raw):
            flush()
            if m:
                key_issue = parse_int(m.group(1))
            seen_structure = True
            units.append(Unit(ln.location, ln.ref, raw.strip(), group=group, key_issue=key_issue,
                              excluded="heading (starts a key issue)" if m else "heading"))
            continue
        tagged = split_tag(raw)
        if tagged:
            flush()
            seen_structure = True
            tag, words = tagged
            speaker, role, province = describe_speaker(tag)
            current = Unit(ln.location, ln.ref, words, field="turn", speaker=speaker, role=role,
                           province=province, group=group, key_issue=key_issue)
            continue
        if current is not None:
            current.text = f"{current.text} {raw.strip()}".strip()
            continue
        if not seen_structure:
            units.append(Unit(ln.location, ln.ref, raw.strip(), group=group,
                              excluded="preamble (title or metadata before the first heading or turn)"))
            continue
        # an untagged note between turns: the rapporteur's own summary
        current = Unit(ln.location, ln.ref, raw.strip(), field="note", group=group, key_issue=key_issue)
    flush()
    return units


def read_text_transcript(path, group: int | None = None, **_) -> list[Unit]:
    from .encoding import read_text

    text, _enc = read_text(path)
    lines = [Line(f"L{i}", f"line {i}", t) for i, t in enumerate(text.splitlines(), start=1)]
    return parse_lines(lines, group=group)
