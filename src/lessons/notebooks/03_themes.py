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
# # 03 ประเด็นปัญหา/อุปสรรคที่พบซ้ำ (themes)
# **Recurring themes: what they are, how sure we are, and every quote behind them.**
#
# ประเด็นมาจากสองทาง: ประเด็นตามคู่มือการลงรหัส (codebook) และประเด็นที่ค้นพบใหม่จากข้อความที่เหลือ
# (discovered) ข้อความที่ไม่เข้าประเด็นใดอยู่ใน "อื่น ๆ" (other) ซึ่งเปิดดูได้เช่นกัน
# ค่าความคงที่ (stability) คือสัดส่วนที่ประเด็นกลับมาเหมือนเดิมเมื่อวิเคราะห์ซ้ำบนข้อมูลสุ่มย่อย
#
# Themes come from the codebook or are discovered in what is left; what fits none is in
# `other`, which you can open too. Stability is how often a theme comes back when refitted
# on subsamples (1 = always).

# %% tags=["parameters"]
RUN = None  # a run's output folder or a workshop.yml; None = the sample (reports/sample, from `make report`)
THEME = None  # the theme shown first (a theme_id); None = the largest
EDITS = {}  # e.g. {"rename": {"d05": "ร้านคาราโอเกะและสถานบริการ"}}: saved to themes.yml when APPLY_EDITS
APPLY_EDITS = False  # True: save EDITS and rerun the analysis (as long as `make report`)
INTERACTIVE = True  # False: no controls; every view is shown with its defaults (the HTML copies)
RESULTS_PATH = None  # a test records this notebook's key results here

# %%
import ipywidgets as w
from IPython.display import Markdown, display

from lessons import explore as x

run = x.open_run(RUN)
th = x.themes(run)
th

# %% [markdown]
# ## เปิดดูทีละประเด็น พร้อมคำพูดทุกข้อและแหล่งที่มา
# **One theme at a time, with all its quotes and their sources** (strongest fit first).


# %%
def card(theme_id):
    c = x.theme_card(run, theme_id)
    stab = "—" if c["stability"] is None else f"{c['stability']:.2f}"
    display(Markdown(f"### {c['label']}\n`{c['theme_id']}` · {c['source']} · {c['size']} อนุประโยค (clauses) · "
                     f"ความคงที่ (stability) {stab}  \nคำสำคัญ (keywords): {c['keywords']}"))
    return c["quotes"]


choices = x.theme_choices(run)
first = THEME or choices[0][1]
x.show(card, interactive=INTERACTIVE, theme_id=w.Dropdown(options=choices, value=first, description="ประเด็น"))

# %% [markdown]
# กลุ่ม "อื่น ๆ" (other): ข้อความที่ไม่เข้าประเด็นใด ตรวจดูได้ว่ามีอะไรตกหล่นหรือไม่
#
# `other`: what fits no theme; check that nothing important hides here.

# %%
other = x.theme_card(run, x.OTHER_ID)
print(f"{other['size']} อนุประโยค (clauses) in other")
other["quotes"].head(15)

# %% [markdown]
# ## เลือกจำนวนประเด็นที่ค้นพบ (the k curve)
# คะแนนรวมของความแยกกลุ่ม (silhouette) และความคงที่ (stability) ต่อจำนวนประเด็น k

# %%
x.picture(x.k_curve_figure(run))

# %% [markdown]
# ## ประเด็น × จังหวัด / กลุ่ม / ประเด็นหลัก
# ไม่รวม "อื่น ๆ" และจังหวัดที่ไม่ระบุ เพื่อให้ภาพอ่านได้ (the table below can include them)
#
# Without `other` and unknown provinces, so the picture is readable.

# %%
bys = [b for b in ("province", "group", "key_issue") if not run.table(f"crosstab_{b}").empty]
x.show(lambda by: x.png(x.crosstab_figure(run, by)), interactive=INTERACTIVE,
       by=w.Dropdown(options=[(x.DIMENSIONS[b], b) for b in bys], value=bys[0], description="แยกตาม"))

# %%
x.show(lambda by, share, with_other, with_unknown: x.crosstab(run, by, share, with_other, with_unknown),
       interactive=INTERACTIVE,
       by=w.Dropdown(options=[(x.DIMENSIONS[b], b) for b in bys], value="key_issue", description="แยกตาม"),
       share=w.Checkbox(value=True, description="สัดส่วน (share)"),
       with_other=w.Checkbox(value=False, description="รวมอื่น ๆ"),
       with_unknown=w.Checkbox(value=False, description="รวมที่ไม่ระบุ"))

# %% [markdown]
# ## แก้ไขประเด็น: เปลี่ยนชื่อ รวม หรือแยก (rename, merge, split)
# การแก้ไขบันทึกใน `themes.yml` ข้างแฟ้ม `workshop.yml` และมีผลในการวิเคราะห์ครั้งต่อไป
# (ปุ่ม "วิเคราะห์ใหม่" หรือ `make report`) ทุกการแก้ไขจึงตรวจสอบย้อนหลังได้
#
# Edits are saved to `themes.yml` beside `workshop.yml` and apply on the next run (the rerun
# button, or `make report`), so every edit is on record. Headless: set `EDITS` and `APPLY_EDITS`.

# %%
if INTERACTIVE:
    display(x.edit_panel(run))
if APPLY_EDITS and EDITS:
    print("saved:", x.save_theme_edits(run, **EDITS))
    run = x.rerun(run)
    display(x.themes(run))

# %%
x.record(RESULTS_PATH, {"themes": len(th), "other_size": int(other["size"]), "other_quotes": len(other["quotes"]),
                        "first_quotes": len(x.theme_card(run, first)["quotes"]), "first_size": x.theme_card(run, first)["size"],
                        "sources": sorted(th["source"].unique()), "crosstabs": bys})
