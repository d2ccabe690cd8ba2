"""Word ``.docx`` transcripts and summaries: paragraphs (speaker turns, ``Heading``
styles, Word's automatic numbered and bulleted lists) and tables (flip-chart notes: the
first column may be the key issue, the header row names the other columns)."""
from __future__ import annotations

import re
import zipfile

from ..errors import InputError
from ..text.chars import parse_int
from . import Unit
from .transcript import SECTION_LINE, Line, parse_lines


def _open(path):
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a broken install
        raise InputError(path, f"python-docx is not installed ({exc})") from None
    from .limits import check_count, check_zip, scan_tags

    z = check_zip(path, "Word .docx", " (is it an old .doc, or text?)")
    try:
        parts = [n for n in z.namelist() if n.lower().startswith("word/") and n.lower().endswith(".xml")]
        paragraphs = sum(scan_tags(z, n, b"p")[0] for n in parts if "document" in n.lower())
    finally:
        z.close()
    check_count(path, paragraphs, "paragraphs")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise InputError(path, f"corrupt or not a Word document ({type(exc).__name__})") from None
    except Exception as exc:  # lxml errors and the like: still the file's fault
        raise InputError(path, f"cannot read the Word document ({type(exc).__name__})") from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def list_level(paragraph, style=False, style_levels: dict | None = None) -> int | None:
    """The list level of a paragraph in a Word list (automatic numbering or bullets, by
    numbering properties or a ``List …`` style), else None. ``style`` (the paragraph's
    style, already looked up) and ``style_levels`` (a cache by style) spare the style
    lookups, which python-docx makes slowly, once per paragraph."""
    p = paragraph._p
    ppr = p.pPr
    num = ppr.find(f"{_W}numPr") if ppr is not None else None
    if num is not None:
        ilvl = num.find(f"{_W}ilvl")
        numid = num.find(f"{_W}numId")
        if numid is not None and numid.get(f"{_W}val") == "0":
            return None  # numbering switched off
        return int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
    if style is False:
        style = paragraph.style
    key = style.style_id if style is not None else None
    if style_levels is not None and key in style_levels:
        return style_levels[key]
    level = _style_level(style)
    if style_levels is not None:
        style_levels[key] = level
    return level


def _style_level(style) -> int | None:
    while style is not None:
        name = (style.name or "").lower()
        if name.startswith(("list number", "list bullet", "list continue")):
            m = re.search(r"(\d)$", name)
            return int(m.group(1)) - 1 if m else 0
        el = style.element
        spr = el.find(f"{_W}pPr")
        if spr is not None and spr.find(f"{_W}numPr") is not None:
            return 0
        style = style.base_style
    return None


def _is_heading(paragraph, style=False) -> bool:
    if style is False:
        style = paragraph.style
    style = (style.name or "") if style is not None else ""
    if style.lower().startswith(("heading", "title", "subtitle")) or "หัวเรื่อง" in style:
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    text = paragraph.text.strip()
    # a short line set wholly in bold, with no sentence in it, is a heading
    return bool(runs) and all(r.bold for r in runs) and len(text) <= 80 and not text.endswith(("ค่ะ", "ครับ", "คะ"))


def read_docx(path, group: int | None = None, key_issues: dict | None = None, **_) -> list[Unit]:
    from docx.table import Table

    doc = _open(path)
    lines: list[Line] = []
    tables: list[tuple[int, object, int | None]] = []
    key_issue = None
    p_no = 0
    styles: dict = {}  # style id -> style: python-docx looks each one up by a slow XPath
    style_levels: dict = {}
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            tables.append((len(tables) + 1, block, key_issue))
            lines.append(Line("", "", ""))  # a table ends the turn before it
            continue
        p_no += 1
        m = SECTION_LINE.match(block.text)
        if m and m.group("num"):
            key_issue = parse_int(m.group("num"))
        sid = block._p.style
        if sid not in styles:
            styles[sid] = block.style
        st = styles[sid]
        style = (st.name or "").lower() if st is not None else ""
        # a soft line break (Shift+Enter) stays inside the paragraph: one line of text
        text = " ".join(block.text.replace("\v", "\n").split("\n"))
        lines.append(Line(f"P{p_no}", f"paragraph {p_no}", text, heading=_is_heading(block, st),
                          title=style in ("title", "subtitle"), list_level=list_level(block, st, style_levels)))
    units = parse_lines(lines, group=group, key_issues=key_issues)
    for t_no, table, issue in tables:
        units.extend(_table_units(table, t_no, group, issue))
    return units


def _table_units(table, t_no: int, group, key_issue) -> list[Unit]:
    tcs = [[c._tc for c in r.cells] for r in table.rows]  # held, so that identity means "same cell"
    rows = [[c.text.strip() for c in r.cells] for r in table.rows]
    out: list[Unit] = []
    if not rows:
        return out
    header = rows[0]
    first_is_issue = bool(header) and ("ประเด็น" in header[0] or header[0].strip() in {"", "#", "ที่"})
    for c, h in enumerate(header, start=1):
        out.append(Unit(f"table {t_no} row 1 column {c}", f"T{t_no}R1C{c}", h, group=group,
                        excluded="table header"))
    for r, cells in enumerate(rows[1:], start=2):
        issue = parse_int(cells[0]) if first_is_issue and cells else key_issue
        if issue is not None and not 1 <= issue <= 9:
            issue = key_issue
        seen: list = []
        for c, value in enumerate(cells, start=1):
            name = header[c - 1] if c - 1 < len(header) and header[c - 1] else f"column {c}"
            loc = f"table {t_no} row {r} column {name}"
            ref = f"T{t_no}R{r}C{c}"
            if first_is_issue and c == 1:
                out.append(Unit(loc, ref, value, group=group, key_issue=issue,
                                excluded="key-issue number column"))
                continue
            tc = tcs[r - 1][c - 1]
            if any(tc is x for x in seen):
                out.append(Unit(loc, ref, value, group=group, key_issue=issue, excluded="merged cell (same as the cell before)"))
                continue
            seen.append(tc)
            out.extend(cell_units(value, loc, ref, field=f"flipchart:{name}", group=group, key_issue=issue,
                                  extra={"table": t_no, "column": name}))
    return out


def cell_units(value: str, loc: str, ref: str, **kw) -> list[Unit]:
    """A table cell: one unit, or one per item when the cell lists several on their own
    lines (``- a`` / ``• b`` / ``1. c`` / plain lines)."""
    from .transcript import LIST_ITEM

    lines = [x.strip() for x in value.split("\n") if x.strip()]
    if len(lines) <= 1:
        m = LIST_ITEM.match(value.strip()) if lines else None
        return [Unit(loc, ref, m.group("text").strip() if m else value, **kw)]
    out = []
    for i, x in enumerate(lines, start=1):
        m = LIST_ITEM.match(x)
        text = m.group("text").strip() if m else x
        u = Unit(f"{loc} item {i}", f"{ref}.{i}", text, **{**kw, "extra": dict(kw.get("extra") or {})})
        out.append(u)
    return out

