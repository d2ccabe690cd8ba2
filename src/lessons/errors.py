"""Errors a user can act on."""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A problem with an input file. The CLI prints ``path: problem`` on one line and
    exits with code 2."""

    def __init__(self, path: str | Path | None, problem: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(self.one_line())

    def one_line(self) -> str:
        msg = " ".join(self.problem.split())
        return f"{self.path}: {msg}" if self.path else msg
