"""Small helpers shared by the content modules and build.py.

Every statement in the content modules is written by hand; these helpers only
carry the text together with its gold annotation (kind, theme, key issue, PII).
"""


def U(speaker, text, kind, theme, ki=None, pii=()):
    """A unit. `text` is a str, or a list of lines for a turn written over
    several lines (gold joins the lines with one space)."""
    return {"t": "unit", "speaker": speaker, "text": text, "kind": kind,
            "theme": theme, "ki": ki, "pii": list(pii)}


def R(line, pii=()):
    """A raw line / paragraph that is not a unit (heading, time stamp,
    annotation, separator, metadata). May still carry personal data."""
    return {"t": "raw", "line": line, "pii": list(pii)}


def joined(text):
    return " ".join(text) if isinstance(text, list) else text


def check_pii_in(text, pii):
    for typ, val in pii:
        assert val in text, (typ, val, text)
