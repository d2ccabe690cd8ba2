"""One small renderer per format, all walking the same :class:`~lessons.report.model.Report`.

    render(report, "html", path)   # md, html, pdf, docx, xlsx

HTML and Markdown come from Jinja2 templates shipped as package data, in one environment
that autoescapes HTML (so ``<script>`` typed into a form shows as text). The PDF is the
HTML printed by WeasyPrint (Pango and libthai break Thai lines between words) with
Sarabun embedded and the report's own numbers in Thai digits. DOCX and XLSX are written
with python-docx and openpyxl.
"""
from __future__ import annotations
from ..config import offline as _offline

import base64
import re
from pathlib import Path

from .model import Report

from . import FORMATS  # noqa: E402 - the one list of formats (lessons.report)

_TEMPLATES = Path(__file__).parent / "templates"


class UnknownFormat(ValueError):
    pass


_NUMBER_RUN = re.compile(r"(?<![A-Za-z0-9_\-./:#])\d(?:[\d,.\-]*\d)?(?![A-Za-z_])")


@_offline
def thai_digits(text) -> str:
    """The report's numbers in Thai digits (``1,234`` -> ``๑,๒๓๔``), as Thai official
    documents write them; digits inside a Latin token (``SHA-256``, ``nlpo3``, ``G5``,
    a file name) are left alone."""
    from pythainlp.util import arabic_digit_to_thai_digit

    s = str(text)
    if not re.search(r"[0-9]", s):
        return s
    return _NUMBER_RUN.sub(lambda m: arabic_digit_to_thai_digit(m.group()), s)


_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D\U000E0020-\U000E007F]")


def printable(value):
    """Text as the report prints it: emoji and their joiners dropped (Sarabun has no glyph for
    them, and a ministry document has no use for them); anything else as it is."""
    if not isinstance(value, str):
        return value
    from markupsafe import Markup

    out = _EMOJI.sub("", value)
    return Markup(out) if isinstance(value, Markup) else out


def words(text):
    """A heading with our own word boundaries made explicit for browsers: each Thai word kept
    whole (a browser's dictionary may cut ถอดบทเรียน as ถอดบท|เรียน), a break allowed between
    words. Escaped like any other text."""
    from markupsafe import Markup, escape

    from ..text.tokenize import get_tokenizer

    s = str(text)
    if not re.search("[\u0e00-\u0e7f]", s):
        return escape(s)
    out = []
    for tok in get_tokenizer().segment(s):
        if re.search("[\u0e00-\u0e7f]", tok) and len(tok) > 1:
            out.append(Markup('<span class="w">') + escape(tok) + Markup("</span><wbr>"))
        else:
            out.append(escape(tok))
    return Markup("").join(out)


def kind(block) -> str:
    return type(block).__name__.lower()


def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"),
                                                   disabled_extensions=("md.j2",), default_for_string=True,
                                                   default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=printable)
    env.filters["kind"] = kind
    env.filters["b64"] = lambda b: base64.b64encode(b).decode("ascii")
    env.filters["md"] = lambda s: _md_escape(printable(str(s)))
    return env


def _md_escape(s) -> str:
    """Input text made inert in Markdown (no links, emphasis, HTML or table breaks)."""
    from markupsafe import Markup

    s = " ".join(str(s).split())
    s = re.sub(r"([\\`*_\[\]<>|])", r"\\\1", s)
    s = re.sub(r"^([-=+#>]|\d+\.)", r"\\\1", s)
    return Markup(s)


def _font_face(embed: bool) -> list[dict]:
    from ..viz import thai_font_path

    out = []
    for w in (400, 700):
        p = thai_font_path(w)
        src = ("data:font/ttf;base64," + base64.b64encode(p.read_bytes()).decode("ascii")) if embed else p.as_uri()
        out.append({"weight": w, "src": src})
    return out


def html_text(report: Report, digits: str = "arabic", embed_fonts: bool = True, for_print: bool = False) -> str:
    env = _env()
    conv = (lambda s: thai_digits(printable(str(s)))) if digits == "thai" else (lambda s: printable(str(s)))
    # on screen every Thai word is kept whole (browsers' own Thai breaking cuts words); in
    # print WeasyPrint breaks lines with libthai, so only headings get the spans
    env.filters["w"] = lambda t: words(conv(t))
    env.filters["d"] = (lambda t: words(conv(t))) if not for_print else conv
    env.filters["t"] = words if not for_print else (lambda t: t)
    return env.get_template("report.html.j2").render(
        r=report, fonts=_font_face(embed_fonts), for_print=for_print, digits=digits, conv=conv)


def markdown_text(report: Report) -> str:
    env = _env()
    env.filters["d"] = lambda s: str(s)
    return env.get_template("report.md.j2").render(r=report)


def render(report: Report, fmt: str, path: str | Path) -> Path:
    path = Path(path)
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown report format {fmt!r}: choose from {', '.join(FORMATS)}")
    if fmt == "md":
        path.write_text(markdown_text(report), encoding="utf-8")
    elif fmt == "html":
        path.write_text(html_text(report), encoding="utf-8")
    elif fmt == "pdf":
        _pdf(report, path)
    elif fmt == "docx":
        from .docx import write_docx

        write_docx(report, path)
    elif fmt == "xlsx":
        from .xlsx import write_xlsx

        write_xlsx(report, path)
    return path


def _pdf(report: Report, path: Path) -> None:
    import logging

    from weasyprint import HTML

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    html = html_text(report, digits="thai", embed_fonts=False, for_print=True)
    HTML(string=html, base_url=str(_TEMPLATES)).write_pdf(str(path))
