"""Group discussion transcripts and rapporteurs' notes: ``.txt``/``.md`` lines and
``.docx`` paragraphs, read by learning the file's own habit.

Rapporteurs write in many ways; this reader does not rely on one list of tag styles.
For each file it first collects, line by line, what *could* be a speaker tag, then keeps
the tag shapes that the file actually repeats:

=====================================  =========================================
``ผู้ดำเนินรายการ: ...``, ``Q: ...``      a short label before ``:`` (always a tag)
``**วิทยากร:** ...``                      the same in Markdown bold
``[ผู้เข้าร่วม 3] ...``, ``【ครู】 ...``       a label in brackets (always a tag)
``ผอ.ศูนย์ฯ สงขลา >> ...``                 a label before ``>>``, ``»``, ``=>`` (always)
``ผู้เข้าร่วม#3 - ...``, ``วิทยากร – ...``   a label before a spaced dash, when the file
                                        repeats the label (or its first word)
``(อพม. บ้านนา) ...``                     a label in parentheses opening the line, when
                                        the file does it more than once
``10:42<TAB>พี่จิ๋ว<TAB>...``               a chat export: time, sender, message
=====================================  =========================================

Everything else that structures a file is recognised too: time marks (``[09:41]``,
``10.15 น.``), annotations (``(เสียงหัวเราะ)``, ``[ไม่ชัด]``, ``...เงียบ...``), separator
lines and date lines are not turns (they are listed as excluded, with the reason);
section lines (``ประเด็นที่ ๒``, ``หัวข้อที่ 3 :``, ``ประเด็น 2``, Markdown ``#`` headings,
Word heading styles, a bold line) set the section, and the key issue when they carry
its number or its label; list items (``-``, ``*``, ``•``, ``1.``, ``1)``, ``(1)``, ``๑)``,
``ก.``, nested items, Word's automatic numbering) give one statement each, with the
heading above as their ``section``; Markdown table rows give one statement per cell.
An untagged line right after a turn continues that turn; a blank line ends it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..provinces import canonical_province
from ..text.chars import has_letters, parse_int, thai_digits_to_arabic
from . import Unit

_D = r"[0-9๐-๙]"
SECTION_WORDS = r"(?:ประเด็น|หัวข้อ|ส่วน|ตอน|ช่วง|เรื่อง|กลุ่มประเด็น|issue|topic|session|part)"
SECTION_LINE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*[\[(【]?\s*" + SECTION_WORDS + r"(?:หลัก|ย่อย)?\s*(?:ที่)?\s*"
    r"(?:(?P<num>" + _D + r"{1,2})(?!" + _D + r"|[.,]" + _D + r")|(?=[:：]))", re.IGNORECASE)
MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>\S.*)$")
BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_].{0,118}?)(?:\*\*|__)\s*[:：]?\s*$")
LEADING_NUMBER = re.compile(r"^\s*(?P<num>" + _D + r"{1,2})\s*[.)]\s*\S")
TIME = r"(?:" + _D + r"{1,2}\s*[:.]\s*" + _D + r"{2}(?:\s*[:.]\s*" + _D + r"{2})?\s*(?:น\.?|นาฬิกา|[AaPp]\.?[Mm]\.?)?)"
TIME_MARK = re.compile(
    r"^\s*[\[(（{<]?\s*(?:เวลา\s*)?" + TIME + r"(?:\s*[-–~ถึง]+\s*" + TIME + r")?\s*[\])）}>]?\s*[-–:]?\s*$")
THAI_MONTHS = ("มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|"
               r"ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.")
DATE_LINE = re.compile(
    r"^\s*[\[(]?\s*(?:(?:วัน\S{0,12}|[A-Z][a-z]{2,8},?)\s*)?(?:ที่\s*)?"
    r"(?:" + _D + r"{1,4}\s*[/.\-]\s*" + _D + r"{1,2}\s*[/.\-]\s*" + _D + r"{2,4}"
    r"|" + _D + r"{1,2}\s*(?:" + THAI_MONTHS + r")\s*(?:พ\.ศ\.\s*)?" + _D + r"{0,4})"
    r"\s*(?:\(?วัน\S{0,12}\)?|\([ก-๙A-Za-z.]{1,12}\))?\s*[\])]?\s*$")
ANNOTATION_WORDS = ("หัวเราะ", "เงียบ", "ไม่ชัด", "ฟังไม่", "ไม่ได้ยิน", "ปรบมือ", "เสียง", "พักเบรก", "พักรับประทาน",
                    "หยุดพัก", "พัก ", "inaudible", "laugh", "crosstalk", "pause", "break", "ขาดหาย", "ถอดเทป",
                    "สติกเกอร์", "สติ๊กเกอร์", "รูปภาพ", "รูป]", "วิดีโอ", "ไฟล์", "sticker", "photo", "image",
                    "ยกเลิกข้อความ", "unsent", "ข้อความถูกลบ", "ผู้พูดซ้อน", "พูดพร้อมกัน", "ไมค์", "อ่านไม่ออก")
ANNOTATION = re.compile(r"^\s*(?:[\[(（【{<](?P<a>[^\])）】}>]{1,80})[\])）】}>]|(?:\.{2,}|…)\s*(?P<b>[^.…]{1,40}?)\s*(?:\.{2,}|…))\s*$")
SEPARATOR = re.compile(r"^\s*(?:([-=_*~#.•·+])\s*\1(?:\s*\1)+|[-=_~]{3,}.*[-=_~]{3,})\s*$")
LIST_ITEM = re.compile(
    r"^(?P<indent>[ \t\u3000\u00a0]*)(?P<marker>[-*•+–—·●○▪◦►»✓✔❖➢➤→]"
    r"|\(?" + _D + r"{1,2}(?:\." + _D + r"{1,2})*[.)](?=\s|[ก-๙A-Za-z\"“(])"
    r"|\(" + _D + r"{1,2}\)|[กขคงจฉ][.)](?=\s)|\([กขคงจฉ]\)|[a-hA-H][.)](?=\s))\s*(?P<text>\S.*)$")
MD_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")

_TAG_BODY = r"[^:：\[\]\n]{1,48}?"
COLON_TAG = re.compile(r"^\s*(?:\*\*|__)?(?P<tag>" + _TAG_BODY + r")\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(?P<words>.*)$")
BRACKET_TAG = re.compile(r"^\s*(?:\*\*)?[\[【〔<]\s*(?P<tag>[^\]】〕>\n]{1,48})\s*[\]】〕>](?:\*\*)?\s*[:：\-–]?\s*(?P<words>.*)$")
ARROW_TAG = re.compile(r"^\s*(?P<tag>[^>»\n]{1,48}?)\s*(?:>>|»|=>|->|⇒|＞＞)\s*(?P<words>.*)$")
DASH_TAG = re.compile(r"^\s*(?P<tag>[^\s\-–—][^\n]{0,46}?)\s+[-–—]\s+(?P<words>\S.*)$|^\s*(?P<tag2>[^\s\-–—][^\s\n]{0,30})\s*[-–—]\s+(?P<words2>\S.*)$")
PAREN_TAG = re.compile(r"^\s*[(（](?P<tag>[^()（）\n]{1,48})[)）]\s*[:：\-–]?\s*(?P<words>\S.*)$")
CHAT_LINE = re.compile(r"^\s*(?P<time>" + _D + r"{1,2}[:.]" + _D + r"{2})(?:\s*(?:น\.|[AaPp][Mm]))?\s+(?P<rest>\S.*)$")
PAREN = re.compile(r"[（(]([^()（）]{1,40})[)）]")
ANONYMOUS = re.compile(r"^(คุณ\s*\S{1,12}|ผู้เข้าร่วม\s*[#\w๐-๙]*|ผู้ร่วม\S*\s*[#\w๐-๙]*|P\s*\d+|ท่าน\S*|[QAถต]|ถาม|ตอบ|"
                       r"ผู้พูด\s*[#\w๐-๙]*|คนที่\s*[\w๐-๙]+|[A-Z]\d*)$")
ROLE_WORDS = ("วิทยากร", "ผู้ดำเนินรายการ", "ผู้ดำเนินการ", "ผู้อำนวยความสะดวก", "ผู้จดบันทึก", "ผู้บันทึก", "ผู้เข้าร่วม",
              "ผู้ร่วม", "ผู้แทน", "ผู้ใหญ่บ้าน", "กำนัน", "ผอ", "พมจ", "พม", "อพม", "นักสังคม", "นักพัฒนา", "นักจิตวิทยา",
              "ตำรวจ", "ตร", "สภ", "ตม", "อัยการ", "ครู", "หมอ", "พยาบาล", "ล่าม", "เจ้าหน้าที่", "จนท", "ปลัด", "นายอำเภอ",
              "ประธาน", "เลขา", "facilitator", "moderator", "note", "Q", "A", "ถาม", "ตอบ", "ผู้สัมภาษณ์", "ผู้ให้ข้อมูล",
              "อบต", "อสม", "รพ", "บ้านพัก", "ศูนย์", "มูลนิธิ", "NGO", "แรงงาน", "ประมง", "ผู้นำ", "โต๊ะอิหม่าม", "อิหม่าม",
              "คุณ", "ท่าน", "พี่", "น้อง", "P", "กลุ่ม")
TAG_STOP = ("http", "www", "หมายเหตุ", "สรุป", "ข้อสังเกต", "ปัญหา", "อุปสรรค", "ข้อเสนอ", "จุดแข็ง", "จุดอ่อน", "โอกาส",
            "ภัยคุกคาม", "แนวทาง", "ตัวอย่าง", "เช่น", "คือ", "ได้แก่", "ดังนี้", "ประเด็น", "หัวข้อ", "เวลา", "วันที่", "สถานที่",
            "ผลลัพธ์", "กิจกรรม", "ตัวชี้วัด", "เป้าหมาย", "วัตถุประสงค์", "note", "ps", "ที่มา", "อ้างอิง")


@dataclass
class Line:
    ref: str  # "L12" or "P12"
    location: str  # "line 12" or "paragraph 12"
    text: str
    heading: bool = False  # a docx heading style
    title: bool = False  # a docx Title style: part of the preamble
    list_level: int | None = None  # a docx paragraph in a numbered or bulleted list


# ---------------------------------------------------------------- line shapes
def _clean(s: str) -> str:
    return s.replace("\ufeff", "").replace("\u200b", "").replace("\u00a0", " ").rstrip()


def _tag_ok(tag: str) -> bool:
    t = tag.strip(" *_")
    if not t or not has_letters(t) or len(t) > 48 or len(t.split()) > 6:
        return False
    low = t.lower()
    if low.startswith(TAG_STOP) or low.endswith(("ว่า", "คือ", "ดังนี้", "ได้แก่", "เช่น")):
        return False
    if re.search(r"[.!?ๆ]\s*$", t) and not re.search(r"(?:\.[ก-๙A-Za-z]{1,4}\.?|ฯ)$", t):
        return t.endswith(".") and len(t) <= 12  # "ผอ." "อ." abbreviations; not a sentence
    return True


def _head(tag: str) -> str:
    first = PAREN.sub("", tag).strip(" -–*_").split()
    return re.sub(r"[\s#0-9๐-๙.,()\-–_]+$", "", first[0]) if first else ""


def _has_role_word(tag: str) -> bool:
    return any(w in tag for w in ROLE_WORDS)


def is_annotation(s: str) -> bool:
    m = ANNOTATION.match(s)
    if not m:
        return False
    inner = (m.group("a") or m.group("b") or "").strip().lower()
    return any(w in inner for w in ANNOTATION_WORDS) or not has_letters(inner) or bool(TIME_MARK.match(inner))


def structural_reason(s: str) -> str | None:
    """Why a line is structure, not speech: a time mark, annotation, separator or date line."""
    t = s.strip()
    if not t:
        return None
    if TIME_MARK.match(t):
        return "time mark"
    if SEPARATOR.match(t):
        return "separator line"
    if is_annotation(t):
        return "annotation (not speech)"
    if len(t) <= 48 and DATE_LINE.match(t):
        return "date line"
    return None


class Habit:
    """The speaker-tag shapes one file uses, learnt from the whole file."""

    def __init__(self, lines: list[str]):
        cand: dict[str, list[str]] = {"dash": [], "paren": [], "chat": [], "chat_tab": []}
        for raw in lines:
            s = _clean(raw)
            if not s.strip() or structural_reason(s):
                continue
            body = _strip_bullet(s)
            m = DASH_TAG.match(body)
            if m:
                tag = m.group("tag") or m.group("tag2")
                if _tag_ok(tag):
                    cand["dash"].append(tag.strip())
            m = PAREN_TAG.match(body)
            if m and _tag_ok(m.group("tag")) and not is_annotation(f"({m.group('tag')})"):
                cand["paren"].append(m.group("tag").strip())
            m = CHAT_LINE.match(s)
            if m:
                rest = m.group("rest")
                if "\t" in rest:
                    cand["chat_tab"].append(rest.split("\t", 1)[0].strip())
                else:
                    cand["chat"].append(rest)
        self.dash = self._repeated(cand["dash"])
        self.paren = self._repeated(cand["paren"], min_lines=2)
        self.chat_tab = len(cand["chat_tab"]) >= 2
        self.chat_senders = self._senders(cand["chat"]) if len(cand["chat"]) >= 3 else []

    @staticmethod
    def _repeated(tags: list[str], min_lines: int = 2) -> set[str]:
        """Tags that the file repeats (the tag itself, or its first word), or that name a role."""
        if len(tags) < min_lines:
            return set()
        whole = Counter(tags)
        heads = Counter(_head(t) for t in tags)
        ok = {t for t in tags if whole[t] >= 2 or (heads[_head(t)] >= 2 and _head(t)) or _has_role_word(t)}
        # a handful of unrelated hits in a long file is content, not a habit
        return ok if len([t for t in tags if t in ok]) >= min_lines else set()

    @staticmethod
    def _senders(rests: list[str]) -> list[str]:
        """Chat senders written with spaces only: the longest word prefixes (up to four
        words) that open two or more messages."""
        counts: Counter = Counter()
        for r in rests:
            words = r.split()
            for n in range(1, min(4, len(words) - 1) + 1):
                counts[" ".join(words[:n])] += 1
        senders = [p for p, c in counts.items() if c >= 2 and has_letters(p)]
        return sorted(senders, key=len, reverse=True)

    def split(self, s: str) -> tuple[str, str] | None:
        """``(tag, words)`` if the line opens a turn under this file's habit."""
        m = CHAT_LINE.match(s)
        if m and (self.chat_tab or self.chat_senders):
            rest = m.group("rest")
            if "\t" in rest:
                a, b = rest.split("\t", 1)
                return a.strip(), b.strip()
            mm = COLON_TAG.match(rest)
            if mm and _tag_ok(mm.group("tag")):
                return mm.group("tag").strip(), mm.group("words").strip()
            for p in self.chat_senders:
                if rest.startswith(p + " "):
                    return p, rest[len(p):].strip()
            return "", rest
        if self.chat_tab or self.chat_senders:
            return None  # a chat export: only its timed lines open messages
        body = _strip_bullet(s)
        m = BRACKET_TAG.match(body)
        if m and _tag_ok(m.group("tag")) and not is_annotation(f"[{m.group('tag')}]"):
            return m.group("tag").strip(), m.group("words").strip()
        m = COLON_TAG.match(body)
        if m and _tag_ok(m.group("tag")):
            tag, words = m.group("tag"), m.group("words")
            # a time (10:42) or a ratio (1:2) is not a tag: digits on both sides of the colon
            if not (re.search(_D + r"\s*$", tag) and re.match(r"\s*" + _D, words)):
                return tag.strip(" *_"), words.strip(" *_")
        m = ARROW_TAG.match(body)
        if m and _tag_ok(m.group("tag")):
            return m.group("tag").strip(), m.group("words").strip()
        if self.dash:
            m = DASH_TAG.match(body)
            if m:
                tag = (m.group("tag") or m.group("tag2")).strip()
                if tag in self.dash:
                    return tag, (m.group("words") or m.group("words2")).strip()
        if self.paren:
            m = PAREN_TAG.match(body)
            if m and m.group("tag").strip() in self.paren:
                return m.group("tag").strip(), m.group("words").strip()
        return None


def _strip_bullet(s: str) -> str:
    m = re.match(r"^\s*[-*•–·●]\s+(?=\S)", s)
    return s[m.end():] if m else s


def split_tag(line: str) -> tuple[str, str] | None:
    """``(tag, words)`` for a line with an unambiguous tag (colon, brackets, ``>>``)."""
    return Habit([]).split(_clean(line))


def describe_speaker(tag: str) -> tuple[str, str, str | None]:
    """``(speaker, role, province)`` from a tag. Anonymous tags (คุณ ก, ผู้เข้าร่วม 3, Q) have no role."""
    province = None
    m = PAREN.search(tag)
    if m:
        province = canonical_province(m.group(1))
    base = PAREN.sub("", tag).strip(" -–•*_")
    role = "" if ANONYMOUS.match(base) else base
    if province is None and role:
        province = canonical_province(role) if any(k in role for k in ("พมจ", "จังหวัด", "จ.", "สภ", "ศูนย์")) else None
    return tag, role, province


# ---------------------------------------------------------------- sections
def _section(s: str, heading: bool, key_issues: dict | None) -> tuple[bool, int | None, str]:
    """Is the line a section line; the key issue it names (if any); its text."""
    t = s.strip()
    m = SECTION_LINE.match(t)
    md = MD_HEADING.match(t)
    bold = BOLD_LINE.match(t)
    if not (m or md or bold or heading):
        return False, None, ""
    text = (md.group("text") if md else bold.group("text") if bold else t).strip(" *_#:：")
    num = None
    if m and m.group("num"):
        num = parse_int(m.group("num"))
    else:
        m2 = SECTION_LINE.match(text) or LEADING_NUMBER.match(text)
        if m2 and m2.group("num"):
            num = parse_int(m2.group("num"))
    allowed = set(key_issues) if key_issues else set(range(1, 21))
    if num not in allowed:
        num = _issue_by_label(text, key_issues)
    return True, num, text


def _compact(s: str) -> str:
    return re.sub(r"[\s()（）\-–:：.,\"'“”]", "", thai_digits_to_arabic(s))


def _issue_by_label(text: str, key_issues: dict | None) -> int | None:
    if not key_issues:
        return None
    t = _compact(text)
    for k, v in key_issues.items():
        label = _compact(str(v.get("label", "") if isinstance(v, dict) else v))
        if len(label) >= 6 and (label in t or (len(t) >= 8 and t in label)):
            return int(k)
    return None


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines broken at a fixed width (an export that wraps), so that a paragraph runs
    over several lines."""
    lens = sorted(len(x.strip()) for x in lines if x.strip())
    if len(lens) < 8:
        return False
    width = lens[int(0.9 * (len(lens) - 1))]
    if width < 50:
        return False
    near = sum(1 for n in lens if 0.85 * width <= n <= width + 2)
    return near >= 0.5 * len(lens)


# ---------------------------------------------------------------- the parser
def parse_lines(lines: list[Line], group: int | None = None, key_issues: dict | None = None) -> list[Unit]:
    from .limits import current as current_limits, preview, too_long_reason

    cap = current_limits().unit_chars
    # a line over the unit limit is excluded before any pattern looks at it
    too_long = {i for i, ln in enumerate(lines) if len(ln.text) > cap}
    texts = ["" if i in too_long else _clean(ln.text) for i, ln in enumerate(lines)]
    habit = Habit(texts)
    wrapped = _hard_wrapped(texts)
    units: list[Unit] = []
    key_issue: int | None = None
    section = ""
    current: Unit | None = None
    current_kind = ""  # "turn" | "item" | "note"
    current_indent = 0
    last_speaker = None  # (speaker, role, province) of the last turn, for list items inside it
    table_header: list[str] | None = None
    soft_wrap = False  # the last note line ended with a space: an export that wrapped it
    # title lines before the first heading, turn or list item are a preamble, when the
    # structure starts near the top; a file with no structure at all is read as notes
    first = next((i for i, (ln, t) in enumerate(zip(lines, texts)) if t.strip() and not ln.title and (
        _section(t, ln.heading, key_issues)[0] or habit.split(t) or LIST_ITEM.match(t) or ln.list_level is not None
        or MD_TABLE_ROW.match(t))), len(lines))
    preamble_ok = first < len(lines) and sum(1 for t in texts[:first] if t.strip()) <= 10
    seen_structure = not preamble_ok

    more: list[str] = []  # continuation lines of the current unit, joined once at the end (linear)

    def flush():
        nonlocal current, current_kind
        if current is not None:
            if more:
                current.text = " ".join([current.text, *more]).strip()
                more.clear()
            units.append(current)
        current, current_kind = None, ""

    def new(ln, text, field, **kw):
        extra = {"section": section} if section else {}
        return Unit(ln.location, ln.ref, text, field=field, group=group, key_issue=key_issue, extra=extra, **kw)

    for i, (ln, raw, orig) in enumerate(zip(lines, texts, [ln.text for ln in lines])):
        if i in too_long:
            flush()
            units.append(Unit(ln.location, ln.ref, preview(orig), group=group, key_issue=key_issue,
                              excluded=too_long_reason(len(orig))))
            continue
        quote = re.match(r"^\s*>\s?(.*)$", raw)
        if quote and not raw.lstrip().startswith(">>"):
            raw = quote.group(1).rstrip()
            attrib = re.match(r"^(?P<q>.*\S)\s*[(（](?P<who>[^()（）]{2,48})[)）]\s*$", raw)
            tagged_q = split_tag(raw)
            if attrib and not tagged_q:
                flush()
                seen_structure = True
                speaker, role, province = describe_speaker(attrib.group("who"))
                current = new(ln, attrib.group("q").strip(" \"“”"), "quote", speaker=speaker, role=role,
                              province=province)
                current_kind = "note"
                continue
        if not raw.strip():
            flush()
            last_speaker = None if current_kind != "item" else last_speaker
            table_header = None
            continue
        why = structural_reason(raw)
        if why and ln.list_level is None:
            if why != "annotation (not speech)":
                flush()
            units.append(Unit(ln.location, ln.ref, raw.strip(), group=group, key_issue=key_issue, excluded=why))
            continue
        # Markdown tables: one statement per cell
        mt = MD_TABLE_ROW.match(raw)
        if mt and raw.count("|") >= 3:
            flush()
            seen_structure = True
            if MD_TABLE_RULE.match(raw):
                units.append(Unit(ln.location, ln.ref, raw.strip(), excluded="table rule"))
                continue
            cells = [c.strip() for c in mt.group("cells").split("|")]
            if table_header is None:
                table_header = cells
                units.append(Unit(ln.location, ln.ref, raw.strip(), excluded="table header"))
                continue
            for c, value in enumerate(cells, start=1):
                name = table_header[c - 1] if c - 1 < len(table_header) and table_header[c - 1] else f"column {c}"
                u = new(ln, value, f"table:{name}")
                u.ref, u.location = f"{ln.ref}C{c}", f"{ln.location} column {name}"
                if c == 1 and (not has_letters(value) or "ประเด็น" in name):
                    u.excluded = "row label column"
                units.append(u)
            continue
        table_header = None
        if ln.title and not seen_structure:
            units.append(Unit(ln.location, ln.ref, raw.strip(), group=group, excluded="title"))
            continue
        is_section, num, stext = _section(raw, ln.heading, key_issues)
        tagged = None if is_section else habit.split(raw)
        if is_section and not (ln.list_level is not None and not ln.heading and not SECTION_LINE.match(raw)):
            flush()
            seen_structure = True
            last_speaker = None
            if num is not None:
                key_issue = num
            section = stext
            units.append(Unit(ln.location, ln.ref, raw.strip(), group=group, key_issue=key_issue,
                              excluded="heading (starts a key issue)" if num is not None else "heading"))
            continue
        if tagged:
            flush()
            seen_structure = True
            tag, words = tagged
            speaker, role, province = describe_speaker(tag) if tag else ("", "", None)
            current = new(ln, words, "turn", speaker=speaker, role=role, province=province)
            if words and is_annotation(words):  # a chat message that is a sticker or a photo
                current.excluded = "annotation (not speech)"
            current_kind = "turn"
            last_speaker = (speaker, role, province)
            continue
        item = LIST_ITEM.match(raw) if ln.list_level is None else None
        if item or ln.list_level is not None:
            text = item.group("text") if item else raw.strip()
            indent = len(item.group("indent").expandtabs(4)) if item else 2 * (ln.list_level or 0)
            flush()
            seen_structure = True
            sp = last_speaker or ("", "", None)
            current = new(ln, text.strip(), "item", speaker=sp[0], role=sp[1], province=sp[2])
            current.extra["level"] = indent // 2
            current_kind, current_indent = "item", indent
            continue
        indent = len(raw) - len(raw.lstrip(" \t\u3000"))
        if current is not None and (current_kind == "turn" or (current_kind == "item" and indent > current_indent)
                                    or (current_kind == "note" and (wrapped or soft_wrap))):
            more.append(raw.strip())
            soft_wrap = orig.rstrip("\r\n").endswith((" ", "\t"))
            continue
        if not seen_structure:
            flush()
            units.append(Unit(ln.location, ln.ref, raw.strip(), group=group,
                              excluded="preamble (title or metadata before the first heading or turn)"))
            continue
        flush()
        current = new(ln, raw.strip(), "note")
        current_kind = "note"
        soft_wrap = orig.rstrip("\r\n").endswith((" ", "\t")) and len(raw.strip()) >= 30
    flush()
    return units


def read_text_transcript(path, group: int | None = None, key_issues: dict | None = None, **_) -> list[Unit]:
    from .encoding import read_text

    from .limits import check_count

    text, _enc = read_text(path)
    check_count(path, text.count("\n") + 1, "lines")
    lines = [Line(f"L{i}", f"line {i}", t) for i, t in enumerate(text.splitlines(), start=1)]
    return parse_lines(lines, group=group, key_issues=key_issues)
