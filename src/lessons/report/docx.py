"""The editable Word report (python-docx), as Thai official documents are set: Sarabun
16 pt for body text, set for complex script (``w:rFonts w:cs`` and ``w:szCs`` in the
styles: ``font.name`` alone leaves Thai in Word's fallback font); A4, left margin 3 cm,
right 2 cm; real heading styles (Word's navigation pane works); a table of contents field
Word fills when the file is opened; page numbers in Thai digits; tables the width of the
text; the report's own numbers in Thai digits."""
from __future__ import annotations

import io
from pathlib import Path

from .model import Bullets, Code, Figure, Paragraph, Quote, Report, Section, Table
from .render import printable
from .render import thai_digits as _thai_digits


def thai_digits(text) -> str:
    return _thai_digits(printable(str(text)))
from .zipfix import fixed_zip

FONT = "Sarabun"
BODY_PT = 16
TEXT_WIDTH_CM = 16.0  # A4 21 cm - 3 cm - 2 cm


def _set_font(style_or_run_el, size_pt: float | None = None, bold: bool | None = None) -> None:
    """rFonts for every script (ascii, hAnsi, eastAsia, cs) and the complex-script size."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style_or_run_el.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(a), FONT)
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(a)) is not None:
            del fonts.attrib[qn(a)]
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), "1" if bold else "0")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _styles(doc) -> None:
    from docx.shared import Pt, RGBColor

    st = doc.styles
    _set_font(st["Normal"].element, BODY_PT)
    st["Normal"].paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 22), ("Heading 1", 20), ("Heading 2", 18), ("Heading 3", 16), ("Heading 4", 16),
                       ("Quote", 15), ("List Bullet", BODY_PT), ("Caption", 13)):
        s = st[name]
        _set_font(s.element, size, bold=True if name.startswith(("Heading", "Title")) else None)
        if name.startswith(("Heading", "Title")):
            s.font.color.rgb = RGBColor(0x1D, 0x4E, 0x89)
    # tables use Normal; a smaller size keeps them on the page
    tbl = st.add_style("Lessons Table Text", 1)
    tbl.base_style = st["Normal"]
    _set_font(tbl.element, 14)
    tbl.paragraph_format.space_after = Pt(0)


def _field(paragraph, instr: str, placeholder: str = "") -> None:
    """A Word field (TOC, PAGE) Word computes when it opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def el(tag, **attrs):
        e = OxmlElement(tag)
        for k, v in attrs.items():
            e.set(qn(k), v)
        return e

    run = paragraph.add_run()._r
    run.append(el("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"}))
    run2 = paragraph.add_run()._r
    t = el("w:instrText", **{"xml:space": "preserve"})
    t.text = f" {instr} "
    run2.append(t)
    paragraph.add_run()._r.append(el("w:fldChar", **{"w:fldCharType": "separate"}))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(el("w:fldChar", **{"w:fldCharType": "end"}))


def _page(doc) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for s in doc.sections:
        s.page_width, s.page_height = Cm(21), Cm(29.7)
        s.left_margin, s.right_margin = Cm(3), Cm(2)
        s.top_margin, s.bottom_margin = Cm(2.5), Cm(2)
        p = s.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(p, "PAGE", "๑")
        s.different_first_page_header_footer = True
        # page numbers in Thai digits, the section's number format (Word and LibreOffice both read it)
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        pg = s._sectPr.find(qn("w:pgNumType"))
        if pg is None:  # in schema order: after pgMar (and lnNumType), before cols
            pg = OxmlElement("w:pgNumType")
            later = [s._sectPr.find(qn(t)) for t in ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                                    "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                                    "w:docGrid", "w:printerSettings", "w:sectPrChange")]
            later = [e for e in later if e is not None]
            if later:
                later[0].addprevious(pg)
            else:
                s._sectPr.append(pg)
        pg.set(qn("w:fmt"), "thaiNumbers")


def _update_fields_on_open(doc) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.append(el)
    el.set(qn("w:val"), "true")


def _style(doc, name: str):
    """A style looked up once per document (python-docx looks names up by a linear scan)."""
    cache = doc.__dict__.setdefault("_lessons_styles", {})
    if name not in cache:
        cache[name] = doc.styles[name]
    return cache[name]


def _table(doc, t: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    tb = doc.add_table(rows=1, cols=len(t.columns))
    tb.style = _style(doc, "Table Grid")
    text_style = _style(doc, "Lessons Table Text")
    tb.autofit = False
    widths = t.widths or [1] * len(t.columns)
    tw = sum(widths)
    cms = [Cm(TEXT_WIDTH_CM * w / tw) for w in widths]
    for j, w in enumerate(cms):
        tb.columns[j].width = w  # the table grid (what LibreOffice lays out by)
    hdr = tb.rows[0]
    trpr = hdr._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    h.set(qn("w:val"), "true")
    trpr.append(h)  # the header row repeats on every page
    for j, c in enumerate(t.columns):
        cell = hdr.cells[j]
        cell.width = cms[j]
        p = cell.paragraphs[0]
        p.style = text_style
        p.add_run(printable(str(c))).bold = True
    style_id = text_style.style_id  # set by id: python-docx looks a style object up on every cell
    for row in t.rows:
        cells = tb.add_row().cells
        for j, v in enumerate(row):
            cells[j].width = cms[j]
            p = cells[j].paragraphs[0]
            p._p.style = style_id
            if j in t.numeric:
                from docx.enum.text import WD_ALIGN_PARAGRAPH

                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.add_run(thai_digits(v))
            else:
                p.add_run(printable(str(v)))
    if t.caption:
        doc.add_paragraph(thai_digits(t.caption), style=_style(doc, "Caption"))


def _blocks(doc, blocks) -> None:
    from docx.shared import Cm, Pt

    for b in blocks:
        if isinstance(b, Section):
            doc.add_heading(thai_digits(b.title), level=min(b.level, 4))
            _blocks(doc, b.blocks)
        elif isinstance(b, Paragraph):
            p = doc.add_paragraph(thai_digits(b.text))
            if len(b.text) < 80:
                p.runs[0].bold = True
                p.paragraph_format.keep_with_next = True
        elif isinstance(b, Bullets):
            for i in b.items:
                doc.add_paragraph(thai_digits(i), style=_style(doc, "List Bullet"))
        elif isinstance(b, Code):
            for line in b.text.splitlines():
                p = doc.add_paragraph()
                r = p.add_run(line)
                r.font.name = "Courier New"
                r.font.size = Pt(11)
        elif isinstance(b, Quote):
            p = doc.add_paragraph(style=_style(doc, "Quote"))
            p.add_run(f"“{printable(b.text)}”")
            src = p.add_run(f"\n{printable(b.source)}")
            src.italic = True
            src.font.size = Pt(12)
            _set_font(src._r, 12)
        elif isinstance(b, Table):
            _table(doc, b)
        elif isinstance(b, Figure):
            doc.add_picture(io.BytesIO(b.png), width=Cm(min(TEXT_WIDTH_CM, 15.5)))
            doc.add_paragraph(thai_digits(b.caption), style=_style(doc, "Caption"))


def write_docx(report: Report, path: str | Path) -> None:
    import datetime as dt

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import RGBColor

    doc = Document()
    _styles(doc)
    _page(doc)
    _update_fields_on_open(doc)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = report.title, "lessons", "lessons"
    cp.created = cp.modified = dt.datetime(2000, 1, 1)
    cp.revision = 1
    for _ in range(4):
        doc.add_paragraph()
    t = doc.add_paragraph(style="Title")
    t.add_run(report.title)
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.notice:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(report.notice)
        r.bold = True
        r.font.color.rgb = RGBColor(0x9C, 0x3D, 0x00)
    for label, value in report.cover:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(f"{label}: ").bold = True
        p.add_run(thai_digits(value))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("สารบัญ", style="Heading 1")
    _field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', "(เปิดไฟล์ใน Word เพื่อปรับปรุงสารบัญ)")
    for s in report.sections:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(thai_digits(s.title), level=1)
        _blocks(doc, s.blocks)
    doc.save(str(path))
    fixed_zip(path)
