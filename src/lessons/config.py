"""Paths and defaults in one place.

The package is the program: everything the code reads that is not an input (domain
dictionaries, the concept lexicon, stopwords, trained models) ships inside the package
as ``lessons/resources/`` and is found with :mod:`importlib.resources`, so a wheel
install run from any folder behaves exactly like the checkout. A missing resource is a
loud :class:`ResourceMissing`, never a silent fallback.

Caches go to the user cache folder (``platformdirs.user_cache_dir("lessons")``, e.g.
``~/.cache/lessons`` on Linux), or to ``LESSONS_CACHE`` when that is set; never to the
current folder. Only redacted text is ever cached.

Environment overrides: ``LESSONS_CACHE`` (cache folder), ``LESSONS_DICTIONARIES`` (a
folder with your own copies of the dictionaries, for experiments). Nothing here has
side effects at import time; :func:`ensure_offline` is for entry points, and library
functions that call PyThaiNLP are wrapped in :func:`offline`.
"""
from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_SEED = 20220521  # the workshop date: 21 May 2022 (2565 BE)


class ResourceMissing(RuntimeError):
    """A data file that the package must carry is not there: the install is broken."""


def resource_path(*parts: str) -> Path:
    """A file or folder shipped in ``lessons/resources``; raises :class:`ResourceMissing`."""
    p = Path(str(resources.files("lessons").joinpath("resources", *parts)))
    if not p.exists():
        raise ResourceMissing(
            f"lessons: the package file resources/{'/'.join(parts)} is missing: the installation is "
            "incomplete; reinstall the package (pip install --force-reinstall lessons)")
    return p


def dictionaries_dir() -> Path:
    """Domain words, stopwords, synonyms and the concept lexicon (package data;
    ``LESSONS_DICTIONARIES`` points at another folder for experiments)."""
    env = os.environ.get("LESSONS_DICTIONARIES")
    if env:
        p = Path(env)
        if not p.is_dir():
            raise ResourceMissing(f"lessons: LESSONS_DICTIONARIES={env} is not a folder")
        return p
    return resource_path("dictionaries")


def dictionary_file(name: str, folder: Path | None = None) -> Path:
    """One dictionary file; a missing one is an error, not an empty list."""
    p = (Path(folder) if folder else dictionaries_dir()) / name
    if not p.exists():
        raise ResourceMissing(f"lessons: dictionary file {p} is missing")
    return p


def model_path(name: str) -> Path:
    """A trained model shipped in ``lessons/resources/models``."""
    return resource_path("models", name)


def cache_dir() -> Path:
    """Where caches live: ``LESSONS_CACHE``, else the user cache folder."""
    env = os.environ.get("LESSONS_CACHE") or os.environ.get("LESSONS_INTERIM")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("lessons", appauthor=False))


def checkout_root() -> Path | None:
    """The source checkout that holds this package, when running from one (an editable
    install); None for an installed wheel. Used only to find the bundled sample."""
    here = Path(__file__).resolve().parent
    guess = here.parents[1]
    if (guess / "pyproject.toml").exists() and (guess / "data" / "sample" / "workshop.yml").exists():
        return guess
    return None


def sample_workshop() -> Path:
    """The bundled sample workshop's ``workshop.yml`` (``LESSONS_SAMPLE`` overrides)."""
    env = os.environ.get("LESSONS_SAMPLE")
    if env:
        return Path(env)
    root = checkout_root()
    if root is None:
        raise ResourceMissing("lessons: the sample workshop lives in the source checkout (data/sample); "
                              "set LESSONS_SAMPLE to its workshop.yml")
    return root / "data" / "sample" / "workshop.yml"


OFFLINE_ENV = {"PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "HF_HUB_OFFLINE": "1",
               "TOKENIZERS_PARALLELISM": "false"}


def ensure_offline() -> None:
    """Make PyThaiNLP work strictly from what ships in its wheel (no downloads, no writes
    to ``~/pythainlp-data``) for the rest of the process: what the entry points (``lessons``
    commands, the test suite) call. ``import lessons`` never does."""
    for k, v in OFFLINE_ENV.items():
        os.environ.setdefault(k, v)


def offline(fn):
    """Decorator for the library's functions that call PyThaiNLP: the offline settings hold
    during the call and are taken back after it, so a caller's process is left as it was."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        added = [k for k in OFFLINE_ENV if k not in os.environ]
        for k in added:
            os.environ[k] = OFFLINE_ENV[k]
        try:
            return fn(*args, **kwargs)
        finally:
            for k in added:
                os.environ.pop(k, None)

    return wrapper
