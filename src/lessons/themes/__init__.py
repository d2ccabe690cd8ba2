"""Recurring obstacles by theme: statement kinds, theme discovery, labels with quotes,
codebook-guided coding, and the edits researchers make (themes.yml)."""
from .model import ThemeModel  # noqa: F401

__all__ = ["ThemeModel"]
