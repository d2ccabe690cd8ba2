"""Train the name tagger that ships with the package (:mod:`lessons.text.names`).

    python -m lessons.text.name_training [--out FILE] [--n 14000]

Training sentences come from three places, none of them from the held-out sets:

1. generated sentences: many hand-written contexts (case notes, minutes, police logs,
   chat messages, intake forms, transcripts) whose slots are filled with names drawn from
   PyThaiNLP's Thai given, family and nickname lists and from the regional inventories in
   ``resources/names/inventory.yml`` (Lao/Isan, Khmer/Kui, Malay, Myanmar, Vietnamese,
   hill-tribe, Moken, Latin spellings), with and without titles, kin words, spaces and
   quotes; and negative sentences full of provinces, agencies, laws, programme names,
   positions and ordinary words that are also names;
2. the sample workshop's statements, whose ``[ชื่อ]`` placeholders are filled with such
   names (real workshop contexts);
3. the project's labelled sentence sets ``tests/fixtures/pii_labelled.jsonl`` and
   ``pii_heldout.jsonl`` (the first held-out set; ``pii_heldout2.jsonl`` stays unseen).

Everything is seeded: the same inputs give the same model file.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from .. import config
from .names import KIN, _inventory, features, lexicon, pieces

SEED = 20220521

# ---------------------------------------------------------------- contexts
# {N} is a name slot; the filler decides the form (title, kin word, nickname, foreign…)
CONTEXTS = """
ผู้เสียหาย{N}อายุ 17 ปี ถูกนายหน้าพามาทำงานที่ร้านอาหาร
วันนี้{N}มาแจ้งว่าถูกนายจ้างยึดบัตรไว้
{N}เล่าว่าทำงานวันละ 16 ชั่วโมงไม่มีวันหยุด
ติดต่อ{N} เจ้าหน้าที่ศูนย์ช่วยเหลือสังคม ได้ตลอด
ที่ประชุมมอบหมายให้{N}ประสานกับตำรวจ
ได้รับแจ้งจาก{N}ว่ามีเด็กถูกทิ้งไว้กับยาย
เคส{N} ตอนนี้ส่งต่อไปบ้านพักเด็กแล้วค่ะ
ของ{N}นี่ยังไม่ได้เอกสารเลยครับ
ชื่อ{N} อยู่หมู่ 3 มากับแม่
ผู้ต้องหาคือ{N} ถูกจับได้ที่ด่าน
{N}กับ{N}เป็นพี่น้องกัน ทำงานบนเรือลำเดียวกัน
สามีชื่อ{N} ดื่มเหล้าแล้วทำร้ายร่างกายทุกวัน
แม่ของน้องคือ{N} ทำงานอยู่กรุงเทพ
ขอบคุณ{N}ที่ช่วยประสานล่ามให้ค่ะ
{N}: ตอนนั้นเราไปเยี่ยมบ้านกันสามคนค่ะ
[{N}] ผมเห็นด้วยกับพี่เขานะครับ
{N} โทรมาเมื่อคืนบอกว่าโดนขังไว้ในห้อง
ส่งตัว{N}ไปโรงพยาบาลเพื่อตรวจร่างกาย
เด็กหญิงรายนี้ชื่อเล่นว่า{N} ไม่ยอมพูดกับใครเลย
ลูกจ้างชาวเมียนมาชื่อ{N} หนีออกมาจากแพปลา
พนักงานสอบสวนได้สอบปากคำ{N}แล้ว
ฝาก{N}ช่วยดูเรื่องงบด้วยนะคะ
ผมคุยกับ{N}แล้วครับ เขาจะส่งเอกสารให้พรุ่งนี้
ยาย{N}อายุ 78 ปี ดูแลหลานสามคนคนเดียว
{N} ผู้ใหญ่บ้าน แจ้งเหตุผ่านไลน์กลุ่ม
รายงานตัวต่อ{N} ที่ศาลากลาง
นัดประชุมทีมสหวิชาชีพกับ{N}วันจันทร์
{N}บอกว่าไม่อยากกลับบ้านเพราะกลัวพ่อเลี้ยง
ได้ข้อมูลจาก{N} ล่ามภาษาเขมร
เมื่อวาน{N}พาน้องมาที่ศูนย์
ตามที่{N}เล่า นายหน้าเก็บเงินไปคนละสามหมื่น
มี{N}เป็นคนกลางคอยพาคนข้ามแดน
{N} อพม. ในหมู่บ้าน ช่วยดูแลผู้สูงอายุติดเตียง
{N}กับสามีแยกกันอยู่มาสองปีแล้ว
ผู้ปกครองของ{N}ไม่มาตามนัด
ลงชื่อ {N} ผู้บันทึก
หนังสือถึง{N} เรื่องขอความอนุเคราะห์ข้อมูล
เรียน {N} ตามที่ท่านได้แจ้งมา
ตอนนี้{N}ทำงานที่โรงงานแปรรูปอาหารทะเล
ครูประจำชั้นของ{N}สังเกตว่ามีรอยช้ำ
{N} แรงงานกัมพูชา บัตรสีชมพูหมดอายุ
นาย{N}เป็นไต๋เรือ ยึดหนังสือเดินทางลูกเรือไว้
{N} ผู้นำศาสนาในพื้นที่ช่วยพูดคุยกับครอบครัว
มีรายงานว่า{N}ถูกล่อลวงผ่านเฟซบุ๊ก
ส่งรายชื่อ {N}, {N} และ {N} ให้ศูนย์แล้ว
ขอให้ {N} ติดตามผลหลังส่งกลับ
คนที่โทรมาคือ{N} ลูกพี่ลูกน้องของผู้เสียหาย
{N} เด็กชายอายุ 12 ปี ไม่มีสัญชาติ
ทางทีมได้เยี่ยมบ้าน{N}ที่อำเภอเมือง
{N} ขอไม่ให้เปิดเผยชื่อในรายงาน
พี่ๆ จาก มูลนิธิ นำโดย {N} ลงพื้นที่ด้วยกัน
เจ้าหน้าที่ ตม. ชื่อ {N} เป็นคนคัดแยกเบื้องต้น
อ้าย{N}เป็นคนขับรถพาไป
{N} ส่งข้อความมาว่า ไม่มีเงินค่ารถกลับ
ลูกสาว{N}ยังเรียนอยู่ ป.4
{N} ชาวลาว อายุ 19 ปี ถูกชักชวนมาทำงานนวด
{N} (ล่าม) แปลให้ตลอดการสอบปากคำ
ประธานกลุ่มคือ{N} จาก พมจ.
{N} ยืนยันว่าไม่เคยได้รับค่าจ้าง
เห็นด้วยกับ{N}ค่ะ เรื่องล่ามนี่สำคัญมาก
แฟนของน้องชื่อ{N} อายุยี่สิบกว่า
ผมชื่อ{N}ครับ มาจากร้อยเอ็ด
หนูชื่อ{N}ค่ะ อายุ 14 ปี
คนที่ชื่อ{N}มันมาด้อมๆ มองๆ แถวบ้าน
เขาเรียกตัวเองว่า{N} แต่ชื่อจริงไม่รู้
{N}ไม่ยอมกลับไปอยู่กับสามีอีกแล้ว
{N}กับ{N}เป็นเพื่อนกันตั้งแต่เด็ก
{N}บอกว่าจ่ายค่าแรงวันละ 300 บาท
{N}เล่าทั้งน้ำตาว่าถูกขังไว้สามวัน
ผู้ต้องหา{N} หรือ '{N}' ให้การรับสารภาพ
เคสของ{N}ส่งรถไปรับแล้วค่ะ
ป้า{N}โทรมาเล่าว่าเห็นเด็กถูกตี
ลูกเรือชื่อ{N}ตกน้ำหายไป
พวกเราเรียกเขาว่า{N}
""".strip().splitlines()

NEGATIVES = """
ทีม พม.จังหวัดสงขลา ประสานกับ สภ.เมืองยะลา และศูนย์ PIPO ระนอง
ตาม พ.ร.บ.ป้องกันและปราบปรามการค้ามนุษย์ พ.ศ. ๒๕๕๑ มาตรา ๖ ผู้เสียหายมีสิทธิได้รับการคุ้มครอง
กลไกส่งต่อระดับชาติ National Referral Mechanism (NRM) เริ่มใช้ปี 2566
นายอำเภอและปลัดอำเภอร่วมประชุมกับผู้ใหญ่บ้านทุกหมู่
สายด่วน 1300 รับแจ้งเหตุตลอด 24 ชั่วโมง
บ้านพักเด็กและครอบครัวจังหวัดน่านรับเด็กไว้ชั่วคราว
ผู้อำนวยการศูนย์ฯ แจ้งว่างบประมาณปีนี้ลดลงร้อยละ 20
ขอให้สมหวังดั่งใจทุกคนนะคะ
ทองคำราคาขึ้นมาก ชาวบ้านเอาไปจำนำ
ดอกมะลิบานเต็มสวนหลังศูนย์
หนูคิดว่าน้องๆ เยาวชนยังไม่รู้เรื่องนี้เลยค่ะ
แรงงานชาวเมียนมาและกัมพูชาส่วนใหญ่ทำงานในโรงงาน
เด็กกะเหรี่ยงและม้งบนดอยยังไม่มีบัตร
One Home ของจังหวัดประชุมทุกเดือน
OSCC ของโรงพยาบาลประสานกับ TICAC เรื่องคดีออนไลน์
ทำ MOU กับ NGO และ IOM เพื่อส่งกลับอย่างปลอดภัย
อำเภอหาดใหญ่ ตำบลคอหงส์ มีแรงงานต่างด้าวมาก
ชาวบ้านในตำบลนี้ส่วนใหญ่ทำนา
ช่วงสงกรานต์คนกลับบ้านเยอะ การเฝ้าระวังยากขึ้น
เจ้าหน้าที่มีไม่พอ ทำงานคนเดียวหลายหน้าที่
ล่ามภาษาเขมรหายากมาก ต้องใช้ล่ามจากจังหวัดอื่น
ศาลนัดสืบพยานล่วงหน้าเดือนหน้า
อัยการจังหวัดขอเอกสารเพิ่มเติม
ประมงจังหวัดตรวจเรือร่วมกับแรงงานจังหวัด
ผู้นำศาสนาและโต๊ะอิหม่ามช่วยประชาสัมพันธ์
กลุ่มอาสาสมัคร อพม. ลงพื้นที่ทุกสัปดาห์
ปีนี้มีผู้เสียหาย 35 ราย เป็นเด็ก 12 ราย
ค่าใช้จ่ายในการส่งกลับรายละ 5,000 บาท
ประชุมวันที่ 21 พฤษภาคม 2565 เวลา 09.00 น.
ที่ พม ๐๓๐๔/๑๒๓ ลงวันที่ ๕ มีนาคม ๒๕๖๗
สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงราย
กรมกิจการเด็กและเยาวชน กรมกิจการสตรีและสถาบันครอบครัว
ชายแดนไทยลาวมีช่องทางธรรมชาติหลายจุด
เด็กชายแดนเสี่ยงถูกชักชวนไปทำงาน
คนไทยในต่างประเทศถูกหลอกไปทำงานแก๊งคอลเซ็นเตอร์
พี่น้องชาวประมงให้ความร่วมมือดี
คุณภาพชีวิตของผู้สูงอายุยังไม่ดีนัก
คุณครูในโรงเรียนช่วยสังเกตเด็กที่ขาดเรียน
ลุงป้าน้าอาในชุมชนช่วยกันดูแลเด็ก
แม่บ้านในชุมชนรวมกลุ่มทำขนม
พ่อแม่ไปทำงานต่างจังหวัด ทิ้งลูกไว้กับตายาย
ทีมสหวิชาชีพประเมินสภาพจิตใจก่อนสอบปากคำ
Facebook Live ของกระทรวงมีคนดูเยอะ
Good Practice ของจังหวัดนี้คือการทำงานเป็นเครือข่าย
ระบบ e-Service ยังใช้งานยาก
เวที Case Conference ทุกวันพุธ
หลักสูตรอบรมของ UNICEF และ ILO มีประโยชน์มาก
ศูนย์ช่วยเหลือสังคม สายด่วน 1300 ส่งต่อเคสมาทุกวัน
สภ.แม่สาย สภ.แม่สอด และ ตม.จังหวัดตาก ร่วมตรวจ
จังหวัดสตูล ตรัง กระบี่ พังงา ภูเก็ต อยู่ฝั่งอันดามัน
วันพระคนไปวัดกันเยอะ
บุญบั้งไฟปีนี้จัดใหญ่
ประเพณีสารทเดือนสิบของภาคใต้
ผลการประเมินความพึงพอใจอยู่ในระดับมาก
ขอเสนอให้เพิ่มอัตรากำลังนักสังคมสงเคราะห์
การคัดแยกผู้เสียหายต้องทำภายใน 24 ชั่วโมง
""".strip().splitlines()

PLACE_WORDS = ("พมจ.", "สภ.", "ตม.", "อบต.", "รพ.", "ศูนย์", "จังหวัด", "อำเภอ", "ตำบล", "บ้านพัก")


class NameMaker:
    """Random names of every origin, in the forms notes write them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        lx = lexicon()
        inv = _inventory()["doc"]
        self.thai_given = sorted(lx["given"])
        self.thai_family = sorted(lx["family"])
        self.nick = sorted(lx["nick"])
        self.origins = {k: v for k, v in (inv.get("origins") or {}).items()}
        self.latin = inv.get("latin") or {}

    def _pick(self, xs):
        return self.rng.choice(xs) if xs else ""

    def _syllables(self, origin: str, n: int) -> str:
        syl = self.origins[origin].get("syllables") or self.origins[origin].get("given")
        return "".join(self._pick(syl) for _ in range(n))

    def name(self) -> tuple[str, str, str]:
        """``(prefix, name, suffix)``: prefix is a title or kin word (not part of the name)."""
        r = self.rng.random()
        sp = " " if self.rng.random() < 0.85 else ""
        if r < 0.34:  # Thai
            g, f = self._pick(self.thai_given), self._pick(self.thai_family)
            form = self.rng.random()
            if form < 0.45:
                return self._title(), f"{g} {f}", ""
            if form < 0.75:
                return self._title(), g, ""
            return "", f"{g}{sp}{f}" if sp else g, ""
        if r < 0.52:  # nickname with a kin word, quotes or alone
            n = self._pick(self.nick)
            form = self.rng.random()
            if form < 0.6:
                return self._pick(KIN), n, ""
            if form < 0.8:
                q = self._pick(["'", "‘", "“", '"'])
                return q, n, {"'": "'", "‘": "’", "“": "”", '"': '"'}[q]
            return "", n, ""
        if r < 0.88:  # a regional / foreign name
            origin = self._pick(sorted(self.origins))
            o = self.origins[origin]
            given = o.get("given") or []
            family = o.get("family") or []
            if origin in ("myanmar",):
                k = self.rng.choice([2, 2, 3, 3, 4])
                parts = [self._pick(given) for _ in range(k)]
                text = (" " if self.rng.random() < 0.6 else "").join(parts)
            elif origin == "vietnamese":
                parts = [self._pick(family), self._pick(["วัน", "ถิ", "ดึ๊ก", "มินห์", ""]), self._pick(given)]
                text = " ".join(p for p in parts if p)
            else:
                g = self._pick(given) if self.rng.random() < 0.7 else self._syllables(origin, 2)
                f = self._pick(family) if family and self.rng.random() < 0.8 else self._syllables(origin, 2)
                text = g if self.rng.random() < 0.3 else f"{g} {f}"
            pre = self._pick(KIN) if self.rng.random() < 0.35 else (self._title() if self.rng.random() < 0.5 else "")
            return pre, text, ""
        # Latin spelling, as passports and social media write it
        g = [self._pick(self.latin.get("given") or ["Min"]) for _ in range(self.rng.choice([1, 1, 2]))]
        f = self._pick(self.latin.get("family") or ["Aye"])
        text = " ".join(g + [f])
        if self.rng.random() < 0.45:
            text = text.upper()
        pre = self._pick(["Mr. ", "Ms. ", "MR ", "นาย", "นาง", "", "", ""])
        return pre, text, ""

    def _title(self) -> str:
        return self._pick(["นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง", "คุณ", "ร.ต.อ.",
                           "ด.ต.", "จ.ส.ต.", "พ.ต.ท.", "", ""])


def _labelled(parts: list[tuple[str, bool]]) -> tuple[list[str], list[str]]:
    """Pieces of the text and their B/I/O labels."""
    text, spans, pos = "", [], 0
    for seg, is_name in parts:
        if is_name:
            spans.append((pos, pos + len(seg)))
        text += seg
        pos += len(seg)
    ps = pieces(text)
    toks, labels, prev_span = [], [], None
    for s, e, w in ps:
        lab, cur = "O", None
        for a, b in spans:
            if min(e, b) - max(s, a) > (e - s) / 2 and not w.isspace():
                cur = (a, b)
                lab = "I" if prev_span == (a, b) else "B"
            elif w.isspace() and a < s and e < b and prev_span == (a, b):
                cur, lab = (a, b), "I"
        toks.append(w)
        labels.append(lab)
        prev_span = cur
    return toks, labels


def generated(n: int, rng: random.Random) -> list[tuple[list[str], list[str]]]:
    maker = NameMaker(rng)
    out = []
    for i in range(n):
        if rng.random() < 0.2:
            out.append(_labelled([(rng.choice(NEGATIVES), False)]))
            continue
        ctx = rng.choice(CONTEXTS)
        parts: list[tuple[str, bool]] = []
        for j, chunk in enumerate(ctx.split("{N}")):
            if j:
                pre, name, suf = maker.name()
                if pre:
                    parts.append((pre, False))
                parts.append((name, True))
                if suf:
                    parts.append((suf, False))
            if chunk:
                parts.append((chunk, False))
        out.append(_labelled(parts))
    return out


def from_sample(rng: random.Random) -> list[tuple[list[str], list[str]]]:
    from ..workshop import load_workshop

    maker = NameMaker(rng)
    ws = load_workshop(config.sample_workshop())
    out = []
    for t in ws.statements["text"]:
        parts: list[tuple[str, bool]] = []
        for j, chunk in enumerate(str(t).split("[ชื่อ]")):
            if j:
                _pre, name, _suf = maker.name()
                parts.append((name, True))
            chunk = re.sub(r"\[[^\[\]]{2,20}\]", "", chunk)
            if chunk:
                parts.append((chunk, False))
        out.append(_labelled(parts))
    return out


def from_fixtures() -> list[tuple[list[str], list[str]]]:
    root = config.checkout_root()
    out = []
    if root is None:
        return out
    for name in ("pii_labelled.jsonl", "pii_heldout.jsonl"):
        for line in (root / "tests" / "fixtures" / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            text = rec["text"]
            spans = sorted((text.find(s["value"]), text.find(s["value"]) + len(s["value"])) for s in rec["spans"]
                           if s["type"] == "name" and s["value"] in text)
            parts, pos = [], 0
            for a, b in spans:
                if a < pos:
                    continue
                parts.append((text[pos:a], False))
                parts.append((text[a:b], True))
                pos = b
            parts.append((text[pos:], False))
            out.append(_labelled([p for p in parts if p[0]]))
    return out


def train(out: Path, n: int = 14000) -> dict:
    import pycrfsuite

    rng = random.Random(SEED)
    data = generated(n, rng) + from_sample(rng) + from_fixtures() * 3
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, labels in data:
        trainer.append(features(toks), labels)
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return {"sentences": len(data), "model": str(out)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lessons.text.name_training")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "resources" / "models" / "names.crfsuite")
    ap.add_argument("--n", type=int, default=14000)
    a = ap.parse_args(argv)
    info = train(a.out, a.n)
    print(f"trained on {info['sentences']} sentences -> {info['model']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
