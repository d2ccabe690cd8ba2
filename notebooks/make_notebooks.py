"""Write the project's notebooks (thin: they call lessons and show results).

    .venv/bin/python notebooks/make_notebooks.py

Each notebook has a cell tagged ``parameters`` (papermill style) and, when
``RESULTS_PATH`` is set, records its key results as JSON so that a test can check them.
"""
from pathlib import Path

import nbformat as nbf

HERE = Path(__file__).resolve().parent


def nb(cells):
    book = nbf.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    out = []
    for kind, src, *tags in cells:
        c = nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src)
        if tags:
            c.metadata["tags"] = tags
        out.append(c)
    book.cells = out
    return book


WORDS = [
    ("md", "# คำและบริบท: สำรวจถ้อยคำจากเวทีถอดบทเรียน\n"
           "Words, contexts and co-occurrence in a workshop's records. Everything here is redacted "
           "before it is tokenized; the logic lives in `lessons`, this notebook only calls it."),
    ("code", "WORKSHOP = None  # path to a workshop.yml; None = the bundled sample\nTERM = 'ล่าม'\nRESULTS_PATH = None",
     "parameters"),
    ("code", "import json\nimport pandas as pd\nimport lessons\nfrom lessons import config\n"
             "from lessons.text.pipeline import build_clauses\n"
             "from lessons.text.terms import term_frequencies, collocations, cooccurrence, cooccurrence_graph\n"
             "from lessons.viz import wordcloud_image, draw_cooccurrence\n"
             "ws = lessons.load_workshop(WORKSHOP or config.sample_workshop(), progress=True)\n"
             "ws.counts"),
    ("md", "## สิ่งที่ไม่ได้นำมาวิเคราะห์ (excluded) และการปกปิดข้อมูลส่วนบุคคล\nEvery unit of input is analysed or listed here with its reason."),
    ("code", "display(ws.excluded['reason'].str.replace(r\"'.*'\", \"'…'\", regex=True).value_counts().to_frame())\n"
             "ws.redaction_log.pivot_table(index='source_file', columns='type', values='count', fill_value=0)"),
    ("code", "clauses = build_clauses(ws.statements, progress=True)\n"
             "print(len(ws.statements), 'statements ->', len(clauses), 'clauses')\nclauses[['clause_id', 'text', 'tokens']].head()"),
    ("md", "## คำที่พบบ่อย (term frequencies)"),
    ("code", "tf = term_frequencies(clauses, top=30)\ntf"),
    ("code", "term_frequencies(clauses, by='key_issue', top=8).pivot_table(index='term', columns='key_issue', values='count').fillna(0).astype(int).head(30)"),
    ("md", "## วลีที่มักมาด้วยกัน (collocations)"),
    ("code", "collocations(clauses, top=25)"),
    ("md", "## คำในบริบท (KWIC)"),
    ("code", "k = lessons.kwic(ws.statements, TERM, width=6)\nprint(len(k), 'occurrences of', TERM)\nk.head(15)"),
    ("md", "## เมฆคำ (word cloud)\nSarabun, from the `fontpkg-sarabun` package; built from our token counts."),
    ("code", "img = wordcloud_image(dict(zip(tf.term, tf['count'])) if len(tf) else {}, width=1200, height=650, seed=1)\nimg"),
    ("md", "## คำที่ปรากฏร่วมกันในอนุประโยคเดียวกัน (co-occurrence)"),
    ("code", "co = cooccurrence(clauses, top_terms=50)\ng = cooccurrence_graph(co, min_count=4)\n"
             "fig = draw_cooccurrence(g, seed=1)\nco.head(15)"),
    ("code", "if RESULTS_PATH:\n    json.dump({'statements': len(ws.statements), 'clauses': len(clauses), 'top_terms': tf.term.head(10).tolist(),\n"
             "               'kwic_hits': len(k), 'graph_nodes': g.number_of_nodes()}, open(RESULTS_PATH, 'w'), ensure_ascii=False)"),
]

THEMES = [
    ("md", "# อุปสรรคที่เกิดซ้ำ จัดกลุ่มตามประเด็น (themes)\n"
           "Statement kinds, codebook coding, discovered themes, labels with quotes, stability, and "
           "the edits researchers make (saved in `themes.yml` next to the workshop and applied on every rerun)."),
    ("code", "WORKSHOP = None  # None = the bundled sample\nSEED = 20220521\nK = 'auto'\nRESULTS_PATH = None\nSTABILITY_BOOTS = 6",
     "parameters"),
    ("code", "import json\nimport matplotlib.pyplot as plt\nimport pandas as pd\nimport lessons\nfrom lessons import config\n"
             "from lessons.text.pipeline import build_clauses\nfrom lessons.themes.pipeline import workshop_themes, save_edits\n"
             "from lessons.viz import use_thai_font_in_matplotlib\nuse_thai_font_in_matplotlib()\n"
             "ws = lessons.load_workshop(WORKSHOP or config.sample_workshop())\nclauses = build_clauses(ws.statements, progress=True)\n"
             "res = workshop_themes(ws, clauses, seed=SEED, k=K, progress=True, stability_boots=STABILITY_BOOTS)\ncl = res.clauses"),
    ("md", "## ชนิดของข้อความ (obstacle / suggestion / strength / other)"),
    ("code", "display(cl['kind'].value_counts().to_frame())\nres.tables.get('kinds_evaluation')"),
    ("md", "## การลงรหัสตาม codebook เทียบกับการนับคำสำคัญ (seed words)"),
    ("code", "res.tables.get('coding_evaluation')"),
    ("md", "## จำนวนประเด็นที่ค้นพบ: silhouette และความเสถียร\nOnly for what the codebook did not cover."),
    ("code", "kc = res.tables.get('k_curve')\nif kc is not None and len(kc):\n    ax = kc.plot(x='k', y=['silhouette', 'stability', 'score'], marker='o', figsize=(7, 3.5))\n"
             "    ax.axvline(res.model.k_, color='grey', ls='--'); ax.set_title('เลือกจำนวนประเด็น (k)')\nkc"),
    ("md", "## ประเด็น ป้ายชื่อ และคำพูดตัวอย่าง"),
    ("code", "themes = res.tables['themes']\nthemes[['theme_id', 'label', 'source', 'size', 'obstacles', 'groups', 'provinces', 'key_issue', 'stability', 'keywords']]"),
    ("code", "top = themes[themes.theme_id != 'other'].head(5)\nfor t in top.itertuples():\n    print(f'■ {t.label}  ({t.size} อนุประโยค, {t.groups} กลุ่ม, {t.provinces} จังหวัด, ความเสถียร {t.stability})')\n"
             "    for i in range(1, 4):\n        q = getattr(t, f'quote_{i}', None)\n        if isinstance(q, str):\n            print('   “' + q[:160] + '”  — ' + getattr(t, f'quote_{i}_source'))"),
    ("md", "## ตารางไขว้: ประเด็น × จังหวัด"),
    ("code", "ct = res.tables['crosstab_province'].set_index('theme')\nfig, ax = plt.subplots(figsize=(12, 6))\n"
             "im = ax.imshow(ct.values, aspect='auto', cmap='Blues')\nax.set_yticks(range(len(ct)), ct.index)\n"
             "ax.set_xticks(range(len(ct.columns)), ct.columns, rotation=75)\nfig.colorbar(im); plt.tight_layout()"),
    ("md", "## แก้ไขประเด็น (rename / merge / split)\nEdits are written to `themes.yml` beside the workshop and applied "
           "on every `lessons run`. Uncomment to use; with the sample they are left out so that reruns stay identical."),
    ("code", "# save_edits(ws.root / 'themes.yml', rename={'d01': 'ชื่อประเด็นใหม่'}, merge={'d05': 'd03'}, split={'d02': 2})\n"
             "# res = workshop_themes(ws, clauses, seed=SEED, k=K)"),
    ("md", "## ลงรหัสด้วยมือบางข้อความ แล้วให้ระบบลงรหัสที่เหลือจากตัวอย่าง\nPass `examples={clause_id: theme_id}`; "
           "a column mapped to `theme` in workshop.yml works the same way."),
    ("code", "example = {cl.clause_id.iloc[0]: 'interpreters_language'} if 'interpreters_language' in set(cl.theme_id) else {}\n"
             "# res2 = workshop_themes(ws, clauses, seed=SEED, k=K, examples=example)"),
    ("code", "if RESULTS_PATH:\n    real = themes[themes.theme_id != 'other']\n"
             "    json.dump({'themes': int(len(real)), 'top_labels': real.label.head(5).tolist(),\n"
             "               'other_share': float((cl.theme_id == 'other').mean()), 'kinds': cl.kind.value_counts().to_dict()},\n"
             "              open(RESULTS_PATH, 'w'), ensure_ascii=False)"),
]

if __name__ == "__main__":
    for name, cells in (("01_words.ipynb", WORDS), ("02_themes.ipynb", THEMES)):
        nbf.write(nb(cells), HERE / name)
        print("wrote", HERE / name)
