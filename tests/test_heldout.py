"""The held-out workshops (data/heldout/, written independently of this code: northeast
family violence, southern fishing labour, northern online child exploitation): every
turn, item, cell and answer arrives as its own statement, and personal values do not
reach the outputs. First run, before this work: own statement 0.832 / 0.506 / 0.640;
personal values in outputs 34 / 38 / 46."""
import sys

import pandas as pd
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
HELDOUT = sorted((ROOT / "data" / "heldout").glob("*/workshop.yml"))


@pytest.mark.parametrize("workshop", HELDOUT, ids=[p.parent.name for p in HELDOUT])
def test_heldout_workshop(workshop, tmp_path):
    import os

    from heldout_eval import evaluate

    res = evaluate(workshop, tmp_path / "out", str(ROOT / ".venv" / "bin" / "lessons")
                   if (ROOT / ".venv" / "bin" / "lessons").exists() else "lessons", None, dict(os.environ))
    assert res["exit"] == 0, res["stderr"]
    assert res["own_share"] >= 0.95, res["misses"]
    assert res["leaks"] <= 5, res["leaked"]
    counts = pd.read_csv(tmp_path / "out" / "counts.csv")
    assert (counts["units_in"] == counts["statements"] + counts["excluded"]).all()
