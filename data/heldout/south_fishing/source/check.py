# -*- coding: utf-8 -*-
"""Consistency check of the gold files against the data files.

- every gold/units.csv text occurs in its file (docx: paragraph text incl.
  tables; xlsx: the cell text of its sheet; txt/md: the file with its lines
  joined by one space, i.e. multi-line turns are matched line by line joined)
- units of one file appear in file order
- every gold/pii.csv value occurs in its file (as many times as listed)
- every national_id / pink_card value has a valid checksum
- no markup braces left in the data files
"""
import csv
import os
import re
import sys
from collections import Counter, defaultdict

from docx import Document
from openpyxl import load_workbook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THAI_DIGITS = str.maketrans('๐๑๒๓๔๕๖๗๘๙', '0123456789')


def docx_chunks(p):
    d = Document(p)
    out = []
    for s in d.sections:
        out += [x.text for x in s.header.paragraphs] + [x.text for x in s.footer.paragraphs]
    for par in d.paragraphs:
        out.append(par.text)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                out.append(c.text)
    return out


def load(rel, sheet):
    p = os.path.join(ROOT, rel)
    if rel.endswith('.docx'):
        chunks = docx_chunks(p)
        return [' '.join(l.strip() for l in c.split('\n') if l.strip()) for c in chunks], chunks
    if rel.endswith('.xlsx'):
        wb = load_workbook(p)
        sheets = [sheet] if sheet else wb.sheetnames
        cells = []
        for sn in sheets:
            for row in wb[sn].iter_rows():
                for c in row:
                    if c.value is not None:
                        cells.append(str(c.value))
        return cells, cells
    with open(p, encoding='utf-8-sig', newline='') as f:
        raw = f.read()
    lines = raw.replace('\r\n', '\n').split('\n')
    return [' '.join(l.strip() for l in lines)], [raw]


def valid13(v):
    d = re.sub(r'\D', '', v.translate(THAI_DIGITS))
    if len(d) != 13:
        return False
    s = sum(int(d[i]) * (13 - i) for i in range(12))
    return (11 - s % 11) % 10 == int(d[12])


def main():
    errors = []
    cache = {}
    units = list(csv.DictReader(open(os.path.join(ROOT, 'gold/units.csv'), encoding='utf-8')))
    pii = list(csv.DictReader(open(os.path.join(ROOT, 'gold/pii.csv'), encoding='utf-8')))

    def get(rel, sheet):
        k = (rel, sheet)
        if k not in cache:
            cache[k] = load(rel, sheet)
        return cache[k]

    last_pos = {}
    for u in units:
        joinedc, _ = get(u['file'], u['sheet'])
        hit = [i for i, c in enumerate(joinedc) if u['text'] in c]
        if not hit:
            errors.append('unit not found: %s %s n=%s %r' % (u['file'], u['sheet'], u['n'], u['text'][:60]))
            continue
        # order check for text files (single chunk): position must increase
        if len(joinedc) == 1:
            key = (u['file'], u['sheet'])
            pos = joinedc[0].find(u['text'], last_pos.get(key, 0))
            if pos < 0:
                errors.append('unit out of order: %s n=%s' % (u['file'], u['n']))
            else:
                last_pos[key] = pos + 1
        if u['kind'] not in ('obstacle', 'suggestion', 'strength', 'other'):
            errors.append('bad kind %r' % u['kind'])

    need = Counter((p['file'], p['sheet'], p['value']) for p in pii)
    for (rel, sheet, value), n in need.items():
        _, rawc = get(rel, sheet)
        have = sum(c.count(value) for c in rawc)
        if have < n:
            errors.append('pii %r in %s %s: listed %d, found %d' % (value, rel, sheet, n, have))
    for p in pii:
        if p['type'] in ('national_id', 'pink_card'):
            if not valid13(p['value']):
                errors.append('bad checksum %s %r' % (p['type'], p['value']))
            d = re.sub(r'\D', '', p['value'].translate(THAI_DIGITS))
            if p['type'] == 'pink_card' and not (d.startswith('00') or d[0] in '67'):
                errors.append('pink card prefix %r' % p['value'])

    for rel in set(u['file'] for u in units) | set(p['file'] for p in pii):
        _, rawc = get(rel, '')
        for c in rawc:
            if re.search(r'\{(n|id|pk|ph|ln|em|hn|ad|pp|ba|pl|cn):', c):
                errors.append('markup left in ' + rel)

    # statistics
    by_file = Counter(u['file'] + ((' [' + u['sheet'] + ']') if u['sheet'] else '') for u in units)
    vals = defaultdict(set)
    for p in pii:
        vals[p['file']].add(p['value'])
    with_pii = sum(1 for u in units if any(v in u['text'] for v in vals[u['file']]))
    print('units:', len(units))
    for k, v in sorted(by_file.items()):
        print('  %4d  %s' % (v, k))
    print('units carrying personal data: %d (1 in %.1f)' % (with_pii, len(units) / max(with_pii, 1)))
    print('pii rows:', len(pii), dict(Counter(p['type'] for p in pii)))
    print('pii rows by file:', dict(Counter(p['file'] for p in pii)))
    print('kinds:', dict(Counter(u['kind'] for u in units)))
    print('themes:', dict(Counter(u['theme'] for u in units)))
    print('key issues:', dict(Counter(u['key_issue'] for u in units)))
    if errors:
        print('\nERRORS (%d):' % len(errors))
        for e in errors:
            print('  ' + e)
        sys.exit(1)
    print('\nOK: all unit texts and pii values found, checksums valid')


if __name__ == '__main__':
    main()
