"""Paths named in ``workshop.yml`` stay inside the workshop folder.

A researcher runs this on folders others assembled, often as an administrator: an entry
with ``../`` or an absolute path, or a symbolic link inside the folder, would make the
program read (and copy into its outputs) files from elsewhere on the machine. Each such
path is refused with one line naming it.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError


def inside(root: Path, rel: str, what: str = "file") -> Path:
    """``root / rel`` when it is a real path inside ``root`` (no ``..`` out of it, not
    absolute, no symbolic link on the way); an :class:`InputError` otherwise."""
    root = Path(root)
    raw = Path(rel)
    if raw.is_absolute() or (len(rel) > 1 and rel[1] == ":"):
        raise InputError(root / "workshop.yml", f"{what} '{rel}' is an absolute path: name files relative to the "
                                                "workshop folder, and copy them into it")
    real_root = root.resolve()
    p = root / raw
    try:
        target = p.resolve()
    except (OSError, RuntimeError):
        raise InputError(p, f"cannot resolve the {what} path") from None
    if target != real_root and real_root not in target.parents:
        raise InputError(root / "workshop.yml", f"{what} '{rel}' lies outside the workshop folder: copy it into the folder")
    cur = root
    for part in raw.parts:
        cur = cur / part
        if cur.is_symlink():
            raise InputError(cur, f"is a symbolic link; links are not followed (copy the {what} into the workshop folder)")
    return p
