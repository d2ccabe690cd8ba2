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


# `make check` runs what is not marked slow: these modules run the whole pipeline (or pip,
# or every hostile input), and so does any test that takes a full run as a fixture
SLOW_MODULES = {"test_package", "test_heldout", "test_hostile", "test_verify", "test_notebooks", "test_run",
                "test_report", "test_privacy", "test_synthesis", "test_habits"}
SLOW_FIXTURES = {"sample_run"}
SLOW_TESTS = {  # each over 4 s on this machine (pytest --durations)
    "test_theme_edits_are_applied", "test_other_is_held_to_its_cap", "test_themes_command_on_truevoice",
    "test_formulas_in_input_cells_never_reach_a_csv_as_formulas", "test_limits_come_from_workshop_yml_and_the_command_line",
    "test_allow_outside_reads_dotdot_paths_but_never_a_link", "test_kind_model_beats_rules_in_cross_validation",
    "test_themes_command_with_codebook", "test_themes_command_on_the_40_row_file", "test_guided_coding_beats_seed_counting",
    "test_every_input_unit_is_accounted_for", "test_docx_named_txt", "test_a_limit_hit_names_the_file_and_the_limit",
    "test_mapping_names_a_missing_column", "test_csv_named_xlsx"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in SLOW_MODULES or item.originalname in SLOW_TESTS \
                or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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
