# -*- coding: utf-8 -*-
"""Shared helpers for the south_fishing held-out set.

Personal values are marked inside the hand-written text as {t:value}; the
builder strips the braces (keeping the value verbatim) and records every
occurrence for gold/pii.csv.
"""
import re

SCR = 'screening_identification'
INT = 'interpreters_language'
LAB = 'labour_conditions'
AST = 'victim_assistance'
BRS = 'birth_registration_status'
CRA = 'child_rights_access'
CLE = 'child_labour_exploitation'
COM = 'community_religious'
INV = 'investigation_evidence'
PRO = 'prosecution_law'
INF = 'influence_corruption'
IAC = 'interagency_coordination'
XB = 'cross_border_repatriation'
RES = 'resources_capacity'
OTH = 'other'

KIND = {'o': 'obstacle', 's': 'suggestion', 'g': 'strength', 'x': 'other'}

PII_TYPES = {
    'n': 'name', 'id': 'national_id', 'pk': 'pink_card', 'ph': 'phone',
    'ln': 'line_id', 'em': 'email', 'hn': 'hn', 'ad': 'address',
    'pp': 'passport', 'ba': 'bank_account', 'pl': 'plate', 'cn': 'case_number',
}
PII_RE = re.compile(r'\{(n|id|pk|ph|ln|em|hn|ad|pp|ba|pl|cn):([^{}]+)\}')


def U(spk, text, kind, theme, ki, sep=None):
    """One unit: speaker label as written (may be ''), text (may contain \n
    for a turn written over several lines), kind code, theme id, key issue."""
    return {'t': 'u', 'spk': spk, 'text': text, 'kind': kind,
            'theme': theme, 'ki': ki, 'sep': sep}


def R(line):
    """A raw line that is not a unit (heading, time stamp, annotation...)."""
    return {'t': 'r', 'line': line}


class Sink:
    """Collects gold rows while files are rendered."""

    def __init__(self):
        self.units = []   # dicts: file, sheet, n, speaker, text, kind, theme, key_issue
        self.pii = []     # dicts: file, sheet, type, value
        self._n = {}

    def strip(self, s, file, sheet=''):
        def rep(m):
            self.pii.append({'file': file, 'sheet': sheet,
                             'type': PII_TYPES[m.group(1)], 'value': m.group(2)})
            return m.group(2)
        return PII_RE.sub(rep, s)

    def unit(self, file, sheet, speaker, text, kind, theme, ki):
        key = (file, sheet)
        self._n[key] = self._n.get(key, 0) + 1
        self.units.append({'file': file, 'sheet': sheet, 'n': self._n[key],
                           'speaker': speaker, 'text': text,
                           'kind': KIND.get(kind, kind), 'theme': theme,
                           'key_issue': ki})


def joined(text):
    """Gold form of a unit written over several lines."""
    return ' '.join(l.strip() for l in text.split('\n') if l.strip())


def check_digit(d12):
    s = sum(int(c) * (13 - i) for i, c in enumerate(d12))
    return str((11 - s % 11) % 10)
