# -*- coding: utf-8 -*-
"""Writes every file of the south_fishing held-out set and its gold files.

Run:  /tmp/hv_south/bin/python source/build.py   (from the set's folder or anywhere)
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from docx import Document
from docx.shared import Pt, Cm
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.styles import Alignment, Font, PatternFill, Border, Side

from common import Sink, joined
import transcripts as T
import swot_data
import plans_data
import participants_data

sink = Sink()

F_G1 = 'transcripts/group1_songkhla_satun.txt'
F_G2 = 'transcripts/group2_pattani_yala_narathiwat.docx'
F_G3 = 'transcripts/group3_ranong_chumphon.md'
F_G4 = 'transcripts/group4_trang_krabi.txt'
F_G5 = 'transcripts/group5_phuket_phangnga.docx'
F_SWOT = 'swot.xlsx'
F_PLAN = 'action_plans.xlsx'
F_PART = 'participants.csv'


def path(rel):
    p = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


# ---------------------------------------------------------------- text files
def render_txt(entries, rel, default_sep, blank_after_unit):
    lines = []
    for e in entries:
        if e['t'] == 'r':
            lines.append(e['line'])
            continue
        spk = sink.strip(e['spk'], rel)
        text = sink.strip(e['text'], rel)
        parts = text.split('\n')
        sep = e['sep'] or default_sep
        first = (spk + sep + parts[0]) if spk else parts[0]
        lines.append(first)
        lines.extend(parts[1:])
        if blank_after_unit:
            lines.append('')
        sink.unit(rel, '', spk, joined(text), e['kind'], e['theme'], e['ki'])
    return lines


def write_lines(rel, lines, crlf, bom):
    nl = '\r\n' if crlf else '\n'
    data = nl.join(lines).rstrip(nl) + nl
    with open(path(rel), 'w', encoding='utf-8-sig' if bom else 'utf-8', newline='') as f:
        f.write(data)


def build_g1():
    lines = render_txt(T.G1, F_G1, ' : ', True)
    write_lines(F_G1, lines, crlf=True, bom=True)


def build_g4():
    lines = render_txt(T.G4, F_G4, ': ', False)
    write_lines(F_G4, lines, crlf=True, bom=False)


def build_g3():
    rel = F_G3
    lines = []
    for e in T.G3:
        if e['t'] == 'r':
            lines.append(e['line'])
            continue
        if e.get('quote'):
            text = sink.strip(e['text'], rel)
            spk = sink.strip(e['spk'], rel)
            lines.append('> ' + text + ' (' + spk + ')')
        else:
            spk = sink.strip(e['spk'], rel)
            text = sink.strip(e['text'], rel)
            lab = e['labfmt'].format(spk) if spk else ''
            lines.append(e['prefix'] + lab + text)
        sink.unit(rel, '', spk, joined(text), e['kind'], e['theme'], e['ki'])
    write_lines(rel, lines, crlf=False, bom=False)


# ---------------------------------------------------------------- docx files
def thai_doc():
    doc = Document()
    st = doc.styles['Normal']
    st.font.name = 'TH SarabunPSK'
    st.font.size = Pt(16)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn('w:rFonts'))
    if rfonts is None:
        rfonts = rpr.makeelement(qn('w:rFonts'), {})
        rpr.append(rfonts)
    for a in ('w:ascii', 'w:hAnsi', 'w:cs', 'w:eastAsia'):
        rfonts.set(qn(a), 'TH SarabunPSK')
    szcs = rpr.makeelement(qn('w:szCs'), {qn('w:val'): '32'})
    rpr.append(szcs)
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2.5)
    return doc


def add_text_runs(par, text, bold=False, italic=False):
    parts = text.split('\n')
    for i, p in enumerate(parts):
        r = par.add_run(p)
        r.bold = bold
        r.italic = italic
        if i < len(parts) - 1:
            r.add_break()  # soft line break (Shift+Enter)


def build_g2():
    rel = F_G2
    doc = thai_doc()
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = sink.strip(T.G2_HEADER, rel)
    fp = sec.footer.paragraphs[0]
    fp.text = T.G2_FOOTER
    for e in T.G2:
        kind = e[0]
        if kind == 'h1':
            doc.add_heading(e[1], level=1)
            continue
        if kind == 'h2':
            doc.add_heading(e[1], level=2)
            continue
        u = e[-1]
        text = sink.strip(u['text'], rel)
        if kind == 'p':
            par = doc.add_paragraph()
            add_text_runs(par, text)
        elif kind == 'ln':
            style = 'List Number' if e[1] == 1 else 'List Number 2'
            par = doc.add_paragraph(style=style)
            add_text_runs(par, text)
        elif kind == 'lb':
            style = 'List Bullet' if e[1] == 1 else 'List Bullet 2'
            par = doc.add_paragraph(style=style)
            add_text_runs(par, text)
        elif kind == 'hand':
            par = doc.add_paragraph()
            if e[2]:
                par.paragraph_format.left_indent = Cm(1.25 * e[2])
            add_text_runs(par, e[1] + text)
        sink.unit(rel, '', '', joined(text), u['kind'], u['theme'], u['ki'])
    doc.save(path(rel))


def build_g5():
    rel = F_G5
    doc = thai_doc()
    for e in T.G5:
        kind = e[0]
        if kind == 'h1':
            doc.add_heading(e[1], level=1)
        elif kind == 'h3':
            doc.add_heading(e[1], level=3)
        elif kind == 'table':
            rows = e[1]
            tb = doc.add_table(rows=len(rows), cols=len(rows[0]))
            tb.style = 'Table Grid'
            for i, row in enumerate(rows):
                for j, val in enumerate(row):
                    cell = tb.cell(i, j)
                    cell.text = sink.strip(val, rel)
                    if i == 0:
                        for r in cell.paragraphs[0].runs:
                            r.bold = True
            doc.add_paragraph()
        elif kind == 'ts':
            par = doc.add_paragraph()
            par.add_run(e[1]).bold = True
        elif kind == 'ann':
            par = doc.add_paragraph()
            par.add_run(e[1]).italic = True
        elif kind == 'turn':
            u = e[1]
            spk = sink.strip(u['spk'], rel)
            text = sink.strip(u['text'], rel)
            par = doc.add_paragraph()
            par.add_run(spk).bold = True
            add_text_runs(par, ' >> ' + text)
            sink.unit(rel, '', spk, joined(text), u['kind'], u['theme'], u['ki'])
    doc.save(path(rel))


# ---------------------------------------------------------------- swot.xlsx
QUADS = ['S', 'W', 'O', 'T']
QKIND = {'S': 'g', 'O': 'g', 'W': 'o', 'T': 'o'}
THIN = Side(style='thin', color='999999')
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def build_swot():
    rel = F_SWOT
    wb = Workbook()
    wb.remove(wb.active)
    for sh in swot_data.SHEETS:
        ws = wb.create_sheet(sh['name'])
        name = sh['name']
        ncol = len(sh['header'])
        r = 1
        for t in sh['titles']:
            ws.cell(row=r, column=1, value=t if t else None).font = Font(bold=True, size=14)
            if t:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
            r += 1
        hdr_row = r
        for j, h in enumerate(sh['header'], start=1):
            c = ws.cell(row=r, column=j, value=h if h else None)
            c.font = Font(bold=True)
            c.alignment = Alignment(horizontal='center', vertical='center', wrap_text=True)
            c.fill = PatternFill('solid', fgColor='DDEBF7')
            c.border = BOX
        r += 1
        qcol0 = 3 if sh.get('blank_col') else 2
        for ki, label, quads in sh['rows']:
            start = r
            for q in quads:
                for qi, Q in enumerate(QUADS):
                    items = q.get(Q, [])
                    col = qcol0 + qi
                    if items == '-':
                        ws.cell(row=r, column=col, value='-')
                        continue
                    lines = []
                    for k, it in enumerate(items):
                        text, theme = it[0], it[1]
                        kind = it[2] if len(it) > 2 and it[2] else QKIND[Q]
                        if len(it) > 3:
                            mk = it[3]
                        elif sh['marker'] == 'num':
                            mk = '%d. ' % (k + 1)
                        else:
                            mk = sh['marker']
                        clean = sink.strip(text, rel, name)
                        lines.append(mk + clean)
                        sink.unit(rel, name, '', clean, kind, theme, ki)
                    if lines:
                        ws.cell(row=r, column=col, value='\n'.join(lines))
                r += 1
            ws.cell(row=start, column=1, value=label)
            if r - 1 > start:
                ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
        if sh.get('notes'):
            lab, text, kind, theme, ki = sh['notes']
            ws.cell(row=r, column=1, value=lab).font = Font(italic=True)
            clean = sink.strip(text, rel, name)
            ws.cell(row=r, column=2, value=clean)
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncol)
            sink.unit(rel, name, '', clean, kind, theme, ki)
            r += 1
        for row in ws.iter_rows(min_row=hdr_row + 1, max_row=r - 1):
            for c in row:
                c.alignment = Alignment(vertical='top', wrap_text=True)
                c.border = BOX
        ws.column_dimensions['A'].width = 26
        for j in range(2, ncol + 1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = 4 if (sh.get('blank_col') and j == 2) else 38
    wb.save(path(rel))


# ---------------------------------------------------------------- action plans
def build_plans():
    rel = F_PLAN
    sheet = 'แผนปฏิบัติการ'
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ncol = len(plans_data.HEADER)
    ws.cell(row=1, column=1, value=plans_data.TITLE).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    for j, h in enumerate(plans_data.HEADER, start=1):
        c = ws.cell(row=3, column=j, value=h)
        c.font = Font(bold=True)
        c.fill = PatternFill('solid', fgColor='E2EFDA')
        c.border = BOX
    r = 4
    for i, (grp, kicell, ki, hor, action, lead, partners, ind, theme) in enumerate(plans_data.ROWS, start=1):
        act = sink.strip(action, rel, sheet)
        vals = [i, grp, kicell, hor, act, sink.strip(lead, rel, sheet),
                sink.strip(partners, rel, sheet), ind]
        for j, v in enumerate(vals, start=1):
            c = ws.cell(row=r, column=j, value=v)
            c.alignment = Alignment(vertical='top', wrap_text=True)
            c.border = BOX
        sink.unit(rel, sheet, '', act, 's', theme, ki)
        r += 1
    widths = [7, 16, 18, 14, 60, 36, 28, 32]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    wb.save(path(rel))


# ---------------------------------------------------------------- participants
def build_participants():
    rel = F_PART
    with open(path(rel), 'w', encoding='utf-8-sig', newline='') as f:
        w = csv.writer(f)  # Excel dialect: CRLF
        w.writerow(participants_data.HEADER)
        for row in participants_data.ROWS:
            w.writerow([sink.strip(v, rel) for v in row])


# ---------------------------------------------------------------- gold
def write_gold():
    with open(path('gold/units.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, fieldnames=['file', 'sheet', 'n', 'speaker', 'text', 'kind', 'theme', 'key_issue'])
        w.writeheader()
        for u in sink.units:
            w.writerow(u)
    with open(path('gold/pii.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, fieldnames=['file', 'sheet', 'type', 'value'])
        w.writeheader()
        for p in sink.pii:
            w.writerow(p)


if __name__ == '__main__':
    build_g1()
    build_g2()
    build_g3()
    build_g4()
    build_g5()
    build_swot()
    build_plans()
    build_participants()
    write_gold()
    from collections import Counter
    print('units', len(sink.units), Counter(u['file'] for u in sink.units))
    print('pii', len(sink.pii), Counter(p['type'] for p in sink.pii))
