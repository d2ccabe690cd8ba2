"""lessons: a Thai lessons-learned (ถอดบทเรียน) workspace.

Turns workshop transcripts, flip-chart notes, feedback forms, SWOT sheets and action
plans into redacted, tokenized evidence: word-level views, statement kinds and themes.

>>> import lessons
>>> ws = lessons.load_workshop("data/sample/workshop.yml")   # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

# importing changes nothing in the caller's process: no environment variables, no
# matplotlib settings (the functions that call PyThaiNLP hold its offline settings while
# they run; see lessons.config.offline)
from .errors import InputError  # noqa: E402
from .workshop import Workshop, load_workshop  # noqa: E402


def tokenize(text: str, engine: str = "nlpo3", keep_stopwords: bool = False) -> list[str]:
    """Words of a (normalised, redacted) Thai text; see :mod:`lessons.text.tokenize`."""
    from .text.tokenize import tokenize as _tokenize

    return _tokenize(text, engine=engine, keep_stopwords=keep_stopwords)


def kwic(statements, term: str, width: int = 6):
    """Keyword in context with source references; see :func:`lessons.text.terms.kwic`."""
    from .text.terms import kwic as _kwic

    return _kwic(statements, term, width=width)


def redact(text: str) -> str:
    """Replace personal data with typed placeholders; see :mod:`lessons.text.redact`."""
    from .text.redact import redact as _redact

    return _redact(text)


def normalize(text: str) -> str:
    from .text.normalize import normalize as _normalize

    return _normalize(text)


__all__ = ["InputError", "Workshop", "load_workshop", "tokenize", "kwic", "redact", "normalize", "__version__"]
