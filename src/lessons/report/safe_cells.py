"""Cells a spreadsheet will not run.

A cell typed into a form or a SWOT sheet as ``=HYPERLINK("http://…")``, ``+cmd|' /C calc'!A0``,
``@SUM(1+9)`` or ``=1+2`` would be a formula again when a ministry user opens the CSV in
Excel. As OWASP recommends for CSV injection, a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading apostrophe, which
spreadsheets show as plain text. Numbers are left as they are (``-3`` stays a number).
"""
from __future__ import annotations

import re

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(safe_cell)
    return out


def to_csv(df: pd.DataFrame, path, **kw) -> None:
    """``DataFrame.to_csv`` for tables people open in a spreadsheet."""
    safe_frame(df).to_csv(path, **kw)
