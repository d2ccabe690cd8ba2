"""The package is the program: data files and models ship inside it, a missing one is a
loud error, caches go to the user cache folder, and a wheel installed elsewhere gives
byte-identical results."""
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE


def test_resources_are_package_data():
    from lessons import config

    for name in ("domain_words.txt", "stopwords_extra.txt", "synonyms.tsv", "concepts.yml"):
        assert (config.dictionaries_dir() / name).is_file()
    assert config.model_path("kinds.json").is_file() and config.model_path("names.crfsuite").is_file()
    assert str(config.dictionaries_dir()).startswith(str(ROOT / "src" / "lessons"))


def test_a_missing_resource_is_a_loud_error(tmp_path, monkeypatch):
    from lessons import config
    from lessons.text.tokenize import Tokenizer

    monkeypatch.setenv("LESSONS_DICTIONARIES", str(tmp_path))
    with pytest.raises(config.ResourceMissing, match="domain_words.txt"):
        Tokenizer()
    with pytest.raises(config.ResourceMissing):
        config.resource_path("models", "nothing.bin")


def test_cache_goes_to_the_user_cache_folder(monkeypatch, tmp_path):
    from lessons import config

    monkeypatch.delenv("LESSONS_CACHE", raising=False)
    monkeypatch.delenv("LESSONS_INTERIM", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert config.cache_dir() == tmp_path / "xdg" / "lessons"
    monkeypatch.setenv("LESSONS_CACHE", str(tmp_path / "c"))
    assert config.cache_dir() == tmp_path / "c"


def test_shipped_kinds_model_is_what_training_gives():
    from lessons import config
    from lessons.themes.train_kinds import build

    shipped = json.loads(config.model_path("kinds.json").read_text(encoding="utf-8"))
    fresh = build()
    for key in ("format", "params", "words", "chars", "cues", "classes"):
        assert fresh[key] == shipped[key], key
    flat = lambda d: [x for row in d["coef"] for x in row]  # noqa: E731
    assert max(abs(a - b) for a, b in zip(flat(fresh), flat(shipped))) < 2e-6  # both rounded to 6 places


def test_wheel_install_gives_byte_identical_results(tmp_path, sample_run):
    """pip wheel + install into another folder, run from another folder: the same outputs."""
    _a, out = sample_run
    wheels, target, cwd = tmp_path / "whl", tmp_path / "site", tmp_path / "elsewhere"
    cwd.mkdir()
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    whl = next(wheels.glob("lessons-*.whl"))
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(whl)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    env = dict(os.environ, PYTHONPATH=str(target), LESSONS_CACHE=str(tmp_path / "cache"))
    probe = subprocess.run([sys.executable, "-c", "import lessons, lessons.config as c; "
                            "print(lessons.__file__); print(c.dictionaries_dir())"],
                           capture_output=True, text=True, cwd=cwd, env=env)
    assert str(target) in probe.stdout.splitlines()[0] and str(target) in probe.stdout.splitlines()[1]
    out2 = tmp_path / "wheel_run"
    r = subprocess.run([sys.executable, "-m", "lessons.cli", "run", str(SAMPLE), "--out", str(out2), "--quiet"],
                       capture_output=True, text=True, cwd=cwd, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    m1 = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    m2 = json.loads((out2 / "manifest.json").read_text(encoding="utf-8"))
    assert m1["outputs"] == m2["outputs"]
    assert m1["parameters"] == m2["parameters"]
