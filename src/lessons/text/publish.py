"""The second safety net, for everything that is published: term tables, collocations,
co-occurrence, theme labels, keywords and quotes, cross-tab headers and the word cloud.

Redaction at ingest is the first net. This one catches what slipped through it: a
token that looks like a proper name (it is in a name list or name inventory, or is a
Latin word that is neither English nor an acronym) and is not a known word of Thai or
of the workshop's domain is not shown: term rows holding one are dropped, and in labels
and quotes the token is replaced by ``[ชื่อ]``.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

NAME = "[ชื่อ]"
# platforms, brands and places people name in notes, which are not people
BRANDS = frozenset("""facebook messenger tiktok instagram youtube twitter google gmail line zoom teams microsoft
excel word powerpoint android iphone samsung shopee lazada grab bolt kerry flash thailand myanmar cambodia laos
vietnam malaysia bangkok yangon phnom penh vientiane korea japan china taiwan singapore""".split())


@lru_cache(maxsize=1)
def _known() -> frozenset:
    from .redact import _domain_words, _lexicon

    return frozenset(_lexicon()[2]) | _domain_words()


@lru_cache(maxsize=200_000)
def name_like(token: str) -> bool:
    """Does a single token look like a person's name that no dictionary knows?"""
    t = token.strip()
    if len(t) < 2 or t.startswith("["):
        return False
    if re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", t):
        from .redact import ACRONYMS, _all_english

        return t.lower() not in BRANDS and t[0].isupper() and not t.isupper() and t.upper() not in ACRONYMS and not _all_english(t) and len(t) > 2
    if not re.fullmatch(r"[ก-๙]+", t) or t in _known():
        return False
    from .names import lexicon

    lx = lexicon()
    return t in lx["given"] or t in lx["family"] or t in lx["nick"] or t in lx["foreign"]


def scrub_text(text: str) -> str:
    """Replace name-like tokens of a label or quote by ``[ชื่อ]``."""
    if not isinstance(text, str) or not text:
        return text
    from .names import pieces

    out, changed = [], False
    for _s, e, w in pieces(text):
        # a short Thai token written with a dot is an abbreviation (พม., ตม., สภ.), not a name
        if name_like(w) and not (text[e:e + 1] == "." and len(w) <= 4 and re.fullmatch(r"[ก-๙]+", w)):
            out.append(NAME)
            changed = True
        else:
            out.append(w)
    return "".join(out) if changed else text


def _tokens_of(value) -> list[str]:
    return [w for w in re.split(r"[\s,;·|]+", str(value)) if w]


def scrub_table(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The published form of an analysis table."""
    if df is None or not isinstance(df, pd.DataFrame) or df.empty:
        return df
    df = df.copy()
    term_cols = [c for c in ("term", "phrase", "term_a", "term_b") if c in df.columns]
    if term_cols:
        bad = df[term_cols].apply(lambda col: col.map(lambda v: any(name_like(w) for w in _tokens_of(v)))).any(axis=1)
        df = df[~bad].reset_index(drop=True)
    for c in df.columns:
        if c in ("label", "keywords", "theme_label", "quote", "item", "action", "practice", "indicators") or \
                re.fullmatch(r"quote_\d+", str(c)) or (
                c == "theme" and name.startswith("crosstab_")):
            df[c] = df[c].map(scrub_text)
    if name.startswith("crosstab_"):
        df.columns = [scrub_text(str(c)) for c in df.columns]
    return df
