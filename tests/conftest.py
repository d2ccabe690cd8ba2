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
