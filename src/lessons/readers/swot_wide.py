"""SWOT typed the way people type it in Excel (``layout: wide``).

One sheet per group (``sheets: all``, a list, or one ``sheet``), a title row or two, then
a header with the four quadrants side by side (จุดแข็ง / จุดอ่อน / โอกาส / อุปสรรค, or S W O
T, in any order, with or without the English letter), and on the left a key-issue
column that is often merged down over its rows::

    | ผลการวิเคราะห์ SWOT กลุ่ม 2                                          |
    | ประเด็น            | จุดแข็ง (S)   | จุดอ่อน (W)     | โอกาส (O) | อุปสรรค (T) |
    | 1. การคัดกรอง...   | - ทีมรู้จักกัน | - ล่ามไม่พอ      | ...       | ...         |
    |  (merged)         | - มี อพม.     | - งบมาช้า        |           |             |

Every quadrant cell gives one statement per item (a cell with several lines gives one
per line); merged key-issue cells are carried down; the group comes from a ``กลุ่ม``
column, the sheet name (``กลุ่ม 2 (ศรีสะเกษ)``) or the file entry; title rows, note rows
and cells outside the quadrants are listed as excluded with their reason. A
``columns`` mapping may name the columns instead (``{จุดแข็ง: S, ประเด็น: key_issue}``).
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..provinces import canonical_province
from ..text.chars import has_letters, parse_int
from . import Unit
from .docx import cell_units
from .fields import parse_quadrant
from .table import _cell, _read_csv
from .transcript import _issue_by_label

MAX_HEADER_SCAN = 30


def _grids(spec) -> list[tuple[str | None, list[list[str]], list[tuple[int, int, int, int]]]]:
    """``(sheet, rows, merged ranges)`` for each sheet to read (one grid for a CSV)."""
    path = spec.path
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        rows, _enc = _read_csv(path)
        return [(None, [[_cell(c) for c in r] for r in rows], [])]
    if suffix != ".xlsx":
        raise InputError(path, f"a wide SWOT must be .xlsx or .csv, not '{path.suffix}'")
    from .limits import check_count
    from .xlsx import merged_ranges, open_workbook, sheet_rows

    wb = open_workbook(path)
    try:
        names = wb.sheetnames
        want = spec.options.get("sheets")
        if want in (None, "all"):
            chosen = [spec.options["sheet"]] if spec.options.get("sheet") else names
        else:
            chosen = list(want)
        missing = [s for s in chosen if s not in names]
        if missing:
            raise InputError(path, f"no sheet named {', '.join(repr(m) for m in missing)}; sheets are: {', '.join(names)}")
        out = []
        for name in chosen:
            rows = [[_cell(v) for v in r] for r in sheet_rows(path, wb, name)]
            width = max((len(r) for r in rows), default=0)
            check_count(path, len(rows) * width, f"cells in sheet '{name}' as a grid", "cells")
            rows = [r + [""] * (width - len(r)) for r in rows]  # as a grid: cells by position
            out.append((name, rows, merged_ranges(path, wb, name)))
    finally:
        wb.close()
    return out


def _quadrant_header(cell: str) -> str | None:
    c = " ".join(cell.split())
    return parse_quadrant(c) if c and len(c) <= 60 else None


def _find_header(rows: list[list[str]], mapping: dict | None) -> int | None:
    for i, r in enumerate(rows[:MAX_HEADER_SCAN]):
        cells = [" ".join(c.split()) for c in r]
        if mapping:
            if sum(1 for c in cells if c in mapping) >= 2:
                return i
        elif len({q for q in (_quadrant_header(c) for c in cells) if q}) >= 2:
            return i
    return None


def _columns(header: list[str], mapping: dict | None) -> dict[int, str]:
    """Column index -> field: S/W/O/T, key_issue, group, province, agency."""
    cols: dict[int, str] = {}
    for j, h in enumerate(header):
        h = " ".join(h.split())
        if not h:
            continue
        if mapping:
            f = str(mapping.get(h, ""))
            f = f.split(":", 1)[1] if f.startswith("quadrant:") else f
            if f.upper() in ("S", "W", "O", "T"):
                cols[j] = f.upper()
            elif f:
                cols[j] = f
            continue
        q = _quadrant_header(h)
        if q:
            cols[j] = q
        elif re.search(r"ประเด็น|หัวข้อ|key\s*issue|issue|เรื่อง", h, re.I):
            cols[j] = "key_issue"
        elif "กลุ่ม" in h or h.lower() == "group":
            cols[j] = "group"
        elif "จังหวัด" in h or h.lower() == "province":
            cols[j] = "province"
        elif "หน่วยงาน" in h or h.lower() == "agency":
            cols[j] = "agency"
    if not mapping and "key_issue" not in cols.values():
        first_q = min((j for j, f in cols.items() if f in "SWOT"), default=0)
        if first_q > 0 and 0 not in cols:
            cols[0] = "key_issue"  # an unlabelled first column left of the quadrants
    return cols


def _fill_merged(rows: list[list[str]], merged, cols: dict[int, str]) -> set[tuple[int, int]]:
    """Carry merged key-issue/group cells down; return the cells covered by a merge over
    quadrant columns (not the top-left one), which hold nothing of their own."""
    covered = set()
    for r1, c1, r2, c2 in merged:
        top = rows[r1 - 1][c1 - 1] if r1 - 1 < len(rows) and c1 - 1 < len(rows[r1 - 1]) else ""
        fill = all(cols.get(c - 1) not in ("S", "W", "O", "T") for c in range(c1, c2 + 1))
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) == (r1, c1) or r - 1 >= len(rows):
                    continue
                while len(rows[r - 1]) < c:
                    rows[r - 1].append("")
                if fill:
                    rows[r - 1][c - 1] = top
                else:
                    covered.add((r - 1, c - 1))
    return covered


def _sheet_group(name: str | None) -> tuple[int | None, str | None]:
    if not name:
        return None, None
    group = parse_int(name) if re.search(r"กลุ่ม|group|^\s*[0-9๐-๙]+\s*$|^G\s*\d", name, re.I) else None
    return group, canonical_province(name)


def read_swot_wide(spec, key_issues: dict | None = None, **_) -> list[Unit]:
    mapping = spec.options.get("columns")
    units: list[Unit] = []
    file_group = parse_int(spec.options.get("group")) if spec.options.get("group") is not None else None
    any_header = False
    for sheet, rows, merged in _grids(spec):
        where = f"sheet {sheet} " if sheet else ""
        sref = re.sub(r"\s+", "_", sheet.strip()) + "!" if sheet else ""
        h = _find_header(rows, mapping)
        if h is None:
            text = " ".join(c for r in rows for c in r if c.strip())
            if text:
                units.append(Unit(f"{where}(whole sheet)", f"{sref}sheet", text[:200],
                                  excluded="no SWOT header (จุดแข็ง / จุดอ่อน / โอกาส / อุปสรรค) found on this sheet"))
            continue
        any_header = True
        header = rows[h]
        cols = _columns(header, mapping)
        covered = _fill_merged(rows, merged, cols)
        s_group, s_province = _sheet_group(sheet)
        for i in range(h):
            for j, c in enumerate(rows[i]):
                if c.strip():
                    units.append(Unit(f"{where}row {i + 1}", f"{sref}R{i + 1}C{j + 1}", c, excluded="title row"))
        for j, c in enumerate(header):
            if c.strip():
                units.append(Unit(f"{where}row {h + 1} column {j + 1}", f"{sref}R{h + 1}C{j + 1}", c,
                                  excluded="table header"))
        for i in range(h + 1, len(rows)):
            r = rows[i]
            rno = i + 1
            val = {f: (r[j] if j < len(r) else "").strip() for j, f in cols.items() if f not in "SWOT"}
            ki_text = val.get("key_issue", "")
            key_issue = parse_int(ki_text) if re.match(r"^\D{0,20}[0-9๐-๙]{1,2}(?![0-9๐-๙])", ki_text) else None
            if key_issue is not None and key_issues and key_issue not in key_issues:
                key_issue = None
            if key_issue is None:
                key_issue = _issue_by_label(ki_text, key_issues) if ki_text else None
            if key_issue is None:
                key_issue = spec.options.get("key_issue")
            group = parse_int(val.get("group")) if val.get("group") else (s_group or file_group)
            province = canonical_province(val.get("province")) or s_province
            quad_cells = [(j, f) for j, f in cols.items() if f in ("S", "W", "O", "T")]
            has_quadrant_text = any(j < len(r) and r[j].strip() and (i, j) not in covered for j, _f in quad_cells)
            for j, c in enumerate(r):
                if not c.strip() or j in cols and cols[j] in ("S", "W", "O", "T"):
                    continue
                if j in cols and has_quadrant_text:
                    continue  # the row's key issue / group label, carried on each statement
                reason = ("row without SWOT text (a note or label)" if not has_quadrant_text
                          else "cell outside the SWOT quadrant columns")
                units.append(Unit(f"{where}row {rno} column {j + 1}", f"{sref}R{rno}C{j + 1}", c, excluded=reason))
            for j, q in quad_cells:
                value = r[j] if j < len(r) else ""
                loc = f"{where}row {rno} column {' '.join(header[j].split())}"
                ref = f"{sref}R{rno}.{q}"
                if (i, j) in covered:
                    continue
                extra = {"sheet": sheet} if sheet else {}
                if ki_text:
                    extra["key_issue_text"] = ki_text
                units.extend(cell_units(value, loc, ref, field="swot", quadrant=q, key_issue=key_issue,
                                        group=group, province=province, agency=val.get("agency", ""), extra=extra))
    if not any_header:
        raise InputError(spec.path, "no SWOT header row found: a wide SWOT sheet needs a row naming at least two "
                                    "quadrants (จุดแข็ง, จุดอ่อน, โอกาส, อุปสรรค or S, W, O, T)")
    return [u for u in units if u.excluded or has_letters(u.text) or u.text.strip()]
