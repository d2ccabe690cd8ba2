"""The project's own files: two commands, CI, dependency lists in step."""
import os
import re
import tomllib

from conftest import ROOT


def _names(reqs):
    return {re.split(r"[<>=!~\[ ]", r.strip(), maxsplit=1)[0].lower().replace("_", "-") for r in reqs if r.strip()}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    import yaml

    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = _names(py["project"]["dependencies"]) | _names(py["project"]["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = set(), set()
    for d in env["dependencies"]:
        if isinstance(d, dict):
            pip |= {x for x in _names(d["pip"]) if not x.startswith("-e")}
        else:
            conda |= _names([d])
    conda -= {"python", "pip"}
    assert conda | pip == deps


def test_readme_gives_the_two_commands_and_ci_runs_the_tests():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_raw_data_is_ignored_by_git():
    ignore = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "data/raw/" in ignore and "data/interim/" in ignore and ".venv/" in ignore


def test_import_lessons_changes_nothing_in_the_callers_process():
    """No environment variable and no matplotlib setting changes on import, and a library
    call that uses PyThaiNLP takes its offline settings back afterwards."""
    import subprocess
    import sys

    code = ("import os, matplotlib; e = dict(os.environ); r = dict(matplotlib.rcParams)\n"
            "import lessons, lessons.analysis, lessons.explore, lessons.report, lessons.notebooks, lessons.cli\n"
            "assert dict(os.environ) == e, set(os.environ) ^ set(e)\n"
            "assert dict(matplotlib.rcParams) == r\n"
            "assert lessons.tokenize('ผู้เสียหายรอล่าม') == ['ผู้เสียหาย', 'รอ', 'ล่าม']\n"
            "assert dict(os.environ) == e, set(os.environ) ^ set(e)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHAINLP", "HF_", "TOKENIZERS"))}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
