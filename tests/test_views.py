"""Word-level views and the word cloud."""
import numpy as np


def test_term_frequencies_overall_and_by_group(sample_clauses):
    from lessons.text.terms import term_frequencies

    tf = term_frequencies(sample_clauses, top=50)
    assert {"term", "count", "clauses", "share"} <= set(tf.columns)
    assert tf["count"].is_monotonic_decreasing
    assert "ล่าม" in set(tf["term"]) and "ค้ามนุษย์" in set(tf["term"])
    assert not {"ครับ", "ค่ะ", "คือว่า"} & set(tf["term"])
    by = term_frequencies(sample_clauses, by="key_issue", top=10)
    assert set(by["key_issue"].dropna()) == {1, 2, 3, 4}


def test_collocations_find_domain_phrases(sample_clauses):
    from lessons.text.terms import collocations

    col = collocations(sample_clauses, min_count=3)
    assert len(col) > 10 and (col["pmi"] > 0).all()
    assert col["n"].isin([2, 3]).all()


def test_kwic_gives_context_and_source(sample_workshop):
    from lessons import kwic

    k = kwic(sample_workshop.statements, "ล่าม", width=4)
    assert len(k) >= 30
    assert (k["keyword"] == "ล่าม").all()
    assert k["statement_id"].notna().all() and k["location"].notna().all()
    assert k["left"].str.split().str.len().max() <= 4
    multi = kwic(sample_workshop.statements, "สืบพยานล่วงหน้า")
    assert len(multi) >= 1


def test_cooccurrence_table_and_graph(sample_clauses):
    from lessons.text.terms import cooccurrence, cooccurrence_graph

    co = cooccurrence(sample_clauses, top_terms=40)
    assert (co["term_a"] < co["term_b"]).all()
    g = cooccurrence_graph(co, min_count=3)
    assert g.number_of_nodes() > 5 and g.number_of_edges() > 5


def test_word_cloud_uses_sarabun_and_raqm(sample_clauses):
    from lessons.text.terms import term_frequencies
    from lessons.viz import check_thai_rendering, thai_font_path, wordcloud_image

    assert "fontpkg_sarabun" in str(thai_font_path()) and thai_font_path().exists()
    assert check_thai_rendering()
    tf = term_frequencies(sample_clauses, top=80)
    img = wordcloud_image(dict(zip(tf.term, tf["count"])), width=600, height=400, seed=1)
    arr = np.asarray(img.convert("L"))
    assert img.size == (600, 400) and (arr < 200).mean() > 0.05
    again = wordcloud_image(dict(zip(tf.term, tf["count"])), width=600, height=400, seed=1)
    assert np.array_equal(arr, np.asarray(again.convert("L")))


def test_thai_marks_are_shaped_by_raqm():
    """Pillow's default layout for the font is raqm (what wordcloud uses), and raqm places
    the stacked marks of ผู้ differently from the basic layout, which leaves them off their
    letters."""
    from PIL import Image, ImageDraw, ImageFont

    from lessons.viz import thai_font_path

    f = ImageFont.truetype(str(thai_font_path()), 64)
    assert f.layout_engine == ImageFont.Layout.RAQM

    def draw(layout):
        font = ImageFont.truetype(str(thai_font_path()), 64, layout_engine=layout)
        im = Image.new("L", (300, 120), 255)
        ImageDraw.Draw(im).text((10, 10), "ผู้ใหญ่", font=font, fill=0)
        return np.asarray(im)

    assert not np.array_equal(draw(ImageFont.Layout.RAQM), draw(ImageFont.Layout.BASIC))
