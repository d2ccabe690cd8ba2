"""Which reader reads which file: one table, in the manner of PyThaiNLP's engine
registry. Adding a reader (an ``.odt``, a LINE chat export) means adding one
:class:`Reader` to :data:`READERS`, nothing else.

A reader takes the :class:`~lessons.readers.FileSpec` of one ``files:`` entry (and the
workshop's key issues, so that section lines can be matched to them) and returns its
:class:`~lessons.readers.Unit` records in file order, structural ones included with
their reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import InputError
from ..text.chars import parse_int

TEXT_KINDS = ("transcript", "notes")
TABLE_KINDS = ("feedback", "swot", "action_plan", "participants")


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    kinds: tuple[str, ...]
    read: Callable
    layout: str = "long"


def _text(spec, key_issues=None):
    from .transcript import read_text_transcript

    return read_text_transcript(spec.path, group=parse_int(spec.options.get("group")), key_issues=key_issues)


def _docx(spec, key_issues=None):
    from .docx import read_docx

    return read_docx(spec.path, group=parse_int(spec.options.get("group")), key_issues=key_issues)


def _table(spec, key_issues=None):
    from .table import table_units

    return table_units(spec, key_issues=key_issues)


def _swot_wide(spec, key_issues=None):
    from .swot_wide import read_swot_wide

    return read_swot_wide(spec, key_issues=key_issues)


READERS: tuple[Reader, ...] = (
    Reader("text transcript or notes", (".txt", ".md"), TEXT_KINDS, _text),
    Reader("Word document", (".docx",), TEXT_KINDS, _docx),
    Reader("table", (".csv", ".tsv", ".xlsx", ".parquet"), TABLE_KINDS, _table),
    Reader("wide SWOT sheet", (".xlsx", ".csv", ".tsv"), ("swot",), _swot_wide, layout="wide"),
)


def reader_for(spec) -> Reader:
    """The reader for a file entry; an :class:`InputError` naming what is possible otherwise."""
    suffix = spec.path.suffix.lower()
    layout = spec.options.get("layout", "long")
    known = sorted({s for r in READERS for s in r.suffixes})
    if suffix not in known:
        raise InputError(spec.path, f"unknown file type '{spec.path.suffix or '(none)'}'; known types: {', '.join(known)}")
    for r in READERS:
        if suffix in r.suffixes and spec.kind in r.kinds and r.layout == layout:
            return r
    fits = [r for r in READERS if spec.kind in r.kinds and r.layout == layout]
    if not fits:
        raise InputError(spec.path, f"layout '{layout}' is not available for a {spec.kind}")
    want = ", ".join(sorted({s for r in fits for s in r.suffixes}))
    raise InputError(spec.path, f"a {spec.kind} must be {want}, not '{spec.path.suffix}'")
