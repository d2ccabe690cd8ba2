"""The workbook: the report's tables in full, one sheet each (header frozen, filters on,
widths set), every input cell a string that can never become a formula."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .model import Report
from .safe_cells import to_xlsx
from .zipfix import fixed_zip


def _numbers(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype == object:
            v = pd.to_numeric(col.replace("", pd.NA), errors="coerce")
            if len(col) and v.notna().sum() == col.replace("", pd.NA).notna().sum() and v.notna().any():
                out[c] = v
    return out


def write_xlsx(report: Report, path: str | Path) -> None:
    path = Path(path)
    to_xlsx({name: _numbers(df) for name, df in report.sheets.items()}, path, dress=True)
    fixed_zip(path, xlsx_props=True)
