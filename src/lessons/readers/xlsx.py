"""``.xlsx`` sheets read within bounds.

The zip's directory is checked first (entries, declared unzipped size); then each sheet's
rows are counted by streaming its XML, before openpyxl parses anything; then the rows are
streamed in read-only mode with the sheet's declared dimension ignored (a crafted
``A1:XFD1048576`` would otherwise make openpyxl pad every row to 16,384 cells), counting
rows and cells as they come. Merged ranges, which read-only mode does not give, are read
from the same XML by a streaming scan.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .limits import check_count, check_zip, current, scan_tags

WHAT = "Excel .xlsx"


def open_workbook(path: Path):
    """A read-only openpyxl workbook, after the zip checks."""
    z = check_zip(path, WHAT, " (an old .xls, or a CSV renamed?)")
    try:
        for m in z.namelist():
            low = m.lower()
            if low.endswith("sharedstrings.xml"):  # loaded whole by openpyxl: bound it by the cell limit
                n, _ = scan_tags(z, m, b"si")
                check_count(path, n, "shared strings", "cells")
            elif low.startswith("xl/worksheets/") and low.endswith(".xml") and "/_rels/" not in low:
                # openpyxl reads a sheet through to find its size: count the rows first
                n, _ = scan_tags(z, m, b"row")
                check_count(path, n, f"rows in {m.rsplit('/', 1)[-1]}")
    finally:
        z.close()
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(path, f"corrupt or unreadable Excel file ({type(exc).__name__})") from None


def _member(ws) -> str | None:
    p = getattr(ws, "_worksheet_path", None)
    return p.lstrip("/") if p else None


def sheet_rows(path: Path, wb, name: str) -> list[list]:
    """The rows of sheet ``name`` as lists of raw values (trailing empty cells dropped),
    row ``i`` of the list being spreadsheet row ``i + 1``."""
    lim = current()
    ws = wb[name]  # its rows were counted by open_workbook
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows: list[list] = []
    cells = 0
    empty: list = []
    try:
        for r in ws.iter_rows(values_only=True):
            if len(rows) >= lim.rows:  # row numbers far apart (r="900000") fill the gap with empty rows
                check_count(path, len(rows) + 1, f"rows in sheet '{name}' (counting empty ones)")
            if not r:
                rows.append(empty)
                continue
            r = list(r)
            while r and r[-1] is None:
                r.pop()
            cells += len(r)
            if cells > lim.cells:
                check_count(path, cells, f"cells in sheet '{name}'", "cells")
            rows.append(r or empty)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(path, f"corrupt or unreadable sheet '{name}' ({type(exc).__name__})") from None
    return rows


_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def merged_ranges(path: Path, wb, name: str) -> list[tuple[int, int, int, int]]:
    """``(min_row, min_col, max_row, max_col)`` of every merged range of a sheet."""
    member = _member(wb[name])
    if member is None:
        return []
    import zipfile

    with zipfile.ZipFile(path) as z:
        _n, refs = scan_tags(z, member, b"mergeCell", b"ref")
    check_count(path, len(refs), f"merged ranges in sheet '{name}'", "cells")
    out = []
    for ref in refs:
        m = _REF.match(ref.decode("ascii", "replace").upper())
        if not m:
            continue
        c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3) or m.group(1), int(m.group(4) or m.group(2))
        out.append((min(r1, r2), min(_col(c1), _col(c2)), max(r1, r2), max(_col(c1), _col(c2))))
    return out
