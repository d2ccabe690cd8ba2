"""`lessons verify OUT_DIR`: a rerun an evaluator can check against the manifest (issue 12)."""
import json
import shutil

import pandas as pd

from conftest import ROOT, run_cli


def test_verify_says_identical_for_the_sample(sample_run):
    _a, out = sample_run
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    r = m["rerun"]
    assert (out / r["workshop"]).resolve() == (ROOT / "data" / "sample" / "workshop.yml").resolve()
    assert {c["path"] for c in r["config_files"]} >= {"workshop.yml", "codebook.yml", "themes.yml"}
    assert r["seed"] == m["parameters"]["seed"] and r["formats"] == ["md", "html", "pdf", "docx", "xlsx"]
    res = run_cli("verify", out)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert f"{len(m['outputs'])} of {len(m['outputs'])} outputs identical" in res.stdout
    assert "identical  report.pdf" in res.stdout and "identical  themes.csv" in res.stdout


def test_verify_names_the_cell_that_differs_and_the_input_that_changed(tmp_path):
    ws = tmp_path / "north"
    shutil.copytree(ROOT / "data" / "heldout" / "north_online", ws)
    out = tmp_path / "out"
    r = run_cli("run", ws / "workshop.yml", "--out", out, "--no-themes", "--formats", "none", "--quiet")
    assert r.returncode == 0, r.stderr
    r = run_cli("verify", out, "--quiet")
    assert r.returncode == 0, r.stdout + r.stderr
    from lessons.report.safe_cells import to_csv

    d = pd.read_csv(out / "swot.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    d.loc[2, "item"] = "แก้ไขด้วยมือ"
    to_csv(d, out / "swot.csv")
    r = run_cli("verify", out, "--quiet")
    assert r.returncode == 1
    assert "different  swot.csv" in r.stdout and "row 3 column item" in r.stdout
    with open(ws / "codebook.yml", "a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    r = run_cli("verify", out)
    assert r.returncode == 2 and "codebook.yml: changed" in r.stderr and "Traceback" not in r.stderr
    (ws / "workshop.yml").unlink()
    r = run_cli("verify", out)
    assert r.returncode == 2 and "missing" in r.stderr
