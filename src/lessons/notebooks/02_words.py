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
# # 02 ถ้อยคำ: คำที่พบบ่อย วลี คำในบริบท และคำที่มาด้วยกัน
# **Words: frequent terms, phrases, words in context and words that go together.**
#
# ตัดคำภาษาไทยด้วยพจนานุกรมเฉพาะงาน (ผู้เสียหาย, สถานคุ้มครอง, One Home ...) หลังปกปิดข้อมูลส่วนบุคคลแล้ว
# ตัวเลขทั้งหมดมาจากผลที่ `lessons run` บันทึกไว้
#
# Thai is segmented with the domain dictionary, after redaction; the counts are the saved
# tables of the run. Keyword in context is the one view computed here.

# %% tags=["parameters"]
RUN = None  # a run's output folder or a workshop.yml; None = the sample (reports/sample, from `make report`)
TERM = "ล่าม"  # the word shown in context
INTERACTIVE = True  # False: no controls; every view is shown with its defaults (the HTML copies)
RESULTS_PATH = None  # a test records this notebook's key results here

# %%
import ipywidgets as w
from IPython.display import display

from lessons import explore as x

run = x.open_run(RUN)
terms = run.table("terms")
terms.head(20)

# %% [markdown]
# ## คำที่พบบ่อย แยกตามกลุ่ม จังหวัด ประเด็นหลัก หรือชนิดข้อความ
# **Term frequencies by group, province, key issue or kind** (each cell: term (count)).

# %%
dims = [d for d in x.DIMENSIONS if not run.table(f"terms_by_{d}").empty]
x.show(lambda by, top: x.terms_by(run, by, top), interactive=INTERACTIVE,
       by=w.Dropdown(options=[(x.DIMENSIONS[d], d) for d in dims], value="key_issue", description="แยกตาม"),
       top=w.IntSlider(value=10, min=5, max=30, description="จำนวนคำ"))

# %% [markdown]
# ## วลีที่มักมาด้วยกัน (collocations)
# คู่หรือสามคำติดกันที่พบบ่อยเกินกว่าความบังเอิญ (PMI สูง)
#
# Adjacent word pairs and triples seen more often than chance.

# %%
run.table("collocations").head(20)

# %% [markdown]
# ## คำในบริบท (keyword in context)
# พิมพ์คำในช่อง แล้วกด Enter: เห็นทุกที่ที่คำนั้นปรากฏ พร้อมแหล่งที่มา
#
# Type a word and press Enter: every occurrence, with its source.

# %%
x.show(lambda term: x.kwic(run, term, limit=25), interactive=INTERACTIVE,
       term=w.Text(value=TERM, description="คำ", continuous_update=False))
hits = x.kwic(run, TERM, limit=None)
print(f"{TERM}: {len(hits)} ครั้ง (occurrences)")

# %% [markdown]
# ## เมฆคำ (word cloud)
# วาดด้วยแบบอักษร Sarabun จากจำนวนคำที่ตัดแล้ว (ไม่ใช้ตัวตัดคำของ wordcloud ซึ่งใช้กับภาษาไทยไม่ได้)
#
# Drawn in Sarabun from our own token counts.

# %%
x.wordcloud(run)

# %% [markdown]
# ## เครือข่ายคำที่ปรากฏร่วมกัน (co-occurrence network)
# เฉพาะคู่คำที่เด่นที่สุด (นับร่วม × NPMI) สีแสดงกลุ่มคำ (community) ขนาดวงกลมตามจำนวนคำที่เชื่อม
#
# Only the strongest pairs (count × NPMI); colours are communities, node size is degree.

# %%
net = x.cooccurrence_network(run, edges=60)
display(x.picture(net.figure))
for i, c in enumerate(net.communities[:6], 1):
    print(f"กลุ่มคำ {i}: " + ", ".join(sorted(c)))

# %%
x.record(RESULTS_PATH, {"top_terms": terms["term"].head(10).tolist(), "kwic_hits": len(hits),
                        "graph_nodes": net.graph.number_of_nodes(), "graph_edges": net.graph.number_of_edges(),
                        "communities": len(net.communities), "dimensions": dims})
