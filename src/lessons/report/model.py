"""The report as plain data, the same for every format.

A :class:`Report` is a cover, a list of :class:`Section` (each a heading and blocks) and
the tables the workbook carries. Blocks are :class:`Paragraph`, :class:`Bullets`,
:class:`Table`, :class:`Figure` and :class:`Quote`. Nothing here knows about HTML, Word or
Excel: each renderer in :mod:`lessons.report.render` walks the same model.

Text the report writes (headings, sentences, counts) and text that came from the input
(quotes, SWOT items, practices) are kept apart: a renderer may write the report's own
numbers in Thai digits, as Thai official documents do, but it never changes a quote.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Code:
    text: str  # a command or a value to copy: shown as typed, digits and all


@dataclass
class Quote:
    text: str    # from the input, redacted
    source: str  # file and place


@dataclass
class Table:
    columns: list[str]
    rows: list[list]
    numeric: set[int] = field(default_factory=set)   # columns of the report's own numbers
    widths: list[float] | None = None                 # relative column widths
    caption: str = ""


@dataclass
class Figure:
    name: str       # file stem, e.g. "prevalence"
    png: bytes
    caption: str
    alt: str = ""


@dataclass
class Section:
    title: str
    level: int = 1
    blocks: list = field(default_factory=list)
    anchor: str = ""

    def add(self, block) -> "Section":
        self.blocks.append(block)
        return self


@dataclass
class Report:
    title: str
    cover: list[tuple[str, str]]            # (label, value) lines under the title
    notice: str = ""                        # e.g. synthetic data
    sections: list[Section] = field(default_factory=list)
    sheets: dict[str, pd.DataFrame] = field(default_factory=dict)  # the workbook's tables
    language: str = "th"

    def walk(self):
        """Every block with its section, in order."""
        for s in self.sections:
            for b in s.blocks:
                yield s, b
