"""One reader per file format, chosen by suffix.

Every reader returns a list of :class:`Unit` records: one per paragraph, turn, table
cell or row, in file order. Structural units (headings, title lines) are returned too,
with ``excluded`` set, so that nothing in the file goes unaccounted.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from pathlib import Path

from ..errors import InputError


@dataclass
class Unit:
    location: str  # human-readable: "line 12", "sheet X row 7 column Y"
    ref: str  # compact, for statement ids: "L12", "R7.obstacles"
    text: str
    field: str = "text"
    speaker: str = ""
    role: str = ""
    province: str | None = None
    agency: str = ""
    group: int | None = None
    key_issue: int | None = None
    quadrant: str | None = None
    horizon: int | None = None
    row_key: str | None = None  # identical rows share it (duplicate detection)
    extra: dict = dc_field(default_factory=dict)
    excluded: str | None = None  # a reason, for structural units


@dataclass
class FileSpec:
    """One ``files:`` entry of ``workshop.yml``: where the file is, its kind, its options."""

    path: Path
    rel: str
    kind: str
    options: dict


SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".docx": "docx",
    ".csv": "table",
    ".tsv": "table",
    ".xlsx": "table",
    ".parquet": "table",
}


def reader_kind(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(path, f"unknown file type '{path.suffix or '(none)'}'; known types: {known}")
    return kind


def check_exists(path: Path) -> None:
    if not path.exists():
        raise InputError(path, "file not found (check the path in workshop.yml)")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    if path.stat().st_size == 0:
        raise InputError(path, "file is empty (0 bytes)")
    from .limits import check_file_size

    check_file_size(path)
