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
# # 01 ข้อมูลจากเวที: รับเข้าอะไร วิเคราะห์อะไร ตัดอะไรออก และทำไม
# **The data: what came in, what was analysed, what was left out and why.**
#
# สมุดบันทึกนี้อ่านผลที่ `lessons run` บันทึกไว้แล้ว (ไม่คำนวณใหม่) ทุกหน่วยข้อมูลที่รับเข้า
# จะอยู่ในการวิเคราะห์ หรืออยู่ในตาราง "ตัดออก" พร้อมเหตุผล ข้อมูลส่วนบุคคลถูกปกปิดก่อนบันทึกแล้ว
#
# This notebook reads what `lessons run` saved; it recomputes nothing. Every unit of input is
# either analysed or listed as excluded with its reason. Personal data was redacted before
# anything was stored: you see placeholders such as `[ชื่อ]` and `[โทรศัพท์]`, never the values.

# %% tags=["parameters"]
RUN = None  # a run's output folder or a workshop.yml; None = the sample (reports/sample, from `make report`)
INTERACTIVE = True  # False: no controls; every view is shown with its defaults (the HTML copies)
RESULTS_PATH = None  # a test records this notebook's key results here

# %%
import ipywidgets as w
from IPython.display import Markdown, display

from lessons import explore as x

run = x.open_run(RUN)
ws = run.workshop
display(Markdown(f"**{ws.get('title', '')}**  \n{ws.get('date', '')} · {ws.get('venue', '')} · "
                 f"ผลการวิเคราะห์จาก `{run.out}`"))

# %% [markdown]
# ## บัญชีข้อมูล (data accounting)
# หน่วยที่รับเข้า (`units_in`) = วิเคราะห์ (`analysed`) + ตัดออก (`excluded`) ในทุกแฟ้ม
#
# Per file: units in = analysed + excluded.

# %%
acc = x.accounting(run)
acc

# %% [markdown]
# ## เหตุผลที่ตัดออก (why units were left out)
# ส่วนใหญ่เป็นหัวเรื่อง หัวตาราง ช่องว่าง หรือคำตอบว่า "ไม่มี" ค่าที่ยกมาในเหตุผลถูกย่อเป็น `'…'`
#
# Mostly headings, table headers, empty cells and "nothing to add" answers; quoted values are
# shortened to `'…'`. The full table, row by row, is `excluded.csv`.

# %%
x.excluded_reasons(run)

# %% [markdown]
# ## การปกปิดข้อมูลส่วนบุคคล (redactions by type)
# จำนวนค่าที่ถูกแทนที่ ต่อแฟ้มและชนิด (ไม่มีการเก็บค่าจริง)
#
# How many personal values were replaced, per file and type (the values are never kept).

# %%
red = x.redactions(run)
red

# %% [markdown]
# ## เลือกดูข้อความ (browse statements)
# กรองตามแฟ้ม กลุ่ม จังหวัด ประเด็นหลัก และชนิดข้อความ (ปัญหา/อุปสรรค ข้อเสนอ สิ่งที่ได้ผล อื่น ๆ)
# หรือพิมพ์คำที่ต้องการค้นหา
#
# Filter by file, group, province, key issue and kind, or type a word to search for.

# %%
f = x.facets(run)
ANY = "ทั้งหมด"
x.show(lambda source_file, group, province, key_issue, kind, contains: x.browse(
           run, source_file, group, province, key_issue, kind, contains, limit=25),
       interactive=INTERACTIVE,
       source_file=x.dropdown([ANY, *f["source_file"]], description="แฟ้ม"),
       group=x.dropdown([ANY, *f["group"]], description="กลุ่ม"),
       province=x.dropdown([ANY, *f["province"]], description="จังหวัด"),
       key_issue=x.dropdown([ANY, *f["key_issue"]], description="ประเด็น"),
       kind=x.dropdown([ANY, *f["kind"]], description="ชนิด"),
       contains=w.Text(value="", description="คำค้น", continuous_update=False))

# %% [markdown]
# ตัวอย่าง: ปัญหา/อุปสรรคในประเด็นที่ 1 (obstacles raised on key issue 1)

# %%
obstacles_1 = x.browse(run, key_issue=1, kind="obstacle", limit=None)
print(len(obstacles_1), "ข้อความ (statements)")
obstacles_1.head(10)

# %%
x.record(RESULTS_PATH, {"units_in": int(acc["units_in"].iloc[-1]), "analysed": int(acc["analysed"].iloc[-1]),
                        "excluded": int(acc["excluded"].iloc[-1]), "statements": len(run.statements),
                        "redaction_types": sorted(red.columns), "obstacles_1": len(obstacles_1),
                        "reasons": len(x.excluded_reasons(run))})
