"""The five notebooks run top to bottom on the sample's outputs, print no error or
warning, and record their key results; their committed copies carry no outputs."""
import json

import nbformat
import pytest

from conftest import ROOT, run_cli

NAMES = ("01_data", "02_words", "03_themes", "04_swot_plans_good_practice", "05_report")


@pytest.fixture(scope="module")
def results(sample_run, tmp_path_factory):
    """Every notebook executed once: 01 and 02 interactive (controls built, as in
    JupyterLab), 03 and 04 static (every view with its defaults, as `lessons notebooks` runs)."""
    from lessons.notebooks import execute

    _, out = sample_run
    tmp = tmp_path_factory.mktemp("nb")
    res = {}
    for name in NAMES:
        path = tmp / f"{name}.json"
        params = {"RUN": str(out), "RESULTS_PATH": str(path)}
        if name != "05_report":
            params["INTERACTIVE"] = name in ("01_data", "02_words")
        execute(name, params, cwd=tmp, timeout=600)  # raises on any error or stderr output; 600 s: a hang guard
        res[name] = json.loads(path.read_text(encoding="utf-8"))
    return res


def test_data_notebook_accounts_for_every_unit(results):
    r = results["01_data"]
    assert r["units_in"] == r["analysed"] + r["excluded"] and r["excluded"] > 0
    assert r["statements"] > 1000 and r["obstacles_1"] > 20 and r["reasons"] >= 5
    assert {"name", "phone", "national_id"} <= set(r["redaction_types"])


def test_words_notebook(results):
    r = results["02_words"]
    assert r["kwic_hits"] > 20
    assert 20 <= r["graph_nodes"] and r["graph_edges"] == 60 and r["communities"] >= 3
    assert "ผู้เสียหาย" in r["top_terms"]
    assert {"province", "group", "key_issue", "kind"} <= set(r["dimensions"])


def test_themes_notebook_shows_other_and_every_quote(results):
    r = results["03_themes"]
    assert r["themes"] >= 10 and "other" in r["sources"]
    assert r["other_quotes"] == r["other_size"] > 0  # all of other's clauses, not five
    assert r["first_quotes"] == r["first_size"]
    assert r["crosstabs"] == ["province", "group", "key_issue"]


def test_synthesis_notebook(results):
    r = results["04_swot_plans_good_practice"]
    assert r["swot_items"] > 100 and r["plan_items"] > 20 and r["good_practice"] > 50
    assert 10 < r["weaknesses_1"] < r["swot_items"]  # the per-key-issue, per-quadrant view is filled
    assert r["key_issues"] == [1, 2, 3, 4] and sorted(r["horizons"]) == [3, 6, 12]
    assert r["evidence_first"] >= 1 and len(r["steps"]) == 4


def test_report_notebook(results, sample_run):
    r = results["05_report"]
    assert r["formats"] == ["report.docx", "report.html", "report.md", "report.pdf", "report.xlsx"]
    assert r["summary_chars"] > 500


def test_lessons_notebooks_writes_html_copies(sample_run, tmp_path):
    _, out = sample_run
    p = run_cli("notebooks", out, "--to", tmp_path, "--only", "01_data", "--quiet")
    assert p.returncode == 0, p.stderr
    html = (tmp_path / "01_data.html").read_text(encoding="utf-8")
    assert "บัญชีข้อมูล" in html and "transcripts/group1.txt" in html and "Traceback" not in html
    nb = nbformat.read(tmp_path / "01_data.ipynb", as_version=4)
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_lessons_notebooks_bad_folder(tmp_path):
    p = run_cli("notebooks", tmp_path)
    assert p.returncode == 2 and "manifest.json" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_are_stripped_and_paired(name):
    import jupytext

    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert any("parameters" in c.metadata.get("tags", []) for c in code)
    src = jupytext.read(ROOT / "src" / "lessons" / "notebooks" / f"{name}.py")
    assert [c.source for c in src.cells] == [c.source for c in nb.cells]  # the pair is in sync
