import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "workshop.yml"
SHARED = ROOT.parent / "shared" / "benchmarks"
FIXTURES = ROOT / "tests" / "fixtures"

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


@pytest.fixture(scope="session")
def sample_workshop():
    from lessons import load_workshop

    return load_workshop(SAMPLE)


@pytest.fixture(scope="session")
def sample_clauses(sample_workshop):
    from lessons.text.pipeline import build_clauses

    return build_clauses(sample_workshop.statements)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The whole pipeline on the sample workshop, once per test session."""
    from lessons.analysis import run

    out = tmp_path_factory.mktemp("run") / "sample"
    a = run(SAMPLE, out)
    return a, out


def run_cli(*args, cwd=None, env=None):
    import subprocess

    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "lessons.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=e)


def pytest_terminal_summary(terminalreporter):
    """The hostile-input suite's own report: exit code, time and peak memory per case."""
    mod = sys.modules.get("hostile_cases")
    rows = getattr(mod, "REPORT", None) if mod else None
    if not rows:
        return
    tr = terminalreporter
    tr.section("hostile input: exit code, time, peak memory")
    for klass, case, code, secs, mb, first in rows:
        tr.write_line(f"{klass:<9} {case:<44} {str(code):>7} {secs:6.1f} s {mb:6.0f} MB  {first}")
    secs = sorted(r[3] for r in rows)
    tr.write_line(f"{len(rows)} cases; median {secs[len(secs) // 2]:.1f} s, slowest {secs[-1]:.1f} s; "
                  f"peak {max(r[4] for r in rows):.0f} MB")
