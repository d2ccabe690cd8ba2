"""SWOT sheets, typed as the groups typed them from their flip charts.

A cell is None (empty) or a list of items; an item is
(prefix, text, kind, theme, pii). Cells with several items are joined with
"\n" (Alt+Enter). Rows: [S, W, O, T].
"""

PATH = "swot.xlsx"


def i(prefix, text, kind, theme, pii=()):
    return (prefix, text, kind, theme, list(pii))


SHEETS = [
    {
        "name": "กลุ่ม 1 (ชร-พย)",
        "group": 1,
        "titles": ["ตาราง SWOT กลุ่มที่ 1 เชียงราย - พะเยา",
                   "การถอดบทเรียน การแสวงประโยชน์ทางเพศเด็กออนไลน์ ภาคเหนือ 21 พ.ย. 2566",
                   None],
        "header": ["ประเด็น", "จุดแข็ง (S)", "จุดอ่อน (W)", "โอกาส (O)", "อุปสรรค (T)"],
        "blank_col": False,
        "blocks": [
            ("1.การป้องกัน/รู้เท่าทันภัยออนไลน์", 1, [
                [[i("- ", "แกนนำนักเรียนรุ่นพี่ช่วยคุยกับน้อง", "strength", "school_role")],
                 [i("", "ครูไม่มีเวลาทำสื่อเอง", "obstacle", "school_role"),
                  i("", "พ่อแม่ไปทำงานต่างถิ่น เด็กอยู่กับย่ายาย", "obstacle", "parents_community")],
                 [i("- ", "มีเน็ตประชารัฐ/ไวไฟในหมู่บ้าน ส่งสื่อถึงเด็กได้", "strength", "online_literacy")],
                 [i("- ", "แอปใหม่เกิดเร็ว ผู้ใหญ่ตามไม่ทัน", "obstacle", "online_literacy")]],
                [None,
                 [i("", "ผู้ปกครองสูงอายุอ่านหนังสือไม่ได้", "obstacle", "parents_community")],
                 [i("", "โบสถ์/ผู้นำศาสนาเป็นที่รวมคนวันอาทิตย์", "strength", "parents_community")],
                 None],
            ]),
            ("2.เด็กชาติพันธุ์ / ไร้สถานะ", 2, [
                [[i("- ", "มูลนิธิมีการ์ตูนภาษาอาข่า ลาหู่", "strength", "language_culture")],
                 [i("- ", "เด็กไม่มีบัตร 3 ใน 9 รายของบ้านพัก", "obstacle", "legal_status"),
                  i("- ", "พิสูจน์สถานะช้า บางราย 4 ปี", "obstacle", "legal_status")],
                 [i("", "พ.ร.บ.ค่าตอบแทนผู้เสียหายฯ ให้สิทธิเยียวยา", "strength", "legal_status")],
                 [i("- ", "คนร้ายอยู่ท่าขี้เหล็ก/ต่างประเทศ", "obstacle", "cross_border"),
                  i("- ", "ความเชื่อเรื่องผิดผี ครอบครัวต้องเลี้ยงผี", "obstacle", "language_culture")]],
            ]),
            ("3.การแจ้งเหตุ / ส่งต่อ", 3, [
                [[i("- ", "กลุ่มไลน์สหวิชาชีพ อ.แม่สาย", "strength", "interagency"),
                  i("- ", "สายด่วน 1300", "strength", "reporting_evidence")],
                 [i("- ", "เด็กลบแชท หลักฐานหาย", "obstacle", "reporting_evidence")],
                 [i("", "ตร.TICAC ให้เบอร์ติดต่อตรง (ด.ต.ต้น)", "strength", "reporting_evidence", [("name", "ต้น")])],
                 [i("- ", "กำลังพล ตร.น้อย ระยะทางไกล", "obstacle", "capacity_resources")]],
            ]),
            ("4.คุ้มครอง เยียวยา ติดตาม", 4, [
                [[i("", "บ้านพักฯ รับเด็กได้ทันที", "strength", "shelter_reintegration")],
                 [i("- ", "สอบปากคำซ้ำหลายรอบ", "obstacle", "psychosocial_recovery"),
                  i("- ", "นักสังคมฯ พะเยาคนเดียวทั้งจังหวัด", "obstacle", "capacity_resources")],
                 [i("", "ผลักดันห้องสัมภาษณ์เด็กจังหวัดละ 1 ห้อง", "suggestion", "psychosocial_recovery")],
                 [i("", "ชุมชนตีตราเด็กหลังกลับบ้าน", "obstacle", "shelter_reintegration")]],
                [None, None, None,
                 [i("", "ถนนขาดหน้าฝน ลงเยี่ยมบ้านไม่ได้", "obstacle", "shelter_reintegration")]],
            ]),
        ],
        "notes": ("หมายเหตุ: พิมพ์จากกระดาษฟลิปชาร์ตโดย จิ๋ว พมจ.ชร ส่งวันที่ 22 พ.ย. 66", [("name", "จิ๋ว")]),
    },
    {
        "name": "กลุ่ม2 เชียงใหม่",
        "group": 2,
        "titles": ["SWOT Analysis กลุ่ม 2 (เชียงใหม่ แม่ฮ่องสอน ลำพูน)"],
        "header": ["ประเด็นหลัก", None, "S จุดแข็ง", "W จุดอ่อน", "O โอกาส", "T อุปสรรค"],
        "blank_col": True,
        "blocks": [
            ("ประเด็นที่ 1 การป้องกัน", 1, [
                [[i("• ", "ครู ศศช. แต่งเพลงภาษาปกาเกอะญอสอนเด็ก", "strength", "language_culture")],
                 [i("• ", "ผู้ปกครองยังไม่รู้เรื่องความปลอดภัยออนไลน์", "obstacle", "parents_community")],
                 [i("• ", "เสาสัญญาณ/เน็ตประชารัฐขึ้นดอยแล้ว", "strength", "online_literacy")],
                 [i("• ", "ผู้ปกครองรับเงินไกล่เกลี่ย", "obstacle", "parents_community")]],
                [None,
                 [i("• ", "ไม่มีสื่อภาษาชนเผ่าที่เป็นทางการ", "obstacle", "language_culture")],
                 [i("• ", "ผู้นำศาสนาพร้อมช่วยสื่อสาร", "strength", "parents_community")],
                 None],
            ]),
            ("ประเด็นที่ 2 เด็กไร้สถานะ/ข้ามชาติ", 2, [
                [[i("• ", "MOU พมจ.แม่ฮ่องสอน กับ 7 อำเภอ", "strength", "legal_status"),
                  i("• ", "อพม.ลาหู่ เชียงดาว (จะแฮ) ช่วยเป็นล่าม", "strength", "language_culture", [("name", "จะแฮ")])],
                 [i("• ", "เด็กไม่มีเลข 13 หลัก เปิดบัญชีไม่ได้", "obstacle", "legal_status")],
                 [i("• ", "นโยบายเร่งรัดสถานะของกรมการปกครอง", "strength", "legal_status")],
                 [i("• ", "เด็กกะเหรี่ยงข้ามมาจากฝั่งเมียนมา ไม่มีเอกสาร", "obstacle", "cross_border"),
                  i("• ", "ญาติ/คนในหมู่บ้านขู่เด็กว่าจะถูกส่งกลับ", "obstacle", "legal_status")]],
            ]),
            ("ประเด็นที่ 3 การแจ้งเหตุ การสืบสวน", 3, [
                [[i("• ", "ทีมสหวิชาชีพเชียงใหม่ประชุมเคสทุกเดือน", "strength", "interagency")],
                 [i("• ", "จนท.ใหม่ไม่รู้เรื่องหลักฐานดิจิทัล", "obstacle", "staff_training"),
                  i("• ", "IP ชี้ร้านเกม/ไวไฟสาธารณะ", "obstacle", "capacity_resources")],
                 [i("• ", "รายงาน CyberTipline จาก NCMEC", "strength", "reporting_evidence")],
                 [i("• ", "คลิปถูกขายซ้ำในเทเลแกรม ลบไม่หมด", "obstacle", "reporting_evidence")]],
            ]),
            ("ประเด็นที่ 4 การเยียวยา", 4, [
                [[i("• ", "ห้องสัมภาษณ์เด็กบ้านพักฯ เชียงใหม่", "strength", "psychosocial_recovery")],
                 [i("• ", "แม่ฮ่องสอนไม่มีนักจิตวิทยาประจำ", "obstacle", "psychosocial_recovery")],
                 [i("• ", "ทุนการศึกษาจากมูลนิธิ", "strength", "shelter_reintegration")],
                 [i("• ", "ระยะทาง สัญญาณโทรศัพท์", "obstacle", "capacity_resources")]],
                [None,
                 [i("• ", "ติดตามหลังออกจากบ้านพักไม่ต่อเนื่อง", "obstacle", "shelter_reintegration")],
                 None, None],
            ]),
        ],
        "notes": None,
    },
    {
        "name": "กลุ่ม 3 ตาก",
        "group": 3,
        "titles": ["กลุ่มที่ 3 ตาก พิษณุโลก อุตรดิตถ์", "SWOT"],
        "header": ["ประเด็น", "จุดแข็ง", "จุดอ่อน", "โอกาส", "อุปสรรค"],
        "blank_col": False,
        "blocks": [
            ("เด็กข้ามชาติ / ชายแดน", 2, [
                [[i("-", "NGO มีล่ามพม่า กะเหรี่ยง", "strength", "language_culture"),
                  i("-", "ชาวบ้านจดทะเบียนรถคนร้ายได้ (บพ 3318 ตาก)", "strength", "parents_community", [("plate", "บพ 3318 ตาก")])],
                 [i("-", "เด็กไม่ได้เรียน อยู่ในกลุ่มเฟซหางาน", "obstacle", "cross_border")],
                 None,
                 [i("-", "แก๊งออนไลน์ฝั่งเมียวดี", "obstacle", "cross_border"),
                  i("-", "เด็กกลัวตำรวจเพราะไม่มีเอกสาร", "obstacle", "legal_status")]],
                [None,
                 [i("-", "ประเพณีฉุดแต่งงานถูกใช้บังหน้า", "obstacle", "language_culture")],
                 None,
                 [i("-", "ถูกหลอกไปแต่งงานที่จีน", "obstacle", "cross_border")]],
            ]),
            ("การแจ้งเหตุ และส่งต่อ", 3, [
                [[i("", "ศูนย์ประสานคุ้มครองเด็กข้ามชาติ แม่สอด (IOM/UNICEF)", "strength", "interagency")],
                 [i("", "ครู ตชด.ไม่รู้ระบบส่งต่อ", "obstacle", "interagency"),
                  i("", "เอกสารส่งต่อไม่ครบ", "obstacle", "interagency")],
                 [i("", "TICAC รับเรื่องทางอีเมลได้", "strength", "reporting_evidence")],
                 [i("", "ต้องส่งมือถือไปตรวจที่ กทม. รอเป็นเดือน", "obstacle", "capacity_resources")]],
            ]),
            ("ฟื้นฟู ส่งกลับ ติดตาม", 4, [
                [[i("", "บ้านพักฯ พล. รับเด็กจากหลายจังหวัด", "strength", "shelter_reintegration")],
                 [i("", "เด็กผ่านการสอบปากคำหลายรอบก่อนมาถึง", "obstacle", "psychosocial_recovery")],
                 [i("", "NGO ทำงานสองฝั่งชายแดน", "strength", "shelter_reintegration")],
                 [i("", "ไม่มีหน่วยรับช่วงฝั่งเมียนมา", "obstacle", "shelter_reintegration"),
                  i("", "แม่ย้ายนายจ้างบ่อย ตามเยี่ยมไม่ทัน", "obstacle", "shelter_reintegration")]],
                [None, None,
                 [i("", "แนวทางคุยกับเด็กแบบไม่ตัดสิน (ข้อเสนอ อต.)", "suggestion", "staff_training")],
                 None],
            ]),
        ],
        "notes": None,
    },
    {
        "name": "กลุ่ม4(น่าน แพร่ ลำปาง)",
        "group": 4,
        "titles": ["SWOT กลุ่ม ๔ น่าน-แพร่-ลำปาง"],
        "header": ["ประเด็น", "S - Strength", "W - Weakness", "O - Opportunity", "T - Threat"],
        "blank_col": False,
        "blocks": [
            ("๑. ป้องกัน", 1, [
                [[i("1. ", "โครงการยุวชนดิจิทัล แกนนำเยาวชนเมี่ยน ม้ง", "strength", "online_literacy"),
                  i("2. ", "กล่องรับเรื่องในโรงเรียน (ครูอนุชา บ่อเกลือ)", "strength", "school_role", [("name", "อนุชา")])],
                 [i("1. ", "ครูบนดอยย้ายบ่อย", "obstacle", "school_role"),
                  i("2. ", "มือถือใช้ร่วมกันหลายบัญชี", "obstacle", "online_literacy")],
                 [i("", "เขตพื้นที่การศึกษาบรรจุในแผนได้", "strength", "school_role")],
                 [i("", "ชุมชนมองเป็นเรื่องหนุ่มสาว", "obstacle", "parents_community")]],
                [None,
                 [i("", "ผู้สูงอายุที่เลี้ยงหลานไม่รู้จักแอป", "obstacle", "parents_community")],
                 [i("", "ประชาคม/กฎหมู่บ้าน", "strength", "parents_community")],
                 [i("", "คนกระทำเป็นคนในครอบครัว", "obstacle", "parents_community")]],
            ]),
            ("๒. สถานะ", 2, [
                [None,
                 [i("", "เด็กไม่มีใบเกิด ไม่มีเลข ๑๓ หลัก", "obstacle", "legal_status")],
                 [i("", "ใช้เลขอ้างอิงชั่วคราวในระบบสงเคราะห์", "suggestion", "legal_status")],
                 [i("", "คนร้ายแจกซิมฟรีให้เด็กที่ไม่มีบัตร", "obstacle", "legal_status")]],
            ]),
            ("๓. แจ้งเหตุ/สืบสวน", 3, [
                [[i("1. ", "อพม.แจ้งเข้ากลุ่มอำเภอ", "strength", "interagency"),
                  i("2. ", "TICAC ขอข้อมูลแพลตฟอร์มได้ใน ๒ สัปดาห์", "strength", "interagency")],
                 [i("", "ไม่มีพนักงานสอบสวนหญิงทุกเวร", "obstacle", "capacity_resources")],
                 [i("", "ระบบ CPIS", "strength", "interagency")],
                 [i("1. ", "บัญชีม้า", "obstacle", "capacity_resources"),
                  i("2. ", "ข้อมูลเด็ก ๔ ระบบไม่เชื่อมกัน", "obstacle", "interagency")]],
                [None,
                 [i("", "รู้เหตุช้า รูปหลุดไปแล้ว", "obstacle", "reporting_evidence")],
                 None, None],
            ]),
            ("๔. เยียวยา/คืนสู่ครอบครัว", 4, [
                [[i("", "ศิลปะบำบัด บ้านพักฯ ลำปาง", "strength", "psychosocial_recovery")],
                 [i("", "หาครอบครัวทดแทนที่พูดภาษาเดียวกับเด็กยาก", "obstacle", "shelter_reintegration")],
                 [i("", "นักจิตวิทยาเกษียณอาสา", "strength", "psychosocial_recovery")],
                 [i("", "บ้านยังมีผู้กระทำอยู่", "obstacle", "shelter_reintegration")]],
            ]),
        ],
        "notes": None,
    },
]
