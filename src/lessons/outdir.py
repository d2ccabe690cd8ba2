"""Output folders owned by the run.

``--out`` is checked before any work: it must not be a file (or lie below one), the input
folder, a folder inside it or holding it, a system folder, or a folder that holds files
which are not an earlier ``lessons`` output (someone's documents would be replaced).

A run builds its outputs in a staging folder beside ``--out`` and swaps it in with one
atomic rename (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames), under a lock
on the parent folder. So the output folder always holds one complete run: files of an
earlier run never survive beside a new one, two concurrent runs never mix, and a run
killed at any moment leaves what was there before. Staging folders left by killed runs
are removed by the next run.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .errors import InputError

# folders no run may write into (or replace): the root and the system's own trees
SYSTEM_TREES = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/sbin", "/sys",
                "/usr", "/System", "/Library", "/Applications", "/private/etc", "/private/var/db")
SYSTEM_FOLDERS = ("/", "/home", "/Users", "/root", "/var", "/opt", "/srv", "/mnt", "/media", "/run", "/tmp",
                  "/var/tmp", "/snap", "/private", "/Volumes")
IGNORABLE = {".DS_Store", "Thumbs.db", "desktop.ini"}
MARKER = "manifest.json"  # every lessons output folder has one, naming lessons_version


def _is_within(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def _system_reason(out: Path) -> str | None:
    s = str(out)
    if os.name == "nt":  # pragma: no cover - Windows
        win = Path(os.environ.get("SystemRoot", r"C:\Windows")).resolve()
        if out == Path(out.anchor) or _is_within(out, win):
            return "is a system folder"
        return None
    if s in SYSTEM_FOLDERS or out == Path.home().resolve():
        return "is a system or home folder"
    for t in SYSTEM_TREES:
        if s == t or s.startswith(t + "/"):
            return f"lies in the system folder {t}"
    return None


def is_lessons_output(folder: Path) -> bool:
    """True for a folder written by an earlier run (its manifest names lessons)."""
    try:
        m = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(m, dict) and "lessons_version" in m


def check_out(out: str | Path, inputs: list[Path] = (), input_folder: Path | None = None,
              option: str = "--out") -> Path:
    """``out`` as an absolute path when a run may own it; an :class:`InputError` naming
    the option and what to do otherwise. ``input_folder`` is the workshop folder (the
    output may be neither it, nor inside it, nor hold it); ``inputs`` are input files the
    output may not hold."""
    given = str(out)
    out = Path(os.path.abspath(out))
    fix = "name a new or empty folder, e.g. reports/<workshop>"
    if out.is_symlink():
        raise InputError(None, f"{option} '{given}' is a symbolic link: {fix}")
    for p in [out, *out.parents]:  # a file, or below one?
        if p.exists() and not p.is_dir():
            if p == out:
                raise InputError(None, f"{option} '{given}' is an existing file, not a folder: {fix}")
            raise InputError(None, f"{option} '{given}': '{p}' is a file, so no folder can be made below it: {fix}")
    real = out.resolve()
    why = _system_reason(real)
    if why:
        raise InputError(None, f"{option} '{given}' {why}; a run replaces its output folder as a whole: {fix}")
    if input_folder is not None:
        src = Path(input_folder).resolve()
        if real == src:
            raise InputError(None, f"{option} '{given}' is the workshop folder itself; outputs are never written "
                                   f"among the inputs: {fix}")
        if _is_within(real, src):
            raise InputError(None, f"{option} '{given}' lies inside the workshop folder; outputs are never written "
                                   f"among the inputs: {fix}")
        if _is_within(src, real):
            raise InputError(None, f"{option} '{given}' holds the workshop folder, and a run replaces its output "
                                   f"folder as a whole: {fix}")
    for f in inputs:
        if _is_within(Path(f).resolve(), real):
            raise InputError(None, f"{option} '{given}' holds the input '{Path(f).name}', and a run replaces its "
                                   f"output folder as a whole: {fix}")
    if real.is_dir():
        names = [p.name for p in real.iterdir() if p.name not in IGNORABLE]
        if names and not is_lessons_output(real):
            shown = ", ".join(sorted(names)[:3]) + (" …" if len(names) > 3 else "")
            raise InputError(None, f"{option} '{given}' holds files that are not an earlier lessons output "
                                   f"({shown}), and a run replaces its output folder as a whole: {fix}")
    return out


# ------------------------------------------------------------------ staging and the swap

_STAGE = re.compile(r"^\.(?P<name>.+)-(?:staging|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover
        return False
    return True


@contextlib.contextmanager
def _locked(folder: Path):
    """An exclusive lock on ``folder`` (flock on the directory itself: no lock file to
    leave behind). A no-op where flock is missing."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def clean_leftovers(out: Path) -> None:
    """Remove staging folders that killed runs left beside ``out`` (call under the lock).
    If a run was killed between the two renames of the fallback swap, the previous
    output is put back first."""
    parent = out.parent
    if not parent.is_dir():
        return
    for p in sorted(parent.iterdir()):
        m = _STAGE.match(p.name)
        if not m or m["name"] != out.name or not p.is_dir() or _alive(int(m["pid"])):
            continue
        if "-old-" in p.name and not out.exists():
            os.rename(p, out)  # the previous output, put back where it was
            continue
        shutil.rmtree(p, ignore_errors=True)


def new_stage(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-{os.getpid()}-", dir=out.parent))
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(stage, 0o777 & ~mask)  # mkdtemp makes it private; an output folder is as any other
    return stage


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    r = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if r == 0:
        return True
    e = ctypes.get_errno()
    if e in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)):
        return False
    raise OSError(e, os.strerror(e), str(b))


def publish(stage: Path, out: Path) -> None:
    """Make the complete ``stage`` folder the output folder ``out``, replacing whatever
    run was there as a whole, in one step that a kill cannot split."""
    with _locked(out.parent):
        clean_leftovers(out)
        if out.exists() and not out.is_dir():
            raise InputError(None, f"--out '{out}' became a file during the run; nothing was written")
        if not out.exists():
            os.rename(stage, out)
            return
        if _exchange(stage, out):
            old = stage  # now holds the previous run
        else:
            old = out.parent / stage.name.replace("-staging-", "-old-", 1)
            os.rename(out, old)
            os.rename(stage, out)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staged(out: str | Path):
    """``with staged(out) as stage:`` write into ``stage``; on success it becomes ``out``
    (see :func:`publish`); on any error it is removed and ``out`` is left as it was."""
    out = Path(os.path.abspath(out))
    stage = new_stage(out)
    try:
        yield stage
        publish(stage, out)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
