"""Redaction that generalises: held-out labelled sentences, every field, labels, error
messages, and the second safety net on what is published."""
import json

import pytest

from conftest import FIXTURES, ROOT

import sys
sys.path.insert(0, str(ROOT / "bench"))


def _score(name):
    from pii_eval import score

    from lessons.text.redact import find_pii

    recs = [json.loads(x) for x in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if x.strip()]
    return score(recs, find_pii)


def test_second_held_out_sentence_set():
    """pii_heldout2.jsonl: 320 sentences by another writer (all regions; migrant, hill-tribe,
    Malay, Vietnamese names; pink cards; foreign phones; HN; addresses with no house
    number). First run before any change: structured 0.802, names 0.566, negatives 3.8 %."""
    r = _score("pii_heldout2.jsonl")
    s, n, neg = r["structured"], r["names"], r["negatives"]
    assert s[0] / s[1] >= 0.99, r["misses"]
    assert n[0] / n[1] >= 0.92, [m for m in r["misses"] if m[1] == "name"]
    assert neg[0] / neg[1] <= 0.02, r["false_positives"]


@pytest.mark.parametrize("text,kept,gone", [
    ("บัตรชมพูเลข 0089555979715 ของแรงงาน", "บัตรชมพู", "0089555979715"),  # pink card: leading 0, checksum valid
    ("แม่โทรมาจากย่างกุ้ง (+95) 9-450-112-233 ขอให้ช่วย", "ย่างกุ้ง", "450-112"),
    ("เบอร์ 0095 9 781 220 456 โทรไม่ติด", "โทรไม่ติด", "781 220"),
    ("ส่งต่อผู้ป่วย HN67/08812 จากโรงพยาบาล", "โรงพยาบาล", "08812"),
    ("พักอยู่ซอยร่วมใจ 3 ต.ในเมือง อ.เมือง จ.ยโสธร แต่จำบ้านเลขที่ไม่ได้", "จำบ้านเลขที่", "ร่วมใจ"),
    ("IG ของน้องคือ @baifern.ssw ปิดไปแล้ว", "ปิดไปแล้ว", "baifern"),
    ("ลูกเรือ MAUNG AYE และ SOK CHEA ถูกยึดพาสปอร์ต", "ถูกยึด", "MAUNG"),
    ("อย่างเจ๊ต้อย ร้านค้าในหมู่บ้าน", "ร้านค้า", "ต้อย"),
    ("ก๊ะเยาะขายข้าวยำอยู่หน้าโรงเรียน", "ขายข้าวยำ", "เยาะ"),
    ("ฝ่าม ถิ ลาน ทำงานร้านอาหาร", "ทำงานร้านอาหาร", "ลาน"),
    ("หม่องซอวินกับภรรยาเข้ามาทำงาน", "กับภรรยา", "ซอวิน"),
    ("ติดต่อ ตาล (พมจ.สุรินทร์)", "พมจ.สุรินทร์", "ตาล"),
    ("พิมพ์โดย จิ๋ว พมจ.ชร ส่งวันที่ 22", "พมจ.ชร", "จิ๋ว"),
])
def test_classes_of_personal_values(text, kept, gone):
    from lessons import redact

    out = redact(text)
    assert kept in out and gone not in out, out


@pytest.mark.parametrize("text", [
    "Thailand's National Referral Mechanism (NRM) took effect on 1 January 2023",
    "ทีมงานประชุมออนไลน์ผ่าน Zoom ทุกวันจันทร์",
    "มูลนิธิเพื่อเด็กชายแดนตะวันตก ประสานกับ สภ.เมืองสงขลา",
    "ชาวบ้านหลายรายถูกหลอกซื้อทองคำออนไลน์ สูญเงินกว่า 3.5 ล้านบาท",
    "ผู้สูงอายุใน ต.บ้านเป็ด อ.เมือง จ.ขอนแก่น ถูกหลอก",
    "รหัสอ้างอิงการโอนเงิน 6599528907863 แนบไว้แล้ว",
    "ไป มา หา สู่ กัน ทำงาน วัน ละ 300 บาท",
    "หญิงไม่ทราบชื่อ อายุราว 30 ปี ผิวขาว",
    "ได้รับความร่วมมือจาก ตำรวจ สภ.เมือง และ ทีม พมจ.",
    "ให้น้องนิติกรสิงห์บุรีไปค่ะ พูดเก่ง",
])
def test_places_agencies_laws_and_english_are_left_alone(text):
    from lessons import redact

    assert redact(text) == text


@pytest.mark.parametrize("label,expected", [
    ("Ton TICAC ชร", "[ชื่อ] TICAC ชร"),
    ("พมจ.น่าน (อรทัย 081-234-5678)", "พมจ.น่าน ([ชื่อ] [โทรศัพท์])"),
    ("แอ๋ม บ้านพักฯชร", "[ชื่อ] บ้านพักฯชร"),
    ("นายมะรอนิง สาและ (ประมงจังหวัดสตูล)", "นาย[ชื่อ] (ประมงจังหวัดสตูล)"),
    ("นักสังคมสงเคราะห์ (ระยอง)", "นักสังคมสงเคราะห์ (ระยอง)"),
    ("ตำรวจ สภ.อุทัย (พระนครศรีอยุธยา)", "ตำรวจ สภ.อุทัย (พระนครศรีอยุธยา)"),
    ("ผู้เข้าร่วม 3", "ผู้เข้าร่วม 3"),
])
def test_labels_speaker_role_and_agency(label, expected):
    from lessons.text.redact import redact_label

    assert redact_label(label)[0] == expected


def test_every_field_is_redacted_and_errors_quote_no_personal_value(tmp_path):
    import yaml

    from conftest import run_cli
    from lessons import load_workshop

    (tmp_path / "g1.txt").write_text("ประเด็นที่ 1\nนายสมชาย ใจดี: ล่ามไม่พอครับ โทร 081-234-5678\n", encoding="utf-8")
    (tmp_path / "plan.csv").write_text("กิจกรรม,หน่วยงานหลัก,ผู้ประสานงาน\nอบรมล่าม,พมจ.ชลบุรี (นางสาวพิมพ์ชนก ศรีสุข 089-765-4321),"
                                       "วันดี มีสุข\n", encoding="utf-8")
    doc = {"title": "t", "files": [{"path": "g1.txt", "kind": "transcript", "group": 1},
                                   {"path": "plan.csv", "kind": "action_plan",
                                    "columns": {"กิจกรรม": "text", "หน่วยงานหลัก": "agency", "ผู้ประสานงาน": "contact"}}]}
    (tmp_path / "workshop.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    ws = load_workshop(tmp_path / "workshop.yml")
    blob = ws.statements.to_json(force_ascii=False)
    for value in ("สมชาย", "ใจดี", "081-234-5678", "พิมพ์ชนก", "ศรีสุข", "089-765-4321", "วันดี"):
        assert value not in blob, value
    # a header row that is not found: the message names the header it saw, redacted
    (tmp_path / "bad.csv").write_text("นายสมชาย ใจดี,0812345678\nล่ามไม่พอ,x\n", encoding="utf-8")
    doc["files"] = [{"path": "bad.csv", "kind": "feedback", "columns": {"ปัญหา": "text"}}]
    (tmp_path / "workshop.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    r = run_cli("run", tmp_path / "workshop.yml", "--out", tmp_path.parent / f"{tmp_path.name}-o", "--no-themes")
    assert r.returncode == 2 and "bad.csv" in r.stderr, r.stderr
    assert "สมชาย" not in r.stderr and "0812345678" not in r.stderr, r.stderr


def test_published_tables_show_no_name_like_token():
    import pandas as pd

    from lessons.text.publish import name_like, scrub_table, scrub_text

    assert name_like("Kittipong") and not name_like("Facebook") and not name_like("facebook")
    assert not name_like("ล่าม") and not name_like("ค้ามนุษย์")
    terms = pd.DataFrame({"term": ["ล่าม", "Kittipong", "สถานคุ้มครอง"], "count": [5, 3, 2]})
    assert list(scrub_table("terms", terms)["term"]) == ["ล่าม", "สถานคุ้มครอง"]
    assert scrub_text("ขอบคุณ Kittipong ที่ช่วยประสาน") == "ขอบคุณ [ชื่อ] ที่ช่วยประสาน"


def test_themes_command_redacts_the_id_column(tmp_path):
    import pandas as pd

    from conftest import run_cli

    df = pd.read_csv(FIXTURES / "short_answers_40.csv", dtype=str)
    df["id"] = [f"นายสมชาย ใจดี 081-234-{5000 + i}" for i in range(len(df))]
    df.to_csv(tmp_path / "t.csv", index=False)
    r = run_cli("themes", tmp_path / "t.csv", "--text-column", "answer", "--id-column", "id", "--k", "3",
                "--out", tmp_path / "o")
    assert r.returncode == 0, r.stderr
    for name in ("assignments.csv", "themes.csv", "excluded.csv"):
        text = (tmp_path / "o" / name).read_text(encoding="utf-8-sig")
        assert "สมชาย" not in text and "081-234" not in text, name
