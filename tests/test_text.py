"""The Thai text layer: normalisation, redaction, clauses, tokenisation, offline."""
import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT


# ---------------------------------------------------------------- normalisation
@pytest.mark.parametrize("raw,expected", [
    ("มากกกก", "มาก"),
    ("ก่่่", "ก่"),
    ("๒๕๖๕", "2565"),
    ("1. ล่ามไม่พอ\n๒) งบน้อย\n- รถไม่มี\n• คนไม่พอ", "ล่ามไม่พอ\nงบน้อย\nรถไม่มี\nคนไม่พอ"),
    ("ล่าม\u200bไม่พอ", "ล่ามไม่พอ"),
    ("ล่าม   ไม่พอ\t\tค่ะ", "ล่าม ไม่พอ ค่ะ"),
])
def test_normalize(raw, expected):
    from lessons import normalize

    assert normalize(raw) == expected


# ---------------------------------------------------------------- redaction
def _labelled():
    with open(FIXTURES / "pii_labelled.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_redaction_targets_on_the_labelled_set():
    from lessons.text.redact import STRUCTURED, evaluate

    recs = _labelled()
    assert len(recs) >= 150
    r = evaluate(recs)
    for t in STRUCTURED:
        if t in r["recall"]:
            assert r["recall"][t] >= 0.98, (t, r["recall"][t])
    assert r["structured_recall"] >= 0.98
    assert r["recall"]["name"] >= 0.90
    assert r["negatives"] >= 50
    assert r["negatives_changed"] <= 0.05


def test_redaction_on_the_held_out_set():
    """A second set, written by a different writer in other styles (case-conference minutes,
    police logs, LINE chats, intake notes, letters)."""
    from lessons.text.redact import evaluate

    with open(FIXTURES / "pii_heldout.jsonl", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f]
    r = evaluate(recs)
    assert r["structured_recall"] >= 0.98
    assert r["recall"]["name"] >= 0.90
    assert r["negatives_changed"] <= 0.05


@pytest.mark.parametrize("text,expected", [
    ("ติดต่อ นางสาวพิมพ์ชนก ศรีสุข โทร 081-234-5678", "ติดต่อ นางสาว[ชื่อ] โทร [โทรศัพท์]"),
    ("เลขบัตร 1-1037-00123-45-8 ค่ะ", "เลขบัตร [เลขบัตรประชาชน] ค่ะ"),
    ("เลขที่หนังสือ 1-1037-00123-45-2 ค่ะ", "เลขที่หนังสือ 1-1037-00123-45-2 ค่ะ"),  # checksum fails
    ("โทรแจ้งสายด่วน 1300 ได้ตลอด 24 ชั่วโมง", "โทรแจ้งสายด่วน 1300 ได้ตลอด 24 ชั่วโมง"),
    ("นายอำเภอและพมจ.ชลบุรีมาร่วมประชุม", "นายอำเภอและพมจ.ชลบุรีมาร่วมประชุม"),
    ("ส่งอีเมลมาที่ somchai.k@example.com นะ", "ส่งอีเมลมาที่ [อีเมล] นะ"),
])
def test_redact_examples(text, expected):
    from lessons import redact

    assert redact(text) == expected


def test_national_id_checksum_decides():
    from lessons.text.redact import redact, valid_national_id

    d = "110370012345"
    check = (11 - sum(int(d[i]) * (13 - i) for i in range(12)) % 11) % 10
    valid, invalid = d + str(check), d + str((check + 1) % 10)
    assert valid_national_id(valid) and not valid_national_id(invalid)
    assert "[เลขบัตรประชาชน]" in redact(f"เลข {valid}")
    assert invalid in redact(f"เลขที่หนังสือ {invalid}")
    thai = valid.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert "[เลขบัตรประชาชน]" in redact(f"เลขบัตร {thai}")


def test_redaction_log_never_holds_values(sample_run):
    a, out = sample_run
    log = (out / "redaction_log.csv").read_text(encoding="utf-8-sig")
    assert log.splitlines()[0] == "source_file,type,count"
    for line in log.splitlines()[1:]:
        assert len(line.split(",")) == 3


def test_no_raw_personal_value_in_any_output(sample_run):
    """Every 13-digit ID with a valid checksum and every phone number written in the raw
    sample must be absent from every output file."""
    import re

    from lessons.text.chars import thai_digits_to_arabic
    from lessons.text.redact import NATIONAL_ID, PHONE, valid_national_id

    a, out = sample_run
    raw_values = set()
    for p in (ROOT / "data" / "sample").rglob("*"):
        if p.suffix in (".txt", ".md", ".csv") and "gold" not in p.parts:
            t = thai_digits_to_arabic(p.read_text(encoding="utf-8"))
            raw_values |= {m.group(1) for m in NATIONAL_ID.finditer(t) if valid_national_id(m.group(1))}
            raw_values |= {m.group() for m in PHONE.finditer(t)}
    assert len(raw_values) > 20
    for f in out.rglob("*"):
        if f.suffix in (".csv", ".json"):
            text = thai_digits_to_arabic(f.read_text(encoding="utf-8-sig"))
        elif f.suffix == ".parquet":
            import pandas as pd

            text = thai_digits_to_arabic(pd.read_parquet(f).astype(str).to_csv())
        elif f.suffix in (".md", ".html"):
            text = thai_digits_to_arabic(f.read_text(encoding="utf-8"))
        elif f.suffix in (".pdf", ".docx", ".xlsx"):  # the ministry's report, as its reader sees it
            from test_report import docx_text, pdf_text, xlsx_cells

            text = thai_digits_to_arabic({".pdf": pdf_text, ".docx": docx_text}[f.suffix](f) if f.suffix != ".xlsx"
                                         else "\n".join(str(c.value) for _, c in xlsx_cells(f)))
        else:
            continue
        digits = re.sub(r"[-\s]", "", text)
        for v in raw_values:
            assert re.sub(r"[-\s]", "", v) not in digits, (f.name, "a raw value leaked")


def test_redact_command_prints_redacted_text(tmp_path):
    from conftest import run_cli

    p = tmp_path / "note.txt"
    p.write_text("คุณ ก: ด.ญ.ปิยะดา ใจดี โทร ๐๘๑-๒๓๔-๕๖๗๘\n", encoding="utf-8")
    r = run_cli("redact", p, "--counts")
    assert r.returncode == 0
    assert "ปิยะดา" not in r.stdout and "[ชื่อ]" in r.stdout and "[โทรศัพท์]" in r.stdout
    assert "name 1" in r.stderr and "ปิยะดา" not in r.stderr


# ---------------------------------------------------------------- clauses
def test_clause_splitting():
    from lessons.text.clauses import split_clauses

    assert split_clauses("1. ล่ามไม่พอ 2. งบประมาณล่าช้า 3) เจ้าหน้าที่ย้ายบ่อย") == [
        "1. ล่ามไม่พอ", "2. งบประมาณล่าช้า", "3) เจ้าหน้าที่ย้ายบ่อย"]
    assert split_clauses("- ล่ามไม่พอ\n- เบิกจ่ายช้า") == ["ล่ามไม่พอ", "เบิกจ่ายช้า"]
    long = ("ปัญหาหลักของเราคือตอนคัดแยก เจ้าหน้าที่ใหม่ยังไม่ค่อยมีประสบการณ์ ถามคำถามไม่ตรงจุด "
            "แต่ทีมตำรวจก็ช่วยได้มาก ส่วนเรื่องล่ามก็ยังหาไม่ได้เลยค่ะ")
    parts = split_clauses(long)
    assert len(parts) >= 3 and any(p.startswith("แต่") for p in parts) and any(p.startswith("ส่วน") for p in parts)
    assert split_clauses("ล่ามไม่พอ") == ["ล่ามไม่พอ"]


def test_clauses_keep_their_statement(sample_clauses, sample_workshop):
    cl = sample_clauses
    assert cl["clause_id"].is_unique
    assert set(cl["statement_id"]) <= set(sample_workshop.statements["statement_id"])
    assert len(cl) > len(sample_workshop.statements)
    assert (cl["clause_id"].str.split("/c").str[0] == cl["statement_id"]).all()


# ---------------------------------------------------------------- tokenisation
def test_domain_words_are_one_token():
    from lessons import tokenize

    toks = tokenize("ผู้เสียหายจากการค้ามนุษย์ต้องได้รับการคัดแยกโดยทีมสหวิชาชีพ ส่งต่อสถานคุ้มครอง")
    for w in ("ผู้เสียหาย", "ค้ามนุษย์", "คัดแยก", "ทีมสหวิชาชีพ", "สถานคุ้มครอง"):
        assert w in toks
    assert "One Home" in tokenize("ทีม One Home ของจังหวัด")


def test_stopwords_synonyms_and_engines_agree():
    from lessons import tokenize

    toks = tokenize("คือว่าล่ามภาษาพม่าไม่พอครับ พม.จังหวัด ช่วยด้วย")
    assert "ครับ" not in toks and "คือว่า" not in toks
    assert "ภาษาเมียนมา" in toks and "พมจ." in toks and "ไม่พอ" in toks
    assert tokenize("ภัยออนไลน์") == ["ภัย", "ออนไลน์"]  # the synonym ไลน์ -> LINE must not cut a word
    text = "ล่ามไม่พอ งบประมาณล่าช้า ผู้เสียหายรอนาน"
    assert tokenize(text, engine="nlpo3") == tokenize(text, engine="newmm")


def test_token_cache_is_keyed_by_dictionary(tmp_path, monkeypatch):
    import shutil

    from lessons import config
    from lessons.text import tokenize as tk

    d = tmp_path / "dicts"
    shutil.copytree(config.dictionaries_dir(), d)
    monkeypatch.setenv("LESSONS_CACHE", str(tmp_path / "interim"))
    a = tk.Tokenizer(dictionaries=d)
    with open(d / "domain_words.txt", "a", encoding="utf-8") as f:
        f.write("\nล่ามไม่พอ\n")
    b = tk.Tokenizer(dictionaries=d)
    assert a.settings_hash != b.settings_hash
    assert "ล่ามไม่พอ" not in a("ล่ามไม่พอ") and b("ล่ามไม่พอ") == ["ล่ามไม่พอ"]
    tk.get_tokenizer.cache_clear()
    out1 = tk.tokenize_many(["ล่ามไม่พอ", "งบน้อย"], cache=True)
    files = list((tmp_path / "interim" / "token_cache").glob("*.pkl"))
    assert len(files) == 1
    out2 = tk.tokenize_many(["ล่ามไม่พอ", "งบน้อย"], cache=True)
    assert out1 == out2


def test_parallel_tokenisation_matches_serial():
    from lessons.text.tokenize import tokenize_many

    texts = [f"ล่ามไม่พอ รอ {i} วัน งบประมาณล่าช้า ผู้เสียหายไม่กล้าเล่า" for i in range(60)]
    serial = tokenize_many(texts, cache=False, workers=1)
    parallel = tokenize_many(texts, cache=False, workers=2, parallel_threshold=10, chunk_size=7)
    assert serial == parallel


def test_nothing_is_downloaded(tmp_path):
    """In a fresh process with every network connection refused and an empty home, the
    whole text layer still works, and PyThaiNLP creates no data folder."""
    code = r'''
import socket
def refuse(*a, **k):
    raise RuntimeError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
import lessons
from lessons.text.pipeline import build_clauses
import pandas as pd
st = pd.DataFrame({"statement_id": ["a#1"], "text": ["คุณ ก: ล่ามไม่พอ แต่ทีมช่วยได้มาก ส่วนงบก็ล่าช้า นางสาวสมศรี ใจดี โทร 081-234-5678"]})
cl = build_clauses(st, cache=False)
print(len(cl), lessons.redact("นายสมชาย ใจดี"))
'''
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP")}
    env.update({"HOME": str(tmp_path), "LESSONS_INTERIM": str(tmp_path / "interim")})
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "[ชื่อ]" in r.stdout
    assert not (tmp_path / "pythainlp-data").exists()
