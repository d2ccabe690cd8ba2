"""Cells a spreadsheet will not run: the one way the project writes CSV and XLSX.

A cell typed into a form or a SWOT sheet as ``=HYPERLINK("http://…")``, ``+cmd|' /C calc'!A0``,
``@SUM(1+9)`` or ``=1+2`` would be a formula again when a ministry user opens the file in
Excel. As OWASP recommends for CSV injection, a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab, a carriage return or a line feed is written with a leading
apostrophe, which spreadsheets show as plain text. Numbers are left as they are (``-3``
stays a number, and so does a numeric column).

CSV files are written as RFC 4180 says (CRLF between records), so that Python's csv
module quotes every field holding a CR as well as an LF: a bare CR inside a cell can
never break a row apart. XLSX cells are written as strings, never as formulas.
"""
from __future__ import annotations

import re

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?%?$")


def safe_cell(value):
    """A text value that a spreadsheet would read as a formula, made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value.strip()):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) made inert."""
    if df is None or df.empty and not len(df.columns):
        return df
    out = df.copy()
    out.columns = [safe_cell(c) if isinstance(c, str) else c for c in out.columns]
    for c in out.columns:
        col = out[c]
        if isinstance(col, pd.DataFrame):  # duplicate column names
            continue
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out[c] = col.map(safe_cell)
    return out


def to_csv(df: pd.DataFrame, path, **kw) -> None:
    """``DataFrame.to_csv`` for tables people open in a spreadsheet (UTF-8 with BOM, so
    Excel reads Thai; no index; CRLF records; formula-like text made inert)."""
    kw.setdefault("index", False)
    kw.setdefault("encoding", "utf-8-sig")
    kw.setdefault("lineterminator", "\r\n")
    safe_frame(df).to_csv(path, **kw)


def to_xlsx(sheets: dict[str, pd.DataFrame], path, dress: bool = False) -> None:
    """Write ``{sheet name: table}`` as one .xlsx; every text cell is a string (never a
    formula) and formula-like text is made inert as in :func:`to_csv`. ``dress``: header
    row frozen and bold, filters on, column widths set from the content, text wrapped.
    Written row by row (openpyxl's write-only mode): memory and time stay linear."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for name, df in sheets.items():
        title = re.sub(r"[\[\]:*?/\\]", " ", str(name))[:31] or "Sheet"
        ws = wb.create_sheet(title)
        df = safe_frame(df)
        wrapped = set()
        if dress:
            ws.freeze_panes = "A2"
            if len(df) and len(df.columns):
                ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
            for j, width in enumerate(_widths(df), 1):
                ws.column_dimensions[get_column_letter(j)].width = width
                if width >= 40:
                    wrapped.add(j - 1)
        header = []
        for c in df.columns:
            cell = WriteOnlyCell(ws, value=str(c))
            cell.data_type = "s"
            if dress:
                cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in df.itertuples(index=False):
            out = []
            for j, v in enumerate(row):
                if isinstance(v, str):
                    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", v))  # control characters Excel cannot hold
                    cell.data_type = "s"  # a string, even if it starts with "="
                elif not isinstance(v, (list, tuple, dict)) and pd.isna(v) is True:
                    out.append(None)  # NaN, NA, NaT: an empty cell
                    continue
                else:
                    cell = WriteOnlyCell(ws, value=v)
                if j in wrapped:
                    cell.alignment = wrap
                out.append(cell)
            ws.append(out)
    wb.save(path)


def _widths(df: pd.DataFrame) -> list[int]:
    """Each column's width from its header and first 500 values (90th percentile)."""
    out = []
    for c in df.columns:
        lengths = [len(str(c))] + [len(str(v)) for v in df[c].head(500).tolist() if v is not None]
        out.append(min(60, max(8, int(pd.Series(lengths).quantile(0.9)) + 2)))
    return out
