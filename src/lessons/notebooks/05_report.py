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
# # 05 รายงานสำหรับกระทรวง (the ministry's report)
# **Render the reports from the run's outputs, see where they are, and read the summary.**
#
# รายงานฉบับภาษาไทยในรูปแบบ DOCX, PDF, HTML, XLSX และ Markdown สร้างจากตารางที่บันทึกไว้
# (ไม่คำนวณใหม่) จึงสร้างซ้ำได้ทันทีหลังแก้ไขประเด็นหรือแม่แบบ
#
# The Thai reports are built from the saved tables, so they can be made again at once after
# a theme edit or a template change: `lessons report OUT_DIR` does the same from a terminal.

# %% tags=["parameters"]
RUN = None  # a run's output folder or a workshop.yml; None = the sample (reports/sample, from `make report`)
FORMATS = None  # e.g. ["html", "docx"]; None = all five
RESULTS_PATH = None  # a test records this notebook's key results here

# %%
from IPython.display import Markdown, display

from lessons import explore as x

run = x.open_run(RUN)
written = x.render_reports(run, FORMATS)
written

# %% [markdown]
# ## บทสรุปผู้บริหาร (executive summary), as the report prints it

# %%
summary = x.executive_summary(run)
display(Markdown(summary))

# %%
x.record(RESULTS_PATH, {"formats": written["output"].tolist(), "summary_chars": len(summary),
                        "sizes_kb": dict(zip(written["output"], written["kB"]))})
