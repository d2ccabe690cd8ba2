"""The notebooks run top to bottom on the sample and record their key results."""
import json

import nbformat
from nbclient import NotebookClient

from conftest import ROOT


def _run(name, tmp_path, **params):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    results = tmp_path / "results.json"
    cell.source += "\n" + "\n".join(f"{k} = {v!r}" for k, v in {**params, "RESULTS_PATH": str(results)}.items())
    NotebookClient(nb, timeout=None, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    for c in nb.cells:
        if c.cell_type == "code":
            assert not any(o.get("output_type") == "error" for o in c.get("outputs", [])), c.source
    return json.loads(results.read_text(encoding="utf-8"))


def test_words_notebook(tmp_path):
    r = _run("01_words.ipynb", tmp_path)
    assert r["clauses"] > r["statements"] > 1000
    assert r["kwic_hits"] > 20 and r["graph_nodes"] > 5
    assert "ล่าม" in r["top_terms"] or "ผู้เสียหาย" in r["top_terms"]


def test_themes_notebook(tmp_path):
    r = _run("02_themes.ipynb", tmp_path, STABILITY_BOOTS=0)
    assert r["themes"] >= 10 and r["other_share"] < 0.5
    assert set(r["kinds"]) <= {"obstacle", "suggestion", "strength", "other"}
