"""`lessons run` on the sample workshop: outputs, manifest, and reproducibility."""
import json

import pandas as pd

from conftest import SAMPLE, run_cli


def test_outputs_and_manifest(sample_run):
    a, out = sample_run
    for name in ("statements.parquet", "clauses.parquet", "excluded.csv", "counts.csv", "redaction_log.csv",
                 "terms.csv", "collocations.csv", "cooccurrence.csv", "wordcloud.png", "themes.csv",
                 "assignments.parquet", "manifest.json"):
        assert (out / name).exists(), name
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(m["inputs"]) == 12 and all(len(i["sha256"]) == 64 for i in m["inputs"])
    assert m["totals"]["units_in"] == m["totals"]["statements"] + m["totals"]["participants"] + m["totals"]["excluded"]
    assert m["parameters"]["seed"] == 20220521 and m["parameters"]["tokenizer_settings"]
    assert m["environment"]["packages"]["pythainlp"] != "not installed"
    for name, digest in m["outputs"].items():
        assert (out / name).exists() and len(digest) == 64
    st = pd.read_parquet(out / "statements.parquet")
    assert len(st) == m["totals"]["statements"]
    ex = pd.read_csv(out / "excluded.csv")
    assert len(ex) == m["totals"]["excluded"] and ex["reason"].notna().all()


def test_same_inputs_give_the_same_outputs(sample_run, tmp_path):
    """A second run, in a fresh process, writes byte-identical tables, themes and word cloud."""
    a, out = sample_run
    out2 = tmp_path / "again"
    r = run_cli("run", SAMPLE, "--out", out2, "--quiet")
    assert r.returncode == 0, r.stderr
    m1 = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    m2 = json.loads((out2 / "manifest.json").read_text(encoding="utf-8"))
    assert m1["outputs"] == m2["outputs"]
    assert m1["inputs"] == m2["inputs"]


def test_cli_prints_counts_per_file(tmp_path):
    r = run_cli("run", SAMPLE, "--out", tmp_path / "o", "--no-themes")
    assert r.returncode == 0, r.stderr
    for f in ("feedback.xlsx", "swot.csv", "transcripts/group5.docx", "total"):
        assert f in r.stdout
    assert "redacted:" in r.stdout
