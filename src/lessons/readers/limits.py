"""Bounds on what an input may make the program do, and paths that stay in the folder.

A researcher runs this on folders others assembled, on files that are huge, broken or
crafted, often as an administrator. So:

* **paths** named in ``workshop.yml`` resolve inside the workshop folder: an entry with
  ``../`` or an absolute path, or a symbolic link, is refused with one line naming it
  (``--allow-outside`` lets ``..`` and absolute paths through; a link is never followed);
* **sizes** are bounded before anything is read: bytes on disk, the decompressed size
  and entry count a ``.docx``/``.xlsx`` declares (Python's zipfile never inflates an
  entry past its declared size), rows in a sheet (counted by streaming the XML, before
  openpyxl parses it), rows and paragraphs per file, cells per table, characters per
  unit (a longer unit is excluded with its reason, so no later step meets it).

The defaults are generous for real workshops and can be raised with ``--limit
NAME=VALUE`` or a ``limits:`` section in ``workshop.yml``. Hitting one is exit code 2 and
one line naming the file and the limit.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Limits:
    file_mb: int = 200  # bytes on disk of one input file
    decompressed_mb: int = 200  # what a .docx/.xlsx unzips to, by its declared sizes
    zip_entries: int = 10_000  # entries in a .docx/.xlsx
    rows: int = 1_000_000  # rows of a table, lines or paragraphs of a text file
    cells: int = 5_000_000  # cells of one table (rows x columns read), shared strings of a workbook
    unit_chars: int = 100_000  # characters in one unit (turn, paragraph, cell)

    HELP = {
        "file_mb": "megabytes of one input file on disk",
        "decompressed_mb": "megabytes a .docx or .xlsx unzips to",
        "zip_entries": "entries inside a .docx or .xlsx",
        "rows": "rows of a table, lines or paragraphs of a text file",
        "cells": "cells of one table",
        "unit_chars": "characters in one unit (a longer unit is excluded with its reason)",
    }

    def override(self, values: dict) -> "Limits":
        """A copy with ``values`` (``{name: positive int}``) set; an InputError naming an
        unknown name or a bad value."""
        names = [f.name for f in dataclasses.fields(self)]
        clean = {}
        for k, v in (values or {}).items():
            if k not in names:
                raise InputError(None, f"unknown limit '{k}'; limits are: {', '.join(names)}")
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 10**12:
                raise InputError(None, f"limit {k} must be a whole number from 1 to 10^12, not {v!r}")
            clean[k] = v
        return dataclasses.replace(self, **clean)

    def hint(self, name: str) -> str:
        return f"raise it with --limit {name}=N if the file is genuine"


_current: contextvars.ContextVar[Limits] = contextvars.ContextVar("lessons_limits", default=Limits())


def current() -> Limits:
    """The limits in force (see :func:`use`)."""
    return _current.get()


@contextlib.contextmanager
def use(limits: Limits | None):
    """``with use(limits):`` every reader called inside keeps to ``limits``."""
    if limits is None:
        yield current()
        return
    token = _current.set(limits)
    try:
        yield limits
    finally:
        _current.reset(token)


def parse_limit_option(text: str) -> tuple[str, int]:
    """``NAME=VALUE`` of ``--limit`` (``unit_chars=200000``, ``file_mb=500``)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or name not in Limits.HELP:
        raise ValueError(f"use NAME=VALUE with NAME one of {', '.join(Limits.HELP)}")
    try:
        n = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise ValueError(f"'{value}' is not a whole number") from None
    if not 1 <= n <= 10**12:
        raise ValueError("the value must be from 1 to 10^12")
    return name, n


# ---------------------------------------------------------------- sizes

MB = 1 << 20


def check_file_size(path: Path) -> None:
    lim = current()
    size = path.stat().st_size
    if size > lim.file_mb * MB:
        raise InputError(path, f"is {size / MB:,.0f} MB; the limit is {lim.file_mb} MB per input file "
                               f"({lim.hint('file_mb')})")


def check_zip(path: Path, what: str, hint: str = "") -> zipfile.ZipFile:
    """Open an Office file as a zip after checking, from its directory alone, its entry
    count and the size it declares it unzips to."""
    lim = current()
    if not zipfile.is_zipfile(path):
        raise InputError(path, f"not a {what} file: the content does not match the suffix{hint}")
    try:
        z = zipfile.ZipFile(path)
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(path, f"corrupt {what} file ({type(exc).__name__})") from None
    if len(infos) > lim.zip_entries:
        z.close()
        raise InputError(path, f"holds {len(infos):,} zip entries; the limit is {lim.zip_entries:,} "
                               f"({lim.hint('zip_entries')})")
    total = sum(i.file_size for i in infos)
    if total > lim.decompressed_mb * MB:
        z.close()
        raise InputError(path, f"unzips to {total / MB:,.0f} MB; the limit is {lim.decompressed_mb} MB "
                               f"({lim.hint('decompressed_mb')})")
    return z


def scan_tags(z: zipfile.ZipFile, member: str, tag: bytes, attr: bytes | None = None,
              chunk: int = 4 * MB) -> tuple[int, list[bytes]]:
    """How many ``<tag`` elements (any namespace prefix) a zip member holds, and the
    values of their ``attr`` attribute when asked, found by streaming the member: nothing
    is parsed and memory stays bounded by ``chunk``."""
    if attr is None:
        pat = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + re.escape(tag) + rb"[\s>/]")
    else:
        pat = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + re.escape(tag) + rb"\s[^>]*?\b" + re.escape(attr)
                         + rb"\s*=\s*[\"']([^\"']*)[\"']")
    plain = [b"<" + tag + t for t in (b" ", b">", b"/", b"\t", b"\n", b"\r")]

    def buffers():
        tail = b""
        with z.open(member) as f:
            while data := f.read(chunk):
                buf = tail + data
                # keep the last unfinished element back for the next chunk, so that a
                # tag cut by the chunk boundary is seen whole and none is counted twice
                cut = buf.rfind(b"<")
                if cut >= 0 and b">" not in buf[cut:] and len(buf) - cut < 4096:
                    buf, tail = buf[:cut], buf[cut:]
                else:
                    tail = b""
                yield buf
        yield tail

    n, values = 0, []
    try:
        for buf in buffers():
            if attr is None and b":" + tag not in buf:  # no namespace prefix: plain counting is 10x faster
                n += sum(buf.count(p) for p in plain)
                continue
            hits = pat.findall(buf)
            n += len(hits)
            if attr is not None:
                values.extend(hits)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as exc:
        raise InputError(Path(z.filename or member), f"corrupt zip entry {member} ({type(exc).__name__})") from None
    return n, values


def check_count(path: Path, n: int, what: str, name: str = "rows") -> None:
    lim = current()
    cap = getattr(lim, name)
    if n > cap:
        raise InputError(path, f"has {n:,} {what}; the limit is {cap:,} ({lim.hint(name)})")


def too_long_reason(n: int) -> str:
    cap = current().unit_chars
    return (f"longer than {cap:,} characters ({n:,}): not analysed; split it into paragraphs, "
            f"or raise --limit unit_chars")


def preview(text: str, n: int = 200) -> str:
    """The start of an over-long unit, kept in ``excluded`` so that it can be found."""
    return text[:n].rstrip() + " …"


# ---------------------------------------------------------------- paths


def inside(root: Path, rel: str, what: str = "file", allow_outside: bool = False) -> Path:
    """``root / rel`` when it is a real path inside ``root`` (no ``..`` out of it, not
    absolute, no symbolic link on the way); an :class:`InputError` otherwise. With
    ``allow_outside`` a path may leave the folder, but a symbolic link is still never
    followed."""
    root = Path(root)
    rel = str(rel)
    raw = Path(rel.replace("\\", "/")) if "\\" in rel and "/" not in rel else Path(rel)
    absolute = raw.is_absolute() or (len(rel) > 1 and rel[1] == ":") or rel.startswith("\\\\")
    if absolute and not allow_outside:
        raise InputError(root / "workshop.yml", f"{what} '{rel}' is an absolute path: name files relative to the "
                                                "workshop folder, and copy them into it")
    p = raw if absolute else root / raw
    # a symbolic link anywhere on the way (inside the folder) is refused before anything is resolved
    cur = Path(p.anchor) if absolute else root
    for part in (raw.parts[1:] if absolute else raw.parts):
        cur = cur / part
        if part not in ("..", ".") and cur.is_symlink():
            raise InputError(cur, f"is a symbolic link; links are not followed (copy the {what} into the workshop folder)")
    try:
        target = p.resolve()
    except (OSError, RuntimeError):
        raise InputError(p, f"cannot resolve the {what} path") from None
    real_root = root.resolve()
    if not allow_outside and target != real_root and real_root not in target.parents:
        raise InputError(root / "workshop.yml", f"{what} '{rel}' lies outside the workshop folder: copy it into the folder")
    return p
