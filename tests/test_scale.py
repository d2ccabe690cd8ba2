"""Scale (issue 13): the per-text steps give the same result in a process pool as in one
process; the approximate neighbour search finds the neighbours; the cost benchmark's
corpora and command; the Dask path agrees with the same method run on one machine."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lessons import config


@pytest.fixture(scope="module")
def raw_statements():
    from lessons.workshop import load_workshop

    return load_workshop(config.sample_workshop(), redact=False).statements


def test_pool_gives_the_one_process_result(raw_statements, monkeypatch):
    """Redaction, clause splitting and tokenisation over two processes, in small chunks,
    equal the same steps in one process, text for text and count for count."""
    from lessons import parallel
    from lessons.text.pipeline import build_clauses
    from lessons.text.redact import redact_many

    texts = raw_statements["text"].tolist()
    monkeypatch.setattr(parallel, "CHUNK", 37)
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 10**9)
    monkeypatch.setenv("LESSONS_WORKERS", "1")
    one = redact_many(texts)
    st = raw_statements.assign(text=[t for t, _ in one])
    cl_one = build_clauses(st, cache=False)

    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setenv("LESSONS_WORKERS", "2")
    calls = []
    real = parallel.map_chunks

    def spy(func, items, *a, **k):
        calls.append(len(items))
        return real(func, items, *a, **k)

    monkeypatch.setattr(parallel, "map_chunks", spy)
    two = redact_many(texts)
    assert [t for t, _ in two] == [t for t, _ in one]
    assert [dict(c) for _, c in two] == [dict(c) for _, c in one]
    assert sum(sum(c.values()) for _, c in one) > 50  # the sample has personal values to redact
    cl_two = build_clauses(st, cache=False)
    assert calls and max(calls) >= 1000  # the steps did go through the pool
    pd.testing.assert_frame_equal(cl_one, cl_two)


def test_approximate_neighbours_find_the_exact_ones():
    """On clustered data the bucketed search returns the exact nearest neighbours' mean for
    most rows (the neighbours lie in the same coarse cluster), at linear memory."""
    from sklearn.preprocessing import normalize as l2

    from lessons.themes.model import approximate_neighbour_mean

    rs = np.random.RandomState(0)
    centres = rs.normal(size=(30, 20))
    Z = l2(centres[rs.randint(0, 30, 6000)] + 0.3 * rs.normal(size=(6000, 20)))
    approx = approximate_neighbour_mean(Z, 5, seed=1)
    S = Z @ Z.T
    np.fill_diagonal(S, -np.inf)
    exact = Z[np.argpartition(-S, 5, axis=1)[:, :5]].mean(axis=1)
    close = np.linalg.norm(approx - exact, axis=1) < 1e-6
    assert close.mean() >= 0.9
    # and far from a random neighbour's mean
    assert np.linalg.norm(approx - exact, axis=1).mean() < 0.2 * np.linalg.norm(Z - exact, axis=1).mean()


@pytest.mark.slow
def test_theme_model_above_the_exact_size_runs_and_finds_the_clusters():
    """Past EXACT_ROWS texts the model searches k on a subsample, smooths by the
    approximate neighbours and refines one KMeans start on all texts: it still finds
    planted themes."""
    from sklearn.metrics import adjusted_mutual_info_score

    from lessons.themes import model as m

    words = [["ล่าม", "ภาษา", "เมียนมา", "แปล"], ["บ้านพัก", "เด็ก", "เต็ม", "ห้อง"], ["งบประมาณ", "ไม่พอ", "เบิก", "ล่าช้า"],
             ["ตำรวจ", "คดี", "หลักฐาน", "สอบสวน"], ["ส่งกลับ", "ด่าน", "ชายแดน", "ประสาน"]]
    rs = np.random.RandomState(3)
    y = rs.randint(0, 5, m.EXACT_ROWS + 1500)
    filler = ["เรื่อง", "ปัญหา", "การ", "ทำงาน", "มี", "ที่", "จังหวัด"]
    texts = [" ".join(rs.choice(words[c], 3).tolist() + rs.choice(filler, 3).tolist()) for c in y]
    model = m.ThemeModel(k=5, random_state=0, vector_weight=0.0, concept_weight=0.0).fit(texts)
    lab = model.labels_
    keep = lab != m.OTHER
    assert adjusted_mutual_info_score(y[keep], lab[keep]) > 0.8


def test_quotes_of_a_large_theme_come_from_its_centre():
    from lessons.themes.label import QUOTE_POOL, representative_quotes

    rs = np.random.RandomState(0)
    n = QUOTE_POOL * 3
    core = ["ล่าม ภาษา เมียนมา ไม่พอ ต้องขอจากจังหวัดอื่น ทำให้คัดแยกล่าช้า"] * n
    tokens = [t.split() for t in core]
    df = pd.DataFrame({"text": [f"{t} ครั้งที่ {i}" for i, t in enumerate(core)], "tokens": tokens,
                       "group": rs.randint(1, 9, n), "source_file": "x.csv"})
    picked = representative_quotes(df, n=5)
    assert len(picked) == 5 and len(set(picked)) == 5


@pytest.mark.slow
def test_corpus_generator_and_bench_command(tmp_path):
    """``lessons bench`` on a small corpus: the table, and JSON of the documented shape
    with every stage named."""
    from lessons.bench import STAGES, make_corpus
    from lessons.cli import main
    from lessons.workshop import load_workshop

    wy = make_corpus(400, tmp_path / "corpus_400")
    ws = load_workshop(wy)
    assert int(ws.counts["units_in"].sum()) >= 400
    assert len(ws.statements) + len(ws.excluded) == int(ws.counts["units_in"].sum())
    assert set(ws.statements["source_kind"]) == {"feedback", "swot", "action_plan"}
    assert make_corpus(400, tmp_path / "corpus_400") == wy  # reused, not rebuilt
    out = tmp_path / "bench.json"
    assert main(["bench", "--sizes", "400", "--work", str(tmp_path), "--json", str(out), "--no-warm"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    run = doc["runs"][0]
    assert run["n"] == 400 and run["seconds"] > 0 and run["peak_rss_mb"] > 100
    assert set(STAGES) <= set(run["stages"]) and run["stages"]["clauses"] > 0
    assert run["recipe_seconds"] > 0 and run["recipe_peak_rss_mb"] > 0


@pytest.mark.slow
def test_dask_run_agrees_with_one_machine(tmp_path):
    """The sample on a local Dask cluster of two workers: every row accounted for, the
    same clauses, and themes that agree with the same (streaming) method run on one
    machine (ARI >= 0.9)."""
    pytest.importorskip("distributed")
    from sklearn.metrics import adjusted_rand_score

    from lessons.analysis import run

    import os

    local = run(config.sample_workshop(), tmp_path / "local", theme_method="stream", formats=())
    env = dict(os.environ)
    dask = run(config.sample_workshop(), tmp_path / "dask", dask="local", formats=())
    assert dict(os.environ) == env  # the cluster's settings for its workers do not stay behind
    for a in (local, dask):
        c = a.workshop.counts
        assert int(c["units_in"].sum()) == int(c["statements"].sum()) + int(c["excluded"].sum())
    pd.testing.assert_frame_equal(local.workshop.statements, dask.workshop.statements)
    assert local.clauses["clause_id"].tolist() == dask.clauses["clause_id"].tolist()
    ari = adjusted_rand_score(local.clauses["theme_id"], dask.clauses["theme_id"])
    assert ari >= 0.9, ari
    m = json.loads((tmp_path / "dask" / "manifest.json").read_text(encoding="utf-8"))
    assert m["rerun"]["dask"] == "local" and m["parameters"]["theme_method"] == "stream"
    assert (dask.clauses["theme_source"] == "discovered").any()


def _folder_workshop(tmp_path):
    d = tmp_path / "ws"
    (d / "hotline").mkdir(parents=True)
    rows = ["ผู้เสียหายไม่มีล่ามภาษาเมียนมา ทำให้สอบปากคำไม่ได้", "บ้านพักเด็กเต็ม ต้องส่งต่อไปจังหวัดอื่น",
            "งบประมาณค่าเดินทางส่งกลับไม่พอ"]
    pd.DataFrame({"ข้อความ": rows, "จังหวัด": ["ตาก", "ระนอง", "สระแก้ว"]}).to_csv(d / "hotline" / "day1.csv", index=False)
    pd.DataFrame({"ข้อความ": rows[::-1], "จังหวัด": ["ตาก", "ตาก", "ระนอง"]}).to_parquet(d / "hotline" / "day2.parquet")
    (d / "workshop.yml").write_text(
        "title: บันทึกสายด่วน\nfiles:\n  - path: hotline/\n    kind: feedback\n"
        "    columns: {ข้อความ: 'text:obstacles', จังหวัด: province}\n", encoding="utf-8")
    return d


def test_a_folder_of_tables_is_read_file_by_file(tmp_path):
    """``path: hotline/`` in workshop.yml reads every CSV and Parquet file in the folder,
    each counted under its own name."""
    from lessons.workshop import load_workshop

    d = _folder_workshop(tmp_path)
    ws = load_workshop(d / "workshop.yml")
    assert ws.counts["source_file"].tolist() == ["hotline/day1.csv", "hotline/day2.parquet"]
    assert len(ws.statements) == 6 and set(ws.statements["province"]) == {"ตาก", "ระนอง", "สระแก้ว"}


def test_a_link_in_a_folder_of_tables_is_refused(tmp_path):
    from lessons.errors import InputError
    from lessons.workshop import load_workshop

    d = _folder_workshop(tmp_path)
    outside = tmp_path / "secret.csv"
    outside.write_text("ข้อความ,จังหวัด\nนอกโฟลเดอร์,ตาก\n", encoding="utf-8")
    (d / "hotline" / "day3.csv").symlink_to(outside)
    with pytest.raises(InputError, match="symbolic link"):
        load_workshop(d / "workshop.yml")


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys):
    pytest.importorskip("distributed")
    from lessons.cli import main

    rc = main(["run", str(config.sample_workshop()), "--out", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err[0]
    assert not (tmp_path / "out").exists()
