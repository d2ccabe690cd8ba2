# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: notebooks///ipynb,src/lessons/notebooks///py:percent
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 SWOT แผนงาน และแนวปฏิบัติที่ดี (Good Practice)
# **The consolidated SWOT, the plans by horizon and Good Practice, each with its evidence.**
#
# ข้อที่หลายกลุ่มเขียนความหมายเดียวกันถูกรวมเป็นข้อเดียว ลำดับตามจำนวนกลุ่ม จังหวัด และข้อความ
# ทุกข้อย้อนกลับไปดูข้อความต้นทางได้ (evidence)
#
# Lines that several groups wrote with one meaning are merged into one item, ranked by how
# many groups, provinces and statements back it. Every item leads back to its statements.

# %% tags=["parameters"]
RUN = None  # a run's output folder or a workshop.yml; None = the sample (reports/sample, from `make report`)
INTERACTIVE = True  # False: no controls; every view is shown with its defaults (the HTML copies)
RESULTS_PATH = None  # a test records this notebook's key results here

# %%
import ipywidgets as w
from IPython.display import Markdown, display

from lessons import explore as x

run = x.open_run(RUN)
kis = x.key_issues(run)
display(Markdown("\n".join(f"- **ประเด็นที่ {k}**: {v}" for k, v in kis.items())))
ANY = "ทั้งหมด"
ki_options = [(ANY, ANY)] + [(f"ประเด็นที่ {k}", k) for k in kis]

# %% [markdown]
# ## SWOT รวมทุกกลุ่ม ต่อประเด็นหลัก (the consolidated SWOT per key issue)

# %%
quadrants = [(ANY, ANY)] + [(v, k) for k, v in x.QUADRANTS.items()]
x.show(lambda key_issue, quadrant, top: x.swot(run, key_issue, quadrant, top), interactive=INTERACTIVE,
       key_issue=w.Dropdown(options=ki_options, value=1 if 1 in kis else ANY, description="ประเด็น"),
       quadrant=w.Dropdown(options=quadrants, value="W", description="SWOT"),
       top=w.IntSlider(value=10, min=5, max=50, description="จำนวนข้อ"))

# %% [markdown]
# ### หลักฐาน: ข้อความต้นทางของข้อที่เลือก (evidence for one item)

# %%
sw = x.swot(run, top=None)
x.show(lambda row: x.evidence(run, sw.loc[row, "statement_ids"]), interactive=INTERACTIVE,
       row=w.Dropdown(options=[(f"{r['quadrant']}: {r['item'][:60]}", i) for i, r in sw.head(100).iterrows()],
                      value=0, description="ข้อ"))

# %% [markdown]
# ## แผนงานตามระยะเวลา (plans by horizon: 3, 6 and 12 months)

# %%
horizons = [(ANY, ANY)] + [(f"{h} เดือน", int(h)) for h in sorted(run.table("plans")["horizon_months"].dropna().unique())]
x.show(lambda key_issue, horizon: x.plans(run, key_issue, horizon), interactive=INTERACTIVE,
       key_issue=w.Dropdown(options=ki_options, value=ANY, description="ประเด็น"),
       horizon=w.Dropdown(options=horizons, value=ANY, description="ระยะ"))

# %% [markdown]
# ## แนวปฏิบัติที่ดี ต่อประเด็นหลักและขั้นตอน (Good Practice by key issue and step)
# ประเด็นที่ 1 แบ่งตามขั้นตอน: คัดแยก รับเข้าและส่งต่อ คุ้มครอง ส่งกลับและติดตามผล
# `type`: `strength` = สิ่งที่ได้ผลแล้ว, `suggestion` = ข้อเสนอ; `answers_themes` = ปัญหาที่แนวปฏิบัตินี้ตอบ

# %%
gp = x.good_practice(run, top=None)
steps = [(ANY, ANY)] + [(s, s) for s in gp["step"].dropna().unique()]
x.show(lambda key_issue, step, top: x.good_practice(run, key_issue, step, top), interactive=INTERACTIVE,
       key_issue=w.Dropdown(options=ki_options, value=1 if 1 in kis else ANY, description="ประเด็น"),
       step=w.Dropdown(options=steps, value=ANY, description="ขั้นตอน"),
       top=w.IntSlider(value=10, min=5, max=50, description="จำนวนข้อ"))

# %%
top_gp = gp.iloc[0] if len(gp) else None
if top_gp is not None:
    display(Markdown(f"**หลักฐานของแนวปฏิบัติอันดับแรก** (evidence for the first practice): {top_gp['practice']}"))
    display(x.evidence(run, top_gp["statement_ids"]))

# %%
pl = x.plans(run, top=None)
x.record(RESULTS_PATH, {"swot_items": len(sw), "weaknesses_1": len(x.swot(run, 1, "W", top=None)), "plan_items": len(pl), "good_practice": len(gp),
                        "key_issues": sorted(kis), "steps": [s for s, _ in steps[1:]],
                        "evidence_first": 0 if top_gp is None else len(x.evidence(run, top_gp["statement_ids"])),
                        "horizons": [h for _, h in horizons[1:]]})
