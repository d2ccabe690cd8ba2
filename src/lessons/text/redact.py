"""PII redaction for Thai workshop text, offline: rules, checksums and the name lists
that ship in PyThaiNLP's wheel (no NER model is downloaded).

Each value is replaced by a typed placeholder; titles (นาย, ด.ญ., ร.ต.อ. ...) are kept
because they carry no identity and help a reader (``ด.ญ.[ชื่อ]``). Public hotlines,
position titles, agency names, provinces, dates, amounts and law names are left alone.

>>> redact("ติดต่อ นางสาวพิมพ์ชนก ศรีสุข โทร 081-234-5678")
'ติดต่อ นางสาว[ชื่อ] โทร [โทรศัพท์]'
"""
from __future__ import annotations
from ..config import offline as _offline

import functools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .chars import thai_digits_to_arabic

PLACEHOLDER = {
    "name": "[ชื่อ]",
    "national_id": "[เลขบัตรประชาชน]",
    "phone": "[โทรศัพท์]",
    "email": "[อีเมล]",
    "line": "[ไลน์]",
    "passport": "[หนังสือเดินทาง]",
    "bank_account": "[บัญชีธนาคาร]",
    "address": "[ที่อยู่]",
    "plate": "[ทะเบียนรถ]",
    "case_no": "[เลขคดี]",
    "hn": "[เลขผู้ป่วย]",
    "social": "[บัญชีโซเชียล]",
}
TYPES = tuple(PLACEHOLDER)
STRUCTURED = ("national_id", "phone", "email", "line", "passport", "bank_account", "hn", "social")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


# ---------------------------------------------------------------- structured values
_ND = r"(?<![0-9])"  # not preceded by a digit
_NA = r"(?![0-9])"
SEP = r"[-\s.]?"

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
NATIONAL_ID = re.compile(_ND + r"(\d" + SEP + r"\d{4}" + SEP + r"\d{5}" + SEP + r"\d{2}" + SEP + r"\d|\d{13})" + _NA)
PHONE = re.compile(
    _ND
    + r"(?:"
    + r"\+66[-\s]?\(?0?\)?\s?[1-9](?:[-\s]?\d){7,8}"  # +66 81 234 5678, +66 2 123 4567
    + r"|0[689]\d[-\s]?\d{3}[-\s]?\d{4}"  # 081-234-5678
    + r"|0[689][-\s]?\d{4}[-\s]?\d{4}"  # 08-1234-5678
    + r"|0[2-7]\d{0,2}[-\s]?\d{3}[-\s]?\d{3,4}"  # 02-123-4567, 038-123-456
    + r"|0[-\s][2-7]\d{3}[-\s]\d{4}"  # 0 2659 6182
    + r"|\+(?!66)\d{2,3}[-\s]?\d{1,4}(?:[-\s]?\d{2,4}){2,3}"  # +60 12-345 6789
    + r")"
    + _NA
)
LINE_CUE = re.compile(
    r"(?<!ออน)(?<![A-Za-z])(?:ไลน์|ไลน|line|ไอดีไลน์|ไลน์ไอดี|id\s*line)(?![A-Za-z])\s*(?:id|ไอดี)?[^A-Za-z0-9@\n]{0,24}?"
    r"(@?[A-Za-z0-9][A-Za-z0-9._\-]{2,30})",
    re.IGNORECASE,
)
_LINE_NOT_ID = {"official", "oa", "group", "chat", "app", "notify", "id", "call", "line", "ok", "and", "or", "the"}
PASSPORT_CUE = re.compile(r"(?:พาสปอร์ต|พาสปอต|หนังสือเดินทาง|passport|หนังสือผ่านแดน)", re.IGNORECASE)
PASSPORT_AFTER_CUE = re.compile(
    r"(?:พาสปอร์ต|พาสปอต|หนังสือเดินทาง|passport|pass\.|pp\.?\s*no\.?)[^A-Za-z0-9\n]{0,12}(?:เลข(?:ที่)?\s*|no\.?\s*)?"
    r"((?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,12})(?![A-Za-z0-9])", re.IGNORECASE)
PASSPORT = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}\s?\d{6,8})(?![A-Za-z0-9])")
BANK_CUE = re.compile(r"(?:บัญชี|บช\.|account|acct|a/c|พร้อมเพย์|promptpay|ออมสิน|กสิกร|กรุงไทย|ไทยพาณิชย์|ธ\.?ก\.?ส\.?|กรุงศรี|"
                      r"ทหารไทย|ttb|scb|kbank|ktb|bbl|โอนเข้า)", re.IGNORECASE)
BANK_NO = re.compile(_ND + r"(\d(?:[-\s]?\d){9,14}|\d{3}[-\s]?\d[-\s]?\d{5}[-\s]?\d{1,3}|\d{3}[-\s]?\d{3}[-\s]?\d{4}|\d{10,12})" + _NA)
CASE_NO = re.compile(
    r"(?:เลข(?:ที่)?คดี|คดี(?:อาญา|แพ่ง|ค้ามนุษย์|ดำ|แดง)?\s*(?:หมายเลข)?\s*(?:ดำ|แดง)?\s*(?:ที่|เลขที่)?)\s*"
    r"[^0-9\n]{0,16}?((?:[ก-ฮA-Za-z]{1,3}\.?\s?)?(?<![0-9/])\d{1,6}\s?/\s?\d{2,4})(?![0-9]|\s?/)"
)
PLATE = re.compile(r"(?<![ก-๙A-Za-z0-9])(\d?[ก-ฮ]{1,2}[-\s]?\d{1,4})(?![0-9])")
PLATE_CUE = re.compile(r"(?:ทะเบียน|ป้าย|รถ(?:ยนต์|กระบะ|ตู้|เก๋ง|มอเตอร์ไซค์|จักรยานยนต์)?|plate)")
ADDRESS = re.compile(
    r"(?:(?:บ้าน)?เลขที่|ที่อยู่)\s*[:：]?\s*\d+(?:/\d+)?"
    r"(?:\s*(?:หมู่(?:ที่)?|ม\.|ซอย|ซ\.|ถนน|ถ\.|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)\s*[^\s,;()]+(?: \d+(?!\d))?){1,7}"
    r"(?: กรุงเทพมหานคร| กรุงเทพฯ| กทม\.?)?"
    r"|\d+/\d+\s*(?:(?:หมู่(?:ที่)?|ม\.)\s*\d+|(?:ซอย|ซ\.|ถนน|ถ\.)\s*[^\s,;()]+)"
    r"(?:\s*(?:ซอย|ซ\.|ถนน|ถ\.|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)\s*[^\s,;()]+){1,6}"
)


THAI_PHONE = re.compile(_ND + r"(?:0[689](?:[-\s.]?\d){8}|0[2-7](?:[-\s.]?\d){7})" + r"(?![-\s.]?\d)")
INTL_PHONE = re.compile(r"(?<![\d\-./])(?:\(\s*\+\d{2,3}\s*\)|\+\d{2,3}|00(?:95|856|855|84|86|60|62|63|65|66|91|880|977|81|82))"
                        r"(?:[-\s.]?\(?\d{1,4}\)?){2,5}" + _NA)
BOAT_NO = re.compile(r"(?:ทะเบียนเรือ|เรือ(?:เลข)?ทะเบียน|เลขทะเบียนเรือ|ทะเบียนเลขที่|boat\s*(?:no|reg)\.?)\s*[:：]?\s*(?:เลขที่\s*)?"
                     r"([0-9ก-ฮA-Z][0-9ก-ฮA-Z\-/ ]{3,15}[0-9])(?![0-9])", re.IGNORECASE)
HN = re.compile(r"(?:(?<![A-Za-z])(?:HN|AN|OPD|IPD)(?![A-Za-z])\s*(?:no\.?|เลขที่)?\s*[.:#]?\s*|(?:เลขที่ผู้ป่วย(?:นอก|ใน)?|เลขผู้ป่วย|เวชระเบียน(?:เลขที่)?|"
                r"เลข\s*HN|เลขประจำตัวผู้ป่วย)\s*[:：]?\s*)([A-Z]{0,2}\d[\d/\-.]{3,14}\d)(?![\d])", re.IGNORECASE)
SOCIAL_HANDLE = re.compile(r"(?<![A-Za-z0-9._%+\-@])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]{1,29}[A-Za-z0-9_])?)(?![A-Za-z0-9_]*@)")
SOCIAL_CUE = re.compile(r"(?:เฟซบุ๊ก|เฟซบุ๊ค|เฟสบุ๊ค|เฟสบุ๊ก|เฟส|เฟซ|facebook|fb|เพจ|ติ๊กต็อก|tiktok|ไอจี|instagram|\big\b|ทวิตเตอร์|twitter|"
                        r"x\.com|ยูทูบ|youtube)(?:ชื่อ|ชื่อว่า|ว่า|ของ\S{0,10})?\s*(?:ชื่อ(?:ว่า)?)?\s*[:：]?\s*"
                        r"(?:[“\"'‘](?P<q>[^”\"'’\n]{2,60})[”\"'’]|(?P<latin>[A-Z][A-Za-z'\-]+(?:[ .][A-Z][A-Za-z'\-]+){1,3}))", re.IGNORECASE)
LINE_ZONE = re.compile(r"(?<!ออน)(?:ไลน์|ไลน|\bline\b|ไอดีไลน์|ไลน์ไอดี)[^\n]{0,90}", re.IGNORECASE)
LINE_LIKE_ID = re.compile(r"(?<![A-Za-z0-9._@\-])(@?[A-Za-z][A-Za-z0-9]*(?:[._\-][A-Za-z0-9]+)+|@?[A-Za-z]+[0-9][A-Za-z0-9]*)(?![A-Za-z0-9@])")
DIARY_NO = re.compile(r"(?:บันทึก|รายงาน)ประจำวัน(?:เกี่ยวกับคดี)?\s*(?:ข้อ(?:ที่)?|เลขที่)\s*(\d{1,5}(?:\s?/\s?\d{2,4})?)")
BANK_NAMES = r"ออมสิน|กสิกร|กรุงไทย|ไทยพาณิชย์|ธ\.?ก\.?ส\.?|กรุงศรี|ทหารไทย|ทีทีบี|ttb|scb|kbank|ktb|bbl|ธนาคาร|โอนเข้า|โอนเงิน"
_ADMIN_TAIL = (r"(?:\s*(?:ตำบล|ต\.|แขวง)\s*[^\s,;()]+|\s*(?:อำเภอ|อ\.|เขต)\s*[^\s,;()]+|\s*(?:จังหวัด|จ\.)\s*[^\s,;()]+"
               r"|\s*(?:กรุงเทพมหานคร|กรุงเทพฯ|กทม\.?)|\s+\d{5}(?!\d))")
_LOCAL = (r"(?:(?:หมู่(?:ที่)?|ม\.)\s*\d+|หมู่บ้าน[^\s,;()]+|(?:ซอย|ซ\.)\s*[^\s,;()]+(?: \d+(?:/\d+)?(?!\d))?"
          r"|(?:ถนน|ถ\.)\s*[^\s,;()]+|(?:(?<![ก-๙])|(?<=ที่)|(?<=อยู่))ชุมชน[ก-๙]{2,30}|(?<!\.)(?<!ใหญ่)(?<!ลูก)(?<!เจ้า)(?<!ทะเบียน)(?<!งาน)(?<!ผู้)"
          r"บ้าน(?!พัก|เด็ก|เลขที่|ของ|ที่|เกิด|เช่า|หลัง|เมือง)[ก-๙]{2,20})")
ADDRESS_NO_HOUSE = re.compile(
    r"(?<!ผู้ใหญ่)(?<!กำนัน)(?:(?<!\d)\d{1,5}(?:/\d{1,4})?\s+)?" + _LOCAL + r"(?:\s*" + _LOCAL + r")*"
    r"(?:\s*(?:ตำบล|ต\.|แขวง)\s*[^\s,;()]+|\s*(?:อำเภอ|อ\.|เขต)\s*[^\s,;()]+)" + _ADMIN_TAIL + r"*")
_ADMIN_BEFORE = re.compile(r"(?:ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)\s?$")


def valid_national_id(digits: str) -> bool:
    """The mod-11 checksum of a 13-digit identity number: Thai citizens' (first digit
    1-8, as ``stdnum.th.pin``) and the non-Thai numbers issued on the same scheme (migrant
    workers' pink cards starting 00, hill-tribe and other non-Thai ids starting 0, 6, 7)."""
    d = re.sub(r"\D", "", thai_digits_to_arabic(digits))
    if len(d) != 13 or d == "0" * 13:
        return False
    check = (11 - sum(int(d[i]) * (13 - i) for i in range(12)) % 11) % 10
    return check == int(d[12])


# ---------------------------------------------------------------- names
# Titles that may be glued to the word before them (Thai writes no spaces between words)
TITLES = [
    "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.หญิง", "พ.ต.ท.หญิง", "พ.ต.ต.หญิง", "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.",
    "ร.ต.อ.หญิง", "ร.ต.ท.หญิง", "ร.ต.ต.หญิง", "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "ด.ต.หญิง", "ด.ต.", "จ.ส.ต.", "ส.ต.อ.",
    "ส.ต.ท.", "ส.ต.ต.", "จ.ส.อ.", "พ.อ.", "พ.ท.", "ร.อ.", "ร.ท.", "ว่าที่ร.ต.", "ว่าที่ ร.ต.",
    "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.", "นางสาว", "น.ส.", "นาย", "นาง", "คุณ", "อาจารย์", "ดร.", "ผศ.", "รศ.",
]
# Role and kinship words that precede a name only sometimes: a known given name or
# nickname must follow
ROLE_TITLES = [
    "นายแพทย์", "แพทย์หญิง", "คุณหมอ", "คุณครู", "คุณป้า", "คุณลุง", "คุณยาย", "คุณตา", "คุณน้า", "คุณแม่", "คุณพ่อ", "ผู้กอง", "สารวัตร",
    "ทนาย", "หมอ", "ครู", "ลุง", "ป้า", "ยาย", "เจ๊", "เฮีย", "ผู้ใหญ่บ้าน", "กำนัน", "นางพยาบาล", "พยาบาล",
    "นสค.", "จนท.", "ผอ.", "นพ.", "พญ.",
]
NICK_TITLES = ["น้อง", "พี่"]
LATIN_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Mister)\.?\s+((?:[A-Z][a-zA-Z'\-]+)(?:\s+[A-Z][a-zA-Z'\-]+){0,3})")
LATIN_NAME = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,15}(?:\s+[A-Z][a-z]{1,15}){1,2})(?![A-Za-z])")
NAME_CUE = re.compile(r"(?<![เแ])(?<!ราย)(?<!เปลี่ยน)(?<!ระบุ)(?<!กลัว)(?<!ใส่)(?<!ตั้ง)(?<!เปิดเผย)(?<!ปลอม)(?<!ลง)(?:ชื่อ(?:เล่น|จริง)?(?:ว่า)?|ชื่อ-สกุล|ชื่อสกุล|นามสกุล|เรียกว่า)\s*[:：]?\s*")
LATIN_NOT_NAMES = {
    "One Home", "Google Forms", "Google Form", "Save The", "World Vision", "Facebook Live", "Line Official",
    "Good Practice", "Human Rights", "Child Protection", "Case Management", "Social Work", "Thank You",
    "Zoom Meeting", "Microsoft Teams", "Power Point", "Tik Tok", "Hot Line", "Work Permit", "Ministry Of",
    "Focal Point", "Safe House", "Online Child", "Best Practice", "Case Conference", "Multi Disciplinary",
}
ENGLISH_WORDS = set("""passport no number case line name date tel email mobile phone address thailand thai
bangkok province district police station foundation office ministry department social development human
security center centre hotline team meeting report form google facebook home one the and of for to in on at
by with from child children victim victims labour labor migrant worker workers government public service
services network project training workshop fund money bank account card id visa work permit immigration
court judge prosecutor hospital school shelter protection trafficking online group chat""".split())
# Myanmar / Karen / Khmer / Lao name syllables as written in Thai script
FOREIGN_SYLLABLES = {
    "หม่อง", "มะ", "ซอ", "นอ", "หน่อ", "ดอว์", "อู", "โก", "จาย", "ทุน", "วิน", "อ่อง", "จอ", "ตุน", "มิน", "ลวิน",
    "ซาน", "เต็ง", "ยี", "เมียว", "หล่า", "ทัน", "ทิดา", "ขิ่น", "ซู", "ตาน", "เมียะ", "ทเว", "เญ็ง", "ละ", "โซ", "ลิน",
    "เนียน", "ฉ่วย", "ขิ่ง", "จี", "ซาย", "ยุ้น", "ทาน", "อ่อน", "ติน", "พยู", "ยู", "เมี๊ยะ", "โม", "หน่าย", "มอ", "เซง",
    "ซก", "คา", "เฮง", "เอ", "อ่อง", "ตาน", "โสภา", "ซกคา", "จันทา", "สีดา", "เมียต", "ทูซา", "พอ", "เคว", "เล", "มู", "ทอ", "จ่อ", "ยิน",
}
FOREIGN_STARTERS = {"หม่อง", "ดอว์", "หน่อ", "ขิ่น", "ซอ", "มะ", "จาย", "อู"}
NICKNAMES = set("""
แพรว มิว ฝน แนน บี ออม เมย์ ฟ้า ต้น ปอ เอ ไอซ์ นุ่น ปลา ส้ม แอน เบียร์ กิ๊ฟ จูน ดาว น้ำ น้ำฝน ปุ้ย พลอย ฟาง มด ยุ้ย
หนิง อ้อม อิ๋ว เก่ง เจ เต้ เบล เฟิร์น แบม โบว์ โอ๊ต ไข่มุก ก้อย ขวัญ จ๋า ต่าย นก บิว ปาล์ม พิม มายด์ มุก ริน ลูกตาล
วาว ส้มโอ หมิว อาย อุ้ม เจน เนย เปิ้ล เฟิร์ส แก้ม แจน แตงโม แป้ง โฟกัส ใบเตย กล้า ตั้ม ตี๋ บอย บอล ภูมิ ฟิล์ม เกม
เจมส์ เติ้ล เบนซ์ เปา แบงค์ โจ้ โอม ไผ่ ตูน หมู ไก่ กุ้ง ปู นิด หน่อย จิ๊บ แหวน ข้าวหอม ข้าวปั้น น้ำหวาน ชมพู่ มะปราง
ลำไย ทับทิม บัว มีน อ้อย ตุ๊ก แหม่ม เอ๋ โอ๋ ต้อม บีม เจนนี่ แอ๋ว ติ๋ม จุ๋ม อ๋อ ปุ๊ก ปุ๋ย ตุ่ม ต่อ แต๋ว หน่อง ป้อม ป๊อป
แป๋ว ยุ้ยย เปียก จ๊ะเอ๋ เอิร์ธ เอิง เฟรนด์ ปั๊ม ปิ๊ก ปิ่น ปุ้ม ป่าน เบิร์ด เบส เต๋า เต้ย ตาล ตังค์ ต๊ะ ณัฐ ฉัตร จอย จ๊อบ
กอล์ฟ กอหญ้า กาย การ์ตูน กิ่ง กุ๊ก กุ๊กไก่ ขิม คิม เค้ก แคท โค้ก งาน จิน ชะเอม โชค ซี ซัน ดรีม ดิว ตอง ไตเติ้ล ทราย
ธีร์ นัท นาย นิว นิ้ง น็อต บุ๋ม บุ๋ย เบ้นซ์ ปาย ปิง เปรี้ยว แพท พิ้งค์ พีช ฟิวส์ มาย มิ้นท์ มิ้น เมฆ แม็ก ไมค์ ยิ้ม
ลูกหมี ลูกปลา วิว ส้มจี๊ด หมวย หมอก หลิว อัง อั้ม อาร์ม อิง ไอซ์ โอปอ ฮัท เฮง ผึ้ง แพร แตง ตาว ตุ้ม ปุ๋ง บุ๊ค
นุ้ย หนุ่ย ตุ้ย ปุ๊ ปิ๊ง ติ๊ก ต๊อบ ต้อง ปอนด์ ปาล์ม แป้ง แม้ว หมิง หยก อ้อ อุ๋ม เอ้ เอ๋ย ฝ้าย ฟ้าใส มะนาว ใบบัว ข้าวตัง
""".split())
# a title followed by one of these is not a name (นาย + จ้าง = employer, พี่ + เลี้ยง = nanny)
NOT_NAME_START = (
    "ๆ", "เขา", "เค้า", "เรา", "คน", "ที่", "ซึ่ง", "ก็", "จะ", "ได้", "ไม่", "มี", "เป็น", "คือ", "ว่า", "บอก", "เล่า",
    "ทุก", "หลาย", "บาง", "แต่", "และ", "กับ", "ของ", "ใน", "จาก", "ให้", "ไป", "มา", "อยู่", "ชาย", "สาว", "เลี้ยง",
    "น้อง", "พี่", "ผู้", "เจ้าหน้าที่", "ท่าน", "ทั้ง", "เอง", "ต่าง", "กลุ่ม", "เด็ก", "นัก", "ครู", "หมอ", "ตำรวจ",
    "ทีม", "พวก", "อายุ", "อีก", "ก่อน", "หลัง", "ใหม่", "เก่า", "บ้าน", "แม่", "พ่อ", "ผม", "หนู", "ฉัน", "ดิฉัน",
    "ค่ะ", "ครับ", "นะ", "คะ", "ล่าม", "พยาบาล", "ถึง", "หรือ", "ซึ่ง", "โทร", "เบอร์", "เลข", "ทาง", "ตอน", "แล้ว",
    "ยัง", "เคย", "ทำ", "ขอ", "เข้า", "ออก", "ถูก", "เพื่อ", "ด้วย", "พร้อม", "อีเมล", "ไลน์", "เจ้า", "นี้", "นั้น",
    "ผู้หญิง", "ผู้ชาย", "คนไทย", "ต่างด้าว", "เวร", "ร้อย", "ช่วย", "สังคม", "จิต",
)
TAIL_STOP = NOT_NAME_START + ("นาย", "นาง", "ด.", "ร.", "พ.", "จ.", "ส.", "น.", "ตำแหน่ง", "สังกัด", "ทนาย")


@_offline
@lru_cache(maxsize=1)
def _lexicon():
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names, thai_stopwords, thai_words

    given = frozenset(thai_male_names()) | frozenset(thai_female_names())
    family = frozenset(thai_family_names())
    words = frozenset(thai_words())
    stop = frozenset(thai_stopwords())
    return given, family, words, stop


_THAI_RUN = re.compile(r"[ก-๛]+")
_TITLE_RE = re.compile("|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)))
_ROLE_RE = re.compile("|".join(re.escape(t) for t in sorted(ROLE_TITLES, key=len, reverse=True)))
_NICK_RE = re.compile("|".join(re.escape(t) for t in NICK_TITLES))


@_offline
@lru_cache(maxsize=4096)
def _boundaries(run: str) -> tuple[int, ...]:
    """Offsets inside a Thai run where a syllable cluster ends (Thai Character Clusters)."""
    from pythainlp.tokenize import subword_tokenize

    out, pos = [], 0
    for piece in subword_tokenize(run, engine="tcc"):
        pos += len(piece)
        out.append(pos)
    return tuple(out)


def _word_at(s: str) -> bool:
    """Does ``s`` start with a dictionary word of two letters or more?"""
    words = _lexicon()[2]
    return any(s[:n] in words for n in range(2, min(len(s), 14) + 1))


def _known_prefix(run: str) -> int:
    """Length of the longest known given name or nickname at the start of ``run``."""
    given = _lexicon()[0]
    for n in range(min(len(run), 18), 1, -1):
        if (run[:n] in given or run[:n] in NICKNAMES) and (n == len(run) or n in _boundaries(run)):
            return n
    return 0


def _unknown_prefix(run: str, limit: int = 12) -> int:
    """An unknown word at the start of ``run``: the longest cluster-aligned prefix (at most
    ``limit`` letters) that is not a dictionary word, is longer than any dictionary word at
    that position (``นิติกร|สิงห์บุรี`` is a word, not a name) and is followed by a
    dictionary word (or by nothing)."""
    words = _lexicon()[2]
    longest_word = max((n for n in range(2, min(len(run), 20) + 1) if run[:n] in words), default=0)
    if len(run) <= limit and run not in words and not _glued_words(run) and longest_word < len(run) // 2 + 1:
        return len(run)
    best = 0
    for b in _boundaries(run):
        if b > limit:
            break
        if b > longest_word and b >= 2 and run[:b] not in words and _word_at(run[b:]):
            best = b
    return best


def _dictionary_start(run: str) -> bool:
    """Does ``run`` open with an ordinary dictionary word (not a name or nickname)?"""
    given, _, words, _ = _lexicon()
    longest = max((n for n in range(2, min(len(run), 20) + 1) if run[:n] in words), default=0)
    if not longest:
        return False
    head = run[:longest]
    if longest < len(run) and not _word_at(run[longest:]):
        return False  # สี|สะหวาด: a short word at the start of an unknown name
    return head not in given and head not in NICKNAMES and _known_prefix(run) < longest


def _glued_words(tok: str) -> bool:
    """A non-dictionary run that is plainly two ordinary words glued together."""
    words = _lexicon()[2]
    return any(tok[:n] in words and tok[n:] in words for n in range(2, len(tok) - 1))


def _starts_with_stop(run: str, stops=NOT_NAME_START) -> bool:
    """Does ``run`` begin with one of ``stops`` as a whole word (``ไป|ทำงาน``, not ``ตา|น``)?"""
    for w in stops:
        if run.startswith(w):
            rest = run[len(w):]
            if not rest or _word_at(rest) or rest[0] in "ๆ":
                if _known_prefix(run) <= len(w):
                    return True
    return False


def _name_tail(text: str, pos: int, strong: bool = True) -> int:
    """Extend a name that ends at ``pos`` over a surname (and Myanmar-style syllables)
    that follow after a single space. ``strong``: the name before is certain (a title or
    known given name), so any plausible next word is the surname."""
    given, family, words, stop = _lexicon()
    end = pos
    for _ in range(4):
        m = re.match(r" ([ก-๛]+)(?=$|[\s,.;:()\"'!?]|[0-9])", text[end:])
        if not m:
            break
        tok = m.group(1)
        if tok in FOREIGN_SYLLABLES and tok not in stop:
            end += m.end()
            continue
        if tok in family and end == pos:
            end += m.end()
            break
        if _starts_with_stop(tok, TAIL_STOP) or tok in stop or len(tok) < 2:
            break
        if tok in family or (strong and len(tok) <= 16) or (len(tok) <= 12 and tok not in words and not _glued_words(tok)):
            end += m.end()
        break
    return end


def _glued_to_word(text: str, start: int, end: int) -> bool:
    """Is the title at ``text[start:end]`` the tail of a longer dictionary word (ขอบคุณ,
    พี่น้อง)?"""
    words = _lexicon()[2]
    return any(text[start - k:end] in words for k in range(1, min(start, 8) + 1))


def _after_title(text: str, end: int, title: str, role: bool) -> int | None:
    """Where the name after a title ending at ``end`` ends, or None."""
    given, family, words, stop = _lexicon()
    gap = 1 if text[end:end + 1] == " " else 0
    m = _THAI_RUN.match(text, end + gap)
    if not m:
        m2 = re.match(r" ?([A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+){0,2})", text[end:])
        return end + m2.end() if (m2 and not role) else None
    run = m.group()
    if len(run) < 2 or run in stop or _starts_with_stop(run):
        return None
    g = _known_prefix(run)
    if role:
        # คุณหมอวรวิทย์, ครูแอน, ป้าสำลี: only a known name counts
        if not g or (g < len(run) and not _word_at(run[g:])):
            return None
        return _name_tail(text, m.start() + g)
    if gap == 0 and title + run[:max(g, 1)] in words:
        pass  # e.g. นาย+กมล: fall through to the checks below
    # the title and what follows form one dictionary word: นายอำเภอ, คุณภาพ, นางพยาบาล
    compound = max((n for n in range(1, min(len(run), 14) + 1) if gap == 0 and title + run[:n] in words), default=0)
    if gap == 0 and any(title[-k:] + run[:n] in words for k in range(2, len(title)) for n in range(2, min(len(run), 10) + 1)
                        if title[-k:] not in TITLES):
        return None  # the title's tail and what follows form a word: เด็ก|ชายแดน, นาง|สาว...
    if compound and g <= compound:
        if g == compound == len(run) and _name_tail(text, m.end(), strong=False) > m.end():
            return _name_tail(text, m.end())  # คุณสมบัติ ใจดี
        return None
    if gap and not g and _word_at(run):
        return None  # "นางสาว ตามบัตร": a title on a form, followed by ordinary words
    if gap and g and g < len(run) and run[:g] in words and _word_at(run[g:]):
        return None  # "ร.ต.อ. สามารถสมัคร...": a word that is also a given name, then more words
    if g == len(run):
        return _name_tail(text, m.end())
    if g and _starts_with_stop(run[g:]) or g and len(run) > 14:
        if run[:g] in words and len(run) > 14:
            return None  # a given name that is also a word, glued to more words: สมัครเข้าอบรม
        return _name_tail(text, m.start() + g)
    if len(run) <= 14 and not _starts_with_stop(run):
        return _name_tail(text, m.end())  # the whole run is the name: บุญเรือน, คำแพง
    n = g or _unknown_prefix(run)
    if not n or (run[:n] in words and not g):
        return None
    return _name_tail(text, m.start() + n)


def _find_names(text: str) -> list[Span]:
    given, family, words, stop = _lexicon()
    spans: list[Span] = []
    for m in _TITLE_RE.finditer(text):
        if _glued_to_word(text, m.start(), m.end()):
            continue
        end = _after_title(text, m.end(), m.group(), role=False)
        if end:
            start = m.end() + (1 if text[m.end():m.end() + 1] == " " else 0)
            spans.append(Span(start, end, "name"))
    for m in _ROLE_RE.finditer(text):
        if m.start() > 0 and re.match(r"[ก-๛]", text[m.start() - 1]) and _glued_to_word(text, m.start(), m.end()):
            continue
        end = _after_title(text, m.end(), m.group(), role=True)
        if end:
            spans.append(Span(m.end() + (1 if text[m.end():m.end() + 1] == " " else 0), end, "name"))
    for m in _NICK_RE.finditer(text):
        if _glued_to_word(text, m.start(), m.end()):
            continue
        gap = 1 if text[m.end():m.end() + 1] == " " else 0
        mm = _THAI_RUN.match(text, m.end() + gap)
        if not mm:
            continue
        run = mm.group()
        if _starts_with_stop(run) or _dictionary_start(run):
            continue
        n = max((k for k in range(2, min(len(run), 10) + 1) if run[:k] in NICKNAMES
                 and (k == len(run) or k in _boundaries(run))), default=0)
        if n and (n == len(run) or _word_at(run[n:]) or run[n] == "ๆ"):
            spans.append(Span(mm.start(), mm.start() + n, "name"))
            continue
        if not n:
            k = _unknown_prefix(run, 6)
            if k and run[:k] not in words and run[:k] not in stop and (k == len(run) or _word_at(run[k:])):
                spans.append(Span(mm.start(), mm.start() + k, "name"))
    spans.extend(_after_name_cue(text))
    for m in NAME_CUE.finditer(text):
        mm = re.match(r"[ก-๛]+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}", text[m.end():])
        if not mm:
            continue
        run = mm.group()
        if _TITLE_RE.match(run) or _NICK_RE.match(run):
            continue  # the title rules handle it
        if run[0] < "ก":
            spans.append(Span(m.end(), m.end() + len(run), "name"))
            continue
        if "เล่น" in m.group():  # ชื่อเล่น: a nickname follows, even one that is also a word (ต้น, ฝน)
            n = max((k for k in range(2, min(len(run), 10) + 1) if run[:k] in NICKNAMES), default=0)
            if n:
                spans.append(Span(m.end(), m.end() + n, "name"))
                continue
        if _starts_with_stop(run) or run in stop or _dictionary_start(run):
            continue
        g = _known_prefix(run) or _unknown_prefix(run)
        if g and not (run[:g] in words and run[:g] not in given and run[:g] not in FOREIGN_SYLLABLES):
            spans.append(Span(m.end(), _name_tail(text, m.end() + g), "name"))
    # Myanmar-style names without a title: หม่อง ซอ วิน, ดอว์ ขิ่น ...
    starters = "|".join(sorted(FOREIGN_STARTERS, key=len, reverse=True))
    for m in re.finditer(r"(?<![ก-๛])(?:" + starters + r") [ก-๛]+", text):
        first_end = m.start() + m.group().index(" ")
        end = _name_tail(text, first_end, strong=False)
        if end > first_end:
            spans.append(Span(m.start(), end, "name"))
    # untitled names: a known given name standing as a word (not a dictionary word), with
    # or without a surname: "อนุชา มีสุข", "สมพร กับ ดารุณี"
    for m in re.finditer(r"(?<![ก-๛])([ก-๛]{3,18})(?![ก-๛])", text):
        tok = m.group(1)
        if tok in given and tok not in words and tok not in stop:
            spans.append(Span(m.start(), _name_tail(text, m.end(), strong=False), "name"))
        elif tok in given and _name_tail(text, m.end(), strong=False) > m.end():
            nxt = _name_tail(text, m.end(), strong=False)
            if text[m.end() + 1:nxt] in family:
                spans.append(Span(m.start(), nxt, "name"))
        elif tok in FOREIGN_SYLLABLES and tok not in words:
            end = _name_tail(text, m.end(), strong=False)
            if end > m.end():
                spans.append(Span(m.start(), end, "name"))
    for m in LATIN_TITLE.finditer(text):
        spans.append(Span(m.start(1), m.end(1), "name"))
    for m in LATIN_NAME.finditer(text):
        if any(m.group(1).startswith(x) or x.startswith(m.group(1)) for x in LATIN_NOT_NAMES):
            continue
        if set(m.group(1).lower().split()) & ENGLISH_WORDS or _all_english(m.group(1)):
            continue
        spans.append(Span(m.start(1), m.end(1), "name"))
    # names as passports write them: MAUNG AYE, NGUYEN VAN AN, SOK CHEA
    for m in LATIN_CAPS_NAME.finditer(text):
        words = m.group(1).split()
        if any(w in ACRONYMS for w in words) or _all_english(m.group(1)):
            continue
        spans.append(Span(m.start(1), m.end(1), "name"))
    return spans


LATIN_CAPS_NAME = re.compile(r"(?<![A-Za-z])([A-Z]{2,12}(?:[ \-][A-Z]{1,12}){1,3})(?![A-Za-z])")


@lru_cache(maxsize=1)
def _english():
    """English words (the ``english-words`` package: GCIDE, and the longer words of web2)."""
    from english_words import get_english_words_set

    gcide = get_english_words_set(["gcide"], lower=True)
    web2 = get_english_words_set(["web2"], lower=True)
    # a short word counts when both lists have it (GCIDE alone has kyaw, soe …); a long one from either
    return frozenset((gcide & web2) | {w for w in gcide | web2 if len(w) >= 7})


def _all_english(phrase: str) -> bool:
    """Is every word of a Latin phrase an English word (National Referral Mechanism,
    Persons Act)? A name has at least one word that is not (Kittipong, Maung, Nguyen)."""
    eng = _english()
    words = re.findall(r"[A-Za-z]+", phrase.lower())
    known = 0
    for w in words:
        stems = (w, w[:-1] if w.endswith("s") else "", w[:-2] if w.endswith(("es", "ed")) else "",
                 w[:-3] if w.endswith("ing") else "", w[:-1] if w.endswith("d") else "")
        known += any(len(x) >= 3 and x in eng for x in stems) or (len(w) < 3 and w in eng)
    if not words:
        return False
    # three or more words, nearly all English, are a phrase or an institution's name, not a person's
    if known == len(words):
        return True
    # three or more words: judge by the longer ones (name syllables such as Soe, Win are short)
    longer = [w for w in words if len(w) >= 4]
    return len(words) >= 3 and bool(longer) and sum(
        any(len(x) >= 3 and x in eng for x in (w, w[:-1] if w.endswith("s") else "", w[:-3] if w.endswith("ing") else ""))
        for w in longer) >= 2 / 3 * len(longer)


def _phonenumbers(t: str) -> list[Span]:
    """Phone numbers of any country (the ``phonenumbers`` library): valid Thai numbers
    in any grouping, and international ones written with ``+`` or ``00``."""
    import phonenumbers

    out = []
    def inside_longer(m) -> bool:  # part of a longer run of digits and dashes (an ID, a document number)
        before = t[max(0, m.start - 2):m.start]
        after = t[m.end:m.end + 2]
        return bool(re.search(r"\d[-./]?$", before) or re.match(r"^[-./]?\d", after))

    try:
        for m in phonenumbers.PhoneNumberMatcher(t, "TH", leniency=phonenumbers.Leniency.VALID):
            if not inside_longer(m):
                out.append(Span(m.start, m.end, "phone"))
        for m in phonenumbers.PhoneNumberMatcher(t, "TH", leniency=phonenumbers.Leniency.POSSIBLE):
            if m.raw_string.lstrip("( ").startswith(("+", "00")) and not inside_longer(m):
                out.append(Span(m.start, m.end, "phone"))
    except Exception:  # pragma: no cover - the library never should, but redaction must go on
        pass
    return out


ACRONYMS = frozenset("""NRM OSCC PIPO TICAC MOU NGO NGOS IOM UNICEF UNHCR ILO UNODC DSI ECPAT OHM MSDHS DOE DOL TIP
TIP-REPORT LGBT LGBTQ LGBTQI COVID SDGS SDG HIV AIDS CSO CSOS OPD IPD HN AN ID PDF LINE OA ONE HOME NPO PO SOP KPI
TOR ICT IT HR IG FB TIKTOK BKK TH USA UK EU ASEAN""".split()) - {"HN", "AN"}


def _is_known_acronym(s: str) -> bool:
    return s.upper().strip("@") in ACRONYMS


# ---------------------------------------------------------------- the detector
def find_pii(text: str) -> list[Span]:
    """All personal-data spans in ``text`` (character offsets), non-overlapping, in order."""
    t = thai_digits_to_arabic(text)  # same length: offsets stay valid
    spans: list[Span] = []
    for m in EMAIL.finditer(t):
        spans.append(Span(m.start(), m.end(), "email"))
    for m in LINE_CUE.finditer(t):
        if m.group(1).lower().strip("@") not in _LINE_NOT_ID and not m.group(1).isdigit():
            spans.append(Span(m.start(1), m.end(1), "line"))
    for m in NATIONAL_ID.finditer(t):
        if valid_national_id(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), "national_id"))
    for m in ADDRESS.finditer(t):
        spans.append(Span(m.start(), m.end(), "address"))
    for m in ADDRESS_NO_HOUSE.finditer(t):
        if not _ADMIN_BEFORE.search(t[max(0, m.start() - 7):m.start()]):
            spans.append(Span(m.start(), m.end(), "address"))
    for m in BOAT_NO.finditer(t):
        spans.append(Span(m.start(1), m.end(1), "plate"))
    for m in HN.finditer(t):
        spans.append(Span(m.start(1), m.end(1), "hn"))
    for m in DIARY_NO.finditer(t):
        spans.append(Span(m.start(1), m.end(1), "case_no"))
    for m in SOCIAL_HANDLE.finditer(t):
        spans.append(Span(m.start(), m.end(), "social"))
    for m in SOCIAL_CUE.finditer(t):
        g = "q" if m.group("q") else "latin"
        spans.append(Span(m.start(g), m.end(g), "social"))
    for z in LINE_ZONE.finditer(t):
        for m in LINE_LIKE_ID.finditer(t, z.start(), z.end()):
            v = m.group(1).lower().strip("@")
            if v not in _LINE_NOT_ID and v not in ENGLISH_WORDS and not _is_known_acronym(m.group(1)):
                spans.append(Span(m.start(1), m.end(1), "line"))
    for m in THAI_PHONE.finditer(t):
        spans.append(Span(m.start(), m.end(), "phone"))
    for m in INTL_PHONE.finditer(t):
        if len(re.sub(r"\D", "", m.group())) >= 8:
            spans.append(Span(m.start(), m.end(), "phone"))
    spans.extend(_phonenumbers(t))
    for m in CASE_NO.finditer(t):
        spans.append(Span(m.start(1), m.end(1), "case_no"))
    for m in PASSPORT_AFTER_CUE.finditer(t):
        spans.append(Span(m.start(1), m.end(1), "passport"))
    for m in PASSPORT.finditer(t):
        near = PASSPORT_CUE.search(t[max(0, m.start() - 40):m.start()])
        if near or re.fullmatch(r"[A-Z]{1,2}\d{7}|[A-Z]{2}\d{6}", m.group(1).replace(" ", "")):
            spans.append(Span(m.start(1), m.end(1), "passport"))
    for m in BANK_NO.finditer(t):
        if BANK_CUE.search(t[max(0, m.start() - 45):m.start()]):
            spans.append(Span(m.start(1), m.end(1), "bank_account"))
    for m in PHONE.finditer(t):
        spans.append(Span(m.start(), m.end(), "phone"))
    for m in re.finditer(r"ทะเบียน(?:รถ)?\s*(\d{1,2}-\d{4})(?:\s?([ก-๛]{3,20}))?", t):
        from ..provinces import canonical_province

        end = m.end(2) if m.group(2) and canonical_province(m.group(2)) else m.end(1)
        spans.append(Span(m.start(1), end, "plate"))
    for m in PLATE.finditer(t):
        val = m.group(1)
        strong = val[0].isdigit() and re.search(r"[ก-ฮ]", val)
        if not (strong or PLATE_CUE.search(t[max(0, m.start() - 25):m.start()])):
            continue
        if not re.search(r"\d", val) or not re.search(r"[ก-ฮ]", val) or len(re.sub(r"\D", "", val)) < 2:
            continue
        end = m.end(1)
        prov = re.match(r"\s?(?:จ\.)?([ก-๛]{3,20})", t[end:])
        if prov:
            from ..provinces import canonical_province

            if canonical_province(prov.group(1)):
                end += prov.end()
        spans.append(Span(m.start(1), end, "plate"))
    spans.extend(_find_names(text))
    spans.extend(_kin_names(text))
    spans.extend(_foreign_sequences(text))
    for m in PERSON_BEFORE_AGENCY.finditer(text):
        cand = m.group(1)
        first = cand.split()[0]
        if (not _protected(cand) and first not in _ROLE_NOUNS and not any(first.startswith(x) for x in _LABEL_WORDS)
                and first not in _lexicon()[3] and not _starts_with_stop(first)
                and (first not in _lexicon()[2] or first in _lexicon()[0] or first in NICKNAMES)):
            spans.append(Span(m.start(1), m.end(1), "name"))
    for m in BY_PERSON_AT_AGENCY.finditer(text):
        cand = m.group(1)
        if (not _protected(cand) and cand not in _lexicon()[3] and not any(cand.startswith(x) for x in _LABEL_WORDS)
                and cand not in _ROLE_NOUNS):
            spans.append(Span(m.start(1), m.end(1), "name"))
    spans.extend(_tagged_names(text))
    return _resolve(spans)


# "โดย จิ๋ว พมจ.ชร", "ติดต่อ ตุ๊ก สภ.เมือง": a short name between a cue and an agency
BY_PERSON_AT_AGENCY = re.compile(r"(?:โดย|ติดต่อ|ผู้ประสานงาน|ผู้รับผิดชอบ|ผู้จดบันทึก|ผู้บันทึก|ผู้จด|ส่งโดย|จาก)\s*"
                                 r"([ก-๙]{2,10})\s+(?=พมจ|สภ|ตม|อบต|อบจ|รพ|ศูนย์|บ้านพัก|มูลนิธิ|สนง|ตร\.|ครู|โรงเรียน)")
_ROLE_NOUNS = frozenset("""ตำรวจ ทีม เจ้าหน้าที่ ชาวบ้าน คณะ กลุ่ม ฝ่าย งาน หน่วย ทาง ทุก ท่าน เพื่อน พี่ๆ น้องๆ
ผู้แทน ตัวแทน ประชาชน ชุมชน หมู่บ้าน อาสาสมัคร แกนนำ เครือข่าย หน่วยงาน ภาคี ส่วน สำนัก กอง""".split())
# "ตาล (พมจ.สุรินทร์)", "ปวีณา (พมจ.แพร่)": a person named before their agency in brackets
PERSON_BEFORE_AGENCY = re.compile(r"(?<![ก-๙])([ก-๙]{2,12})\s*[(（](?=\s*(?:พมจ|สภ|ตม|อบต|อบจ|รพ|ศูนย์|บ้านพัก|"
                                  r"มูลนิธิ|สนง|ตร\.|อพม|อสม|สำนักงาน|โรงเรียน|โรงพยาบาล))")
_STRONG_KIN = frozenset("เจ๊ เฮีย ซ้อ ป้อ แม่อุ้ย พ่ออุ้ย ก๊ะ เปาะ เปาะจิ บัง แบ โต๊ะ ด๊ะ อ้าย เอื้อย บัก อี่ เสี่ย".split())


_STRONG_CUE = re.compile(r"(?<![เแ])(?<!ราย)(?<!เปลี่ยน)(?<!ระบุ)(?<!ตั้ง)(?<!ลง)(?<!ใส่)(?<!ปลอม)(?<!เปิดเผย)(?<!ทราบ)(?<!รู้)"
                         r"(?<!มี)(?<!จำ)(?<!ถาม)(?<!ขอ)(?<!เอ่ย)(?<!ทราบ )(?<!รู้ )"
                         r"(?:ชื่อเล่น|ชื่อว่า|ชื่อ|เรียกว่า|เรียกตัวเองว่า)(?:ว่า)?")
_NOT_AFTER_NAME_CUE = ("เสียง", "บัญชี", "โครงการ", "หน่วยงาน", "ไฟล์", "เรื่อง", "ตำแหน่ง", "สกุล", "เดิม", "จริง", "ผู้",
                       "ของ", "นี้", "นั้น", "อะไร", "ไม่", "ใน", "ที่", "ว่า", "เล่น", "ย่อ", "เต็ม", "เพจ", "กลุ่ม", "บริษัท",
                       "ร้าน", "เรือ", "หมู่บ้าน", "ตำบล", "อำเภอ", "จังหวัด", "ภาษา", "วิชา", "หลักสูตร", "แอป", "เว็บ", "ลง",
                       "ใคร", "อย่าง", "ก็", "จะ", "ได้", "มา", "ไป", "เป็น", "คน", "เด็ก", "พ่อ", "แม่", "ลูก")


def _after_name_cue(text: str) -> list[Span]:
    """What follows ชื่อ / ชื่อว่า / เรียกว่า is a name: a quoted word (``ชื่อ ‘หนุ่ม’``), a short
    word glued to the cue (``ชื่อเอ็ม``), or one to three short words after a space
    (``ชื่อ อาเบอะ มาเยอะ``), up to an ordinary word, a number or a particle."""
    words = _lexicon()[2]
    given = _lexicon()[0]
    out = []
    for m in _STRONG_CUE.finditer(text):
        rest = text[m.end():]
        q = re.match(r"\s*[‘'“\"]([^’'”\"\n]{1,30})[’'”\"]", rest)
        if q:
            out.append(Span(m.end() + q.start(1), m.end() + q.end(1), "name"))
            continue
        g = re.match(r"([ก-๙]{2,8})(?=$|[\s,.;:()!?])", rest)
        if g:
            w = g.group(1)
            if not w.startswith(_NOT_AFTER_NAME_CUE) and (w not in words or w in NICKNAMES or w in given):
                out.append(Span(m.end(), m.end() + len(w), "name"))
            continue
        sp = re.match(r" ([ก-๙]{2,10})(?=$|[\s,.;:()!?])((?: [ก-๙]{2,10}(?=$|[\s,.;:()!?])){0,2})", rest)
        if not sp or _TITLE_RE.match(sp.group(1)):
            continue  # a title after the cue: the title rules take it
        toks = [sp.group(1)] + sp.group(2).split()
        if toks[0].startswith(_NOT_AFTER_NAME_CUE) or _starts_with_stop(toks[0]) or toks[0].startswith(("อายุ", "ถูก")) or (
                toks[0] in words and toks[0] not in given and toks[0] not in NICKNAMES):
            continue
        end = m.end() + 1 + len(toks[0])
        foreign_first = toks[0] not in words
        for t in toks[1:]:
            if t in _lexicon()[3]:
                break
            if foreign_first and t not in words and len(t) <= 10:
                end += 1 + len(t)  # ชื่อ ซาลามะ กล้าทะเล, ชื่อ อาเบอะ มาเยอะ: a surname of the same kind
                continue
            if len(t) > 6 or t.startswith(_NOT_AFTER_NAME_CUE) or _starts_with_stop(t):
                break
            end += 1 + len(t)
        out.append(Span(m.end() + 1, end, "name"))
    return out


@lru_cache(maxsize=1)
def _foreign_markers() -> frozenset:
    """Syllables of the non-Thai name inventories that are not Thai words (หม่อง, เหงียน, ถิ …)."""
    from .names import _inventory

    doc = _inventory()["doc"]
    words = _lexicon()[2]
    out = set()
    for origin, o in (doc.get("origins") or {}).items():
        if origin in ("lao_isan",):
            continue
        for key in ("given", "family", "syllables"):
            for x in o.get(key) or []:
                for part in str(x).split():
                    if len(part) >= 2 and part not in words:
                        out.add(part)
    return frozenset(out | {x for x in FOREIGN_SYLLABLES if x not in words and len(x) >= 2})


_SYLLABLE_RUN = re.compile(r"(?<![ก-๙])([ก-๙]{1,8}(?: [ก-๙]{1,8}){1,3})(?![ก-๙])")


def _foreign_sequences(text: str) -> list[Span]:
    """Names written syllable by syllable with spaces (สก เจีย, เหงียน วัน อาน, ขิ่น มาร์ ลวิน):
    two to four short words, at least one a known non-Thai name syllable, none of them an
    ordinary Thai word unless it is also such a syllable."""
    from .names import lexicon, pieces

    marks = _foreign_markers()
    words, stop = _lexicon()[2], _lexicon()[3]
    inv = lexicon()["foreign"]
    out = []
    for m in _SYLLABLE_RUN.finditer(text):
        toks = m.group(1).split()
        # trim ordinary words off the end: "เหงียน วัน อาน แรงงาน" -> the first three
        while toks and toks[-1] in words and toks[-1] not in marks and (len(toks[-1]) >= 4 or toks[-1] in stop):
            toks.pop()
        while toks and toks[0] in words and toks[0] not in marks:
            toks.pop(0)
        if len(toks) < 2 or not any(t in marks for t in toks) or any(
                t in stop and not (0 < i < len(toks) - 1 and t in inv) for i, t in enumerate(toks)):
            continue
        if sum(t in marks or t not in words or t in inv for t in toks) < len(toks) - (1 if len(toks) >= 3 else 0):
            continue
        start = text.index(" ".join(toks), m.start())
        out.append(Span(start, start + len(" ".join(toks)), "name"))
    # a Myanmar honorific glued to the name: หม่องซอวินกับภรรยา
    for m in re.finditer(r"(?<![ก-๙])(หม่อง|ดอว์|มะ|โก|อู|จาย|นาง)(?=[ก-๙])", text):
        if m.group(1) not in ("หม่อง", "ดอว์"):
            continue
        end = m.end()
        for s2, e2, w in pieces(text[m.end():m.end() + 20]):
            if not re.fullmatch(r"[ก-๙]+", w) or (w in words and w not in marks and w not in FOREIGN_SYLLABLES) or w in stop:
                break
            end = m.end() + e2
        if end > m.end():
            out.append(Span(m.start(), end, "name"))
    return out


def _kin_names(text: str) -> list[Span]:
    """A kin or address word of any region (เจ๊, ป้อ, ก๊ะ, เปาะ, บัง, แบ, อ้าย, บัก …) right
    before a nickname or an unknown short word: ``เจ๊ต้อย``, ``ป้อจ๋อ``, ``ก๊ะเยาะ``."""
    from .names import lexicon, pieces

    lx = lexicon()
    words = _lexicon()[2]
    ps = pieces(text)
    out = []
    for i, (s, e, w) in enumerate(ps[:-1]):
        if w not in lx["kin"] or w in ("พ่อ", "แม่", "หนู", "ครู", "หมอ", "อา", "ตา", "มะ", "ยะ", "อี", "ผู้ใหญ่", "นาง"):
            continue
        if i > 0 and ps[i - 1][2] + w in words:
            continue  # the kin word is the end of a longer word
        j = i + 1
        if ps[j][2] == " " and j + 1 < len(ps):
            j += 1
        s2, e2, nxt = ps[j]
        after = re.match(r"[ก-๙]+ ([ก-๙]+)", text[s2:])
        if after and after.group(1) in lx["family"] and nxt not in lx["kin"] and not _starts_with_stop(nxt):
            out.append(Span(s2, s2 + after.end(), "name"))  # ยายคำมูล ศรีบุญเรือง: a surname follows
            continue
        run = re.match(r"[ก-๙]+", text[s2:])
        if run and 3 <= len(run.group()) <= 10 and run.group() != nxt and run.group() not in words \
                and nxt not in lx["kin"] and nxt not in lx["titles"] and (len(nxt) <= 3 or nxt not in words) \
                and not _starts_with_stop(run.group()) and w + run.group() not in words and w + nxt not in words:
            end = _name_tail(text, s2 + len(run.group()), strong=True)
            if not _protected(run.group()):
                out.append(Span(s2, end, "name"))
            continue
        if not re.fullmatch(r"[ก-๙]{2,8}", nxt) or w + nxt in words or nxt in lx["kin"] or nxt in lx["titles"]:
            continue
        if nxt.startswith(("นัก", "นิติกร", "เจ้าหน้าที่", "ผู้", "ทนาย", "ล่าม", "ครู", "หมอ", "พยาบาล")) or any(
                nxt.startswith(x) for x in _LABEL_WORDS if len(x) > 2):
            continue  # a job, not a name: น้องนิติกร, พี่นักสังคม
        strong = w in _STRONG_KIN and len(nxt) <= 6 and nxt not in _lexicon()[3]
        if strong or nxt in lx["nick"] or nxt in lx["given"] or (nxt not in words and len(nxt) <= 6):
            if not _protected(nxt) and not _starts_with_stop(nxt):
                out.append(Span(s2, e2, "name"))
    return out


def _protected(value: str) -> bool:
    """Never replaced: a province, a district or subdistrict after its marker, an
    agency, a law, a known acronym or programme, a domain word."""
    from ..provinces import canonical_province

    v = value.strip(" '\"“”‘’()")
    if not v:
        return True
    if canonical_province(v) and len(v) >= 3 and (v in _province_forms() or v in _province_aliases()):
        return True
    if v.upper() in ACRONYMS or any(v.startswith(x) or x.startswith(v) for x in LATIN_NOT_NAMES if len(v) > 3):
        return True
    if v in _domain_words():
        return True
    if re.match(r"^(?:พ\.ร\.บ|พ\.ร\.ก|ประมวลกฎหมาย|มาตรา|กฎกระทรวง|ระเบียบ)", v):
        return True
    return bool(re.search(r"^(?:พมจ|สภ|ตม|อบต|อบจ|รพ|สสอ|สสจ|ศูนย์|สำนักงาน|กรม|กระทรวง|มูลนิธิ|สมาคม|บ้านพัก)", v))


@lru_cache(maxsize=1)
def _province_aliases() -> frozenset:
    from ..provinces import _aliases

    return frozenset(_aliases())


@lru_cache(maxsize=1)
def _province_forms() -> frozenset:
    from ..provinces import province_names

    return frozenset(province_names())


@lru_cache(maxsize=1)
def _domain_words() -> frozenset:
    from .. import config

    path = config.dictionary_file("domain_words.txt")
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith(("#", "-")))


_ADMIN_MARK = re.compile(r"(?:กองทุน|โครงการ|มูลนิธิ|สถาบัน|ชมรม|สมาคม|บริษัท|หจก\.|ศูนย์|เครือข่าย|ต\.|ตำบล|อ\.|อำเภอ|จ\.|จังหวัด|แขวง|เขต|บ้าน|หมู่บ้าน|ชุมชน|ซอย|ถนน|เกาะ|ด่าน|ท่าเรือ|วัด|โรงเรียน|"
                         r"มัสยิด|ตลาด|แม่น้ำ|ดอย|ภู|สภ\.|รพ\.|พมจ\.)\s?$")


def _tagged_names(text: str) -> list[Span]:
    """Names found by the shipped name tagger (:mod:`lessons.text.names`), less anything
    protected and any place name (a span right after ต./อ./จ./บ้าน …)."""
    from .names import tag

    out = []
    for s, e in tag(text):
        value = text[s:e]
        if len(value.strip()) < 2:
            continue  # คุณ ก, ผู้เข้าร่วม ข: letters that stand for anonymous people
        if _protected(value) or _ADMIN_MARK.search(text[max(0, s - 9):s]):
            continue
        if not re.search(r"[A-Za-z\u0E01-\u0E2E]", value):
            continue
        if re.search(r"[A-Za-z]", value) and _all_english(re.sub(r"'s\b|\bB\.E\.|\d+", " ", value)):
            continue  # an English phrase (Royal Thai Police, Child Safeguarding Policy)
        if _ordinary_words(value):
            continue
        if _lone_word(text, s, e):
            continue
        out.append(Span(s, e, "name"))
    return out


def _lone_word(text: str, s: int, e: int) -> bool:
    """One ordinary word (ฝน, เลี้ยง) with nothing around it that says "a person": no title,
    kin word or cue before it, no surname after it. The tagger alone is not trusted there."""
    from .names import lexicon, pieces

    value = text[s:e]
    if value not in _lexicon()[2] or value in _lexicon()[0] and value not in _lexicon()[2]:
        return False
    lx = lexicon()
    before = [w for _a, _b, w in pieces(text[max(0, s - 20):s]) if w.strip()]
    after = [w for _a, _b, w in pieces(text[e:e + 25]) if w.strip()]
    if before and (before[-1] in lx["kin"] or before[-1] in lx["titles"] or before[-1] in lx["cues"]
                   or before[-1] in ("'", "‘", "“", '"')):
        return False
    if after and after[0] in lx["family"]:
        return False
    return True


def _ordinary_words(value: str) -> bool:
    """A Thai span made only of dictionary words, none of them a known name (เลี้ยงหลาน)."""
    from .names import lexicon, pieces

    lx = lexicon()
    words = _lexicon()[2]
    toks = [w for _s, _e, w in pieces(value) if w.strip()]
    if not toks or any(re.search(r"[A-Za-z0-9]", w) for w in toks):
        return False
    return all(w in words and w not in lx["nick"] and w not in lx["foreign"] and w not in lx["given"]
               for w in toks) and len(value) > 3


_PRIORITY = {t: i for i, t in enumerate(
    ["email", "national_id", "hn", "address", "case_no", "bank_account", "passport", "social", "line", "phone",
     "plate", "name"])}


def _resolve(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans: higher-priority type first, then the longer one."""
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (_PRIORITY[s.type], -(s.end - s.start), s.start)):
        if s.end > s.start and not any(s.overlaps(c) for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


def redact_with_counts(text: str) -> tuple[str, Counter]:
    """The redacted text and a count of values replaced per type (never the values).

    A text seen before is not redacted again (the result depends on the text alone):
    forms and chat exports repeat the same answers, and a crafted file may repeat one
    line hundreds of thousands of times."""
    if not text:
        return text, Counter()
    red, counts = _redact_cached(text)
    return red, Counter(dict(counts))


@functools.lru_cache(maxsize=200_000)
def _redact_cached(text: str) -> tuple[str, tuple]:
    red, counts = _redact_with_counts(text)
    return red, tuple(counts.items())


def _redact_with_counts(text: str) -> tuple[str, Counter]:
    spans = find_pii(text)
    out, last = [], 0
    counts: Counter = Counter()
    for s in spans:
        out.append(text[last:s.start])
        out.append(PLACEHOLDER[s.type])
        counts[s.type] += 1
        last = s.end
    out.append(text[last:])
    return "".join(out), counts


def redact(text: str) -> str:
    return redact_with_counts(text)[0]


_LABEL_SPLIT = re.compile(r"(\s+|[()（）/,;|:：\-–]+|\[[^\[\]]{2,20}\])")
_LABEL_WORDS = ("พมจ", "พม", "สภ", "ตม", "ตร", "อบต", "อบจ", "รพ", "สสอ", "สสจ", "ศูนย์", "สนง", "สำนักงาน", "บ้านพัก",
                "มูลนิธิ", "สมาคม", "กรม", "กระทรวง", "จังหวัด", "อำเภอ", "เทศบาล", "โรงเรียน", "โรงพยาบาล", "ทีม", "กลุ่ม",
                "ผู้เข้าร่วม", "ผู้ร่วม", "ผู้พูด", "วิทยากร", "ผู้ดำเนินรายการ", "ผู้จด", "ผู้บันทึก", "อพม", "อสม", "ครู",
                "หมอ", "ตำรวจ", "ล่าม", "อัยการ", "ประมง", "แรงงาน", "จัดหางาน", "ปลัด", "นายอำเภอ", "ผอ", "ผู้ใหญ่บ้าน",
                "กำนัน", "อิหม่าม", "โต๊ะอิหม่าม", "นักสังคม", "นักพัฒนา", "นักจิตวิทยา", "พยาบาล", "เจ้าหน้าที่", "จนท",
                "ประธาน", "เลขา", "ตัวแทน", "ผู้แทน", "ผู้สังเกตการณ์", "NGO", "PIPO", "OSCC", "TICAC", "คนเดิม", "ต่อ")


def redact_label(value: str) -> tuple[str, Counter]:
    """A short label: see :func:`_redact_label` (memoised: speaker tags repeat)."""
    if not value:
        return value, Counter()
    red, counts = _redact_label_cached(value)
    return red, Counter(dict(counts))


@functools.lru_cache(maxsize=100_000)
def _redact_label_cached(value: str) -> tuple[str, tuple]:
    red, counts = _redact_label(value)
    return red, tuple(counts.items())


def _redact_label(value: str) -> tuple[str, Counter]:
    """A short label: a speaker tag, a role, an agency or lead-agency cell. Redacted as
    text first; then any word in it that is neither a role, an agency, a place, an
    acronym nor an ordinary word is a person's name (``Ton TICAC ชร`` -> ``[ชื่อ] TICAC ชร``,
    ``พมจ.น่าน (อรทัย [โทรศัพท์])`` -> ``พมจ.น่าน ([ชื่อ] [โทรศัพท์])``)."""
    from .names import lexicon, pieces

    text, counts = redact_with_counts(value)
    if not text or len(text) > 160:
        return text, counts
    lx = lexicon()
    words = _lexicon()[2]
    out = []
    after_title = False
    parts = _LABEL_SPLIT.split(text)
    content = [i for i, x in enumerate(parts) if x and not _LABEL_SPLIT.fullmatch(x) and not x.startswith("[")]
    for i, part in enumerate(parts):
        if not part or _LABEL_SPLIT.fullmatch(part) or part.startswith("["):
            out.append(part)
            continue
        core = part.strip(".ฯ*_'\"“”🌸")
        name = False
        if re.fullmatch(r"[A-Za-z][A-Za-z.'\-]*", core):
            name = core.upper() not in ACRONYMS and not core.isupper() and core.lower() not in _LINE_NOT_ID and len(core) > 1
        elif re.search(r"[ก-ฮ]", core) and not any(core.startswith(w) or w in core for w in _LABEL_WORDS):
            from ..provinces import canonical_province

            ps = [w for _s, _e, w in pieces(core)]
            is_place = canonical_province(core) is not None or core in _province_forms()
            known = all(w in words or w in lx["titles"] or w in lx["kin"] for w in ps)
            kin_first = bool(ps) and (ps[0] in lx["kin"] or ps[0] in lx["titles"] or ps[0] == "ท่าน") and len(ps) > 1
            short_abbr = len(core) <= 3  # ชร, ชม. : province abbreviations
            # the first word of a label followed by an agency names the person: "แอ๋ม บ้านพักฯชร"
            before_agency = (content and i == content[0] and len(content) > 1 and len(ps) == 1 and len(core) <= 8
                             and any(w in parts[content[1]] for w in _LABEL_WORDS))
            name = not is_place and not short_abbr and (kin_first or after_title or not known or before_agency
                                                        or any(w in lx["given"] or w in lx["nick"] for w in ps))
            if kin_first:
                lead = ps[0]
                out.append(part[:part.index(lead) + len(lead)] + PLACEHOLDER["name"])
                counts["name"] += 1
                after_title = False
                continue
        after_title = core in lx["titles"] or core in lx["kin"]
        if name:
            out.append(PLACEHOLDER["name"])
            counts["name"] += 1
        else:
            out.append(part)
    return "".join(out), counts


# column or field names whose whole value is one personal value
_FIELD_TYPES = (
    (re.compile(r"ชื่อ|สกุล|name|ผู้ติดต่อ|ผู้ประสาน|contact", re.I), "name"),
    (re.compile(r"โทร|เบอร์|phone|mobile|tel", re.I), "phone"),
    (re.compile(r"อีเมล|อีเมล์|e-?mail", re.I), "email"),
    (re.compile(r"ไลน์|^line|line\s*id", re.I), "line"),
    (re.compile(r"ที่อยู่|address", re.I), "address"),
    (re.compile(r"เลขบัตร|บัตรประ|ประจำตัว|id\s*card|national", re.I), "national_id"),
)
_NOT_PERSONAL_FIELD = re.compile(r"หน่วยงาน|agency|จังหวัด|province|กลุ่ม|group|ตำแหน่ง|role|ประเด็น|section|sheet|"
                                 r"key_issue|column|table|level|ชื่อหน่วยงาน|ชื่อโครงการ|กิจกรรม|indicator|ตัวชี้วัด", re.I)


def redact_field(name: str, value: str) -> tuple[str, Counter]:
    """Redact a value by what its column says it holds: a column of names, phones or
    addresses is replaced whole (a bare name has no cue in it); any other column is
    redacted as text."""
    if not value or not value.strip():
        return value, Counter()
    if not _NOT_PERSONAL_FIELD.search(name or ""):
        for pattern, kind in _FIELD_TYPES:
            if pattern.search(name or ""):
                return PLACEHOLDER[kind], Counter({kind: 1})
    return redact_with_counts(value)


def evaluate(records) -> dict:
    """Score the redactor on labelled sentences (``{"text", "spans": [{"type","value"}]}``).

    A labelled value counts as found when at least 80 % of its non-space characters fall
    inside redacted spans. A negative sentence (no spans) counts as changed when anything
    in it is redacted. Returns recall per type and the share of negatives changed.
    """
    found: Counter = Counter()
    total: Counter = Counter()
    neg = neg_changed = 0
    misses: list[tuple[str, str]] = []
    false_pos: list[str] = []
    for rec in records:
        text = rec["text"]
        pred = find_pii(text)
        covered = set()
        for s in pred:
            covered.update(range(s.start, s.end))
        if not rec["spans"]:
            neg += 1
            if pred:
                neg_changed += 1
                false_pos.append(rec.get("id", text[:30]))
            continue
        for gold in rec["spans"]:
            total[gold["type"]] += 1
            start = text.find(gold["value"])
            idx = [i for i in range(start, start + len(gold["value"])) if not text[i].isspace()]
            hit = start >= 0 and idx and sum(i in covered for i in idx) / len(idx) >= 0.8
            if hit:
                found[gold["type"]] += 1
            else:
                misses.append((gold["type"], rec.get("id", "")))
    recall = {t: found[t] / total[t] for t in total}
    structured = sum(found[t] for t in STRUCTURED) / max(1, sum(total[t] for t in STRUCTURED))
    return {"recall": recall, "structured_recall": structured, "total": dict(total),
            "negatives": neg, "negatives_changed": neg_changed / max(1, neg),
            "misses": misses, "false_positive_ids": false_pos}


def _redact_chunk(texts: list[str]) -> list[tuple[str, tuple]]:
    return [_redact_cached(t) if t else (t, ()) for t in texts]


def redact_many(texts) -> list[tuple[str, Counter]]:
    """:func:`redact_with_counts` of many texts, each distinct text once, over both cores
    when there are many (:func:`lessons.parallel.map_chunks`); the same result as one by one."""
    from ..parallel import map_chunks

    texts = list(texts)
    uniq = list(dict.fromkeys(texts))
    done = dict(zip(uniq, map_chunks(_redact_chunk, uniq)))
    return [(done[t][0], Counter(dict(done[t][1]))) for t in texts]
