"""Word ``.docx`` transcripts: paragraphs (speaker turns, ``Heading`` styles) and
tables (flip-chart notes: the first column is the key issue, the header row names the
other columns)."""
from __future__ import annotations

import zipfile

from ..errors import InputError
from ..text.chars import parse_int
from . import Unit
from .transcript import ISSUE_HEADING, Line, parse_lines


def _open(path):
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a broken install
        raise InputError(path, f"python-docx is not installed ({exc})") from None
    if not zipfile.is_zipfile(path):
        raise InputError(path, "not a Word .docx file: the content does not match the suffix (is it an old .doc, or text?)")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise InputError(path, f"corrupt or not a Word document ({type(exc).__name__})") from None
    except Exception as exc:  # lxml errors and the like: still the file's fault
        raise InputError(path, f"cannot read the Word document ({type(exc).__name__})") from None


def read_docx(path, group: int | None = None, **_) -> list[Unit]:
    from docx.table import Table

    doc = _open(path)
    lines: list[Line] = []
    tables: list[tuple[int, object, int | None]] = []
    key_issue = None
    p_no = 0
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            tables.append((len(tables) + 1, block, key_issue))
            lines.append(Line("", "", ""))  # a table ends the turn before it
            continue
        p_no += 1
        style = (block.style.name or "") if block.style is not None else ""
        m = ISSUE_HEADING.match(block.text)
        if m:
            key_issue = parse_int(m.group(1))
        lines.append(Line(f"P{p_no}", f"paragraph {p_no}", block.text,
                          heading=style.lower().startswith(("heading", "title"))))
    units = parse_lines(lines, group=group)
    for t_no, table, issue in tables:
        units.extend(_table_units(table, t_no, group, issue))
    return units


def _table_units(table, t_no: int, group, key_issue) -> list[Unit]:
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
        for c, value in enumerate(cells, start=1):
            name = header[c - 1] if c - 1 < len(header) and header[c - 1] else f"column {c}"
            loc = f"table {t_no} row {r} column {name}"
            ref = f"T{t_no}R{r}C{c}"
            if first_is_issue and c == 1:
                out.append(Unit(loc, ref, value, group=group, key_issue=issue,
                                excluded="key-issue number column"))
                continue
            out.append(Unit(loc, ref, value, field=f"flipchart:{name}", group=group, key_issue=issue,
                            extra={"table": t_no, "column": name}))
    return out
