"""Tables: ``.csv``/``.tsv`` (encoding detected, delimiter sniffed, quoted newlines),
``.xlsx`` (a named sheet; the header row found below any title rows) and ``.parquet``.

:func:`read_table` returns a :class:`Table`: the header, the data rows as strings, and
each row's number as a spreadsheet shows it, so every value can be traced back.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .encoding import decode_bytes

MAX_HEADER_SCAN = 30


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # 1-based, as the file/spreadsheet numbers them
    sheet: str | None = None
    encoding: str | None = None

    def column(self, name: str) -> int:
        return self.header.index(name)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    return str(v)


def _norm(h: str) -> str:
    return " ".join(str(h).split())


DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV: the candidate found on the most early lines (then the one
    splitting a line into the most cells); quoted text is ignored."""
    import re

    unquoted = re.sub(r'"[^"]*"', '""', sample)
    lines = [ln for ln in unquoted.splitlines()[:30] if ln.strip()]
    best, best_score = ",", (0, 0)
    for d in DELIMITERS:
        score = (sum(1 for ln in lines if d in ln), max((ln.count(d) for ln in lines), default=0))
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv(path: Path) -> tuple[list[list[str]], str]:
    from .limits import check_count, check_file_size, current

    lim = current()
    check_file_size(path)
    data = path.read_bytes()
    text, enc = decode_bytes(data, path)
    sample = text[:20000]
    if path.suffix.lower() == ".tsv":
        delim = "\t"
    else:
        delim = sniff_delimiter(sample)
    rows, cells = [], 0
    # a cell may be long (it is excluded later with its reason, not refused here)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, len(text) + 1))
    try:
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            rows.append(r)
            cells += len(r)
            if len(rows) > lim.rows:
                check_count(path, len(rows), "rows")
            if cells > lim.cells:
                check_count(path, cells, "cells", "cells")
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})") from None
    finally:
        csv.field_size_limit(old_limit)
    return rows, enc


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list[list[str]], str]:
    from .xlsx import open_workbook, sheet_rows

    wb = open_workbook(path)
    try:
        names = wb.sheetnames
        if not names:
            raise InputError(path, "the workbook has no sheets")
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            raise InputError(path, f"no sheet named '{sheet}'; sheets are: {', '.join(names)}")
        rows = [[_cell(v) for v in r] for r in sheet_rows(path, wb, name)]
    finally:
        wb.close()
    return rows, name


def _read_parquet(path: Path) -> list[list[str]]:
    import pyarrow.parquet as pq

    from .limits import MB, check_count, current

    lim = current()
    try:
        meta = pq.ParquetFile(path).metadata
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    except Exception as exc:
        raise InputError(path, f"corrupt or unreadable Parquet file ({type(exc).__name__})") from None
    check_count(path, meta.num_rows, "rows")
    check_count(path, meta.num_rows * max(1, meta.num_columns), "cells", "cells")
    if size > lim.decompressed_mb * MB:
        raise InputError(path, f"unpacks to {size / MB:,.0f} MB; the limit is {lim.decompressed_mb} MB "
                               f"({lim.hint('decompressed_mb')})")
    try:
        tbl = pq.read_table(path)
    except Exception as exc:
        raise InputError(path, f"corrupt or unreadable Parquet file ({type(exc).__name__})") from None
    df = tbl.to_pandas()
    return [list(map(str, df.columns))] + [[_cell(v) for v in row] for row in df.itertuples(index=False)]


def _find_header(path: Path, rows: list[list[str]], required: list[str] | None, header_row: int | None) -> int:
    if header_row is not None:
        idx = int(header_row) - 1
        if not 0 <= idx < len(rows):
            raise InputError(path, f"header_row {header_row} is outside the table ({len(rows)} rows)")
        return idx
    candidates = rows[:MAX_HEADER_SCAN]
    if required:
        need = {_norm(c) for c in required}
        best, best_hits = 0, -1
        for i, r in enumerate(candidates):
            cells = {_norm(c) for c in r}
            hits = len(need & cells)
            if hits == len(need):
                return i
            if hits > best_hits:
                best, best_hits = i, hits
        found = [c for c in (_norm(x) for x in candidates[best]) if c] if candidates else []
        missing = [c for c in required if _norm(c) not in {_norm(x) for x in found}]
        raise InputError(
            path,
            f"column(s) named in workshop.yml not found: {', '.join(repr(m) for m in missing)}; "
            f"the header row has: {', '.join(repr(f) for f in found[:12])}",
        )
    widths = [sum(1 for c in r if c.strip()) for r in candidates]
    if not widths or max(widths) == 0:
        return 0
    top = max(widths)
    return next(i for i, w in enumerate(widths) if w == top)


def read_table(path: Path, sheet: str | None = None, header_row: int | None = None,
               required: list[str] | None = None) -> Table:
    path = Path(path)
    suffix = path.suffix.lower()
    enc = None
    sheet_name = None
    if suffix in (".csv", ".tsv"):
        rows, enc = _read_csv(path)
    elif suffix == ".xlsx":
        rows, sheet_name = _read_xlsx(path, sheet)
    elif suffix == ".parquet":
        rows = _read_parquet(path)
    else:
        raise InputError(path, f"not a table file type: '{suffix}'")
    rows = [[_cell(c) for c in r] for r in rows]
    # drop fully empty trailing rows (Excel leaves them); keep their count honest below
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError(path, "the table is empty")
    h = _find_header(path, rows, required, header_row)
    header = [_norm(c) for c in rows[h]]
    width = len(header)
    data, numbers = [], []
    for i, r in enumerate(rows[h + 1:], start=h + 2):
        r = (r + [""] * width)[:width] if len(r) < width else r[:width] if not any(c.strip() for c in r[width:]) else r
        data.append(r)
        numbers.append(i)
    if not any(any(c.strip() for c in r) for r in data):
        raise InputError(path, "the table has a header but no data rows")
    return Table(header, data, numbers, sheet=sheet_name, encoding=enc)


# ---------------------------------------------------------------- long tables -> units
META_FIELDS = ("group", "province", "agency", "role", "speaker", "key_issue", "quadrant", "horizon")


def table_units(spec, key_issues: dict | None = None) -> list:
    """A long table (one row per answer, SWOT statement, action or participant) as units,
    using the ``columns`` mapping of ``workshop.yml``."""
    from ..provinces import canonical_province
    from ..text.chars import parse_int
    from . import Unit
    from .docx import cell_units
    from .fields import parse_horizon, parse_quadrant

    columns: dict = spec.options.get("columns") or {}
    if not columns:
        raise InputError(spec.path, f"workshop.yml gives no 'columns' mapping for this {spec.kind} table")
    text_cols = [h for h, f in columns.items() if str(f) == "text" or str(f).startswith("text:")]
    if spec.kind != "participants" and not text_cols:
        raise InputError(spec.path, "the 'columns' mapping names no text column (map one to 'text')")
    table = read_table(spec.path, sheet=spec.options.get("sheet"), header_row=spec.options.get("header_row"),
                       required=[str(h) for h in columns])
    idx = {str(h): table.header.index(" ".join(str(h).split())) for h in columns}
    where = f"sheet {table.sheet} " if table.sheet else ""
    units: list = []
    first_seen: dict[tuple, int] = {}
    split_cells = spec.kind in ("swot", "action_plan")
    for row, rno in zip(table.rows, table.row_numbers):
        meta: dict = {}
        extra: dict = {}
        for h, f in columns.items():
            f = str(f)
            if f == "text" or f.startswith("text:"):
                continue
            value = row[idx[str(h)]].strip()
            if f in META_FIELDS:
                meta[f] = value
            else:
                extra[f] = value
        meta_u = dict(
            group=parse_int(meta.get("group")),
            province=canonical_province(meta.get("province")) or canonical_province(meta.get("agency")),
            agency=meta.get("agency", ""),
            role=meta.get("role", ""),
            speaker=meta.get("speaker", ""),
            key_issue=parse_int(meta.get("key_issue")),
            quadrant=parse_quadrant(meta.get("quadrant")),
            horizon=parse_horizon(meta.get("horizon")),
        )
        if spec.options.get("group") is not None and meta_u["group"] is None:
            meta_u["group"] = parse_int(spec.options["group"])
        if spec.options.get("key_issue") is not None and meta_u["key_issue"] is None:
            meta_u["key_issue"] = spec.options["key_issue"]
        key = tuple(row)
        dup_of = first_seen.setdefault(key, rno)
        if spec.kind == "participants":
            units.append(Unit(f"{where}row {rno}", f"R{rno}", "", field="participant",
                              extra={**extra, **meta, "_row": rno},
                              excluded=f"exact duplicate of row {dup_of}" if dup_of != rno else None, **{
                                  k: v for k, v in meta_u.items() if k in ("group", "province")}))
            continue
        for h in text_cols:
            f = str(columns[h])
            name = f.split(":", 1)[1] if ":" in f else "text"
            loc, ref, value = f"{where}row {rno} column {h}", f"R{rno}.{name}", row[idx[str(h)]]
            cells = cell_units(value, loc, ref, field=name, extra=dict(extra), **meta_u) if split_cells else [
                Unit(loc, ref, value, field=name, extra=dict(extra), **meta_u)]
            for u in cells:
                if dup_of != rno:
                    u.excluded = f"exact duplicate of row {dup_of}"
                units.append(u)
        if len(row) > len(table.header) and any(c.strip() for c in row[len(table.header):]):
            units.append(Unit(f"{where}row {rno} (cells right of the header)", f"R{rno}.overflow",
                              " ".join(c for c in row[len(table.header):] if c.strip()),
                              excluded="values outside the header's columns"))
    return units
