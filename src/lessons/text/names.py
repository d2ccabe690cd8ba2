"""A small name tagger: a CRF (python-crfsuite) over word pieces, shipped as package data.

Rules find names after titles and cues; they cannot find a Lao name opening a sentence,
a Myanmar name written syllable by syllable, a Malay name after ก๊ะ, or a nickname
after เจ๊. This tagger learns what names look like and where they stand from sentences
generated out of PyThaiNLP's Thai name lists, regional name inventories and many
contexts (:mod:`lessons.text.name_training`), plus the project's own labelled sentence
sets. It is trained once (``python -m lessons.text.name_training``) and shipped as
``lessons/resources/models/names.crfsuite``; a run only loads it.

Pieces come from nlpo3 with PyThaiNLP's word list merged with its name lists, so known
names arrive whole; each piece is described by what it is (dictionary word, given name,
family name, nickname, foreign-name syllable, title, kin word, cue, province, Latin
capitals …), by its neighbours, and by its letters.
"""
from __future__ import annotations
from ..config import offline as _offline

import hashlib
import re
from functools import lru_cache

from .. import config

MODEL = "names.crfsuite"

TITLES = ("นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง", "คุณ", "ดร.", "ผศ.", "รศ.", "Mr", "Mrs",
          "Ms", "Miss", "ด.ต.", "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.", "จ.ส.ต.", "ส.ต.อ.", "ส.ต.ท.",
          "ส.ต.ต.", "พล.ต.ต.", "ว่าที่ร.ต.")
KIN = ("พี่", "น้อง", "ลุง", "ป้า", "น้า", "อา", "ตา", "ยาย", "ปู่", "ย่า", "พ่อ", "แม่", "พ่อใหญ่", "แม่ใหญ่", "อ้าย", "เอื้อย",
       "ป้อ", "แม่อุ้ย", "พ่ออุ้ย", "ก๊ะ", "เปาะ", "บัง", "แบ", "โต๊ะ", "มะ", "ยะ", "เจ๊", "เฮีย", "ซ้อ", "อี่", "บัก", "อี",
       "หนู", "ครู", "หมอ", "ทนาย", "ผู้ใหญ่", "กำนัน", "สารวัตร", "ผู้กอง", "ด๊ะ", "เปาะจิ", "จ่า", "เสี่ย", "คุณป้า", "คุณลุง",
       "ยายแม่", "พ่อเฒ่า", "แม่เฒ่า", "ตาบุญ", "ดอว์", "อู", "โก", "หม่อง", "นาง", "จาย", "หน่อ", "เส่ง", "เต็ง")
CUES = ("ชื่อ", "ชื่อว่า", "ชื่อเล่น", "ชื่อจริง", "นามสกุล", "เรียกว่า", "คือ", "ของ", "เคส", "ผู้เสียหาย", "ผู้ต้องหา", "นายจ้าง",
        "ลูกจ้าง", "ผู้แจ้ง", "ผู้ป่วย", "ผู้ปกครอง", "สามี", "ภรรยา", "ลูกสาว", "ลูกชาย", "หลาน", "เด็ก", "แรงงาน", "กับ", "และ",
        "ถึง", "จาก", "โดย", "ให้", "ว่า", "บอก", "แจ้ง", "ติดต่อ", "โทร", "ไลน์", "ราย", "รายนี้", "คุณ", "ผู้ประสานงาน")
RARE = set("ฃฅฆฌฎฏฐฑฒณธภศษฬฮ")


@_offline
@lru_cache(maxsize=1)
def lexicon():
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names, thai_words

    from ..provinces import province_names
    from .redact import FOREIGN_SYLLABLES, NICKNAMES

    given = frozenset(thai_male_names()) | frozenset(thai_female_names())
    family = frozenset(thai_family_names())
    words = frozenset(thai_words()) - given - family
    inv = _inventory()
    foreign = frozenset(FOREIGN_SYLLABLES) | frozenset(inv["syllables"])
    return {
        "given": given, "family": family, "words": words, "nick": frozenset(NICKNAMES) | frozenset(inv["nicknames"]),
        "foreign": foreign, "provinces": frozenset(province_names()), "titles": frozenset(TITLES),
        "kin": frozenset(KIN), "cues": frozenset(CUES),
    }


@lru_cache(maxsize=1)
def _inventory() -> dict:
    """Regional name inventories (package data): syllables and nicknames."""
    import yaml

    doc = yaml.safe_load(config.resource_path("names", "inventory.yml").read_text(encoding="utf-8"))
    syl: set[str] = set()
    for origin in (doc.get("origins") or {}).values():
        for key in ("given", "family", "syllables"):
            for x in origin.get(key) or []:
                syl.update(str(x).split())
    return {"syllables": sorted(syl - {""}), "nicknames": sorted({str(x) for x in doc.get("nicknames") or []}),
            "doc": doc}


@lru_cache(maxsize=1)
def _dict_name() -> str:
    """nlpo3 dictionary: PyThaiNLP's words and its name lists, so known names come whole."""
    from .tokenize import _nlpo3_dict

    lx = lexicon()
    words = tuple(sorted(lx["words"] | lx["given"] | lx["family"] | lx["nick"] | lx["titles"] | lx["kin"]))
    h = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]
    return _nlpo3_dict("names-" + h, words)


_LATIN = re.compile(r"[A-Za-z]+(?:[.'\-][A-Za-z]+)*\.?|[0-9]+|\s+|.", re.S)


@lru_cache(maxsize=50_000)
def pieces(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, piece)``: Thai runs segmented by nlpo3, Latin words, digits,
    spaces and punctuation one by one (memoised: redaction asks for the same text from
    several rules)."""
    return tuple(_pieces(text))


def _pieces(text: str) -> list[tuple[int, int, str]]:
    import nlpo3

    out, pos = [], 0
    for m in re.finditer(r"[\u0E00-\u0E7F]+|[^\u0E00-\u0E7F]+", text):
        seg = m.group()
        if "\u0E00" <= seg[0] <= "\u0E7F":
            for p in nlpo3.segment(seg, _dict_name()):
                out.append((pos, pos + len(p), p))
                pos += len(p)
        else:
            for mm in _LATIN.finditer(seg):
                out.append((pos, pos + len(mm.group()), mm.group()))
                pos += len(mm.group())
    return out


def _shape(w: str) -> dict[str, float]:
    lx = lexicon()
    f: dict[str, float] = {}
    if w.isspace():
        f["space"] = 1
        return f
    if w.isdigit():
        f["digit"] = 1
        return f
    if re.fullmatch(r"[A-Za-z][A-Za-z.'\-]*", w):
        f["latin"] = 1
        if w.isupper() and len(w) > 1:
            f["caps"] = 1
        elif w[0].isupper():
            f["title_case"] = 1
        from .redact import ACRONYMS, _english

        if w.upper() in ACRONYMS:
            f["acronym"] = 1
        if w.lower() in _english():
            f["english"] = 1
        return f
    if not re.search(r"[\u0E01-\u0E2E]", w):
        f["punct"] = 1
        if w in "\"'“”‘’«»":
            f["quote"] = 1
        return f
    f["thai"] = 1
    for key in ("words", "given", "family", "nick", "foreign", "provinces", "titles", "kin", "cues"):
        if w in lx[key]:
            f[key] = 1
    if not any(k in f for k in ("words", "given", "family", "nick", "titles", "kin", "cues")):
        f["unknown"] = 1
    if set(w) & RARE:
        f["rare_letter"] = 1
    n = len(w)
    f["len=" + ("1" if n <= 1 else "2" if n <= 2 else "3-4" if n <= 4 else "5-7" if n <= 7 else "8+")] = 1
    return f


def features(toks: list[str]) -> list[dict[str, float]]:
    shapes = [_shape(t) for t in toks]
    feats = []
    n = len(toks)
    for i, t in enumerate(toks):
        f: dict[str, float] = {"bias": 1.0}
        for k, v in shapes[i].items():
            f[k] = v
        if not t.isspace():
            f["w=" + t.lower()] = 1
            if shapes[i].get("thai"):
                f["pre2=" + t[:2]] = 1
                f["suf2=" + t[-2:]] = 1
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                for k in shapes[j]:
                    f[f"{d}:{k}"] = 1
                if abs(d) == 1 and not toks[j].isspace():
                    f[f"{d}:w=" + toks[j].lower()] = 1
            else:
                f[f"{d}:edge"] = 1
        # the nearest non-space neighbours (a name often sits after a title with a space)
        for d, rng in ((-1, range(i - 1, max(-1, i - 4), -1)), (1, range(i + 1, min(n, i + 4)))):
            for j in rng:
                if not toks[j].isspace():
                    for k in shapes[j]:
                        f[f"{d}ns:{k}"] = 1
                    f[f"{d}ns:w=" + toks[j].lower()] = 1
                    break
        feats.append(f)
    return feats


@lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(config.model_path(MODEL)))
    return t


def tag(text: str) -> list[tuple[int, int]]:
    """Character spans of the names in ``text`` found by the tagger."""
    if not text or not re.search(r"[A-Za-z\u0E01-\u0E2E]", text):
        return []
    ps = pieces(text)
    toks = [p[2] for p in ps]
    tagger = _tagger()
    tagger.set(features(toks))
    labels = tagger.tag()
    spans, start, end = [], None, None
    for (s, e, w), lab in zip(ps, labels):
        if lab == "B":
            if start is not None:
                spans.append((start, end))
            start, end = s, e
        elif lab == "I" and start is not None:
            end = e
        else:
            if start is not None:
                spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    out = []
    for s, e in spans:
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
