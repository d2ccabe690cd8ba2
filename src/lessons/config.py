"""Paths and defaults in one place.

Nothing here has side effects at import time except :func:`ensure_offline`, which is
called explicitly by the entry points (CLI, ``lessons.__init__``) before PyThaiNLP is
imported.  Every path can be overridden with an environment variable.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"


def project_root() -> Path:
    """The project checkout (``LESSONS_ROOT`` overrides; default: the current directory
    if it looks like the project, else the checkout that holds this package)."""
    env = os.environ.get("LESSONS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd()
    if (here / "pyproject.toml").exists() and (here / "src" / "lessons").exists():
        return here
    guess = PACKAGE_DIR.parents[1]
    if (guess / "pyproject.toml").exists():
        return guess
    return here


def data_dir() -> Path:
    return Path(os.environ.get("LESSONS_DATA", project_root() / "data"))


def sample_workshop() -> Path:
    return data_dir() / "sample" / "workshop.yml"


def interim_dir() -> Path:
    """Where caches live (git-ignored). Only redacted text is ever written here."""
    return Path(os.environ.get("LESSONS_INTERIM", data_dir() / "interim"))


def dictionaries_dir() -> Path:
    """Domain dictionaries: the project's ``data/dictionaries`` if present, else the copy
    shipped inside the package."""
    env = os.environ.get("LESSONS_DICTIONARIES")
    if env:
        return Path(env)
    local = data_dir() / "dictionaries"
    return local if local.exists() else RESOURCES_DIR / "dictionaries"


DEFAULT_SEED = 20220521  # the workshop date: 21 May 2022 (2565 BE)


def ensure_offline() -> None:
    """Make PyThaiNLP work strictly from what ships in its wheel: no downloads, no
    writes to ``~/pythainlp-data``."""
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
