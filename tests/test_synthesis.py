"""The consolidated SWOT, action plans by horizon and Good Practice (`lessons.synthesis`)."""
import pandas as pd
import pytest

from conftest import ROOT


def _ids(table):
    return [i for s in table["statement_ids"] for i in str(s).split("; ") if i]


def test_every_swot_row_and_plan_action_is_in_exactly_one_item(sample_run):
    _a, out = sample_run
    st = pd.read_parquet(out / "statements.parquet")
    for name, kind in (("swot.csv", "swot"), ("plans.csv", "action_plan")):
        t = pd.read_csv(out / name, dtype=str)
        ids = _ids(t)
        assert len(ids) == len(set(ids)), f"{name}: a statement counted twice"
        assert set(ids) == set(st.loc[st["source_kind"] == kind, "statement_id"]), f"{name}: a statement lost"
        assert (t["statements"].astype(int) == t["statement_ids"].str.count("; ") + 1).all()
    swot = pd.read_csv(out / "swot.csv", dtype=str)
    assert set(swot["quadrant"]) == {"S", "W", "O", "T"} and len(swot) < 249, "near-duplicates merge"
    assert list(swot.columns) == ["key_issue", "quadrant", "item", "statements", "groups", "provinces", "statement_ids"]
    assert (swot["provinces"].astype(int) > 0).all(), "a group's sheet stands for its provinces"


def test_plans_have_horizons_and_canonical_agencies(sample_run):
    _a, out = sample_run
    plans = pd.read_csv(out / "plans.csv", dtype=str)
    assert set(plans["horizon_months"]) == {"3", "6", "12"}
    agencies = {a for s in plans["lead_agencies"].dropna() for a in s.split("; ")}
    assert {"พมจ.", "สภ./ตำรวจ"} <= agencies
    assert not any("สำนักงานพัฒนาสังคม" in a for a in agencies), "long names become the canonical one"
    assert plans["indicators"].notna().mean() > 0.9


def test_good_practice_is_ranked_with_evidence_and_its_strengths_are_strengths(sample_run):
    _a, out = sample_run
    gp = pd.read_csv(out / "good_practice.csv", dtype=str)
    assert set(gp["type"]) == {"strength", "suggestion"}
    k1 = gp[gp["key_issue"] == "1"]
    assert {"การคัดแยก", "การรับเข้าและส่งต่อ", "การคุ้มครอง", "การส่งกลับและติดตามผล"} <= set(k1["step"].dropna())
    assert gp[gp["key_issue"] != "1"]["step"].isna().all(), "steps belong to victim assistance"
    assert gp["quote_1"].notna().all() and gp["quote_1_source"].str.match(r"^\S+ (line|sheet|row|paragraph|table)").all()
    first = gp.groupby(["key_issue", "step", "type"], dropna=False).head(1)
    assert (first["rank"] == "1").all()
    g = pd.read_csv(ROOT / "data" / "sample" / "gold" / "annotations.csv", dtype=str, keep_default_na=False)
    gold = dict(zip(g["statement_id"], g["kind"]))
    kinds = [gold[i] for i in _ids(gp[gp["type"] == "strength"]) if gold.get(i)]
    assert kinds and sum(k == "strength" for k in kinds) / len(kinds) >= 0.9
    assert gp["answers_themes"].notna().mean() > 0.5, "practices are linked to the obstacle themes they answer"


@pytest.mark.parametrize("typed, months", [("๓", 3), ("3 เดือน", 3), ("ระยะสั้น", 3), ("6", 6), ("ระยะกลาง", 6),
                                           ("1 ปี", 12), ("12 เดือน", 12), ("ระยะยาว 1 ปี", 12), (6, 6), ("", None)])
def test_horizons_normalise_to_three_six_twelve(typed, months):
    from lessons.synthesis import horizon_months

    assert horizon_months(typed) == months


def test_agencies_table_is_extended_by_the_workshop(tmp_path):
    from lessons.synthesis import canonical_agencies, load_agencies

    table = load_agencies()
    assert canonical_agencies("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด ร่วมกับตำรวจภูธรจังหวัด", table) == \
        ["พมจ.", "สภ./ตำรวจ"]
    assert canonical_agencies("ชมรมผู้สูงอายุบ้านนา", table) == ["ชมรมผู้สูงอายุบ้านนา"]
    (tmp_path / "agencies.yml").write_text("agencies:\n  ชมรมผู้สูงอายุ: [ชมรมผู้สูงอายุ]\n", encoding="utf-8")
    assert canonical_agencies("ชมรมผู้สูงอายุบ้านนา", load_agencies(tmp_path)) == ["ชมรมผู้สูงอายุ"]


def test_a_workshop_without_swot_or_plans_gives_empty_tables_with_headers(tmp_path):
    import yaml

    from conftest import run_cli
    from lessons.synthesis import GP_COLUMNS, PLAN_COLUMNS, SWOT_COLUMNS

    (tmp_path / "t.txt").write_text("ผู้ดำเนินรายการ: สวัสดีค่ะ\nพมจ.: ล่ามภาษาเมียนมาไม่พอครับ ต้องรอหลายวัน\n"
                                    "ตำรวจ: อยากให้มีบัญชีล่ามกลางของจังหวัดครับ\n", encoding="utf-8")
    (tmp_path / "workshop.yml").write_text(yaml.safe_dump({"title": "t", "files": [{"path": "t.txt", "kind": "transcript"}]},
                                                          allow_unicode=True), encoding="utf-8")
    out = tmp_path.parent / (tmp_path.name + "_out")
    r = run_cli("run", tmp_path / "workshop.yml", "--out", out, "--quiet")
    assert r.returncode == 0, r.stderr
    assert list(pd.read_csv(out / "swot.csv").columns) == SWOT_COLUMNS and len(pd.read_csv(out / "swot.csv")) == 0
    assert list(pd.read_csv(out / "plans.csv").columns) == PLAN_COLUMNS
    assert list(pd.read_csv(out / "good_practice.csv").columns) == GP_COLUMNS


def test_step_lexicon():
    from lessons.synthesis import load_steps, step_of

    steps = load_steps()
    assert step_of("ล่ามช่วยตอนคัดแยกผู้เสียหาย", steps) == "การคัดแยก"
    assert step_of("ติดตามผลหลังส่งกลับภูมิลำเนา", steps) == "การส่งกลับและติดตามผล"
    assert step_of("ประชุมประจำเดือน", steps) == ""


def test_background_corpus_is_what_training_data_gives():
    from lessons.synthesis import background_corpus
    from lessons.themes.train_kinds import background_lines

    assert background_corpus() == background_lines()
    assert len(background_corpus()) >= 1000


def test_merge_never_joins_two_lines_of_one_group_and_respects_themes():
    import numpy as np

    from lessons.synthesis import merge_groups

    Z = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert len(set(merge_groups(Z, 0.9)[:3])) == 1
    lab = merge_groups(Z, 0.9, groups=["g1", "g1", "g2", "g3"])
    assert lab[0] != lab[1] and len(set(lab[:3])) == 2
    lab = merge_groups(Z, 0.9, themes=["t1", "t2", "", ""])
    assert lab[0] != lab[1] and (lab[2] in (lab[0], lab[1]))
