"""The cost benchmark (``lessons bench``): the whole run, read to reports, on corpora of N
statements, beside the common recipe in the same command.

The corpora measure cost, not quality. :func:`make_corpus` builds one from the sample
workshop by recombining its clauses: each statement joins one to three clauses drawn (with
a fixed seed) from the sample's clauses of the same source kind, and gets a random
province (the sample's 25), group (1-8) and key issue (1-4); SWOT lines also get a
quadrant and plan actions a horizon (3, 6 or 12 months). 70% are feedback-form answers
(one CSV, three text columns a row), 20% SWOT lines, 10% plan actions, about the sample's
mix. The sample's codebook comes along, so coding, discovery and synthesis all run as on
a real workshop.

Each measurement runs in a fresh child process, so its peak memory (``ru_maxrss`` of the
process and of its pool workers) is its own:

- ``seconds`` and ``stages``: a cold ``lessons run`` (empty token cache), by stage
  (:mod:`lessons.timing`);
- ``warm_seconds``: the same run again with the cache the cold run left;
- ``recipe_seconds``: the common recipe on the same statements: PyThaiNLP's newmm tokenizer
  in scikit-learn's ``TfidfVectorizer`` and ``KMeans(k=20, n_init=10)``, nothing else.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

STAGES = ("read", "normalise_redact", "clauses", "tokenize", "terms", "features", "themes", "labels_quotes",
          "stability", "synthesis", "reports")
MIX = {"feedback": 0.7, "swot": 0.2, "action_plan": 0.1}
RECIPE_K = 20


# ---------------------------------------------------------------- corpora
def _sample_clauses(sample: Path) -> pd.DataFrame:
    from .text.pipeline import build_clauses
    from .workshop import load_workshop

    ws = load_workshop(sample)
    cl = build_clauses(ws.statements)
    return cl[["text", "source_kind"]]


def make_corpus(n: int, dest: Path, seed: int = 20220521, sample: Path | None = None) -> Path:
    """Write a workshop of ``n`` statements into ``dest`` (see the module's text); returns
    its ``workshop.yml``. An existing corpus of the same ``n`` and seed is reused."""
    import shutil

    import yaml

    from . import config

    dest = Path(dest)
    wy = dest / "workshop.yml"
    stamp = dest / ".corpus.json"
    want = {"n": int(n), "seed": int(seed), "version": 1}
    if wy.is_file() and stamp.is_file() and json.loads(stamp.read_text()) == want:
        return wy
    sample = Path(sample or config.sample_workshop())
    meta = yaml.safe_load(sample.read_text(encoding="utf-8"))
    cl = _sample_clauses(sample)
    pools = {
        "feedback": cl[cl.source_kind.isin(["feedback", "transcript", "notes"])].text.tolist(),
        "swot": cl[cl.source_kind == "swot"].text.tolist(),
        "action_plan": cl[cl.source_kind == "action_plan"].text.tolist(),
    }
    rs = np.random.RandomState(seed)
    provinces = list(meta.get("provinces") or ["กรุงเทพมหานคร"])

    def texts(kind: str, m: int) -> list[str]:
        pool = pools[kind] or pools["feedback"]
        parts = rs.randint(1, 4, size=m)
        picks = rs.randint(0, len(pool), size=int(parts.sum()))
        out, j = [], 0
        for p in parts:
            out.append(" ".join(pool[i] for i in picks[j:j + p]))
            j += p
        return out

    dest.mkdir(parents=True, exist_ok=True)
    n_fb = int(round(n * MIX["feedback"]))
    n_sw = int(round(n * MIX["swot"]))
    n_pl = max(0, n - n_fb - n_sw)
    rows = -(-n_fb // 3)
    fb_texts = texts("feedback", rows * 3)[:n_fb] + [""] * (rows * 3 - n_fb)
    fb = pd.DataFrame({
        "จังหวัด": rs.choice(provinces, rows),
        "หน่วยงาน": rs.choice(["พมจ.", "บ้านพักเด็กและครอบครัว", "ตำรวจ", "อัยการ", "มูลนิธิ"], rows),
        "ปัญหาหรืออุปสรรค": fb_texts[0::3], "ข้อเสนอแนะ": fb_texts[1::3], "สิ่งที่ได้เรียนรู้": fb_texts[2::3]})
    fb.to_csv(dest / "feedback.csv", index=False)
    pd.DataFrame({"กลุ่ม": rs.randint(1, 9, n_sw), "ประเด็นหลัก": rs.randint(1, 5, n_sw),
                  "มิติ": rs.choice(list("SWOT"), n_sw), "ข้อความ": texts("swot", n_sw)}
                 ).to_csv(dest / "swot.csv", index=False)
    pd.DataFrame({"กลุ่ม": rs.randint(1, 9, n_pl), "ประเด็นหลัก": rs.randint(1, 5, n_pl),
                  "ระยะเวลา (เดือน)": rs.choice([3, 6, 12], n_pl), "กิจกรรม/แนวทาง": texts("action_plan", n_pl)}
                 ).to_csv(dest / "action_plans.csv", index=False)
    cb = meta.get("codebook")
    if cb:
        shutil.copyfile(sample.parent / cb, dest / Path(cb).name)
    doc = {
        "title": f"ชุดข้อมูลทดสอบความเร็ว {n:,} ข้อความ (สังเคราะห์จากตัวอย่าง)",
        "date": meta.get("date"), "region": meta.get("region"), "synthetic": True,
        "provinces": provinces, "key_issues": meta.get("key_issues"), "plan_horizons": [3, 6, 12],
        "limits": {"rows": max(1_000_000, n + 10)},
        **({"codebook": Path(cb).name} if cb else {}),
        "files": [
            {"path": "feedback.csv", "kind": "feedback",
             "columns": {"จังหวัด": "province", "หน่วยงาน": "agency", "ปัญหาหรืออุปสรรค": "text:obstacles",
                         "ข้อเสนอแนะ": "text:suggestions", "สิ่งที่ได้เรียนรู้": "text:learned"}},
            {"path": "swot.csv", "kind": "swot",
             "columns": {"กลุ่ม": "group", "ประเด็นหลัก": "key_issue", "มิติ": "quadrant", "ข้อความ": "text"}},
            {"path": "action_plans.csv", "kind": "action_plan",
             "columns": {"กลุ่ม": "group", "ประเด็นหลัก": "key_issue", "ระยะเวลา (เดือน)": "horizon",
                         "กิจกรรม/แนวทาง": "text"}},
        ],
    }
    wy.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    stamp.write_text(json.dumps(want))
    return wy


# ---------------------------------------------------------------- one measurement (child)
def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def _child_run(workshop: str, out: str) -> dict:
    from . import analysis
    from .timing import recording

    t0 = time.perf_counter()
    with recording() as st:
        a = analysis.run(workshop, out)
    seconds = time.perf_counter() - t0
    stages = {k: round(st.get(k, 0.0), 2) for k in STAGES}
    stages["other"] = round(max(0.0, seconds - sum(st.values())), 2)
    return {"seconds": round(seconds, 2), "peak_rss_mb": _peak_mb(), "stages": stages,
            "statements": int(len(a.statements)), "clauses": int(len(a.clauses))}


def recipe_texts(workshop: str) -> list[str]:
    """The statements' text as the recipe sees it: read from the files, nothing else."""
    import yaml

    root = Path(workshop).parent
    doc = yaml.safe_load(Path(workshop).read_text(encoding="utf-8"))
    out: list[str] = []
    for f in doc["files"]:
        d = pd.read_csv(root / f["path"], dtype=str, keep_default_na=False)
        for col, role in f["columns"].items():
            if role == "text" or str(role).startswith("text:"):
                out.extend(t for t in d[col] if t.strip())
    return out


def _child_recipe(workshop: str) -> dict:
    from pythainlp.tokenize import word_tokenize
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    texts = recipe_texts(workshop)
    X = TfidfVectorizer(tokenizer=lambda t: word_tokenize(t, engine="newmm"), token_pattern=None,
                        lowercase=False).fit_transform(texts)
    KMeans(n_clusters=RECIPE_K, n_init=10, random_state=0).fit(X)
    return {"seconds": round(time.perf_counter() - t0, 2), "peak_rss_mb": _peak_mb()}


def _child(argv: list[str]) -> int:
    from .config import ensure_offline

    ensure_offline()
    what, workshop, out = argv[0], argv[1], argv[2]
    res = _child_run(workshop, out) if what == "run" else _child_recipe(workshop)
    Path(argv[3]).write_text(json.dumps(res), encoding="utf-8")
    return 0


def _measure(what: str, workshop: Path, out: Path, cache: Path, env_extra: dict | None = None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        res_path = Path(f.name)
    env = {**os.environ, "LESSONS_CACHE": str(cache), **(env_extra or {})}
    cmd = [sys.executable, "-c", "import sys; from lessons.bench import _child; sys.exit(_child(sys.argv[1:]))",
           what, str(workshop), str(out), str(res_path)]
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise RuntimeError(f"{what} on {workshop.parent.name} failed (exit {p.returncode}): {last}")
    res = json.loads(res_path.read_text(encoding="utf-8"))
    res_path.unlink()
    return res


def bench(sizes: list[int], work: Path | None = None, recipe: bool = True, warm: bool = True,
          echo=print) -> dict:
    """Measure every size (see the module's text); returns ``{"runs": [...]}``."""
    import shutil

    from . import config

    work = Path(work) if work else config.cache_dir() / "bench"
    runs = []
    for n in sizes:
        corpus = make_corpus(n, work / f"corpus_{n}")
        cache = Path(tempfile.mkdtemp(prefix=f"lessons_bench_cache_{n}_"))
        out = Path(tempfile.mkdtemp(prefix=f"lessons_bench_out_{n}_")) / "out"
        try:
            echo(f"{n:,} statements: cold run …")
            cold = _measure("run", corpus, out, cache)
            row = {"n": n, "statements": cold["statements"], "clauses": cold["clauses"],
                   "seconds": cold["seconds"], "peak_rss_mb": cold["peak_rss_mb"], "stages": cold["stages"]}
            if warm:
                echo(f"{n:,} statements: warm run …")
                w = _measure("run", corpus, out, cache)
                row["warm_seconds"], row["warm_peak_rss_mb"] = w["seconds"], w["peak_rss_mb"]
            if recipe:
                echo(f"{n:,} statements: the recipe …")
                r = _measure("recipe", corpus, out, cache)
                row["recipe_seconds"], row["recipe_peak_rss_mb"] = r["seconds"], r["peak_rss_mb"]
            runs.append(row)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out.parent, ignore_errors=True)
    return {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "runs": runs}


def table(result: dict) -> str:
    """The results as a Markdown table, with the stage that dominates each run."""
    lines = ["| statements | seconds | peak MB | warm s | cold/warm | recipe s | recipe MB | recipe/ours | "
             "largest stage |", "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in result["runs"]:
        st = r["stages"]
        top = max(st, key=st.get)
        warm, rec = r.get("warm_seconds"), r.get("recipe_seconds")
        cells = [f"{r['n']:,}", f"{r['seconds']:.1f}", f"{r['peak_rss_mb']:,.0f}",
                 f"{warm:.1f}" if warm else "–", f"{r['seconds'] / warm:.1f}×" if warm else "–",
                 f"{rec:.1f}" if rec is not None else "–",
                 f"{r['recipe_peak_rss_mb']:,.0f}" if rec is not None else "–",
                 f"{rec / r['seconds']:.1f}×" if rec is not None else "–",
                 f"{top} {st[top]:.1f} s ({st[top] / r['seconds']:.0%})"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
