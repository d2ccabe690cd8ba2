"""The researchers' notebooks, shipped with the package and run headless.

The source of each notebook is a jupytext percent script here (reviewable text, package
data, so ``lessons notebooks`` works from a wheel); ``notebooks/*.ipynb`` in the checkout
are their pairs (``jupytext.toml``), committed without outputs. :func:`execute` runs one on a
run's outputs the way papermill does (the parameters injected after the cell tagged
``parameters``) and fails on any error or warning a cell prints.
"""
from __future__ import annotations

import logging
import os
import re
import subprocess
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

NAMES = ("01_data", "02_words", "03_themes", "04_swot_plans_good_practice", "05_report")


class NotebookFailed(RuntimeError):
    """A cell raised an error or printed a warning."""


def source(name: str) -> Path:
    return Path(str(resources.files(__name__).joinpath(f"{name}.py")))


def read(name: str):
    import jupytext

    nb = jupytext.read(source(name), fmt="py:percent")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    return nb


def inject(nb, params: dict):
    """Insert a cell tagged ``injected-parameters`` after the ``parameters`` cell."""
    import nbformat

    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    cell = nbformat.v4.new_code_cell("# Parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items()))
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(idx + 1, cell)
    return nb


def problems(nb) -> list[str]:
    """Errors and warnings the executed cells printed (stderr is where Python warns)."""
    out = []
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            if o.get("output_type") == "error":
                out.append(f"cell {i}: {o.get('ename')}: {o.get('evalue')}")
            elif o.get("output_type") == "stream" and o.get("name") == "stderr" and o.get("text", "").strip():
                out.append(f"cell {i}: printed to stderr: {o['text'].strip().splitlines()[0][:200]}")
    return out


HANG_GUARD = 1800  # seconds one cell may take before it is taken as hung (not a speed limit)


def execute(name: str, params: dict | None = None, cwd: str | Path | None = None, timeout: int | None = HANG_GUARD):
    """Run one notebook top to bottom; returns the executed notebook, or raises
    :class:`NotebookFailed` naming the cell and what it printed."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = inject(read(name), params or {})
    env_cwd = str(cwd or Path.cwd())
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": env_cwd}})
    try:
        # the kernel's own log (e.g. ipykernel's TCP notice) is not the notebook's output
        client.execute(env=dict(os.environ, PYTHONWARNINGS="default"), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    except TimeoutError:
        raise NotebookFailed(f"{name}: a cell ran for more than {timeout} s (hung?)") from None
    except CellExecutionError as exc:
        first = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
        raise NotebookFailed(f"{name}: {first[-1] if first else 'a cell failed'}") from None
    bad = problems(nb)
    if bad:
        raise NotebookFailed(f"{name}: " + "; ".join(bad))
    return nb


def to_html(nb) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    return body


def run_all(out_dir: str | Path, to: str | Path | None = None, names=NAMES, progress: bool = False,
            echo=print) -> dict[str, Path]:
    """Execute every notebook on a run's outputs, static (no controls, every view with its
    defaults), and save executed ``.ipynb`` and ``.html`` copies in ``to`` (default
    ``OUT_DIR/notebooks``). Returns ``{name: html path}``."""
    import time

    import nbformat

    from ..errors import InputError

    out_dir = Path(out_dir).resolve()
    if not (out_dir / "manifest.json").is_file():
        raise InputError(out_dir, "no manifest.json here: give the --out folder of a lessons run")
    to = Path(to) if to else out_dir / "notebooks"
    to.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names:
        t = time.perf_counter()
        params = {"RUN": str(out_dir), "INTERACTIVE": False}
        if name == "05_report":
            params = {"RUN": str(out_dir)}
        nb = execute(name, params, cwd=out_dir)
        nbformat.write(nb, to / f"{name}.ipynb")
        (to / f"{name}.html").write_text(to_html(nb), encoding="utf-8")
        written[name] = to / f"{name}.html"
        log.info("notebook %s executed in %.1f s", name, time.perf_counter() - t)
        if echo:
            echo(f"{name}: {to / (name + '.html')} ({time.perf_counter() - t:.1f} s)")
    return written
