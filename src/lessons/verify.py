"""``lessons verify OUT_DIR``: rerun what ``OUT_DIR/manifest.json`` records into a temporary
folder and say, per output, whether the rerun wrote the same bytes.

Exit 0 when every output is identical, 1 when something differs (for a table: which rows
and cells), 2 when the inputs changed or are missing (naming which) or the folder holds no
manifest of a ``lessons run``.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd

from .errors import InputError
from .workshop import sha256 as file_sha256

MAX_CELLS = 5  # differing cells shown per table


class InputsChanged(InputError):
    """The recorded inputs are not the ones on disk."""


def recorded(out_dir: Path) -> tuple[dict, Path]:
    """The manifest and the workshop manifest it names (resolved from the output folder)."""
    from .report.build import Outputs

    m = Outputs(out_dir).manifest  # the one reader of a run's manifest (a clear error if there is none)
    mf = out_dir / "manifest.json"
    if m.get("command") != "run" or "rerun" not in m:
        raise InputError(mf, "this manifest does not record a `lessons run` that can be rerun "
                             "(it predates `lessons verify`, or was written by another command): run it again")
    return m, (out_dir / m["rerun"]["workshop"]).resolve()


def run_arguments(m: dict) -> dict:
    """The keyword arguments of :func:`lessons.analysis.run` that the manifest records."""
    r = m["rerun"]
    return dict(seed=r["seed"], engine=r["engine"], k=r["k"], themes=r["themes"], limits=m.get("limits") or None,
                formats=tuple(r["formats"]), allow_outside=bool(r.get("allow_outside")),
                theme_method=r.get("theme_method", "model"), dask=r.get("dask"))


def recorded_run(out_dir: str | Path) -> tuple[Path, dict]:
    """The workshop and the arguments of the run recorded in ``out_dir``, to run it again."""
    m, workshop = recorded(Path(out_dir))
    if not workshop.is_file():
        raise InputsChanged(workshop, "the workshop manifest recorded in manifest.json is missing")
    return workshop, run_arguments(m)


def check_inputs(m: dict, workshop: Path) -> list[str]:
    """What changed since the run: missing or different data and configuration files."""
    problems = []
    root = workshop.parent
    for c in m["rerun"].get("config_files", []):
        p = root / c["path"]
        now = file_sha256(p) if p.is_file() else None
        if now != c["sha256"]:
            problems.append(f"{c['path']}: {'missing' if c['sha256'] and now is None else 'added' if now and not c['sha256'] else 'changed'}")
    for i in m.get("inputs", []):
        p = root / i["path"]
        if not p.is_file():
            problems.append(f"{i['path']}: missing")
        elif file_sha256(p) != i["sha256"]:
            problems.append(f"{i['path']}: changed")
    return problems


def table_diff(a: Path, b: Path) -> str:
    """Which rows and cells of two versions of a CSV table differ, in a line."""
    try:
        x = pd.read_csv(a, dtype=str, keep_default_na=False)
        y = pd.read_csv(b, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - a table that cannot be read is reported, not raised
        return f"cannot compare as tables ({type(exc).__name__})"
    parts = []
    if list(x.columns) != list(y.columns):
        parts.append(f"columns differ ({len(x.columns)} recorded, {len(y.columns)} rerun)")
    if len(x) != len(y):
        parts.append(f"{len(x)} rows recorded, {len(y)} rerun")
    common = [c for c in x.columns if c in y.columns]
    n = min(len(x), len(y))
    cells = []
    rows = set()
    for c in common:
        xs, ys = x[c].iloc[:n].to_numpy(), y[c].iloc[:n].to_numpy()
        for r in (xs != ys).nonzero()[0]:
            rows.add(int(r))
            if len(cells) < MAX_CELLS:
                cells.append(f"row {int(r) + 1} column {c}")
    if rows:
        parts.append(f"{len(rows)} rows differ: " + ", ".join(cells) + (" …" if len(cells) == MAX_CELLS else ""))
    return "; ".join(parts) or "same cells, different bytes (quoting or encoding)"


def verify(out_dir: str | Path, progress: bool = False, echo=print) -> int:
    from .analysis import run

    out_dir = Path(out_dir)
    m, workshop = recorded(out_dir)
    if not workshop.is_file():
        raise InputsChanged(workshop, "the workshop manifest recorded in manifest.json is missing")
    changed = check_inputs(m, workshop)
    if changed:
        raise InputsChanged(workshop.parent, "the inputs changed since the run: " + "; ".join(changed))
    with tempfile.TemporaryDirectory(prefix="lessons-verify-") as tmp:
        again = Path(tmp) / "rerun"
        run(workshop, again, progress=progress, **run_arguments(m))
        m2 = json.loads((again / "manifest.json").read_text(encoding="utf-8"))
        rec, new = m["outputs"], m2["outputs"]
        differ = set()
        for name in sorted(set(rec) | set(new)):
            if name not in new:
                echo(f"different  {name}: not written by the rerun")
            elif name not in rec:
                echo(f"different  {name}: written by the rerun only")
            elif rec[name] == new[name] and (out_dir / name).is_file() and file_sha256(out_dir / name) == rec[name]:
                echo(f"identical  {name}")
                continue
            elif rec[name] == new[name]:
                continue  # the rerun agrees with the manifest; the file here is checked below
            else:
                detail = table_diff(out_dir / name, again / name) if name.endswith(".csv") and (out_dir / name).is_file() \
                    else "different bytes"
                echo(f"different  {name}: {detail}")
            differ.add(name)
        for name in sorted(rec):  # and is the file in OUT_DIR still the one recorded?
            p = out_dir / name
            if name not in differ and (not p.is_file() or file_sha256(p) != rec[name]):
                detail = table_diff(p, again / name) if name.endswith(".csv") and p.is_file() else "changed or missing"
                echo(f"different  {name}: the file here is not the one the manifest records ({detail})")
                differ.add(name)
        total = len(set(rec) | set(new))
    echo(f"{total - len(differ)} of {total} outputs identical")
    return 1 if differ else 0
